/**
 * Tests of lib/loss.ts: MSE as the mean over every element, softmax and cross-entropy (stable for
 * huge logits), each gradient against central differences, and the class-index checks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, meanSquaredError, mse, Random, softmax, softmaxCrossEntropy } from "../lib";
import { checkClasses, softmaxRow } from "../lib/loss";
import { assertClose } from "./helpers/close";

function randomMatrix(rng: Random, rows: number, cols: number, std = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, std);
  return m;
}

/** Central differences of f at every entry of m. */
function numericGrad(m: Matrix, f: () => number, eps = 1e-6): number[] {
  return Array.from(m.data, (_, i) => {
    const keep = m.data[i];
    m.data[i] = keep + eps;
    const up = f();
    m.data[i] = keep - eps;
    const down = f();
    m.data[i] = keep;
    return (up - down) / (2 * eps);
  });
}

describe("loss", () => {
  describe("mse", () => {
    it("is the mean of squared errors over all n·k elements", () => {
      const r = mse(
        Matrix.from([
          [1, 2],
          [3, 4],
        ]),
        Matrix.from([
          [0, 2],
          [3, 0],
        ]),
      );
      assert.equal(r.loss, (1 + 0 + 0 + 16) / 4);
      assert.deepEqual(r.grad.toArray(), [
        [0.5, 0],
        [0, 2],
      ]); // (2/N)(ŷ − y)
    });

    it("has the gradient central differences give", () => {
      const rng = new Random(1);
      const yHat = randomMatrix(rng, 3, 2),
        y = randomMatrix(rng, 3, 2);
      const numeric = numericGrad(yHat, () => mse(yHat, y).loss);
      mse(yHat, y).grad.data.forEach((g, i) => assertClose(g, numeric[i], { abs: 1e-8 }));
    });

    it("rejects a target of another shape", () => {
      assert.throws(() => mse(new Matrix(3, 1), new Matrix(3, 2)), /expected y \(target\) of n×k = 3×1, got 3×2/);
    });
  });

  describe("meanSquaredError", () => {
    it("is mse's loss on two lists", () => {
      assert.equal(meanSquaredError([1, 2], [0, 2]), 0.5);
      const rng = new Random(4);
      const a = Array.from({ length: 7 }, () => rng.normal(0, 1)),
        b = Array.from({ length: 7 }, () => rng.normal(0, 1));
      assert.equal(meanSquaredError(a, b), mse([a], [b]).loss);
      assertClose(meanSquaredError(a, b), a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / 7, { abs: 1e-15 });
    });

    it("names lists of unequal length or empty ones", () => {
      assert.throws(
        () => meanSquaredError([1], [1, 2]),
        /expected two non-empty lists of equal length, got an array of 1 and an array of 2/,
      );
      assert.throws(() => meanSquaredError([], []), /got an empty array and an empty array/);
      assert.throws(() => meanSquaredError(null as unknown as number[], [1]), /got null and an array of 1/);
    });
  });

  describe("softmax", () => {
    it("gives rows that are probabilities, uniform for equal logits", () => {
      const p = softmax(
        Matrix.from([
          [0, 0, 0, 0],
          [1, 2, 3, 4],
        ]),
      );
      assert.deepEqual(Array.from(p.rowView(0).data), [0.25, 0.25, 0.25, 0.25]);
      const row = Array.from(p.rowView(1).data);
      assertClose(
        row.reduce((s, v) => s + v, 0),
        1,
        { abs: 1e-15 },
      );
      const e = [1, 2, 3, 4].map(Math.exp),
        sum = e.reduce((s, v) => s + v, 0);
      row.forEach((v, j) => assertClose(v, e[j] / sum, { abs: 1e-15 }));
    });

    it("stays finite for logits around 1e4 (exp would overflow)", () => {
      const p = softmax(Matrix.from([[1e4, 1e4 - 1, -1e4]]));
      assert.ok(p.data.every(Number.isFinite));
      assertClose(p.get(0, 0), 1 / (1 + Math.exp(-1)), { abs: 1e-15 });
      assert.equal(p.get(0, 2), 0);
    });

    it("softmaxRow divides by the temperature, works in place and returns the log-sum-exp", () => {
      const z = Float64Array.from([0, 0, 1, 2, 9]); // the row is z[1 … 3]
      const lse = softmaxRow(z, z, 1, 3, 0.5);
      const e = [0, 1, 2].map((v) => Math.exp(v / 0.5)),
        sum = e.reduce((s, v) => s + v, 0);
      [0, 1, 2].forEach((j) => assertClose(z[1 + j], e[j] / sum, { abs: 1e-15 }));
      assert.equal(z[0], 0);
      assert.equal(z[4], 9);
      assertClose(lse, Math.log(sum), { abs: 1e-14 });
    });
  });

  describe("softmaxCrossEntropy", () => {
    it("is log 2 for two equal logits and averages over rows", () => {
      assert.equal(softmaxCrossEntropy(Matrix.from([[0, 0]]), [1]).loss, Math.log(2));
      const two = softmaxCrossEntropy(
        Matrix.from([
          [0, 0],
          [0, Math.log(3)],
        ]),
        [1, 1],
      ).loss;
      assertClose(two, (Math.log(2) + Math.log(4 / 3)) / 2, { abs: 1e-15 });
    });

    it("is stable for logits of 1e4: finite loss, exact log-sum-exp, finite gradient", () => {
      const logits = Matrix.from([
        [1e4, 0, -1e4],
        [1e4, 1e4, 1e4],
      ]);
      const r = softmaxCrossEntropy(logits, [1, 2]);
      assert.ok(Number.isFinite(r.loss));
      // row 0: −log p_1 = 1e4 − 0 (+ log(1 + …) ≈ 0); row 1: log 3
      assertClose(r.loss, (1e4 + Math.log(3)) / 2, { abs: 1e-9 }, "loss");
      assert.ok(r.grad.data.every(Number.isFinite));
      assertClose([r.grad.get(0, 0), r.grad.get(0, 1)], [0.5, -0.5], { abs: 1e-15 }, "row 0 of the gradient, first two entries");
    });

    it("has gradient (softmax − onehot)/n, as central differences confirm", () => {
      const rng = new Random(2);
      const logits = randomMatrix(rng, 4, 5, 3),
        c = [0, 4, 2, 2];
      const r = softmaxCrossEntropy(logits, c);
      const numeric = numericGrad(logits, () => softmaxCrossEntropy(logits, c).loss);
      r.grad.data.forEach((g, i) => assertClose(g, numeric[i], { abs: 1e-8 }, `grad[${i}]`));
      r.probs.data.forEach((p, i) => {
        const row = Math.floor(i / 5);
        assertClose(r.grad.data[i], (p - (i % 5 === c[row] ? 1 : 0)) / 4, { abs: 1e-15 });
      });
    });

    it("rejects a class index outside the vocabulary, naming it and the range", () => {
      const logits = new Matrix(2, 3);
      assert.throws(
        () => softmaxCrossEntropy(logits, [0, 3]),
        /targets\[1\] = 3 is not a class index: expected an integer in \[0, 2\] \(vocabulary of 3\)/,
      );
      assert.throws(() => softmaxCrossEntropy(logits, [-1, 0]), /targets\[0\] = -1 is not a class index/);
      assert.throws(() => softmaxCrossEntropy(logits, [0, NaN]), /targets\[1\] = NaN is not a class index/);
      assert.throws(() => softmaxCrossEntropy(logits, [0]), /targets: expected 2 class indices \(one per row\), got 1/);
      assert.throws(() => checkClasses([7], 1, 5, "next"), /next\[0\] = 7 is not a class index: expected an integer in \[0, 4\]/);
    });
  });
});
