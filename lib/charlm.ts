/**
 * A character-level language model: an Elman RNN reads one-hot characters and predicts the next one
 * (softmax over the vocabulary), trained by truncated BPTT on parallel streams of a text. It is scored
 * like any LanguageModel (bigram.ts): mean log-likelihood per character and perplexity.
 */
import { checkScorable, LanguageModel } from "./bigram";
import { checkPositive, checkPositiveInt } from "./check";
import { describeValue, ShapeError, TrainingDivergedError, ValueError } from "./errors";
import { clipByGlobalNorm, optimizer } from "./optim";
import { Random } from "./random";
import { initParams, Params, ParamsLike, toParams } from "./rnn";
import { CarriedState } from "./tbptt";
import { oneHotWindow, Vocabulary } from "./text";

/** What `CharLM.run` records along a text. */
export interface CharLMTrace {
  /** H[t] = h_t after reading character t (h values) */
  H: Float64Array[];
  /** probs[t] = p(c_{t+1} | c_0 … c_t), V values */
  probs: Float64Array[];
  /** logProbs[t] = log p(c_{t+1} | …) of the character that actually follows (N − 1 values) */
  logProbs: number[];
}

/** Options of `CharLM.sample`. */
export interface SampleOptions {
  /** text to read first (its last character starts the generation); default: one character drawn from the vocabulary */
  prompt?: string;
  /** characters to generate after the prompt */
  length: number;
  /** softmax temperature τ > 0: p ∝ exp(logit / τ); below 1 is more conservative, above 1 more adventurous (default 1) */
  temperature?: number;
  /** seed of the sampler's Random (default 0) */
  seed?: number;
}

/**
 * A trained character-level RNN: parameters { Wx V×h, Wh h×h, bh 1×h, Wo h×V, bo 1×V } and its vocabulary.
 * Reading a character c is x_t = onehot(c), so x_t W_x is simply row c of W_x.
 */
export class CharLM implements LanguageModel {
  /** the parameters (converted and checked: finite, consistent shapes); training updates them in place */
  readonly params: Params;

  constructor(
    readonly vocab: Vocabulary,
    paramsIn: Params | ParamsLike,
  ) {
    if (!(vocab instanceof Vocabulary)) throw new ValueError(`CharLM: vocab is ${describeValue(vocab)}, expected a Vocabulary`);
    const params = (this.params = toParams(paramsIn));
    if (params.Wx.rows !== vocab.size || params.Wo.cols !== vocab.size) {
      throw new ShapeError(`CharLM: Wx must be V×h and Wo h×V with V = ${vocab.size}, got Wx ${params.Wx.shape} and Wo ${params.Wo.shape}`);
    }
  }

  /** h, the number of hidden units. */
  get hiddenSize(): number {
    return this.params.Wh.rows;
  }

  /**
   * One step of inference on a single stream, in place: h ← tanh(b_h + W_x[c] + h W_h), then
   * logits = b_o + h W_o (written to `logits`). Returns the new h.
   */
  step(h: Float64Array, c: number, logits: Float64Array): Float64Array {
    const { Wx, Wh, bh, Wo, bo } = this.params;
    const H = Wh.rows,
      V = Wo.cols;
    if (!Number.isInteger(c) || c < 0 || c >= V) throw new ValueError(`step: character id ${describeValue(c)} is not in [0, ${V - 1}]`);
    if (!(h instanceof Float64Array)) throw new ValueError(`step: h is ${describeValue(h)}, expected a Float64Array of ${H}`);
    if (h.length !== H) throw new ShapeError(`step: h has ${h.length} values, expected the hidden size ${H}`);
    const z = new Float64Array(H);
    for (let j = 0; j < H; j++) z[j] = bh.data[j] + Wx.data[c * H + j];
    for (let i = 0; i < H; i++) {
      const hi = h[i];
      if (hi === 0) continue;
      for (let j = 0; j < H; j++) z[j] += hi * Wh.data[i * H + j];
    }
    for (let j = 0; j < H; j++) z[j] = Math.tanh(z[j]);
    logits.set(bo.data);
    for (let i = 0; i < H; i++) {
      const zi = z[i];
      for (let j = 0; j < V; j++) logits[j] += zi * Wo.data[i * V + j];
    }
    return z;
  }

