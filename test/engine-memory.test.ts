/**
 * Tests of lib/engine/memory.ts: for the Elman cell the memory picture by backward passes is the one a
 * chain of forward Jacobian products gives; for every cell the norms are the Jacobians' by central
 * differences, shares sum to 1 over the past, and nothing of the future counts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELLS, cellOf, forward, initParams, Matrix, matMul, memoryShares, Random, ShapeError } from "../lib";
import { randomCellParams, randomMatrix } from "./helpers/cells";
import { assertClose } from "./helpers/close";

/** T steps of n×d inputs drawn from U(−1, 1). */
const seq = (T: number, n: number, d: number) => Array.from({ length: T }, () => randomMatrix(new Random(T * 10 + n + d), n, d, 0.6));

describe("engine/memory", () => {
  for (const of of ["state", "output"] as const) {
    it(`gives the Elman cell's Jacobians as the chain of forward products does (of ${of})`, () => {
      // With row vectors, z_t = b_h + x_t W_x + h_{t−1} W_h and h_t = tanh(z_t), so with D_t = diag(1 − h_t²):
      //   ∂h_t/∂x_t = W_x D_t,   ∂h_t/∂x_k = (∂h_{t−1}/∂x_k) W_h D_t  for k < t   (each d×h), and ∂ŷ_t/∂x_k = (∂h_t/∂x_k) W_o
      const rng = new Random(4);
      const p = initParams({ inputSize: 2, hiddenSize: 5, outputSize: 3 }, 2);
      const xs = Array.from({ length: 6 }, () => randomMatrix(rng, 1, 2));
      const h0 = randomMatrix(rng, 1, 5, 0.5);
      const { norm, share } = memoryShares(p, xs, { h0, of });
      const { H } = forward(p, xs, { h0 });
      const scaled = (J: Matrix, t: number) => {
        const out = J.clone();
        for (let i = 0; i < out.rows; i++) for (let j = 0; j < out.cols; j++) out.set(i, j, out.get(i, j) * (1 - H[t].get(0, j) ** 2));
        return out;
      };
      const size = (J: Matrix) => Math.hypot(...(of === "state" ? J : matMul(J, p.Wo, new Matrix(2, 3))).data);
      let J: Matrix[] = [];
      for (let t = 0; t < 6; t++) {
        J = [...J.map((Jk) => scaled(matMul(Jk, p.Wh, new Matrix(2, 5)), t)), scaled(p.Wx, t)];
        const sizes = J.map(size),
          total = sizes.reduce((a, b) => a + b, 0);
        sizes.forEach((v, k) => {
          assertClose(norm[t][k], v, { abs: 1e-12, rel: 1e-12 }, `norm[${t}][${k}]`);
          assertClose(share[t][k], v / total, { abs: 1e-12 }, `share[${t}][${k}]`);
        });
      }
    });
  }

  for (const name of CELLS) {
    it(`${name}: norm[t][k] is ‖∂h_t/∂x_k‖ by central differences, and shares sum to 1 over k ≤ t`, () => {
      const cell = cellOf(name);
      const rng = new Random(9);
      const p = randomCellParams(cell, rng, 2, 3, 1);
      const xs = Array.from({ length: 4 }, () => randomMatrix(rng, 1, 2)); // n = 1: the norm is that sequence's
      const { norm, share } = memoryShares(p, xs, { cell });
      const eps = 1e-6;
      for (let t = 0; t < 4; t++) {
        for (let k = 0; k < 4; k++) {
          let sq = 0;
          for (let i = 0; i < 2; i++) {
            const at = (delta: number) => {
              const ys = xs.map((x) => x.clone());
              ys[k].data[i] += delta;
              return forward(p, ys, { cell }).H[t].data;
            };
            const up = at(eps),
              down = at(-eps);
            up.forEach((u, j) => (sq += ((u - down[j]) / (2 * eps)) ** 2));
          }
          assertClose(norm[t][k], Math.sqrt(sq), { abs: 1e-8 }, `norm[${t}][${k}]`);
        }
        assertClose(
          share[t].reduce((a, b) => a + b, 0),
          1,
          { abs: 1e-12 },
        );
        for (let k = t + 1; k < 4; k++) assert.equal(share[t][k], 0);
      }
    });
  }

  it("rejects an unknown `of` and a c0 for a cell without c", () => {
    const cell = cellOf("gru");
    const p = randomCellParams(cell, new Random(1), 1, 2, 1);
    assert.throws(() => memoryShares(p, [[[1]]], { cell, of: "everything" as "state" }), /unknown of "everything"/);
    assert.throws(() => memoryShares(p, [[[1]]], { cell, c0: new Matrix(1, 2) }), /c0: the gru cell carries no cell state c/);
  });

  it("with Wh = 0 the state holds only the current input", () => {
    const p = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 2);
    p.Wh.data.fill(0);
    const { share } = memoryShares(p, seq(3, 2, 1));
    share.forEach((row, t) => row.forEach((s, k) => assert.equal(s, k === t ? 1 : 0)));
  });

  it("the output picture multiplies the Jacobian by Wo", () => {
    const p = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 9);
    p.Wo.data.fill(0);
    p.Wo.data[0] = 1; // ŷ reads unit 0 only
    const xs = seq(3, 1, 1);
    const out = memoryShares(p, xs, { of: "output" });
    const eps = 1e-6;
    const y = (delta: number) => {
      const ys = xs.map((x) => x.clone());
      ys[0].data[0] += delta;
      return forward(p, ys).yHat[2].data[0];
    };
    assertClose(out.norm[2][0], Math.abs((y(eps) - y(-eps)) / (2 * eps)), { abs: 1e-6 });
  });

  it("bad arguments are named in the error", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.throws(() => memoryShares(p, [[[1]]]), ShapeError);
    assert.throws(() => memoryShares(p, [[[1, 2]]], { of: "everything" as "state" }), /unknown of "everything"/);
    assert.throws(() => memoryShares(p, [[[1, 2]]], { h0: Matrix.zeros(2, 3) }), /h0/);
  });

  it("memoryShares refuses non-finite parameters instead of returning uniform shares", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
    p.Wh.data[0] = NaN;
    assert.throws(() => memoryShares(p, [[[1, 0]], [[0, 1]]]), /params\.Wh\[0\]\[0\] is NaN, expected a finite number/);
  });

  it("refuses a c0 for a cell without c, parameters of another cell, and an unknown option", () => {
    const xs = seq(5, 2, 2);
    const elman = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
    assert.throws(() => memoryShares(elman, xs, { c0: Matrix.zeros(2, 3) }), /c0: the elman cell carries no cell state c/);
    assert.throws(() => memoryShares(elman, xs, { cell: "lstm" }), /params\.Wh \(lstm gate blocks/);
    assert.throws(() => memoryShares(elman, xs, { off: "output" } as object), /unknown option `off` of memoryShares — did you mean `of`\?/);
  });
});
