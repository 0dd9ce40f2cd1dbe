/**
 * Tests of lib/bptt.ts: backward() called directly on a forward pass, against central differences of
 * a loss built from any per-step gradients, with a gradient arriving at the last state (dhLast), the
 * gradient at the initial state (dh0), and each step's share (perStep).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backward, forward, gradCheck, initParams, Matrix, mse, Params, Random, zerosLike } from "../lib";
import { assertClose } from "./helpers/close";

function randomMatrix(rng: Random, rows: number, cols: number, std = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, std);
  return m;
}

describe("bptt", () => {
  const rng = new Random(11);
  const T = 5,
    n = 3,
    d = 2,
    h = 4,
    k = 2;
  const p = initParams({ inputSize: d, hiddenSize: h, outputSize: k }, 3);
  p.bh = randomMatrix(rng, 1, h, 0.2);
  const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
  const ys = Array.from({ length: T }, () => randomMatrix(rng, n, k));
  const v = randomMatrix(rng, n, h); // L also has a term ⟨v, h_{T−1}⟩, whose gradient at h_{T−1} is v
  const h0 = randomMatrix(rng, n, h, 0.5);

  /** L = Σ_{t ∈ {1, 3, 4}} mse(ŷ_t, y_t) + ⟨v, h_{T−1}⟩, starting from h0. */
  const objective = (q: Params, start = h0) => {
    const fwd = forward(q, xs, { h0: start });
    let loss = 0;
    const dY = fwd.yHat.map((yHat, t) => {
      if (t % 2 === 0 && t !== 4) return null;
      const r = mse(yHat, ys[t]);
      loss += r.loss;
      return r.grad;
    });
    fwd.H[T - 1].data.forEach((x, i) => (loss += x * v.data[i]));
    return { loss, fwd, back: backward(q, xs, fwd, dY, { dhLast: v, perStep: true }) };
  };

  it("gives every parameter's gradient as central differences do", () => {
    const rows = gradCheck(p, (q) => {
      const { loss, back } = objective(q);
      return { loss, grads: back.grads };
    });
    for (const r of rows) assert.ok(r.relError < 1e-7, `${r.name}: ${r.relError}`);
  });

  it("returns ∂L/∂h_{−1} as dh0", () => {
    const { back } = objective(p);
    const eps = 1e-6;
    for (let i = 0; i < h0.data.length; i++) {
      const up = h0.clone(),
        down = h0.clone();
      up.data[i] += eps;
      down.data[i] -= eps;
      const numeric = (objective(p, up).loss - objective(p, down).loss) / (2 * eps);
      assertClose(back.dh0.data[i], numeric, { abs: 1e-7 }, `dh0[${i}]`);
    }
  });

  it("returns dH[t] = ∂L/∂h_t, which for the last step is dhLast + dŷ W_oᵀ", () => {
    const { fwd, back } = objective(p);
    assert.equal(back.dH.length, T);
    const dy = mse(fwd.yHat[T - 1], ys[T - 1]).grad;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < h; j++) {
        let expected = v.get(i, j);
        for (let c = 0; c < k; c++) expected += dy.get(i, c) * p.Wo.get(j, c);
        assertClose(back.dH[T - 1].get(i, j), expected, { abs: 1e-15 });
      }
    }
  });

  it("splits the shared weights' gradient into per-step shares that sum to it", () => {
    const { back } = objective(p);
    assert.equal(back.steps!.length, T);
    for (const key of ["Wx", "Wh", "bh"] as const) {
      back.grads[key].data.forEach((g, i) => {
        const sum = back.steps!.reduce((s, step) => s + step[key].data[i], 0);
        assertClose(sum, g, { abs: 1e-14 }, `${key}[${i}]`);
      });
    }
  });

  it("gives zero gradients when no step has a loss and nothing arrives at the last state", () => {
    const fwd = forward(p, xs);
    const back = backward(
      p,
      xs.map((x) => x),
      fwd,
      xs.map(() => null),
    );
    for (const g of Object.values(back.grads)) assert.ok(g.data.every((x: number) => x === 0));
    assert.equal(back.steps, undefined);
  });

  it("makes zero gradients shaped like the parameters", () => {
    const z = zerosLike(p);
    assert.deepEqual(
      Object.entries(z).map(([key, m]) => [key, m.shape]),
      Object.entries(p).map(([key, m]) => [key, m.shape]),
    );
  });

  it("rejects a dhLast or dŷ of the wrong shape, naming it", () => {
    const fwd = forward(p, xs);
    assert.throws(() => backward(p, xs, fwd, [], { dhLast: new Matrix(n, h + 1) }), /expected dhLast of n×h = 3×4, got 3×5/);
    const dY = xs.map(() => null as Matrix | null);
    dY[2] = new Matrix(n, k + 1);
    assert.throws(() => backward(p, xs, fwd, dY), /expected dYhat\[2\] of n×k = 3×2, got 3×3/);
  });
});
