/**
 * Tests of lib/engine/stepper.ts: stepping a cell one input at a time gives bit for bit the states,
 * outputs and gate values of the unrolled pass, one-hot indices read as one-hot rows, and bad
 * inputs are named.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELLS, cellOf, CellStepper, forward, gateValues, Matrix, Random } from "../lib";
import { randomCellParams, randomMatrix } from "./helpers/cells";

const T = 5,
  n = 2,
  d = 3,
  h = 4,
  k = 2;

describe("engine/stepper", () => {
  for (const name of CELLS) {
    const cell = cellOf(name);
    const hasC = cell.state.includes("c");
    const rng = new Random(name.length * 5);
    const p = randomCellParams(cell, rng, d, h, k);
    const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));

    it(`${name}: one input at a time gives the unrolled pass's states and outputs bit for bit`, () => {
      const h0 = randomMatrix(rng, n, h),
        c0 = hasC ? randomMatrix(rng, n, h) : undefined;
      const fwd = forward(p, xs, { cell, h0, c0 });
      const stepper = new CellStepper(cell, p, n);
      stepper.reset(h0, c0);
      xs.forEach((x, t) => {
        const y = stepper.read(x);
        assert.deepEqual(y.data, fwd.yHat[t].data, `ŷ_${t}`);
        assert.deepEqual(stepper.h.data, fwd.H[t].data, `h_${t}`);
        if (hasC) assert.deepEqual(stepper.c.data, fwd.C[t].data, `c_${t}`);
        for (const gate of cell.blocks.length > 1 ? cell.blocks : []) {
          assert.deepEqual(stepper.gate(gate).data, gateValues(fwd, gate)[t].data, `${gate}_${t}`);
        }
      });
    });

    it(`${name}: reads one-hot inputs from their indices`, () => {
      const ids = [
        [2, 0],
        [1, 1],
        [0, 2],
      ];
      const oneHot = ids.map((row) => Matrix.from(row.map((id) => [0, 1, 2].map((j) => (j === id ? 1 : 0)))));
      const byIds = new CellStepper(cell, p, n),
        byRows = new CellStepper(cell, p, n);
      ids.forEach((row, t) => {
        assert.deepEqual(byIds.readIds(row).data, byRows.read(oneHot[t]).data, `ŷ_${t}`);
        assert.deepEqual(byIds.h.data, byRows.h.data, `h_${t}`);
      });
    });

    it(`${name}: resets to zeros, and names bad inputs`, () => {
      const stepper = new CellStepper(cell, p, n);
      stepper.read(xs[0]);
      stepper.reset();
      assert.ok(stepper.h.data.every((v) => v === 0) && stepper.c.data.every((v) => v === 0));
      assert.throws(() => stepper.read(new Matrix(n, d + 1)), /expected x_t of n×d = 2×3, got 2×4/);
      assert.throws(() => stepper.readIds([0]), /expected 2 input indices \(one per stream\), got 1/);
      assert.throws(() => stepper.readIds([0, 3]), /input index ids\[1\] = 3 is not in \[0, 2\] \(d = 3 inputs\)/);
      assert.throws(() => stepper.reset(new Matrix(n, h + 1)), /expected h0 of n×h = 2×4, got 2×5/);
    });
  }

  it("names the gates a cell has when asked for one it has not", () => {
    const lstm = cellOf("lstm");
    const stepper = new CellStepper(lstm, randomCellParams(lstm, new Random(1), d, h, k));
    assert.throws(() => stepper.gate("z"), /the lstm cell has no gate "z"; its gates are i, f, g, o/);
    const elman = cellOf("elman");
    assert.throws(
      () => gateValues(forward(randomCellParams(elman, new Random(1), d, h, k), [[[1, 2, 3]]], { cell: elman }), "h"),
      /the elman cell has no gate "h"$/,
    );
  });
});
