/**
 * Tests of lib/tbptt.ts: CarriedState starts each window from the state the previous window ended
 * in, and the gradient stops at the window's start (the carried state is a constant).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { initParams, manyToMany, Matrix, Random, CarriedState } from "../lib";
import { assertClose } from "./helpers/close";

function oneHot(ids: number[], V: number): Matrix[] {
  return ids.map((c) => {
    const m = new Matrix(1, V);
    m.data[c] = 1;
    return m;
  });
}

describe("tbptt", () => {
  const V = 5,
    rng = new Random(4);
  const p = initParams({ inputSize: V, hiddenSize: 6, outputSize: V }, 2);
  const stream = Array.from({ length: 13 }, () => rng.int(V));
  const win1 = stream.slice(0, 6),
    win2 = stream.slice(6, 12);
  const targets = (ids: number[], start: number) => ids.map((_, t) => [stream[start + t + 1]]);

  it("starts from zeros, then carries the last h of each window into the next", () => {
    const s = new CarriedState();
    assert.equal(s.state, null);
    const r1 = s.window(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    assert.deepEqual(s.state!.data, r1.H[5].data);
    const r2 = s.window(p, oneHot(win2, V), targets(win2, 6), { loss: "crossEntropy" });
    // the two windows together are exactly the forward pass over the whole stretch
    const whole = manyToMany(p, oneHot([...win1, ...win2], V), [...targets(win1, 0), ...targets(win2, 6)], { loss: "crossEntropy" });
    r2.H.forEach((Ht, t) => Ht.data.forEach((x, i) => assertClose(x, whole.H[6 + t].data[i], { abs: 1e-14 })));
  });

  it("stops the gradient at the window: it equals the gradient with the carried state as a fixed h0", () => {
    const s = new CarriedState();
    s.window(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    const h0 = s.state!.clone();
    const r2 = s.window(p, oneHot(win2, V), targets(win2, 6), { loss: "crossEntropy" });
    const fixed = manyToMany(p, oneHot(win2, V), targets(win2, 6), { loss: "crossEntropy", h0 });
    assert.equal(r2.loss, fixed.loss);
    for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) assert.deepEqual(r2.grads[key].data, fixed.grads[key].data);
    // …and differs from full backpropagation through both windows
    const whole = manyToMany(p, oneHot([...win1, ...win2], V), [...win1.map(() => null), ...targets(win2, 6)], { loss: "crossEntropy" });
    assert.notDeepEqual(r2.grads.Wh.data, whole.grads.Wh.data);
  });

  it("keeps a copy of the state, not a view the next window could overwrite", () => {
    const s = new CarriedState();
    const r = s.window(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    assert.notEqual(s.state, r.H[5]);
    r.H[5].data.fill(0);
    assert.ok(s.state!.data.some((x) => x !== 0));
  });

  it("forgets the state on reset", () => {
    const s = new CarriedState();
    s.window(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    s.reset();
    assert.equal(s.state, null);
    const again = s.window(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    const fresh = manyToMany(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    assert.equal(again.loss, fresh.loss);
  });

  it("refuses a window whose batch size differs from the carried state's", () => {
    const s = new CarriedState();
    s.window(p, oneHot(win1, V), targets(win1, 0), { loss: "crossEntropy" });
    const two = win2.map((c) => Matrix.from([Array.from({ length: V }, (_, j) => (j === c ? 1 : 0)), new Array<number>(V).fill(0)]));
    assert.throws(
      () =>
        s.window(
          p,
          two,
          win2.map(() => [0, 1]),
          { loss: "crossEntropy" },
        ),
      /expected h0 of n×h = 2×6, got 1×6/,
    );
  });
});
