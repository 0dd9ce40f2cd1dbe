/**
 * The Elman RNN in the tutorial's row-vector notation: parameters, their initialisation (any cell's), and
 * the forward pass unrolled over T steps:  h_t = φ(b_h + x_t W_x + h_{t−1} W_h),  ŷ_t = b_o + h_t W_o.
 */
import { activation, ActivationName } from "./activations";
import { checkParamBudget } from "./budget";
import { Cell, CellName, CellParams, CELLS, GRUParams, InitOptions } from "./cells/cell";
import { cellOf, CellParamsLike, initCellParams, toCellParams } from "./cells/params";
import { checkFinite, checkOneOf, checkPositiveInt, checkShape } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { withResident } from "./kernels/dispatch";
import { addRowVector, allocate, asMatrix, block, Matrix, MatrixLike, matMul } from "./matrix";
import { leaves, ParamTree } from "./param-tree";
import { SeedOrRandom, toRandom } from "./random";

/**
 * The five parameters, named as in the equations. Shapes: Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k.
 * (A type, not an interface, so that it is a ParamTree that `train` and the optimisers accept.)
 */
export type Params = {
  Wx: Matrix;
  Wh: Matrix;
  bh: Matrix;
  Wo: Matrix;
  bo: Matrix;
};

/** The parameters as the user may pass them: each a Matrix or a number[][]. */
export type ParamsLike = Record<keyof Params, MatrixLike>;

/** A sequence of T inputs, each n×d: an array of matrices, or a T × n × d nested array. */
export type SequenceLike = Matrix[] | number[][][];

/** The sizes of a network. */
export interface RNNSizes {
  /** d, features per input step */
  inputSize: number;
  /** h, hidden units */
  hiddenSize: number;
  /** k, outputs per step */
  outputSize: number;
}

export { checkParamBudget, PARAM_BUDGET } from "./budget";

/**
 * New parameters: weights drawn from Glorot's uniform U(±√(6 / (fan_in + fan_out))), which keeps the
 * variance of z roughly equal across layers; biases start at zero. `Wh` may be rescaled by
 * `recurrentScale` (e.g. to study vanishing and exploding gradients). With `cell: "lstm"` or `"gru"` the
 * weights hold one block of h columns per gate (see lib/cells/lstm.ts, gru.ts), each block drawn as a
 * layer of its own, the GRU gains its input bias bx, and the LSTM's forget-gate bias starts at 1.
 *
 * @example
 * const p = initParams({ inputSize: 2, hiddenSize: 8, outputSize: 1 }, 42);
 * p.Wh.shape; // "8×8"
 * const q = initParams({ cell: "lstm", inputSize: 2, hiddenSize: 8, outputSize: 1 }, 42);
 * q.Wh.shape; // "8×32": blocks [i | f | g | o]
 */