  /**
   * Reads `text` from h = 0 and records every state, every next-character distribution and the
   * log-probability of each character that actually follows.
   *
   * @example
   * const { H, probs } = model.run("O defunto autor"); // H: 15 states of h values
   */
  run(text: string, options: { keep?: boolean } = {}): CharLMTrace {
    const ids = this.vocab.encode(text);
    const keep = options.keep ?? true;
    const V = this.vocab.size;
    let h: Float64Array = new Float64Array(this.hiddenSize);
    const logits = new Float64Array(V);
    const trace: CharLMTrace = { H: [], probs: [], logProbs: [] };
    for (let t = 0; t < ids.length; t++) {
      h = this.step(h, ids[t], logits);
      const p = softmaxInPlace(checkLogits(logits, t), 1);
      if (keep) {
        trace.H.push(h);
        trace.probs.push(p.slice());
      }
      if (t + 1 < ids.length) trace.logProbs.push(Math.log(p[ids[t + 1]]));
    }
    return trace;
  }

  logLikelihood(text: string): number {
    checkScorable(text, this.vocab);
    const { logProbs } = this.run(text, { keep: false });
    return logProbs.reduce((s, v) => s + v, 0) / logProbs.length;
  }

  /**
   * Generates text: reads the prompt, then repeatedly draws the next character from softmax(logits/τ)
   * and feeds it back. Returns only the generated characters (not the prompt).
   *
   * @example
   * model.sample({ prompt: "Marcela ", length: 80, temperature: 0.7, seed: 1 });
   */
  sample(options: SampleOptions): string {
    const { length } = options;
    const temperature = options.temperature ?? 1;
    checkPositiveInt("length", length);
    checkPositive("temperature", temperature);
    const rng = new Random(options.seed ?? 0);
    const prompt = options.prompt ?? this.vocab.char(rng.int(this.vocab.size));
    if (typeof prompt !== "string" || prompt.length === 0) {
      throw new ValueError(`prompt must be a non-empty string (or omitted), got ${describeValue(prompt)}`);
    }
    const ids = this.vocab.encode(prompt);
    let h: Float64Array = new Float64Array(this.hiddenSize);
    const logits = new Float64Array(this.vocab.size);
    for (const c of ids) h = this.step(h, c, logits);
    let out = "";
    for (let i = 0; i < length; i++) {
      const c = rng.categorical(softmaxInPlace(checkLogits(logits, i), temperature));
      out += this.vocab.chars[c];
      h = this.step(h, c, logits);
    }
    return out;
  }
}

/** Throws unless every logit is finite: NaN parameters would otherwise sample one character forever. */
function checkLogits(logits: Float64Array, t: number): Float64Array {
  let probe = 0;
  for (let j = 0; j < logits.length; j++) probe += logits[j] * 0; // 0 unless some logit is NaN or ±Infinity
  if (probe !== 0) throw new ValueError(`CharLM: the logits of step ${t} are not finite: the parameters hold NaN or ±Infinity`);
  return logits;
}

/** softmax(z/τ) written over z (stable: the maximum is subtracted first). */
function softmaxInPlace(z: Float64Array, temperature: number): Float64Array {
  let max = -Infinity,
    sum = 0;
  for (const v of z) max = Math.max(max, v);
  for (let j = 0; j < z.length; j++) sum += z[j] = Math.exp((z[j] - max) / temperature);
  for (let j = 0; j < z.length; j++) z[j] /= sum;
  return z;
}

/** Hyperparameters of `trainCharLM`; each default is what the notebook's budget was tuned with. */
export interface TrainCharLMOptions {
  /** training text */
  text: string;
  /** vocabulary (default: built from `text`; pass one built from the whole corpus to score held-out text) */
  vocab?: Vocabulary;
  /** h, hidden units (default 64) */
  hiddenSize?: number;
  /** T, characters per truncated-BPTT window (default 25) */
  seqLength?: number;
  /** n, parallel streams, each reading its own contiguous slice of the text (default 16) */
  batchSize?: number;
  /** number of parameter updates */
  steps: number;
  /** "adam" (default) or "adagrad" */
  optimizer?: "adam" | "adagrad";
  /** learning rate (default 0.005 for Adam, 0.1 for Adagrad) */
  lr?: number;
  /** clip the global gradient norm to this (default 5) */
  clipNorm?: number;
  /** seed of the initial parameters (default 0) */
  seed?: number;
  /** called every `progressEvery` steps and after the last one */
  onProgress?: (info: CharLMProgress) => void;
  /** default 50 */
  progressEvery?: number;
}

