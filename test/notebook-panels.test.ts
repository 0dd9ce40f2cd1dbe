/**
 * lib/notebook/panels.ts: charts become panels of one figure, side by side without overlapping, each
 * trace on its own panel's axes and each panel named above it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { barChart, lineChart } from "../lib/notebook/figures";
import { sideBySide } from "../lib/notebook/panels";

const a = lineChart(
  [
    { y: [1, 2, 3], name: "forwards" },
    { y: [3, 2, 1], name: "backwards" },
  ],
  { yTitle: "p" },
);
const b = barChart([{ x: ["x", "y"], y: [0.5, -0.2], name: "RNN" }], { horizontal: true, xTitle: "score" });

test("each panel keeps its traces and axes, on domains side by side that do not overlap", () => {
  const fig = sideBySide([a, b], { title: "Figure 1 · Two panels", names: ["(a) lines", "(b) bars"], gap: 0.1, widths: [1, 2] });
  assert.deepEqual(
    fig.data.map((t) => [t.name, t.xaxis, t.yaxis]),
    [
      ["forwards", "x", "y"],
      ["backwards", "x", "y"],
      ["RNN", "x2", "y2"],
    ],
  );
  const [d1, d2] = [fig.layout.xaxis.domain, fig.layout.xaxis2.domain];
  assert.ok(d1[0] === 0 && d2[1] <= 1 && d2[0] - d1[1] >= 0.1 - 1e-12, `domains ${d1} and ${d2}`);
  assert.ok(Math.abs((d2[1] - d2[0]) / (d1[1] - d1[0]) - 2) < 1e-12, "the second panel is twice as wide");
  assert.equal(fig.layout.yaxis.title.text, "p");
  assert.equal(fig.layout.xaxis2.title.text, "score");
  assert.equal(fig.layout.yaxis2.autorange, "reversed", "the bars' own axis settings are kept");
  assert.equal(fig.layout.xaxis2.anchor, "y2");
  assert.equal(fig.layout.title.text, "Figure 1 · Two panels");
  assert.deepEqual(
    fig.layout.annotations.map((n: { text: string; xref: string }) => [n.text, n.xref]),
    [
      ["(a) lines", "x domain"],
      ["(b) bars", "x2 domain"],
    ],
  );
  assert.equal(fig.layout.showlegend, true);
});

test("panels are not changed in place", () => {
  const before = JSON.stringify(a);
  sideBySide([a, b]);
  assert.equal(JSON.stringify(a), before);
});

test("no panels, a panel that is not a figure, or names of the wrong count are refused", () => {
  assert.throws(() => sideBySide([]), /panels is .*, expected a non-empty array of figures/);
  assert.throws(() => sideBySide([a, 3 as never]), /panels\[1\] is 3, expected a figure/);
  assert.throws(() => sideBySide([a, b], { names: ["only one"] }), /opts\.names has 1 names, expected 2/);
  assert.throws(() => sideBySide([a, b], { gap: 1 }), /opts\.gap is 1, expected a share/);
});
