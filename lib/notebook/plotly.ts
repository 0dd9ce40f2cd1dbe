/**
 * Plotly on the page: the bundle from `plotly.js-dist-min` (never a CDN) sent once per kernel session,
 * wrapped so RequireJS and CommonJS globals cannot capture it; each figure sent both as HTML (a `<div>` and
 * a script that waits for `window.Plotly`, for nbconvert and the classic Notebook) and as Plotly JSON
 * (drawn natively by JupyterLab and VS Code, even in a reopened notebook whose scripts do not run).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeValue, ValueError } from "../errors";
import { escapeHtml, jsonForScript } from "./escape";
import { BUNDLE_MARKER, FIGURE_CLASS, plotlyBundlePath, wrapPlotlyBundle } from "./page-conventions";
import type { Figure } from "./figures";
import { sink, type MimeBundle } from "./display";
import { plotlyLocale, plotlySeparators, words } from "./words";

/** The MIME type JupyterLab and VS Code draw with their own Plotly, as plotly.py sends it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let bundleSent = false;

/** Sends the bundle as its own output the first time a kernel session shows a figure. */
export function ensurePlotly(): void {
  if (bundleSent) return;
  const source = wrapPlotlyBundle(readFileSync(plotlyBundlePath(), "utf8"));
  sink().display({ "text/html": `<script type="text/javascript" ${BUNDLE_MARKER}="1">\n${source}</script>` });
  bundleSent = true;
}

let figuresMade = 0;

/**
 * A div id from a figure's content and its rank in this kernel session: two runs of a notebook give the
 * same ids (byte-identical rebuilds), and a cell run again in a live kernel still gets a fresh one.
 */
export function figureId(content: unknown): string {
  const hash = createHash("sha256")
    .update(JSON.stringify(content) ?? "")
    .digest("hex")
    .slice(0, 10);
  return `rnn-fig-${hash}-${++figuresMade}`;
}

function checkFigure(fig: Figure): void {
  if (!fig || !Array.isArray(fig.data) || typeof fig.layout !== "object" || fig.layout === null)
    throw new ValueError(`show: expected a Figure { data: object[], layout: object }, got ${describeValue(fig)}`);
}

/** The figure as plotly.py sends it in `application/vnd.plotly.v1+json`: `{ data, layout, config }` (and `frames`). */
export function plotlyJSON(fig: Figure): { data: Figure["data"]; layout: Figure["layout"]; frames?: Figure["frames"]; config: object } {
  checkFigure(fig);
  const separators = fig.layout.separators === undefined ? plotlySeparators() : undefined; // 0,5 and 1.000 in Portuguese
  const language = plotlyLocale()?.name; // dates as the language writes them ("mai 2019"), where the page registered it
  return {
    data: fig.data,
    layout: separators === undefined ? fig.layout : { ...fig.layout, separators },
    ...(fig.frames?.length ? { frames: fig.frames } : {}),
    // No toolbar: on a touch screen it stays over the first line of the title (drag to zoom, double-click to reset, still work).
    config: { responsive: true, displaylogo: false, displayModeBar: false, ...(language ? { locale: language } : {}) },
  };
}

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/** The seconds a figure waits for Plotly before it says the library is missing. */
const WAIT_SECONDS = 30;

/** The program every figure's script runs (draw-figure.js, beside this file in lib/ and in dist/), read once. */
let drawFigureSource: string | undefined;

/**
 * HTML for one figure: a `<div>` with an id from its content and a script that draws `fig` once both the
 * div and `window.Plotly` exist, refitting the title when the width changes (draw-figure.js). Every value
 * reaches the page as escaped JSON.
 */
export function figureHTML(fig: Figure, id?: string): string {
  checkFigure(fig);
  id ??= figureId(fig);
  const figure = { ...plotlyJSON(fig), frames: fig.frames ?? [] };
  const height = Number.isFinite(fig.layout.height) ? fig.layout.height : 400;
  const title =
    typeof fig.layout.title?.text === "string" ? fig.layout.title.text.replace(/&lt;|&gt;|&amp;/g, (e: string) => ENTITIES[e]) : "";
  const { drawing, plotlyMissing, restartKernel } = words();
  const texts = { missing: plotlyMissing, inNotebook: restartKernel, waitMs: WAIT_SECONDS * 1000, locale: plotlyLocale() ?? null };
  // (dist/'s copy ends with a source-map comment, which has no meaning inside a page's script)
  drawFigureSource ??= readFileSync(join(__dirname, "draw-figure.js"), "utf8")
    .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "")
    .trim();
  return `<div id="${escapeHtml(id)}" class="${FIGURE_CLASS}" data-traces="${fig.data.length}" aria-label="${escapeHtml(title)}" style="width:100%;min-height:${height}px">${drawing}</div>
<script type="text/javascript">
(function () {
${drawFigureSource}
drawFigure(${jsonForScript(id)}, ${jsonForScript(figure)}, ${jsonForScript(texts)});
})();
</script>`;
}

/** One figure as a display: HTML (for nbconvert and Notebook) and Plotly JSON (for JupyterLab and VS Code). */
export function figureBundle(fig: Figure, html = figureHTML(fig)): MimeBundle {
  return { "text/html": html, [PLOTLY_MIME]: plotlyJSON(fig) };
}

/**
 * Displays a figure in the notebook (the Plotly bundle is sent before the first one).
 * Example: `show(lineChart([{ y: [1, 0.5, 0.2] }], { title: "Figure 1 · Loss" }))`.
 */
export function show(fig: Figure): void {
  const bundle = figureBundle(fig);
  ensurePlotly();
  sink().display(bundle);
}
