/**
 * The ice-cream series: the same seed gives the same days, the windows have the shapes the RNN
 * expects and line up with the days they came from, least squares recovers the documented lag
 * coefficients, and bad arguments are refused with messages that name them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as math from "mathjs";
import { ICE_CREAM_TRUTH, iceCreamDataset, iceCreamSeries, iceCreamWindows, scaleOf, manyToOneMSE, initParams } from "../lib";
import { assertClose } from "./helpers/close";

test("the same seed gives the same series and a different seed a different one", () => {
  const a = iceCreamSeries({ seed: 7, days: 200 }),
    b = iceCreamSeries({ seed: 7, days: 200 }),
    c = iceCreamSeries({ seed: 8, days: 200 });
  assert.deepEqual(a.demand, b.demand);
  assert.deepEqual(a.temperature, b.temperature);
  assert.notDeepEqual(a.demand, c.demand);
  assert.equal(a.day.length, 200);
  assert.equal(a.demand.length, 200);
  assert.equal(a.temperature.length, 200);
});

test("demand stays positive and temperature follows its season", () => {
  const s = iceCreamSeries({ seed: 0 });
  assert.ok(Math.min(...s.demand) > 0, `min demand ${Math.min(...s.demand)}`);
  // January (around the peak day) is warmer than July, half a period later.
  const meanOf = (lo: number) => s.temperature.slice(lo, lo + 30).reduce((x, y) => x + y, 0) / 30;
  assert.ok(meanOf(0) > meanOf(182) + 8, `January ${meanOf(0)} vs July ${meanOf(182)}`);
});

test("windows are T × n × 2 inputs of the T days before each target, with y n × 1", () => {
  const s = iceCreamSeries({ seed: 1, days: 50 });
  const w = iceCreamWindows(s, { window: 4 });
  assert.equal(w.X.length, 4);
  assert.equal(w.X[0].length, 46);
  assert.equal(w.X[0][0].length, 2);
  assert.equal(w.y.length, 46);
  assert.equal(w.y[0].length, 1);
  const i = 10,
    day = w.targetDay[i];
  assert.equal(day, 14);
  assert.equal(w.y[i][0], s.demand[day]);
  for (let t = 0; t < 4; t++) assert.deepEqual(w.X[t][i], [s.demand[day - 4 + t], s.temperature[day - 4 + t]]);
  // and they feed the library's many-to-one regression as they are
  const r = manyToOneMSE(initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0), w.X, w.y);
  assert.equal(r.yHat.rows, 46);
});

test("least squares on the lagged values recovers the documented coefficients", () => {
  const s = iceCreamSeries({ seed: 3, days: 3000 });
  const rows: number[][] = [],
    ys: number[][] = [];
  for (let t = 1; t < s.demand.length - 1; t++) {
    rows.push([1, s.demand[t], s.demand[t - 1], s.temperature[t], s.temperature[t - 1]]);
    ys.push([s.demand[t + 1]]);
  }
  const A = math.matrix(rows),
    At = math.transpose(A);
  const beta = (math.lusolve(math.multiply(At, A), math.multiply(At, math.matrix(ys))) as math.Matrix).toArray() as number[][];
  const [, a, b, c, d] = beta.map((r) => r[0]);
  const { a: ta, b: tb, c: tc, d: td } = ICE_CREAM_TRUTH;
  assertClose(a, ta, { abs: 0.05 }, `a = ${a}, truth ${ta}`);
  assertClose(b, tb, { abs: 0.05 }, `b = ${b}, truth ${tb}`);
  assertClose(c, tc, { abs: 0.25 }, `c = ${c}, truth ${tc}`);
  assertClose(d, td, { abs: 0.25 }, `d = ${d}, truth ${td}`);
  // a third day back carries no weight
  rows.length = 0;
  ys.length = 0;
  for (let t = 2; t < s.demand.length - 1; t++) {
    rows.push([1, s.demand[t], s.demand[t - 1], s.demand[t - 2], s.temperature[t], s.temperature[t - 1], s.temperature[t - 2]]);
    ys.push([s.demand[t + 1]]);
  }
  const B = math.matrix(rows),
    Bt = math.transpose(B);
  const gamma = (math.lusolve(math.multiply(Bt, B), math.multiply(Bt, math.matrix(ys))) as math.Matrix).toArray() as number[][];
  assertClose(gamma[3][0], 0, { abs: 0.05 }, "demand_{t−2} weight");
  assertClose(gamma[6][0], 0, { abs: 0.25 }, "temp_{t−2} weight");
});

test("the dataset splits in time order and scales with training statistics only", () => {
  const ds = iceCreamDataset({ seed: 0, days: 400, validationFraction: 0.25 });
  const n = 400 - 4;
  assert.equal(ds.validation.y.length, Math.floor(n * 0.25));
  assert.equal(ds.train.y.length + ds.validation.y.length, n);
  assert.ok(Math.max(...ds.train.targetDay) < Math.min(...ds.validation.targetDay));
  assert.deepEqual(ds.all.y, [...ds.train.y, ...ds.validation.y]);
  assert.deepEqual(ds.all.X[3], [...ds.train.X[3], ...ds.validation.X[3]]);
  const seen = ds.train.y.length + 4;
  assert.deepEqual(ds.demandScale, scaleOf(ds.series.demand.slice(0, seen)));
  const i = 5,
    day = ds.validation.targetDay[i];
  assertClose(ds.unscaleDemand(ds.validation.y[i][0]), ds.series.demand[day], { abs: 1e-9 });
  // the scaled training targets have mean ≈ 0 and std ≈ 1
  const yt = ds.train.y.map((r) => r[0]);
  const sc = scaleOf(yt);
  assertClose([sc.mean, sc.std], [0, 1], { abs: 0.05 }, "[mean, std]");
});

test("bad arguments are refused with messages that name them", () => {
  assert.throws(() => iceCreamSeries({ days: 3 }), /days must be an integer ≥ 8, got 3/);
  assert.throws(() => iceCreamSeries({ days: 10.5 }), /days must be an integer ≥ 8, got 10.5/);
  assert.throws(() => iceCreamSeries({ truth: { a: 0.8, b: 0.3 } }), /\|a\| \+ \|b\| must be < 1.*a = 0.8, b = 0.3/);
  assert.throws(() => iceCreamSeries({ truth: { c: NaN } }), /truth.c must be a finite number, got NaN/);
  assert.throws(() => iceCreamSeries({ seed: 1.5 }), /seed must be an integer, got 1.5/);
  const s = iceCreamSeries({ days: 10 });
  assert.throws(() => iceCreamWindows(s, { window: 0 }), /window must be a positive integer, got 0/);
  assert.throws(() => iceCreamWindows(s, { window: 10 }), /window 10 needs more than 10 days, the series has 10/);
  assert.throws(() => iceCreamWindows(s, { demandScale: { mean: 0, std: 0 } }), /demandScale must have a finite mean and std > 0/);
  assert.throws(() => iceCreamDataset({ validationFraction: 1 }), /validationFraction must be in \[0, 1\), got 1/);
  assert.throws(() => scaleOf([]), /scaleOf: values is empty/);
});
