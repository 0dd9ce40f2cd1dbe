/**
 * The gated cells' diagrams (lib/notebook/gates.ts): one box per gate with its name and squashing
 * function, the pointwise operations of the equations, the states entering and leaving, escaped
 * titles, well-formed standalone SVG without ids.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { gruDiagram, lstmDiagram } from "../lib/notebook/gates";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
/** The names written in bold beside the gate boxes, in drawing order. */
const gateNames = (svg: string) => [...svg.matchAll(/font-weight="bold">([^<]+)<\/text>/g)].map((m) => m[1]);
/** The boxes of each squashing function: a rect, then its text. */
const boxes = (svg: string, fn: string) => count(svg, new RegExp(`<rect [^>]*rx="5"[^>]*/><text [^>]*>${fn}</text>`, "g"));

test("the LSTM has its four gates (σ for i, f, o; tanh for g), tanh of c_t, and c and h entering and leaving", () => {
  const svg = lstmDiagram();
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  assert.deepEqual(gateNames(svg).sort(), ["f", "g", "i", "o"]);
  assert.equal(boxes(svg, "σ"), 3);
  assert.equal(boxes(svg, "tanh"), 2, "the candidate g and tanh(c_t)");
  assert.equal(count(svg, /<circle /g), 4, "f ⊙ c, i ⊙ g, their sum, o ⊙ tanh c");
  for (const s of ["cₜ₋₁", "cₜ", "hₜ₋₁", "hₜ", "xₜ"]) assert.ok(svg.includes(`>${s}<`), s);
  assert.equal(count(svg, /<polyline /g), count(svg, /<polygon /g) + 1, "every wire has a head but the bus");
});

test("the GRU has its three gates (σ for r and z, tanh for n), 1 − z, and h entering and leaving", () => {
  const svg = gruDiagram();
  assert.deepEqual(gateNames(svg).sort(), ["n", "r", "z"]);
  assert.equal(boxes(svg, "σ"), 2);
  assert.equal(boxes(svg, "tanh"), 1);
  assert.ok(svg.includes(">1−<") && svg.includes(">r ⊙ bₙ<"));
  assert.ok(!svg.includes(">cₜ<"), "the GRU carries no cell state");
});

test("titles are escaped, each drawing is one standalone svg without ids", () => {
  for (const draw of [lstmDiagram, gruDiagram]) {
    const svg = draw({ title: `<b>"x"</b> & y` });
    assert.ok(!svg.includes("<b>") && svg.includes("&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y"));
    assert.equal(count(svg, /<svg /g), 1);
    assert.ok(!/ id="/.test(svg));
    assert.equal(count(svg, /<text /g), count(svg, /<\/text>/g));
  }
});
