/**
 * lib/notebook/multiply-adds.ts: the work of one update is the sum of its products' sizes, listed here one by
 * one from the shapes of the parameters the library draws, and networks of equal size cost about the same.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { trainingMultiplyAdds } from "../lib/notebook/multiply-adds";
import { initParams, paramCount } from "../lib/cells/params";
import type { CellName } from "../lib/cells/registry";

/** The products of one update, from the parameters' own shapes: [rows of A, inner size, columns of B] for each. */
function products(cell: CellName, d: number, h: number, k: number, n: number) {
  const p = initParams({ cell, inputSize: d, hiddenSize: h, outputSize: k }, 0);
  const Gh = p.Wx.cols;
  return [
    [n, d, Gh], // X W_x
    [n, h, p.Wh.cols], // H₋ W_h
    [n, h, p.Wo.cols], // H W_o
    [d, n, Gh], // Xᵀ dA
    [h, n, p.Wh.cols], // H₋ᵀ dB
    [n, p.Wh.cols, h], // dB W_hᵀ
    [h, n, k], // Hᵀ dŶ
    [n, k, h], // dŶ W_oᵀ
  ];
}

test("one update's multiply-adds are the sum of its eight products, for every cell", () => {
  for (const cell of ["elman", "lstm", "gru"] as const) {
    const [d, h, k, T, n] = [5, 7, 3, 4, 2];
    const expected = T * products(cell, d, h, k, n).reduce((s, [a, b, c]) => s + a * b * c, 0);
    assert.equal(trainingMultiplyAdds({ cell, inputSize: d, hiddenSize: h, outputSize: k }, { steps: T, rows: n }), expected, cell);
  }
});

test("character models of about equal size cost within a fifth of each other per update, and the cost grows with the batch", () => {
  const V = 109;
  const costs = (
    [
      ["elman", 64],
      ["lstm", 27],
      ["gru", 33],
    ] as const
  ).map(([cell, h]) => {
    const sizes = { cell, inputSize: V, hiddenSize: h, outputSize: V };
    return { params: paramCount(initParams(sizes, 0)), cost: trainingMultiplyAdds(sizes, { steps: 25, rows: 8 }) };
  });
  for (const c of costs)
    assert.ok(Math.abs(c.cost / costs[0].cost - 1) < 0.2, `${c.cost} against ${costs[0].cost} (parameters ${c.params})`);
  const one = trainingMultiplyAdds({ inputSize: V, hiddenSize: 64, outputSize: V }, { steps: 25, rows: 1 });
  assert.equal(trainingMultiplyAdds({ inputSize: V, hiddenSize: 64, outputSize: V }, { steps: 25, rows: 8 }), 8 * one);
});

test("sizes that are not positive integers are refused by name", () => {
  assert.throws(
    () => trainingMultiplyAdds({ inputSize: 3, hiddenSize: 0, outputSize: 1 }, { steps: 1, rows: 1 }),
    /hiddenSize is 0, expected a positive integer/,
  );
  assert.throws(() => trainingMultiplyAdds({ inputSize: 3, hiddenSize: 2, outputSize: 1 }, { steps: 2.5, rows: 1 }), /steps is 2\.5/);
});
