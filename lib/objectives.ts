/**
 * The ways an RNN reads and writes a sequence, each as one function returning the loss and the
 * gradients of every parameter: many-to-one, many-to-many (aligned, loss on any subset of steps),
 * one-to-many and encoder–decoder. They differ only in which steps carry a loss and where h starts.
 * Any cell: Elman (the default), LSTM or GRU, chosen with `{ cell }`.
 */
import { ActivationName } from "./activations";
import { Cell } from "./cells/cell";
import { checkedParams } from "./cells/params";
import { CellName, cellOf } from "./cells/registry";
import { checkOneOf, checkOptions, checkShape } from "./check";
import { StepShare, bptt } from "./engine/backward";
import { state, unroll } from "./engine/forward";
import { describeValue, ShapeError, ValueError } from "./errors";
import { mse, softmaxCrossEntropy, LossResult } from "./loss";
import { asMatrix, Matrix, MatrixLike } from "./matrix";
import { CellParams, CellParamsLike, Params, ParamsLike, SequenceLike, toSequence } from "./shapes";

export const LOSSES = ["mse", "crossEntropy"] as const;
export type LossName = (typeof LOSSES)[number];

/** A step's target: an n×k matrix for "mse", n integer class indices for "crossEntropy". */
export type StepTarget = MatrixLike | ArrayLike<number>;

/** Parameters of any cell as the objectives accept them: Matrix or number[][] entries. */
export type AnyParams = Params | ParamsLike | CellParams | CellParamsLike;

export interface SequenceOptions {
  /** "mse" (default) or "crossEntropy" (ŷ_t are logits) */
  loss?: LossName | null;
  /** the recurrent cell: "elman" (default), "lstm", "gru" or a cell of your own; the parameters must be of its shapes */
  cell?: CellName | Cell | null;
  /** φ of the Elman cell, default "tanh" (the gated cells' are fixed) */
  activation?: ActivationName | null;
  /** initial state h_{−1}, n×h (default zeros) */
  h0?: MatrixLike | null;
  /** initial cell state c_{−1} of the LSTM, n×h (default zeros) */
  c0?: MatrixLike | null;
  /** gradient reaching h_{T−1} from outside, n×h (see `encoderDecoder`) */
  dhLast?: MatrixLike | null;
  /** the same for the LSTM's c_{T−1} */
  dcLast?: MatrixLike | null;
  /** also return each step's contribution to the shared Wx, Wh, bh (and the GRU's bx) */
  perStep?: boolean | null;
}

const SEQUENCE_OPTIONS = ["loss", "cell", "activation", "h0", "c0", "dhLast", "dcLast", "perStep"] as const;

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

/** Throws unless `targets` is an array of one entry per step (null where there is no loss), without holes. */
function checkTargets(targets: unknown, T: number): asserts targets is (StepTarget | null)[] {
  if (!Array.isArray(targets))
    throw new ValueError(`targets: expected an array with one entry per step (null where no loss), got ${describeValue(targets)}`);
  if (targets.length !== T) {
    throw new ShapeError(`targets: expected one entry per step (T = ${T}, null where no loss), got ${targets.length}`);
  }
  for (let t = 0; t < T; t++) {
    if (!(t in targets)) throw new ValueError(`targets[${t}] is missing (a hole in the array), expected a target or null`);
  }
}

/** Step t's loss and its gradient at ŷ_t; `name` is how the caller called the target ("targets[3]", "y"). */
function stepLoss(loss: LossName, yHat: Matrix, target: StepTarget, name: string): LossResult {
  if (loss === "crossEntropy") {
    if (Array.isArray(target) && Array.isArray(target[0])) {
      throw new ShapeError(`${name}: crossEntropy takes n class indices, got a nested array`);
    }
    return softmaxCrossEntropy(yHat, target as ArrayLike<number>, name);
  }
  const y = asMatrix(target as MatrixLike, name);
  checkShape(name === "y" ? name : `${name} (y)`, y, yHat.rows, yHat.cols, "n×k");
  return mse(yHat, y);
}

/** The checked states of a sequence: h0, c0 and the gradients arriving at the last state. */
interface States {
  h0?: Matrix;
  c0?: Matrix;
  dhLast?: Matrix;
  dcLast?: Matrix;
}

/** The door's check of the states in `options`: n×h each, finite, and a c only for a cell that carries one. */
function statesOf(cell: Cell, options: SequenceOptions, n: number, h: number): States {
  return {
    h0: state(cell, "h0", options.h0, n, h),
    c0: state(cell, "c0", options.c0, n, h, true),
    dhLast: state(cell, "dhLast", options.dhLast, n, h),
    dcLast: state(cell, "dcLast", options.dcLast, n, h, true),
  };
}

/**
 * The loss at the steps with a target and the gradients of every parameter, on checked values: the forward
 * pass, each step's loss and its gradient at ŷ_t (scaled by 1/steps: L is the mean over steps), and BPTT.
 */
