/**
 * The real series from vega-datasets: the files are found and parsed into dated, finite values with
 * the documented sizes and periods, the panel is aligned, the helpers scale and window without leaking
 * the future, and bad arguments are refused with messages that name them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSP500Daily, loadSP500Monthly, loadUnemploymentPanel, stepsOf, vegaDataPath, windows } from "../lib/data/series";
import { assertClose } from "./helpers/close";

const iso = /^\d{4}-\d{2}-\d{2}$/;
const increasing = (d: string[]) => d.every((v, i) => i === 0 || v > d[i - 1]);

test("daily S&P 500 closes run from 2000-01-03 to 2020-04-17 in date order", () => {
  const s = loadSP500Daily();
  assert.equal(s.values.length, 5105);
  assert.equal(s.dates.length, s.values.length);
  assert.equal(s.dates[0], "2000-01-03");
  assert.equal(s.dates.at(-1), "2020-04-17");
  assert.ok(s.dates.every((d) => iso.test(d)) && increasing(s.dates));
  assert.ok(s.values.every((v) => Number.isFinite(v) && v > 500 && v < 4000));
  assertClose(s.values[0], 1455.219971, { abs: 1e-9 });
});

test("a period and another column can be chosen", () => {
  const s = loadSP500Daily({ from: "2019-01-01", to: "2019-12-31", column: "open" });
  assert.ok(s.dates[0] >= "2019-01-01" && s.dates.at(-1)! <= "2019-12-31");
  assert.ok(s.values.length > 240 && s.values.length < 260, `${s.values.length} trading days`);
  assert.match(s.name, /open/);
  assert.throws(() => loadSP500Daily({ from: "2030-01-01" }), /no S&P 500 trading days between 2030-01-01/);
  assert.throws(() => loadSP500Daily({ from: "1/1/2000" }), /from must be an ISO date "YYYY-MM-DD", got the string "1\/1\/2000"/);
  assert.throws(
    () => loadSP500Daily({ column: "price" as never }),
    /unknown column "price", expected one of "open", "high", "low", "close", "adjclose", "volume"/,
  );
});

test("monthly S&P 500 dates are converted to ISO", () => {
  const m = loadSP500Monthly();
  assert.equal(m.values.length, 123);
  assert.deepEqual([m.dates[0], m.dates.at(-1)], ["2000-01-01", "2010-03-01"]);
  assert.ok(increasing(m.dates) && m.values.every(Number.isFinite));
});

test("the unemployment panel has 14 industries aligned on 122 months", () => {
  const p = loadUnemploymentPanel();
  assert.equal(p.names.length, 14);
  assert.equal(p.dates.length, 122);
  assert.deepEqual([p.dates[0], p.dates.at(-1)], ["2000-01-01", "2010-02-01"]);
  assert.ok(p.names.includes("Construction") && p.names.includes("Finance"));
  assert.ok(p.values.every((s) => s.length === 122 && s.every((v) => Number.isFinite(v) && v >= 0 && v < 40)));
  assert.deepEqual(p.values[p.names.indexOf("Government")].slice(0, 3), [2.1, 2, 1.5]);
  const c = loadUnemploymentPanel({ measure: "count" });
  assert.equal(c.values[c.names.indexOf("Government")][0], 430);
  assert.throws(() => loadUnemploymentPanel({ measure: "ratio" as never }), /unknown measure "ratio", expected one of "rate", "count"/);
});

test("windows shift the targets by the horizon", () => {
  assert.deepEqual(windows([1, 2, 3, 4, 5], 3), {
    inputs: [
      [1, 2, 3],
      [2, 3, 4],
    ],
    targets: [
      [2, 3, 4],
      [3, 4, 5],
    ],
  });
  assert.deepEqual(windows([1, 2, 3, 4, 5, 6, 7], 2, { stride: 3, horizon: 2 }), {
    inputs: [
      [1, 2],
      [4, 5],
    ],
    targets: [
      [3, 4],
      [6, 7],
    ],
  });
  assert.throws(() => windows([1, 2], 2), /need at least length \+ horizon = 3 values, got 2/);
  assert.throws(() => windows([1, 2, 3], 0), /length must be a positive integer, got 0/);
  assert.throws(() => windows([1, 2, 3], 2, { stride: 1.5 }), /stride must be a positive integer, got 1.5/);
});

test("stepsOf lays n sequences of T steps out as T matrices of n×d, scalars as d = 1", () => {
  const scalars = stepsOf([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(
    scalars.map((x) => x.toArray()),
    [
      [[1], [4]],
      [[2], [5]],
      [[3], [6]],
    ],
  );
  const features = stepsOf([
    [
      [1, 10],
      [2, 20],
    ],
    [
      [3, 30],
      [4, 40],
    ],
    [
      [5, 50],
      [6, 60],
    ],
  ]);
  assert.deepEqual(
    features.map((x) => x.toArray()),
    [
      [
        [1, 10],
        [3, 30],
        [5, 50],
      ],
      [
        [2, 20],
        [4, 40],
        [6, 60],
      ],
    ],
  );
});

test("stepsOf names the ragged sequence, step or entry under the caller's argument", () => {
  assert.throws(() => stepsOf([[1, 2], [3]]), /sequences\[1\]: expected 2 steps like sequences\[0\], got an array of 1/);
  assert.throws(
    () => stepsOf([[[1, 2]], [[3]]], "inputs"),
    /inputs\[1\]\[0\]: expected 2 features like inputs\[0\]\[0\], got an array of 1/,
  );
  assert.throws(() => stepsOf([[1, NaN]], "xs"), /xs\[0\]\[1\] is NaN, expected a finite number/);
  assert.throws(() => stepsOf([[[1], ["2" as unknown as number]]]), /sequences\[0\]\[1\]\[0\] is the string "2", expected a finite number/);
  assert.throws(() => stepsOf([]), /sequences: expected a non-empty array of sequences \(n × T × d\), got an empty array/);
  assert.throws(() => stepsOf([[]]), /sequences\[0\]: expected a non-empty array of steps, got an empty array/);
});

test("a missing file is reported with the path searched", () => {
  assert.throws(() => vegaDataPath("nope.csv"), /file "nope.csv" not found in vega-datasets \(looked at .*data\/nope.csv\)/);
});
