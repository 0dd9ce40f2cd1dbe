/**
 * The hidden state as memory: how much of h_t comes from each input x_k (k ≤ t), measured by the
 * size of the Jacobian ∂h_t/∂x_k and normalised over k. Computed exactly by chaining the per-step
 * Jacobians of the forward pass, one sequence (row of the batch) at a time.
 */
import { activation, ActivationName } from "./activations";
import { CellName } from "./cells/cell";
import { cellMemoryShares } from "./cells/memory";
import { cellOf, CellParamsLike } from "./cells/params";
import { checkState } from "./cells/unroll";
import { checkOneOf, checkShape } from "./check";
import { Matrix, matMul } from "./matrix";
import { forward, Params, ParamsLike, SequenceLike, toParams, toSequence } from "./rnn";

export interface MemoryOptions {
  /** the cell: "elman" (default), "lstm" or "gru" */
  cell?: CellName | null;
  /** initial state h_{−1} (and the LSTM's c_{−1}), n×h (default zeros) */
  h0?: Matrix;
  c0?: Matrix;
  /** φ of the Elman cell (default "tanh") */
  activation?: ActivationName;
  /** "state" (default) measures ∂h_t/∂x_k; "output" measures ∂ŷ_t/∂x_k = (∂h_t/∂x_k) W_o */
  of?: "state" | "output";
}

export interface MemoryShares {
  /**
   * share[t][k] = ‖∂h_t/∂x_k‖ / Σ_{j≤t} ‖∂h_t/∂x_j‖ for k ≤ t and 0 for k > t, averaged over the n
   * sequences of the batch; T×T, each row sums to 1 (split evenly if every derivative is zero, e.g. saturated units).
   */
  share: number[][];
  /** norm[t][k] = ‖∂h_t/∂x_k‖ (Frobenius), averaged over the batch; T×T, 0 above the diagonal */
  norm: number[][];
}

/** J·diag(v) in place: scales column j of J by v[j]. */
function scaleColumns(J: Matrix, v: Float64Array): Matrix {
  for (let i = 0; i < J.rows; i++) for (let j = 0; j < J.cols; j++) J.data[i * J.cols + j] *= v[j];
  return J;
}

function frobenius(J: Matrix): number {
  let s = 0;
  for (const v of J.data) s += v * v;
  return Math.sqrt(s);
}

/**
 * The memory shares of a network on the sequences `xs` (T × n × d). For the LSTM and the GRU it is
 * computed by backward passes (lib/cells/memory.ts); for the Elman cell, by the products below.
 *
 * With row vectors, z_t = b_h + x_t W_x + h_{t−1} W_h and h_t = φ(z_t), so with D_t = diag(φ'(z_t)):
 *   ∂h_t/∂x_t = W_x D_t,    ∂h_t/∂x_k = (∂h_{t−1}/∂x_k) W_h D_t  for k < t      (each d×h)
 *
 * @example
 * const p = initParams({ inputSize: 1, hiddenSize: 8, outputSize: 1 }, 0);
 * const { share } = memoryShares(p, [[[1]], [[-1]], [[0.5]], [[0.2]]]); // T = 4, n = 1
 * share[0]; // [1, 0, 0, 0]: h_0 depends on x_0 alone
 * share[3]; // four shares that sum to 1
 */
export function memoryShares(paramsIn: Params | ParamsLike | CellParamsLike, xs: SequenceLike, options: MemoryOptions = {}): MemoryShares {
  const cell = cellOf(options.cell, { activation: options.activation });
  if (cell.name !== "elman") return cellMemoryShares(cell, toParams(paramsIn, { cell }), xs, options);
  const params = toParams(paramsIn); // converted and checked: a NaN weight would read as evenly split shares
  const of = options.of ?? "state";
  checkOneOf("of", of, ["state", "output"] as const);
  const act = activation(options.activation ?? "tanh");
  const d = params.Wx.rows,
    h = params.Wx.cols;
  const seq = toSequence(xs, d, "xs");
  const T = seq.length,
    n = seq[0].rows;
  if (options.h0) checkShape("h0", options.h0, n, h, "n×h");
  checkState(cell, "c0", options.c0, n, h, true); // the Elman cell has no c
  const { H } = forward(params, seq, { h0: options.h0, activation: act.name });
  const norm = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  const share = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  const dphi = new Float64Array(h);
  for (let i = 0; i < n; i++) {
    let J: Matrix[] = []; // J[k] = ∂h_t/∂x_k for the current t, d×h
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < h; j++) dphi[j] = act.df(H[t].data[i * h + j]); // φ'(z_t) from h_t
      J = J.map((Jk) => scaleColumns(matMul(Jk, params.Wh, new Matrix(d, h)), dphi));
      J.push(scaleColumns(params.Wx.clone(), dphi));
      const sizes = J.map((Jk) => frobenius(of === "output" ? matMul(Jk, params.Wo, new Matrix(d, params.Wo.cols)) : Jk));
      const total = sizes.reduce((a, b) => a + b, 0);
      sizes.forEach((s, k) => {
        norm[t][k] += s / n;
        share[t][k] += (total > 0 ? s / total : 1 / (t + 1)) / n;
      });
    }
  }
  return { share, norm };
}
