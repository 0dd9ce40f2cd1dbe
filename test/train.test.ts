/**
 * Tests of lib/train.ts: seeded shuffling, the validation split taken from the end, early stopping
 * that restores the best parameters, the divergence error, callbacks, and bit-identical reruns.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  initParams,
  manyToOne,
  manyToOneMSE,
  Matrix,
  Optimizer,
  OptimizerName,
  Params,
  Random,
  train,
  TrainingDivergedError,
  ValueError,
} from "../lib";
import { assertClose } from "./helpers/close";

/** y_i = 3 x_i: a one-weight least-squares problem, with the minibatches it was called on. */
function line(size: number) {
  const xs = Array.from({ length: size }, (_, i) => i / size - 0.5);
  const calls: number[][] = [];
  const objective = (p: { w: Matrix }, idx: number[]) => {
    calls.push([...idx]);
    let loss = 0,
      g = 0;
    for (const i of idx) {
      const e = p.w.data[0] * xs[i] - 3 * xs[i];
      loss += (e * e) / idx.length;
      g += (2 * e * xs[i]) / idx.length;
    }
    return { loss, grads: { w: Matrix.row([g]) } };
  };
  return { objective, calls };
}

describe("train", () => {
  it("takes an optimiser written by the user, whatever its name", () => {
    const signs: number[] = [];
    /** sign SGD: θ ← θ − η sign(g) */
    const signSgd: Optimizer = {
      name: "sign-sgd",
      lr: 0.5,
      step(params, grads) {
        const p = (params as { w: Matrix }).w,
          g = (grads as { w: Matrix }).w;
        signs.push(Math.sign(g.data[0]));
        p.data[0] -= 0.5 * Math.sign(g.data[0]);
      },
    };
    const params = { w: Matrix.row([0]) };
    train({ params, size: 10, objective: line(10).objective, epochs: 2, batchSize: 10, optimizer: signSgd });
    assert.deepEqual(signs, [-1, -1]); // w = 0, then 0.5: both below the true 3
    assert.equal(params.w.data[0], 1);
  });

  it("visits every training example once per epoch in a seeded order", () => {
    const a = line(10),
      b = line(10),
      c = line(10);
    const run = (o: ReturnType<typeof line>, seed: number) =>
      train({ params: { w: Matrix.row([0]) }, size: 10, objective: o.objective, epochs: 3, batchSize: 4, optimizer: "sgd", seed });
    run(a, 1);
    run(b, 1);
    run(c, 2);
    assert.deepEqual(a.calls, b.calls);
    assert.notDeepEqual(a.calls, c.calls);
    assert.deepEqual(
      a.calls.map((batch) => batch.length),
      [4, 4, 2, 4, 4, 2, 4, 4, 2],
    );
    for (let e = 0; e < 3; e++) {
      assert.deepEqual(
        a.calls
          .slice(3 * e, 3 * e + 3)
          .flat()
          .sort((x, y) => x - y),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    }
  });

  it("holds out the last fraction of examples for validation and never trains on them", () => {
    const { objective, calls } = line(10);
    const evaluated: number[][] = [];
    const history = train({
      params: { w: Matrix.row([0]) },
      size: 10,
      objective,
      evaluate: (p, idx) => {
        evaluated.push(idx);
        return line(10).objective(p, idx).loss;
      },
      epochs: 2,
      batchSize: 3,
      validationSplit: 0.3,
    });
    assert.deepEqual(evaluated, [
      [7, 8, 9],
      [7, 8, 9],
    ]);
    assert.equal(calls.length, 2 * 3); // 7 training examples in batches of 3
    assert.ok(calls.flat().every((i) => i < 7));
    assert.equal(history.valLoss.length, 2);
    assert.ok(history.valLoss.every(Number.isFinite));
  });

  it("records one train loss, validation loss and gradient norm per epoch, and learns", () => {
    const { objective } = line(20);
    const params = { w: Matrix.row([0]) };
    const steps: number[] = [];
    const history = train({
      params,
      size: 20,
      objective,
      epochs: 30,
      batchSize: 5,
      optimizer: "sgd",
      optimizerOptions: { lr: 0.5 },
      onStep: (s) => steps.push(s.step),
    });
    assert.equal(history.trainLoss.length, 30);
    assert.ok(history.valLoss.every(Number.isNaN));
    assert.equal(history.gradNorm.length, 30);
    assert.equal(steps.length, 30 * 4);
    assert.ok(history.trainLoss[29] < history.trainLoss[0] / 100);
    assertClose(params.w.data[0], 3, { abs: 0.05 }, "w");
    assert.equal(history.stoppedEarly, false);
  });

  it("stops early when validation stalls and restores the best epoch's parameters", () => {
    const { objective } = line(10);
    const params = { w: Matrix.row([0]) };
    const valLosses = [5, 3, 4, 4, 2, 1];
    const snapshots: number[] = [];
    let epoch = 0;
    const history = train({
      params,
      size: 10,
      objective,
      evaluate: () => valLosses[epoch++],
      epochs: 6,
      validationSplit: 0.2,
      optimizer: "sgd",
      earlyStopping: { patience: 2 },
      onEpoch: () => void snapshots.push(params.w.data[0]),
    });
    assert.equal(history.stoppedEarly, true);
    assert.equal(history.bestEpoch, 1);
    assert.equal(history.valLoss.length, 4); // epochs 0–3: two epochs without improvement after epoch 1
    assert.equal(params.w.data[0], snapshots[1]);
    assert.notEqual(snapshots[3], snapshots[1]);
  });

  it('ends after the epoch whose callback returns "stop"', () => {
    const { objective } = line(4);
    const history = train({
      params: { w: Matrix.row([0]) },
      size: 4,
      objective,
      epochs: 10,
      onEpoch: ({ epoch }) => (epoch === 2 ? "stop" : undefined),
    });
    assert.equal(history.trainLoss.length, 3);
  });

  it("clips the gradient before the update", () => {
    const params = { w: Matrix.row([0]) };
    train({
      params,
      size: 1,
      objective: () => ({ loss: 1, grads: { w: Matrix.row([100]) } }),
      epochs: 1,
      optimizer: "sgd",
      optimizerOptions: { lr: 0.1 },
      clipNorm: 2,
    });
    assertClose(params.w.data[0], -0.2, { abs: 1e-15 });
    train({
      params,
      size: 1,
      objective: () => ({ loss: 1, grads: { w: Matrix.row([-100]) } }),
      epochs: 1,
      optimizer: "sgd",
      optimizerOptions: { lr: 0.1 },
      clipValue: 0.5,
    });
    assertClose(params.w.data[0], -0.15, { abs: 1e-15 });
  });

  it("throws TrainingDivergedError naming the epoch, the step and the learning rate on a non-finite loss", () => {
    let calls = 0;
    const run = () =>
      train({
        params: { w: Matrix.row([0]) },
        size: 4,
        batchSize: 2,
        objective: () => ({ loss: ++calls === 4 ? NaN : 1, grads: { w: Matrix.row([0.1]) } }),
        epochs: 3,
        optimizer: "sgd",
        optimizerOptions: { lr: 0.05 },
      });
    assert.throws(run, (e: unknown) => {
      assert.ok(e instanceof TrainingDivergedError);
      assert.equal(e.epoch, 1);
      assert.equal(e.step, 1);
      assert.match(
        e.message,
        /training diverged at epoch 1, step 1: the loss or gradient became NaN\. Try a smaller learning rate \(now 0\.05\) or gradient clipping/,
      );
      return true;
    });
  });

  it("reports divergence of a real RNN trained with a far too large learning rate", () => {
    const rng = new Random(3);
    const xs = Array.from({ length: 4 }, () => Array.from({ length: 8 }, () => [rng.normal() * 100]));
    const y = Array.from({ length: 8 }, () => [rng.normal() * 1e3]);
    const params = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 1);
    assert.throws(
      () =>
        train({
          params,
          size: 8,
          objective: (p) => manyToOne(p, xs, y, { activation: "identity" }),
          epochs: 200,
          optimizer: "sgd",
          optimizerOptions: { lr: 10 },
        }),
      /training diverged at epoch \d+, step 0: .*\(now 10\)/,
    );
  });

  it("gives bit-identical parameters and histories for the same seed", () => {
    const rng = new Random(8);
    const X = Array.from({ length: 16 }, () => Array.from({ length: 5 }, () => [rng.normal(), rng.normal()]));
    const Y = X.map((seq) => [seq.reduce((s, x) => s + x[0] - x[1], 0)]);
    const batch = (idx: number[]) => Array.from({ length: 5 }, (_, t) => idx.map((i) => X[i][t]));
    const run = (seed: number, opt: OptimizerName) => {
      const params = initParams({ inputSize: 2, hiddenSize: 6, outputSize: 1 }, 4);
      const history = train<Params>({
        params,
        size: 16,
        objective: (p, idx) =>
          manyToOne(
            p,
            batch(idx),
            idx.map((i) => Y[i]),
          ),
        epochs: 5,
        batchSize: 4,
        optimizer: opt,
        seed,
        validationSplit: 0.25,
      });
      return { params, history };
    };
    for (const opt of ["sgd", "adam"] as const) {
      const a = run(7, opt),
        b = run(7, opt),
        c = run(8, opt);
      assert.deepEqual(a.history, b.history);
      assert.deepEqual(a.params.Wh.data, b.params.Wh.data);
      assert.notDeepEqual(a.history.trainLoss, c.history.trainLoss);
    }
  });

  describe("bad input", () => {
    const { objective } = line(10);
    const base = { params: { w: Matrix.row([0]) }, size: 10, objective };

    it("rejects sizes, epochs, batch sizes and patience that are not positive integers", () => {
      assert.throws(() => train({ ...base, size: 0 }), /size \(number of examples\) must be a positive integer, got 0/);
      assert.throws(() => train({ ...base, size: 2.5 }), /size \(number of examples\) must be a positive integer, got 2.5/);
      assert.throws(() => train({ ...base, epochs: -1 }), /epochs must be a positive integer, got -1/);
      assert.throws(() => train({ ...base, batchSize: 0 }), /batchSize must be a positive integer, got 0/);
      assert.throws(() => train({ ...base, batchSize: 1.5 }), /batchSize must be a positive integer, got 1.5/);
      assert.throws(() => train({ ...base, earlyStopping: { patience: 0 } }), /earlyStopping\.patience must be a positive integer, got 0/);
    });

    it("rejects a validation split outside [0, 1)", () => {
      assert.throws(() => train({ ...base, validationSplit: 1 }), /validationSplit must be in \[0, 1\), got 1/);
      assert.throws(() => train({ ...base, validationSplit: -0.2 }), /validationSplit must be in \[0, 1\), got -0.2/);
    });

    it("rejects clip thresholds and learning rates that are not positive finite numbers", () => {
      assert.throws(() => train({ ...base, clipNorm: 0 }), /clipNorm must be a positive finite number, got 0/);
      assert.throws(() => train({ ...base, clipValue: NaN }), /clipValue must be a positive finite number, got NaN/);
      assert.throws(
        () => train({ ...base, optimizerOptions: { lr: -1 } }),
        /learning rate \(lr\) must be a positive finite number, got -1/,
      );
      assert.throws(
        () => train({ ...base, optimizerOptions: { lr: Infinity } }),
        /learning rate \(lr\) must be a positive finite number, got Infinity/,
      );
    });

    it("rejects an unknown optimiser name", () => {
      assert.throws(() => train({ ...base, optimizer: "newton" as OptimizerName }), /unknown optimizer "newton"/);
    });
  });
});

