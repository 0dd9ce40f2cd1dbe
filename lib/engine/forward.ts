/**
 * The sequence engine's forward pass, for every cell: x_t W_x for all steps in one product, the cell's
 * forward step from t = 0 to T−1, then ŷ_t = b_o + h_t W_o for all steps in one product. The steps live
 * stacked in a few buffers (the tape) that backpropagation (backward.ts) reads back.
 */
import type { ActivationName } from "../activations";
import { Cell, gateOf, StepValues } from "../cells/cell";
import { checkedParams } from "../cells/params";
import { CellName, cellOf } from "../cells/registry";
import { checkFinite, checkOptions, checkShape } from "../check";
import { ValueError } from "../errors";
import { addRowVector, allocate, asMatrix, block, Matrix, MatrixLike, matMul, rowsOf } from "../matrix";
import { CellParams, CellParamsLike, SequenceLike, toSequence } from "../shapes";

/** Every step's values, stacked: block t (rows t·n … t·n + n − 1) belongs to step t. */
export interface Tape {
  /** (T·n)×d, the inputs x_t */
  X: Matrix;
  /** (T·n)×Gh: x_t W_x, then what each step keeps for its backward step (gate values) */
  A: Matrix;
  /** (T·n)×Gh: b_t for a split cell (GRU), else the same matrix as A */
  B: Matrix;
  /** ((T+1)·n)×h: h_{−1}, h_0, …, h_{T−1} */
  S: Matrix;
  /** ((T+1)·n)×h: c_{−1}, c_0, …, c_{T−1} (LSTM); ((T+1)·n)×0 for cells that carry h only */
  Sc: Matrix;
  /** (T·n)×(keeps·h): the cell's other kept values (LSTM: tanh c_t) */
  K: Matrix;
  /** steps[t]: step t's views into the buffers above, n rows each, which the backward pass reads again */
  steps: StepValues[];
}

