/**
 * lib/notebook/rich.ts: equations go out as LaTeX, tables, HTML and SVG as HTML with every cell escaped,
 * numeric columns right-aligned, and bad input fails with a message naming the argument.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink } from "../lib/notebook/display";
import { matrixTex, showHTML, showSVG, showTable, showTex } from "../lib/notebook/rich";
import { Matrix } from "../lib";
import { recorder } from "./helpers/display-recorder";

test("bad input raises an error that names the argument and what was expected", () => {
  assert.throws(() => matrixTex([[1, NaN]]), /matrixTex: m\[0\]\[1\] is NaN/);
  assert.throws(() => showTable(["a", "b"], [["x"]]), /rows\[0\] has 1 cells, expected 2/);
  assert.throws(() => showSVG("<div>"), /expected "<svg …>"/);
});

test("equations, matrices, tables, HTML and SVG", () => {
  const { shown } = recorder();
  showTex("h_t = \\tanh(a_t)");
  showTex("$$x$$");
  showTable(["<name>", "value"], [["a & b", 1.5]]);
  showHTML("<b>bold</b>");
  showSVG('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  setDisplaySink(undefined);
  assert.deepEqual(
    shown.map((s) => s.kind),
    ["latex", "latex", "html", "html", "html"],
  );
  assert.equal(shown[0].text, "$$h_t = \\tanh(a_t)$$");
  assert.equal(shown[1].text, "$$x$$");
  assert.match(shown[2].text, /&lt;name&gt;/);
  assert.match(shown[2].text, /a &amp; b/);
  assert.equal(
    matrixTex(
      [
        [1, -0.0001],
        [2.5, 3],
      ],
      2,
    ),
    "\\begin{bmatrix} 1.00 & 0.00 \\\\ 2.50 & 3.00 \\end{bmatrix}",
  );
  assert.equal(matrixTex(Matrix.from([[1, 2]]), 0), "\\begin{bmatrix} 1 & 2 \\end{bmatrix}");
});

test("table columns of numbers, even numbers written as text, are right-aligned; other columns left", () => {
  const { shown } = recorder();
  showTable(
    ["name", "loss", "share", "note"],
    [
      ["a", "0.25", "39.2 %", "x"],
      ["b", "−1,024", "—", "3 · filhos"],
      ["c", 3.8e-3, "5.3e-1", "2"],
    ],
  );
  setDisplaySink(undefined);
  const align = [...shown[0].text.matchAll(/<(?:td|th) style="text-align:(\w+)/g)].map((m) => m[1]);
  assert.deepEqual(align.slice(0, 4), ["left", "right", "right", "left"], "headers follow their column");
  assert.deepEqual(align.slice(4, 8), ["left", "right", "right", "left"]);
  assert.match(shown[0].text, /tabular-nums/);
});
