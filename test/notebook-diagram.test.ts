/**
 * The generated diagrams: one box per input, hidden state and output that the options ask for, the
 * recurrent arrows between steps, every label escaped, well-formed standalone SVG, and clear errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml } from "../lib/notebook/escape";
import { rnnDiagram, sequenceShapesDiagram, SEQUENCE_SHAPES, subscript } from "../lib/notebook/diagram";

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
  assert.equal(subscript(12) + subscript(-1), "₁₂₋₁");
});

/** The inner drawing of a shapes diagram for one arrangement ("wide" or "narrow"). */
const arrangement = (svg: string, which: string) => new RegExp(`<svg class="rnn-${which}"[\\s\\S]*?</svg>`).exec(svg)?.[0] ?? "";
const viewBox = (svg: string) => (/viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg) ?? []).slice(1).map(Number);

test("the five shapes are drawn with their names, side by side on a wide page and in rows on a phone", () => {
  const svg = sequenceShapesDiagram({ title: "Figure 1 · Shapes" });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  for (const which of ["wide", "narrow"]) {
    const part = arrangement(svg, which);
    for (const s of SEQUENCE_SHAPES) assert.ok(part.includes(`>${escapeHtml(s.name)}<`), `${which}: ${s.name}`);
    const hidden = SEQUENCE_SHAPES.reduce((a, s) => a + s.diagram.steps, 0);
    assert.equal(fill(part, H), hidden);
    assert.equal(fill(part, X), 1 + 1 + 3 + 3 + 3);
    assert.equal(fill(part, Y), 1 + 3 + 1 + 2 + 3);
    assert.ok(part.includes(">Figure 1 · Shapes<"));
  }
  const [wideW, wideH] = viewBox(arrangement(svg, "wide"));
  const [narrowW, narrowH] = viewBox(arrangement(svg, "narrow"));
  assert.ok(narrowW <= 400 && narrowW < wideW / 2, `the phone arrangement is ${narrowW} wide, the page one ${wideW}`);
  assert.ok(narrowH > 2 * wideH, "on a phone the shapes stack in rows");
  assert.match(svg, /@media \(max-width:\d+px\)\{[^}]*aspect-ratio:[\d.]+\/[\d.]+/, "a media query picks the arrangement");
  assert.ok(!/ id="/.test(svg), "no ids that could clash between diagrams on one page");
});

/** Every `<text>` of an SVG, as [font size, content]. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text [^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)].map((m) => [Number(m[1]), m[2]] as const);

test("titles wrap inside the drawing and TeX is written in Unicode: no h_{t−1} or W_h in the SVG text", () => {
  const title = "Figure 1 · The RNN unrolled over four steps: the arrows h_{t−1} → h_t are W_h";
  const svg = rnnDiagram({ steps: 4, weights: true, initialState: true, title });
  const [width] = viewBox(svg);
  const lines = texts(svg).filter(([size, t]) => size === 14 && /Figure|arrows|steps/.test(t));
  assert.ok(lines.length >= 2, `the title is wrapped: ${JSON.stringify(lines)}`);
  assert.equal(lines.map(([, t]) => t).join(" "), "Figure 1 · The RNN unrolled over four steps: the arrows hₜ₋₁ → hₜ are Wₕ");
  // DejaVu Sans Bold is about 0.62 em per character on average; every line must fit the drawing.
  for (const [size, t] of lines) assert.ok(t.length * size * 0.62 <= width, `"${t}" fits ${width} px`);
  for (const [, t] of texts(svg)) assert.doesNotMatch(t, /[_^{}\\]/, `no TeX left in "${t}"`);
});

test("the weight labels are as large as the box labels around them", () => {
  const svg = rnnDiagram({ steps: 3, weights: true });
  const weights = texts(svg).filter(([, t]) => /^W[ₓₕₒ]$/.test(t));
  assert.equal(weights.length, 3);
  for (const [size] of weights) assert.ok(size >= 13, `weight label at ${size} px`);
  assert.ok(!/<text [^>]*fill="#[5-9a-f]{3}"[^>]*>W/.test(svg), "weight labels are dark, not light grey");
});

test("bad options are refused with messages that name them", () => {
  assert.throws(() => rnnDiagram({ steps: 0 }), /steps must be an integer in 1 … 40, got 0/);
  assert.throws(() => rnnDiagram({ steps: 3, inputs: [true, false] }), /inputs: expected .* 3 booleans .* got \[true,false\]/);
  assert.throws(() => rnnDiagram({ steps: 2, labels: { h: ["a"] } }), /labels\.h: expected a base name or 2 strings/);
});
