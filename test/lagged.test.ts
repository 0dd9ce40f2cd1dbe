/**
 * Lagged features and their least-squares fit: the rows line up with the right days, an exact linear
 * relation is recovered exactly, the ice-cream truth is recovered approximately, and bad input is named.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLeastSquares, iceCreamSeries, laggedFeatures, meanSquaredError, predictLinear, ValueError } from "../lib";
import { assertClose } from "./helpers/close";

test("each row holds the last L values of every variable, newest first, and the first L days are dropped", () => {
  const D = laggedFeatures({ a: [1, 2, 3, 4, 5], b: [10, 20, 30, 40, 50] }, "a", 2);
  assert.deepEqual(D.names, ["a_t", "a_{t−1}", "b_t", "b_{t−1}"]);
  assert.deepEqual(D.X, [
    [2, 1, 20, 10],
    [3, 2, 30, 20],
    [4, 3, 40, 30],
  ]);
  assert.deepEqual(D.y, [3, 4, 5]);
  assert.deepEqual(D.targetIndex, [2, 3, 4]);
  assert.equal(D.dropped, 2);
});

test("a series shorter than the lags gives no rows and drops every day", () => {
  const D = laggedFeatures({ a: [1, 2] }, "a", 3);
  assert.equal(D.X.length, 0);
  assert.equal(D.dropped, 2);
});

test("an exact linear relation is recovered to rounding error", () => {
  const X = [
    [0, 1],
    [1, 0],
    [2, 3],
    [4, 1],
    [5, 5],
  ];
  const y = X.map(([u, v]) => 1.5 + 2 * u - 0.5 * v);
  const fit = fitLeastSquares(X, y);
  assertClose(fit.intercept, 1.5, { abs: 1e-9 });
  assertClose(fit.coefficients, [2, -0.5], { abs: 1e-9 });
  assert.ok(meanSquaredError(predictLinear(fit, X), y) < 1e-18);
});

test("on the ice-cream series the fitted lag coefficients are close to the truth", () => {
  const s = iceCreamSeries({ seed: 3, days: 2000 });
  const D = laggedFeatures({ demand: s.demand, temperature: s.temperature }, "demand", 2);
  const fit = fitLeastSquares(D.X, D.y);
  const truth = [s.truth.a, s.truth.b, s.truth.c, s.truth.d];
  fit.coefficients.forEach((c, j) => assertClose(c, truth[j], { abs: 0.15 }, `${D.names[j]}: fitted ${c}, truth ${truth[j]}`));
});

test("collinear features still give a least-squares solution", () => {
  const X = [
    [1, 2],
    [2, 4],
    [3, 6],
    [4, 8],
  ];
  const fit = fitLeastSquares(X, [1, 2, 3, 4]);
  assert.ok(meanSquaredError(predictLinear(fit, X), [1, 2, 3, 4]) < 1e-18);
});

test("bad input is named in the error", () => {
  assert.throws(() => laggedFeatures({ a: [1, 2, 3] }, "b", 1), /target "b" is not one of the variables \(a\)/);
  assert.throws(() => laggedFeatures({ a: [1, 2, 3], b: [1] }, "a", 1), /variables.b has 1 values, expected 3/);
  assert.throws(() => laggedFeatures({ a: [1, 2, 3] }, "a", 0), /lags must be a positive integer, got 0/);
  assert.throws(() => fitLeastSquares([[1], [2]], [1]), /y: expected 2 targets/);
  assert.throws(() => fitLeastSquares([[1, 2], [3]], [1, 2]), /ragged/);
  assert.throws(() => fitLeastSquares([[1, 2]], [1]), /cannot determine 3 coefficients/);
  assert.throws(() => predictLinear({ intercept: 0, coefficients: [1, 2] }, [[1]]), /X\[0\] has 1 features, expected 2/);
});

test("fitLeastSquares names a non-finite or non-number entry instead of fitting garbage", () => {
  assert.throws(
    () => fitLeastSquares([[0], [1], [2]], [1, NaN, 5]),
    (e: unknown) => e instanceof ValueError && /y\[1\] is NaN, expected a finite number/.test(e.message),
  );
  assert.throws(
    () => fitLeastSquares([[0], ["abc" as unknown as number], [2]], [1, 3, 5]),
    (e: unknown) => e instanceof ValueError && /X\[1\]\[0\] is the string "abc", expected a finite number/.test(e.message),
  );
  assert.throws(() => fitLeastSquares([[0], [Infinity], [2]], [1, 3, 5]), /X\[1\]\[0\] is Infinity/);
  assert.throws(() => fitLeastSquares(null as never, [1]), /X: expected an array of rows \(number\[\]\[\]\), got null/);
});
