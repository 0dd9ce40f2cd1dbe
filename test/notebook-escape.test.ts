/**
 * lib/notebook/escape.ts: one escaping per context. HTML text and attributes (SVG diagrams use the same),
 * JSON inside a <script> that no string can close, and Plotly labels that show markup as typed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml, jsonForScript, plotlyText } from "../lib/notebook/escape";

test("escapeHtml writes the five special characters as entities and leaves other text alone", () => {
  assert.equal(escapeHtml(`'"<>&`), "&#39;&quot;&lt;&gt;&amp;");
  assert.equal(escapeHtml("hₜ = tanh(x · W) — ok"), "hₜ = tanh(x · W) — ok");
  assert.equal(escapeHtml("&amp;"), "&amp;amp;", "text that looks escaped is escaped again: it shows as typed");
});

test("jsonForScript gives the same value back, with nothing that could end the script or a comment", () => {
  const value = { a: "</script><!-- x -->", b: "a & b", c: "line\u2028sep\u2029", n: [1, 2.5] };
  const text = jsonForScript(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

test("plotlyText escapes what Plotly reads as markup, and keeps quotes (Plotly shows them as typed)", () => {
  assert.equal(plotlyText("a<b> & <br>"), "a&lt;b&gt; &amp; &lt;br&gt;");
  assert.equal(plotlyText(`"h" 'c'`), `"h" 'c'`);
});
