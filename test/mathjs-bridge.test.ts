/**
 * Tests of lib/mathjs-bridge.ts: Matrix ⇄ mathjs round trips, results of mathjs operations read back into
 * the kernels' type, vectors as row vectors, and the refusals of what is not a real 2-D matrix.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as math from "mathjs";
import { Matrix, matMul, Random } from "../lib";
import { fromMathjs, toMathjs } from "../lib/mathjs-bridge";

describe("mathjs", () => {
  it("round-trips a Matrix through a dense mathjs matrix exactly", () => {
    const rng = new Random(1);
    const m = new Matrix(3, 2);
    m.data.forEach((_, i) => (m.data[i] = rng.normal()));
    const x = toMathjs(m);
    assert.ok(math.isMatrix(x));
    assert.deepEqual(x.size(), [3, 2]);
    assert.deepEqual(fromMathjs(x).data, m.data);
  });

  it("reads back mathjs's product as the kernels compute it", () => {
    const A = Matrix.from([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      B = Matrix.from([[1], [0], [-1]]);
    const viaMathjs = fromMathjs(math.multiply(toMathjs(A), toMathjs(B)) as math.Matrix, "A·B");
    assert.deepEqual(viaMathjs.toArray(), matMul(A, B, new Matrix(2, 1)).toArray());
  });

  it("takes a 1-D vector as a row vector, a number as 1×1, and sparse or plain arrays", () => {
    assert.deepEqual(fromMathjs(math.matrix([1, 2, 3])).toArray(), [[1, 2, 3]]);
    assert.deepEqual(fromMathjs(2.5).toArray(), [[2.5]]);
    assert.deepEqual(
      fromMathjs(
        math.sparse([
          [0, 1],
          [2, 0],
        ]),
      ).toArray(),
      [
        [0, 1],
        [2, 0],
      ],
    );
    assert.deepEqual(fromMathjs([[1], [2]]).toArray(), [[1], [2]]);
  });

  it("copies, so later changes to either side do not leak", () => {
    const m = Matrix.from([[1, 2]]);
    const x = toMathjs(m);
    m.set(0, 0, 9);
    assert.deepEqual(x.toArray(), [[1, 2]]);
  });

  it("refuses what is not a finite, non-empty, at most 2-D real matrix, naming the argument", () => {
    assert.throws(() => fromMathjs(math.zeros(2, 2, 2) as math.Matrix, "T"), /T: expected at most 2 dimensions/);
    assert.throws(() => fromMathjs(math.matrix([]), "E"), /E: expected a non-empty matrix, got an empty one/);
    assert.throws(() => fromMathjs(math.matrix([[1, NaN]]), "N"), /N\[0\]\[1\] is NaN, expected a finite number/);
    assert.throws(() => fromMathjs(math.matrix([[math.complex(1, 2)]]) as math.Matrix, "C"), /C\[0\]\[0\] is .*expected a finite number/);
    assert.throws(
      () => fromMathjs({ a: 1 } as unknown as math.Matrix, "O"),
      /O: expected a mathjs matrix, an array or a number, got an object/,
    );
    assert.throws(() => toMathjs([[1]] as unknown as Matrix), /toMathjs: expected a Matrix, got a 1×1 array/);
  });
});
