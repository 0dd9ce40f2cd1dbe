/**
 * Tests of lib/cells/memory.ts: for the Elman cell the memory picture by backward passes is the one
 * lib/memory.ts computes by forward products; for every cell the norms are the Jacobians' by central
 * differences, shares sum to 1 over the past, and nothing of the future counts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { initParams, Matrix, memoryShares, Random } from "../lib";
import { CELLS, cellForward, cellMemoryShares, cellOf, elman } from "../lib/cells";
import { randomCellParams, randomMatrix } from "./helpers/cells";
import { assertClose } from "./helpers/close";

describe("cells/memory", () => {
  for (const of of ["state", "output"] as const) {
    it(`gives lib/memory.ts's picture for the Elman cell (of ${of})`, () => {
      const rng = new Random(4);
      const p = initParams({ inputSize: 2, hiddenSize: 5, outputSize: 3 }, 2);
      const xs = Array.from({ length: 6 }, () => randomMatrix(rng, 3, 2));
      const h0 = randomMatrix(rng, 3, 5, 0.5);
      const ref = memoryShares(p, xs, { h0, of }),
        gen = cellMemoryShares(elman(), p, xs, { h0, of });
      ref.norm.forEach((row, t) => row.forEach((v, k) => assertClose(gen.norm[t][k], v, { abs: 1e-12, rel: 1e-12 }, `norm[${t}][${k}]`)));
      ref.share.forEach((row, t) => row.forEach((v, k) => assertClose(gen.share[t][k], v, { abs: 1e-12 }, `share[${t}][${k}]`)));
    });
  }

  for (const name of CELLS) {
    it(`${name}: norm[t][k] is ‖∂h_t/∂x_k‖ by central differences, and shares sum to 1 over k ≤ t`, () => {
      const cell = cellOf(name);
      const rng = new Random(9);
      const p = randomCellParams(cell, rng, 2, 3, 1);
      const xs = Array.from({ length: 4 }, () => randomMatrix(rng, 1, 2)); // n = 1: the norm is that sequence's
      const { norm, share } = cellMemoryShares(cell, p, xs);
      const eps = 1e-6;
      for (let t = 0; t < 4; t++) {
        for (let k = 0; k < 4; k++) {
          let sq = 0;
          for (let i = 0; i < 2; i++) {
            const at = (delta: number) => {
              const ys = xs.map((x) => x.clone());
              ys[k].data[i] += delta;
              return cellForward(cell, p, ys).H[t].data;
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
    assert.throws(() => cellMemoryShares(cell, p, [[[1]]], { of: "everything" as "state" }), /unknown of "everything"/);
    assert.throws(() => cellMemoryShares(cell, p, [[[1]]], { c0: new Matrix(1, 2) }), /c0: the gru cell carries no cell state c/);
  });
});
