/**
 * A quantity read along a text, one column per character, set like a paragraph: the text is cut into
 * short lines, one panel per line, side by side on a wide page and one under the other on a phone, so
 * every character keeps a column wide enough to read its label.
 */
import { describeValue, ShapeError, ValueError } from "../errors";
import { checkOptions } from "../check";
import {
  CHART_OPTIONS,
  HEATMAP_OPTIONS,
  heatmap,
  lineChart,
  PALETTE,
  type ChartOptions,
  type Figure,
  type HeatmapOptions,
  type Series,
} from "./figures";
import { sideBySide } from "./panels";
import { plotlyText } from "./escape";

/** A character as a tick label: a space as ␣, a line break as ⏎, anything else as itself. */
export function visibleChar(c: string): string {
  return c === " " ? "␣" : c === "\n" ? "⏎" : c;
}

/**
 * The positions 0 … n − 1 of `text` in lines of at most `width` characters, each ending after the last space or
 * line break that leaves it at least half full (else cut at `width`). Example: `textLines("ab cd ef", 5)` →
 * `[[0, 1, 2], [3, 4, 5, 6, 7]]`.
 */
export function textLines(text: string, width: number): number[][] {
  if (typeof text !== "string" || text.length === 0)
    throw new ValueError(`textLines: text is ${describeValue(text)}, expected a non-empty string`);
  if (!Number.isInteger(width) || width < 1)
    throw new ValueError(`textLines: width is ${describeValue(width)}, expected a positive integer`);
  const chars = Array.from(text);
  const lines: number[][] = [];
  for (let start = 0; start < chars.length;) {
    let end = Math.min(chars.length, start + width);
    if (end < chars.length) {
      let cut = end - 1;
      while (cut >= start && chars[cut] !== " " && chars[cut] !== "\n") cut--;
      if (cut + 1 - start >= width / 2) end = cut + 1;
    }
    lines.push(Array.from({ length: end - start }, (_, i) => start + i));
    start = end;
  }
  return lines;
}

/** Options shared by the text figures: how many characters a line holds (default 16). */
export interface TextPanelOptions {
  lineWidth?: number;
}

/** Every panel's x axis: the characters of its line as tick labels, the same width for all, labels upright. */
function characterAxis(line: number[], longest: number, chars: string[], title: string | undefined) {
  return {
    range: [line[0] - 0.5, line[0] + longest - 0.5],
    ...{ tickmode: "array", tickvals: line, ticktext: line.map((t) => plotlyText(visibleChar(chars[t]))), tickangle: 0 },
    ...{ gridcolor: "#e5e5e5", zeroline: false, automargin: true, fixedrange: true },
    ...(title !== undefined ? { title: { text: plotlyText(title) } } : {}),
  };
}

function panelsOf(
  fn: string,
  text: string,
  length: number,
  opts: TextPanelOptions,
): { lines: number[][]; chars: string[]; longest: number } {
  const chars = Array.from(text ?? "");
  if (chars.length === 0 || chars.length !== length)
    throw new ShapeError(`${fn}: text has ${chars.length} characters and the values ${length}, expected one value per character`);
  const lines = textLines(text, opts.lineWidth ?? 16);
  return { lines, chars, longest: Math.max(...lines.map((l) => l.length)) };
}

/**
 * A heatmap of `z` (one row per quantity, one column per character of `text`), one panel per line of the
 * text. Example: `textHeatmap(sentence, units.map((u) => gates[u]), { title: "Figure 6 · …", y: units.map(String), zTitle: "f" })`.
 */
export function textHeatmap(text: string, z: number[][], opts: HeatmapOptions & TextPanelOptions = {}): Figure {
  if (!Array.isArray(z) || z.length === 0)
    throw new ShapeError(`textHeatmap: z is ${describeValue(z)}, expected rows of values, one per character`);
  checkOptions("textHeatmap", opts, [...HEATMAP_OPTIONS, "lineWidth"]);
  const { lines, chars, longest } = panelsOf("textHeatmap", text, z[0].length, opts);
  const { lineWidth, ...heat } = opts; // lineWidth is the text's, not the heatmap's
  const panels = lines.map((line, k) => {
    const panel = heatmap(
      z.map((row) => line.map((t) => row[t])),
      { ...heat, title: undefined, x: line, xTitle: undefined, yTitle: k === 0 ? opts.yTitle : undefined },
    );
    panel.layout.xaxis = characterAxis(line, longest, chars, k === 0 ? opts.xTitle : undefined);
    panel.layout.yaxis = {
      ...panel.layout.yaxis,
      fixedrange: true,
      ...(opts.y ? { type: "category", tickmode: "array", tickvals: panel.data[0].y, ticktext: panel.data[0].y } : {}),
    };
    if (k > 0) panel.data[0].showscale = false; // one colour bar for the figure
    return panel;
  });
  return sideBySide(panels, { title: opts.title, height: opts.height, gap: 0.06 });
}

/**
 * Lines (or markers) of values along `text`, one value per character, one panel per line of the text; the
 * legend names each series once. Example: `textLineChart(text, [{ y: activation, name: "unit 7" }], { yTitle: "activation" })`.
 */
export function textLineChart(
  text: string,
  series: Series[],
  opts: ChartOptions & TextPanelOptions & { yRange?: [number, number] } = {},
): Figure {
  if (!Array.isArray(series) || series.length === 0)
    throw new ShapeError(`textLineChart: series is ${describeValue(series)}, expected at least one { y }`);
  checkOptions("textLineChart", opts, [...CHART_OPTIONS, "lineWidth", "yRange"]);
  const { lines, chars, longest } = panelsOf("textLineChart", text, series[0].y?.length ?? 0, opts);
  const { lineWidth, yRange, ...chart } = opts; // the text's and the y range, not the line chart's
  const panels = lines.map((line, k) => {
    const panel = lineChart(
      series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length], x: line, y: line.map((t) => s.y[t]) })), // one colour in every panel
      { ...chart, title: undefined, xTitle: undefined, yTitle: k === 0 ? opts.yTitle : undefined },
    );
    panel.layout.xaxis = characterAxis(line, longest, chars, k === 0 ? opts.xTitle : undefined);
    if (opts.yRange) panel.layout.yaxis = { ...panel.layout.yaxis, range: opts.yRange, fixedrange: true };
    if (k > 0) panel.data.forEach((trace) => (trace.showlegend = false));
    return panel;
  });
  return sideBySide(panels, { title: opts.title, height: opts.height, gap: 0.06 });
}
