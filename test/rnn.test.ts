/**
 * Tests of lib/rnn.ts: initialisation, parameter and sequence checks, and the forward pass against the
 * equations evaluated independently with mathjs, plus the cases that can be worked out by hand.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as math from "mathjs";
import {
  ActivationName,
  cellSizes,
  forward,
  initParams,
  Matrix,
  PARAM_BUDGET,
  paramCount,
  Params,
  Random,
  ShapeError,
  softmax,
  toParams,
  toSequence,
  ValueError,
} from "../lib";
import { assertClose } from "./helpers/close";

function randomMatrix(rng: Random, rows: number, cols: number, std = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, std);
  return m;
}

const phi: Record<ActivationName, string> = {
  tanh: "tanh(z)",
  relu: "max(z, 0)",
  sigmoid: "1 / (1 + exp(-z))",
  identity: "z",
};

/**
 * The equations, written out in mathjs: h_t = φ(1·b_h + x_t W_x + h_{t−1} W_h), ŷ_t = 1·b_o + h_t W_o,
 * with 1 a column of ones spreading the bias over the n rows.
 */
function mathjsForward(p: Params, xs: Matrix[], act: ActivationName, h0?: Matrix): { H: number[][][]; yHat: number[][][] } {
  const n = xs[0].rows;
  const scope: Record<string, unknown> = {
    Wx: math.matrix(p.Wx.toArray()),
    Wh: math.matrix(p.Wh.toArray()),
    bh: math.matrix(p.bh.toArray()),
    Wo: math.matrix(p.Wo.toArray()),
    bo: math.matrix(p.bo.toArray()),
    one: math.ones(n, 1),
    h: math.matrix(h0 ? h0.toArray() : (math.zeros(n, p.Wh.rows) as math.Matrix).toArray()),
  };
  const f = math.compile(phi[act]);
  const H: number[][][] = [],
    yHat: number[][][] = [];
  for (const x of xs) {
    scope.x = math.matrix(x.toArray());
    const z = math.evaluate("one * bh + x * Wx + h * Wh", scope) as math.Matrix;
    scope.h = math.map(z, (v: number) => f.evaluate({ z: v }) as number);
    H.push((scope.h as math.Matrix).toArray() as number[][]);
    yHat.push((math.evaluate("one * bo + h * Wo", scope) as math.Matrix).toArray() as number[][]);
  }
  return { H, yHat };
}

/** The forward pass against the oracle to 1e-12, relative above 1. */
const tol = { abs: 1e-12, rel: 1e-12 };

