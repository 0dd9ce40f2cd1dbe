/**
 * Plotly on the page: the bundle from `plotly.js-dist-min` (never a CDN) sent once per kernel session,
 * wrapped so RequireJS and CommonJS globals cannot capture it, and figure snippets that wait for
 * `window.Plotly` and say so in their `<div>` if it never arrives.
 */
import { readFileSync } from "node:fs";
import { describeValue, ValueError } from "../errors";
import { escapeHtml, jsonForScript, randomId } from "./escape";
import type { Figure } from "./figures";
import { sink } from "./display";

/** Marks the output that carries the bundle, so an export can swap it for a shared file. */
export const BUNDLE_MARKER = "data-rnn-plotly-bundle";
/** Class of every figure `<div>`; its `data-traces` attribute holds the number of traces. */
export const FIGURE_CLASS = "rnn-figure";

/**
 * The Plotly bundle as a script body that only sets `window.Plotly`: `define`, `module` and `exports`
 * are shadowed while it runs (else RequireJS throws "Mismatched anonymous define()"), and `</script`
 * or `<!--` inside it cannot end the surrounding `<script>`.
 */
export function wrapPlotlyBundle(source: string): string {
  const safe = source.replace(/<\/script/gi, "\\x3C/script").replace(/<!--/g, "\\x3C!--");
  return `(function (define, module, exports) {\nif (window.Plotly) return;\n${safe}\n}).call(window, undefined, undefined, undefined);\n`;
}

/** Path of the untouched bundle in node_modules. */
export function plotlyBundlePath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

let bundleSent = false;

/** Sends the bundle as its own output the first time a kernel session shows a figure. */
export function ensurePlotly(): void {
  if (bundleSent) return;
  const source = wrapPlotlyBundle(readFileSync(plotlyBundlePath(), "utf8"));
  sink().html(`<script type="text/javascript" ${BUNDLE_MARKER}="1">\n${source}</script>`);
  bundleSent = true;
}

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/** The seconds a figure waits for Plotly before it says the library is missing. */
const WAIT_SECONDS = 30;

/**
 * HTML for one figure: a `<div>` with a fresh id and a script that draws `fig` once both the div and
 * `window.Plotly` exist. Every value reaches the page as escaped JSON.
 */
export function figureHTML(fig: Figure): string {
  if (!fig || !Array.isArray(fig.data) || typeof fig.layout !== "object" || fig.layout === null)
    throw new ValueError(`show: expected a Figure { data: object[], layout: object }, got ${describeValue(fig)}`);
  const id = randomId();
  const height = Number.isFinite(fig.layout.height) ? fig.layout.height : 400;
  const title =
    typeof fig.layout.title?.text === "string" ? fig.layout.title.text.replace(/&lt;|&gt;|&amp;/g, (e: string) => ENTITIES[e]) : "";
  const missing = "Plotly did not load on this page, so this figure cannot be drawn. Restart the kernel and run the notebook again.";
  const figure = { data: fig.data, layout: fig.layout, frames: fig.frames ?? [], config: { responsive: true, displaylogo: false } };
  return `<div id="${id}" class="${FIGURE_CLASS}" data-traces="${fig.data.length}" aria-label="${escapeHtml(title)}" style="width:100%;min-height:${height}px">Drawing the figure…</div>
<script type="text/javascript">
(function () {
  var id = ${jsonForScript(id)}, fig = ${jsonForScript(figure)}, start = Date.now();
  function draw() {
    var el = document.getElementById(id);
    if (el && window.Plotly) { el.textContent = ""; window.Plotly.newPlot(el, fig); return; }
    if (!el && window.Plotly && Date.now() - start > 5000) return; // the output was replaced (a live update)
    if (Date.now() - start > ${WAIT_SECONDS * 1000}) { if (el) el.textContent = ${jsonForScript(missing)}; return; }
    setTimeout(draw, 50);
  }
  draw();
})();
</script>`;
}

/**
 * Displays a figure in the notebook (text/html; the Plotly bundle is sent before the first one).
 * Example: `show(lineChart([{ y: [1, 0.5, 0.2] }], { title: "Figure 1 · Loss" }))`.
 */
export function show(fig: Figure): void {
  const html = figureHTML(fig);
  ensurePlotly();
  sink().html(html);
}
