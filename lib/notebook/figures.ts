/**
 * Figure builders: line, scatter, bar, heatmap and animated charts as plain Plotly JSON. They check
 * their input (equal lengths, finite numbers, no empty series) and escape every label, so a figure
 * either shows the data it was given or fails with an error naming the argument.
 */
import { describeValue, ShapeError, ValueError } from "../errors";
import { plotlyText } from "./escape";

/** A Plotly object (trace, layout, frame): free-form JSON you may tweak before `show`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PlotlyJSON = Record<string, any>;

/** One trace of a line or scatter chart; `x` defaults to 0, 1, 2, … */
export interface Series {
  x?: (number | string)[];
  y: number[];
  name?: string;
  mode?: "lines" | "markers" | "lines+markers";
  dash?: "solid" | "dash" | "dot";
}

/** Titles, log axes and size shared by every chart. */
export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

/** A figure as plain Plotly JSON: `show(fig)` draws it. */
export interface Figure {
  data: PlotlyJSON[];
  layout: PlotlyJSON;
  frames?: PlotlyJSON[];
}

const preview = describeValue;

function checkNumbers(fn: string, name: string, values: unknown, positive: boolean): asserts values is number[] {
  if (!Array.isArray(values) || values.length === 0)
    throw new ShapeError(
      `${fn}: ${name} is ${Array.isArray(values) ? "an empty array" : preview(values)}, expected a non-empty array of numbers`,
    );
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i]; // a loop, not forEach, which skips holes
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ValueError(
        `${fn}: ${name}[${i}] is ${i in values ? preview(v) : "missing (a hole in the array)"}, expected a finite number`,
      );
    if (positive && v <= 0) throw new ValueError(`${fn}: ${name}[${i}] is ${v}, expected a positive number on a log axis`);
  }
}

function checkLabels(fn: string, name: string, values: unknown, length: number, positive: boolean): (number | string)[] {
  if (!Array.isArray(values))
    throw new ShapeError(`${fn}: ${name} is ${preview(values)}, expected an array of ${length} numbers or strings`);
  if (values.length !== length)
    throw new ShapeError(`${fn}: ${name} has ${values.length} values but y has ${length}, expected equal lengths`);
  return Array.from(values, (v: unknown, i) => {
    if (typeof v === "string") return plotlyText(v);
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ValueError(`${fn}: ${name}[${i}] is ${preview(v)}, expected a finite number or a string`);
    if (positive && v <= 0) throw new ValueError(`${fn}: ${name}[${i}] is ${v}, expected a positive number on a log axis`);
    return v;
  });
}

/** Throws unless width and height, when given, are sensible pixel sizes. */
export function checkSize(fn: string, opts: ChartOptions): void {
  for (const key of ["width", "height"] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 50))
      throw new ValueError(`${fn}: opts.${key} is ${preview(v)}, expected a number of pixels ≥ 50`);
  }
}

/** The layout every chart shares: titles (escaped), log axes, size, a quiet white style. */
export function baseLayout(opts: ChartOptions): PlotlyJSON {
  const axis = (title: string | undefined, log: boolean | undefined) => ({
    ...(title !== undefined ? { title: { text: plotlyText(title) } } : {}),
    ...(log ? { type: "log" } : {}),
    zeroline: false,
    gridcolor: "#e5e5e5",
  });
  return {
    ...(opts.title !== undefined ? { title: { text: plotlyText(opts.title), x: 0.02, xanchor: "left" } } : {}),
    xaxis: axis(opts.xTitle, opts.logX),
    yaxis: axis(opts.yTitle, opts.logY),
    height: opts.height ?? 400,
    ...(opts.width !== undefined ? { width: opts.width } : { autosize: true }),
    margin: { l: 60, r: 20, t: opts.title !== undefined ? 50 : 20, b: 50 },
    plot_bgcolor: "white",
    paper_bgcolor: "white",
    font: { family: "DejaVu Sans, Arial, sans-serif", size: 13 },
  };
}

function xyTraces(fn: string, series: Series[], opts: ChartOptions, defaultMode: Series["mode"]): PlotlyJSON[] {
  if (!Array.isArray(series) || series.length === 0)
    throw new ShapeError(
      `${fn}: series is ${Array.isArray(series) ? "an empty array" : preview(series)}, expected at least one { y: number[] }`,
    );
  checkSize(fn, opts);
  return series.map((s, k) => {
    if (!s || typeof s !== "object") throw new ValueError(`${fn}: series[${k}] is ${preview(s)}, expected { y: number[] }`);
    checkNumbers(fn, `series[${k}].y`, s.y, !!opts.logY);
    const x = s.x === undefined ? s.y.map((_, i) => i) : checkLabels(fn, `series[${k}].x`, s.x, s.y.length, !!opts.logX);
    return {
      type: "scatter",
      x,
      y: [...s.y],
      mode: s.mode ?? defaultMode,
      ...(s.name !== undefined ? { name: plotlyText(s.name) } : {}),
      ...(s.dash !== undefined ? { line: { dash: s.dash } } : {}),
    };
  });
}

