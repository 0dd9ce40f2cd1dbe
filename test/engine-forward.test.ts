/**
 * Tests of lib/engine/forward.ts: the unrolled pass of every cell starts from the given state, can be cut
 * anywhere and resumed from its state bit for bit (what truncated BPTT relies on), leaves the
 * parameters untouched, and rejects states of the wrong shape or a cell state for a cell without one.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ActivationName, CELLS, cellOf, forward, initParams, Matrix, Params, Random, softmax } from "../lib";
import { mathjsForward, tol } from "./helpers/equations";
import { randomCellParams, randomMatrix } from "./helpers/cells";
import { assertClose } from "./helpers/close";

const T = 6,
  n = 3,
  d = 2,
  h = 4,
  k = 2;

describe("engine/forward", () => {
  for (const name of CELLS) {
    const cell = cellOf(name);
    const rng = new Random(name.length);
    const p = randomCellParams(cell, rng, d, h, k);
    const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
    const hasC = cell.state.includes("c");

    it(`${name}: returns T states and outputs, ŷ_t = b_o + h_t W_o`, () => {
      const fwd = forward(p, xs, { cell });
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
      const whole = forward(p, xs, { cell });
      for (const cut of [1, 3, 5]) {
        const first = forward(p, xs.slice(0, cut), { cell });
        const rest = forward(p, xs.slice(cut), { cell, h0: first.H[cut - 1].clone(), c0: hasC ? first.C[cut - 1].clone() : undefined });
        rest.H.forEach((H, t) => assert.deepEqual(H.data, whole.H[cut + t].data, `h_${cut + t}`));
        rest.C.forEach((C, t) => assert.deepEqual(C.data, whole.C[cut + t].data, `c_${cut + t}`));
        assert.deepEqual(rest.h0.data, whole.H[cut - 1].data);
      }
    });

    it(`${name}: starts from zeros unless given h0${hasC ? " and c0" : ""}`, () => {
      const fwd = forward(p, xs, { cell });
      assert.ok(fwd.h0.data.every((v) => v === 0));
      if (hasC) assert.ok(fwd.c0!.data.every((v) => v === 0));
      const h0 = randomMatrix(rng, n, h);
      const from = forward(p, xs, { cell, h0 });
      assert.deepEqual(from.h0.data, h0.data);
      assert.notDeepEqual(from.H[0].data, fwd.H[0].data);
    });

    it(`${name}: leaves the parameters as they were`, () => {
      const before = Object.values(p).map((m: Matrix) => m.data.slice());
      forward(p, xs, { cell });
      Object.values(p).forEach((m: Matrix, i) => assert.deepEqual(m.data, before[i]));
    });

    it(`${name}: rejects an h0 of the wrong shape${hasC ? "" : ", and any c0"}`, () => {
      assert.throws(() => forward(p, xs, { cell, h0: new Matrix(n, h + 1) }), /expected h0 of n×h = 3×4, got 3×5/);
      if (!hasC) {
        assert.throws(() => forward(p, xs, { cell, c0: new Matrix(n, h) }), new RegExp(`c0: the ${name} cell carries no cell state c`));
      } else {
        assert.throws(() => forward(p, xs, { cell, c0: new Matrix(n + 1, h) }), /expected c0 of n×h = 3×4, got 4×4/);
      }
    });
  }

  it("accepts nested arrays as the sequence and rejects an input of the wrong width, naming the step", () => {
    const cell = cellOf("lstm");
    const p = initParams({ cell, inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.equal(forward(p, [[[1, 2]], [[3, 4]]], { cell }).H.length, 2);
    assert.throws(() => forward(p, [[[1, 2]], [[3, 4, 5]]], { cell }), /expected x_1 \(X\[1\]\) of n×d = 1×2, got 1×3/);
    assert.throws(() => forward(p, [], { cell }), /empty sequence/);
  });

  it("takes h0 as a nested array, and names a hole in the sequence and an unknown option", () => {
    const p = initParams({ inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0);
    const fromArray = forward(p, [[[1]], [[2]]], { h0: [[0.5, -0.5]] });
    const fromMatrix = forward(p, [[[1]], [[2]]], { h0: Matrix.from([[0.5, -0.5]]) });
    assert.deepEqual(fromArray.H[1].data, fromMatrix.H[1].data);
    assert.throws(() => forward(p, [[[1]], [[2]]], { h0: [[0.5]] }), /expected h0 of n×h = 1×2, got 1×1/);
    // eslint-disable-next-line no-sparse-arrays
    assert.throws(() => forward(p, [[[1]], , [[2]]] as number[][][]), /X\[1\] is missing \(a hole in the sequence\)/);
    assert.throws(() => forward(p, [[[1]]], { cels: "lstm" } as object), /unknown option `cels` of forward — did you mean `cell`\?/);
  });

  it("says when parameters belong to another cell", () => {
    const lstm = initParams({ cell: "lstm", inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.throws(
      () => forward(lstm, [[[1, 2]]]),
      /expected params\.Wh of h×h = 3×3, got 3×12: these look like LSTM parameters: pass \{ cell: "lstm" \}/,
    );
    const gru = initParams({ cell: "gru", inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.throws(() => forward(gru, [[[1, 2]]], { cell: "lstm" }), /these look like GRU parameters: pass \{ cell: "gru" \}/);
  });
});

describe("engine/forward of the Elman cell, against the equations", () => {
  describe("forward", () => {
    const cases: [number, number, number, number, number][] = [
      // T, n, d, h, k
      [1, 1, 1, 1, 1],
      [3, 2, 3, 4, 2],
      [5, 4, 2, 3, 1],
      [4, 1, 5, 6, 3],
    ];
    for (const act of ["tanh", "relu", "sigmoid", "identity"] as const) {
      for (const [T, n, d, h, k] of cases) {
        it(`matches the equations evaluated with mathjs (${act}, T = ${T}, n = ${n}, d = ${d}, h = ${h}, k = ${k})`, () => {
          const rng = new Random(T * 100 + h);
          const p: Params = {
            Wx: randomMatrix(rng, d, h, 0.7),
            Wh: randomMatrix(rng, h, h, 0.5),
            bh: randomMatrix(rng, 1, h, 0.3),
            Wo: randomMatrix(rng, h, k),
            bo: randomMatrix(rng, 1, k),
          };
          const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
          const h0 = randomMatrix(rng, n, h, 0.5);
          for (const start of [undefined, h0]) {
            const r = forward(p, xs, { activation: act, h0: start });
            const oracle = mathjsForward(p, xs, act, start);
            assert.equal(r.H.length, T);
            r.H.forEach((Ht, t) => assertClose(Ht, oracle.H[t], tol));
            r.yHat.forEach((Yt, t) => assertClose(Yt, oracle.yHat[t], tol));
          }
        });
      }
    }

    it("gives h_t = tanh(b_h) at every step when all weights are zero", () => {
      const h = 4,
        bh = Matrix.row([0.5, -1, 2, 0]);
      const p: Params = { Wx: new Matrix(3, h), Wh: new Matrix(h, h), bh, Wo: new Matrix(h, 1), bo: Matrix.row([0.25]) };
      const rng = new Random(1);
      const xs = Array.from({ length: 6 }, () => randomMatrix(rng, 2, 3));
      const { H, yHat } = forward(p, xs);
      for (const Ht of H) for (let i = 0; i < 2; i++) assert.deepEqual(Array.from(Ht.rowView(i).data), [0.5, -1, 2, 0].map(Math.tanh));
      for (const Yt of yHat) assert.deepEqual(Yt.toArray(), [[0.25], [0.25]]);
    });

    it("with Wh = 0 is a feed-forward network applied to each step on its own", () => {
      const rng = new Random(2);
      const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 2 }, 5);
      p.Wh = new Matrix(3, 3);
      p.bh = randomMatrix(rng, 1, 3);
      const xs = Array.from({ length: 5 }, () => randomMatrix(rng, 2, 2));
      const { yHat } = forward(p, xs);
      xs.forEach((x, t) => {
        // ŷ = b_o + tanh(b_h + x W_x) W_o, by hand on plain arrays
        const expected = x.toArray().map((row) => {
          const hid = [0, 1, 2].map((j) => Math.tanh(p.bh.get(0, j) + row[0] * p.Wx.get(0, j) + row[1] * p.Wx.get(1, j)));
          return [0, 1].map((c) => p.bo.get(0, c) + hid.reduce((s, v, j) => s + v * p.Wo.get(j, c), 0));
        });
        assertClose(yHat[t], expected, tol);
        // and the answer at step t does not depend on the earlier steps
        assertClose(forward(p, [x]).yHat[0], expected, tol);
      });
    });

    it("is deterministic: the same call twice gives bit-identical states", () => {
      const p = initParams({ inputSize: 2, hiddenSize: 5, outputSize: 1 }, 9);
      const rng = new Random(3);
      const xs = Array.from({ length: 4 }, () => randomMatrix(rng, 3, 2));
      const a = forward(p, xs),
        b = forward(p, xs);
      a.H.forEach((Ht, t) => assert.deepEqual(Ht.data, b.H[t].data));
    });

    it("samples the same sequence for the same seed when its draws are fed back step by step", () => {
      const V = 6;
      const p = initParams({ inputSize: V, hiddenSize: 8, outputSize: V }, 12);
      const sample = (seed: number) => {
        const rng = new Random(seed);
        let h0: Matrix | undefined,
          c = 0;
        const out: number[] = [];
        for (let t = 0; t < 30; t++) {
          const x = new Matrix(1, V);
          x.data[c] = 1;
          const r = forward(p, [x], { h0 });
          h0 = r.H[0];
          c = rng.categorical(softmax(r.yHat[0]).data);
          out.push(c);
        }
        return out;
      };
      assert.deepEqual(sample(5), sample(5));
      assert.notDeepEqual(sample(5), sample(6));
    });

    it("starts from zeros unless h0 is given, and checks h0's shape", () => {
      const p = initParams({ inputSize: 1, hiddenSize: 2, outputSize: 1 }, 1);
      const r = forward(p, [[[1]]]);
      assert.deepEqual(r.h0.toArray(), [[0, 0]]);
      assert.throws(() => forward(p, [[[1]]], { h0: new Matrix(1, 3) }), /expected h0 of n×h = 1×2, got 1×3/);
      assert.throws(() => forward({ ...p, Wh: new Matrix(2, 3) }, [[[1]]]), /expected params\.Wh of h×h = 2×2, got 2×3/);
      assert.throws(() => forward({ ...p, bo: new Matrix(1, 2) }, [[[1]]]), /expected params\.bo of 1×k = 1×1, got 1×2/);
      assert.throws(() => forward(p, [[[1]]], { activation: "softplus" as ActivationName }), /unknown activation "softplus"/);
      assert.throws(() => forward(p, []), /empty sequence \(T = 0\)/);
    });
  });
});
