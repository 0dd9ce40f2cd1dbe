/**
 * Tests of lib/engine/backward.ts for every cell: the gradients at the initial state (dh0, dc0) and at the
 * inputs (dX) against central differences, per-step shares that sum to the gradients, an encoder and a
 * decoder chained through the state, and the bad-input messages.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backward, CELLS, cellOf, CellParams, forward, gradCheck, Matrix, mse, Random } from "../lib";
import { cellLoss, LossOptions, randomCellParams, randomMatrix, Target } from "./helpers/cells";
import { assertClose } from "./helpers/close";

const T = 5,
  n = 3,
  d = 2,
  h = 4,
  k = 2;

/** The gradient check of `grads` as the derivative of `loss` with respect to the matrices `at` (not parameters). */
function assertDerivatives(at: Record<string, Matrix>, f: () => { loss: number; grads: Record<string, Matrix> }): void {
  for (const r of gradCheck(at, () => f())) assert.ok(r.relError <= 1e-8, `${r.name}: relative error ${r.relError}`);
}

describe("engine/backward", () => {
  for (const name of CELLS) {
    const cell = cellOf(name);
    const hasC = cell.state.includes("c");
    const rng = new Random(3 + name.length);
    const p = randomCellParams(cell, rng, d, h, k);
    const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
    const targets: Target[] = xs.map((_, t) => (t % 2 === 0 ? randomMatrix(rng, n, k) : null));
    const options: LossOptions = {
      h0: randomMatrix(rng, n, h, 0.5),
      c0: hasC ? randomMatrix(rng, n, h, 0.5) : undefined,
      V: randomMatrix(rng, n, h),
      U: hasC ? randomMatrix(rng, n, h) : undefined,
    };
    const run = () => cellLoss(cell, p, xs, targets, options);

    describe(name, () => {
      it(`returns ∂L/∂h_{−1} as dh0${hasC ? " and ∂L/∂c_{−1} as dc0" : ""}`, () => {
        assertDerivatives({ h0: options.h0! }, () => {
          const { loss, back } = run();
          return { loss, grads: { h0: back.dh0 } };
        });
        if (hasC) {
          assertDerivatives({ c0: options.c0! }, () => {
            const { loss, back } = run();
            return { loss, grads: { c0: back.dc0! } };
          });
        } else assert.equal(run().back.dc0, null);
      });

      it("returns ∂L/∂x_t as dX[t]", () => {
        assertDerivatives(Object.fromEntries(xs.map((x, t) => [`x_${t}`, x])), () => {
          const { loss, back } = run();
          return { loss, grads: Object.fromEntries(back.dX!.map((dx, t) => [`x_${t}`, dx])) };
        });
      });

      it("returns dH[T−1] = dhLast + dŷ_{T−1} W_oᵀ", () => {
        const { fwd, back } = run();
        const dy = mse(fwd.yHat[T - 1], targets[T - 1] as Matrix).grad;
        const supervised = targets.filter((t) => t !== null).length;
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < h; j++) {
            let expected = options.V!.get(r, j);
            for (let c = 0; c < k; c++) expected += (dy.get(r, c) / supervised) * p.Wo.get(j, c);
            assertClose(back.dH[T - 1].get(r, j), expected, { abs: 1e-15 });
          }
        }
      });

      it("splits the recurrent parameters' gradients into per-step shares that sum to them", () => {
        const { back } = run();
        const keys = cell.split ? (["Wx", "Wh", "bx", "bh"] as const) : (["Wx", "Wh", "bh"] as const);
        assert.deepEqual(Object.keys(back.steps![0]).sort(), [...keys].sort());
        for (const key of keys) {
          back.grads[key]!.data.forEach((g, i) => {
            const sum = back.steps!.reduce((s, step) => s + step[key]!.data[i], 0);
            assertClose(sum, g, { abs: 1e-13 }, `${key}[${i}]`);
          });
        }
      });

      it("keys the gradients like the parameters, in the same order", () => {
        assert.deepEqual(Object.keys(run().grads), Object.keys(p));
      });

      it("gives zero gradients when no step has a loss and nothing arrives at the last state", () => {
        const fwd = forward(p, xs, { cell });
        const back = backward(
          p,
          fwd,
          xs.map(() => null),
        );
        for (const g of Object.values(back.grads)) assert.ok((g as Matrix).data.every((x) => x === 0));
      });

      it("trains an encoder and a decoder chained through the state: the decoder's dh0, dc0 are the encoder's dhLast, dcLast", () => {
        const dec = randomCellParams(cell, rng, d, h, k);
        const ys = xs.map(() => randomMatrix(rng, n, k));
        const both = (q: { encoder: CellParams; decoder: CellParams }) => {
          const enc = forward(q.encoder, xs, { cell });
          const start = { h0: enc.H[T - 1], c0: hasC ? enc.C[T - 1] : undefined };
          const decoder = cellLoss(cell, q.decoder, xs, ys, start);
          const encoder = backward(
            q.encoder,
            enc,
            xs.map(() => null),
            { dhLast: decoder.back.dh0, dcLast: decoder.back.dc0 ?? undefined },
          );
          return { loss: decoder.loss, grads: { encoder: encoder.grads, decoder: decoder.grads } };
        };
        for (const r of gradCheck({ encoder: p, decoder: dec }, both)) {
          if (r.name.startsWith("encoder.Wo") || r.name.startsWith("encoder.bo")) assert.ok(r.analytic.every((a) => a === 0));
          else assert.ok(r.relError <= 1e-6, `${r.name}: ${r.relError}`);
        }
      });

      it("rejects dYhat of the wrong length or shape, and states of the wrong shape, naming them", () => {
        const fwd = forward(p, xs, { cell });
        const none = xs.map(() => null as Matrix | null);
        assert.throws(() => backward(p, fwd, none.slice(1)), /dYhat: expected one entry per step \(T = 5, null where no loss\), got 4/);
        const dY = none.slice();
        dY[2] = new Matrix(n, k + 1);
        assert.throws(() => backward(p, fwd, dY), /expected dYhat\[2\] of n×k = 3×2, got 3×3/);
        assert.throws(() => backward(p, fwd, none, { dhLast: new Matrix(n, h + 1) }), /expected dhLast of n×h = 3×4, got 3×5/);
        if (!hasC) assert.throws(() => backward(p, fwd, none, { dcLast: new Matrix(n, h) }), /dcLast: the .* cell carries no cell state c/);
        const other = randomCellParams(cell, rng, d, h + 1, k);
        assert.throws(() => backward(other, fwd, none), /expected params.Wx of d×Gh of the forward pass/);
      });
    });
  }
});
