/**
 * The rolled-and-unrolled drawing: one cell with a loop, the same cell copied once per step, the loop's
 * weight W_h named on both and labelled like every other weight; side by side on a wide page, stacked no
 * wider than a phone's screen on a narrow one; well-formed standalone SVG.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { rolledUnrolledDiagram } from "../lib/notebook/diagram-rolled";
import { NARROW } from "../lib/notebook/diagram";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const fill = (svg: string, colour: string) => count(svg, new RegExp(`<rect [^>]*fill="${colour}"`, "g"));
const [X, H, Y] = ["#f4cccc", "#d9ead3", "#cfe2f3"];

/** The wide and the narrow arrangement inside the diagram, with their drawing sizes. */
function arrangements(svg: string) {
  return ["rnn-wide", "rnn-narrow"].map((cls) => {
    const m = svg.match(new RegExp(`<svg class="${cls}" viewBox="0 0 ([\\d.]+) ([\\d.]+)"[^>]*>(.*?)</svg>`, "s"));
    assert.ok(m, `no ${cls} arrangement`);
    return { width: Number(m[1]), height: Number(m[2]), inner: m[3] };
  });
}

test("each arrangement has the rolled cell with its loop and one hidden box per step unrolled", () => {
  const svg = rolledUnrolledDiagram({ steps: 4, title: "Figure 7 · Rolled & unrolled" });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img"[^>]*>.*<\/svg>$/s);
  for (const { inner } of arrangements(svg)) {
    assert.equal(fill(inner, H), 1 + 4);
    assert.equal(fill(inner, X), 1 + 4);
    assert.equal(fill(inner, Y), 1 + 4);
    assert.equal(count(inner, /<path /g), 1, "the recurrent loop is the one curved arrow");
    assert.ok(inner.includes(">rolled<") && inner.includes(">unrolled over 4 steps<"));
    assert.ok(inner.includes(">hₜ<") && inner.includes(">h₃<") && inner.includes(">h₋₁<"));
    assert.equal(count(inner, />Wₕ</g), 2, "W_h names the loop and the first arrow of the chain");
    const weightLabels = inner.match(/<text [^>]*>W[ₓₕₒ]<\/text>/g) ?? [];
    assert.equal(weightLabels.length, 6);
    for (const label of weightLabels)
      assert.match(label, /font-size="14"[^>]*font-style="italic" fill="#222"/, `every weight label alike, the loop's too: ${label}`);
  }
  assert.ok(svg.includes("Figure 7 · Rolled &amp; unrolled"), "the title is escaped");
  for (const tag of svg.match(/<text [^>]*>/g) ?? []) assert.equal(count(tag, /text-anchor=/g), 1, tag);
});

test("on a phone the rolled cell sits above the unrolled chain, in a drawing no wider than the screen", () => {
  const svg = rolledUnrolledDiagram({ steps: 4, title: "Figure 7 · One RNN, rolled and unrolled in time" });
  const [wide, narrow] = arrangements(svg);
  assert.ok(narrow.width <= NARROW, `narrow arrangement ${narrow.width} wide`);
  assert.ok(wide.width > narrow.width && narrow.height > wide.height, "wide: side by side; narrow: stacked");
  const y = (inner: string, label: string) => Number(inner.match(new RegExp(`y="([\\d.]+)"[^>]*>${label}<`))![1]);
  assert.ok(y(narrow.inner, "hₜ") < y(narrow.inner, "h₀"), "the unrolled chain below the rolled cell");
  assert.equal(y(wide.inner, "hₜ"), y(wide.inner, "h₀"), "side by side, on one line");
  assert.match(
    svg,
    new RegExp(`@media \\(max-width:${NARROW * 1.6}px\\)\\{svg\\.rnn-rolled\\{[^}]*\\}svg\\.rnn-rolled>\\.rnn-wide\\{display:none\\}`),
  );
});

test("the unrolled side follows the output selection and the step count is checked", () => {
  const svg = rolledUnrolledDiagram({ steps: 3, outputs: "last" });
  for (const { inner } of arrangements(svg)) assert.equal(fill(inner, Y), 1 + 1);
  assert.throws(() => rolledUnrolledDiagram({ steps: 0 }), /steps must be an integer in 1 … 40, got 0/);
});
