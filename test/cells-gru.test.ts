/**
 * Tests of lib/cells/gru.ts: its parameters (an input bias bx beside bh), one step worked by hand, its
 * gradients against central differences under every loss shape, and its losses, gradients and states
 * against torch.nn.GRU (fixtures from test/fixtures/make_torch_cell_fixtures.py), saturated gates included.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CellParams, forward, initParams, Matrix } from "../lib";
import { gru } from "../lib/cells/gru";
import { itChecksGradients, itMatchesTorch } from "./helpers/cells";
import { assertClose } from "./helpers/close";

describe("cells/gru", () => {
  it("has PyTorch's gate blocks [r | z | n], carries h, and keeps the input bias bx apart from bh", () => {
    assert.deepEqual(gru.blocks, ["r", "z", "n"]);
    assert.deepEqual(gru.state, ["h"]);
    const shapes = gru.shapes({ inputSize: 2, hiddenSize: 3, outputSize: 1 }).map((s) => `${s.key} ${s.rows}×${s.cols}`);
    assert.deepEqual(shapes, ["Wx 2×9", "Wh 3×9", "bx 1×9", "bh 1×9", "Wo 3×1", "bo 1×1"]);
    const p = initParams({ cell: gru, inputSize: 2, hiddenSize: 3, outputSize: 1 }, 5);
    assert.ok(p.bx!.data.every((v) => v === 0) && p.bh.data.every((v) => v === 0));
  });

  it("computes one step as its equations say (d = h = 1, worked by hand)", () => {
    const σ = (x: number) => 1 / (1 + Math.exp(-x));
    const p: CellParams = {
      Wx: Matrix.from([[0.5, -1, 2]]),
      Wh: Matrix.from([[0.1, 0.2, -0.3]]),
      bx: Matrix.from([[0.1, 0.4, -0.2]]),
      bh: Matrix.from([[-0.3, 0.2, 0.6]]),
      Wo: Matrix.from([[2]]),
      bo: Matrix.from([[0.5]]),
    };
    const fwd = forward(p, [[[0.8]], [[-0.4]]], { cell: gru });
    let h = 0;
    [0.8, -0.4].forEach((x, t) => {
      const a = [0, 1, 2].map((j) => x * p.Wx.data[j] + p.bx!.data[j]),
        b = [0, 1, 2].map((j) => h * p.Wh.data[j] + p.bh.data[j]);
      const r = σ(a[0] + b[0]),
        z = σ(a[1] + b[1]),
        n = Math.tanh(a[2] + r * b[2]);
      h = (1 - z) * n + z * h;
      assertClose(fwd.H[t].data[0], h, { abs: 1e-15 }, `h_${t}`);
      assertClose(fwd.yHat[t].data[0], 0.5 + 2 * h, { abs: 1e-15 }, `ŷ_${t}`);
    });
    assert.deepEqual(fwd.C, []);
    assert.equal(fwd.c0, null);
  });

  describe("gradients", () => itChecksGradients(gru));

  describe("against PyTorch", () => itMatchesTorch(gru));
});
