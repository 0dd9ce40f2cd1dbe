/**
 * What the display code and the site exporter (scripts/site.ts) agree on: the marker of the output that
 * carries the Plotly bundle, the class of a figure's `<div>`, where the bundle comes from and how it is
 * wrapped, and the HTML escaping both write pages with. One side writes these, the other looks for them.
 */
export { escapeHtml } from "./escape";

/** Marks the output that carries the bundle, so an export can swap it for a shared file. */
export const BUNDLE_MARKER = "data-rnn-plotly-bundle";
/** Class of every figure `<div>`; its `data-traces` attribute holds the number of traces. */
export const FIGURE_CLASS = "rnn-figure";

/** Path of the untouched bundle in node_modules (never a CDN). */
export function plotlyBundlePath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

/**
 * The Plotly bundle as a script body that only sets `window.Plotly`: `define`, `module` and `exports`
 * are shadowed while it runs (else RequireJS throws "Mismatched anonymous define()"), and `</script`
 * or `<!--` inside it cannot end the surrounding `<script>`.
 */
export function wrapPlotlyBundle(source: string): string {
  const safe = source.replace(/<\/script/gi, "\\x3C/script").replace(/<!--/g, "\\x3C!--");
  return `(function (define, module, exports) {\nif (window.Plotly) return;\n${safe}\n}).call(window, undefined, undefined, undefined);\n`;
}
