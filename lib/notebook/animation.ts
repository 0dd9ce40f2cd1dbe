/**
 * Animated figures: one Plotly frame per step with a slider and a play button, for pictures that change
 * with time (the hidden state step by step). Axes and heatmap colours stay fixed across frames so the
 * eye compares like with like.
 */
import { describeValue, ShapeError, ValueError } from "../errors";
import { plotlyText } from "./escape";
import { words } from "./words";
import { baseLayout, CHART_OPTIONS, checkSize, tickLogAxes, type ChartOptions, type Figure, type PlotlyJSON } from "./figures";

/** Pixels the slider and the buttons add under the chart (`opts.height` is the chart's own). */
const CONTROLS = 176;
/** Pixels of one row of legend above the plot (a page's script adds more rows where it wraps). */
const LEGEND_ROW = 32;

function extent(values: unknown[], acc: [number, number]): void {
  for (const v of values) {
    if (Array.isArray(v)) extent(v, acc);
    else if (typeof v === "number" && Number.isFinite(v)) {
      acc[0] = Math.min(acc[0], v);
      acc[1] = Math.max(acc[1], v);
    }
  }
}

/** Options of `animatedChart`: the chart's, and which frame a reader sees before pressing ▶ Play. */
export type AnimatedChartOptions = ChartOptions & {
  /** the frame drawn first (default "last": the whole story, for a reader who never presses Play) */
  start?: "first" | "last";
};

type Frame = { name: string; data: PlotlyJSON[] };
type Range = [number, number];

/**
 * The frames checked (a name each, as many traces as the first) with their names escaped for Plotly, and
 * the extent of their x, y and z values over every frame (the fixed axes and colour range).
 */
function checkedFrames(frames: Frame[]): { clean: Frame[]; x: Range; y: Range; z: Range } {
  const traces = frames[0]?.data?.length;
  const x: Range = [Infinity, -Infinity],
    y: Range = [Infinity, -Infinity],
    z: Range = [Infinity, -Infinity];
  const clean = frames.map((f, k) => {
    if (!f || typeof f.name !== "string")
      throw new ValueError(`animatedChart: frames[${k}].name is ${describeValue(f?.name)}, expected a string`);
    if (!Array.isArray(f.data) || f.data.length === 0 || f.data.length !== traces)
      throw new ShapeError(
        `animatedChart: frames[${k}].data has ${Array.isArray(f.data) ? f.data.length : describeValue(f.data)} traces, expected ${traces} like frames[0]`,
      );
    const data = f.data.map((t): PlotlyJSON => {
      extent(Array.isArray(t.x) ? t.x : [], x);
      extent(Array.isArray(t.y) ? t.y : [], y);
      extent(Array.isArray(t.z) ? t.z : [], z);
      // every label Plotly draws as markup: the trace's name, its text and its category axes
      const trace: PlotlyJSON = { ...t };
      for (const key of ["name", "text"]) if (typeof t[key] === "string") trace[key] = plotlyText(t[key]);
      for (const key of ["x", "y", "text"])
        if (Array.isArray(t[key])) trace[key] = t[key].map((v: unknown) => (typeof v === "string" ? plotlyText(v) : v));
      return trace;
    });
    return { name: plotlyText(f.name), data };
  });
  return { clean, x, y, z };
}

/**
 * ▶ Play / ❚❚ Pause and a slider with one step per frame, under the x axis (pads are pixels): the buttons,
 * then the slider with the current frame's name at its right end, each on a row of its own so neither
 * covers the other.
 */
function playControls(frames: Frame[], active: number): { updatemenus: PlotlyJSON[]; sliders: PlotlyJSON[] } {
  const still = { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } };
  // Plotly's forms: [null, …] plays every frame (from the first once the last is shown); [[null], …] stops.
  const play = {
    label: words().play,
    method: "animate",
    args: [null, { frame: { duration: 600, redraw: true }, transition: { duration: 0 }, fromcurrent: true }],
  };
  const pause = { label: words().pause, method: "animate", args: [[null], { ...still, frame: { duration: 0, redraw: false } }] };
  return {
    updatemenus: [
      {
        type: "buttons",
        direction: "left",
        x: 0,
        xanchor: "left",
        y: 0,
        yanchor: "top",
        pad: { t: 72 }, // clear of the x axis's title
        showactive: false,
        buttons: [play, pause],
      },
    ],
    sliders: [
      {
        active,
        x: 0,
        len: 1,
        y: 0,
        yanchor: "top",
        pad: { t: 116, b: 0, l: 24, r: 28 }, // room for the first and last frames' names under the rail
        currentvalue: { prefix: "", visible: true, xanchor: "right" },
        steps: frames.map((f) => ({ label: f.name, method: "animate", args: [[f.name], still] })),
      },
    ],
  };
}

/** The range `r` widened by 5% on each side (by 0.5 when it is a single value), so no point sits on the frame. */
function pad(r: Range): Range {
  const m = r[1] > r[0] ? (r[1] - r[0]) * 0.05 : 0.5;
  return [r[0] - m, r[1] + m];
}

/**
 * One frame per step with a slider and ▶ Play / ❚❚ Pause buttons under the plot; axes (and heatmap
 * colours) stay fixed across frames. The last frame is drawn until Play runs the frames from the first.
 * Example: `animatedChart(states.map((h, t) => ({ name: \`t = ${t}\`, data: [{ type: "bar", y: h }] })))`.
 */
export function animatedChart(frames: Frame[], opts: AnimatedChartOptions = {}): Figure {
  if (!Array.isArray(frames))
    throw new ValueError(`animatedChart: frames is ${describeValue(frames)}, expected an array of { name, data }`);
  if (frames.length === 0) throw new ShapeError("animatedChart: frames is an empty array, expected at least one { name, data }");
  checkSize("animatedChart", opts, [...CHART_OPTIONS, "start"]);
  opts ??= {};
  if (opts.start !== undefined && opts.start !== "first" && opts.start !== "last")
    throw new ValueError(`animatedChart: opts.start is ${describeValue(opts.start)}, expected "first" or "last"`);
  const { clean, x, y, z } = checkedFrames(frames);
  const hasZ = Number.isFinite(z[0]);
  const fixed = (t: PlotlyJSON) => (hasZ && t.z !== undefined ? { zmin: z[0], zmax: z[1], ...t } : t);
  const first = opts.start === "first" ? 0 : clean.length - 1;
  const layout = tickLogAxes(
    baseLayout({ ...opts, height: (opts.height ?? 400) + CONTROLS }),
    clean.flatMap((f) => f.data),
  );
  const allHeatmaps = clean[0].data.every((t) => t.type === "heatmap");
  if (!allHeatmaps && Number.isFinite(x[0]) && !opts.logX) layout.xaxis = { ...layout.xaxis, range: pad(x) };
  if (!allHeatmaps && Number.isFinite(y[0]) && !opts.logY) layout.yaxis = { ...layout.yaxis, range: pad(y) };
  Object.assign(layout, playControls(clean, first));
  // The legend goes above the plot, next to what it names, rather than under the controls.
  layout.legend = { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom" };
  layout.margin = { ...layout.margin, t: layout.margin.t + LEGEND_ROW };
  return { data: clean[first].data.map(fixed), layout, frames: clean.map((f) => ({ name: f.name, data: f.data.map(fixed) })) };
}
