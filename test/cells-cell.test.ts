/**
 * Tests of lib/cells/cell.ts: the shapes every gated cell shares, initialisation from shapes, and σ,
 * which must stay finite and exact at the extremes where gates saturate.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../lib";
import { CELLS, cellOf, gateShapes, initFromShapes, sigmoid } from "../lib/cells";

describe("cells/cell", () => {
  it("gives G gate blocks of width h to Wx, Wh and the biases, and the output layer its own shape", () => {
    const shapes = gateShapes({ inputSize: 2, hiddenSize: 3, outputSize: 5 }, 4, true);
    assert.deepEqual(
      shapes.map((s) => `${s.key} ${s.rows}×${s.cols} (${s.what})`),
      ["Wx 2×12 (d×4h)", "Wh 3×12 (h×4h)", "bx 1×12 (1×4h)", "bh 1×12 (1×4h)", "Wo 3×5 (h×k)", "bo 1×5 (1×k)"],
    );
    assert.equal(gateShapes({ inputSize: 2, hiddenSize: 3, outputSize: 5 }, 1, false)[1].what, "h×h");
  });

  it("initialises weights from the seed and every bias at zero", () => {
    const shapes = gateShapes({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 3, true);
    const a = initFromShapes(shapes, 3, new Random(1)),
      b = initFromShapes(shapes, 3, new Random(1));
    assert.deepEqual(a.Wh.toArray(), b.Wh.toArray());
    assert.ok(a.Wx.data.every((v) => v !== 0));
    for (const key of ["bx", "bh", "bo"] as const)
      assert.ok(
        a[key]!.data.every((v) => v === 0),
        key,
      );
  });

  it("scales only Wh by recurrentScale", () => {
    const shapes = gateShapes({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 4, false);
    const a = initFromShapes(shapes, 3, new Random(1), 1),
      b = initFromShapes(shapes, 3, new Random(1), 0.25);
    assert.deepEqual(a.Wx.toArray(), b.Wx.toArray());
    a.Wh.data.forEach((v, i) => assert.ok(Math.abs(0.25 * v - b.Wh.data[i]) < 1e-16));
  });

  it("computes σ, finite and exact at the extremes", () => {
    assert.equal(sigmoid(0), 0.5);
    assert.equal(sigmoid(800), 1);
    assert.equal(sigmoid(-800), 0);
    assert.ok(Math.abs(sigmoid(2) - 1 / (1 + Math.exp(-2))) < 1e-16);
  });

  it("names three cells, each with as many blocks in its state and shapes as it says", () => {
    assert.deepEqual(CELLS, ["elman", "lstm", "gru"]);
    for (const name of CELLS) {
      const cell = cellOf(name);
      const wh = cell.shapes({ inputSize: 1, hiddenSize: 2, outputSize: 1 }).find((s) => s.key === "Wh")!;
      assert.equal(wh.cols, 2 * cell.blocks.length, name);
      assert.equal(
        cell.split,
        cell.shapes({ inputSize: 1, hiddenSize: 2, outputSize: 1 }).some((s) => s.key === "bx"),
        name,
      );
    }
  });
});
