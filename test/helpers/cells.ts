/**
 * Shared by the cell tests: random parameters and sequences, a loss built on the unrolled pass of any
 * cell (MSE or cross-entropy at chosen steps, plus a gradient arriving at the last state), the
 * gradient checks every cell must pass, and the PyTorch fixtures read from test/fixtures/torch-cells.json.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import {
  backward,
  BackwardResult,
  Cell,
  CellParams,
  forward,
  ForwardResult,
  gradCheck,
  initParams,
  Matrix,
  mse,
  Random,
  softmaxCrossEntropy,
} from "../../lib";
import { assertClose } from "./close";

export function randomMatrix(rng: Random, rows: number, cols: number, std = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, std);
  return m;
}

/** Parameters of `cell` with every bias non-zero (initialisation starts most at zero). */
export function randomCellParams(cell: Cell, rng: Random, d: number, h: number, k: number): CellParams {
  const p = initParams({ cell, inputSize: d, hiddenSize: h, outputSize: k }, rng.fork());
  for (const key of ["bx", "bh", "bo"] as const) {
    const b = p[key];
    if (b) p[key] = randomMatrix(rng, 1, b.cols, 0.3);
  }
  return p;
}

/** A step's target: n×k for MSE, n class indices for cross-entropy, null for no loss at that step. */
export type Target = Matrix | number[] | null;

export interface LossOptions {
  h0?: Matrix;
  c0?: Matrix;
  /** L gains ⟨V, h_{T−1}⟩, whose gradient at h_{T−1} is V (what an encoder's last state receives) */
  V?: Matrix;
  /** and ⟨U, c_{T−1}⟩ (LSTM) */
  U?: Matrix;
}

/** L = mean over the steps with a target of the step's loss, plus ⟨V, h_{T−1}⟩ + ⟨U, c_{T−1}⟩. */
export function cellLoss(
  cell: Cell,
  p: CellParams,
  xs: Matrix[],
  targets: Target[],
  options: LossOptions = {},
): { loss: number; grads: CellParams; fwd: ForwardResult; back: BackwardResult } {
  const fwd = forward(p, xs, { cell, h0: options.h0, c0: options.c0 });
  const supervised = targets.filter((t) => t !== null).length;
  let loss = 0;
  const dY = targets.map((target, t) => {
    if (target === null) return null;
    const r = target instanceof Matrix ? mse(fwd.yHat[t], target) : softmaxCrossEntropy(fwd.yHat[t], target);
    loss += r.loss / supervised;
    r.grad.data.forEach((_, i) => (r.grad.data[i] /= supervised));
    return r.grad;
  });
  const T = xs.length;
  if (options.V) options.V.data.forEach((v, i) => (loss += v * fwd.H[T - 1].data[i]));
  if (options.U) options.U.data.forEach((u, i) => (loss += u * fwd.C[T - 1].data[i]));
  const back = backward(p, fwd, dY, { dhLast: options.V, dcLast: options.U, perStep: true, inputGrads: true });
  return { loss, grads: back.grads, fwd, back };
}

const LENGTHS = [1, 4, 20];

/**
 * Registers the gradient checks of `cell`: at T = 1, 4 and 20, many-to-one and aligned many-to-many
 * with MSE and cross-entropy, and with no output loss but a gradient arriving at the last state (the
 * encoder's side of an encoder–decoder); every parameter within relative error 1e-6 of central differences.
 */
export function itChecksGradients(cell: Cell): void {
  const d = 3,
    h = 4,
    k = 3,
    n = 2;
  const shapes = [
    ["many-to-one", (T: number, t: number) => t === T - 1],
    ["aligned many-to-many", () => true],
  ] as const;
  for (const T of LENGTHS) {
    for (const [shape, supervised] of shapes) {
      for (const loss of ["mse", "crossEntropy"] as const) {
        it(`agrees with central differences, ${shape}, ${loss}, T = ${T}`, () => {
          const rng = new Random(T * 7 + loss.length);
          const p = randomCellParams(cell, rng, d, h, k);
          const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
          const targets = xs.map((_, t) =>
            !supervised(T, t) ? null : loss === "mse" ? randomMatrix(rng, n, k) : Array.from({ length: n }, () => rng.int(k)),
          );
          assertGradCheck(gradCheck(p, (q) => cellLoss(cell, q, xs, targets)));
        });
      }
    }
    it(`agrees with central differences when the only gradient arrives at the last state, T = ${T}`, () => {
      const rng = new Random(T * 13);
      const p = randomCellParams(cell, rng, d, h, k);
      const xs = Array.from({ length: T }, () => randomMatrix(rng, n, d));
      const options: LossOptions = { V: randomMatrix(rng, n, h), U: cell.state.includes("c") ? randomMatrix(rng, n, h) : undefined };
      const rows = gradCheck(p, (q) => cellLoss(cell, q, xs, new Array<Target>(T).fill(null), options));
      assertGradCheck(rows.filter((r) => r.name !== "Wo" && r.name !== "bo"));
      // no output has a loss, so the output layer has no gradient
      for (const r of rows.filter((r) => r.name === "Wo" || r.name === "bo")) assert.ok(r.analytic.every((a) => a === 0));
    });
  }
}

