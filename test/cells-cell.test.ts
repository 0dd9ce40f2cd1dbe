/**
 * Tests of lib/cells/cell.ts: the shapes every gated cell shares, initialisation from shapes, and σ,
 * which must stay finite and exact at the extremes where gates saturate.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, Random, setKernels } from "../lib";
import { CELLS, cellOf, gateShapes, initFromShapes, sigmoid, squashGates } from "../lib/cells";
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

  it("computes σ, finite and exact at the extremes", () => {
    assert.equal(sigmoid(0), 0.5);
    assert.equal(sigmoid(800), 1);
    assert.equal(sigmoid(-800), 0);
    assertClose(sigmoid(2), 1 / (1 + Math.exp(-2)), { abs: 1e-16 });
  });

  for (const kernels of ["typescript", "simd"] as const) {
    it(`squashes gate blocks with σ or tanh, within 1e-15 of the definitions, saturating cleanly (${kernels} tanh)`, () => {
      const before = setKernels(kernels);
      try {
        const rng = new Random(2);
        const z = new Matrix(3, 4 * 10); // three rows of four blocks of h = 10, wide enough for the WebAssembly tanh
        z.data.forEach((_, i) => (z.data[i] = rng.normal(0, 4)));
        z.data[0] = 800;
        z.data[1] = -800;
        const raw = z.data.slice();
        squashGates(z, ["σ", "σ", "tanh", "σ"]);
        raw.forEach((x, i) => {
          const expected = Math.floor(i / 10) % 4 === 2 ? Math.tanh(x) : sigmoid(x);
          assertClose(z.data[i], expected, { abs: 1e-15 }, `entry ${i}`);
        });
        assert.equal(z.data[0], 1);
        assert.equal(z.data[1], 0);
        // blocks marked null are left as they are, the others squashed row by row
        const w = new Matrix(2, 3 * 12);
        w.data.forEach((_, i) => (w.data[i] = rng.normal(0, 3)));
        const before = w.data.slice();
        squashGates(w, ["σ", "σ", null]);
        before.forEach((x, i) => {
          const block = Math.floor(i / 12) % 3;
          assertClose(w.data[i], block === 2 ? x : sigmoid(x), { abs: 1e-15 }, `entry ${i}`);
        });
        squashGates(w, [null, null, "tanh"]);
        before.forEach((x, i) => Math.floor(i / 12) % 3 === 2 && assertClose(w.data[i], Math.tanh(x), { abs: 1e-15 }));
      } finally {
        setKernels(before);
      }
    });
  }

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
