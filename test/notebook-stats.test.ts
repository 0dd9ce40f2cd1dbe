/**
 * lib/notebook/stats.ts: the notebooks' few statistics against values worked out by hand, and clear
 * errors where a statistic is undefined.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { argmax, correlation, mean, slope, std } from "../lib/notebook/stats";
import { assertClose } from "./helpers/close";

test("mean and standard deviation (dividing by n) of a small list", () => {
  assert.equal(mean([1, 2, 6]), 3);
  assertClose(std([2, 4, 4, 4, 5, 5, 7, 9]), 2, { abs: 1e-15 });
  assert.equal(mean(Float64Array.from([0.5, 1.5])), 1, "typed arrays too");
});

test("the correlation of a line is ±1, of independent patterns 0, and does not change with scale", () => {
  const x = [1, 2, 3, 4, 5];
  assertClose(
    correlation(
      x,
      x.map((v) => 3 * v - 2),
    ),
    1,
    { abs: 1e-15 },
  );
  assertClose(
    correlation(
      x,
      x.map((v) => -v),
    ),
    -1,
    { abs: 1e-15 },
  );
  assertClose(correlation([1, -1, 1, -1], [1, 1, -1, -1]), 0, { abs: 1e-15 });
  // by hand, for y = [1, 4, 4]: x̄ = 2, ȳ = 3, Σ(x − x̄)(y − ȳ) = 3, Σ(x − x̄)² = 2, Σ(y − ȳ)² = 6
  assertClose(correlation([1, 2, 3], [1, 4, 4]), 3 / Math.sqrt(2 * 6), { abs: 1e-15 });
  assertClose(correlation([1, 2, 3], [10, 40, 40]), correlation([1, 2, 3], [1, 4, 4]), { abs: 1e-15 });
});

test("the slope of the least-squares line", () => {
  assertClose(slope([0, 1, 2, 3], [1, 3, 5, 7]), 2, { abs: 1e-15 });
  assertClose(slope([1, 2, 3], [1, 4, 4]), 1.5, { abs: 1e-15 });
});

test("argmax gives the first of the largest values", () => {
  assert.equal(argmax([0.1, 0.7, 0.2]), 1);
  assert.equal(argmax([3, 5, 5]), 1);
});

test("empty lists, unequal lengths, NaN and constant values are refused with what was wrong", () => {
  assert.throws(() => mean([]), /mean: v is .*, expected at least 1 number/);
  assert.throws(() => correlation([1, 2], [1, 2, 3]), /x has 2 values and y 3, expected equal lengths/);
  assert.throws(() => slope([1, NaN], [1, 2]), /x\[1\] is NaN, expected a finite number/);
  assert.throws(() => correlation([1, 1, 1], [1, 2, 3]), /x is constant, so the correlation is undefined/);
  assert.throws(() => slope([2, 2], [1, 3]), /x is constant, so no line fits/);
});