describe("rnn", () => {
  describe("initParams", () => {
    it("gives the documented shapes: Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k", () => {
      const p = initParams({ inputSize: 2, hiddenSize: 8, outputSize: 3 }, 1);
      assert.deepEqual([p.Wx.shape, p.Wh.shape, p.bh.shape, p.Wo.shape, p.bo.shape], ["2×8", "8×8", "1×8", "8×3", "1×3"]);
      assert.equal(paramCount(p), 2 * 8 + 8 * 8 + 8 + 8 * 3 + 3);
      assert.equal(paramCount({ encoder: p, decoder: p }), 2 * (2 * 8 + 8 * 8 + 8 + 8 * 3 + 3));
      assert.deepEqual(cellSizes(p), { inputSize: 2, hiddenSize: 8, outputSize: 3 });
    });

    it("draws weights within Glorot's limit √(6/(fan_in + fan_out)) and starts biases at zero", () => {
      const p = initParams({ inputSize: 3, hiddenSize: 5, outputSize: 2 }, 4);
      for (const [m, limit] of [
        [p.Wx, Math.sqrt(6 / 8)],
        [p.Wh, Math.sqrt(6 / 10)],
        [p.Wo, Math.sqrt(6 / 7)],
      ] as const) {
        assert.ok(m.data.every((v) => Math.abs(v) <= limit && v !== 0));
      }
      assert.ok(p.bh.data.every((v) => v === 0) && p.bo.data.every((v) => v === 0));
    });

    it("is bit-identical for the same seed and different for another seed", () => {
      const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };
      const a = initParams(sizes, 42),
        b = initParams(sizes, 42),
        c = initParams(sizes, 43);
      for (const key of ["Wx", "Wh", "Wo"] as const) {
        assert.deepEqual(a[key].data, b[key].data);
        assert.notDeepEqual(a[key].data, c[key].data);
      }
    });

    it("scales Wh by recurrentScale", () => {
      const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };
      const a = initParams(sizes, 3),
        b = initParams(sizes, 3, 0.5);
      a.Wh.data.forEach((v, i) => assert.equal(b.Wh.data[i], v * 0.5));
      assert.deepEqual(a.Wx.data, b.Wx.data);
    });

    it("rejects sizes that are zero, negative or not integers", () => {
      assert.throws(() => initParams({ inputSize: 0, hiddenSize: 4, outputSize: 1 }, 1), /inputSize must be a positive integer, got 0/);
      assert.throws(() => initParams({ inputSize: 2, hiddenSize: -3, outputSize: 1 }, 1), /hiddenSize must be a positive integer, got -3/);
      assert.throws(
        () => initParams({ inputSize: 2, hiddenSize: 4, outputSize: 1.5 }, 1),
        /outputSize must be a positive integer, got 1.5/,
      );
      assert.throws(() => initParams({ inputSize: 2, hiddenSize: 4, outputSize: 1 }, 0.5), /seed must be an integer, got 0.5/);
    });
  });

  describe("toParams and toSequence", () => {
    it("convert nested arrays and keep Matrix arguments as they are", () => {
      const W = Matrix.from([[1]]);
      const p = toParams({
        Wx: [[1, 2]],
        Wh: [
          [0, 0],
          [0, 0],
        ],
        bh: [[0, 0]],
        Wo: [[1], [1]],
        bo: W,
      });
      assert.equal(p.bo, W);
      assert.equal(p.Wx.shape, "1×2");
      const seq = toSequence(
        [
          [[1], [2]],
          [[3], [4]],
        ],
        1,
      );
      assert.deepEqual(
        seq.map((m) => m.shape),
        ["2×1", "2×1"],
      );
    });

    it("name the step whose shape is wrong", () => {
      assert.throws(() => toSequence([[[1, 2]], [[1, 2, 3]]], 2), /expected x_1 \(X\[1\]\) of n×d = 1×2, got 1×3/);
      assert.throws(() => toSequence([[[1, 2]]], 3, "inputs"), /expected x_0 \(inputs\[0\]\) of n×d = 1×3, got 1×2/);
    });
  });

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
            assert.equal(r.activation, act);
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

describe("rnn refuses what would give silent garbage", () => {
  it("paramCount refuses number[][] parameters instead of counting 0", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.throws(
      // @ts-expect-error number[][] leaves are not a ParamTree
      () => paramCount({ ...p, Wh: p.Wh.toArray() }),
      (e: unknown) => e instanceof ValueError && /params\.Wh is a 3×3 array/.test(e.message),
    );
    assert.equal(paramCount(toParams({ ...p, Wh: p.Wh.toArray() })), 2 * 3 + 3 * 3 + 3 + 3 * 1 + 1, "converted, they count");
  });

  it("forward refuses non-finite Matrix parameters, naming the entry", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
    p.Wh.data[4] = NaN;
    assert.throws(
      () => forward(p, [[[1, 0]], [[0, 1]]]),
      (e: unknown) => e instanceof ValueError && /params\.Wh\[1\]\[1\] is NaN, expected a finite number/.test(e.message),
    );
    p.Wh.data[4] = 0;
    p.bo.data[0] = -Infinity;
    assert.throws(() => forward(p, [[[1, 0]]]), /params\.bo\[0\]\[0\] is -Infinity/);
  });

  it("refuses sizes whose parameters exceed the budget, naming the size and the budget, without allocating", () => {
    for (const hiddenSize of [1e5, 16384]) {
      assert.throws(
        () => initParams({ inputSize: 2, hiddenSize, outputSize: 1 }, 0),
        (e: unknown) =>
          e instanceof ShapeError &&
          e.message.includes(`hiddenSize ${hiddenSize}`) &&
          e.message.includes(PARAM_BUDGET.toLocaleString("en-US")) &&
          /reduce hiddenSize/.test(e.message),
      );
    }
    assert.throws(() => initParams({ inputSize: 1e8, hiddenSize: 8, outputSize: 1 }, 0), /reduce inputSize/);
    assert.ok(PARAM_BUDGET >= 1_000_000, "the notebooks' and the benchmark's sizes fit");
  });

  it("refuses params that are not an object, naming what they are", () => {
    for (const [bad, got] of [
      [null, "null"],
      [undefined, "undefined"],
      [[[1]], "a 1×1 array"],
      ["Wx", 'the string "Wx"'],
    ] as const) {
      assert.throws(
        () => toParams(bad as never),
        (e: unknown) => e instanceof ValueError && e.message.includes(`params: expected { Wx, Wh, bh, Wo, bo }`) && e.message.includes(got),
        got,
      );
    }
  });
});

