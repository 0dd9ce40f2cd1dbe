/**
 * The ways an RNN reads and writes a sequence, each as one function returning the loss and the
 * gradients of every parameter: many-to-one, many-to-many (aligned, loss on any subset of steps),
 * one-to-many and encoder–decoder. They differ only in which steps carry a loss and where h starts.
 * Any cell: Elman (the default), LSTM or GRU, chosen with `{ cell }`.
 */
import { ActivationName } from "./activations";
import { StepShare } from "./cells/bptt";
import { Cell, CellName, CellParams } from "./cells/cell";
import { cellOf, CellParamsLike } from "./cells/params";
import { runCell } from "./cells/run";
import { checkOneOf, checkShape } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { mse, softmaxCrossEntropy, LossResult } from "./loss";
import { asMatrix, Matrix, MatrixLike } from "./matrix";
import { Params, ParamsLike, SequenceLike, toParams, toSequence } from "./rnn";

export const LOSSES = ["mse", "crossEntropy"] as const;
export type LossName = (typeof LOSSES)[number];

/** A step's target: an n×k matrix for "mse", n integer class indices for "crossEntropy". */
export type StepTarget = MatrixLike | ArrayLike<number>;

/** Parameters of any cell as the objectives accept them: Matrix or number[][] entries. */
export type AnyParams = Params | ParamsLike | CellParams | CellParamsLike;

export interface SequenceOptions {
  /** "mse" (default) or "crossEntropy" (ŷ_t are logits) */
  loss?: LossName;
  /** the recurrent cell: "elman" (default), "lstm" or "gru"; the parameters must be of its shapes */
  cell?: CellName | Cell | null;
  /** φ of the Elman cell, default "tanh" (the gated cells' are fixed) */
  activation?: ActivationName;
  /** initial state h_{−1}, n×h (default zeros) */
  h0?: Matrix;
  /** initial cell state c_{−1} of the LSTM, n×h (default zeros) */
  c0?: Matrix;
  /** gradient reaching h_{T−1} from outside, n×h (see `encoderDecoder`) */
  dhLast?: Matrix;
  /** the same for the LSTM's c_{T−1} */
  dcLast?: Matrix;
  /** also return each step's contribution to the shared Wx, Wh, bh (and the GRU's bx) */
  perStep?: boolean;
}

export interface SequenceResult {
  /** mean of the per-step losses over the steps that have a target */
  loss: number;
  /** keyed like the parameters (the GRU's include bx) */
  grads: CellParams;
  /** H[t] = h_t, n×h */
  H: Matrix[];
  /** C[t] = c_t, n×h, for the LSTM (empty for cells that carry h only) */
  C: Matrix[];
  /** yHat[t] = ŷ_t, n×k (logits for cross-entropy) */
  yHat: Matrix[];
  /** ∂L/∂h_t for every t, and ∂L/∂h_{−1} */
  dH: Matrix[];
  dh0: Matrix;
  /** ∂L/∂c_{−1} for the LSTM, null otherwise */
  dc0: Matrix | null;
  steps?: StepShare[];
}

/** Throws unless `targets` is an array (one entry per step, null where there is no loss). */
function checkTargetList(targets: unknown): void {
  if (!Array.isArray(targets))
    throw new ValueError(`targets: expected an array with one entry per step (null where no loss), got ${describeValue(targets)}`);
}

function stepLoss(loss: LossName, yHat: Matrix, target: StepTarget, t: number): LossResult {
  if (loss === "crossEntropy") {
    if (Array.isArray(target) && Array.isArray(target[0])) {
      throw new ShapeError(`targets[${t}]: crossEntropy takes n class indices, got a nested array`);
    }
    return softmaxCrossEntropy(yHat, target as ArrayLike<number>);
  }
  const y = asMatrix(target as MatrixLike, `targets[${t}]`);
  checkShape(`targets[${t}] (y)`, y, yHat.rows, yHat.cols, "n×k");
  return mse(yHat, y);
}

/**
 * The general case: a loss at every step t whose `targets[t]` is not null (aligned many-to-many;
 * put null at the steps without a loss). L is the mean of the per-step losses.
 *
 * @example
 * const r = manyToMany(p, xs, [null, y1, y2]); // loss on steps 1 and 2 of T = 3
 * r.grads.Wh; // ∂L/∂Wh, h×h
 */
export function manyToMany(
  params: AnyParams,
  xs: SequenceLike,
  targets: (StepTarget | null)[],
  options: SequenceOptions = {},
): SequenceResult {
  const cell = cellOf(options.cell, { activation: options.activation });
  const p = toParams(params, { cell });
  const loss = options.loss ?? "mse";
  checkOneOf("loss", loss, LOSSES);
  const seq = toSequence(xs, p.Wx.rows);
  checkTargetList(targets);
  if (targets.length !== seq.length) {
    throw new ShapeError(`targets: expected one entry per step (T = ${seq.length}, null where no loss), got ${targets.length}`);
  }
  const supervised = targets.filter((t) => t !== null).length;
  if (supervised === 0 && !options.dhLast && !options.dcLast)
    throw new ValueError("targets: every entry is null, so there is no loss to differentiate");
  const fwd = runCell(cell, p, seq, { h0: options.h0, c0: options.c0 });
  let total = 0;
  const dYhat = targets.map((target, t) => {
    if (target === null) return null;
    const r = stepLoss(loss, fwd.yHat[t], target, t);
    total += r.loss / supervised;
    for (let i = 0; i < r.grad.data.length; i++) r.grad.data[i] /= supervised; // L is the mean over steps
    return r.grad;
  });
  const back = fwd.backward(dYhat, { dhLast: options.dhLast, dcLast: options.dcLast, perStep: options.perStep });
  return {
    loss: total,
    grads: back.grads,
    H: fwd.H,
    C: fwd.C,
    yHat: fwd.yHat,
    dH: back.dH,
    dh0: back.dh0,
    dc0: back.dc0,
    steps: back.steps,
  };
}