export function initParams(sizes: RNNSizes & { cell?: "elman" | "lstm" | null }, seed: SeedOrRandom, recurrentScale?: number): Params;
export function initParams(sizes: RNNSizes & { cell: "gru" }, seed: SeedOrRandom, recurrentScale?: number): GRUParams;
export function initParams(sizes: InitOptions, seed: SeedOrRandom, recurrentScale?: number): CellParams;
export function initParams(sizes: InitOptions, seed: SeedOrRandom, recurrentScale = 1): CellParams {
  if (sizes === null || typeof sizes !== "object") {
    throw new ValueError(`initParams: sizes is ${describeValue(sizes)}, expected { inputSize, hiddenSize, outputSize } (and cell)`);
  }
  const cell = sizes.cell ?? "elman";
  checkOneOf("cell", cell, CELLS);
  if (cell !== "elman") return initCellParams(cellOf(cell), sizes, seed, recurrentScale);
  const { inputSize: d, hiddenSize: h, outputSize: k } = sizes;
  checkPositiveInt("inputSize", d);
  checkPositiveInt("hiddenSize", h);
  checkPositiveInt("outputSize", k);
  checkParamBudget(sizes);
  const rng = toRandom(seed);
  const glorot = (rows: number, cols: number, scale = 1) => {
    const limit = scale * Math.sqrt(6 / (rows + cols));
    const m = new Matrix(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform(-limit, limit);
    return m;
  };
  return { Wx: glorot(d, h), Wh: glorot(h, h, recurrentScale), bh: Matrix.zeros(1, h), Wo: glorot(h, k), bo: Matrix.zeros(1, k) };
}

/** Number of scalars in a parameter set: d·h + h·h + h + h·k + k for one RNN, whatever T is. */
export function paramCount(params: ParamTree): number {
  return leaves(params).reduce((s, [, m]) => s + m.data.length, 0);
}

/**
 * Converts and checks a parameter set: every matrix finite and the shapes consistent
 * (Elman: Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k; for `{ cell: "lstm" }` or `"gru"` the gate blocks of
 * lib/cells: Wx d×4h or d×3h, and so on, and the GRU's bx). Matrices pass through uncopied, so training
 * the result trains the caller's parameters.
 */
export function toParams(p: ParamsLike | Params, options?: { cell?: "elman" | "lstm" | null }): Params;
export function toParams(p: CellParamsLike | CellParams, options: { cell: "gru" }): GRUParams;
export function toParams(p: CellParamsLike | CellParams, options?: { cell?: CellName | Cell | null }): CellParams;
export function toParams(p: CellParamsLike | CellParams, options: { cell?: CellName | Cell | null } = {}): CellParams {
  const cell = cellOf(options?.cell ?? "elman");
  if (cell.name !== "elman") return toCellParams(cell, p);
  if (p === null || typeof p !== "object" || Array.isArray(p)) {
    throw new ValueError(`params: expected { Wx, Wh, bh, Wo, bo } (each a Matrix or a number[][]), got ${describeValue(p)}`);
  }
  for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) {
    if (!(key in p)) throw new ValueError(`params.${key} is missing: expected { Wx, Wh, bh, Wo, bo }`);
  }
  const q = p as ParamsLike;
  const out: Params = {
    Wx: asMatrix(q.Wx, "params.Wx"),
    Wh: asMatrix(q.Wh, "params.Wh"),
    bh: asMatrix(q.bh, "params.bh"),
    Wo: asMatrix(q.Wo, "params.Wo"),
    bo: asMatrix(q.bo, "params.bo"),
  };
  checkParamShapes(out);
  return out;
}

/** Throws unless the shapes agree (Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k) and every entry is finite. */
export function checkParamShapes(p: Params): void {
  for (const key of ["Wx", "Wh", "bh", "Wo", "bo"] as const) {
    if (!(p[key] instanceof Matrix)) throw new ValueError(`params.${key} is ${describeValue(p[key])}, expected a Matrix`);
    checkFinite(`params.${key}`, p[key]);
  }
  const h = p.Wx.cols,
    k = p.Wo.cols;
  checkShape("params.Wh", p.Wh, h, h, "h×h");
  checkShape("params.bh", p.bh, 1, h, "1×h");
  checkShape("params.Wo", p.Wo, h, k, "h×k");
  checkShape("params.bo", p.bo, 1, k, "1×k");
}

/** Converts and checks a sequence: T ≥ 1 steps, each n×d with n ≥ 1, all finite. */
export function toSequence(xs: SequenceLike, d: number, name = "X"): Matrix[] {
  if (!Array.isArray(xs)) {
    throw new ValueError(`${name}: expected a sequence (an array of T steps, each n×d), got ${describeValue(xs)}`);
  }
  if (xs.length === 0) {
    throw new ShapeError(`${name}: empty sequence (T = 0), expected T ≥ 1 steps of n×d, got ${describeValue(xs)}`);
  }
  const seq = (xs as (Matrix | number[][])[]).map((x, t) => asMatrix(x, `${name}[${t}]`));
  const n = seq[0].rows;
  if (n === 0) throw new ShapeError(`${name}: empty batch (n = 0), expected n ≥ 1 rows per step`);
  seq.forEach((x, t) => checkShape(`x_${t} (${name}[${t}])`, x, n, d, "n×d"));
  return seq;
}

