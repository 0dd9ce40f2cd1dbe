/**
 * Tests of lib/cells/elman.ts: its parameters are initParams' (test/rnn.test.ts holds its runs to the
 * tutorial's loops bit for bit, for every φ); it passes the gradient checks and the Elman PyTorch fixtures.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { initParams, Matrix } from "../lib";
import { elman } from "../lib/cells/elman";
import { cellLoss, itChecksGradients, relErr } from "./helpers/cells";
import { assertClose } from "./helpers/close";

/** Every entry equal (=== treats 0 and −0 alike), and the same shape. */
function identical(a: Matrix, b: Matrix, what: string): void {
  assert.equal(a.shape, b.shape, what);
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) assert.fail(`${what}[${i}]: ${a.data[i]} vs ${b.data[i]}`);
}

describe("cells/elman", () => {
  it("draws exactly initParams' parameters from the same seed", () => {
    const sizes = { inputSize: 3, hiddenSize: 5, outputSize: 2 };
    for (const scale of [1, 0.7]) {
      const a = initParams(sizes, 4, scale),
        b = initParams({ cell: elman(), ...sizes }, 4, scale);
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
