/**
 * Animated figures: one Plotly frame per step with a slider and a play button, for pictures that change
 * with time (the hidden state step by step). Axes and heatmap colours stay fixed across frames so the
 * eye compares like with like.
 */
import { ShapeError, ValueError } from "../errors";
import { plotlyText } from "./escape";
import { baseLayout, checkSize, type ChartOptions, type Figure, type PlotlyJSON } from "./figures";

const preview = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

function extent(values: unknown[], acc: [number, number]): void {
  for (const v of values) {
    if (Array.isArray(v)) extent(v, acc);
    else if (typeof v === "number" && Number.isFinite(v)) {
      acc[0] = Math.min(acc[0], v);
      acc[1] = Math.max(acc[1], v);
    }
  }
}

/**
 * One frame per step with a slider and a play button; axes (and heatmap colours) stay fixed across frames.
 * Example: `animatedChart(states.map((h, t) => ({ name: \`t = ${t}\`, data: [{ type: "bar", y: h }] })))`.
 */
export function animatedChart(frames: { name: string; data: PlotlyJSON[] }[], opts: ChartOptions = {}): Figure {
  if (!Array.isArray(frames) || frames.length === 0)
    throw new ShapeError(
      `animatedChart: frames is ${Array.isArray(frames) ? "an empty array" : preview(frames)}, expected at least one { name, data }`,
    );
  checkSize("animatedChart", opts);
  const traces = frames[0]?.data?.length;
  const x: [number, number] = [Infinity, -Infinity],
    y: [number, number] = [Infinity, -Infinity],
    z: [number, number] = [Infinity, -Infinity];
  const clean = frames.map((f, k) => {
    if (!f || typeof f.name !== "string")
      throw new ValueError(`animatedChart: frames[${k}].name is ${preview(f?.name)}, expected a string`);
    if (!Array.isArray(f.data) || f.data.length === 0 || f.data.length !== traces)
      throw new ShapeError(
        `animatedChart: frames[${k}].data has ${Array.isArray(f.data) ? f.data.length : preview(f.data)} traces, expected ${traces} like frames[0]`,
      );
    const data = f.data.map((t): PlotlyJSON => {
      extent(Array.isArray(t.x) ? t.x : [], x);
      extent(Array.isArray(t.y) ? t.y : [], y);
      extent(Array.isArray(t.z) ? t.z : [], z);
      return typeof t.name === "string" ? { ...t, name: plotlyText(t.name) } : { ...t };
    });
    return { name: plotlyText(f.name), data };
  });
  const pad = (r: [number, number]) => {
    const m = r[1] > r[0] ? (r[1] - r[0]) * 0.05 : 0.5;
    return [r[0] - m, r[1] + m];
  };
  const hasZ = Number.isFinite(z[0]);
  const data = clean[0].data.map((t) => (hasZ && t.z !== undefined ? { zmin: z[0], zmax: z[1], ...t } : t));
  const layout = baseLayout(opts);
  const allHeatmaps = data.every((t) => t.type === "heatmap");
  if (!allHeatmaps && Number.isFinite(x[0]) && !opts.logX) layout.xaxis = { ...layout.xaxis, range: pad(x) };
  if (!allHeatmaps && Number.isFinite(y[0]) && !opts.logY) layout.yaxis = { ...layout.yaxis, range: pad(y) };
  const animate = (names: string[] | null[], duration: number) => ({
    method: "animate",
    args: [names, { mode: "immediate", frame: { duration, redraw: true }, transition: { duration: 0 }, fromcurrent: true }],
  });
  layout.margin = { ...layout.margin, b: 110 };
  layout.updatemenus = [
    {
      type: "buttons",
      direction: "left",
      x: 0,
      y: -0.32,
      xanchor: "left",
      yanchor: "top",
      showactive: false,
      buttons: [
        { label: "▶ Play", ...animate([null], 600) },
        {
          label: "❚❚ Pause",
          method: "animate",
          args: [[null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } }],
        },
      ],
    },
  ];
  layout.sliders = [
    {
      active: 0,
      x: 0.18,
      len: 0.82,
      y: -0.22,
      yanchor: "top",
      currentvalue: { prefix: "", visible: true },
      steps: clean.map((f) => ({ label: f.name, ...animate([f.name], 0) })),
    },
  ];
  return {
    data,
    layout,
    frames: clean.map((f) => ({
      name: f.name,
      data: f.data.map((t) => (hasZ && t.z !== undefined ? { zmin: z[0], zmax: z[1], ...t } : t)),
    })),
  };
}
