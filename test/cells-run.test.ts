/**
 * Tests of lib/cells/run.ts: runCell sends the Elman cell through the tutorial's readable forward and
 * backward and the gated cells through cellForward and cellBackward, giving each route's numbers unchanged;
 * a c state handed to a cell that has none is refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backward, forward, Matrix, mse, Random, ValueError } from "../lib";
import { cellBackward, cellForward, cellOf, runCell } from "../lib/cells";
import { randomCellParams, randomMatrix } from "./helpers/cells";

/** Every entry equal, and the same shape. */
function identical(a: Matrix, b: Matrix, what: string): void {
  assert.equal(a.shape, b.shape, what);
  a.data.forEach((v, i) => assert.equal(v, b.data[i], `${what}[${i}]`));
}

const n = 3,
  d = 2,
  h = 5,
  k = 2,
  T = 6;

describe("cells/run", () => {
  it("runs the Elman cell through forward and backward of lib/rnn.ts and lib/bptt.ts", () => {
    const rng = new Random(4);
    const p = randomCellParams(cellOf("elman"), rng, d, h, k);
    const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
    const h0 = randomMatrix(rng, n, h, 0.5),
      dhLast = randomMatrix(rng, n, h);
    const run = runCell(cellOf("elman"), p, xs, { h0 });
    const ref = forward(p, xs, { h0 });
    ref.H.forEach((H, t) => identical(run.H[t], H, `H[${t}]`));
    assert.deepEqual(run.C, []);
    const dY = ref.yHat.map((y) => mse(y, randomMatrix(rng, n, k)).grad);
    const got = run.backward(dY, { dhLast });
    const want = backward(p, xs, ref, dY, { dhLast });
    for (const key of Object.keys(want.grads) as (keyof typeof want.grads)[]) identical(got.grads[key], want.grads[key], key);
    identical(got.dh0, want.dh0, "dh0");
    assert.equal(got.dc0, null);
  });

  for (const name of ["lstm", "gru"] as const) {
    it(`runs the ${name} cell through cellForward and cellBackward`, () => {
      const rng = new Random(name.length);
      const cell = cellOf(name);
      const p = randomCellParams(cell, rng, d, h, k);
      const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
      const run = runCell(cell, p, xs);
      const fwd = cellForward(cell, p, xs);
      fwd.yHat.forEach((y, t) => identical(run.yHat[t], y, `yHat[${t}]`));
      assert.equal(run.C.length, name === "lstm" ? T : 0);
      const dY = [...Array<null>(T - 1).fill(null), mse(fwd.yHat[T - 1], randomMatrix(rng, n, k)).grad];
      const got = run.backward(dY),
        want = cellBackward(p, fwd, dY);
      for (const key of Object.keys(want.grads) as (keyof typeof want.grads)[]) identical(got.grads[key]!, want.grads[key]!, key);
      identical(got.dh0, want.dh0, "dh0");
      assert.equal(got.dc0 === null, name === "gru");
    });
  }

  it("refuses c0 or dcLast for the Elman cell, naming the argument", () => {
    const rng = new Random(1);
    const p = randomCellParams(cellOf("elman"), rng, d, h, k);
    const xs = [randomMatrix(rng, n, d)];
    assert.throws(
      () => runCell(cellOf("elman"), p, xs, { c0: new Matrix(n, h) }),
      (e: unknown) => e instanceof ValueError && /^c0: the elman cell carries no cell state c/.test(e.message),
    );
    const run = runCell(cellOf("elman"), p, xs);
    assert.throws(
      () => run.backward([null], { dcLast: new Matrix(n, h) }),
      (e: unknown) => e instanceof ValueError && /^dcLast: the elman cell carries no cell state c/.test(e.message),
    );
  });
});
