/**
 * The unrolled pass and BPTT of any cell, as the objectives run them: the Elman cell through the
 * tutorial's readable loops (`forward` in lib/rnn.ts, `backward` in lib/bptt.ts), the gated cells through
 * unroll.ts and bptt.ts. test/cells-elman.test.ts holds the two Elman routes equal bit for bit.
 */
import { backward } from "../bptt";
import { Matrix } from "../matrix";
import { forward } from "../rnn";
import { StepShare, cellBackward } from "./bptt";
import { Cell, CellParams } from "./cell";
import { cellForward, checkState } from "./unroll";

export interface RunOptions {
  /** initial state h_{−1} (and c_{−1} for the LSTM), n×h (default zeros) */
  h0?: Matrix;
  c0?: Matrix;
}

export interface RunBackOptions {
  /** gradients reaching the last state h_{T−1} (and c_{T−1}) from outside, n×h */
  dhLast?: Matrix;
  dcLast?: Matrix;
  /** also return each step's share of the recurrent parameters' gradients */
  perStep?: boolean;
}

export interface RunGradients {
  /** keyed like the parameters */
  grads: CellParams;
  /** dH[t] = ∂L/∂h_t; dh0 = ∂L/∂h_{−1}, dc0 = ∂L/∂c_{−1} (null for cells that carry h only) */
  dH: Matrix[];
  dh0: Matrix;
  dc0: Matrix | null;
  steps?: StepShare[];
}

/** One forward pass, and the backward pass through it. */
export interface Run {
  /** H[t] = h_t, C[t] = c_t (LSTM; empty otherwise), yHat[t] = ŷ_t */
  H: Matrix[];
  C: Matrix[];
  yHat: Matrix[];
  /** the gradients of a loss whose derivative at ŷ_t is dYhat[t] (null where step t has no loss) */
  backward(dYhat: (Matrix | null)[], options?: RunBackOptions): RunGradients;
}

/**
 * The forward pass of `cell` with parameters `p` (already checked) over `seq` (T matrices n×d).
 *
 * @example
 * const run = runCell(cellOf("lstm"), p, xs);
 * const { grads } = run.backward([...Array(T - 1).fill(null), mse(run.yHat[T - 1], y).grad]);
 */
export function runCell(cell: Cell, p: CellParams, seq: Matrix[], options: RunOptions = {}): Run {
  if (cell.name !== "elman") {
    const fwd = cellForward(cell, p, seq, options);
    return {
      H: fwd.H,
      C: fwd.C,
      yHat: fwd.yHat,
      backward: (dYhat, o = {}) => {
        const { grads, dH, dh0, dc0, steps } = cellBackward(p, fwd, dYhat, o);
        return { grads, dH, dh0, dc0, steps };
      },
    };
  }
  const n = seq[0].rows,
    h = p.Wh.rows;
  checkState(cell, "c0", options.c0, n, h, true);
  const fwd = forward(p, seq, { h0: options.h0, activation: cell.activation });
  return {
    H: fwd.H,
    C: [],
    yHat: fwd.yHat,
    backward: (dYhat, o = {}) => {
      checkState(cell, "dcLast", o.dcLast, n, h, true);
      const { grads, dH, dh0, steps } = backward(p, seq, fwd, dYhat, { dhLast: o.dhLast, perStep: o.perStep });
      return { grads, dH, dh0, dc0: null, steps };
    },
  };
}
