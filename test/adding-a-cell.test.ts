/**
 * Adding a cell, from this file alone and the public API: a minimal gated unit (MGU, Zhou et al. 2016, with
 * its forget gate applied after the recurrent product as cuDNN's GRU does) written as a Cell — parameters,
 * one forward step, one backward step — then trained and checked through every objective, truncated BPTT,
 * `train`, the character model and its stepper, the memory picture and the gradient check, with nothing
 * else to change.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CarriedState,
  Cell,
  CellParams,
  CellStepper,
  encoderDecoder,
  forward,
  gateShapes,
  gateValues,
  gradCheck,
  initFromShapes,
  initParams,
  manyToMany,
  manyToOne,
  manyToOneMSE,
  Matrix,
  matMul,
  matMulTransB,
  memoryShares,
  oneToMany,
  optimizer,
  paramCount,
  Random,
  train,
  trainCharLM,
  Vocabulary,
} from "../lib";

const σ = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The MGU: one gate f where the GRU has two.
 *   a_t = x_t W_x,   b_t = h_{t−1} W_h + b_h              Wx d×2h, Wh h×2h, bh 1×2h; blocks [f | n]
 *   f = σ(a_f + b_f),   n = tanh(a_n + f ⊙ b_n),   h_t = (1 − f) ⊙ h_{t−1} + f ⊙ n
 */
const mgu: Cell = {
  name: "mgu",
  blocks: ["f", "n"],
  state: ["h"],
  split: true, // b_n is scaled by f, so a_t and b_t stay apart
  keeps: 0,
  shapes: (sizes) => gateShapes(sizes, 2, false),
  init: (sizes, rng, recurrentScale) => initFromShapes(gateShapes(sizes, 2, false), sizes.hiddenSize, rng, recurrentScale),

  forward(p, s) {
    const n = s.h.rows,
      h = s.h.cols;
    // b_t = h_{t−1} W_h + b_h
    matMul(s.hPrev, p.Wh, s.b);
    const a = s.a.data, // becomes the gate values [f | n]; b_t stays for the backward step
      b = s.b.data,
      bh = p.bh.data,
      hPrev = s.hPrev.data,
      hNow = s.h.data;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < h; j++) {
        const fi = r * 2 * h + j,
          ni = fi + h,
          u = r * h + j;
        b[fi] += bh[j];
        b[ni] += bh[h + j];
        const f = (a[fi] = σ(a[fi] + b[fi])); // f = σ(a_f + b_f)
        const c = (a[ni] = Math.tanh(a[ni] + f * b[ni])); // n = tanh(a_n + f ⊙ b_n)
        hNow[u] = (1 - f) * hPrev[u] + f * c; // h_t = (1 − f) ⊙ h_{t−1} + f ⊙ n
      }
    }
  },

  backward(p, s, g) {
    const n = s.h.rows,
      h = s.h.cols;
    const gates = s.a.data,
      b = s.b.data,
      hPrev = s.hPrev.data,
      dh = g.dh.data,
      da = g.da.data,
      db = g.db.data,
      dhPrev = g.dhPrev.data;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < h; j++) {
        const fi = r * 2 * h + j,
          ni = fi + h,
          u = r * h + j;
        const f = gates[fi],
          c = gates[ni];
        // h_t = (1 − f) ⊙ h_{t−1} + f ⊙ n  ⇒  dn = dh ⊙ f,  h_{t−1} gets dh ⊙ (1 − f)
        dhPrev[u] = dh[u] * (1 - f);
        // n = tanh(a_n + f ⊙ b_n)  ⇒  da_n = dn ⊙ (1 − n²),  db_n = da_n ⊙ f
        const dAn = dh[u] * f * (1 - c * c);
        da[ni] = dAn;
        db[ni] = dAn * f;
        // f enters h_t and n  ⇒  df = dh ⊙ (n − h_{t−1}) + da_n ⊙ b_n;  f = σ(·)  ⇒  da_f = db_f = df ⊙ f(1 − f)
        da[fi] = db[fi] = (dh[u] * (c - hPrev[u]) + dAn * b[ni]) * f * (1 - f);
      }
    }
    // b_t = h_{t−1} W_h + b_h  ⇒  ∂L/∂h_{t−1} = db_t W_hᵀ + dh ⊙ (1 − f)
    matMulTransB(g.db, p.Wh, g.dhPrev, true);
  },
};

const rng = new Random(2016);
const T = 5,
  n = 3,
  d = 2,
  h = 4,
  k = 2;
const randomSteps = (steps: number, rows: number, cols: number) =>
  Array.from(
    { length: steps },
    () =>
      new Matrix(
        rows,
        cols,
        Float64Array.from({ length: rows * cols }, () => rng.normal()),
      ),
  );
const xs = randomSteps(T, n, d);
const ys = randomSteps(T, n, k);
const classes = xs.map(() => [rng.int(k), rng.int(k), rng.int(k)]);

/** Parameters of the MGU with every bias away from zero, so each gradient entry is exercised. */
function params(seed: number): CellParams {
  const p = initParams({ cell: mgu, inputSize: d, hiddenSize: h, outputSize: k }, seed);
  p.bh.data.forEach((_, i) => (p.bh.data[i] = 0.3 * Math.sin(i + seed)));
  return p;
}

/** Every parameter's gradient within 1e-6 of central differences. */
function assertGradients(name: string, p: CellParams | Record<string, CellParams>, f: () => { loss: number; grads: object }): void {
  for (const r of gradCheck(p, () => f() as { loss: number; grads: CellParams })) {
    assert.ok(r.relError <= 1e-6, `${name}: ${r.name} relative error ${r.relError}`);
  }
}

