/**
 * The gated cells' diagrams (lib/notebook/gates.ts): one box per gate with its name and squashing
 * function, the pointwise operations of the equations, the states entering and leaving, escaped
 * titles, well-formed standalone SVG without ids; and on a phone the same cell drawn narrower, not shrunk.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { gruDiagram, lstmDiagram } from "../lib/notebook/gates";

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
/** The names written in bold beside the gate boxes, in drawing order. */
const gateNames = (svg: string) => [...svg.matchAll(/font-weight="bold">([^<]+)<\/text>/g)].map((m) => m[1]);
/** The arrangement `which` ("wide" or "narrow") of a drawing: the markup of its inner <svg>. */
const arrangement = (svg: string, which: string) => {
  const m = new RegExp(`<svg class="rnn-${which}" viewBox="0 0 ([\\d.]+) ([\\d.]+)"[^>]*>(.*?)</svg>`, "s").exec(svg);
  assert.ok(m, `no ${which} arrangement`);
  return { width: Number(m[1]), height: Number(m[2]), svg: m[3] };
};
/** The boxes of each squashing function: a rect, then its text. */
const boxes = (svg: string, fn: string) => count(svg, new RegExp(`<rect [^>]*rx="5"[^>]*/><text [^>]*>${fn}</text>`, "g"));

test("the LSTM has its four gates (σ for i, f, o; tanh for g), tanh of c_t, and c and h entering and leaving", () => {
  assert.match(lstmDiagram(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  for (const which of ["wide", "narrow"]) {
    const svg = arrangement(lstmDiagram(), which).svg;
    assert.deepEqual(gateNames(svg).sort(), ["f", "g", "i", "o"]);
    assert.equal(boxes(svg, "σ"), 3);
    assert.equal(boxes(svg, "tanh"), 2, "the candidate g and tanh(c_t)");
    assert.equal(count(svg, /<circle /g), 4, "f ⊙ c, i ⊙ g, their sum, o ⊙ tanh c");
    for (const s of ["cₜ₋₁", "cₜ", "hₜ₋₁", "hₜ", "xₜ"]) assert.ok(svg.includes(`>${s}<`), s);
    assert.equal(count(svg, /<polyline /g), count(svg, /<polygon /g) + 1, "every wire has a head but the bus");
  }
});

test("the GRU has its three gates (σ for r and z, tanh for n), 1 − z, and h entering and leaving", () => {
  for (const which of ["wide", "narrow"]) {
    const svg = arrangement(gruDiagram(), which).svg;
    assert.deepEqual(gateNames(svg).sort(), ["n", "r", "z"]);
    assert.equal(boxes(svg, "σ"), 2);
    assert.equal(boxes(svg, "tanh"), 1);
    assert.ok(svg.includes(">1−<") && svg.includes(">r ⊙ bₙ<"));
    assert.ok(!svg.includes(">cₜ<"), "the GRU carries no cell state");
  }
});

test("on a phone each cell is drawn at most 400 units wide, its boxes apart and its text the same size", () => {
  for (const draw of [lstmDiagram, gruDiagram]) {
    const wide = arrangement(draw({ title: "Figure 1 · A cell with a long title that a phone has to wrap" }), "wide");
    const narrow = arrangement(draw({ title: "Figure 1 · A cell with a long title that a phone has to wrap" }), "narrow");
    assert.ok(narrow.width <= 400 && wide.width >= 600, `${narrow.width} and ${wide.width}`);
    const sizes = (svg: string) => [...new Set([...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1])))].sort().join();
    assert.equal(sizes(narrow.svg), sizes(wide.svg), "the same text sizes in both");
    const xs = [...narrow.svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="44"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    xs.slice(1).forEach((x, i) => assert.ok(x - xs[i] >= 44 || x === xs[i], `gate boxes overlap: ${xs}`));
  }
});

test("titles are escaped, each drawing is one standalone svg without ids", () => {
  for (const draw of [lstmDiagram, gruDiagram]) {
    const svg = draw({ title: `<b>"x"</b> & y` });
    assert.ok(!svg.includes("<b>") && svg.includes("&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y"));
    assert.equal(count(svg, /<svg xmlns/g), 1);
    assert.ok(!/ id="/.test(svg));
    assert.equal(count(svg, /<text /g), count(svg, /<\/text>/g));
  }
});