/** What the forward pass keeps for backpropagation. */
export interface ForwardResult {
  /** H[t] is h_t, n×h, for t = 0 … T−1 */
  H: Matrix[];
  /** yHat[t] is ŷ_t, n×k */
  yHat: Matrix[];
  /** the state before step 0 (zeros unless given), n×h */
  h0: Matrix;
  activation: ActivationName;
  /**
   * The steps stacked as backward's products read them: X = [x_0; …; x_{T−1}] (T·n×d) and
   * S = [h_{−1}; h_0; …; h_{T−1}] ((T+1)·n×h), of which H[t] (and h0 when not given) are views.
   */
  stacked: { X: Matrix; S: Matrix };
}

export interface ForwardOptions {
  /** initial state h_{−1}, n×h (default zeros) */
  h0?: Matrix;
  /** φ (default "tanh") */
  activation?: ActivationName;
}

/**
 * The unrolled forward pass over T steps. `xs` is T × n × d; returns every h_t and ŷ_t.
 *
 * @example
 * const p = initParams({ inputSize: 1, hiddenSize: 4, outputSize: 1 }, 0);
 * const { H, yHat } = forward(p, [[[0.5]], [[1.0]]]); // T = 2, n = 1, d = 1
 */
export function forward(params: Params, xs: SequenceLike, options: ForwardOptions = {}): ForwardResult {
  const act = activation(options.activation ?? "tanh");
  checkParamShapes(params);
  const d = params.Wx.rows,
    h = params.Wx.cols,
    k = params.Wo.cols;
  const seq = toSequence(xs, d);
  const n = seq[0].rows;
  const T = seq.length,
    H: Matrix[] = new Array(T),
    yHat: Matrix[] = new Array(T);
  // S = [h_{−1}; h_0; …; h_{T−1}], X = [x_0; …] and Y = [ŷ_0; …]: the steps stacked (n rows each), one buffer
  const [S, Xs, Ys] = allocate([
    [(T + 1) * n, h],
    [T * n, d],
    [T * n, k],
  ]);
  const Hs = new Matrix(T * n, h, S.data.subarray(n * h));
  const h0 = options.h0 ?? block(S, 0, n); // h_{−1} = 0 unless given
  checkShape("h0", h0, n, h, "n×h");
  checkFinite("h0", h0);
  S.data.set(h0.data);
  let prev = h0;
  for (let t = 0; t < T; t++) Xs.data.set(seq[t].data, t * n * d);
  // x_t W_x and h_t W_o do not depend on h_{t−1}: each is one product over the stacked steps (block t of
  // Hs is x_t W_x, then h_t; block t of Ys is ŷ_t), around the loop that must go step by step.
  /** h_t = φ(b_h + x_t W_x + h_{t−1} W_h);  ŷ_t = b_o + h_t W_o   (W_h stays in WebAssembly memory meanwhile) */
  withResident([params.Wh], () => {
    matMul(Xs, params.Wx, Hs); // x_t W_x for every t
    for (let t = 0; t < T; t++) {
      const z = block(Hs, t, n); // n×h
      matMul(prev, params.Wh, z, true);
      addRowVector(z, params.bh);
      act.apply(z.data); // z becomes h_t in place
      H[t] = prev = z;
    }
    addRowVector(matMul(Hs, params.Wo, Ys), params.bo); // ŷ_t for every t
  });
  for (let t = 0; t < T; t++) yHat[t] = block(Ys, t, n);
  return { H, yHat, h0, activation: act.name, stacked: { X: Xs, S } };
}
