/**
 * Tests of lib/rnn.ts, the tutorial's Elman loops kept as the reference: the sequence engine gives bit for bit
 * their states, outputs and gradients (and every step's share of them), for every φ, with and without an
 * initial state or a gradient arriving at the last state; and the reference itself computes the equations.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ActivationName, backward, forward, initParams, Matrix, mse, Random } from "../lib";
import { activation, ACTIVATIONS } from "../lib/activations";
import { referenceBackward, referenceForward } from "../lib/rnn";
import { randomMatrix } from "./helpers/cells";
import { assertClose } from "./helpers/close";
import { mathjsForward, tol } from "./helpers/equations";

/** Every entry equal (=== treats 0 and −0 alike), and the same shape. */
function identical(a: Matrix, b: Matrix, what: string): void {
  assert.equal(a.shape, b.shape, what);
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) assert.fail(`${what}[${i}]: ${a.data[i]} vs ${b.data[i]}`);
}

describe("rnn, the reference loops", () => {
  for (const act of ACTIVATIONS) {
    for (const [T, n, h] of [
      [1, 3, 13],
      [4, 32, 8], // the benchmark's regression: products in WebAssembly
      [20, 3, 13], // more than one group of eight in the kernels' unrolled loops
    ]) {
      it(`the engine gives bit for bit the reference's states, outputs and gradients, φ = ${act}, T = ${T}, n = ${n}`, () => {
        const rng = new Random(T + act.length);
        const d = 2,
          k = 2;
        const p = initParams({ inputSize: d, hiddenSize: h, outputSize: k }, rng.fork());
        p.bh = randomMatrix(rng, 1, h, 0.3);
        const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
        const h0 = randomMatrix(rng, n, h, 0.5),
          dhLast = randomMatrix(rng, n, h);
        const φ = activation(act);
        const ref = referenceForward(p, xs, φ, h0),
          gen = forward(p, xs, { activation: act, h0 });
        ref.H.forEach((H, t) => identical(gen.H[t], H, `H[${t}]`));
        ref.yHat.forEach((y, t) => identical(gen.yHat[t], y, `yHat[${t}]`));
        const dY = ref.yHat.map((y, t) => (t % 2 === T % 2 ? null : mse(y, randomMatrix(rng, n, k)).grad));
        const refBack = referenceBackward(p, ref, φ, dY, dhLast),
          genBack = backward(p, gen, dY, { dhLast, perStep: true });
        for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) identical(genBack.grads[key], refBack.grads[key], `grads.${key}`);
        identical(genBack.dh0, refBack.dh0, "dh0");
        refBack.dH.forEach((m, t) => identical(genBack.dH[t], m, `dH[${t}]`));
        assert.equal(genBack.dc0, null);
      });
    }
  }

  it("computes the equations, as mathjs evaluates them", () => {
    const rng = new Random(5);
    for (const act of ["tanh", "relu"] as ActivationName[]) {
      const p = initParams({ inputSize: 3, hiddenSize: 4, outputSize: 2 }, 1);
      p.bh = randomMatrix(rng, 1, 4, 0.3);
      const xs = Array.from({ length: 5 }, () => randomMatrix(rng, 2, 3));
      const h0 = randomMatrix(rng, 2, 4, 0.5);
      const r = referenceForward(p, xs, activation(act), h0),
        oracle = mathjsForward(p, xs, act, h0);
      r.H.forEach((Ht, t) => assertClose(Ht, oracle.H[t], tol));
      r.yHat.forEach((Yt, t) => assertClose(Yt, oracle.yHat[t], tol));
    }
  });

  it("prints, as notebook 4 does, a forward loop under its equation with nothing of the kernels in it", () => {
    const source = readFileSync(join(__dirname, "..", "lib", "rnn.ts"), "utf8");
    const doc = source.indexOf("/** h_t = φ(b_h + x_t W_x + h_{t−1} W_h)");
    assert.ok(doc > 0, "the loop's equation comment");
    const loop = source.slice(doc, source.indexOf("\n  }\n", doc));
    for (const part of [
      /matMul\(Xs, params\.Wx, Hs\)/,
      /matMul\(prev, params\.Wh, z, true\)/,
      /addRowVector\(z, params\.bh\)/,
      /in place/,
      /params\.Wo/,
    ])
      assert.match(loop, part);
    assert.doesNotMatch(source, /withResident|kernels\//);
  });
});
