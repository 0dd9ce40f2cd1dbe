/**
 * Tests of lib/objectives.ts: every way of reading and writing a sequence, every activation and both
 * losses, at T = 1, 4 and 20, against central differences; manyToOneMSE against PyTorch autograd
 * (fixtures from test/fixtures/make_torch_fixtures.py); and the bad-input messages.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  encoderDecoder,
  gradCheck,
  initParams,
  manyToMany,
  manyToOne,
  manyToOneMSE,
  Matrix,
  matMul,
  oneToMany,
  CellParams,
  Params,
  Random,
  ShapeError,
  StepTarget,
  ValueError,
  ActivationName,
} from "../lib";
import { relErr, torchCases } from "./helpers/cells";
import { assertClose } from "./helpers/close";

const ACTS: ActivationName[] = ["tanh", "relu", "sigmoid", "identity"];
const LENGTHS = [1, 4, 20];
const TOL = 1e-6;

function randomMatrix(rng: Random, rows: number, cols: number, std = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, std);
  return m;
}

/** Random parameters with non-zero biases (initParams starts them at zero). */
function randomParams(rng: Random, d: number, h: number, k: number): Params {
  const p = initParams({ inputSize: d, hiddenSize: h, outputSize: k }, rng.fork(), 0.8);
  p.bh = randomMatrix(rng, 1, h, 0.3);
  p.bo = randomMatrix(rng, 1, k, 0.3);
  return p;
}

function targetFor(rng: Random, loss: "mse" | "crossEntropy", n: number, k: number): StepTarget {
  return loss === "mse" ? randomMatrix(rng, n, k) : Array.from({ length: n }, () => rng.int(k));
}

/** The smallest distance of a pre-activation z_t from 0 along the actual trajectory (relu's kink). */
function minAbsZ(p: Params, xs: Matrix[], h0?: Matrix): number {
  let prev = h0 ?? new Matrix(xs[0].rows, p.Wh.rows),
    min = Infinity;
  for (const x of xs) {
    const z = matMul(prev, p.Wh, matMul(x, p.Wx, new Matrix(x.rows, p.Wx.cols)), true);
    for (let i = 0; i < z.data.length; i++) z.data[i] += p.bh.data[i % p.bh.cols];
    z.data.forEach((v) => (min = Math.min(min, Math.abs(v))));
    prev = new Matrix(
      z.rows,
      z.cols,
      z.data.map((v) => Math.max(v, 0)),
    );
  }
  return min;
}

function worst(rows: { name: string; relError: number }[]): { name: string; relError: number } {
  return rows.reduce((a, b) => (b.relError > a.relError ? b : a));
}

