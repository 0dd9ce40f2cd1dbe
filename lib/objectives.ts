/**
 * The ways an RNN reads and writes a sequence, each as one function returning the loss and the
 * gradients of every parameter: many-to-one, many-to-many (aligned, loss on any subset of steps),
 * one-to-many and encoder–decoder. They differ only in which steps carry a loss and where h starts.
 */
import { ActivationName } from "./activations";
import { backward, Grads } from "./bptt";
import { checkOneOf, checkShape } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { mse, softmaxCrossEntropy, LossResult } from "./loss";
import { asMatrix, Matrix, MatrixLike } from "./matrix";
import { forward, Params, ParamsLike, SequenceLike, toParams, toSequence } from "./rnn";

export const LOSSES = ["mse", "crossEntropy"] as const;
export type LossName = (typeof LOSSES)[number];

/** A step's target: an n×k matrix for "mse", n integer class indices for "crossEntropy". */
export type StepTarget = MatrixLike | ArrayLike<number>;

export interface SequenceOptions {
  /** "mse" (default) or "crossEntropy" (ŷ_t are logits) */
  loss?: LossName;
  /** φ, default "tanh" */
  activation?: ActivationName;
  /** initial state h_{−1}, n×h (default zeros) */
  h0?: Matrix;
  /** gradient reaching h_{T−1} from outside, n×h (see `encoderDecoder`) */
  dhLast?: Matrix;
  /** also return each step's contribution to the shared Wx, Wh, bh */
  perStep?: boolean;
}

export interface SequenceResult {
  /** mean of the per-step losses over the steps that have a target */
  loss: number;
  grads: Grads;
  /** H[t] = h_t, n×h */
  H: Matrix[];
  /** yHat[t] = ŷ_t, n×k (logits for cross-entropy) */
  yHat: Matrix[];
  /** ∂L/∂h_t for every t, and ∂L/∂h_{−1} */
  dH: Matrix[];
  dh0: Matrix;
  steps?: Pick<Grads, "Wx" | "Wh" | "bh">[];
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
  params: Params | ParamsLike,
  xs: SequenceLike,
  targets: (StepTarget | null)[],
  options: SequenceOptions = {},
): SequenceResult {
  const p = toParams(params);
  const loss = options.loss ?? "mse";
  checkOneOf("loss", loss, LOSSES);
  const seq = toSequence(xs, p.Wx.rows);
  checkTargetList(targets);
  if (targets.length !== seq.length) {
    throw new ShapeError(`targets: expected one entry per step (T = ${seq.length}, null where no loss), got ${targets.length}`);
  }
  const supervised = targets.filter((t) => t !== null).length;
  if (supervised === 0 && !options.dhLast) throw new ValueError("targets: every entry is null, so there is no loss to differentiate");
  const fwd = forward(p, seq, { h0: options.h0, activation: options.activation });
  let total = 0;
  const dYhat = targets.map((target, t) => {
    if (target === null) return null;
    const r = stepLoss(loss, fwd.yHat[t], target, t);
    total += r.loss / supervised;
    for (let i = 0; i < r.grad.data.length; i++) r.grad.data[i] /= supervised; // L is the mean over steps
    return r.grad;
  });
  const back = backward(p, seq, fwd, dYhat, { dhLast: options.dhLast, perStep: options.perStep });
  return { loss: total, grads: back.grads, H: fwd.H, yHat: fwd.yHat, dH: back.dH, dh0: back.dh0, steps: back.steps };
}

/**
 * Read the whole sequence, predict once: the loss is on the last output ŷ_{T−1} only.
 *
 * @example
 * const r = manyToOne(p, xs, y);            // regression, y n×k
 * const c = manyToOne(p, xs, labels, { loss: "crossEntropy" }); // classification
 */
export function manyToOne(
  params: Params | ParamsLike,
  xs: SequenceLike,
  target: StepTarget,
  options: SequenceOptions = {},
): SequenceResult {
  const T = Array.isArray(xs) ? xs.length : 0;
  return manyToMany(params, xs, [...new Array<null>(Math.max(T - 1, 0)).fill(null), target].slice(-Math.max(T, 1)), options);
}

/**
 * Read once, write T times: x (n×d) is the input at step 0 and the inputs after it are zero;
 * `targets` has one entry per output step (null to skip).
 */
export function oneToMany(
  params: Params | ParamsLike,
  x: MatrixLike,
  targets: (StepTarget | null)[],
  options: SequenceOptions = {},
): SequenceResult {
  const x0 = asMatrix(x, "x");
  checkTargetList(targets);
  const xs = targets.map((_, t) => (t === 0 ? x0 : new Matrix(x0.rows, x0.cols)));
  return manyToMany(params, xs, targets, options);
}

export interface EncoderDecoderResult {
  loss: number;
  grads: { encoder: Grads; decoder: Grads };
  encoder: SequenceResult;
  decoder: SequenceResult;
}

/**
 * Read, then write: the encoder reads `xs` (its outputs are unused), the decoder starts from the
 * encoder's last state and reads `decoderInputs` (e.g. the previous target, or zeros), with a loss at
 * each of its steps. The decoder's ∂L/∂h_{−1} flows back into the encoder's last state.
 */
export function encoderDecoder(
  params: { encoder: Params | ParamsLike; decoder: Params | ParamsLike },
  xs: SequenceLike,
  decoderInputs: SequenceLike,
  targets: (StepTarget | null)[],
  options: Omit<SequenceOptions, "h0" | "dhLast"> = {},
): EncoderDecoderResult {
  if (params === null || typeof params !== "object") {
    throw new ValueError(`params: expected { encoder, decoder }, each { Wx, Wh, bh, Wo, bo }, got ${describeValue(params)}`);
  }
  const enc = toParams(params.encoder),
    dec = toParams(params.decoder);
  if (enc.Wh.rows !== dec.Wh.rows) {
    throw new ShapeError(`encoder and decoder must share the hidden size h, got ${enc.Wh.rows} and ${dec.Wh.rows}`);
  }
  const encFwd = forward(enc, xs, { activation: options.activation });
  const hT = encFwd.H[encFwd.H.length - 1];
  const decoder = manyToMany(dec, decoderInputs, targets, { ...options, h0: hT });
  // The encoder has no loss of its own: its only gradient is what the decoder sends back into h_{T−1}.
  const none = encFwd.H.map(() => null);
  const encoder = manyToMany(enc, xs, none, { activation: options.activation, dhLast: decoder.dh0 });
  return { loss: decoder.loss, grads: { encoder: encoder.grads, decoder: decoder.grads }, encoder, decoder };
}

/**
 * The tutorial's four-step regression in one call: tanh RNN, MSE on the output after the last step.
 * `params` is { Wx, Wh, bh, Wo, bo } (Matrix or number[][]), `X` is T × n × d, `y` is n × k.
 * Returns the loss, gradients keyed like `params` (each with `toArray()`), the T hidden states and ŷ.
 *
 * @example
 * const { loss, grads, H, yHat } = manyToOneMSE(params, X, y);
 * grads.Wh.toArray(); // number[][], h×h
 */
export function manyToOneMSE(
  params: Params | ParamsLike,
  X: SequenceLike,
  y: MatrixLike,
): { loss: number; grads: Grads; H: Matrix[]; yHat: Matrix } {
  const r = manyToOne(params, X, y, { loss: "mse", activation: "tanh" });
  return { loss: r.loss, grads: r.grads, H: r.H, yHat: r.yHat[r.yHat.length - 1] };
}
