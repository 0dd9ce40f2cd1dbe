/**
 * Tests of lib/check.ts: each argument check accepts what it should and words its error with the
 * argument's name, the value received and what was expected.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, RNNError, ShapeError, ValueError } from "../lib";
import { allFinite, checkFinite, checkIntAtLeast, checkOneOf, checkPositive, checkPositiveInt, checkRange, checkShape } from "../lib/check";

describe("check", () => {
  it("allFinite finds a NaN or an infinity at every position of arrays of every length up to 9, and passes finite ones", () => {
    for (let n = 0; n <= 9; n++) {
      const finite = Float64Array.from({ length: n }, (_, i) => [1.5, -0, Number.MAX_VALUE, -Number.MIN_VALUE, 0][i % 5]);
      assert.equal(allFinite(finite), true, `${n} finite entries`);
      for (let at = 0; at < n; at++)
        for (const bad of [NaN, Infinity, -Infinity]) {
          const values = Float64Array.from(finite);
          values[at] = bad;
          assert.equal(allFinite(values), false, `${bad} at ${at} of ${n}`);
        }
    }
    assert.equal(allFinite([Infinity, -Infinity]), false, "opposite infinities do not cancel");
  });

  it("checkFinite names the first non-finite entry and passes finite ones", () => {
    checkFinite(
      "W",
      Matrix.from([
        [1, -2],
        [0, 3],
      ]),
    );
    const m = new Matrix(2, 3);
    m.data[4] = NaN;
    m.data[5] = Infinity;
    assert.throws(() => checkFinite("W", m), /^ValueError: W\[1\]\[1\] is NaN, expected a finite number$/);
  });

  it("checkShape states the expected and received shapes", () => {
    checkShape("x_0", new Matrix(32, 2), 32, 2, "n×d");
    assert.throws(() => checkShape("x_0", new Matrix(32, 3), 32, 2, "n×d"), { message: "expected x_0 of n×d = 32×2, got 32×3" });
  });

  it("checkPositiveInt rejects zero, negatives, fractions and NaN", () => {
    checkPositiveInt("T", 1);
    for (const v of [0, -1, 2.5, NaN, Infinity]) {
      assert.throws(() => checkPositiveInt("T", v), { name: "ValueError", message: `T must be a positive integer, got ${v}` });
    }
  });

  it("checkIntAtLeast accepts the floor and rejects what is below it or not an integer", () => {
    checkIntAtLeast("days", 8, 8);
    for (const v of [7, 8.5, NaN]) {
      assert.throws(() => checkIntAtLeast("days", v, 8), { name: "ValueError", message: `days must be an integer ≥ 8, got ${v}` });
    }
  });

  it("checkPositive rejects zero, negatives, NaN and infinities", () => {
    checkPositive("lr", 1e-3);
    for (const v of [0, -0.1, NaN, Infinity]) {
      assert.throws(() => checkPositive("lr", v), { message: `lr must be a positive finite number, got ${v}` });
    }
    assert.throws(() => checkPositive("lr", "0.1" as unknown as number), {
      name: "ValueError",
      message: 'lr must be a positive finite number, got the string "0.1"',
    });
    assert.throws(() => checkPositiveInt("T", "3" as unknown as number), { message: 'T must be a positive integer, got the string "3"' });
    assert.throws(() => checkRange("p", null as unknown as number, 0, 1), { message: "p must be in [0, 1), got null" });
    assert.throws(() => checkOneOf("loss", undefined as unknown as string, ["mse"]), {
      message: 'unknown loss undefined, expected one of "mse"',
    });
  });

  it("checkRange respects open and closed upper ends", () => {
    checkRange("momentum", 0, 0, 1);
    checkRange("p", 1, 0, 1, true);
    assert.throws(() => checkRange("momentum", 1, 0, 1), { message: "momentum must be in [0, 1), got 1" });
    assert.throws(() => checkRange("p", 1.5, 0, 1, true), { message: "p must be in [0, 1], got 1.5" });
  });

  it("checkOneOf lists the allowed names", () => {
    checkOneOf("loss", "mse", ["mse", "crossEntropy"]);
    assert.throws(() => checkOneOf("loss", "l1", ["mse", "crossEntropy"]), {
      message: 'unknown loss "l1", expected one of "mse", "crossEntropy"',
    });
  });

  it("throws ShapeError for shapes and ValueError for values, both RNNErrors", () => {
    assert.throws(
      () => checkPositiveInt("n", 0),
      (e: unknown) => e instanceof ValueError && e instanceof RNNError && e instanceof Error,
    );
    assert.throws(
      () => checkShape("x", new Matrix(1, 2), 2, 2),
      (e: unknown) => e instanceof ShapeError && e instanceof RNNError,
    );
  });
});
