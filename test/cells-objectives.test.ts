/**
 * Every cell under every objective of the public API, at T = 1, 4 and 20: many-to-one, aligned
 * many-to-many, one-to-many, encoder–decoder (h and the LSTM's c passed between the two), a truncated-BPTT
 * window that starts from a carried state, and the character model's window (one-hot inputs,
 * cross-entropy at every step). Each gradient agrees with central differences to relative error 1e-6.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CELLS,
  CellParams,
  encoderDecoder,
  gradCheck,
  GradCheckRow,
  initParams,
  manyToMany,
  manyToOne,
  Matrix,
  oneHotWindow,
  oneToMany,
  Random,
  Vocabulary,
  CellName,
  CarriedState,
} from "../lib";
import { randomMatrix } from "./helpers/cells";
import { assertClose } from "./helpers/close";

const LENGTHS = [1, 4, 20];
const d = 3,
  h = 4,
  k = 3,
  n = 2;

/** Parameters of `cell` with every bias non-zero and, for the LSTM, the forget bias kept at its start. */
function params(cell: CellName, rng: Random, sizes = { inputSize: d, hiddenSize: h, outputSize: k }): CellParams {
  const p = initParams({ cell, ...sizes }, rng.fork());
  for (const key of ["bx", "bh", "bo"] as const) {
    const b = p[key];
    if (b) b.data.forEach((v, i) => (b.data[i] = v + rng.normal(0, 0.3)));
  }
  return p;
}

function assertGradientsAgree(rows: GradCheckRow[], zero: (name: string) => boolean = () => false): void {
  assert.ok(rows.length > 0);
  for (const r of rows) {
    if (zero(r.name)) {
      assert.ok(
        r.analytic.every((a) => a === 0),
        `${r.name} is zero`,
      );
      assertClose(
        r.numeric,
        r.numeric.map(() => 0),
        { abs: 1e-9 },
        `${r.name}, numerically`,
      );
    } else assert.ok(r.relError <= 1e-6, `${r.name}: relative error ${r.relError}`);
  }
}

const mseTarget = (rng: Random) => randomMatrix(rng, n, k);
const classes = (rng: Random) => Array.from({ length: n }, () => rng.int(k));

describe("every cell under every objective agrees with central differences", () => {
  for (const cell of CELLS) {
    describe(cell, () => {
      for (const T of LENGTHS) {
        it(`many-to-one (MSE and cross-entropy), T = ${T}`, () => {
          const rng = new Random(11 * T + cell.length);
          const p = params(cell, rng);
          const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
          const y = mseTarget(rng),
            labels = classes(rng);
          assertGradientsAgree(gradCheck(p, (q) => manyToOne(q, xs, y, { cell })));
          assertGradientsAgree(gradCheck(p, (q) => manyToOne(q, xs, labels, { cell, loss: "crossEntropy" })));
        });

        it(`aligned many-to-many with a loss on every other step, T = ${T}`, () => {
          const rng = new Random(13 * T + cell.length);
          const p = params(cell, rng);
          const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
          const targets = xs.map((_, t) => (t % 2 === (T - 1) % 2 ? mseTarget(rng) : null));
          assertGradientsAgree(gradCheck(p, (q) => manyToMany(q, xs, targets, { cell })));
        });

        it(`one-to-many, T = ${T}`, () => {
          const rng = new Random(17 * T + cell.length);
          const p = params(cell, rng);
          const x = randomMatrix(rng, n, d);
          const targets = Array.from({ length: T }, () => classes(rng));
          assertGradientsAgree(gradCheck(p, (q) => oneToMany(q, x, targets, { cell, loss: "crossEntropy" })));
        });

        it(`encoder–decoder, the encoder reading T = ${T} steps and the decoder writing 3`, () => {
          const rng = new Random(19 * T + cell.length);
          const both = { encoder: params(cell, rng), decoder: params(cell, rng, { inputSize: 1, hiddenSize: h, outputSize: k }) };
          const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
          const decIn = Array.from({ length: 3 }, () => randomMatrix(rng, n, 1));
          const targets = decIn.map(() => mseTarget(rng));
          const rows = gradCheck(both, (q) => encoderDecoder(q, xs, decIn, targets, { cell }));
          // the encoder's outputs are unused, so its output layer has no gradient
          assertGradientsAgree(rows, (name) => name === "encoder.Wo" || name === "encoder.bo");
        });

        it(`a truncated-BPTT window starting from a carried state, T = ${T}`, () => {
          const rng = new Random(23 * T + cell.length);
          const p = params(cell, rng);
          const first = Array.from({ length: 5 }, () => randomMatrix(rng, n, d));
          const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
          const targets = xs.map(() => mseTarget(rng));
          const primed = new CarriedState();
          primed.window(
            p,
            first,
            first.map(() => mseTarget(rng)),
            { cell },
          );
          const carried = { h: primed.state!.clone(), c: primed.cellState?.clone() ?? null };
          assert.equal(carried.c !== null, cell === "lstm", "the LSTM carries c, the others only h");
          // the carried state is a constant of the window: its gradient stops at the window's start
          const window = (q: CellParams) => {
            const stream = new CarriedState();
            stream.state = carried.h.clone();
            stream.cellState = carried.c?.clone() ?? null;
            return stream.window(q, xs, targets, { cell });
          };
          assertGradientsAgree(gradCheck(p, window));
        });

        it(`the character model's window: one-hot characters, cross-entropy at every step, T = ${T}`, () => {
          const rng = new Random(29 * T + cell.length);
          const vocab = new Vocabulary("abcde ");
          const V = vocab.size;
          const p = params(cell, rng, { inputSize: V, hiddenSize: h, outputSize: V });
          const ids = Array.from({ length: 2 * (T + 1) }, () => rng.int(V));
          const { xs, targets } = oneHotWindow(ids, V, [0, T + 1], T);
          const h0 = randomMatrix(rng, 2, h, 0.5),
            c0 = cell === "lstm" ? randomMatrix(rng, 2, h, 0.5) : null;
          const window = (q: CellParams) => {
            const stream = new CarriedState();
            stream.state = h0.clone();
            stream.cellState = c0?.clone() ?? null;
            return stream.window(q, xs, targets, { cell, loss: "crossEntropy" });
          };
          assertGradientsAgree(gradCheck(p, window));
        });
      }
    });
  }
});

