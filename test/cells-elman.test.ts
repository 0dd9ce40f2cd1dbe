/**
 * Tests of lib/cells/elman.ts: the generic path (cellForward, cellBackward with the Elman cell) gives
 * bit for bit what the tutorial's readable forward (rnn.ts) and backward (bptt.ts) give, for every φ;
 * its parameters are initParams'; it passes the gradient checks and the Elman PyTorch fixtures.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ACTIVATIONS, backward, forward, initParams, Matrix, mse, Random } from "../lib";
import { cellBackward, cellForward, elman, initCellParams } from "../lib/cells";
import { cellLoss, itChecksGradients, randomMatrix, relErr } from "./helpers/cells";
import { assertClose } from "./helpers/close";

/** Every entry equal (=== treats 0 and −0 alike), and the same shape. */
function identical(a: Matrix, b: Matrix, what: string): void {
  assert.equal(a.shape, b.shape, what);
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) assert.fail(`${what}[${i}]: ${a.data[i]} vs ${b.data[i]}`);
}

describe("cells/elman", () => {
  for (const act of ACTIVATIONS) {
    for (const T of [1, 4, 20]) {
      it(`gives bit for bit the states, outputs and gradients of forward and backward, φ = ${act}, T = ${T}`, () => {
        const rng = new Random(T + act.length);
        const n = 3,
          d = 2,
          h = 13, // more than one group of eight in the kernels' unrolled loops
          k = 2;
        const p = initParams({ inputSize: d, hiddenSize: h, outputSize: k }, rng.fork());
        p.bh = randomMatrix(rng, 1, h, 0.3);
        const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
        const h0 = randomMatrix(rng, n, h, 0.5),
          dhLast = randomMatrix(rng, n, h);
        const ref = forward(p, xs, { h0, activation: act }),
          gen = cellForward(elman(act), p, xs, { h0 });
        ref.H.forEach((H, t) => identical(gen.H[t], H, `H[${t}]`));
        ref.yHat.forEach((y, t) => identical(gen.yHat[t], y, `yHat[${t}]`));
        const dY = ref.yHat.map((y, t) => (t % 2 === T % 2 ? null : mse(y, randomMatrix(rng, n, k)).grad));
        const refBack = backward(p, xs, ref, dY, { dhLast, perStep: true }),
          genBack = cellBackward(p, gen, dY, { dhLast, perStep: true });
        for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) identical(genBack.grads[key], refBack.grads[key], `grads.${key}`);
        identical(genBack.dh0, refBack.dh0, "dh0");
        refBack.dH.forEach((m, t) => identical(genBack.dH[t], m, `dH[${t}]`));
        refBack.steps!.forEach((s, t) => {
          for (const key of ["Wx", "Wh", "bh"] as const) identical(genBack.steps![t][key], s[key], `steps[${t}].${key}`);
        });
        assert.equal(genBack.dc0, null);
      });
    }
  }

  it("draws exactly initParams' parameters from the same seed", () => {
    const sizes = { inputSize: 3, hiddenSize: 5, outputSize: 2 };
    for (const scale of [1, 0.7]) {
      const a = initParams(sizes, 4, scale),
        b = initCellParams(elman(), sizes, 4, scale);
      for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) identical(b[key], a[key], `${key} (recurrentScale ${scale})`);
    }
  });

  describe("gradients", () => itChecksGradients(elman()));

  interface ElmanCase {
    params: Record<"Wx" | "Wh" | "bh" | "Wo" | "bo", number[][]>;
    X: number[][][];
    y: number[][];
    loss: number;
    grads: Record<string, number[][]>;
  }
  const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "torch-many-to-one-mse.json"), "utf8")) as { cases: ElmanCase[] };
  it(`matches PyTorch autograd to 1e-9 on the ${fixture.cases.length} Elman fixtures`, () => {
    for (const c of fixture.cases) {
      const p = {
        Wx: Matrix.from(c.params.Wx),
        Wh: Matrix.from(c.params.Wh),
        bh: Matrix.from(c.params.bh),
        Wo: Matrix.from(c.params.Wo),
        bo: Matrix.from(c.params.bo),
      };
      const xs = c.X.map((x) => Matrix.from(x));
      const r = cellLoss(
        elman(),
        p,
        xs,
        xs.map((_, t) => (t === xs.length - 1 ? Matrix.from(c.y) : null)),
      );
      assertClose(r.loss, c.loss, { rel: 1e-9 }, "loss");
      for (const key of Object.keys(c.grads)) assert.ok(relErr(r.grads[key as "Wx"], c.grads[key]) <= 1e-9, `grads.${key}`);
    }
  });
});
