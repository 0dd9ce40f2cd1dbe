/**
 * The sequence engine's backpropagation through time, for every cell: one loop from the last step back to
 * the first, carrying ∂L/∂h_{t−1} (and ∂L/∂c_{t−1}) between the cell's backward steps; the shared weights'
 * gradients are single products over the stacked steps at the end.
 */
import { ParamShape, StepGrads } from "../cells/cell";
import { checkedParams } from "../cells/params";
import { checkOptions, checkShape } from "../check";
import { describeValue, ShapeError, ValueError } from "../errors";
import { addColumnSums, allocate, asMatrix, block, Matrix, MatrixLike, matMulTransA, matMulTransB, rowsOf } from "../matrix";
import { CellParams, CellParamsLike } from "../shapes";
import { ForwardResult, state } from "./forward";

/** One step's contribution to the shared recurrent parameters: Wx, Wh, bh (and bx, for a cell that has it). */
export type StepShare = { Wx: Matrix; Wh: Matrix; bh: Matrix; bx?: Matrix };

export interface BackwardOptions {
  /** gradient reaching the last state h_{T−1} from outside (a decoder that starts from it), n×h */
  dhLast?: MatrixLike | null;
  /** the same for the last cell state c_{T−1} (LSTM), n×h */
  dcLast?: MatrixLike | null;
  /** also return each step's contribution to the recurrent parameters */
  perStep?: boolean | null;
  /** also return dX[t] = ∂L/∂x_t */
  inputGrads?: boolean | null;
}

export const BACKWARD_OPTIONS = ["dhLast", "dcLast", "perStep", "inputGrads"] as const;

export interface BackwardResult {
  /** gradients keyed like the parameters */
  grads: CellParams;
  /** ∂L/∂h_{−1}, n×h: feeds an encoder when this network is a decoder */
  dh0: Matrix;
  /** ∂L/∂c_{−1}, n×h (LSTM; null for cells that carry h only) */
  dc0: Matrix | null;
  /** dH[t] = ∂L/∂h_t, n×h (everything that reaches h_t: from ŷ_t and from step t+1) */
  dH: Matrix[];
  /** with `perStep`: each step's share of the recurrent parameters' gradients (they sum to grads) */
  steps?: StepShare[];
  /** with `inputGrads`: dX[t] = ∂L/∂x_t, n×d */
  dX?: Matrix[];
}

/**
 * Gradients of a loss whose derivative with respect to each ŷ_t is `dYhat[t]` (null where step t has
 * no loss), through the forward pass `fwd` of `forward(params, xs, { cell })`.
 *
 * @example
 * const fwd = forward(p, xs, { cell: "lstm" });
 * const { grad } = mse(fwd.yHat[T - 1], y);
 * const { grads } = backward(p, fwd, [...Array(T - 1).fill(null), grad]);
 */
export function backward(
  params: CellParams | CellParamsLike,
  fwd: ForwardResult,
  dYhat: (MatrixLike | null)[],
  options: BackwardOptions = {},
): BackwardResult {
  checkOptions("backward", options, BACKWARD_OPTIONS);
  if (fwd === null || typeof fwd !== "object" || !fwd.tape || !Array.isArray(fwd.H)) {
    throw new ValueError(`backward: fwd is ${describeValue(fwd)}, expected the result of forward(params, xs)`);
  }
  const { cell, tape } = fwd;
  const p = checkedParams(cell, params);
  const T = fwd.H.length,
    n = fwd.h0.rows,
    h = fwd.h0.cols;
  // the parameters of the forward pass, whose shapes it checked
  checkShape("params.Wx", p.Wx, tape.X.cols, tape.A.cols, "d×Gh of the forward pass");
  checkShape("params.Wh", p.Wh, h, tape.A.cols, "h×Gh of the forward pass");
  checkShape("params.Wo", p.Wo, h, fwd.yHat[0].cols, "h×k of the forward pass");
  if (!Array.isArray(dYhat))
    throw new ValueError(`dYhat: expected an array with one entry per step (T = ${T}), got ${describeValue(dYhat)}`);
  if (dYhat.length !== T) throw new ShapeError(`dYhat: expected one entry per step (T = ${T}, null where no loss), got ${dYhat.length}`);
  const dY = Array.from(dYhat, (dy, t) => {
    if (!(t in dYhat)) throw new ValueError(`dYhat[${t}] is missing (a hole in the array), expected n×k or null`);
    if (dy === null) return null;
    const m = asMatrix(dy, `dYhat[${t}]`);
    checkShape(`dYhat[${t}]`, m, n, p.Wo.cols, "n×k");
    return m;
  });
  return bptt(p, fwd, dY, {
    dhLast: state(cell, "dhLast", options?.dhLast, n, h),
    dcLast: state(cell, "dcLast", options?.dcLast, n, h, true),
    perStep: !!options?.perStep,
    inputGrads: !!options?.inputGrads,
  });
}

/**
 * Backpropagation through `fwd` on checked values (`p` the forward pass's parameters, dYhat[t] n×k or null,
 * states n×h). Checks nothing: the public functions check at their door.
 */