function assertGradCheck(rows: { name: string; relError: number }[]): void {
  for (const r of rows) assert.ok(r.relError <= 1e-6, `${r.name}: relative error ${r.relError}`);
}

/** One case of test/fixtures/torch-cells.json (see make_torch_cell_fixtures.py). */
export interface TorchCellCase {
  cell: "lstm" | "gru";
  shape: { T: number; n: number; d: number; h: number; k: number; G: number };
  std: number;
  loss_kind: "mse-last" | "ce-all";
  params: Record<string, number[][]>;
  X: number[][][];
  targets: number[][];
  h0: number[][] | null;
  c0: number[][] | null;
  dhLast: number[][] | null;
  dcLast: number[][] | null;
  loss: number;
  grads: Record<string, number[][]>;
  dh0: number[][];
  dc0: number[][] | null;
  H: number[][][];
  C: number[][][];
  yHat: number[][][];
}

export function torchCases(cell: "lstm" | "gru"): TorchCellCase[] {
  const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "torch-cells.json"), "utf8")) as { cases: TorchCellCase[] };
  return fixture.cases.filter((c) => c.cell === cell);
}

/** ‖a − b‖ / ‖b‖ over every entry. */
export function relErr(a: Matrix, b: number[][]): number {
  const B = Matrix.from(b);
  assert.equal(a.shape, B.shape);
  let diff = 0,
    norm = 0;
  a.data.forEach((v, i) => {
    diff += (v - B.data[i]) ** 2;
    norm += B.data[i] ** 2;
  });
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300);
}

/**
 * Registers the comparison with PyTorch, one test per fixture case: loss, every gradient, dh0 (and dc0),
 * every h_t (and c_t) and ŷ_t within relative error 1e-9; and checks that the fixtures saturate the gates.
 */
export function itMatchesTorch(cell: Cell): void {
  for (const c of torchCases(cell.name as "lstm" | "gru")) {
    const { T, n, d, h, k } = c.shape;
    it(`matches torch.nn.${cell.name.toUpperCase()} to 1e-9: T = ${T}, n = ${n}, d = ${d}, h = ${h}, k = ${k}, weights ×${c.std}, ${c.loss_kind}`, () => {
      const p = fixtureParams(c);
      const xs = c.X.map((x) => Matrix.from(x));
      const targets: Target[] =
        c.loss_kind === "mse-last" ? xs.map((_, t) => (t === T - 1 ? Matrix.from(c.targets) : null)) : c.targets.map((row) => row);
      const state = (m: number[][] | null) => (m ? Matrix.from(m) : undefined);
      const r = cellLoss(cell, p, xs, targets, { h0: state(c.h0), c0: state(c.c0), V: state(c.dhLast), U: state(c.dcLast) });
      assertClose(r.loss, c.loss, { rel: 1e-9 }, "loss");
      for (const key of Object.keys(c.grads)) {
        const e = relErr(r.grads[key as keyof CellParams]!, c.grads[key]);
        assert.ok(e <= 1e-9, `grads.${key}: relative error ${e}`);
      }
      assert.ok(relErr(r.back.dh0, c.dh0) <= 1e-9, "dh0");
      if (c.dc0) assert.ok(relErr(r.back.dc0!, c.dc0) <= 1e-9, "dc0");
      r.fwd.H.forEach((Ht, t) => assert.ok(relErr(Ht, c.H[t]) <= 1e-9, `H[${t}]`));
      assert.equal(r.fwd.C.length, c.C.length);
      r.fwd.C.forEach((Ct, t) => assert.ok(relErr(Ct, c.C[t]) <= 1e-9, `C[${t}]`));
      r.fwd.yHat.forEach((y, t) => assert.ok(relErr(y, c.yHat[t]) <= 1e-9, `yHat[${t}]`));
    });
  }

  it("includes a case whose weights drive most gates into saturation", () => {
    const c = torchCases(cell.name as "lstm" | "gru").find((k) => k.std >= 4)!;
    const { tape } = forward(fixtureParams(c), c.X, { cell });
    const gates = Array.from(tape.A.data); // every step's gate values
    const saturated = gates.filter((v) => Math.abs(v) > 0.99 || Math.abs(v) < 0.01).length / gates.length;
    assert.ok(saturated > 0.6, `only ${saturated} of the gate values are within 0.01 of their limits`);
  });
}

function fixtureParams(c: TorchCellCase): CellParams {
  return Object.fromEntries(Object.entries(c.params).map(([key, v]) => [key, Matrix.from(v)])) as unknown as CellParams;
}