describe("objectives", () => {
  describe("gradients agree with central differences", () => {
    for (const act of ACTS) {
      for (const loss of ["mse", "crossEntropy"] as const) {
        for (const T of LENGTHS) {
          const d = 3,
            h = 5,
            k = 4,
            n = 2;
          // relu has a kink at 0: draw cases until every pre-activation is well away from it
          const draw = (seed: number, make: (rng: Random) => { p: Params; xs: Matrix[]; h0?: Matrix }) => {
            for (let s = seed; ; s++) {
              const c = make(new Random(s));
              if (act !== "relu" || minAbsZ(c.p, c.xs, c.h0) > 1e-3) return c;
            }
          };
          const opts = { loss, activation: act };

          it(`many-to-one, ${act}, ${loss}, T = ${T}`, () => {
            const rng = new Random(1000 + T);
            const { p, xs } = draw(T, (r) => ({ p: randomParams(r, d, h, k), xs: Array.from({ length: T }, () => randomMatrix(r, n, d)) }));
            const y = targetFor(rng, loss, n, k);
            const rows = gradCheck(p, (q) => manyToOne(q, xs, y, opts));
            assert.ok(worst(rows).relError <= TOL, JSON.stringify(worst(rows)));
          });

          it(`many-to-many with a loss on a subset of steps, ${act}, ${loss}, T = ${T}`, () => {
            const rng = new Random(2000 + T);
            const { p, xs } = draw(T, (r) => ({ p: randomParams(r, d, h, k), xs: Array.from({ length: T }, () => randomMatrix(r, n, d)) }));
            const targets = xs.map((_, t) => (t % 3 === 1 || t === 0 ? targetFor(rng, loss, n, k) : null)); // steps 0, 1, 4, 7, …
            const h0 = randomMatrix(rng, n, h, 0.5);
            const rows = gradCheck(p, (q) => manyToMany(q, xs, targets, { ...opts, h0 }));
            assert.ok(worst(rows).relError <= TOL, JSON.stringify(worst(rows)));
          });

          it(`one-to-many, ${act}, ${loss}, T = ${T}`, () => {
            const rng = new Random(3000 + T);
            const x = randomMatrix(rng, n, d);
            const zeros = Array.from({ length: T }, (_, t) => (t === 0 ? x : new Matrix(n, d)));
            const { p } = draw(T, (r) => ({ p: randomParams(r, d, h, k), xs: zeros }));
            const targets = zeros.map(() => targetFor(rng, loss, n, k));
            const rows = gradCheck(p, (q) => oneToMany(q, x, targets, opts));
            assert.ok(worst(rows).relError <= TOL, JSON.stringify(worst(rows)));
          });

          it(`encoder–decoder (gradients flow into the encoder), ${act}, ${loss}, T = ${T}`, () => {
            const rng = new Random(4000 + T);
            const Tdec = Math.max(1, Math.ceil(T / 2));
            const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
            const decIn = Array.from({ length: Tdec }, () => randomMatrix(rng, n, 2));
            let enc: Params, dec: Params;
            for (let s = 0; ; s++) {
              const r = new Random(s + T);
              enc = randomParams(r, d, h, k);
              dec = randomParams(r, 2, h, k);
              const hT = manyToMany(
                enc,
                xs,
                xs.map(() => null),
                { activation: act, dhLast: new Matrix(n, h) },
              ).H[T - 1];
              if (act !== "relu" || (minAbsZ(enc, xs) > 1e-3 && minAbsZ(dec, decIn, hT) > 1e-3)) break;
            }
            const targets = decIn.map(() => targetFor(rng, loss, n, k));
            const params = { encoder: enc, decoder: dec };
            const rows = gradCheck(params, (q) => encoderDecoder(q, xs, decIn, targets, opts));
            assert.ok(worst(rows).relError <= TOL, JSON.stringify(worst(rows)));
            assert.ok(
              rows.filter((r) => r.name.startsWith("encoder.W")).some((r) => r.analytic.some((v) => v !== 0)),
              "the encoder receives a gradient",
            );
          });
        }
      }
    }
  });

  describe("manyToOneMSE", () => {
    interface TorchCase {
      shape: Record<string, number>;
      params: Record<keyof Params, number[][]>;
      X: number[][][];
      y: number[][];
      loss: number;
      grads: Record<keyof Params, number[][]>;
      H: number[][][];
      yHat: number[][];
    }
    const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "torch-many-to-one-mse.json"), "utf8")) as { cases: TorchCase[] };
    const relErr = (a: number[][], b: number[][]) => {
      let diff = 0,
        norm = 0;
      a.forEach((row, i) =>
        row.forEach((v, j) => {
          diff += (v - b[i][j]) ** 2;
          norm += b[i][j] ** 2;
        }),
      );
      return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300);
    };

    for (const c of fixture.cases) {
      const { T, n, d, h, k } = c.shape;
      it(`matches PyTorch autograd to 1e-9 for T = ${T}, n = ${n}, d = ${d}, h = ${h}, k = ${k}`, () => {
        const r = manyToOneMSE(c.params, c.X, c.y);
        assertClose(r.loss, c.loss, { rel: 1e-9 }, "loss");
        for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) {
          const e = relErr(r.grads[key].toArray(), c.grads[key]);
          assert.ok(e <= 1e-9, `grads.${key}: relative error ${e}`);
        }
        assert.equal(r.H.length, T);
        r.H.forEach((Ht, t) => assert.ok(relErr(Ht.toArray(), c.H[t]) <= 1e-9, `H[${t}]`));
        assert.ok(relErr(r.yHat.toArray(), c.yHat) <= 1e-9, "yHat");
      });
    }

    it("accepts Matrix parameters and returns gradients keyed like the parameters", () => {
      const c = fixture.cases[0];
      const params = Object.fromEntries(Object.entries(c.params).map(([key, v]) => [key, Matrix.from(v)])) as unknown as Params;
      const r = manyToOneMSE(params, c.X, c.y);
      assert.deepEqual(Object.keys(r.grads).sort(), ["Wh", "Wo", "Wx", "bh", "bo"]);
      assert.equal(r.grads.Wh.shape, `${c.shape.h}×${c.shape.h}`);
      assert.equal(r.yHat.shape, `${c.shape.n}×${c.shape.k}`);
    });

    it("computes the loss as the mean over every element of ŷ", () => {
      const p = { Wx: [[0]], Wh: [[0]], bh: [[0]], Wo: [[0, 0]], bo: [[1, 3]] }; // ŷ = [1, 3] whatever x is
      const r = manyToOneMSE(p, [[[5]], [[7]]], [[0, 0]]);
      assert.equal(r.loss, (1 + 9) / 2);
      assert.deepEqual(r.grads.bo.toArray(), [[1, 3]]); // (2/N)(ŷ − y) with N = 2
    });
  });

  describe("sequence shapes", () => {
    const rng = new Random(5);
    const p = randomParams(rng, 2, 3, 2);
    const xs = Array.from({ length: 4 }, () => randomMatrix(rng, 2, 2));
    const y = randomMatrix(rng, 2, 2);

    it("many-to-one equals many-to-many with a target on the last step only", () => {
      const a = manyToOne(p, xs, y),
        b = manyToMany(p, xs, [null, null, null, y]);
      assert.equal(a.loss, b.loss);
      assert.deepEqual(a.grads.Wh.toArray(), b.grads.Wh.toArray());
    });

    it("many-to-many takes the mean of the per-step losses", () => {
      const y2 = randomMatrix(rng, 2, 2);
      const both = manyToMany(p, xs, [null, y2, null, y]);
      const one = manyToMany(p, xs, [null, y2, null, null]),
        last = manyToMany(p, xs, [null, null, null, y]);
      assertClose(both.loss, (one.loss + last.loss) / 2, { abs: 1e-15 });
    });

    it("one-to-many feeds x at step 0 and zeros after it", () => {
      const x = randomMatrix(rng, 2, 2);
      const a = oneToMany(p, x, [y, null, y]);
      const b = manyToMany(p, [x, new Matrix(2, 2), new Matrix(2, 2)], [y, null, y]);
      assert.equal(a.loss, b.loss);
      assert.deepEqual(a.grads.Wx.toArray(), b.grads.Wx.toArray());
    });

    it("encoder–decoder starts the decoder from the encoder's last state", () => {
      const dec = randomParams(rng, 1, 3, 2);
      const decIn = [randomMatrix(rng, 2, 1), randomMatrix(rng, 2, 1)];
      const r = encoderDecoder({ encoder: p, decoder: dec }, xs, decIn, [y, y]);
      const hT = r.encoder.H[3];
      const direct = manyToMany(dec, decIn, [y, y], { h0: hT });
      assert.equal(r.loss, direct.loss);
      assert.deepEqual(r.encoder.dh0.shape, "2×3");
    });

    it("perStep returns each step's share of Wx, Wh, bh, which sum to the gradient", () => {
      const r = manyToMany(p, xs, [y, null, y, y], { perStep: true });
      assert.equal(r.steps!.length, 4);
      for (const key of ["Wx", "Wh", "bh"] as const) {
        const sum = r.steps!.reduce((acc, s) => acc.map((v, i) => v + s[key].data[i]), new Array<number>(r.grads[key].data.length).fill(0));
        sum.forEach((v, i) => assertClose(v, r.grads[key].data[i], { abs: 1e-12 }, `${key}[${i}]`));
      }
    });
  });

  describe("bad input", () => {
    const rng = new Random(9);
    const p = randomParams(rng, 2, 3, 1);
    const xs = Array.from({ length: 3 }, () => randomMatrix(rng, 4, 2));
    const y = randomMatrix(rng, 4, 1);

    it("names x_t when a step's shape does not match Wx", () => {
      const bad = [xs[0], randomMatrix(rng, 4, 3), xs[2]];
      assert.throws(() => manyToOne(p, bad, y), /expected x_1 \(X\[1\]\) of n×d = 4×2, got 4×3/);
      const otherBatch = [xs[0], randomMatrix(rng, 5, 2), xs[2]];
      assert.throws(() => manyToOne(p, otherBatch, y), /expected x_1 \(X\[1\]\) of n×d = 4×2, got 5×2/);
    });

    it("names the parameter whose shape does not fit the others", () => {
      assert.throws(() => manyToOne({ ...p, Wh: new Matrix(3, 2) }, xs, y), /expected params\.Wh of h×h = 3×3, got 3×2/);
      assert.throws(() => manyToOne({ ...p, bh: new Matrix(1, 2) }, xs, y), /expected params\.bh of 1×h = 1×3, got 1×2/);
      assert.throws(() => manyToOne({ ...p, Wo: new Matrix(2, 1) }, xs, y), /expected params\.Wo of h×k = 3×1, got 2×1/);
      assert.throws(() => manyToOne({ ...p, bo: new Matrix(1, 2) }, xs, y), /expected params\.bo of 1×k = 1×1, got 1×2/);
      assert.throws(
        () => manyToOne({ Wx: p.Wx, Wh: p.Wh } as unknown as Params, xs, y),
        /params\.bh is missing \(expected 1×h.*\): the elman cell's parameters are \{ Wx, Wh, bh, Wo, bo \}/,
      );
    });

    it("names the target whose shape does not match ŷ", () => {
      assert.throws(() => manyToOne(p, xs, randomMatrix(rng, 4, 2)), /expected target \(y\) of n×k = 4×1, got 4×2/);
      assert.throws(() => manyToOne(p, xs, randomMatrix(rng, 3, 1)), /expected target \(y\) of n×k = 4×1, got 3×1/);
      assert.throws(() => manyToOneMSE(p, xs, [[1], [2], [3], [4, 5]]), /y: ragged array, row 0 has 1 entries but row 3 has 2/);
    });

    it("rejects ragged nested inputs", () => {
      const ragged = [
        [
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
        ],
        [[1, 2], [3], [5, 6], [7, 8]],
      ];
      assert.throws(() => manyToOneMSE(p, ragged, y), /X\[1\]: ragged array, row 0 has 2 entries but row 1 has 1/);
      assert.throws(
        () =>
          manyToOneMSE(
            {
              ...p,
              Wh: [
                [1, 2, 3],
                [4, 5],
                [6, 7, 8],
              ],
            },
            xs,
            y,
          ),
        /params\.Wh: ragged array/,
      );
    });

    it("rejects NaN and Infinity in inputs, parameters and targets", () => {
      const X = xs.map((x) => x.toArray());
      X[2][3][1] = NaN;
      assert.throws(() => manyToOneMSE(p, X, y), /X\[2\]\[3\]\[1\] is NaN, expected a finite number/);
      const Wx = p.Wx.toArray();
      Wx[1][0] = Infinity;
      assert.throws(() => manyToOneMSE({ ...p, Wx }, xs, y), /params\.Wx\[1\]\[0\] is Infinity, expected a finite number/);
      const badY = y.toArray();
      badY[0][0] = -Infinity;
      assert.throws(() => manyToOneMSE(p, xs, badY), /y\[0\]\[0\] is -Infinity/);
      const h0 = new Matrix(4, 3);
      h0.data[5] = NaN;
      assert.throws(() => manyToOne(p, xs, y, { h0 }), /h0\[1\]\[2\] is NaN/);
    });

    it("rejects params that are null or not an object with a clear error, not a TypeError", () => {
      assert.throws(() => manyToOneMSE(null as never, xs, y), {
        name: "ValueError",
        message: /params: expected the elman cell's \{ Wx, Wh, bh, Wo, bo \}.*got null/,
      });
      assert.throws(() => manyToOneMSE({ ...p, Wh: undefined } as never, xs, y), {
        name: "ValueError",
        message: /params\.Wh is missing \(expected h×h\)/,
      });
      assert.throws(() => encoderDecoder(null as never, xs, xs, [y]), {
        name: "ValueError",
        message: /params: expected \{ encoder, decoder \}.*got null/,
      });
    });

    it("rejects an empty sequence and an empty batch", () => {
      assert.throws(() => manyToOneMSE(p, [], y), /X: empty sequence \(T = 0\), expected T ≥ 1 steps of n×d/);
      assert.throws(() => manyToMany(p, [], []), /empty sequence \(T = 0\)/);
      assert.throws(() => manyToOneMSE(p, [[]], y), /X\[0\]: expected a non-empty array of rows.*got an empty array/);
      assert.throws(() => manyToOne(p, [new Matrix(0, 2)], y), /X: empty batch \(n = 0\), expected n ≥ 1 rows per step/);
      assert.throws(
        () => manyToOne(p, xs[0] as unknown as Matrix[], y),
        /X: expected a sequence \(an array of T steps, each n×d\), got a 4×2 matrix/,
      );
    });

    it("rejects an unknown loss or activation, listing the known ones", () => {
      assert.throws(() => manyToOne(p, xs, y, { loss: "hinge" as "mse" }), /unknown loss "hinge", expected one of "mse", "crossEntropy"/);
      assert.throws(
        () => manyToOne(p, xs, y, { activation: "gelu" as ActivationName }),
        /unknown activation "gelu".*, expected one of "tanh", "relu", "sigmoid", "identity"/,
      );
    });

    it("rejects targets of the wrong count, all null, or not class indices", () => {
      assert.throws(() => manyToMany(p, xs, [y, y]), /targets: expected one entry per step \(T = 3, null where no loss\), got 2/);
      assert.throws(() => manyToMany(p, xs, [null, null, null]), /every entry is null/);
      const pc = randomParams(rng, 2, 3, 5); // 5 classes
      assert.throws(
        () => manyToOne(pc, xs, [0, 1, 5, 2], { loss: "crossEntropy" }),
        /target\[2\] = 5 is not a class index: expected an integer in \[0, 4\] \(vocabulary of 5\)/,
      );
      assert.throws(() => manyToOne(pc, xs, [0, -1, 2, 2], { loss: "crossEntropy" }), /target\[1\] = -1 is not a class index/);
      assert.throws(() => manyToOne(pc, xs, [0, 1.5, 2, 2], { loss: "crossEntropy" }), /target\[1\] = 1.5 is not a class index/);
      assert.throws(() => manyToOne(pc, xs, [0, 1], { loss: "crossEntropy" }), /target: expected 4 class indices \(one per row\), got 2/);
      assert.throws(
        () => manyToOne(pc, xs, [[0], [1]], { loss: "crossEntropy" }),
        /target: crossEntropy takes n class indices, got a nested array/,
      );
    });

    it("rejects an encoder and decoder of different hidden sizes", () => {
      const dec = randomParams(rng, 1, 4, 1);
      assert.throws(
        () => encoderDecoder({ encoder: p, decoder: dec }, xs, [randomMatrix(rng, 4, 1)], [y]),
        /encoder and decoder must share the hidden size h, got 3 and 4/,
      );
    });
  });
});

