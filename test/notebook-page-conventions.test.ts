/**
 * lib/notebook/page-conventions.ts: what the display code and the site exporter agree on. The wrapped
 * bundle sets window.Plotly whatever module system the page has, the bundle comes from node_modules, and
 * the output that carries it is the one the exporter removes. A drawing travels as an `<img>` of its SVG
 * (what untrusted JupyterLab shows) and the site puts the SVG back inline, byte for byte.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { setDisplaySink } from "../lib/notebook/display";
import { lineChart } from "../lib/notebook/figures";
import {
  BUNDLE_MARKER,
  drawingImage,
  FIGURE_CLASS,
  inlineDrawings,
  plotlyBundlePath,
  wrapPlotlyBundle,
} from "../lib/notebook/page-conventions";
import { rnnDiagram, sequenceShapesDiagram } from "../lib/notebook/diagram";
import { showSVG } from "../lib/notebook/rich";
import { show } from "../lib/notebook/plotly";
import { stripBundle } from "../scripts/site";
import { recorder } from "./helpers/display-recorder";

test("the wrapped bundle sets window.Plotly even where RequireJS's define and CommonJS globals exist", () => {
  const umd = `(function (root, f) { if (typeof define === "function" && define.amd) define([], f);
    else if (typeof module === "object" && module.exports) module.exports = f(); else root.Plotly = f(); })(this, function () { return { ok: 1 }; });`;
  const calls: unknown[] = [];
  const define = Object.assign((...a: unknown[]) => calls.push(a), { amd: {} });
  const context: Record<string, unknown> = { define, module: { exports: {} }, exports: {} };
  context.window = context;
  runInNewContext(wrapPlotlyBundle(umd), context);
  assert.equal((context.Plotly as { ok?: number } | undefined)?.ok, 1);
  assert.equal(calls.length, 0, "define was never called");
  assert.doesNotMatch(wrapPlotlyBundle("var s = '</script><!--';"), /<\/script|<!--/);
});

test("the bundle is read from node_modules, never a CDN", () => {
  assert.match(plotlyBundlePath(), /node_modules[\\/]plotly\.js-dist-min[\\/]plotly\.min\.js$/);
  assert.ok(existsSync(plotlyBundlePath()));
});

test("the exporter finds and removes the output the display code marks as the bundle, and keeps the figures", () => {
  const { shown } = recorder();
  show(lineChart([{ y: [1, 2] }]));
  setDisplaySink(undefined);
  assert.equal(shown.length, 2, "the bundle, then the figure");
  assert.match(shown[0].text, new RegExp(`<script [^>]*${BUNDLE_MARKER}="1"`));
  const nb = {
    cells: [{ cell_type: "code", source: "show(fig)", outputs: shown.map((s) => ({ output_type: "display_data", data: s.bundle })) }],
    metadata: {},
  };
  assert.deepEqual(stripBundle(nb), { hasFigures: true });
  assert.equal(nb.cells[0].outputs.length, 1);
  assert.match(String(nb.cells[0].outputs[0].data["text/html"]), new RegExp(`class="${FIGURE_CLASS}"`));
});

test("a drawing is an <img> of its own SVG, sized and labelled from the SVG's root, and goes back inline byte for byte", () => {
  const svg = rnnDiagram({ steps: 3, title: 'Figure 1 · "Wₕ" & <x>' });
  const img = drawingImage(svg);
  assert.match(img, /^<img class="rnn-drawing" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" /);
  assert.match(img, /alt="Figure 1 · &quot;Wₕ&quot; &amp; &lt;x&gt;"/, "the alt text is the root's label, still escaped");
  const [, w, h] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  assert.match(img, new RegExp(` width="${w}" height="${h}" style="max-width:100%;height:auto">$`));
  assert.equal(inlineDrawings(`<p>a</p>${img}<p>b</p>`), `<p>a</p>${svg}<p>b</p>`);
  const shapes = sequenceShapesDiagram({ title: "Five shapes" });
  assert.match(drawingImage(shapes), / width="\d+" height="\d+" /, "a two-layout drawing has the wide layout's size");
  assert.equal(inlineDrawings(drawingImage(shapes)), shapes);
  assert.equal(inlineDrawings("<p>no drawing</p>"), "<p>no drawing</p>");
});

test("showSVG sends the drawing as an HTML <img>, never as inline SVG or image/svg+xml", () => {
  const { shown } = recorder();
  showSVG(rnnDiagram({ steps: 2 }));
  setDisplaySink(undefined);
  assert.equal(shown.length, 1);
  assert.deepEqual(Object.keys(shown[0].bundle), ["text/html"]);
  assert.match(shown[0].text, /^<img class="rnn-drawing" /);
});
