/**
 * The hidden state as memory: how much of h_t comes from each input x_k (k ≤ t), measured by the size of
 * the Jacobian ∂h_t/∂x_k and normalised over k. Any cell: each row of a Jacobian is one backward pass of
 * the engine — a unit gradient arriving at h_t, read out at every input by BPTT.
 */
import type { ActivationName } from "../activations";
import { Cell } from "../cells/cell";
import { checkedParams } from "../cells/params";
import { CellName, cellOf } from "../cells/registry";
import { checkOneOf, checkOptions } from "../check";
import { Matrix, MatrixLike } from "../matrix";
import { CellParams, CellParamsLike, SequenceLike, toSequence } from "../shapes";
import { bptt } from "./backward";
import { state, unroll } from "./forward";

export interface MemoryOptions {
  /** the cell: "elman" (default), "lstm", "gru", or a cell of your own */
  cell?: CellName | Cell | null;
  /** φ of the Elman cell (default "tanh") */
  activation?: ActivationName | null;
  /** initial state h_{−1} (and the LSTM's c_{−1}), n×h (default zeros) */
  h0?: MatrixLike | null;
  c0?: MatrixLike | null;
  /** "state" (default) measures ∂h_t/∂x_k; "output" measures ∂ŷ_t/∂x_k = (∂h_t/∂x_k) W_o */
  of?: "state" | "output" | null;
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

/**
 * The memory shares of a network on the sequences `xs` (T × n × d).
 *
 * Row j of ∂h_t/∂x_k (as a d-vector per sequence) is ∂L/∂x_k for L = h_t[j], which BPTT over steps
 * 0 … t gives for every k at once from the unit gradient dhLast = e_j (for ŷ: dhLast = column j of W_oᵀ).
 *
 * @example
 * const p = initParams({ inputSize: 1, hiddenSize: 8, outputSize: 1 }, 0);
 * const { share } = memoryShares(p, [[[1]], [[-1]], [[0.5]], [[0.2]]]); // T = 4, n = 1
 * share[0]; // [1, 0, 0, 0]: h_0 depends on x_0 alone
 * share[3]; // four shares that sum to 1
 */
export function memoryShares(params: CellParams | CellParamsLike, xs: SequenceLike, options: MemoryOptions = {}): MemoryShares {
  checkOptions("memoryShares", options, ["cell", "activation", "h0", "c0", "of"]);
  const of = options?.of ?? "state";
  checkOneOf("of", of, ["state", "output"] as const);
  const cell = cellOf(options?.cell, options?.activation);
  const p = checkedParams(cell, params); // converted and checked: a NaN weight would read as evenly split shares
  const seq = toSequence(xs, p.Wx.rows, "xs");
  const T = seq.length,
    n = seq[0].rows,
    h = p.Wh.rows,
    d = p.Wx.rows,
    k = p.Wo.cols;
  const h0 = state(cell, "h0", options?.h0, n, h),
    c0 = state(cell, "c0", options?.c0, n, h, true);
  const norm = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  const share = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  const directions = of === "state" ? h : k,
    wo = p.Wo.data;
  for (let t = 0; t < T; t++) {
    const fwd = unroll(cell, p, seq.slice(0, t + 1), h0, c0);
    const sq = Array.from({ length: t + 1 }, () => new Float64Array(n)); // sq[k][r] = ‖∂h_t/∂x_k‖² of sequence r
    for (let j = 0; j < directions; j++) {
      // the gradient of h_t[j] (or of ŷ_t[j] = b_o[j] + h_t W_o[:, j]) at h_t, for every sequence
      const seed = new Matrix(n, h),
        s = seed.data;
      for (let r = 0; r < n; r++) for (let u = 0; u < h; u++) s[r * h + u] = of === "state" ? +(u === j) : wo[u * k + j];
      const { dX } = bptt(p, fwd, new Array<null>(t + 1).fill(null), { dhLast: seed, inputGrads: true });
      dX!.forEach((dx, kk) => {
        const g = dx.data;
        for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) sq[kk][r] += g[r * d + i] ** 2;
      });
    }
    for (let r = 0; r < n; r++) {
      const sizes = sq.map((s) => Math.sqrt(s[r]));
      const total = sizes.reduce((a, b) => a + b, 0);
      sizes.forEach((s, kk) => {
        norm[t][kk] += s / n;
        share[t][kk] += (total > 0 ? s / total : 1 / (t + 1)) / n;
      });
    }
  }
  return { share, norm };
}
