/**
 * lib/notebook/highlight.ts: the series in focus keep distinct colours and are drawn last; the rest turn
 * grey and share one legend entry.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lineChart, PALETTE } from "../lib/notebook/figures";
import { BACKGROUND_GREY, highlight } from "../lib/notebook/highlight";

const names = ["Government", "Construction", "Agriculture", "Finance"];
const fig = lineChart(names.map((name, k) => ({ y: [k, k + 1], name })));

test("the named series are coloured and on top, the others grey under one legend entry", () => {
  const h = highlight(fig, ["Agriculture", "Construction"], "2 other industries");
  assert.deepEqual(
    h.data.map((t) => [t.name, t.line.color, t.showlegend ?? true]),
    [
      ["2 other industries", BACKGROUND_GREY, true],
      ["Finance", BACKGROUND_GREY, false],
      ["Agriculture", PALETTE[0], true],
      ["Construction", PALETTE[1], true],
    ],
  );
  assert.deepEqual(h.data[1].y, [3, 4], "the data stay with their series");
  assert.equal(h.layout.colorway, undefined);
});

test("a name that is not a series is refused, with the series there are", () => {
  assert.throws(() => highlight(fig, ["Mining"], "others"), /no trace named "Mining"; the traces are Government, Construction/);
});
