/**
 * Backpropagation through time for any cell: one loop from the last step back to the first, carrying
 * ∂L/∂h_{t−1} (and ∂L/∂c_{t−1}) between the cell's backward steps; the shared weights' gradients are
 * single products over the stacked steps at the end.
 */
import { checkShape } from "../check";
import { ShapeError } from "../errors";
import { withResident } from "../kernels/dispatch";
import { addColumnSums, allocate, block, Matrix, matMulTransA, matMulTransB } from "../matrix";
import { CellParams, StepGrads } from "./cell";
import { CellForwardResult, checkState, stepValues } from "./unroll";

/** One step's contribution to the shared recurrent parameters (bx only for the GRU). */
export type StepShare = Pick<CellParams, "Wx" | "Wh" | "bh" | "bx">;

export interface CellBackwardOptions {
  /** gradient reaching the last state h_{T−1} from outside (a decoder that starts from it), n×h */
  dhLast?: Matrix;
  /** the same for the last cell state c_{T−1} (LSTM), n×h */
  dcLast?: Matrix;
  /** also return each step's contribution to the recurrent parameters */
  perStep?: boolean;
  /** also return dX[t] = ∂L/∂x_t */
  inputGrads?: boolean;
}

export interface CellBackwardResult {
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
 * no loss), through the forward pass `fwd` of `cellForward(cell, params, xs)`.
 *
 * @example
 * const fwd = cellForward(lstm, p, xs);
 * const { grad } = mse(fwd.yHat[T - 1], y);
 * const { grads } = cellBackward(p, fwd, [...Array(T - 1).fill(null), grad]);
 */
export function cellBackward(
  p: CellParams,
  fwd: CellForwardResult,
  dYhat: (Matrix | null)[],
  options: CellBackwardOptions = {},
): CellBackwardResult {
  const { cell, tape } = fwd;
  const T = fwd.H.length,
    n = fwd.h0.rows,
    h = fwd.h0.cols,
    d = tape.X.cols,
    k = fwd.yHat[0].cols,
    Gh = tape.A.cols,
    hasC = cell.state.includes("c");
  // the parameters of the forward pass, whose shapes it checked
  checkShape("params.Wx", p.Wx, d, Gh, "d×Gh of the forward pass");
  checkShape("params.Wh", p.Wh, h, Gh, "h×Gh of the forward pass");
  checkShape("params.Wo", p.Wo, h, k, "h×k of the forward pass");
  if (dYhat.length !== T) throw new ShapeError(`dYhat: expected one entry per step (T = ${T}, null where no loss), got ${dYhat.length}`);
  checkState(cell, "dhLast", options.dhLast, n, h);
  checkState(cell, "dcLast", options.dcLast, n, h, true);
  // DY, DA, DB, DH and DHprev collect dŷ_t, ∂L/∂a_t, ∂L/∂b_t, ∂L/∂h_t and ∂L/∂h_{t−1} step by step, stacked
  // like the tape; dc carries ∂L/∂c back through time in place.
  const [DY, DA, DBsplit, DH, DHprev, dc, zeros] = allocate([
    [T * n, k],
    [T * n, Gh],
    [cell.split ? T * n : 0, Gh],
    [T * n, h],
    [T * n, h],
    [n, hasC ? h : 0],
    [n, h],
  ]);
  const DB = cell.split ? DBsplit : DA;
  if (options.dcLast) dc.data.set(options.dcLast.data);
  for (let t = 0; t < T; t++) {
    const dy = dYhat[t];
    if (dy) {
      checkShape(`dYhat[${t}]`, dy, n, k, "n×k");
      DY.data.set(dy.data, t * n * k);
    }
  }
  // ŷ_t = b_o + h_t W_o  ⇒  ∂L/∂h_t gets dŷ_t W_oᵀ, known before the loop: one product for all steps, into DH
  matMulTransB(DY, p.Wo, DH);
  let dhNext = options.dhLast ?? zeros; // ∂L/∂h_t arriving from step t+1
  const dH: Matrix[] = new Array(T),
    steps: StepShare[] = new Array(T);
  withResident([p.Wh], () => {
    for (let t = T - 1; t >= 0; t--) {
      // ∂L/∂h_t = dŷ_t W_oᵀ + dhNext  (dWo and dbo are summed over steps below)
      const dh = block(DH, t, n),
        dhd = dh.data,
        up = dhNext.data;
      for (let i = 0; i < dhd.length; i++) dhd[i] += up[i];
      dH[t] = dh;
      const g: StepGrads = { dh, dc, da: block(DA, t, n), db: block(DB, t, n), dhPrev: block(DHprev, t, n) };
      cell.backward(p, stepValues(tape, t, n), g);
      if (options.perStep) steps[t] = stepShare(cell.split, tape, t, g);
      dhNext = g.dhPrev;
    }
  });
  // The shared weights collect one contribution per step, summed as one product over the stack:
  //   dWx = Xᵀ DA,  dbx = colsum(DA),  dWh = H₋ᵀ DB,  dbh = colsum(DB),  dWo = Hᵀ DY,  dbo = colsum(DY)
  const shapes = cell.shapes({ inputSize: d, hiddenSize: h, outputSize: k });
  const buffers = allocate(shapes.map((s) => [s.rows, s.cols] as const));
  const grads = Object.fromEntries(shapes.map((s, i) => [s.key, buffers[i]])) as unknown as CellParams;
  const Hprev = new Matrix(T * n, h, tape.S.data.subarray(0, T * n * h)),
    H = new Matrix(T * n, h, tape.S.data.subarray(n * h));
  matMulTransA(tape.X, DA, grads.Wx);
  if (cell.split) addColumnSums(DA, grads.bx!);
  matMulTransA(Hprev, DB, grads.Wh);
  addColumnSums(DB, grads.bh);
  matMulTransA(H, DY, grads.Wo);
  addColumnSums(DY, grads.bo);
  const result: CellBackwardResult = { grads, dh0: dhNext, dc0: hasC ? dc : null, dH };
  if (options.perStep) result.steps = steps;
  if (options.inputGrads) {
    // a_t = x_t W_x + …  ⇒  ∂L/∂x_t = ∂L/∂a_t W_xᵀ, for every step at once
    const DX = matMulTransB(DA, p.Wx, new Matrix(T * n, d));
    result.dX = dH.map((_, t) => block(DX, t, n));
  }
  return result;
}

/** Step t's share of the recurrent parameters' gradients: x_tᵀ·da_t, h_{t−1}ᵀ·db_t, and column sums. */
function stepShare(split: boolean, tape: CellForwardResult["tape"], t: number, g: StepGrads): StepShare {
  const n = g.da.rows,
    d = tape.X.cols,
    h = tape.S.cols,
    Gh = g.da.cols;
  const share: StepShare = {
    Wx: matMulTransA(block(tape.X, t, n), g.da, new Matrix(d, Gh)),
    Wh: matMulTransA(block(tape.S, t, n), g.db, new Matrix(h, Gh)),
    bh: addColumnSums(g.db, new Matrix(1, Gh)),
  };
  if (split) share.bx = addColumnSums(g.da, new Matrix(1, Gh));
  return share;
}