/** What `onProgress` receives. */
export interface CharLMProgress {
  step: number;
  steps: number;
  /** this window's mean cross-entropy per character, nats */
  loss: number;
  /** exponential moving average of the loss (0.98 old + 0.02 new), starting from log V */
  smoothLoss: number;
  /** global gradient norm before clipping */
  gradNorm: number;
  /** training characters processed per second so far */
  charsPerSecond: number;
  seconds: number;
  /** the model being trained (its parameters are updated in place): score or sample it mid-training */
  model: CharLM;
}

/**
 * Trains a character-level RNN on `text` with truncated BPTT: n streams start at evenly spaced
 * offsets, each window of T characters begins from the state the previous window ended in
 * (`CarriedState`), the loss is softmax cross-entropy at every step, the gradient's global norm is
 * clipped, then Adam or Adagrad updates the parameters. When the streams reach the end of their
 * slices they wrap to the start and the state is reset. Deterministic for a given seed.
 *
 * @example
 * const model = trainCharLM({ text: train, vocab, hiddenSize: 64, seqLength: 25, steps: 500, seed: 1 });
 * perplexity(model, heldOut);
 * model.sample({ prompt: "Virgília", length: 100, temperature: 0.8 });
 */
export function trainCharLM(options: TrainCharLMOptions): CharLM {
  const { text, steps } = options;
  const vocab = options.vocab ?? new Vocabulary(text);
  const h = options.hiddenSize ?? 64,
    T = options.seqLength ?? 25,
    n = options.batchSize ?? 16;
  const optName = options.optimizer ?? "adam";
  const lr = options.lr ?? (optName === "adam" ? 0.005 : 0.1);
  const clipNorm = options.clipNorm ?? 5,
    every = options.progressEvery ?? 50;
  checkPositiveInt("steps", steps);
  checkPositiveInt("hiddenSize", h);
  checkPositiveInt("seqLength", T);
  checkPositiveInt("batchSize", n);
  checkPositiveInt("progressEvery", every);
  const ids = vocab.encode(text);
  const slice = Math.floor((ids.length - 1) / n); // characters each stream owns
  if (slice < T + 1) {
    throw new ShapeError(
      `text of ${ids.length} characters is too short for batchSize ${n} × seqLength ${T}: each stream needs at least T + 1 = ${T + 1}`,
    );
  }
  const model = new CharLM(vocab, initParams({ inputSize: vocab.size, hiddenSize: h, outputSize: vocab.size }, options.seed ?? 0));
  const opt = optimizer(optName, { lr });
  const stream = new CarriedState();
  let offset = 0,
    smoothLoss = Math.log(vocab.size);
  const started = performance.now();
  for (let step = 1; step <= steps; step++) {
    if (offset + T + 1 > slice) {
      offset = 0; // wrapped: the state no longer continues the text it read
      stream.reset();
    }
    const starts = Array.from({ length: n }, (_, r) => r * slice + offset);
    const { xs, targets } = oneHotWindow(ids, vocab.size, starts, T);
    const r = stream.window(model.params, xs, targets, { loss: "crossEntropy" });
    const gradNorm = clipByGlobalNorm(r.grads, clipNorm);
    if (!Number.isFinite(r.loss) || !Number.isFinite(gradNorm)) {
      throw new TrainingDivergedError({
        where: "trainCharLM",
        step,
        value: Number.isFinite(r.loss) ? gradNorm : r.loss,
        advice: `Try a smaller learning rate (lr, now ${lr}) or a smaller clipNorm (now ${clipNorm}).`,
      });
    }
    opt.step(model.params, r.grads);
    offset += T;
    smoothLoss = 0.98 * smoothLoss + 0.02 * r.loss;
    if (step % every === 0 || step === steps) {
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.({ step, steps, loss: r.loss, smoothLoss, gradNorm, charsPerSecond: (step * n * T) / seconds, seconds, model });
    }
  }
  return model;
}