function sequenceLoss(
  cell: Cell,
  p: CellParams,
  seq: Matrix[],
  targets: (StepTarget | null)[],
  loss: LossName,
  states: States,
  perStep: boolean,
  nameOf: (t: number) => string = (t) => `targets[${t}]`,
): SequenceResult {
  const supervised = targets.filter((t) => t !== null).length;
  if (supervised === 0 && !states.dhLast && !states.dcLast)
    throw new ValueError("targets: every entry is null, so there is no loss to differentiate");
  const fwd = unroll(cell, p, seq, states.h0, states.c0);
  let total = 0;
  const dYhat = targets.map((target, t) => {
    if (target === null) return null;
    const r = stepLoss(loss, fwd.yHat[t], target, nameOf(t));
    total += r.loss / supervised;
    const g = r.grad.data;
    for (let i = 0; i < g.length; i++) g[i] /= supervised; // L is the mean over steps
    return r.grad;
  });
  const back = bptt(p, fwd, dYhat, { dhLast: states.dhLast, dcLast: states.dcLast, perStep });
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

/** The door of every objective: options, cell, parameters, sequence, targets and states, checked once; then the loss. */
function objective(
  where: string,
  params: AnyParams,
  xs: SequenceLike,
  targets: (StepTarget | null)[] | ((T: number) => (StepTarget | null)[]),
  options: SequenceOptions,
  known: readonly string[] = SEQUENCE_OPTIONS,
  nameOf?: (t: number) => string,
): SequenceResult {
  checkOptions(where, options, known);
  const opts = options ?? {};
  const loss = opts.loss ?? "mse";
  checkOneOf("loss", loss, LOSSES);
  const cell = cellOf(opts.cell, opts.activation);
  const p = checkedParams(cell, params);
  const seq = toSequence(xs, p.Wx.rows);
  const ts = typeof targets === "function" ? targets(seq.length) : targets;
  checkTargets(ts, seq.length);
  return sequenceLoss(cell, p, seq, ts, loss, statesOf(cell, opts, seq[0].rows, p.Wh.rows), !!opts.perStep, nameOf);
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
  return objective("manyToMany", params, xs, targets, options);
}

/**
 * Read the whole sequence, predict once: the loss is on the last output ŷ_{T−1} only.
 *
 * @example
 * const r = manyToOne(p, xs, y);            // regression, y n×k
 * const c = manyToOne(p, xs, labels, { loss: "crossEntropy" }); // classification
 */
export function manyToOne(params: AnyParams, xs: SequenceLike, target: StepTarget, options: SequenceOptions = {}): SequenceResult {
  return objective(
    "manyToOne",
    params,
    xs,
    (T) => [...new Array<null>(T - 1).fill(null), target],
    options,
    SEQUENCE_OPTIONS,
    () => "target",
  );
}

/**
 * Read once, write T times: x (n×d) is the input at step 0 and the inputs after it are zero;
 * `targets` has one entry per output step (null to skip).
 */
export function oneToMany(params: AnyParams, x: MatrixLike, targets: (StepTarget | null)[], options: SequenceOptions = {}): SequenceResult {
  const x0 = asMatrix(x, "x");
  if (!Array.isArray(targets) || targets.length === 0) {
    throw new ValueError(`targets: expected an array with one entry per output step (null where no loss), got ${describeValue(targets)}`);
  }
  const xs = Array.from(targets, (_, t) => (t === 0 ? x0 : new Matrix(x0.rows, x0.cols)));
  return objective("oneToMany", params, xs, targets, options);
}

export interface EncoderDecoderResult {
  loss: number;
  grads: { encoder: CellParams; decoder: CellParams };
  encoder: SequenceResult;
  decoder: SequenceResult;
}

/** What `encoderDecoder` takes besides its sequences. */
export type EncoderDecoderOptions = Pick<SequenceOptions, "loss" | "cell" | "activation" | "perStep">;

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
  options: EncoderDecoderOptions = {},
): EncoderDecoderResult {
  checkOptions("encoderDecoder", options, ["loss", "cell", "activation", "perStep"]);
  const opts = options ?? {};
  if (params === null || typeof params !== "object") {
    throw new ValueError(`params: expected { encoder, decoder }, each { Wx, Wh, bh, Wo, bo }, got ${describeValue(params)}`);
  }
  const loss = opts.loss ?? "mse";
  checkOneOf("loss", loss, LOSSES);
  const cell = cellOf(opts.cell, opts.activation);
  const enc = checkedParams(cell, params.encoder),
    dec = checkedParams(cell, params.decoder);
  if (enc.Wh.rows !== dec.Wh.rows) {
    throw new ShapeError(`encoder and decoder must share the hidden size h, got ${enc.Wh.rows} and ${dec.Wh.rows}`);
  }
  const encSeq = toSequence(xs, enc.Wx.rows),
    decSeq = toSequence(decoderInputs, dec.Wx.rows, "decoderInputs");
  if (decSeq[0].rows !== encSeq[0].rows) {
    throw new ShapeError(`decoderInputs: expected n = ${encSeq[0].rows} rows per step like xs, got ${decSeq[0].rows}`);
  }
  checkTargets(targets, decSeq.length);
  const encFwd = unroll(cell, enc, encSeq);
  const last = encSeq.length - 1;
  const decoder = sequenceLoss(cell, dec, decSeq, targets, loss, { h0: encFwd.H[last], c0: encFwd.C[last] }, !!opts.perStep);
  // The encoder has no loss of its own: its only gradient is what the decoder sends back into h_{T−1} (and c_{T−1}).
  const back = bptt(
    enc,
    encFwd,
    encFwd.H.map(() => null),
    { dhLast: decoder.dh0, dcLast: decoder.dc0 ?? undefined, perStep: !!opts.perStep },
  );
  const encoder: SequenceResult = { loss: 0, H: encFwd.H, C: encFwd.C, yHat: encFwd.yHat, ...back };
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
  options: { cell?: CellName | Cell | null; activation?: ActivationName | null } = {},
): { loss: number; grads: CellParams; H: Matrix[]; C: Matrix[]; yHat: Matrix } {
  const r = objective(
    "manyToOneMSE",
    params,
    X,
    (T) => [...new Array<null>(T - 1).fill(null), y],
    options,
    ["cell", "activation"],
    () => "y",
  );
  return { loss: r.loss, grads: r.grads, H: r.H, C: r.C, yHat: r.yHat[r.yHat.length - 1] };
}
