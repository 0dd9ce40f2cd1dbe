/**
 * lib/notebook/text-panels.ts: a text is cut into lines after spaces, and a quantity along it is drawn
 * one panel per line, every character a labelled column of the same width, one colour bar and one legend.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { textHeatmap, textLineChart, textLines, visibleChar } from "../lib/notebook/text-panels";

test("lines end after a space or a line break that leaves them half full, and a word longer than a line is cut", () => {
  assert.deepEqual(textLines("abc\ndef", 5), [
    [0, 1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(
    textLines("a bcdefghij", 6),
    [
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ],
    "a line of two characters is too short: cut at the width",
  );
  assert.deepEqual(textLines("ab cd ef", 5), [
    [0, 1, 2],
    [3, 4, 5, 6, 7],
  ]);
  assert.deepEqual(textLines("abcdefgh", 3), [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7],
  ]);
  assert.deepEqual(textLines("ação é", 16), [[0, 1, 2, 3, 4, 5]], "characters, not UTF-16 units");
  assert.throws(() => textLines("abc", 0), /width is 0, expected a positive integer/);
  assert.equal(visibleChar(" ") + visibleChar("\n") + visibleChar("a"), "␣⏎a");
});

test("a heatmap along a sentence: one panel per line, the characters as tick labels, one colour bar", () => {
  const text = "o dia de hoje foi bom";
  const z = [Array.from(text, (_, t) => t / 20), Array.from(text, () => 0.5)];
  const fig = textHeatmap(text, z, { title: "Figure 6 · Gates", y: ["unit 0", "unit 1"], zTitle: "f", zmin: 0, zmax: 1, lineWidth: 9 });
  const lines = textLines(text, 9);
  assert.equal(fig.data.length, lines.length);
  fig.data.forEach((trace, k) => {
    const axis = fig.layout[k === 0 ? "xaxis" : `xaxis${k + 1}`];
    assert.deepEqual(axis.ticktext.join(""), lines[k].map((t) => visibleChar(text[t])).join(""), `panel ${k} reads its line`);
    assert.deepEqual(
      trace.z[0],
      lines[k].map((t) => t / 20),
      `panel ${k} holds its characters' values`,
    );
    assert.equal(axis.range[1] - axis.range[0], Math.max(...lines.map((l) => l.length)), "every panel as wide as the longest line");
    assert.equal(trace.showscale !== false, k === 0, "one colour bar");
  });
  assert.equal(fig.layout.title.text, "Figure 6 · Gates");
  assert.deepEqual(fig.layout.yaxis.ticktext, ["unit 0", "unit 1"]);
});

test("lines along a text keep one colour per series in every panel and name each series once", () => {
  const text = "abc def ghi";
  const fig = textLineChart(
    text,
    [
      { y: Array.from(text, (_, t) => t), name: "unit 3" },
      { y: Array.from(text, () => 1), name: "a letter", mode: "markers" },
    ],
    {
      lineWidth: 4,
      yRange: [-1, 1],
    },
  );
  const unit = fig.data.filter((t) => t.name === "unit 3");
  assert.equal(unit.length, 3);
  assert.equal(new Set(unit.map((t) => t.line.color)).size, 1);
  assert.equal(fig.data.filter((t) => t.showlegend !== false).length, 2);
  assert.deepEqual(fig.layout.yaxis3.range, [-1, 1]);
});

test("values that do not match the text's characters are refused", () => {
  assert.throws(() => textHeatmap("abc", [[1, 2]]), /text has 3 characters and the values 2, expected one value per character/);
  assert.throws(() => textLineChart("abc", [{ y: [1, 2, 3, 4] }]), /text has 3 characters and the values 4/);
});