/**
 * Lines through each series. Example: `show(lineChart([{ y: history.trainLoss, name: "train" }],
 * { title: "Figure 2 · Loss against epoch", xTitle: "epoch", yTitle: "MSE", logY: true }))`.
 */
export function lineChart(series: Series[], opts: ChartOptions = {}): Figure {
  const data = xyTraces("lineChart", series, opts, "lines");
  return { data, layout: { ...baseLayout(opts), showlegend: data.length > 1 } };
}

/** Markers at each point (e.g. predicted against true values). Example: `scatterChart([{ x: yTrue, y: yHat }])`. */
export function scatterChart(series: Series[], opts: ChartOptions = {}): Figure {
  const data = xyTraces("scatterChart", series, opts, "markers");
  return { data, layout: { ...baseLayout(opts), showlegend: data.length > 1 } };
}

/** Grouped bars, one trace per entry. Example: `barChart([{ x: ["a", "b"], y: [3, 1], name: "count" }])`. */
export function barChart(series: { x: (number | string)[]; y: number[]; name?: string }[], opts: ChartOptions = {}): Figure {
  if (!Array.isArray(series) || series.length === 0)
    throw new ShapeError(
      `barChart: series is ${Array.isArray(series) ? "an empty array" : preview(series)}, expected at least one { x, y }`,
    );
  checkSize("barChart", opts);
  const data = series.map((s, k) => {
    checkNumbers("barChart", `series[${k}].y`, s?.y, !!opts.logY);
    const x = checkLabels("barChart", `series[${k}].x`, s.x, s.y.length, false);
    return { type: "bar", x, y: [...s.y], ...(s.name !== undefined ? { name: plotlyText(s.name) } : {}) };
  });
  return { data, layout: { ...baseLayout(opts), barmode: "group", showlegend: data.length > 1 } };
}

/** Options of `heatmap`: axis labels (one per column / row), colour scale and its range. */
export type HeatmapOptions = ChartOptions & {
  x?: (number | string)[];
  y?: (number | string)[];
  colorscale?: string;
  zmin?: number;
  zmax?: number;
};

/**
 * A colour grid of `z` (rows × cols), row 0 at the top. Example: `heatmap(params.Wh.toArray(), { title: "Figure 4 · W_h" })`.
 */
export function heatmap(z: number[][], opts: HeatmapOptions = {}): Figure {
  if (!Array.isArray(z) || z.length === 0 || !Array.isArray(z[0]) || z[0].length === 0)
    throw new ShapeError(`heatmap: z is ${Array.isArray(z) ? "empty" : preview(z)}, expected a non-empty rows×cols array of numbers`);
  checkSize("heatmap", opts);
  const cols = z[0].length;
  z.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== cols)
      throw new ShapeError(
        `heatmap: z[${r}] has ${Array.isArray(row) ? row.length : preview(row)} values, expected ${cols} (z must be rectangular)`,
      );
    checkNumbers("heatmap", `z[${r}]`, row, false);
  });
  const labels = (name: "x" | "y", n: number) => {
    const v = opts[name];
    if (v === undefined) return {};
    if (!Array.isArray(v) || v.length !== n)
      throw new ShapeError(`heatmap: opts.${name} has ${Array.isArray(v) ? v.length : preview(v)} labels, expected ${n}`);
    return { [name]: v.map((l) => (typeof l === "string" ? plotlyText(l) : l)) };
  };
  for (const key of ["zmin", "zmax"] as const)
    if (opts[key] !== undefined && !Number.isFinite(opts[key]))
      throw new ValueError(`heatmap: opts.${key} is ${opts[key]}, expected a finite number`);
  if (opts.zmin !== undefined && opts.zmax !== undefined && !(opts.zmin < opts.zmax))
    throw new ValueError(`heatmap: zmin = ${opts.zmin} and zmax = ${opts.zmax}, expected zmin < zmax`);
  const trace = {
    type: "heatmap",
    z: z.map((row) => [...row]),
    ...labels("x", cols),
    ...labels("y", z.length),
    colorscale: opts.colorscale ?? "RdBu",
    reversescale: opts.colorscale === undefined,
    ...(opts.zmin !== undefined ? { zmin: opts.zmin } : {}),
    ...(opts.zmax !== undefined ? { zmax: opts.zmax } : {}),
  };
  const layout = baseLayout(opts);
  layout.yaxis = { ...layout.yaxis, autorange: "reversed" };
  return { data: [trace], layout };
}
