/**
 * lib/notebook/shaded-text.ts: each character of a text sits on a background set by its value, escaped,
 * with the caption below.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { shadedText } from "../lib/notebook/shaded-text";

test("signed values shade red above zero and blue below, as strongly as their size", () => {
  const html = shadedText("a<b", [0.5, -1, 0], { shading: "signed", caption: "Figure 8 · <unit>" });
  const spans = [...html.matchAll(/<span style="([^"]*)">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(spans, [
    ["background:rgba(214,39,40,0.50)", "a"],
    ["background:rgba(31,119,180,1.00)", "&lt;"],
    ["background:rgba(31,119,180,0.00)", "b"],
  ]);
  assert.match(html, /<p><em>Figure 8 · &lt;unit&gt;<\/em><\/p>$/);
});

test("shares shade darker nearer 1, with white text where the background is dark; line breaks stay visible", () => {
  const html = shadedText("x\ny", [0.9, 0.1, 0.3], { shading: "share", caption: "Figure 7" });
  assert.match(html, /background:rgba\(31,119,180,0\.90\);color:white">x</);
  assert.match(html, /color:black">⏎\n</);
});

test("values that do not match the text, or a missing shading, are refused", () => {
  assert.throws(() => shadedText("ab", [1], { shading: "signed", caption: "" }), /text has 2 characters and values 1/);
  assert.throws(() => shadedText("ab", [1, NaN], { shading: "signed", caption: "" }), /values\[1\] is NaN/);
  assert.throws(() => shadedText("ab", [1, 1], { shading: "red" as never, caption: "" }), /opts\.shading is the string "red"/);
});
