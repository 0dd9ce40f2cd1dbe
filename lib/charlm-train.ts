/**
 * Training the character-level language model (charlm.ts): truncated BPTT on n parallel streams of a
 * text, softmax cross-entropy at every step, global-norm clipping, Adam or Adagrad.
 */
import { Cell } from "./cells/cell";
import { initParams } from "./cells/params";
import { CellName, cellOf } from "./cells/registry";
import { CharLM } from "./charlm";
import { checkFunction, checkOneOf, checkOptions, checkPositive, checkPositiveInt, checkString } from "./check";
import { describeValue, ShapeError, TrainingDivergedError, ValueError } from "./errors";
import { clipByGlobalNorm, optimizer } from "./optim";
import { CarriedState } from "./tbptt";
import { oneHotWindow, Vocabulary } from "./vocabulary";

/** Hyperparameters of `trainCharLM`; each default is what the notebook's budget was tuned with. */
export interface TrainCharLMOptions {
  /** training text */
  text: string;
  /** vocabulary (default: built from `text`; pass one built from the whole corpus to score held-out text) */
  vocab?: Vocabulary;
  /** the recurrent cell: "elman" (default), "lstm", "gru" or a cell of your own */
  cell?: CellName | Cell | null;
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
 * Trains a character-level RNN (of `options.cell`) on `text` with truncated BPTT: n streams start at evenly spaced
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
const TRAIN_CHAR_LM_OPTIONS = [
  ...["text", "vocab", "cell", "hiddenSize", "seqLength", "batchSize", "steps"],
  ...["optimizer", "lr", "clipNorm", "seed", "onProgress", "progressEvery"],
];

export function trainCharLM(options: TrainCharLMOptions): CharLM {
  if (options === null || typeof options !== "object") {
    throw new ValueError(`trainCharLM: options is ${describeValue(options)}, expected { text, steps, … }`);
  }
  checkOptions("trainCharLM", options, TRAIN_CHAR_LM_OPTIONS);
  const { text, steps } = options;
  checkString("text", text);
  if (options.vocab != null && !(options.vocab instanceof Vocabulary)) {
    throw new ValueError(`vocab is ${describeValue(options.vocab)}, expected a Vocabulary`);
  }
  const vocab = options.vocab ?? new Vocabulary(text);
  const cell = cellOf(options.cell);
  const h = options.hiddenSize ?? 64,
    T = options.seqLength ?? 25,
    n = options.batchSize ?? 16;
  const optName = options.optimizer ?? "adam";
  checkOneOf("optimizer (trainCharLM takes adam or adagrad)", optName, ["adam", "adagrad"] as const);
  const lr = options.lr ?? (optName === "adam" ? 0.005 : 0.1);
  const clipNorm = options.clipNorm ?? 5,
    every = options.progressEvery ?? 50;
  checkPositiveInt("steps", steps);
  checkPositiveInt("hiddenSize", h);
  checkPositiveInt("seqLength", T);
  checkPositiveInt("batchSize", n);
  checkPositiveInt("progressEvery", every);
  checkPositive("clipNorm", clipNorm);
  if (options.onProgress != null) checkFunction("onProgress", options.onProgress, "(info) => void");
  const ids = vocab.encode(text);
  const slice = Math.floor((ids.length - 1) / n); // characters each stream owns
  if (slice < T + 1) {
    throw new ShapeError(
      `text of ${ids.length} characters is too short for batchSize ${n} × seqLength ${T}: each stream needs at least T + 1 = ${T + 1}`,
    );
  }
  const sizes = { cell, inputSize: vocab.size, hiddenSize: h, outputSize: vocab.size };
  const model = new CharLM(vocab, initParams(sizes, options.seed ?? 0), { cell });
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
    const r = stream.window(model.params, xs, targets, { loss: "crossEntropy", cell });
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
