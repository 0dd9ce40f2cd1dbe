/**
 * Figure builders: line, scatter, bar, heatmap and animated charts as plain Plotly JSON. They check
 * their input (equal lengths, finite numbers, no empty series) and escape every label, so a figure
 * either shows the data it was given or fails with an error naming the argument.
 */
import { checkOptions, checkPositiveInt } from "../check";
import { describeValue, ShapeError, ValueError } from "../errors";
import { plotlyText } from "./escape";
import { formatNumber } from "./locale";

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
  /** a CSS colour; give a pair of traces (actual and forecast) the same colour and different `dash` */
  color?: string;
  /** "y2" draws the series against a second y axis on the right (titled by `y2Title`) */
  axis?: "y" | "y2";
}

/** Titles, log axes and size shared by every chart. */
export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** title of the second y axis, on the right, for series with `axis: "y2"` (another unit, e.g. °C beside litres) */
  y2Title?: string;
  logX?: boolean;
  logY?: boolean;
  logY2?: boolean;
  width?: number;
  height?: number;
}

/** A figure as plain Plotly JSON: `show(fig)` draws it. */
export interface Figure {
  data: PlotlyJSON[];
  layout: PlotlyJSON;
  frames?: PlotlyJSON[];
}

function checkNumbers(fn: string, name: string, values: unknown, positive: boolean): asserts values is number[] {
  if (!Array.isArray(values) || values.length === 0)
    throw new ShapeError(
      `${fn}: ${name} is ${Array.isArray(values) ? "an empty array" : describeValue(values)}, expected a non-empty array of numbers`,
    );
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i]; // a loop, not forEach, which skips holes
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ValueError(
        `${fn}: ${name}[${i}] is ${i in values ? describeValue(v) : "missing (a hole in the array)"}, expected a finite number`,
      );
    if (positive && v <= 0) throw new ValueError(`${fn}: ${name}[${i}] is ${v}, expected a positive number on a log axis`);
  }
}

function checkLabels(fn: string, name: string, values: unknown, length: number, positive: boolean): (number | string)[] {
  if (!Array.isArray(values))
    throw new ShapeError(`${fn}: ${name} is ${describeValue(values)}, expected an array of ${length} numbers or strings`);
  if (values.length !== length)
    throw new ShapeError(`${fn}: ${name} has ${values.length} values but y has ${length}, expected equal lengths`);
  return Array.from(values, (v: unknown, i) => {
    if (typeof v === "string") return plotlyText(v);
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ValueError(`${fn}: ${name}[${i}] is ${describeValue(v)}, expected a finite number or a string`);
    if (positive && v <= 0) throw new ValueError(`${fn}: ${name}[${i}] is ${v}, expected a positive number on a log axis`);
    return v;
  });
}

/** The keys of ChartOptions, which every chart takes. */
export const CHART_OPTIONS = ["title", "xTitle", "yTitle", "y2Title", "logX", "logY", "logY2", "width", "height"] as const;

/**
 * Throws unless `opts` holds only the keys a chart knows (`known`, by default ChartOptions') and width and height,
 * when given, are sensible pixel sizes.
 */
export function checkSize(fn: string, opts: ChartOptions, known: readonly string[] = CHART_OPTIONS): void {
  checkOptions(fn, opts, known);
  for (const key of ["width", "height"] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 50))
      throw new ValueError(`${fn}: opts.${key} is ${describeValue(v)}, expected a number of pixels ≥ 50`);
  }
}

