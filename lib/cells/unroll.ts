/**
 * The forward pass of any cell, unrolled over T steps: a_t = x_t W_x (+ b_x) for all steps in one
 * product, the cell's forward step from t = 0 to T−1, then ŷ_t = b_o + h_t W_o for all steps in one
 * product. The steps live stacked in a few buffers (the tape) that BPTT reads back.
 */
import { checkFinite, checkShape } from "../check";
import { ValueError } from "../errors";
import { withResident } from "../kernels/dispatch";
import { addRowVector, allocate, block, Matrix, matMul } from "../matrix";
import { SequenceLike, toSequence } from "../rnn";
import { Cell, CellParams, gateOf, StepValues } from "./cell";
import { checkCellParams } from "./params";

/** Every step's values, stacked: block t (rows t·n … t·n + n − 1) belongs to step t. */
export interface Tape {
  /** (T·n)×d, the inputs x_t */
  X: Matrix;
  /** (T·n)×Gh: a_t, then what each step keeps for its backward step (gate values) */
  A: Matrix;
  /** (T·n)×Gh: b_t for a split cell (GRU), else the same matrix as A */
  B: Matrix;
  /** ((T+1)·n)×h: h_{−1}, h_0, …, h_{T−1} */
  S: Matrix;
  /** ((T+1)·n)×h: c_{−1}, c_0, …, c_{T−1} (LSTM); ((T+1)·n)×0 for cells that carry h only */
  Sc: Matrix;
  /** (T·n)×(keeps·h): the cell's other kept values (LSTM: tanh c_t) */
  K: Matrix;
}

export interface CellForwardOptions {
  /** initial state h_{−1}, n×h (default zeros) */
  h0?: Matrix;
  /** initial cell state c_{−1}, n×h, for a cell that carries c (default zeros) */
  c0?: Matrix;
}

/** What the forward pass returns, and keeps for backpropagation. */
export interface CellForwardResult {
  cell: Cell;
  /** H[t] is h_t, n×h, for t = 0 … T−1 */
  H: Matrix[];
  /** C[t] is c_t, n×h (LSTM; empty for cells that carry h only) */
  C: Matrix[];
  /** yHat[t] is ŷ_t, n×k */
  yHat: Matrix[];
  /** the states before step 0 (zeros unless given), n×h; c0 is null for cells that carry h only */
  h0: Matrix;
  c0: Matrix | null;
  tape: Tape;
}

/** Step t's views into the tape (n rows each); a cell without c gets one n×0 view for cPrev, c and kept. */
export function stepValues(tape: Tape, t: number, n: number): StepValues {
  const a = block(tape.A, t, n),
    empty = new Matrix(n, 0);
  return {
    a,
    b: tape.B === tape.A ? a : block(tape.B, t, n),
    hPrev: block(tape.S, t, n),
    h: block(tape.S, t + 1, n),
    cPrev: tape.Sc.cols > 0 ? block(tape.Sc, t, n) : empty,
    c: tape.Sc.cols > 0 ? block(tape.Sc, t + 1, n) : empty,
    kept: tape.K.cols > 0 ? block(tape.K, t, n) : empty,
  };
}

/** Checks a state (h0, c0) or a gradient arriving at one (dhLast, dcLast): n×h and finite, and one of c (`ofC`) only for a cell with c. */
export function checkState(cell: Cell, name: string, m: Matrix | undefined, n: number, h: number, ofC = false): void {
  if (m === undefined) return;
  if (ofC && !cell.state.includes("c")) {
    throw new ValueError(
      `${name}: the ${cell.name} cell carries no cell state c (its state is ${cell.state.join(", ")}), got a ${m.shape} matrix`,
    );
  }
  checkShape(name, m, n, h, "n×h");
  checkFinite(name, m);
}

/**
 * The unrolled forward pass of `cell` over `xs` (T × n × d): every h_t (and c_t) and ŷ_t.
 *
 * @example
 * const p = initCellParams(lstm, { inputSize: 1, hiddenSize: 4, outputSize: 1 }, 0);
 * const { H, C, yHat } = cellForward(lstm, p, [[[0.5]], [[1.0]]]); // T = 2, n = 1, d = 1
 */
export function cellForward(cell: Cell, params: CellParams, xs: SequenceLike, options: CellForwardOptions = {}): CellForwardResult {
  const p = checkCellParams(cell, params);
  const d = p.Wx.rows,
    h = p.Wh.rows,
    k = p.Wo.cols,
    Gh = p.Wh.cols;
  const seq = toSequence(xs, d);
  const T = seq.length,
    n = seq[0].rows,
    hasC = cell.state.includes("c");
  checkState(cell, "h0", options.h0, n, h);
  checkState(cell, "c0", options.c0, n, h, true);
  const [X, A, B, S, Sc, K, Y] = allocate([
    [T * n, d],
    [T * n, Gh],
    [cell.split ? T * n : 0, Gh],
    [(T + 1) * n, h],
    [(T + 1) * n, hasC ? h : 0],
    [T * n, cell.keeps * h],
    [T * n, k],
  ]);
  const tape: Tape = { X, A, B: cell.split ? B : A, S, Sc, K };
  seq.forEach((x, t) => X.data.set(x.data, t * n * d));
  if (options.h0) S.data.set(options.h0.data);
  if (options.c0) Sc.data.set(options.c0.data);
  // a_t = x_t W_x (+ b_x) for every step at once: the inputs do not wait for the recurrence
  matMul(X, p.Wx, A);
  if (cell.split) addRowVector(A, p.bx!);
  // the recurrence, step by step (W_h stays in WebAssembly memory meanwhile)
  withResident([p.Wh], () => {
    for (let t = 0; t < T; t++) cell.forward(p, stepValues(tape, t, n));
  });
  // ŷ_t = b_o + h_t W_o, for every step at once
  const Hs = new Matrix(T * n, h, S.data.subarray(n * h));
  addRowVector(matMul(Hs, p.Wo, Y), p.bo);
  const steps = Array.from({ length: T }, (_, t) => t);
  return {
    cell,
    H: steps.map((t) => block(S, t + 1, n)),
    C: hasC ? steps.map((t) => block(Sc, t + 1, n)) : [],
    yHat: steps.map((t) => block(Y, t, n)),
    h0: block(S, 0, n),
    c0: hasC ? block(Sc, 0, n) : null,
    tape,
  };
}

/**
 * Gate `name`'s values at every step of a forward pass, n×h each: what the LSTM's forget gate f keeps
 * of c along a text, say.
 *
 * @example
 * const f = gateValues(cellForward(lstm, p, xs), "f"); // f[t] = σ(z_f) at step t
 */
export function gateValues(fwd: CellForwardResult, name: string): Matrix[] {
  const n = fwd.h0.rows;
  return fwd.H.map((_, t) => gateOf(fwd.cell, block(fwd.tape.A, t, n), name));
}
