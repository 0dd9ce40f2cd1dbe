/**
 * Tests of lib/optim.ts: one and two steps of each optimiser against its update rule worked out by
 * hand, clipping by global norm and by value, nested parameter trees, and the argument checks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clipByGlobalNorm, clipByValue, globalNorm, Matrix, optimizer, OptimizerName } from "../lib";
import { leaves } from "../lib/param-tree";
import { assertClose } from "./helpers/close";

const p0 = [1, 2, -3];
const g1 = [0.5, -1, 2],
  g2 = [1, 1, -0.25];
const param = () => ({ w: Matrix.row(p0) });
const grad = (g: number[]) => ({ w: Matrix.row(g) });

/** Every update rule to 1e-15, relative above 1. */
const tol = { abs: 1e-15, rel: 1e-15 };

describe("optim", () => {
  describe("update rules, one and two steps", () => {
    it("sgd: θ ← θ − η g", () => {
      const p = param(),
        opt = optimizer("sgd", { lr: 0.1 });
      opt.step(p, grad(g1));
      assertClose(p.w.data, [1 - 0.05, 2 + 0.1, -3 - 0.2], tol);
      opt.step(p, grad(g2));
      assertClose(p.w.data, [0.95 - 0.1, 2.1 - 0.1, -3.2 + 0.025], tol);
    });

    it("sgd with momentum: v ← μv − η g, θ ← θ + v", () => {
      const p = param(),
        opt = optimizer("sgd", { lr: 0.1, momentum: 0.9 });
      opt.step(p, grad(g1));
      const v1 = g1.map((g) => -0.1 * g);
      assertClose(
        p.w.data,
        p0.map((x, i) => x + v1[i]),
        tol,
      );
      opt.step(p, grad(g2));
      const v2 = v1.map((v, i) => 0.9 * v - 0.1 * g2[i]);
      assertClose(
        p.w.data,
        p0.map((x, i) => x + v1[i] + v2[i]),
        tol,
      );
    });

    it("adagrad: G ← G + g², θ ← θ − η g / (√G + ε)", () => {
      const p = param(),
        opt = optimizer("adagrad", { lr: 0.5, eps: 1e-8 });
      opt.step(p, grad(g1));
      const after1 = p0.map((x, i) => x - (0.5 * g1[i]) / (Math.abs(g1[i]) + 1e-8));
      assertClose(p.w.data, after1, tol);
      opt.step(p, grad(g2));
      assertClose(
        p.w.data,
        after1.map((x, i) => x - (0.5 * g2[i]) / (Math.sqrt(g1[i] ** 2 + g2[i] ** 2) + 1e-8)),
        tol,
      );
    });

    it("adagrad defaults to η = 0.1", () => {
      assert.equal(optimizer("adagrad").lr, 0.1);
      assert.equal(optimizer("adam").lr, 0.01);
    });

    it("rmsprop: E ← ρE + (1 − ρ) g², θ ← θ − η g / (√E + ε)", () => {
      const p = param(),
        opt = optimizer("rmsprop", { lr: 0.01, decay: 0.8 });
      opt.step(p, grad(g1));
      const E1 = g1.map((g) => 0.2 * g * g);
      const after1 = p0.map((x, i) => x - (0.01 * g1[i]) / (Math.sqrt(E1[i]) + 1e-8));
      assertClose(p.w.data, after1, tol);
      opt.step(p, grad(g2));
      const E2 = E1.map((e, i) => 0.8 * e + 0.2 * g2[i] ** 2);
      assertClose(
        p.w.data,
        after1.map((x, i) => x - (0.01 * g2[i]) / (Math.sqrt(E2[i]) + 1e-8)),
        tol,
      );
    });

    it("adam: bias-corrected moments m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η m̂ / (√v̂ + ε)", () => {
      const p = param(),
        b1 = 0.9,
        b2 = 0.999,
        lr = 0.01;
      const opt = optimizer("adam", { lr });
      opt.step(p, grad(g1));
      // after one step m̂ = g and v̂ = g², so each entry moves by η·sign(g) (up to ε)
      const after1 = p0.map((x, i) => x - (lr * g1[i]) / (Math.abs(g1[i]) + 1e-8));
      assertClose(p.w.data, after1, { abs: 1e-14, rel: 1e-14 });
      opt.step(p, grad(g2));
      const m = g1.map((g, i) => b1 * (1 - b1) * g + (1 - b1) * g2[i]);
      const v = g1.map((g, i) => b2 * (1 - b2) * g * g + (1 - b2) * g2[i] ** 2);
      assertClose(
        p.w.data,
        after1.map((x, i) => x - (lr * (m[i] / (1 - b1 ** 2))) / (Math.sqrt(v[i] / (1 - b2 ** 2)) + 1e-8)),
        { abs: 1e-14, rel: 1e-14 },
      );
    });

    it("keeps separate state for each parameter of a nested tree", () => {
      const params = { encoder: { W: Matrix.row([1]) }, decoder: { W: Matrix.row([1]) } };
      const opt = optimizer("adagrad", { lr: 1 });
      opt.step(params, { encoder: { W: Matrix.row([3]) }, decoder: { W: Matrix.row([4]) } });
      opt.step(params, { encoder: { W: Matrix.row([4]) }, decoder: { W: Matrix.row([3]) } });
      // G differs per path: encoder 9 then 25, decoder 16 then 25
      assertClose(params.encoder.W.data, [1 - 3 / (3 + 1e-8) - 4 / (5 + 1e-8)], tol);
      assertClose(params.decoder.W.data, [1 - 4 / (4 + 1e-8) - 3 / (5 + 1e-8)], tol);
      assert.deepEqual(
        leaves(params).map(([path]) => path),
        ["encoder.W", "decoder.W"],
      );
    });
  });

  describe("clipping", () => {
    it("measures the global norm over every gradient", () => {
      assert.equal(globalNorm({ a: Matrix.row([3]), b: { c: Matrix.row([0, 4]) } }), 5);
    });

    it("rescales all gradients together to the maximum norm and returns the norm before", () => {
      const g = { a: Matrix.row([3, 0]), b: Matrix.row([4]) };
      assert.equal(clipByGlobalNorm(g, 1), 5);
      assertClose(g.a.data, [0.6, 0], tol);
      assertClose(g.b.data, [0.8], tol);
      assertClose(globalNorm(g), 1, { abs: 1e-15 });
    });

    it("leaves gradients under the threshold untouched", () => {
      const g = { a: Matrix.row([0.3, -0.4]) };
      assert.equal(clipByGlobalNorm(g, 1), 0.5);
      assert.deepEqual(Array.from(g.a.data), [0.3, -0.4]);
    });

    it("clamps each entry by value", () => {
      const g = { a: Matrix.row([-7, 0.5, 2]) };
      clipByValue(g, 1);
      assert.deepEqual(Array.from(g.a.data), [-1, 0.5, 1]);
    });

    it("rejects a clip threshold that is not a positive finite number", () => {
      const g = { a: Matrix.row([1]) };
      for (const bad of [0, -1, NaN, Infinity]) {
        assert.throws(() => clipByGlobalNorm(g, bad), new RegExp(`clip norm \\(maxNorm\\) must be a positive finite number, got ${bad}`));
        assert.throws(() => clipByValue(g, bad), new RegExp(`clip value \\(maxValue\\) must be a positive finite number, got ${bad}`));
      }
    });
  });

  describe("bad input", () => {
    it("rejects an unknown optimiser, listing the known ones", () => {
      assert.throws(
        () => optimizer("lbfgs" as OptimizerName),
        /unknown optimizer "lbfgs", expected one of "sgd", "adagrad", "rmsprop", "adam"/,
      );
    });

    it("rejects a learning rate that is not a positive finite number", () => {
      for (const lr of [0, -0.01, NaN, Infinity]) {
        assert.throws(() => optimizer("sgd", { lr }), new RegExp(`learning rate \\(lr\\) must be a positive finite number, got ${lr}`));
      }
    });

    it("rejects hyperparameters outside [0, 1)", () => {
      assert.throws(() => optimizer("sgd", { momentum: 1 }), /momentum must be in \[0, 1\), got 1/);
      assert.throws(() => optimizer("rmsprop", { decay: -0.1 }), /decay must be in \[0, 1\), got -0.1/);
      assert.throws(() => optimizer("adam", { beta2: 1.5 }), /beta2 must be in \[0, 1\), got 1.5/);
      assert.throws(() => optimizer("adam", { eps: 0 }), /eps must be a positive finite number, got 0/);
    });

    it("rejects gradients missing or shaped unlike the parameters", () => {
      const opt = optimizer("sgd");
      assert.throws(() => opt.step({ w: Matrix.row([1, 2]) }, {}), /grads\.w is missing/);
      assert.throws(() => opt.step({ w: Matrix.row([1, 2]) }, { w: Matrix.row([1]) }), /grads\.w is 1×1, expected 1×2 like params\.w/);
    });
  });
});