/**
 * Read the whole sequence, predict once: the loss is on the last output ŷ_{T−1} only.
 *
 * @example
 * const r = manyToOne(p, xs, y);            // regression, y n×k
 * const c = manyToOne(p, xs, labels, { loss: "crossEntropy" }); // classification
 */
export function manyToOne(params: AnyParams, xs: SequenceLike, target: StepTarget, options: SequenceOptions = {}): SequenceResult {
  const T = Array.isArray(xs) ? xs.length : 0;
  return manyToMany(params, xs, [...new Array<null>(Math.max(T - 1, 0)).fill(null), target].slice(-Math.max(T, 1)), options);
}

/**
 * Read once, write T times: x (n×d) is the input at step 0 and the inputs after it are zero;
 * `targets` has one entry per output step (null to skip).
 */
export function oneToMany(params: AnyParams, x: MatrixLike, targets: (StepTarget | null)[], options: SequenceOptions = {}): SequenceResult {
  const x0 = asMatrix(x, "x");
  checkTargetList(targets);
  const xs = targets.map((_, t) => (t === 0 ? x0 : new Matrix(x0.rows, x0.cols)));
  return manyToMany(params, xs, targets, options);
}

export interface EncoderDecoderResult {
  loss: number;
  grads: { encoder: CellParams; decoder: CellParams };
  encoder: SequenceResult;
  decoder: SequenceResult;
}

/**
 * Read, then write: the encoder reads `xs` (its outputs are unused), the decoder starts from the
 * encoder's last state (h, and the LSTM's c) and reads `decoderInputs` (e.g. the previous target, or
 * zeros), with a loss at each of its steps. The decoder's ∂L/∂h_{−1} (and ∂L/∂c_{−1}) flows back into
 * the encoder's last state. Both use the cell of `options.cell`.
 */
export function encoderDecoder(
  params: { encoder: AnyParams; decoder: AnyParams },
  xs: SequenceLike,
  decoderInputs: SequenceLike,
  targets: (StepTarget | null)[],
  options: Omit<SequenceOptions, "h0" | "c0" | "dhLast" | "dcLast"> = {},
): EncoderDecoderResult {
  if (params === null || typeof params !== "object") {
    throw new ValueError(`params: expected { encoder, decoder }, each { Wx, Wh, bh, Wo, bo }, got ${describeValue(params)}`);
  }
  const cell = cellOf(options.cell, { activation: options.activation });
  const enc = toParams(params.encoder, { cell }),
    dec = toParams(params.decoder, { cell });
  if (enc.Wh.rows !== dec.Wh.rows) {
    throw new ShapeError(`encoder and decoder must share the hidden size h, got ${enc.Wh.rows} and ${dec.Wh.rows}`);
  }
  const encFwd = runCell(cell, enc, toSequence(xs, enc.Wx.rows));
  const last = encFwd.H.length - 1;
  const decoder = manyToMany(dec, decoderInputs, targets, { ...options, cell, h0: encFwd.H[last], c0: encFwd.C[last] });
  // The encoder has no loss of its own: its only gradient is what the decoder sends back into h_{T−1} (and c_{T−1}).
  const none = encFwd.H.map(() => null);
  const encoder = manyToMany(enc, xs, none, { cell, dhLast: decoder.dh0, dcLast: decoder.dc0 ?? undefined });
  return { loss: decoder.loss, grads: { encoder: encoder.grads, decoder: decoder.grads }, encoder, decoder };
}

/**
 * The tutorial's four-step regression in one call: an RNN (tanh Elman, unless `options.cell` says
 * "lstm" or "gru"), MSE on the output after the last step. `params` is { Wx, Wh, bh, Wo, bo } (the GRU's
 * with bx; Matrix or number[][]), `X` is T × n × d, `y` is n × k. Returns the loss, gradients keyed like
 * `params` (each with `toArray()`), the T hidden states (and the LSTM's cell states) and ŷ.
 *
 * @example
 * const { loss, grads, H, yHat } = manyToOneMSE(params, X, y);
 * grads.Wh.toArray(); // number[][], h×h
 * manyToOneMSE(initParams({ cell: "gru", inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0), X, y, { cell: "gru" }).grads.bx;
 */
export function manyToOneMSE(
  params: AnyParams,
  X: SequenceLike,
  y: MatrixLike,
  options: { cell?: CellName | Cell | null } = {},
): { loss: number; grads: CellParams; H: Matrix[]; C: Matrix[]; yHat: Matrix } {
  const r = manyToOne(params, X, y, { loss: "mse", cell: options?.cell });
  return { loss: r.loss, grads: r.grads, H: r.H, C: r.C, yHat: r.yHat[r.yHat.length - 1] };
}
