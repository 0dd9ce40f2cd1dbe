/**
 * Many series, a few of them in focus: the named ones in colour and drawn on top, the rest in light grey
 * under a single legend entry, so a panel of 14 industries reads on a phone without a 14-row legend.
 */
import { ShapeError, ValueError } from "../errors";
import { PALETTE, type Figure, type PlotlyJSON } from "./figures";
import { plotlyText } from "./escape";

/** The grey of the series in the background. */
export const BACKGROUND_GREY = "#c4c4c4";

/**
 * `fig` with the traces named in `keep` in colour (in that order, on top) and every other trace grey, listed
 * once in the legend as `others`. Example: `show(highlight(lineChart(industries), ["Construction"], "other industries"))`.
 */
export function highlight(fig: Figure, keep: string[], others: string): Figure {
  const names = fig.data.map((t) => t.name);
  const missing = keep.filter((n) => !names.includes(plotlyText(n)));
  if (missing.length > 0)
    throw new ValueError(`highlight: no trace named ${JSON.stringify(missing[0])}; the traces are ${names.join(", ")}`);
  if (keep.length > PALETTE.length) throw new ShapeError(`highlight: keep names ${keep.length} traces, expected at most ${PALETTE.length}`);
  const focus = keep.map((n) => fig.data.find((t) => t.name === plotlyText(n))!);
  const background = fig.data.filter((t) => !focus.includes(t));
  const grey = background.map((t, i) => ({
    ...t,
    ...{ line: { ...t.line, color: BACKGROUND_GREY, width: 1 }, marker: { ...t.marker, color: BACKGROUND_GREY } },
    ...{ legendgroup: "others", showlegend: i === 0, name: i === 0 ? plotlyText(others) : t.name, hoverinfo: "x+y+text", text: t.name },
  }));
  const coloured = focus.map((t, k) => ({
    ...t,
    line: { ...t.line, color: PALETTE[k], width: 2.5 },
    marker: { ...t.marker, color: PALETTE[k] },
  }));
  const layout: PlotlyJSON = { ...fig.layout, showlegend: true };
  delete layout.colorway;
  return { ...fig, data: [...grey, ...coloured], layout };
}
