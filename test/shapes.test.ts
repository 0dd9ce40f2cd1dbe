/**
 * Tests of lib/shapes.ts: a sequence converted and checked once at the door — nested arrays become
 * matrices, matrices pass as they are, and a wrong width, an empty sequence or batch, a hole or a NaN is
 * named with its step.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, ShapeError, ValueError } from "../lib";
import { toSequence } from "../lib/shapes";

describe("shapes", () => {
  it("converts nested arrays and keeps Matrix steps as they are", () => {
    const x0 = Matrix.from([[1], [2]]);
    const seq = toSequence([x0, Matrix.from([[3], [4]])], 1);
    assert.equal(seq[0], x0);
    const nested = toSequence(
      [
        [[1], [2]],
        [[3], [4]],
      ],
      1,
    );
    assert.deepEqual(
      nested.map((m) => m.toArray()),
      [
        [[1], [2]],
        [[3], [4]],
      ],
    );
  });

  it("names the step whose shape is wrong", () => {
    assert.throws(() => toSequence([[[1, 2]], [[1, 2, 3]]], 2), /expected x_1 \(X\[1\]\) of n×d = 1×2, got 1×3/);
    assert.throws(() => toSequence([[[1, 2]]], 3, "inputs"), /expected x_0 \(inputs\[0\]\) of n×d = 1×3, got 1×2/);
  });

  it("refuses an empty sequence, a hole, a NaN and what is not a sequence, naming each", () => {
    assert.throws(
      () => toSequence([], 1),
      (e: unknown) => e instanceof ShapeError && /empty sequence \(T = 0\)/.test((e as Error).message),
    );
    const holed = [[[1]], [[2]], [[3]]];
    delete holed[1];
    assert.throws(
      () => toSequence(holed, 1),
      (e: unknown) => e instanceof ValueError && /X\[1\] is missing \(a hole in the sequence\)/.test((e as Error).message),
    );
    assert.throws(() => toSequence([[[1]], [[NaN]]], 1), /X\[1\]\[0\]\[0\] is NaN, expected a finite number/);
    assert.throws(() => toSequence("abc" as never, 1), /X: expected a sequence \(an array of T steps, each n×d\), got the string "abc"/);
  });
});