describe("train refuses what it cannot train", () => {
  const X = [
    [
      [1, 0],
      [0, 1],
    ],
    [
      [0.5, 0.5],
      [1, 1],
    ],
  ];
  const y = [[0.3], [-0.2]];

  it("refuses number[][] parameters (it would train a copy), naming the parameter and saying how to convert", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 42);
    const arrays = { Wx: p.Wx.toArray(), Wh: p.Wh.toArray(), bh: p.bh.toArray(), Wo: p.Wo.toArray(), bo: p.bo.toArray() };
    assert.throws(
      // @ts-expect-error number[][] leaves are not a ParamTree
      () => train({ params: arrays, size: 2, epochs: 30, optimizer: "sgd", objective: (q) => manyToOneMSE(q, X, y) }),
      (e: unknown) =>
        e instanceof ValueError && /params\.Wx is a 2×3 array, expected a Matrix/.test(e.message) && /toParams/.test(e.message),
    );
  });

  it("refuses parameters with no matrix at all", () => {
    assert.throws(
      () => train({ params: {}, size: 2, objective: () => ({ loss: 1, grads: {} }) }),
      (e: unknown) => e instanceof ValueError && /params holds no Matrix/.test(e.message),
    );
  });

  it("refuses earlyStopping.minDelta that is NaN, infinite or negative, instead of crashing at the restore", () => {
    for (const minDelta of [NaN, Infinity, -1, "0.1" as unknown as number]) {
      assert.throws(
        () =>
          train({
            params: initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0),
            size: 2,
            epochs: 5,
            earlyStopping: { patience: 1, minDelta },
            objective: (q) => manyToOneMSE(q, X, y),
          }),
        (e: unknown) => e instanceof ValueError && /earlyStopping\.minDelta must be a finite number ≥ 0, got/.test(e.message),
        String(minDelta),
      );
    }
  });

  it("refuses an objective that returns no loss or no gradients, naming what it returned", () => {
    const params = { w: Matrix.row([0]) };
    for (const [bad, got] of [
      [undefined, "undefined"],
      [{ loss: "1", grads: { w: Matrix.row([0]) } }, 'loss the string "1"'],
      [{ loss: 1 }, "grads undefined"],
    ] as const) {
      assert.throws(
        () => train({ params, size: 1, epochs: 1, objective: () => bad as never }),
        (e: unknown) => e instanceof ValueError && e.message.includes("objective") && e.message.includes(got),
        got,
      );
    }
  });
});

