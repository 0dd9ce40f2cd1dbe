/**
 * Tests of lib/matrix.ts: the Matrix type, its conversions and every kernel against a plain
 * triple-loop reference on random shapes (1×1, non-square, sparse operands, accumulate or not).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, matMul, matMulTransA, matMulTransB, Random, setKernels, ValueError } from "../lib";
import { addColumnSums, addRowVector, asMatrix, sumOfSquares } from "../lib/matrix";
import { assertClose } from "./helpers/close";

function random(rng: Random, rows: number, cols: number, zeroFraction = 0): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < zeroFraction ? 0 : rng.normal();
  return m;
}

/** The textbook definition: C[i][j] = Σ_k A[i][k] B[k][j] on plain arrays. */
function reference(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
}
const transpose = (A: number[][]) => A[0].map((_, j) => A.map((row) => row[j]));

/** Every product to 1e-12, relative above 1. */
const tol = { abs: 1e-12, rel: 1e-12 };

// 1×1, vectors, non-square, sizes around the 4-wide unrolling, and an RNN-sized case
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 5, 1],
  [1, 1, 7],
  [3, 2, 4],
  [2, 7, 3],
  [5, 4, 5],
  [4, 9, 6],
  [6, 3, 1],
  [32, 8, 8],
  [1, 64, 128],
];

