/**
 * The generated diagrams: one box per input, hidden state and output that the options ask for, the
 * recurrent arrows between steps, every label escaped, well-formed standalone SVG, and clear errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeXml, rnnDiagram, sequenceShapesDiagram, SEQUENCE_SHAPES, subscript } from "../lib/notebook/diagram";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const fill = (svg: string, colour: string) => count(svg, new RegExp(`<rect [^>]*fill="${colour}"`, "g"));
const [X, H, Y] = ["#f4cccc", "#d9ead3", "#cfe2f3"];

test("an unrolled RNN has one hidden box per step and boxes only where inputs and outputs are asked for", () => {
  const svg = rnnDiagram({ steps: 4, inputs: "all", outputs: "last" });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  assert.equal(fill(svg, H), 4);
  assert.equal(fill(svg, X), 4);
  assert.equal(fill(svg, Y), 1);
  // arrows: 3 recurrent + 4 input + 1 output, each a line with a head
  assert.equal(count(svg, /<line /g), 8);
  assert.equal(count(svg, /<polygon /g), 8);
  assert.ok(svg.includes(">ŷ₃<") && svg.includes(">x₀<") && svg.includes(">h₂<"));
  assert.ok(!svg.includes(">ŷ₀<"), "no output box at step 0");
});

test("boolean selections, custom labels, weights and the initial state are drawn", () => {
  const svg = rnnDiagram({
    steps: 3,
    inputs: [true, false, true],
    outputs: "first",
    labels: { x: ["a", "b", "c"], h: "s" },
    weights: true,
    initialState: true,
  });
  assert.equal(fill(svg, X), 2);
  assert.equal(fill(svg, Y), 1);
  assert.ok(svg.includes(">a<") && svg.includes(">c<") && !svg.includes(">b<"));
  assert.ok(svg.includes(">s₁<"));
  for (const w of ["Wₓ", "Wₕ", "Wₒ", "h₋₁"]) assert.ok(svg.includes(`>${w}<`), w);
});

test("titles and labels are escaped", () => {
  const svg = rnnDiagram({ steps: 1, title: `<script>alert("x")</script> & co`, labels: { y: ["<b>"] } });
  assert.ok(!svg.includes("<script>") && !svg.includes("<b>"));
  assert.ok(svg.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"));
  assert.equal(escapeXml(`'"<>&`), "&#39;&quot;&lt;&gt;&amp;");
  assert.equal(subscript(12) + subscript(-1), "₁₂₋₁");
});

test("the five shapes are drawn side by side with their names", () => {
  const svg = sequenceShapesDiagram({ title: "Figure 1 · Shapes" });
  for (const s of SEQUENCE_SHAPES) assert.ok(svg.includes(`>${escapeXml(s.name)}<`), s.name);
  const hidden = SEQUENCE_SHAPES.reduce((a, s) => a + s.diagram.steps, 0);
  assert.equal(fill(svg, H), hidden);
  assert.equal(fill(svg, X), 1 + 1 + 3 + 3 + 3);
  assert.equal(fill(svg, Y), 1 + 3 + 1 + 2 + 3);
  assert.ok(svg.includes(">Figure 1 · Shapes<"));
  assert.equal(count(svg, /<svg /g), 1);
  assert.ok(!/ id="/.test(svg), "no ids that could clash between diagrams on one page");
});

test("bad options are refused with messages that name them", () => {
  assert.throws(() => rnnDiagram({ steps: 0 }), /steps must be an integer in 1 … 40, got 0/);
  assert.throws(() => rnnDiagram({ steps: 3, inputs: [true, false] }), /inputs: expected .* 3 booleans .* got \[true,false\]/);
  assert.throws(() => rnnDiagram({ steps: 2, labels: { h: ["a"] } }), /labels\.h: expected a base name or 2 strings/);
});