export function bptt(
  p: CellParams,
  fwd: ForwardResult,
  dYhat: (Matrix | null)[],
  options: { dhLast?: Matrix; dcLast?: Matrix; perStep?: boolean; inputGrads?: boolean } = {},
): BackwardResult {
  const { cell, tape } = fwd;
  const T = fwd.H.length,
    n = fwd.h0.rows,
    h = fwd.h0.cols,
    d = tape.X.cols,
    k = p.Wo.cols,
    Gh = tape.A.cols,
    hasC = cell.state.includes("c");
  const shapes = cell.shapes({ inputSize: d, hiddenSize: h, outputSize: k }),
    recurrent = shapes.filter((s) => s.key !== "Wo" && s.key !== "bo");
  // DY, DA, DB and DH collect dŷ_t, ∂L/∂a_t, ∂L/∂b_t and ∂L/∂h_t step by step, stacked like the tape;
  // ∂L/∂h_{t−1} goes to the one of two n×h buffers (D0, D1) that does not hold ∂L/∂h_t; dc carries ∂L/∂c back
  // through time in place. One allocation holds these and the gradients.
  const [DY, DA, DBsplit, DH, D0, D1, dc, ...buffers] = allocate([
    [T * n, k],
    [T * n, Gh],
    [cell.split ? T * n : 0, Gh],
    [T * n, h],
    [n, h],
    [n, h],
    [n, hasC ? h : 0],
    ...shapes.map((s) => [s.rows, s.cols] as const),
  ]);
  const DB = cell.split ? DBsplit : DA;
  if (options.dcLast) dc.data.set(options.dcLast.data);
  if (options.dhLast) D0.data.set(options.dhLast.data);
  const dy = DY.data;
  dYhat.forEach((g, t) => g && dy.set(g.data, t * n * k));
  // ŷ_t = b_o + h_t W_o  ⇒  ∂L/∂h_t gets dŷ_t W_oᵀ, known before the loop: one product for all steps, into DH
  matMulTransB(DY, p.Wo, DH);
  let dhNext = D0; // ∂L/∂h_t arriving from step t+1 (from outside, or zero, after the last step)
  // the recurrence, from the last step back (or all at once, where the cell has a fused kernel that runs here)
  const fused = cell.fused?.backward(p, tape, { DH, DA, DB, dh: D0, dc }, T, n) ?? false;
  for (let t = T - 1; t >= 0 && !fused; t--) {
    // ∂L/∂h_t = dŷ_t W_oᵀ + dhNext  (dWo and dbo are summed over steps below)
    const dh = block(DH, t, n),
      dhd = dh.data,
      up = dhNext.data;
    for (let i = 0; i < dhd.length; i++) dhd[i] += up[i];
    const da = block(DA, t, n);
    const g: StepGrads = { dh, dc, da, db: DB === DA ? da : block(DB, t, n), dhPrev: dhNext === D0 ? D1 : D0 };
    cell.backward(p, tape.steps[t], g);
    dhNext = g.dhPrev;
  }
  const dH = tape.steps.map((_, t) => block(DH, t, n));
  const parts = { X: tape.X, Hprev: rowsOf(tape.S, 0, T * n), H: rowsOf(tape.S, n, T * n), DA, DB, DY };
  const grads = gradsOf(shapes, parts, buffers) as CellParams;
  const result: BackwardResult = { grads, dh0: dhNext, dc0: hasC ? dc : null, dH };
  // step t's share of the recurrent parameters' gradients: x_tᵀ·da_t, h_{t−1}ᵀ·db_t, and column sums
  if (options.perStep)
    result.steps = tape.steps.map(
      (s, t) =>
        gradsOf(
          recurrent,
          { X: block(tape.X, t, n), Hprev: s.hPrev, DA: block(DA, t, n), DB: block(DB, t, n) },
          allocate(recurrent.map((r) => [r.rows, r.cols] as const)),
        ) as StepShare,
    );
  if (options.inputGrads) {
    // a_t = x_t W_x + …  ⇒  ∂L/∂x_t = ∂L/∂a_t W_xᵀ, for every step at once
    const DX = matMulTransB(DA, p.Wx, new Matrix(T * n, d));
    result.dX = dH.map((_, t) => block(DX, t, n));
  }
  return result;
}

/** The stacked (or one step's) values a weight gradient is a product of. */
interface Parts {
  X: Matrix;
  Hprev: Matrix;
  DA: Matrix;
  DB: Matrix;
  H?: Matrix;
  DY?: Matrix;
}

/**
 * The shared weights collect one contribution per step, summed as one product over the stack into `buffers`
 * (zeros shaped like `shapes`); which one a parameter gets is read off its key:
 *   dWx = Xᵀ DA,  dbx = colsum(DA),  dWh = H₋ᵀ DB,  dbh = colsum(DB),  dWo = Hᵀ DY,  dbo = colsum(DY)
 */
function gradsOf(shapes: readonly ParamShape[], parts: Parts, buffers: Matrix[]): Record<string, Matrix> {
  const { X, Hprev, DA, DB, H, DY } = parts;
  const grads: Record<string, Matrix> = {};
  for (let i = 0; i < shapes.length; i++) {
    const key = shapes[i].key,
      g = buffers[i];
    if (key === "Wx") grads.Wx = matMulTransA(X, DA, g);
    else if (key === "bx") grads.bx = addColumnSums(DA, g);
    else if (key === "Wh") grads.Wh = matMulTransA(Hprev, DB, g);
    else if (key === "bh") grads.bh = addColumnSums(DB, g);
    else if (key === "Wo") grads.Wo = matMulTransA(H!, DY!, g);
    else grads.bo = addColumnSums(DY!, g);
  }
  return grads;
}