describe("matrix", () => {
  describe("Matrix", () => {
    it("stores entries row-major and converts to and from nested arrays", () => {
      const m = Matrix.from([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assert.equal(m.shape, "2×3");
      assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
      assert.equal(m.get(1, 0), 4);
      m.set(1, 0, 9);
      assert.deepEqual(m.toArray(), [
        [1, 2, 3],
        [9, 5, 6],
      ]);
    });

    it("copies on from() and clone(), so the source is never shared", () => {
      const a = Matrix.from([[1, 2]]);
      const b = Matrix.from(a),
        c = a.clone();
      a.set(0, 0, 7);
      assert.equal(b.get(0, 0), 1);
      assert.equal(c.get(0, 0), 1);
    });

    it("gives row views that share storage with the matrix", () => {
      const m = Matrix.from([
        [1, 2],
        [3, 4],
      ]);
      const r = m.rowView(1);
      assert.equal(r.shape, "1×2");
      r.set(0, 1, 40);
      assert.equal(m.get(1, 1), 40);
    });

    it("builds zeros and row vectors", () => {
      assert.deepEqual(Matrix.zeros(2, 1).toArray(), [[0], [0]]);
      assert.deepEqual(Matrix.row([1, 2, 3]).toArray(), [[1, 2, 3]]);
    });

    it("reads anything with toArray(), such as a mathjs matrix", () => {
      const m = Matrix.from({ toArray: () => [[1], [2]] });
      assert.deepEqual(m.toArray(), [[1], [2]]);
    });

    it("rejects ragged arrays, naming the argument and the row", () => {
      assert.throws(() => Matrix.from([[1, 2], [3]], "Wx"), /Wx: ragged array, row 0 has 2 entries but row 1 has 1/);
    });

    it("rejects empty arrays, empty rows and non-arrays", () => {
      assert.throws(() => Matrix.from([], "Wh"), /Wh: expected a non-empty array of rows \(number\[\]\[\]\), got an empty array/);
      assert.throws(() => Matrix.from([[]], "Wh"), /Wh: rows are empty \(0 columns\)/);
      assert.throws(() => Matrix.from([1, 2] as unknown as number[][], "bh"), /bh: expected a non-empty array of rows.*got an array of 2/);
      assert.throws(() => Matrix.from(undefined as unknown as number[][], "bo"), /bo: expected a non-empty array of rows.*got undefined/);
    });

    it("rejects NaN, Infinity and non-numbers, naming the entry", () => {
      assert.throws(() => Matrix.from([[1, NaN]], "Wo"), /Wo\[0\]\[1\] is NaN, expected a finite number/);
      assert.throws(() => Matrix.from([[1], [-Infinity]], "Wo"), /Wo\[1\]\[0\] is -Infinity, expected a finite number/);
      assert.throws(
        () => Matrix.from([[1, "2"]] as unknown as number[][], "Wo"),
        /Wo\[0\]\[1\] is the string "2", expected a finite number/,
      );
      assert.throws(() => Matrix.from([[1, null]] as unknown as number[][], "Wo"), /Wo\[0\]\[1\] is null, expected a finite number/);
    });

    it("rejects holes in an array instead of reading them as 0", () => {
      assert.throws(
        // eslint-disable-next-line no-sparse-arrays
        () => Matrix.from([[1, , 3]] as number[][], "Wx"),
        (e: unknown) => e instanceof ValueError && /Wx\[0\]\[1\] is missing \(a hole in the array\)/.test(e.message),
      );
      // eslint-disable-next-line no-sparse-arrays
      assert.throws(() => Matrix.from([[1, 2], , [3, 4]] as number[][], "Wx"), /Wx: row 1 is missing \(a hole in the array\)/);
      assert.throws(() => asMatrix([[1, undefined as unknown as number]], "y"), /y\[0\]\[1\] is undefined/);
    });

    it("rejects sizes that are negative or not integers, and data of the wrong length", () => {
      assert.throws(() => new Matrix(-1, 2), /rows and cols must be non-negative integers, got -1×2/);
      assert.throws(() => new Matrix(2, 1.5), /rows and cols must be non-negative integers, got 2×1.5/);
      assert.throws(() => new Matrix(2, 2, new Float64Array(3)), /data has 3 entries, expected 2×2 = 4/);
    });
  });

  describe("asMatrix", () => {
    it("passes a Matrix through uncopied and converts nested arrays", () => {
      const m = Matrix.from([[1]]);
      assert.equal(asMatrix(m, "m"), m);
      assert.deepEqual(asMatrix([[2, 3]], "m").toArray(), [[2, 3]]);
    });

    it("still checks a Matrix for non-finite entries", () => {
      const m = Matrix.from([[1, 2]]);
      m.data[1] = Infinity;
      assert.throws(() => asMatrix(m, "params.Wh"), /params\.Wh\[0\]\[1\] is Infinity/);
    });
  });

  describe("kernels", () => {
    const rng = new Random(7);
    for (const [m, p, q] of shapes) {
      for (const sparse of [0, 0.7]) {
        const label = `${m}×${p} by ${p}×${q}${sparse ? ", A mostly zero" : ""}`;
        it(`matMul matches the reference for ${label}, with and without accumulate`, () => {
          const A = random(rng, m, p, sparse),
            B = random(rng, p, q);
          assertClose(matMul(A, B, new Matrix(m, q)), reference(A.toArray(), B.toArray()), tol);
          const out = random(rng, m, q),
            before = out.toArray();
          const sum = reference(A.toArray(), B.toArray()).map((row, i) => row.map((v, j) => v + before[i][j]));
          assertClose(matMul(A, B, out, true), sum, tol);
          const dirty = random(rng, m, q); // without accumulate, whatever out held is overwritten
          assertClose(matMul(A, B, dirty), reference(A.toArray(), B.toArray()), tol);
        });

        it(`matMulTransA matches the reference for ${label}, with and without accumulate`, () => {
          const A = random(rng, p, m, sparse), // Aᵀ is m×p
            B = random(rng, p, q);
          const expected = reference(transpose(A.toArray()), B.toArray());
          assertClose(matMulTransA(A, B, random(rng, m, q)), expected, tol);
          const out = random(rng, m, q),
            before = out.toArray();
          assertClose(
            matMulTransA(A, B, out, true),
            expected.map((row, i) => row.map((v, j) => v + before[i][j])),
            tol,
          );
        });

        it(`matMulTransB matches the reference for ${label}, with and without accumulate`, () => {
          const A = random(rng, m, p, sparse),
            B = random(rng, q, p); // Bᵀ is p×q
          const expected = reference(A.toArray(), transpose(B.toArray()));
          assertClose(matMulTransB(A, B, random(rng, m, q)), expected, tol);
          const out = random(rng, m, q),
            before = out.toArray();
          assertClose(
            matMulTransB(A, B, out, true),
            expected.map((row, i) => row.map((v, j) => v + before[i][j])),
            tol,
          );
        });
      }
    }

    it("matMul exploits one-hot rows without changing the result", () => {
      const V = 64,
        W = random(rng, V, 16);
      const x = new Matrix(2, V);
      x.set(0, 5, 1);
      x.set(1, 63, 1);
      const out = matMul(x, W, new Matrix(2, 16));
      assert.deepEqual(Array.from(out.rowView(0).data), Array.from(W.rowView(5).data));
      assert.deepEqual(Array.from(out.rowView(1).data), Array.from(W.rowView(63).data));
    });

    it("addRowVector adds the bias to every row and addColumnSums sums columns", () => {
      const A = random(rng, 3, 4),
        b = random(rng, 1, 4);
      const expected = A.toArray().map((row) => row.map((v, j) => v + b.get(0, j)));
      assertClose(addRowVector(A.clone(), b), expected, tol);
      const sums = addColumnSums(A, Matrix.row([1, 1, 1, 1]));
      assertClose(sums, [A.toArray().reduce((s, row) => s.map((v, j) => v + row[j]), [1, 1, 1, 1])], tol);
    });

    it("sumOfSquares is the squared Frobenius norm", () => {
      assert.equal(
        sumOfSquares(
          Matrix.from([
            [1, -2],
            [3, 0],
          ]),
        ),
        14,
      );
      assert.equal(sumOfSquares(Matrix.from([[-5]])), 25);
    });

    it("refuse operands whose shapes do not fit, naming the shapes", () => {
      const A = new Matrix(2, 3),
        B = new Matrix(4, 5);
      assert.throws(() => matMul(A, B, new Matrix(2, 5)), /matMul: A 2×3 · B 4×5 into out 2×5 does not fit/);
      assert.throws(() => matMul(A, new Matrix(3, 5), new Matrix(2, 4)), /matMul: .* expected .* out of 2×5/);
      assert.throws(() => matMulTransA(A, B, new Matrix(3, 5)), /matMulTransA: Aᵀ \(A 2×3\) · B 4×5/);
      assert.throws(() => matMulTransB(A, B, new Matrix(2, 4)), /matMulTransB: A 2×3 · Bᵀ \(B 4×5\)/);
      assert.throws(() => addRowVector(new Matrix(2, 3), new Matrix(1, 2)), /addRowVector: expected b of 1×3, got 1×2/);
      assert.throws(() => addColumnSums(new Matrix(2, 3), new Matrix(1, 2)), /addColumnSums: expected out of 1×3, got 1×2/);
    });
  });

  it("computes one output column (q = 1) and an outer product (p = 1) with the bits of the general loops", () => {
    const before = setKernels("typescript");
    try {
      const rng = new Random(17);
      const fill = (r: number, c: number, zeros = 0) =>
        new Matrix(
          r,
          c,
          Float64Array.from({ length: r * c }, () => (rng.uniform() < zeros ? 0 : rng.normal())),
        );
      /** M with a column of zeros appended: the general loop then runs, and its first column must be the narrow path's. */
      const widen = (M: Matrix) => Matrix.from(M.toArray().map((row) => [...row, 0]));
      for (const [m, p] of [
        [5, 19],
        [1, 8],
        [37, 3],
      ]) {
        for (const accumulate of [false, true]) {
          const A = fill(m, p, 0.3),
            b = fill(p, 1),
            start = fill(m, 1);
          const narrow = matMul(A, b, start.clone(), accumulate);
          const wide = matMul(A, widen(b), widen(start), accumulate);
          narrow.data.forEach((v, i) => assert.ok(Object.is(v, wide.get(i, 0)), `A·b, entry ${i}`));
          const At = fill(p, m, 0.3);
          const narrowT = matMulTransA(At, b, start.clone(), accumulate);
          const wideT = matMulTransA(At, widen(b), widen(start), accumulate);
          narrowT.data.forEach((v, i) => assert.ok(Object.is(v, wideT.get(i, 0)), `Aᵀ·b, entry ${i}`));
          // p = 1: out = a bᵀ, each entry a one-term sum, as the general loop computes it with a zero second term
          const a = fill(m, 1),
            c = fill(p, 1),
            startOuter = fill(m, p);
          const outer = matMulTransB(a, c, startOuter.clone(), accumulate);
          const general = matMulTransB(widen(a), widen(c), startOuter.clone(), accumulate);
          outer.data.forEach((v, i) => assert.ok(Object.is(v, general.data[i]), `a·cᵀ, entry ${i}`));
        }
      }
    } finally {
      setKernels(before);
    }
  });
});