describe("train with a gated cell", () => {
  for (const cell of ["lstm", "gru"] as const) {
    it(`trains ${cell} parameters in place, every key (the GRU's bx too), and reruns bit for bit`, () => {
      const rng = new Random(3);
      const X = Array.from({ length: 4 }, () => Array.from({ length: 24 }, () => [rng.normal()]));
      const Y = Array.from({ length: 24 }, (_, i) => [0.5 * X[0][i][0] - X[3][i][0]]);
      const run = () => {
        const params = initParams({ cell, inputSize: 1, hiddenSize: 5, outputSize: 1 }, 2);
        const start = Object.fromEntries(Object.entries(params).map(([key, m]) => [key, m.data.slice()]));
        const history = train({
          params,
          size: 24,
          epochs: 40,
          batchSize: 8,
          optimizerOptions: { lr: 0.02 },
          objective: (p, idx) =>
            manyToOneMSE(
              p,
              X.map((step) => idx.map((i) => step[i])),
              idx.map((i) => Y[i]),
              { cell },
            ),
        });
        for (const [key, m] of Object.entries(params)) assert.notDeepEqual(m.data, start[key], `${key} was trained`);
        return history.trainLoss;
      };
      const loss = run();
      assert.ok(loss[loss.length - 1] < 0.5 * loss[0], `loss fell: ${loss[0]} → ${loss[loss.length - 1]}`);
      assert.deepEqual(run(), loss);
    });
  }
});
