/**
 * Tests of lib/cells/params.ts: new parameters from a seed (shapes, Glorot's range, the budget), and the
 * door's checks on a user's parameters, whose errors name the parameter, its shape, the shape expected and,
 * for another cell's parameters, that cell.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { forward, initParams, Matrix, PARAM_BUDGET, paramCount, Random, ShapeError, toParams, ValueError } from "../lib";
import { elman } from "../lib/cells/elman";
import { gru } from "../lib/cells/gru";
import { lstm } from "../lib/cells/lstm";
import { cellSizes, paramKeys } from "../lib/cells/params";

const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };

describe("cells/params", () => {
  it("lists each cell's parameters in order", () => {
    assert.deepEqual(paramKeys(elman()), ["Wx", "Wh", "bh", "Wo", "bo"]);
    assert.deepEqual(paramKeys(lstm), ["Wx", "Wh", "bh", "Wo", "bo"]);
    assert.deepEqual(paramKeys(gru), ["Wx", "Wh", "bx", "bh", "Wo", "bo"]);
  });

  it("draws weights within Glorot's range, one layer per gate block (fan-out h)", () => {
    const p = initParams({ cell: gru, inputSize: 5, hiddenSize: 10, outputSize: 6 }, 1, 0.5);
    const within = (m: Matrix, limit: number) => m.data.every((v) => Math.abs(v) <= limit) && m.data.some((v) => Math.abs(v) > 0.9 * limit);
    assert.ok(within(p.Wx, Math.sqrt(6 / (5 + 10))), "Wx");
    assert.ok(within(p.Wh, 0.5 * Math.sqrt(6 / (10 + 10))), "Wh, times recurrentScale");
    assert.ok(within(p.Wo, Math.sqrt(6 / (10 + 6))), "Wo");
  });

  it("reads the sizes off the parameters", () => {
    assert.deepEqual(cellSizes(initParams({ cell: lstm, ...sizes }, 0)), sizes);
  });

  it("rejects sizes that are not positive integers", () => {
    assert.throws(() => initParams({ cell: lstm, ...sizes, hiddenSize: 0 }, 0), /hiddenSize must be a positive integer, got 0/);
  });

  describe("checking a user's parameters", () => {
    it("accepts number[][] and passes Matrices through uncopied", () => {
      const p = initParams({ cell: lstm, ...sizes }, new Random(2));
      const asArrays = Object.fromEntries(Object.entries(p).map(([key, m]) => [key, (m as Matrix).toArray()]));
      const q = toParams(asArrays, { cell: lstm });
      assert.deepEqual(q.Wh.toArray(), p.Wh.toArray());
      assert.equal(toParams(p, { cell: lstm }).Wh, p.Wh);
    });

    it("names a gate block matrix of the wrong width, its shape and the expected one", () => {
      const p = initParams({ cell: lstm, ...sizes }, 0);
      assert.throws(
        () => toParams({ ...p, Wh: new Matrix(4, 12) }, { cell: lstm }),
        /expected params.Wh \(lstm gate blocks \[i \| f \| g \| o\]\) of h×4h = 4×16, got 4×12/,
      );
      assert.throws(
        () => toParams({ ...p, Wx: new Matrix(2, 12) }, { cell: lstm }),
        /expected params.Wx \(lstm gate blocks .*\) of d×4h = 2×16, got 2×12/,
      );
      assert.throws(
        () => toParams({ ...p, bh: new Matrix(1, 4) }, { cell: lstm }),
        /expected params.bh \(lstm gate blocks .*\) of 1×4h = 1×16, got 1×4/,
      );
      const g = initParams({ cell: gru, ...sizes }, 0);
      assert.throws(
        () => toParams({ ...g, bx: new Matrix(1, 16) }, { cell: gru }),
        /expected params.bx \(gru gate blocks \[r \| z \| n\]\) of 1×3h = 1×12, got 1×16/,
      );
      assert.throws(() => toParams({ ...g, Wo: new Matrix(3, 1) }, { cell: gru }), /expected params.Wo of h×k = 4×1, got 3×1/);
    });

    it("names Elman parameters given to a gated cell", () => {
      const p = initParams({ cell: elman(), ...sizes }, 0);
      assert.throws(
        () => toParams(p, { cell: lstm }),
        /expected params.Wh \(lstm gate blocks \[i \| f \| g \| o\]\) of h×4h = 4×16, got 4×4/,
      );
    });

    it("says when a weight looks transposed, as PyTorch stores it", () => {
      const p = initParams({ cell: gru, ...sizes }, 0);
      assert.throws(() => toParams({ ...p, Wh: new Matrix(12, 4) }, { cell: gru }), /got 12×4: it looks transposed .*weight_ih/);
      assert.throws(() => toParams({ ...p, Wx: new Matrix(12, 2) }, { cell: gru }), /got 12×2: it looks transposed/);
      assert.throws(
        () => toParams({ ...p, Wx: new Matrix(2, 6) }, { cell: gru }),
        (e: Error) => !/transposed/.test(e.message),
      );
    });

    it("names a missing parameter: a GRU without bx", () => {
      const rest: Record<string, Matrix | undefined> = { ...initParams({ cell: gru, ...sizes }, 0) };
      delete rest.bx;
      assert.throws(
        () => toParams(rest as Record<string, Matrix>, { cell: gru }),
        /params.bx is missing \(expected 1×3h = 1×12\): the gru cell's parameters are \{ Wx, Wh, bx, bh, Wo, bo \}/,
      );
    });

    it("names a parameter the cell does not have, and for the LSTM says where PyTorch's second bias goes", () => {
      const p = initParams({ cell: lstm, ...sizes }, 0);
      assert.throws(
        () => toParams({ ...p, bx: new Matrix(1, 16) }, { cell: lstm }),
        /params.bx is not a parameter of the lstm cell: .* b_ih \+ b_hh add up to bh/,
      );
      assert.throws(
        () => toParams({ ...initParams({ cell: elman(), ...sizes }, 0), Wy: new Matrix(1, 1) }, { cell: elman() }),
        /params.Wy is not a parameter of the elman cell/,
      );
    });

    it("names a non-finite entry", () => {
      const p = initParams({ cell: lstm, ...sizes }, 0);
      p.Wh.set(1, 5, NaN);
      assert.throws(() => toParams(p, { cell: lstm }), /params.Wh\[1\]\[5\] is NaN, expected a finite number/);
    });
  });
});

describe("initParams", () => {
  it("gives the documented shapes: Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 8, outputSize: 3 }, 1);
    assert.deepEqual([p.Wx.shape, p.Wh.shape, p.bh.shape, p.Wo.shape, p.bo.shape], ["2×8", "8×8", "1×8", "8×3", "1×3"]);
    assert.equal(paramCount(p), 2 * 8 + 8 * 8 + 8 + 8 * 3 + 3);
    assert.equal(paramCount({ encoder: p, decoder: p }), 2 * (2 * 8 + 8 * 8 + 8 + 8 * 3 + 3));
    assert.deepEqual(cellSizes(p), { inputSize: 2, hiddenSize: 8, outputSize: 3 });
  });

  it("draws weights within Glorot's limit √(6/(fan_in + fan_out)) and starts biases at zero", () => {
    const p = initParams({ inputSize: 3, hiddenSize: 5, outputSize: 2 }, 4);
    for (const [m, limit] of [
      [p.Wx, Math.sqrt(6 / 8)],
      [p.Wh, Math.sqrt(6 / 10)],
      [p.Wo, Math.sqrt(6 / 7)],
    ] as const) {
      assert.ok(m.data.every((v) => Math.abs(v) <= limit && v !== 0));
    }
    assert.ok(p.bh.data.every((v) => v === 0) && p.bo.data.every((v) => v === 0));
  });

  it("is bit-identical for the same seed and different for another seed", () => {
    const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };
    const a = initParams(sizes, 42),
      b = initParams(sizes, 42),
      c = initParams(sizes, 43);
    for (const key of ["Wx", "Wh", "Wo"] as const) {
      assert.deepEqual(a[key].data, b[key].data);
      assert.notDeepEqual(a[key].data, c[key].data);
    }
  });

  it("scales Wh by recurrentScale", () => {
    const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };
    const a = initParams(sizes, 3),
      b = initParams(sizes, 3, 0.5);
    a.Wh.data.forEach((v, i) => assert.equal(b.Wh.data[i], v * 0.5));
    assert.deepEqual(a.Wx.data, b.Wx.data);
  });

  it("rejects sizes that are zero, negative or not integers", () => {
    assert.throws(() => initParams({ inputSize: 0, hiddenSize: 4, outputSize: 1 }, 1), /inputSize must be a positive integer, got 0/);
    assert.throws(() => initParams({ inputSize: 2, hiddenSize: -3, outputSize: 1 }, 1), /hiddenSize must be a positive integer, got -3/);
    assert.throws(() => initParams({ inputSize: 2, hiddenSize: 4, outputSize: 1.5 }, 1), /outputSize must be a positive integer, got 1.5/);
    assert.throws(() => initParams({ inputSize: 2, hiddenSize: 4, outputSize: 1 }, 0.5), /seed must be an integer, got 0.5/);
  });

  it("rejects a recurrentScale that is not a finite number ≥ 0, and a misspelt size", () => {
    const sizes = { inputSize: 2, hiddenSize: 4, outputSize: 1 };
    for (const bad of [NaN, -1, Infinity]) {
      assert.throws(() => initParams(sizes, 0, bad), /recurrentScale must be a finite number ≥ 0/);
    }
    assert.throws(
      () => initParams({ ...sizes, cells: "lstm" } as typeof sizes, 0),
      /unknown option `cells` of initParams — did you mean `cell`\?/,
    );
  });
});

describe("parameters that would give silent garbage are refused", () => {
  it("paramCount refuses number[][] parameters instead of counting 0", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    assert.throws(
      // @ts-expect-error number[][] leaves are not a ParamTree
      () => paramCount({ ...p, Wh: p.Wh.toArray() }),
      (e: unknown) => e instanceof ValueError && /params\.Wh is a 3×3 array/.test(e.message),
    );
    assert.equal(paramCount(toParams({ ...p, Wh: p.Wh.toArray() })), 2 * 3 + 3 * 3 + 3 + 3 * 1 + 1, "converted, they count");
  });

  it("forward refuses non-finite Matrix parameters, naming the entry", () => {
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 1);
    p.Wh.data[4] = NaN;
    assert.throws(
      () => forward(p, [[[1, 0]], [[0, 1]]]),
      (e: unknown) => e instanceof ValueError && /params\.Wh\[1\]\[1\] is NaN, expected a finite number/.test(e.message),
    );
    p.Wh.data[4] = 0;
    p.bo.data[0] = -Infinity;
    assert.throws(() => forward(p, [[[1, 0]]]), /params\.bo\[0\]\[0\] is -Infinity/);
  });

  it("refuses sizes whose parameters exceed the budget, naming the size and the budget, without allocating", () => {
    for (const hiddenSize of [1e5, 16384]) {
      assert.throws(
        () => initParams({ inputSize: 2, hiddenSize, outputSize: 1 }, 0),
        (e: unknown) =>
          e instanceof ShapeError &&
          e.message.includes(`hiddenSize ${hiddenSize}`) &&
          e.message.includes(PARAM_BUDGET.toLocaleString("en-US")) &&
          /reduce hiddenSize/.test(e.message),
      );
    }
    assert.throws(() => initParams({ inputSize: 1e8, hiddenSize: 8, outputSize: 1 }, 0), /reduce inputSize/);
    assert.ok(PARAM_BUDGET >= 1_000_000, "the notebooks' and the benchmark's sizes fit");
  });

  it("refuses params that are not an object, naming what they are", () => {
    for (const [bad, got] of [
      [null, "null"],
      [undefined, "undefined"],
      [[[1]], "a 1×1 array"],
      ["Wx", 'the string "Wx"'],
    ] as const) {
      assert.throws(
        () => toParams(bad as never),
        (e: unknown) =>
          e instanceof ValueError &&
          e.message.includes(`params: expected the elman cell's { Wx, Wh, bh, Wo, bo }`) &&
          e.message.includes(got),
        got,
      );
    }
  });
});

describe("initParams and toParams with a cell", () => {
  const sizes = { inputSize: 3, hiddenSize: 4, outputSize: 2 };

  it("draws the Elman parameters unchanged whether the cell is named or not", () => {
    for (const scale of [1, 0.5]) {
      const a = initParams(sizes, 9, scale),
        b = initParams({ ...sizes, cell: "elman" }, 9, scale),
        c = initParams({ ...sizes, cell: null }, 9, scale);
      for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) {
        assert.deepEqual(Array.from(b[key].data), Array.from(a[key].data), key);
        assert.deepEqual(Array.from(c[key].data), Array.from(a[key].data), key);
      }
    }
  });

  it("gives the LSTM and the GRU one block of h columns per gate, the GRU its bx, the LSTM's forget bias 1", () => {
    const lstm = initParams({ ...sizes, cell: "lstm" }, 1),
      gru = initParams({ ...sizes, cell: "gru" }, 1);
    assert.deepEqual(
      Object.entries(lstm).map(([key, m]) => `${key} ${m.shape}`),
      ["Wx 3×16", "Wh 4×16", "bh 1×16", "Wo 4×2", "bo 1×2"],
    );
    assert.deepEqual(
      Object.entries(gru).map(([key, m]) => `${key} ${m.shape}`),
      ["Wx 3×12", "Wh 4×12", "bx 1×12", "bh 1×12", "Wo 4×2", "bo 1×2"],
    );
    assert.deepEqual(Array.from(lstm.bh.data.subarray(4, 8)), [1, 1, 1, 1], "the forget gate's block");
    assert.ok([0, 8, 12].every((at) => lstm.bh.data.subarray(at, at + 4).every((v) => v === 0)));
    assert.equal(cellSizes(lstm).hiddenSize, 4);
    assert.equal(paramCount(lstm), 3 * 16 + 4 * 16 + 16 + 4 * 2 + 2);
  });

  it("names an unknown cell and lists the known ones", () => {
    assert.throws(
      () => initParams({ ...sizes, cell: "rnn" as "lstm" }, 0),
      (e: Error) => e instanceof ValueError && /unknown cell "rnn", expected one of "elman", "lstm", "gru"/.test(e.message),
    );
    assert.throws(() => toParams(initParams(sizes, 0), { cell: "LSTM" as "lstm" }), ValueError);
  });

  it("counts every gate block against PARAM_BUDGET", () => {
    const big = { inputSize: 1, hiddenSize: 2100, outputSize: 1 }; // 4.4 million for Elman, 17.7 million for the LSTM
    assert.doesNotThrow(() => toParams(initParams(big, 0)));
    assert.throws(
      () => initParams({ ...big, cell: "lstm" }, 0),
      (e: Error) => e instanceof ShapeError && /need 17,658,901 parameters .* reduce hiddenSize \(2100\)/.test(e.message),
    );
  });

  it("checks a gated cell's parameters: gate-block widths, a GRU without bx, each named with its shape and the expected one", () => {
    const lstm = initParams({ ...sizes, cell: "lstm" }, 2);
    assert.equal(toParams(lstm, { cell: "lstm" }).Wh, lstm.Wh, "Matrices pass through");
    assert.throws(
      () => toParams({ ...lstm, Wh: new Matrix(4, 12) }, { cell: "lstm" }),
      (e: Error) =>
        e instanceof ShapeError && /expected params\.Wh \(lstm gate blocks \[i \| f \| g \| o\]\) of h×4h = 4×16, got 4×12/.test(e.message),
    );
    assert.throws(
      () => toParams(initParams(sizes, 2), { cell: "gru" }),
      (e: Error) => e instanceof ValueError && /params\.bx is missing \(expected 1×3h = 1×12\)/.test(e.message),
    );
    const gru = initParams({ ...sizes, cell: "gru" }, 2);
    assert.throws(
      () => toParams({ ...gru, bx: [[0, 0, 0]] }, { cell: "gru" }),
      (e: Error) =>
        e instanceof ShapeError && /expected params\.bx \(gru gate blocks \[r \| z \| n\]\) of 1×3h = 1×12, got 1×3/.test(e.message),
    );
    assert.throws(() => toParams(null as never, { cell: "gru" }), /params: expected the gru cell's \{ Wx, Wh, bx, bh, Wo, bo \}.*got null/);
  });
});