describe("adding a cell from outside the library", () => {
  it("gets its parameters from initParams, in the shapes it declares", () => {
    const p = params(1);
    assert.deepEqual(
      Object.entries(p).map(([key, m]) => `${key} ${(m as Matrix).shape}`),
      ["Wx 2×8", "Wh 4×8", "bh 1×8", "Wo 4×2", "bo 1×2"],
    );
    assert.equal(paramCount(p), 2 * 8 + 4 * 8 + 8 + 4 * 2 + 2);
  });

  it("gives exact gradients through manyToOne, manyToMany (MSE and cross-entropy), oneToMany and manyToOneMSE", () => {
    const p = params(2);
    assertGradients("manyToOne", p, () => manyToOne(p, xs, ys[T - 1], { cell: mgu }));
    assertGradients("manyToMany mse", p, () => manyToMany(p, xs, [null, ...ys.slice(1)], { cell: mgu }));
    assertGradients("manyToMany crossEntropy", p, () => manyToMany(p, xs, classes, { cell: mgu, loss: "crossEntropy" }));
    assertGradients("oneToMany", p, () => oneToMany(p, xs[0], ys, { cell: mgu }));
    assertGradients("manyToOneMSE", p, () => manyToOneMSE(p, xs, ys[T - 1], { cell: mgu }));
  });

  it("gives exact gradients through encoderDecoder, the decoder's ∂L/∂h_{−1} flowing into the encoder", () => {
    const both = { encoder: params(3), decoder: params(4) };
    assertGradients("encoderDecoder", both, () => encoderDecoder(both, xs, xs.slice(0, 3), ys.slice(0, 3), { cell: mgu }));
  });

  it("carries its state across truncated-BPTT windows, as one long pass does", () => {
    const p = params(5);
    const stream = new CarriedState();
    stream.window(p, xs.slice(0, 2), [null, ys[1]], { cell: mgu });
    const second = stream.window(p, xs.slice(2), [null, null, ys[4]], { cell: mgu });
    const whole = forward(p, xs, { cell: mgu });
    second.H.forEach((H, t) => assert.deepEqual(H.data, whole.H[t + 2].data));
  });

  it("trains with train and an optimiser: the loss falls", () => {
    const p = params(6);
    const data = Array.from({ length: 32 }, () => randomSteps(4, 1, d));
    const target = (seq: Matrix[]) => Math.tanh(seq.reduce((s, x) => s + x.data[0] - 0.5 * x.data[1], 0));
    const batch = (idx: number[]) => ({
      xs: Array.from({ length: 4 }, (_, t) => Matrix.from(idx.map((i) => Array.from(data[i][t].data)))),
      y: Matrix.from(idx.map((i) => [target(data[i]), 0])),
    });
    const history = train({
      params: p,
      size: 32,
      epochs: 40,
      batchSize: 8,
      optimizer: "adam",
      optimizerOptions: { lr: 0.02 },
      objective: (q, idx) => {
        const b = batch(idx);
        return manyToOne(q, b.xs, b.y, { cell: mgu });
      },
    });
    assert.ok(history.trainLoss[39] < 0.5 * history.trainLoss[0], `loss ${history.trainLoss[0]} → ${history.trainLoss[39]}`);
  });

  it("serves as a character model: trainCharLM, sampling, scoring, the stepper and its gate", () => {
    const text = "o defunto autor, ou o autor defunto. ".repeat(12);
    const vocab = new Vocabulary(text);
    const model = trainCharLM({ text, cell: mgu, hiddenSize: 12, seqLength: 8, batchSize: 4, steps: 150, seed: 1 });
    assert.equal(model.cell, mgu);
    const uniform = Math.log(vocab.size);
    assert.ok(-model.logLikelihood(text.slice(0, 120)) < 0.6 * uniform, "it learned the text");
    assert.equal(model.sample({ prompt: "o ", length: 20, seed: 3 }).length, 20);
    const stepper = new CellStepper(mgu, model.params);
    stepper.readIds([vocab.id("o")]);
    const f = stepper.gate("f");
    assert.equal(f.shape, "1×12");
    assert.ok(
      f.data.every((v) => v > 0 && v < 1),
      "f = σ(·) is in (0, 1)",
    );
    const fwd = forward(model.params, [vocab.oneHot([vocab.id("o")])], { cell: mgu });
    assert.deepEqual(gateValues(fwd, "f")[0].data, f.data, "the stepper and the engine agree bit for bit");
    assert.throws(() => stepper.gate("z"), /the mgu cell has no gate "z"; its gates are f, n/);
  });

  it("has a memory picture whose shares sum to 1, and its parameters are checked like a built-in cell's", () => {
    const p = params(7);
    const { share } = memoryShares(p, xs, { cell: mgu });
    share.forEach((row, t) => assert.ok(Math.abs(row.slice(0, t + 1).reduce((a, b) => a + b, 0) - 1) < 1e-12));
    assert.throws(
      () => manyToOne({ ...p, Wh: new Matrix(h, h) }, xs, ys[T - 1], { cell: mgu }),
      /expected params\.Wh \(mgu gate blocks \[f \| n\]\) of h×2h = 4×8, got 4×4/,
    );
    assert.throws(() => manyToOne(p, xs, ys[T - 1]), /expected params\.Wh of h×h = 4×4, got 4×8/);
    assert.throws(() => forward(p, xs, { cell: { ...mgu, forward: undefined } as unknown as Cell }), /cell is an object without forward/);
  });

  it("is stepped by an optimiser like any parameter tree", () => {
    const p = params(8),
      before = p.Wh.data.slice();
    optimizer("sgd", { lr: 0.1 }).step(p, manyToOne(p, xs, ys[T - 1], { cell: mgu }).grads);
    assert.notDeepEqual(p.Wh.data, before);
  });
});
