/**
 * The memory shares of any cell: how much of h_t comes from each input x_k (k ≤ t), measured by the
 * size of the Jacobian ∂h_t/∂x_k. A gated cell's Jacobian has no short product form, so each of its
 * rows is one backward pass: a unit gradient arriving at h_t, read out at every input by BPTT.
 */
import { checkOneOf } from "../check";
import { Matrix } from "../matrix";
import { SequenceLike, toSequence } from "../rnn";
import { Cell, CellParams } from "./cell";
import { cellBackward } from "./bptt";
import { toCellParams } from "./params";
import { cellForward } from "./unroll";

export interface CellMemoryOptions {
  /** initial state h_{−1} (and c_{−1}), n×h (default zeros) */
  h0?: Matrix;
  c0?: Matrix;
  /** "state" (default) measures ∂h_t/∂x_k; "output" measures ∂ŷ_t/∂x_k = (∂h_t/∂x_k) W_o */
  of?: "state" | "output";
}

/**
 * share[t][k] = ‖∂h_t/∂x_k‖ / Σ_{j≤t} ‖∂h_t/∂x_j‖ (0 for k > t; split evenly if every derivative is
 * zero) and norm[t][k] = ‖∂h_t/∂x_k‖ (Frobenius), each averaged over the n sequences: T×T, like
 * `memoryShares` of lib/memory.ts, which computes the same for the Elman cell by forward products.
 *
 * Row j of ∂h_t/∂x_k (as a d-vector per sequence) is ∂L/∂x_k for L = h_t[j], which BPTT over steps
 * 0 … t gives for every k at once from the unit gradient dhLast = e_j (for ŷ: dhLast = column j of W_oᵀ).
 *
 * @example
 * const { share } = cellMemoryShares(lstm, p, xs); // share[t] sums to 1 over k ≤ t
 */
export function cellMemoryShares(
  cell: Cell,
  params: CellParams,
  xs: SequenceLike,
  options: CellMemoryOptions = {},
): { share: number[][]; norm: number[][] } {
  const of = options.of ?? "state";
  checkOneOf("of", of, ["state", "output"] as const);
  const p = toCellParams(cell, params);
  const seq = toSequence(xs, p.Wx.rows, "xs");
  const T = seq.length,
    n = seq[0].rows,
    h = p.Wh.rows,
    d = p.Wx.rows,
    k = p.Wo.cols;
  const norm = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  const share = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  const directions = of === "state" ? h : k;
  for (let t = 0; t < T; t++) {
    const fwd = cellForward(cell, p, seq.slice(0, t + 1), { h0: options.h0, c0: options.c0 });
    const sq = Array.from({ length: t + 1 }, () => new Float64Array(n)); // sq[k][r] = ‖∂h_t/∂x_k‖² of sequence r
    for (let j = 0; j < directions; j++) {
      // the gradient of h_t[j] (or of ŷ_t[j] = b_o[j] + h_t W_o[:, j]) at h_t, for every sequence
      const seed = new Matrix(n, h);
      for (let r = 0; r < n; r++) for (let u = 0; u < h; u++) seed.data[r * h + u] = of === "state" ? +(u === j) : p.Wo.data[u * k + j];
      const { dX } = cellBackward(p, fwd, new Array<null>(t + 1).fill(null), { dhLast: seed, inputGrads: true });
      dX!.forEach((dx, kk) => {
        for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) sq[kk][r] += dx.data[r * d + i] ** 2;
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