/** What the forward pass returns, and keeps for backpropagation. */
export interface ForwardResult {
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

export interface ForwardOptions {
  /** the cell: "elman" (default), "lstm", "gru", or a cell of your own; the parameters must be of its shapes */
  cell?: CellName | Cell | null;
  /** φ of the Elman cell (default "tanh") */
  activation?: ActivationName | null;
  /** initial state h_{−1}, n×h (default zeros) */
  h0?: MatrixLike | null;
  /** initial cell state c_{−1}, n×h, for a cell that carries c (default zeros) */
  c0?: MatrixLike | null;
}

export const FORWARD_OPTIONS = ["cell", "activation", "h0", "c0"] as const;

/**
 * The unrolled forward pass over `xs` (T × n × d): every h_t (and c_t) and ŷ_t, with the tape that
 * `backward` reads.
 *
 * @example
 * const p = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 0);
 * const { H, yHat } = forward(p, [[[0.5]], [[1.0]]]); // T = 2, n = 1, d = 1
 * const { C } = forward(lstmParams, xs, { cell: "lstm" }); // C[t] = c_t
 */
export function forward(params: CellParams | CellParamsLike, xs: SequenceLike, options: ForwardOptions = {}): ForwardResult {
  checkOptions("forward", options, FORWARD_OPTIONS);
  const cell = cellOf(options?.cell, options?.activation);
  const p = checkedParams(cell, params);
  const seq = toSequence(xs, p.Wx.rows);
  const n = seq[0].rows,
    h = p.Wh.rows;
  return unroll(cell, p, seq, state(cell, "h0", options?.h0, n, h), state(cell, "c0", options?.c0, n, h, true));
}

/**
 * Converts and checks a state (h0, c0) or a gradient arriving at one (dhLast, dcLast): n×h and finite, and one
 * of c (`ofC`) only for a cell that carries c. Absent (undefined or null) stays undefined.
 */
export function state(cell: Cell, name: string, m: MatrixLike | null | undefined, n: number, h: number, ofC = false): Matrix | undefined {
  if (m === undefined || m === null) return undefined;
  const s = asMatrix(m, name);
  if (ofC && !cell.state.includes("c")) {
    throw new ValueError(
      `${name}: the ${cell.name} cell carries no cell state c (its state is ${cell.state.join(", ")}), got a ${s.shape} matrix`,
    );
  }
  checkShape(name, s, n, h, "n×h");
  checkFinite(name, s);
  return s;
}

/**
 * The forward pass of `cell` on checked values: parameters `p` (of the cell's shapes), T steps n×d, and
 * initial states n×h. Checks nothing: the public functions check at their door.
 */
export function unroll(cell: Cell, p: CellParams, seq: Matrix[], h0?: Matrix, c0?: Matrix): ForwardResult {
  const d = p.Wx.rows,
    h = p.Wh.rows,
    k = p.Wo.cols,
    Gh = p.Wh.cols;
  const T = seq.length,
    n = seq[0].rows,
    hasC = cell.state.includes("c");
  const [X, A, B, S, Sc, K, Y] = allocate([
    [T * n, d],
    [T * n, Gh],
    [cell.split ? T * n : 0, Gh],
    [(T + 1) * n, h],
    [(T + 1) * n, hasC ? h : 0],
    [T * n, cell.keeps * h],
    [T * n, k],
  ]);
  const tape: Tape = { X, A, B: cell.split ? B : A, S, Sc, K, steps: stepViews(A, cell.split ? B : A, S, Sc, K, T, n) };
  const x = X.data;
  seq.forEach((xt, t) => x.set(xt.data, t * n * d));
  if (h0) S.data.set(h0.data);
  if (c0) Sc.data.set(c0.data);
  // x_t W_x for every step at once: the inputs do not wait for the recurrence
  matMul(X, p.Wx, A);
  // the recurrence, step by step (or all at once, where the cell has a fused kernel that runs here)
  if (!cell.fused?.forward(p, tape, T, n)) for (const s of tape.steps) cell.forward(p, s);
  // ŷ_t = b_o + h_t W_o, for every step at once
  const Hs = rowsOf(S, n, T * n); // h_0 … h_{T−1}, stacked
  addRowVector(matMul(Hs, p.Wo, Y), p.bo);
  return {
    cell,
    H: tape.steps.map((s) => s.h),
    C: hasC ? tape.steps.map((s) => s.c) : [],
    yHat: tape.steps.map((_, t) => block(Y, t, n)),
    h0: tape.steps[0].hPrev,
    c0: hasC ? tape.steps[0].cPrev : null,
    tape,
  };
}

/**
 * Every step's views into the buffers (n rows each): step t's h is step t+1's hPrev, the same view; a cell
 * without c gets one n×0 matrix for cPrev, c and kept.
 */
function stepViews(A: Matrix, B: Matrix, S: Matrix, Sc: Matrix, K: Matrix, T: number, n: number): StepValues[] {
  // a cell without c or kept values gets one n×0 view of the empty buffer for every step
  const noC = Sc.cols === 0 ? block(Sc, 0, n) : null,
    noK = K.cols === 0 ? block(K, 0, n) : null,
    steps: StepValues[] = new Array(T);
  let h = block(S, 0, n),
    c = noC ?? block(Sc, 0, n);
  for (let t = 0; t < T; t++) {
    const a = block(A, t, n),
      hNext = block(S, t + 1, n),
      cNext = noC ?? block(Sc, t + 1, n);
    steps[t] = { a, b: B === A ? a : block(B, t, n), hPrev: h, h: hNext, cPrev: c, c: cNext, kept: noK ?? block(K, t, n) };
    h = hNext;
    c = cNext;
  }
  return steps;
}

/**
 * Gate `name`'s values at every step of a forward pass, n×h each: what the LSTM's forget gate f keeps
 * of c along a text, say.
 *
 * @example
 * const f = gateValues(forward(p, xs, { cell: "lstm" }), "f"); // f[t] = σ(z_f) at step t
 */
export function gateValues(fwd: ForwardResult, name: string): Matrix[] {
  const n = fwd.h0.rows;
  return fwd.H.map((_, t) => gateOf(fwd.cell, block(fwd.tape.A, t, n), name));
}
