/**
 * Tests of lib/cells/lstm.ts: its initialisation (forget-gate bias at 1), its gradients against central
 * differences under every loss shape, and its losses, gradients and states against torch.nn.LSTM
 * (fixtures from test/fixtures/make_torch_cell_fixtures.py), including gates driven into saturation.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CellParams, forward, initParams, Matrix, Random } from "../lib";
import { lstm } from "../lib/cells/lstm";
import { itChecksGradients, itMatchesTorch } from "./helpers/cells";
import { assertClose } from "./helpers/close";

describe("cells/lstm", () => {
  it("has PyTorch's gate blocks [i | f | g | o] and carries h and c", () => {
    assert.deepEqual(lstm.blocks, ["i", "f", "g", "o"]);
    assert.deepEqual(lstm.state, ["h", "c"]);
    const shapes = lstm.shapes({ inputSize: 2, hiddenSize: 3, outputSize: 1 }).map((s) => `${s.key} ${s.rows}×${s.cols}`);
    assert.deepEqual(shapes, ["Wx 2×12", "Wh 3×12", "bh 1×12", "Wo 3×1", "bo 1×1"]);
  });

  it("starts the forget gate's bias at 1 and the other gates' at 0", () => {
    const p = initParams({ cell: lstm, inputSize: 2, hiddenSize: 3, outputSize: 1 }, 5);
    assert.deepEqual(Array.from(p.bh.data), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    assert.ok(p.bo.data.every((v) => v === 0));
  });

  it("computes one step as its equations say (d = h = 1, worked by hand)", () => {
    const σ = (x: number) => 1 / (1 + Math.exp(-x));
    const p: CellParams = {
      Wx: Matrix.from([[0.5, -1, 2, 0.3]]),
      Wh: Matrix.from([[0.1, 0.2, -0.3, 0.4]]),
      bh: Matrix.from([[0.1, 1, -0.2, 0]]),
      Wo: Matrix.from([[2]]),
      bo: Matrix.from([[0.5]]),
    };
    const fwd = forward(p, [[[0.8]], [[-0.4]]], { cell: lstm });
    let h = 0,
      c = 0;
    [0.8, -0.4].forEach((x, t) => {
      const z = [0, 1, 2, 3].map((j) => x * p.Wx.data[j] + h * p.Wh.data[j] + p.bh.data[j]);
      c = σ(z[1]) * c + σ(z[0]) * Math.tanh(z[2]);
      h = σ(z[3]) * Math.tanh(c);
      assertClose(fwd.C[t].data[0], c, { abs: 1e-15 }, `c_${t}`);
      assertClose(fwd.H[t].data[0], h, { abs: 1e-15 }, `h_${t}`);
      assertClose(fwd.yHat[t].data[0], 0.5 + 2 * h, { abs: 1e-15 }, `ŷ_${t}`);
    });
  });

  describe("gradients", () => itChecksGradients(lstm));

  describe("against PyTorch", () => itMatchesTorch(lstm));

  it("draws the same parameters from the same seed", () => {
    const sizes = { inputSize: 3, hiddenSize: 4, outputSize: 2 };
    const a = initParams({ cell: lstm, ...sizes }, new Random(9)),
      b = initParams({ cell: lstm, ...sizes }, 9);
    assert.deepEqual(a.Wh.toArray(), b.Wh.toArray());
  });
});