describe("objectives with a gated cell", () => {
  const rng = new Random(5);
  const xs = Array.from({ length: 6 }, () => randomMatrix(rng, n, d));
  const y = mseTarget(rng);

  it("returns C and dc0 for the LSTM, and none for the cells that carry h only", () => {
    for (const cell of CELLS) {
      const r = manyToOne(params(cell, rng), xs, y, { cell });
      assert.equal(r.C.length, cell === "lstm" ? 6 : 0, cell);
      assert.equal(r.dc0 !== null, cell === "lstm", cell);
      assert.deepEqual(Object.keys(r.grads), cell === "gru" ? ["Wx", "Wh", "bx", "bh", "Wo", "bo"] : ["Wx", "Wh", "bh", "Wo", "bo"]);
    }
  });

  it("starts the LSTM's decoder from the encoder's last h and c", () => {
    const enc = params("lstm", rng),
      dec = params("lstm", rng);
    const decIn = [randomMatrix(rng, n, d), randomMatrix(rng, n, d)];
    const targets = decIn.map(() => mseTarget(rng));
    const r = encoderDecoder({ encoder: enc, decoder: dec }, xs, decIn, targets, { cell: "lstm" });
    const encOnly = manyToMany(
      enc,
      xs,
      xs.map(() => null),
      { cell: "lstm", dhLast: new Matrix(n, h) },
    );
    const withBoth = manyToMany(dec, decIn, targets, { cell: "lstm", h0: encOnly.H[5], c0: encOnly.C[5] });
    const withoutC = manyToMany(dec, decIn, targets, { cell: "lstm", h0: encOnly.H[5] });
    assert.equal(r.loss, withBoth.loss);
    assert.notEqual(r.loss, withoutC.loss, "the cell state matters");
  });

  it("carries c across truncated-BPTT windows: the second window starts where the first ended", () => {
    const p = params("lstm", rng);
    const stream = new CarriedState();
    const a = stream.window(p, xs.slice(0, 3), [null, null, y], { cell: "lstm" });
    const b = stream.window(p, xs.slice(3), [null, null, y], { cell: "lstm" });
    const whole = manyToMany(p, xs, [null, null, null, null, null, y], { cell: "lstm" });
    assert.deepEqual(Array.from(b.H[2].data), Array.from(whole.H[5].data));
    assert.deepEqual(Array.from(stream.cellState!.data), Array.from(whole.C[5].data));
    assert.notEqual(stream.cellState!.data, b.C[2].data, "a copy, which the next window cannot overwrite");
    stream.reset();
    assert.equal(stream.cellState, null);
    assert.ok(a.loss > 0);
  });

  it("accepts number[][] parameters of a gated cell, as for Elman", () => {
    const p = params("gru", rng);
    const arrays = Object.fromEntries(Object.entries(p).map(([key, m]) => [key, (m as Matrix).toArray()]));
    assert.equal(manyToOne(arrays, xs, y, { cell: "gru" }).loss, manyToOne(p, xs, y, { cell: "gru" }).loss);
  });
});
