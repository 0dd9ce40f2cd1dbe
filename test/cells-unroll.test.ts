/**
 * Tests of lib/cells/unroll.ts: the unrolled pass of every cell starts from the given state, can be cut
 * anywhere and resumed from its state bit for bit (what truncated BPTT relies on), leaves the
 * parameters untouched, and rejects states of the wrong shape or a cell state for a cell without one.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, Random } from "../lib";
import { CELLS, cellForward, cellOf, initCellParams } from "../lib/cells";
import { randomCellParams, randomMatrix } from "./helpers/cells";
import { assertClose } from "./helpers/close";

const T = 6,
  n = 3,
  d = 2,
  h = 4,
  k = 2;

describe("cells/unroll", () => {
  for (const name of CELLS) {
    const cell = cellOf(name);
    const rng = new Random(name.length);
    const p = randomCellParams(cell, rng, d, h, k);
    const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
    const hasC = cell.state.includes("c");

    it(`${name}: returns T states and outputs, ŷ_t = b_o + h_t W_o`, () => {
      const fwd = cellForward(cell, p, xs);
      assert.equal(fwd.H.length, T);
      assert.equal(fwd.C.length, hasC ? T : 0);
      fwd.yHat.forEach((y, t) => {
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < k; c++) {
            let expected = p.bo.get(0, c);
            for (let j = 0; j < h; j++) expected += fwd.H[t].get(r, j) * p.Wo.get(j, c);
            assertClose(y.get(r, c), expected, { abs: 1e-14 });
          }
        }
      });
    });

    it(`${name}: cut after any step and resumed from its state, gives the same states bit for bit`, () => {
      const whole = cellForward(cell, p, xs);
      for (const cut of [1, 3, 5]) {
        const first = cellForward(cell, p, xs.slice(0, cut));
        const rest = cellForward(cell, p, xs.slice(cut), {
          h0: first.H[cut - 1].clone(),
          c0: hasC ? first.C[cut - 1].clone() : undefined,
        });
        rest.H.forEach((H, t) => assert.deepEqual(H.data, whole.H[cut + t].data, `h_${cut + t}`));
        rest.C.forEach((C, t) => assert.deepEqual(C.data, whole.C[cut + t].data, `c_${cut + t}`));
        assert.deepEqual(rest.h0.data, whole.H[cut - 1].data);
      }
    });

    it(`${name}: starts from zeros unless given h0${hasC ? " and c0" : ""}`, () => {
      const fwd = cellForward(cell, p, xs);
      assert.ok(fwd.h0.data.every((v) => v === 0));
      if (hasC) assert.ok(fwd.c0!.data.every((v) => v === 0));
      const h0 = randomMatrix(rng, n, h);
      const from = cellForward(cell, p, xs, { h0 });
      assert.deepEqual(from.h0.data, h0.data);
      assert.notDeepEqual(from.H[0].data, fwd.H[0].data);
    });

    it(`${name}: leaves the parameters as they were`, () => {
      const before = Object.values(p).map((m: Matrix) => m.data.slice());
      cellForward(cell, p, xs);
      Object.values(p).forEach((m: Matrix, i) => assert.deepEqual(m.data, before[i]));
    });

    it(`${name}: rejects an h0 of the wrong shape${hasC ? "" : ", and any c0"}`, () => {
      assert.throws(() => cellForward(cell, p, xs, { h0: new Matrix(n, h + 1) }), /expected h0 of n×h = 3×4, got 3×5/);
      if (!hasC) {
        assert.throws(() => cellForward(cell, p, xs, { c0: new Matrix(n, h) }), new RegExp(`c0: the ${name} cell carries no cell state c`));
      } else {
        assert.throws(() => cellForward(cell, p, xs, { c0: new Matrix(n + 1, h) }), /expected c0 of n×h = 3×4, got 4×4/);
      }
    });
  }

  it("accepts nested arrays as the sequence and rejects an input of the wrong width, naming the step", () => {
    const cell = cellOf("lstm");
    const p = initCellParams(cell, { inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.equal(cellForward(cell, p, [[[1, 2]], [[3, 4]]]).H.length, 2);
    assert.throws(() => cellForward(cell, p, [[[1, 2]], [[3, 4, 5]]]), /expected x_1 \(X\[1\]\) of n×d = 1×2, got 1×3/);
    assert.throws(() => cellForward(cell, p, []), /empty sequence/);
  });
});
