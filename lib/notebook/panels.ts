/**
 * Several charts as panels of one figure, side by side on a wide page; on a phone the page stacks them
 * (plotly.ts refits panels side by side under 600 px). Each panel keeps its axes, and its name goes above it.
 */
import { describeValue, ShapeError, ValueError } from "../errors";
import { baseLayout, checkSize, type Figure, type PlotlyJSON } from "./figures";
import { plotlyText } from "./escape";

/** Options of `sideBySide`: the figure's title and height, each panel's name, the gap between panels (share of the width). */
export interface PanelOptions {
  title?: string;
  /** one per panel, written above its top-left corner, e.g. "(a) the alphabet" */
  names?: string[];
  height?: number;
  /** the space between two panels, as a share of the figure's width (default 0.1) */
  gap?: number;
  /** each panel's share of the width (default: equal shares) */
  widths?: number[];
}

/** Axis suffix of panel k: "", "2", "3" … (Plotly's x, x2, x3 …). */
const suffix = (k: number) => (k === 0 ? "" : String(k + 1));

/**
 * One figure with `panels` side by side, each with its own axes and traces; the layout of the first panel
 * (bar mode, legend) is kept. Example: `show(sideBySide([lossChart, accuracyChart], { names: ["(a) loss", "(b) accuracy"] }))`.
 */
export function sideBySide(panels: Figure[], opts: PanelOptions = {}): Figure {
  if (!Array.isArray(panels) || panels.length === 0)
    throw new ShapeError(`sideBySide: panels is ${describeValue(panels)}, expected a non-empty array of figures`);
  panels.forEach((p, k) => {
    if (!p || !Array.isArray(p.data) || typeof p.layout !== "object")
      throw new ValueError(`sideBySide: panels[${k}] is ${describeValue(p)}, expected a figure { data, layout }`);
  });
  checkSize("sideBySide", opts, ["title", "names", "height", "gap", "widths"]);
  const gap = opts.gap ?? 0.1;
  if (!(gap >= 0 && gap * (panels.length - 1) < 1))
    throw new ValueError(`sideBySide: opts.gap is ${describeValue(opts.gap)}, expected a share of the width in [0, 1)`);
  const shares = opts.widths ?? panels.map(() => 1);
  if (shares.length !== panels.length || !shares.every((w) => Number.isFinite(w) && w > 0))
    throw new ShapeError(`sideBySide: opts.widths is ${describeValue(opts.widths)}, expected ${panels.length} positive numbers`);
  if (opts.names !== undefined && opts.names.length !== panels.length)
    throw new ShapeError(`sideBySide: opts.names has ${opts.names.length} names, expected ${panels.length} (one per panel)`);
  const room = 1 - gap * (panels.length - 1),
    total = shares.reduce((a, b) => a + b, 0);
  const layout: PlotlyJSON = { ...panels[0].layout, ...baseLayout({ title: opts.title, height: opts.height ?? panels[0].layout.height }) };
  const data: PlotlyJSON[] = [];
  let left = 0;
  panels.forEach((panel, k) => {
    const s = suffix(k),
      width = (room * shares[k]) / total;
    const domain = [left, Math.min(1, left + width)];
    left += width + gap;
    layout[`xaxis${s}`] = { ...panel.layout.xaxis, domain, anchor: `y${s}` };
    layout[`yaxis${s}`] = { ...panel.layout.yaxis, anchor: `x${s}` };
    for (const trace of panel.data) data.push({ ...trace, xaxis: `x${s}`, yaxis: `y${s}` });
  });
  layout.showlegend = data.some((t) => t.name !== undefined && t.showlegend !== false);
  if (opts.names) {
    layout.annotations = opts.names.map((text, k) => ({
      text: plotlyText(text),
      ...{ xref: `x${suffix(k)} domain`, yref: `y${suffix(k)} domain`, x: 0, y: 1.02, xanchor: "left", yanchor: "bottom" },
      ...{ showarrow: false, font: { size: 13 } },
    }));
    layout.margin = { ...layout.margin, t: layout.margin.t + 30 };
  }
  return { data, layout };
}
