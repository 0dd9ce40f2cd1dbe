/**
 * Tests of lib/gradcheck.ts: it passes a correct gradient, catches a wrong one, samples entries
 * reproducibly, leaves the parameters as it found them and names nested parameters by path.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gradCheck, initParams, manyToOneMSE, Matrix, ValueError } from "../lib";
import { assertClose } from "./helpers/close";

/** L = Σ w_i³ + Σ u_i², with ∂L/∂w = 3w², ∂L/∂u = 2u. */
const cubic = (p: { w: Matrix; u: Matrix }, wrongBy = 1) => {
  let loss = 0;
  p.w.data.forEach((x) => (loss += x ** 3));
  p.u.data.forEach((x) => (loss += x * x));
  return {
    loss,
    grads: {
      w: new Matrix(
        p.w.rows,
        p.w.cols,
        p.w.data.map((x) => 3 * x * x * wrongBy),
      ),
      u: new Matrix(
        p.u.rows,
        p.u.cols,
        p.u.data.map((x) => 2 * x),
      ),
    },
  };
};
const params = () => ({
  w: Matrix.from([
    [0.5, -1.2],
    [2, 0.1],
  ]),
  u: Matrix.row([3, -4, 0.7]),
});

describe("gradcheck", () => {
  it("finds a correct analytic gradient within round-off of central differences", () => {
    const rows = gradCheck(params(), (p) => cubic(p));
    assert.deepEqual(
      rows.map((r) => r.name),
      ["w", "u"],
    );
    for (const r of rows) assert.ok(r.relError < 1e-9, `${r.name}: ${r.relError}`);
    assert.deepEqual(rows[0].indices, [0, 1, 2, 3]);
    assertClose(rows[0].numeric[2], 12, { abs: 1e-8 });
  });

  it("reports a gradient that is 1% off as a relative error near 0.005", () => {
    const rows = gradCheck(params(), (p) => cubic(p, 1.01));
    assertClose(rows[0].relError, 0.01 / 2.01, { abs: 1e-6 }, "relative error");
    assert.ok(rows[1].relError < 1e-9);
  });

  it("checks a reproducible sample of entries with maxEntries", () => {
    const a = gradCheck(params(), (p) => cubic(p), { maxEntries: 2, seed: 3 });
    const b = gradCheck(params(), (p) => cubic(p), { maxEntries: 2, seed: 3 });
    assert.deepEqual(
      a.map((r) => r.indices),
      b.map((r) => r.indices),
    );
    assert.ok(a.every((r) => r.indices.length === 2 && r.indices[0] < r.indices[1]));
  });

  it("leaves the parameters bit-identical", () => {
    const p = params(),
      before = [p.w.data.slice(), p.u.data.slice()];
    gradCheck(p, (q) => cubic(q));
    assert.deepEqual([p.w.data, p.u.data], before);
  });

  it("names nested parameters by path and gives 0 when both gradients vanish", () => {
    const rows = gradCheck({ enc: { W: Matrix.row([1, 2]) } }, () => ({ loss: 1, grads: { enc: { W: Matrix.row([0, 0]) } } }));
    assert.equal(rows[0].name, "enc.W");
    assert.equal(rows[0].relError, 0);
  });

  it("names a gradient that is missing or shaped unlike its parameter", () => {
    assert.throws(
      () => gradCheck(params(), (p) => ({ loss: 0, grads: { w: cubic(p).grads.w } })),
      /gradCheck: grads\.u is missing, expected 1×3 like params\.u/,
    );
    assert.throws(
      () => gradCheck(params(), (p) => ({ loss: 0, grads: { w: cubic(p).grads.w, u: Matrix.row([1]) } })),
      /gradCheck: grads\.u is 1×1, expected 1×3/,
    );
  });

  it("rejects eps or maxEntries that are not positive", () => {
    assert.throws(() => gradCheck(params(), (p) => cubic(p), { eps: 0 }), /eps must be a positive finite number, got 0/);
    assert.throws(() => gradCheck(params(), (p) => cubic(p), { maxEntries: 0 }), /maxEntries must be a positive integer, got 0/);
  });
});

describe("gradcheck refuses what it cannot check", () => {
  it("refuses number[][] parameters instead of returning no rows", () => {
    const p = initParams({ inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0);
    const arrays = { Wx: p.Wx.toArray(), Wh: p.Wh.toArray(), bh: p.bh.toArray(), Wo: p.Wo.toArray(), bo: p.bo.toArray() };
    assert.throws(
      // @ts-expect-error number[][] leaves are not a ParamTree
      () => gradCheck(arrays, (q) => manyToOneMSE(q, [[[1]]], [[0]])),
      (e: unknown) => e instanceof ValueError && /params\.Wx is a 1×2 array, expected a Matrix/.test(e.message),
    );
  });

  it("names what f returned when it is not { loss, grads }", () => {
    assert.throws(
      () => gradCheck(params(), () => undefined as never),
      (e: unknown) =>
        e instanceof ValueError && /gradCheck: f\(params\) returned undefined, expected \{ loss: number, grads \}/.test(e.message),
    );
    assert.throws(
      () => gradCheck(params(), (p) => ({ ...cubic(p), loss: NaN })),
      (e: unknown) => e instanceof ValueError && /f\(params\)\.loss is NaN, expected a finite number/.test(e.message),
    );
  });
});
