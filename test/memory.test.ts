/**
 * The memory picture: its Jacobian norms agree with finite differences of the forward pass, its
 * shares are a distribution over k ≤ t, and a network without recurrence remembers only x_t.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellMemoryShares, cellOf, forward, initParams, Matrix, memoryShares, Random, ShapeError } from "../lib";
import { assertClose } from "./helpers/close";

const rng = new Random(11);
const sequence = (T: number, n: number, d: number) =>
  Array.from(
    { length: T },
    () =>
      new Matrix(
        n,
        d,
        Float64Array.from({ length: n * d }, () => rng.uniform(-1, 1)),
      ),
  );

test("the norms of ∂h_t/∂x_k match central finite differences of the forward pass", () => {
  const p = initParams({ inputSize: 2, hiddenSize: 5, outputSize: 1 }, 3, 1.5);
  const xs = sequence(4, 1, 2);
  const { norm } = memoryShares(p, xs);
  const eps = 1e-6;
  for (let t = 0; t < 4; t++) {
    for (let k = 0; k < 4; k++) {
      let sq = 0;
      for (let j = 0; j < 2; j++) {
        const shifted = (delta: number) => {
          const ys = xs.map((x) => x.clone());
          ys[k].data[j] += delta;
          return forward(p, ys).H[t].data;
        };
        const up = shifted(eps),
          down = shifted(-eps);
        for (let u = 0; u < 5; u++) sq += ((up[u] - down[u]) / (2 * eps)) ** 2;
      }
      assertClose(norm[t][k], Math.sqrt(sq), { abs: 1e-6 }, `norm[${t}][${k}]`);
    }
  }
});

test("each row of shares is a distribution over the inputs seen so far", () => {
  const p = initParams({ inputSize: 1, hiddenSize: 6, outputSize: 1 }, 5);
  const { share } = memoryShares(p, sequence(4, 3, 1));
  assert.deepEqual(share[0], [1, 0, 0, 0]);
  share.forEach((row, t) => {
    assertClose(
      row.reduce((a, b) => a + b, 0),
      1,
      { abs: 1e-12 },
    );
    row.forEach((s, k) => (k > t ? assert.equal(s, 0) : assert.ok(s > 0)));
  });
});

test("with Wh = 0 the state holds only the current input", () => {
  const p = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 2);
  p.Wh.data.fill(0);
  const { share } = memoryShares(p, sequence(3, 2, 1));
  share.forEach((row, t) => row.forEach((s, k) => assert.equal(s, k === t ? 1 : 0)));
});

test("the output picture multiplies the Jacobian by Wo", () => {
  const p = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 9);
  p.Wo.data.fill(0);
  p.Wo.data[0] = 1; // ŷ reads unit 0 only
  const xs = sequence(3, 1, 1);
  const out = memoryShares(p, xs, { of: "output" });
  const eps = 1e-6;
  const y = (delta: number) => {
    const ys = xs.map((x) => x.clone());
    ys[0].data[0] += delta;
    return forward(p, ys).yHat[2].data[0];
  };
  assertClose(out.norm[2][0], Math.abs((y(eps) - y(-eps)) / (2 * eps)), { abs: 1e-6 });
});

test("bad arguments are named in the error", () => {
  const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
  assert.throws(() => memoryShares(p, [[[1]]]), ShapeError);
  assert.throws(() => memoryShares(p, [[[1, 2]]], { of: "everything" as "state" }), /unknown of "everything"/);
  assert.throws(() => memoryShares(p, [[[1, 2]]], { h0: Matrix.zeros(2, 3) }), /h0/);
});

test("memoryShares refuses non-finite parameters instead of returning uniform shares", () => {
  const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
  p.Wh.data[0] = NaN;
  assert.throws(() => memoryShares(p, [[[1, 0]], [[0, 1]]]), /params\.Wh\[0\]\[0\] is NaN, expected a finite number/);
});

test("memoryShares takes a cell: the LSTM's and the GRU's pictures are lib/cells/memory.ts's", () => {
  const xs = sequence(5, 2, 2);
  for (const cell of ["lstm", "gru"] as const) {
    const p = initParams({ cell, inputSize: 2, hiddenSize: 3, outputSize: 2 }, 4);
    for (const of of ["state", "output"] as const) {
      const a = memoryShares(p, xs, { cell, of }),
        b = cellMemoryShares(cellOf(cell), p, xs, { of });
      assert.deepEqual(a, b);
      a.share.forEach((row) =>
        assertClose(
          row.reduce((s, v) => s + v, 0),
          1,
          { abs: 1e-12 },
        ),
      );
    }
  }
  const elman = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
  assert.throws(() => memoryShares(elman, xs, { c0: Matrix.zeros(2, 3) }), /c0: the elman cell carries no cell state c/);
  assert.throws(() => memoryShares(elman, xs, { cell: "lstm" }), /params\.Wh \(lstm gate blocks/);
});
