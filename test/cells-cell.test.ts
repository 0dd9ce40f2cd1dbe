/**
 * Tests of lib/cells/cell.ts: the shapes every gated cell shares, initialisation from shapes, a gate's values
 * read out of a step, and the three cells' own descriptions.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELLS, cellOf, gateShapes, initFromShapes, Matrix, Random } from "../lib";
import { gateOf } from "../lib/cells/cell";
import { assertClose } from "./helpers/close";

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
    a.Wh.data.forEach((v, i) => assertClose(0.25 * v, b.Wh.data[i], { abs: 1e-16 }));
  });

  it("reads one gate's values out of a step's gate blocks, and names a gate the cell lacks", () => {
    const lstm = cellOf("lstm");
    const a = Matrix.from([[1, 2, 3, 4, 5, 6, 7, 8]]); // h = 2: [i | f | g | o]
    assert.deepEqual(gateOf(lstm, a, "f").toArray(), [[3, 4]]);
    assert.throws(() => gateOf(lstm, a, "z"), /the lstm cell has no gate "z"; its gates are i, f, g, o/);
    assert.throws(() => gateOf(cellOf("elman"), Matrix.from([[1]]), "h"), /the elman cell has no gate "h"$/);
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
