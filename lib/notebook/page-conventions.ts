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

/** Class of the `<img>` that carries a drawing (an SVG) in a notebook output. */
export const DRAWING_CLASS = "rnn-drawing";

const DRAWING = new RegExp(`<img class="${DRAWING_CLASS}" src="data:image/svg\\+xml;base64,([A-Za-z0-9+/=]*)"[^>]*>`, "g");

/** The value of attribute `name` on the root `<svg …>` tag of `svg`, if it has one. */
function rootAttribute(svg: string, name: string): string | undefined {
  const tag = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? "";
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/**
 * An SVG drawing as an `<img>` whose source is the SVG itself (a data: URL): the one form every front end
 * draws, JupyterLab's untrusted outputs included — its sanitiser removes inline `<svg>` elements and keeps
 * only their text, and it never renders `image/svg+xml` where scripts are not trusted. The root's
 * `aria-label` becomes the alt text, its width and height the image's size (it still shrinks to a narrow
 * column). The exported site puts the SVG back inline (`inlineDrawings`), where its text is selectable and
 * its CSS follows the page's width.
 */
export function drawingImage(svg: string): string {
  const size = ["width", "height"].map((a) => rootAttribute(svg, a)).filter((v) => v && /^\d+(\.\d+)?$/.test(v));
  const [w, h] = size.length === 2 ? size : [];
  return (
    `<img class="${DRAWING_CLASS}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}" ` +
    `alt="${rootAttribute(svg, "aria-label") ?? "drawing"}"${w ? ` width="${w}" height="${h}"` : ""} style="max-width:100%;height:auto">`
  );
}

/** `html` with every drawing image (from `drawingImage`) replaced by its SVG, inline. */
export function inlineDrawings(html: string): string {
  return html.replace(DRAWING, (_, data: string) => Buffer.from(data, "base64").toString("utf8"));
}