describe("initParams and toParams with a cell", () => {
  const sizes = { inputSize: 3, hiddenSize: 4, outputSize: 2 };

  it("draws the Elman parameters unchanged whether the cell is named or not", () => {
    for (const scale of [1, 0.5]) {
      const a = initParams(sizes, 9, scale),
        b = initParams({ ...sizes, cell: "elman" }, 9, scale),
        c = initParams({ ...sizes, cell: null }, 9, scale);
      for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) {
        assert.deepEqual(Array.from(b[key].data), Array.from(a[key].data), key);
        assert.deepEqual(Array.from(c[key].data), Array.from(a[key].data), key);
      }
    }
  });

  it("gives the LSTM and the GRU one block of h columns per gate, the GRU its bx, the LSTM's forget bias 1", () => {
    const lstm = initParams({ ...sizes, cell: "lstm" }, 1),
      gru = initParams({ ...sizes, cell: "gru" }, 1);
    assert.deepEqual(
      Object.entries(lstm).map(([key, m]) => `${key} ${m.shape}`),
      ["Wx 3×16", "Wh 4×16", "bh 1×16", "Wo 4×2", "bo 1×2"],
    );
    assert.deepEqual(
      Object.entries(gru).map(([key, m]) => `${key} ${m.shape}`),
      ["Wx 3×12", "Wh 4×12", "bx 1×12", "bh 1×12", "Wo 4×2", "bo 1×2"],
    );
    assert.deepEqual(Array.from(lstm.bh.data.subarray(4, 8)), [1, 1, 1, 1], "the forget gate's block");
    assert.ok([0, 8, 12].every((at) => lstm.bh.data.subarray(at, at + 4).every((v) => v === 0)));
    assert.equal(cellSizes(lstm).hiddenSize, 4);
    assert.equal(paramCount(lstm), 3 * 16 + 4 * 16 + 16 + 4 * 2 + 2);
  });

  it("names an unknown cell and lists the known ones", () => {
    assert.throws(
      () => initParams({ ...sizes, cell: "rnn" as "lstm" }, 0),
      (e: Error) => e instanceof ValueError && /unknown cell "rnn", expected one of "elman", "lstm", "gru"/.test(e.message),
    );
    assert.throws(() => toParams(initParams(sizes, 0), { cell: "LSTM" as "lstm" }), ValueError);
  });

  it("counts every gate block against PARAM_BUDGET", () => {
    const big = { inputSize: 1, hiddenSize: 2100, outputSize: 1 }; // 4.4 million for Elman, 17.7 million for the LSTM
    assert.doesNotThrow(() => toParams(initParams(big, 0)));
    assert.throws(
      () => initParams({ ...big, cell: "lstm" }, 0),
      (e: Error) => e instanceof ShapeError && /need 17,658,901 parameters .* reduce hiddenSize \(2100\)/.test(e.message),
    );
  });

  it("checks a gated cell's parameters: gate-block widths, a GRU without bx, each named with its shape and the expected one", () => {
    const lstm = initParams({ ...sizes, cell: "lstm" }, 2);
    assert.equal(toParams(lstm, { cell: "lstm" }).Wh, lstm.Wh, "Matrices pass through");
    assert.throws(
      () => toParams({ ...lstm, Wh: new Matrix(4, 12) }, { cell: "lstm" }),
      (e: Error) =>
        e instanceof ShapeError && /expected params\.Wh \(lstm gate blocks \[i \| f \| g \| o\]\) of h×4h = 4×16, got 4×12/.test(e.message),
    );
    assert.throws(
      () => toParams(initParams(sizes, 2), { cell: "gru" }),
      (e: Error) => e instanceof ValueError && /params\.bx is missing \(expected 1×3h = 1×12\)/.test(e.message),
    );
    const gru = initParams({ ...sizes, cell: "gru" }, 2);
    assert.throws(
      () => toParams({ ...gru, bx: [[0, 0, 0]] }, { cell: "gru" }),
      (e: Error) =>
        e instanceof ShapeError && /expected params\.bx \(gru gate blocks \[r \| z \| n\]\) of 1×3h = 1×12, got 1×3/.test(e.message),
    );
    assert.throws(() => toParams(null as never, { cell: "gru" }), /params: expected the gru cell's \{ Wx, Wh, bx, bh, Wo, bo \}.*got null/);
  });
});
