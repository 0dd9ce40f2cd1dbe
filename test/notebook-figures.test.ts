/**
 * lib/notebook/figures.ts: the figure builders carry the data they were given, fail on bad input with a
 * message naming the argument, label log axes readably, give many series distinct colours and keep
 * legends and axis labels clear of the plot.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { barChart, distinctColors, heatmap, lineChart, PALETTE, scatterChart } from "../lib/notebook/figures";

test("lineChart gives one scatter trace per series, x defaulting to 0…n−1, with titles and log axes", () => {
  const fig = lineChart(
    [
      { y: [3, 2, 1], name: "train" },
      { x: [1, 2, 3], y: [4, 5, 6], dash: "dash" },
    ],
    { title: "Figure 1 · Loss", xTitle: "epoch", logY: true },
  );
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].x, [0, 1, 2]);
  assert.deepEqual(fig.data[1].line, { dash: "dash" });
  assert.equal(fig.data[0].mode, "lines");
  assert.equal(fig.layout.title.text, "Figure 1 · Loss");
  assert.equal(fig.layout.xaxis.title.text, "epoch");
  assert.equal(fig.layout.yaxis.type, "log");
  assert.equal(scatterChart([{ y: [1] }]).data[0].mode, "markers");
});

test("bad input raises an error that names the argument and what was expected", () => {
  assert.throws(
    () => lineChart([{ x: [1, 2, 3], y: [1, 2] }]),
    /lineChart: series\[0\]\.x has 3 values but y has 2, expected equal lengths/,
  );
  assert.throws(() => lineChart([{ y: [1, NaN] }]), /series\[0\]\.y\[1\] is NaN, expected a finite number/);
  assert.throws(() => lineChart([{ y: [1, Infinity] }]), /y\[1\] is Infinity/);
  assert.throws(() => lineChart([]), /series is an empty array, expected at least one/);
  assert.throws(() => scatterChart([{ y: [] }]), /series\[0\]\.y is an empty array/);
  assert.throws(() => lineChart([{ y: [1, 0] }], { logY: true }), /y\[1\] is 0, expected a positive number on a log axis/);
  assert.throws(() => lineChart([{ y: [1] }], { height: -3 }), /opts\.height is -3/);
  assert.throws(() => barChart([{ x: ["a"], y: [1, 2] }]), /barChart: series\[0\]\.x has 1 values but y has 2/);
  assert.throws(() => heatmap([[1, 2], [3]]), /heatmap: z\[1\] has 1 values, expected 2/);
  assert.throws(() => heatmap([[1, NaN]]), /z\[0\]\[1\] is NaN/);
  assert.throws(() => heatmap([[1, 2]], { x: ["a"] }), /opts\.x has 1 labels, expected 2/);
  assert.throws(() => heatmap([[1, 2]], { zmin: 1, zmax: 0 }), /expected zmin < zmax/);
});

test("heatmaps keep z as given (row 0 on top), with labels and a fixed colour range when asked", () => {
  const fig = heatmap(
    [
      [1, 2],
      [3, 4],
    ],
    { x: ["a", "b"], y: [0, 1], zmin: -4, zmax: 4 },
  );
  assert.deepEqual(fig.data[0].z, [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual([fig.data[0].zmin, fig.data[0].zmax], [-4, 4]);
  assert.equal(fig.layout.yaxis.autorange, "reversed");
});

test("log axes label decades in one format, or 1-2-5 ticks in full, never bare minor digits", () => {
  const wide = lineChart([{ y: [2, 1e-3] }], { logY: true }).layout.yaxis;
  assert.deepEqual(wide.tickvals, [1e-3, 1e-2, 0.1, 1, 10], "over three decades or more: one label per decade");
  assert.deepEqual(wide.ticktext, ["0.001", "0.01", "0.1", "1", "10"], "0.001 … 10 written as plain decimals");
  assert.deepEqual(wide.minor.tickvals.slice(0, 3), [0.002, 0.003, 0.004], "a light grid line at 2 … 9 × 10ⁿ");
  const powers = lineChart([{ y: [1e-5, 12] }], { logY: true }).layout.yaxis;
  assert.deepEqual(
    powers.ticktext,
    ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1", "10", "10²"],
    "10⁻⁴ … 1 as powers, not 100µ beside 0.001",
  );
  assert.equal(powers.exponentformat, undefined, "written by the library in the axis's own font, not Plotly's larger power format");
  const mid = lineChart([{ x: [1, 32], y: [120, 250] }], { logX: true, logY: true }).layout;
  assert.deepEqual([mid.xaxis.dtick, mid.xaxis.tickformat], ["D2", "~g"], "1, 2, 5, 10, 20 written in full");
  assert.equal(mid.yaxis.tickformat, "~g", "within half a decade, evenly spaced ticks written in full");
  assert.equal(
    lineChart([{ y: [0.11, 1] }], { logY: true }).layout.yaxis.dtick,
    "D2",
    "a decade: 0.1, 0.2, 0.5, 1, not 0.6 … 0.9 crowded under 1",
  );
  assert.equal(mid.yaxis.dtick, undefined);
  assert.equal(lineChart([{ y: [1, 2] }]).layout.yaxis.tickformat, undefined, "linear axes keep Plotly's ticks");
});

test("colours: more than ten series get distinct colours; pairs share one; a second y axis on the right", () => {
  const many = lineChart(Array.from({ length: 14 }, (_, k) => ({ y: [k, k + 1], name: `s${k}` })));
  assert.equal(new Set(many.layout.colorway).size, 14, "14 series, 14 colours");
  assert.equal(lineChart([{ y: [1] }, { y: [2] }]).layout.colorway, undefined, "up to ten: Plotly's own colours");
  assert.equal(new Set(distinctColors(30)).size, 30);
  assert.deepEqual(distinctColors(3), PALETTE.slice(0, 3));
  const pair = lineChart([
    { y: [1, 2], name: "actual", color: PALETTE[2] },
    { y: [1, 3], name: "forecast", color: PALETTE[2], dash: "dash" },
  ]);
  assert.deepEqual(pair.data[1].line, { dash: "dash", color: PALETTE[2] });
  assert.equal(pair.data[0].line.color, pair.data[1].line.color);
  const two = lineChart(
    [
      { y: [300, 320], name: "litres" },
      { y: [20, 24], name: "°C", axis: "y2" },
    ],
    { yTitle: "litres", y2Title: "°C" },
  );
  assert.equal(two.data[1].yaxis, "y2");
  assert.equal(two.data[0].yaxis, undefined);
  assert.deepEqual([two.layout.yaxis2.overlaying, two.layout.yaxis2.side, two.layout.yaxis2.title.text], ["y", "right", "°C"]);
  assert.throws(() => lineChart([{ y: [1], axis: "y3" as "y2" }]), /series\[0\]\.axis is the string "y3", expected "y" or "y2"/);
});

test("legends sit below the plot and axes make room for their labels", () => {
  const { layout } = lineChart([
    { y: [1], name: "a" },
    { y: [2], name: "b" },
  ]);
  assert.deepEqual([layout.legend.orientation, layout.legend.yref, layout.legend.yanchor], ["h", "container", "bottom"]);
  assert.equal(layout.xaxis.automargin, true);
  assert.equal(layout.yaxis.automargin, true);
});

test("a heatmap's colour bar carries its title", () => {
  const fig = heatmap([[1, 2]], { zTitle: "activation <h>" });
  assert.equal(fig.data[0].colorbar.title.text, "activation &lt;h&gt;");
});

test("horizontal bars put the values on x and the labels on y, first label at the top", () => {
  const fig = barChart([{ x: ["first", "second"], y: [0.5, -0.25], name: "RNN" }], { horizontal: true, xTitle: "score" });
  assert.deepEqual([fig.data[0].orientation, fig.data[0].x, fig.data[0].y], ["h", [0.5, -0.25], ["first", "second"]]);
  assert.equal(fig.layout.yaxis.autorange, "reversed");
  assert.equal(fig.layout.xaxis.title.text, "score");
});
