/**
 * The rolled-and-unrolled drawing: one cell with a loop on the left, the same cell copied once per
 * step on the right, the loop's weight W_h named on both sides, well-formed standalone SVG.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { rolledUnrolledDiagram } from "../lib/notebook/diagram";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const fill = (svg: string, colour: string) => count(svg, new RegExp(`<rect [^>]*fill="${colour}"`, "g"));
const [X, H, Y] = ["#f4cccc", "#d9ead3", "#cfe2f3"];

test("the rolled cell has one box of each kind and a loop; the unrolled side one hidden box per step", () => {
  const svg = rolledUnrolledDiagram({ steps: 4, title: "Figure 7 · Rolled & unrolled" });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  assert.equal(fill(svg, H), 1 + 4);
  assert.equal(fill(svg, X), 1 + 4);
  assert.equal(fill(svg, Y), 1 + 4);
  assert.equal(count(svg, /<path /g), 1, "the recurrent loop is the one curved arrow");
  assert.ok(svg.includes(">rolled<") && svg.includes(">unrolled over 4 steps<"));
  assert.ok(svg.includes(">hₜ<") && svg.includes(">h₃<") && svg.includes(">h₋₁<"));
  assert.equal(count(svg, />Wₕ</g), 2, "W_h names the loop and the first arrow of the chain");
  assert.ok(svg.includes("Figure 7 · Rolled &amp; unrolled"), "the title is escaped");
  for (const tag of svg.match(/<text [^>]*>/g) ?? []) assert.equal(count(tag, /text-anchor=/g), 1, tag);
});

test("the unrolled side follows the output selection and the step count is checked", () => {
  const svg = rolledUnrolledDiagram({ steps: 3, outputs: "last" });
  assert.equal(fill(svg, Y), 1 + 1);
  assert.throws(() => rolledUnrolledDiagram({ steps: 0 }), /steps must be an integer in 1 … 40, got 0/);
});