/** Plotly's ten default colours, in its order: the colours of the first ten series of any chart. */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Sixteen colours that stay apart on white (a subset of Trubetskoy's 20 distinct colours, light ones left out). */
const DISTINCT = [
  ...["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324"],
  ...["#469990", "#800000", "#808000", "#000075", "#a9a9a9", "#000000", "#bfef45", "#c9a400"],
];

/**
 * `n` colours no two of which look alike: `PALETTE` up to 10, then 16 hand-picked distinct colours, then
 * hues spread around the circle. Charts with more than ten series use it on their own (`colorway`).
 * Example: `distinctColors(14)` for 14 industries.
 */
export function distinctColors(n: number): string[] {
  checkPositiveInt("distinctColors: n", n);
  if (n <= PALETTE.length) return PALETTE.slice(0, n);
  if (n <= DISTINCT.length) return DISTINCT.slice(0, n);
  return Array.from({ length: n }, (_, i) => `hsl(${Math.round((i * 360) / n)}, ${i % 2 ? 55 : 75}%, ${i % 2 ? 32 : 50}%)`);
}

/** The layout every chart shares: titles (escaped), log axes, size, legend below, a quiet white style. */
export function baseLayout(opts: ChartOptions): PlotlyJSON {
  const axis = (title: string | undefined, log: boolean | undefined) => ({
    ...(title !== undefined ? { title: { text: plotlyText(title) } } : {}),
    ...(log ? { type: "log" } : {}),
    zeroline: false,
    gridcolor: "#e5e5e5",
    automargin: true,
  });
  return {
    ...(opts.title !== undefined
      ? { title: { text: plotlyText(opts.title), x: 0.02, xanchor: "left", y: 1, yref: "container", yanchor: "top", pad: { t: 10 } } }
      : {}),
    xaxis: axis(opts.xTitle, opts.logX),
    yaxis: axis(opts.yTitle, opts.logY),
    ...(opts.y2Title !== undefined || opts.logY2
      ? { yaxis2: { ...axis(opts.y2Title, opts.logY2), overlaying: "y", side: "right", showgrid: false, tickmode: "auto" } }
      : {}),
    height: opts.height ?? 400,
    ...(opts.width !== undefined ? { width: opts.width } : { autosize: true }),
    margin: { l: 10, r: 10, t: opts.title !== undefined ? 50 : 20, b: 10 },
    // Below the plot, across its width: on a phone a legend at the side would take half the figure.
    legend: { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom" },
    plot_bgcolor: "white",
    paper_bgcolor: "white",
    font: { family: "DejaVu Sans, Arial, sans-serif", size: 13 },
  };
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** 10ⁿ as a label in the axis's own font (Plotly's "power" format draws the exponent larger than plain labels). */
const powerOfTen = (n: number) =>
  n === 0 ? "1" : n === 1 ? "10" : `10${n < 0 ? "⁻" : ""}${String(Math.abs(n)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)])}`;

/**
 * Tick labels for a log axis over `values`, all in one format and one font, never a bare "2" or "5" beside "100"
 * (Plotly's default), nor "100µ" beside "0.001": over three decades or more, one label per decade (plain
 * decimals from 0.001 to 10 000, else 10⁻⁴-style powers) and a light grid line at 2 … 9 × 10ⁿ; over half a decade
 * to three, labels at 1, 2 and 5 × 10ⁿ written in full (never 0.6, 0.7, 0.8, 0.9 crowded under 1); within half a
 * decade, Plotly's evenly spaced ticks written in full.
 */
export function logTicks(values: number[]): PlotlyJSON {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return {};
  const lo = Math.min(...logs),
    hi = Math.max(...logs);
  if (hi - lo < 0.5) return { tickformat: "~g", nticks: 6 };
  if (hi - lo < 3) return { dtick: "D2", tickformat: "~g" };
  const decades = Array.from({ length: Math.ceil(hi) - Math.floor(lo) + 1 }, (_, i) => Math.floor(lo) + i);
  const plain = decades[0] >= -3 && decades.at(-1)! <= 4;
  return {
    tickmode: "array",
    tickvals: decades.map((n) => 10 ** n),
    ticktext: decades.map((n) => (plain ? formatNumber(Number((10 ** n).toPrecision(1))) : powerOfTen(n))), // 0.001 in English, 0,001 in Portuguese
    minor: {
      tickmode: "array",
      tickvals: decades.flatMap((n) => [2, 3, 4, 5, 6, 7, 8, 9].map((m) => m * 10 ** n)),
      showgrid: true,
      gridcolor: "#f3f3f3",
    },
  };
}

/** Sets log-axis ticks from the data each axis shows (`logTicks`); `traces` may span several frames. */
export function tickLogAxes(layout: PlotlyJSON, traces: PlotlyJSON[]): PlotlyJSON {
  const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.flat(Infinity).filter((x): x is number => typeof x === "number") : []);
  for (const [name, key, match] of [
    ["xaxis", "x", () => true],
    ["yaxis", "y", (t: PlotlyJSON) => t.yaxis === undefined || t.yaxis === "y"],
    ["yaxis2", "y", (t: PlotlyJSON) => t.yaxis === "y2"],
  ] as const)
    if (layout[name]?.type === "log") layout[name] = { ...layout[name], ...logTicks(traces.filter(match).flatMap((t) => numbers(t[key]))) };
  return layout;
}

/** Layout for `data`: the shared one, log ticks from the data, enough colours, a legend only when it names something. */
function chartLayout(opts: ChartOptions, data: PlotlyJSON[]): PlotlyJSON {
  const layout = tickLogAxes(baseLayout(opts), data);
  if (data.length > PALETTE.length) layout.colorway = distinctColors(data.length);
  layout.showlegend = data.length > 1;
  return layout;
}

function xyTraces(fn: string, series: Series[], opts: ChartOptions, defaultMode: Series["mode"]): PlotlyJSON[] {
  if (!Array.isArray(series) || series.length === 0)
    throw new ShapeError(
      `${fn}: series is ${Array.isArray(series) ? "an empty array" : describeValue(series)}, expected at least one { y: number[] }`,
    );
  checkSize(fn, opts);
  return series.map((s, k) => {
    if (!s || typeof s !== "object") throw new ValueError(`${fn}: series[${k}] is ${describeValue(s)}, expected { y: number[] }`);
    checkOptions(`${fn}'s series[${k}]`, s, ["x", "y", "name", "mode", "dash", "color", "axis"], "fields");
    if (s.axis !== undefined && s.axis !== "y" && s.axis !== "y2")
      throw new ValueError(`${fn}: series[${k}].axis is ${describeValue(s.axis)}, expected "y" or "y2"`);
    checkNumbers(fn, `series[${k}].y`, s.y, s.axis === "y2" ? !!opts.logY2 : !!opts.logY);
    const x = s.x === undefined ? s.y.map((_, i) => i) : checkLabels(fn, `series[${k}].x`, s.x, s.y.length, !!opts.logX);
    return {
      type: "scatter",
      x,
      y: [...s.y],
      mode: s.mode ?? defaultMode,
      ...(s.name !== undefined ? { name: plotlyText(s.name) } : {}),
      ...(s.dash !== undefined || s.color !== undefined
        ? { line: { ...(s.dash !== undefined ? { dash: s.dash } : {}), ...(s.color !== undefined ? { color: s.color } : {}) } }
        : {}),
      ...(s.color !== undefined ? { marker: { color: s.color } } : {}),
      ...(s.axis === "y2" ? { yaxis: "y2" } : {}),
    };
  });
}

/**
 * Lines through each series. Example: `show(lineChart([{ y: history.trainLoss, name: "train" }],
 * { title: "Figure 2 · Loss against epoch", xTitle: "epoch", yTitle: "MSE", logY: true }))`.
 */
export function lineChart(series: Series[], opts: ChartOptions = {}): Figure {
  const data = xyTraces("lineChart", series, opts, "lines");
  return { data, layout: chartLayout(opts, data) };
}

/** Markers at each point (e.g. predicted against true values). Example: `scatterChart([{ x: yTrue, y: yHat }])`. */
export function scatterChart(series: Series[], opts: ChartOptions = {}): Figure {
  const data = xyTraces("scatterChart", series, opts, "markers");
  return { data, layout: chartLayout(opts, data) };
}

/**
 * Grouped bars, one trace per entry. Example: `barChart([{ x: ["a", "b"], y: [3, 1], name: "count" }])`. With
 * `horizontal`, each bar lies along the x axis and its label (`x`) reads across on the y axis, first at the top.
 */
export function barChart(
  series: { x: (number | string)[]; y: number[]; name?: string; color?: string }[],
  opts: ChartOptions & { horizontal?: boolean } = {},
): Figure {
  if (!Array.isArray(series) || series.length === 0)
    throw new ShapeError(
      `barChart: series is ${Array.isArray(series) ? "an empty array" : describeValue(series)}, expected at least one { x, y }`,
    );
  checkSize("barChart", opts, [...CHART_OPTIONS, "horizontal"]);
  const data = series.map((s, k) => {
    if (!s || typeof s !== "object") throw new ValueError(`barChart: series[${k}] is ${describeValue(s)}, expected { x, y }`);
    checkOptions(`barChart's series[${k}]`, s, ["x", "y", "name", "color"], "fields");
    checkNumbers("barChart", `series[${k}].y`, s?.y, !!(opts.horizontal ? opts.logX : opts.logY));
    const x = checkLabels("barChart", `series[${k}].x`, s.x, s.y.length, false);
    return {
      type: "bar",
      ...(opts.horizontal ? { orientation: "h", x: [...s.y], y: x } : { x, y: [...s.y] }),
      ...(s.name !== undefined ? { name: plotlyText(s.name) } : {}),
      ...(s.color !== undefined ? { marker: { color: s.color } } : {}),
    };
  });
  const layout: PlotlyJSON = { ...chartLayout(opts, data), barmode: "group" };
  if (opts.horizontal) layout.yaxis = { ...layout.yaxis, autorange: "reversed" };
  return { data, layout };
}

/** Options of `heatmap`: axis labels (one per column / row), colour scale, its range and its title. */
export type HeatmapOptions = ChartOptions & {
  x?: (number | string)[];
  y?: (number | string)[];
  /** what the colours mean, shown over the colour bar ("activation", "count"): every heatmap should say */
  zTitle?: string;
  colorscale?: string;
  zmin?: number;
  zmax?: number;
};

/** The option names `heatmap` knows. */
export const HEATMAP_OPTIONS = [...CHART_OPTIONS, "x", "y", "zTitle", "colorscale", "zmin", "zmax"] as const;

/**
 * A colour grid of `z` (rows × cols), row 0 at the top. Example: `heatmap(params.Wh.toArray(), { title: "Figure 4 · W_h" })`.
 */
export function heatmap(z: number[][], opts: HeatmapOptions = {}): Figure {
  if (!Array.isArray(z) || z.length === 0 || !Array.isArray(z[0]) || z[0].length === 0)
    throw new ShapeError(`heatmap: z is ${Array.isArray(z) ? "empty" : describeValue(z)}, expected a non-empty rows×cols array of numbers`);
  checkSize("heatmap", opts, HEATMAP_OPTIONS);
  const cols = z[0].length;
  z.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== cols)
      throw new ShapeError(
        `heatmap: z[${r}] has ${Array.isArray(row) ? row.length : describeValue(row)} values, expected ${cols} (z must be rectangular)`,
      );
    checkNumbers("heatmap", `z[${r}]`, row, false);
  });
  const labels = (name: "x" | "y", n: number) => {
    const v = opts[name];
    if (v === undefined) return {};
    if (!Array.isArray(v) || v.length !== n)
      throw new ShapeError(`heatmap: opts.${name} has ${Array.isArray(v) ? v.length : describeValue(v)} labels, expected ${n}`);
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
    colorbar: { thickness: 14, ...(opts.zTitle !== undefined ? { title: { text: plotlyText(opts.zTitle), side: "right" } } : {}) },
  };
  const layout = baseLayout(opts);
  layout.yaxis = { ...layout.yaxis, autorange: "reversed" };
  return { data: [trace], layout };
}