describe("objectives with a cell option", () => {
  const rng = new Random(31);
  const X = Array.from({ length: 5 }, () => randomMatrix(rng, 4, 2));
  const y = randomMatrix(rng, 4, 1);
  const bits = (a: Matrix) => Array.from(a.data);

  it("leaves the Elman results bit for bit as they were: no option, cell elman and cell null agree", () => {
    const p = randomParams(rng, 2, 3, 1);
    const plain = manyToOneMSE(p, X, y);
    for (const cell of ["elman", null] as const) {
      const r = manyToOneMSE(p, X, y, { cell });
      assert.equal(r.loss, plain.loss);
      for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) assert.deepEqual(bits(r.grads[key]), bits(plain.grads[key]), key);
      assert.deepEqual(bits(r.yHat), bits(plain.yHat));
    }
    assert.deepEqual(plain.C, []);
  });

  for (const cell of ["lstm", "gru"] as const) {
    it(`matches torch.nn.${cell.toUpperCase()} through manyToOneMSE and manyToMany (the committed fixtures, to 1e-9)`, () => {
      for (const c of torchCases(cell)) {
        const state = (m: number[][] | null) => (m ? Matrix.from(m) : undefined);
        const r =
          c.loss_kind === "mse-last" && !c.dhLast
            ? manyToOneMSE(c.params, c.X, c.targets, { cell })
            : manyToMany(
                c.params,
                c.X,
                c.loss_kind === "mse-last" ? c.X.map((_, t) => (t === c.X.length - 1 ? c.targets : null)) : c.targets,
                {
                  cell,
                  loss: c.loss_kind === "mse-last" ? "mse" : "crossEntropy",
                  h0: state(c.h0),
                  c0: state(c.c0),
                  dhLast: state(c.dhLast),
                  dcLast: state(c.dcLast),
                },
              );
        // the fixture's loss includes ⟨dhLast, h_{T−1}⟩ (+ ⟨dcLast, c_{T−1}⟩), which the objectives only pass through as gradients
        if (!c.dhLast) assertClose(r.loss, c.loss, { rel: 1e-9 }, "loss");
        for (const key of Object.keys(c.grads)) {
          const e = relErr(r.grads[key as keyof CellParams]!, c.grads[key]);
          assert.ok(e <= 1e-9, `T = ${c.shape.T}: grads.${key}, relative error ${e}`);
        }
      }
    });
  }

  it("names wrong gate-block widths, a GRU without bx and an unknown cell, with the project's error classes", () => {
    const lstm = initParams({ cell: "lstm", inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
    assert.throws(
      () => manyToOneMSE({ ...lstm, Wx: new Matrix(2, 9) }, X, y, { cell: "lstm" }),
      (e: Error) =>
        e instanceof ShapeError && /expected params\.Wx \(lstm gate blocks \[i \| f \| g \| o\]\) of d×4h = 2×12, got 2×9/.test(e.message),
    );
    assert.throws(
      () => manyToOneMSE(lstm, X, y, { cell: "gru" }),
      (e: Error) => e instanceof ValueError && /params\.bx is missing \(expected 1×3h = 1×9\): the gru cell's parameters/.test(e.message),
    );
    assert.throws(
      () => manyToOneMSE(lstm, X, y),
      (e: Error) =>
        e instanceof ShapeError &&
        /expected params\.Wh of h×h = 3×3, got 3×12: these look like LSTM parameters: pass \{ cell: "lstm" \}/.test(e.message),
    );
    assert.throws(
      () => manyToOneMSE(lstm, X, y, { cell: "lsmt" as "lstm" }),
      (e: Error) =>
        e instanceof ValueError && /unknown cell "lsmt" \(did you mean "lstm"\?\), expected one of "elman", "lstm", "gru"/.test(e.message),
    );
    assert.throws(
      () => manyToOne(lstm, X, y, { cell: "lstm", activation: "relu" }),
      (e: Error) => e instanceof ValueError && /activation "relu" is for the Elman cell/.test(e.message),
    );
    const elman = randomParams(rng, 2, 3, 1);
    assert.throws(
      () => manyToOne(elman, X, y, { c0: new Matrix(4, 3) }),
      (e: Error) => e instanceof ValueError && /c0: the elman cell carries no cell state c/.test(e.message),
    );
    assert.throws(
      () =>
        manyToMany(
          elman,
          X,
          X.map(() => null),
          { dhLast: new Matrix(4, 3), dcLast: new Matrix(4, 3) },
        ),
      /dcLast: the elman cell carries no cell state c/,
    );
  });
});
