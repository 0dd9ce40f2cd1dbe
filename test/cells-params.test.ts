/**
 * Tests of lib/cells/params.ts: cells chosen by name, new parameters from a seed, and the checks on a
 * user's parameters, whose errors name the parameter, its shape and the shape expected.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, Random } from "../lib";
import { cellOf, cellSizes, elman, gru, initCellParams, lstm, paramKeys, toCellParams } from "../lib/cells";

const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };

describe("cells/params", () => {
  it("chooses a cell by name, Elman by default with its φ", () => {
    assert.equal(cellOf().name, "elman");
    assert.equal(cellOf().activation, "tanh");
    assert.equal(cellOf("elman", { activation: "relu" }).activation, "relu");
    assert.equal(cellOf("lstm"), lstm);
    assert.equal(cellOf("gru"), gru);
    assert.equal(cellOf(gru), gru);
  });

  it("rejects an unknown cell name, listing the known ones", () => {
    assert.throws(() => cellOf("rnn" as "gru"), /unknown cell "rnn", expected one of "elman", "lstm", "gru"/);
  });

  it("rejects an activation for a gated cell", () => {
    assert.throws(
      () => cellOf("lstm", { activation: "relu" }),
      /activation "relu" is for the Elman cell: the lstm cell's gates use σ and tanh/,
    );
  });

  it("lists each cell's parameters in order", () => {
    assert.deepEqual(paramKeys(elman()), ["Wx", "Wh", "bh", "Wo", "bo"]);
    assert.deepEqual(paramKeys(lstm), ["Wx", "Wh", "bh", "Wo", "bo"]);
    assert.deepEqual(paramKeys(gru), ["Wx", "Wh", "bx", "bh", "Wo", "bo"]);
  });

  it("draws weights within Glorot's range, one layer per gate block (fan-out h)", () => {
    const p = initCellParams(gru, { inputSize: 5, hiddenSize: 10, outputSize: 6 }, 1, 0.5);
    const within = (m: Matrix, limit: number) => m.data.every((v) => Math.abs(v) <= limit) && m.data.some((v) => Math.abs(v) > 0.9 * limit);
    assert.ok(within(p.Wx, Math.sqrt(6 / (5 + 10))), "Wx");
    assert.ok(within(p.Wh, 0.5 * Math.sqrt(6 / (10 + 10))), "Wh, times recurrentScale");
    assert.ok(within(p.Wo, Math.sqrt(6 / (10 + 6))), "Wo");
  });

  it("reads the sizes off the parameters", () => {
    assert.deepEqual(cellSizes(initCellParams(lstm, sizes, 0)), sizes);
  });

  it("rejects sizes that are not positive integers", () => {
    assert.throws(() => initCellParams(lstm, { ...sizes, hiddenSize: 0 }, 0), /hiddenSize must be a positive integer, got 0/);
  });

  describe("checking a user's parameters", () => {
    it("accepts number[][] and passes Matrices through uncopied", () => {
      const p = initCellParams(lstm, sizes, new Random(2));
      const asArrays = Object.fromEntries(Object.entries(p).map(([key, m]) => [key, (m as Matrix).toArray()]));
      const q = toCellParams(lstm, asArrays);
      assert.deepEqual(q.Wh.toArray(), p.Wh.toArray());
      assert.equal(toCellParams(lstm, p).Wh, p.Wh);
    });

    it("names a gate block matrix of the wrong width, its shape and the expected one", () => {
      const p = initCellParams(lstm, sizes, 0);
      assert.throws(
        () => toCellParams(lstm, { ...p, Wh: new Matrix(4, 12) }),
        /expected params.Wh \(lstm gate blocks \[i \| f \| g \| o\]\) of h×4h = 4×16, got 4×12/,
      );
      assert.throws(
        () => toCellParams(lstm, { ...p, Wx: new Matrix(2, 12) }),
        /expected params.Wx \(lstm gate blocks .*\) of d×4h = 2×16, got 2×12/,
      );
      assert.throws(
        () => toCellParams(lstm, { ...p, bh: new Matrix(1, 4) }),
        /expected params.bh \(lstm gate blocks .*\) of 1×4h = 1×16, got 1×4/,
      );
      const g = initCellParams(gru, sizes, 0);
      assert.throws(
        () => toCellParams(gru, { ...g, bx: new Matrix(1, 16) }),
        /expected params.bx \(gru gate blocks \[r \| z \| n\]\) of 1×3h = 1×12, got 1×16/,
      );
      assert.throws(() => toCellParams(gru, { ...g, Wo: new Matrix(3, 1) }), /expected params.Wo of h×k = 4×1, got 3×1/);
    });

    it("names Elman parameters given to a gated cell", () => {
      const p = initCellParams(elman(), sizes, 0);
      assert.throws(() => toCellParams(lstm, p), /expected params.Wh \(lstm gate blocks \[i \| f \| g \| o\]\) of h×4h = 4×16, got 4×4/);
    });

    it("says when a weight looks transposed, as PyTorch stores it", () => {
      const p = initCellParams(gru, sizes, 0);
      assert.throws(() => toCellParams(gru, { ...p, Wh: new Matrix(12, 4) }), /got 12×4: it looks transposed .*weight_ih/);
      assert.throws(() => toCellParams(gru, { ...p, Wx: new Matrix(12, 2) }), /got 12×2: it looks transposed/);
      assert.throws(
        () => toCellParams(gru, { ...p, Wx: new Matrix(2, 6) }),
        (e: Error) => !/transposed/.test(e.message),
      );
    });

    it("names a missing parameter: a GRU without bx", () => {
      const rest: Record<string, Matrix | undefined> = { ...initCellParams(gru, sizes, 0) };
      delete rest.bx;
      assert.throws(
        () => toCellParams(gru, rest as Record<string, Matrix>),
        /params.bx is missing \(expected 1×3h = 1×12\): the gru cell's parameters are \{ Wx, Wh, bx, bh, Wo, bo \}/,
      );
    });

    it("names a parameter the cell does not have, and for the LSTM says where PyTorch's second bias goes", () => {
      const p = initCellParams(lstm, sizes, 0);
      assert.throws(
        () => toCellParams(lstm, { ...p, bx: new Matrix(1, 16) }),
        /params.bx is not a parameter of the lstm cell: .* b_ih \+ b_hh add up to bh/,
      );
      assert.throws(
        () => toCellParams(elman(), { ...initCellParams(elman(), sizes, 0), Wy: new Matrix(1, 1) }),
        /params.Wy is not a parameter of the elman cell/,
      );
    });

    it("names a non-finite entry", () => {
      const p = initCellParams(lstm, sizes, 0);
      p.Wh.set(1, 5, NaN);
      assert.throws(() => toCellParams(lstm, p), /params.Wh\[1\]\[5\] is NaN, expected a finite number/);
    });
  });
});
