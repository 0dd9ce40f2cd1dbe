/**
 * The training loop: epochs of seeded minibatches, a validation split, clipping, early stopping, a
 * per-epoch history and callbacks for live plots. It knows nothing of RNNs: `objective` maps a
 * minibatch of example indices to a loss and gradients, so every sequence shape trains the same way.
 */
import { checkFunction, checkOptions, checkPositive, checkPositiveInt, checkRange } from "./check";
import { describeValue, TrainingDivergedError, ValueError } from "./errors";
import { clipByGlobalNorm, clipByValue, globalNorm, Optimizer, optimizer as makeOptimizer, OptimizerName, OptimizerOptions } from "./optim";
import { leaves, ParamTree } from "./param-tree";
import { Random } from "./random";

export interface StepInfo {
  epoch: number;
  /** minibatch index within the epoch */
  step: number;
  stepsPerEpoch: number;
  loss: number;
  /** global gradient norm before clipping */
  gradNorm: number;
}

export interface EpochInfo {
  epoch: number;
  epochs: number;
  trainLoss: number;
  /** NaN without a validation split */
  valLoss: number;
  gradNorm: number;
  history: History;
}

/** One entry per finished epoch. */
export interface History {
  trainLoss: number[];
  valLoss: number[];
  gradNorm: number[];
  /** epoch (0-based) with the lowest validation loss (training loss without validation) */
  bestEpoch: number;
  stoppedEarly: boolean;
}

/** Settings of `train`; only `params`, `size` and `objective` are required. */
export interface TrainOptions<P extends ParamTree> {
  /** the parameters, updated in place */
  params: P;
  /** number of examples, indexed 0 … size−1 */
  size: number;
  /** mean loss and gradients over the examples `indices` */
  objective: (params: P, indices: number[]) => { loss: number; grads: ParamTree };
  /** validation loss over `indices` (default: the objective's loss) */
  evaluate?: (params: P, indices: number[]) => number;
  /** passes over the training examples (default 20) */
  epochs?: number;
  /** examples per step (default 32, or all if fewer) */
  batchSize?: number;
  /** an optimiser, or its name with `optimizerOptions` (default "adam") */
  optimizer?: Optimizer | OptimizerName;
  optimizerOptions?: OptimizerOptions;
  /** seed of the shuffling (default 0) */
  seed?: number;
  /** fraction in [0, 1) of examples held out for validation: the *last* ones, so time order is kept (default 0) */
  validationSplit?: number;
  /** clip the global gradient norm to this (default: no clipping) */
  clipNorm?: number;
  /** clip each gradient entry to ±this (default: no clipping) */
  clipValue?: number;
  /** stop when validation loss has not improved by `minDelta` for `patience` epochs; best params restored */
  earlyStopping?: { patience: number; minDelta?: number };
  onStep?: (info: StepInfo) => void;
  /** return "stop" to end training after this epoch */
  onEpoch?: (info: EpochInfo) => void | "stop";
}

const TRAIN_OPTIONS = [
  ...["params", "size", "objective", "evaluate", "epochs", "batchSize", "optimizer", "optimizerOptions", "seed"],
  ...["validationSplit", "clipNorm", "clipValue", "earlyStopping", "onStep", "onEpoch"],
];

/** The error `train` throws when the loss or the gradient stops being finite. */
function diverged(epoch: number, step: number, value: number, lr: number): TrainingDivergedError {
  return new TrainingDivergedError({
    where: "training",
    epoch,
    step,
    value,
    advice: `Try a smaller learning rate (now ${lr}) or gradient clipping (clipNorm, e.g. 5).`,
  });
}

/** The objective's result, checked: `{ loss, grads }` with a number loss (NaN is divergence, caught later). */
function checkResult(r: unknown, what: string): { loss: number; grads: ParamTree } {
  if (r === null || typeof r !== "object") throw new ValueError(`${what} returned ${describeValue(r)}, expected { loss: number, grads }`);
  const { loss, grads } = r as { loss: unknown; grads: unknown };
  if (typeof loss !== "number") throw new ValueError(`${what} returned loss ${describeValue(loss)}, expected a number`);
  if (grads === null || typeof grads !== "object")
    throw new ValueError(`${what} returned grads ${describeValue(grads)}, expected a tree of matrices`);
  return { loss, grads: grads as ParamTree };
}

/** The sizes `train` works with, from its options: each checked, with its default. */
interface Plan {
  epochs: number;
  nTrain: number;
  nVal: number;
  batchSize: number;
  stepsPerEpoch: number;
  /** early stopping's patience, or undefined without early stopping */
  patience: number | undefined;
  minDelta: number;
}

/** Reads and checks the sizes of `options` (refusing "8" or null rather than coercing them). */
function planOf<P extends ParamTree>(options: TrainOptions<P>): Plan {
  if (options === null || typeof options !== "object") {
    throw new ValueError(`train: options is ${describeValue(options)}, expected { params, size, objective, … }`);
  }
  checkOptions("train", options, TRAIN_OPTIONS);
  checkFunction("objective", options.objective, "(params, indices) => { loss, grads }");
  for (const name of ["evaluate", "onStep", "onEpoch"] as const) {
    if (options[name] != null) checkFunction(name, options[name], name === "evaluate" ? "(params, indices) => number" : "(info) => void");
  }
  checkOptions("train's earlyStopping", options.earlyStopping, ["patience", "minDelta"], "settings");
  const { size } = options;
  checkPositiveInt("size (number of examples)", size);
  const epochs = options.epochs ?? 20;
  checkPositiveInt("epochs", epochs);
  const split = options.validationSplit ?? 0;
  checkRange("validationSplit", split, 0, 1);
  const nVal = Math.floor(size * split),
    nTrain = size - nVal;
  checkPositiveInt("batchSize", options.batchSize ?? 32); // before the min, which would turn "8" into 8 and null into 0
  const batchSize = Math.min(options.batchSize ?? 32, nTrain);
  if (options.clipNorm != null) checkPositive("clipNorm", options.clipNorm);
  if (options.clipValue != null) checkPositive("clipValue", options.clipValue);
  const patience = options.earlyStopping?.patience ?? undefined;
  if (patience !== undefined) checkPositiveInt("earlyStopping.patience", patience);
  const minDelta = options.earlyStopping?.minDelta ?? 0;
  if (typeof minDelta !== "number" || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new ValueError(`earlyStopping.minDelta must be a finite number ≥ 0, got ${describeValue(minDelta)}`);
  }
  return { epochs, nTrain, nVal, batchSize, stepsPerEpoch: Math.ceil(nTrain / batchSize), patience, minDelta };
}

/**
 * One pass over the (already shuffled) training indices in minibatches: objective, divergence check,
 * clipping, optimiser step. Returns the epoch's mean loss per example and mean gradient norm per step.
 */
function runEpoch<P extends ParamTree>(
  options: TrainOptions<P>,
  plan: Plan,
  opt: Optimizer,
  trainIdx: number[],
  epoch: number,
): { trainLoss: number; gradNorm: number } {
  const { params, objective } = options;
  const { batchSize, stepsPerEpoch } = plan;
  let lossSum = 0,
    normSum = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const batch = trainIdx.slice(step * batchSize, (step + 1) * batchSize);
    const { loss, grads } = checkResult(objective(params, batch), "objective(params, batch)");
    const gradNorm = globalNorm(grads);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      throw diverged(epoch, step, Number.isFinite(loss) ? gradNorm : loss, opt.lr);
    }
    if (options.clipNorm != null) clipByGlobalNorm(grads, options.clipNorm);
    if (options.clipValue != null) clipByValue(grads, options.clipValue);
    opt.step(params, grads);
    lossSum += loss * batch.length;
    normSum += gradNorm;
    options.onStep?.({ epoch, step, stepsPerEpoch, loss, gradNorm });
  }
  return { trainLoss: lossSum / plan.nTrain, gradNorm: normSum / stepsPerEpoch };
}

/**
 * The best epoch so far by the monitored loss (improving means falling by more than `minDelta`), with a
 * copy of its parameters when early stopping may need to restore them.
 */
class BestEpoch {
  private best = Infinity;
  private saved: Float64Array[] | null = null;
  /** epochs since the last improvement */
  sinceBest = 0;

  constructor(
    private readonly params: ParamTree,
    private readonly minDelta: number,
    private readonly keepParams: boolean,
  ) {}

  /** Records an epoch's monitored loss; returns true if it is the new best. */
  observe(monitored: number): boolean {
    if (!(monitored < this.best - this.minDelta)) {
      this.sinceBest++;
      return false;
    }
    this.best = monitored;
    this.sinceBest = 0;
    if (this.keepParams) this.saved = leaves(this.params).map(([, m]) => m.data.slice());
    return true;
  }

  /** Writes the best epoch's parameters back. */
  restore(): void {
    leaves(this.params).forEach(([, m], i) => m.data.set(this.saved![i]));
  }
}

/** The optimiser `train` uses: one given as an object (checked to have `name`, `lr` and `step`), or made by name. */
function optimizerOf(given: Optimizer | OptimizerName | undefined, options: OptimizerOptions | undefined): Optimizer {
  if (given === null || typeof given !== "object") return makeOptimizer(given ?? "adam", options);
  if (options != null) throw new ValueError("train: optimizerOptions go with an optimizer given by name; this one was made already");
  checkFunction("optimizer.step", given.step, "(params, grads) => void");
  if (typeof given.name !== "string") throw new ValueError(`optimizer.name is ${describeValue(given.name)}, expected a string`);
  checkPositive("optimizer.lr", given.lr);
  return given;
}

/**
 * Trains `params` in place and returns the history.
 *
 * @example
 * const history = train({
 *   params, size: X.length, epochs: 50, validationSplit: 0.2,
 *   objective: (p, idx) => manyToOne(p, batchOf(idx), targetsOf(idx)),
 *   onEpoch: ({ epoch, trainLoss }) => console.log(epoch, trainLoss),
 * });
 */
export function train<P extends ParamTree>(options: TrainOptions<P>): History {
  const { params, objective } = options;
  const plan = planOf(options);
  const { epochs, nTrain, nVal, stepsPerEpoch, patience } = plan;
  leaves(params); // refuses number[][] leaves now, not after the first objective call
  const opt = optimizerOf(options.optimizer, options.optimizerOptions);
  const evaluate = options.evaluate ?? ((p: P, idx: number[]) => objective(p, idx).loss);

  const rng = new Random(options.seed ?? 0);
  const trainIdx = Array.from({ length: nTrain }, (_, i) => i);
  const valIdx = Array.from({ length: nVal }, (_, i) => nTrain + i);
  const history: History = { trainLoss: [], valLoss: [], gradNorm: [], bestEpoch: 0, stoppedEarly: false };
  const best = new BestEpoch(params, plan.minDelta, patience !== undefined);

  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(trainIdx);
    const { trainLoss, gradNorm } = runEpoch(options, plan, opt, trainIdx, epoch);
    const valLoss = nVal > 0 ? evaluate(params, valIdx) : NaN;
    if (typeof valLoss !== "number")
      throw new ValueError(`evaluate(params, validation indices) returned ${describeValue(valLoss)}, expected a number`);
    if (nVal > 0 && !Number.isFinite(valLoss)) throw diverged(epoch, stepsPerEpoch - 1, valLoss, opt.lr);
    history.trainLoss.push(trainLoss);
    history.valLoss.push(valLoss);
    history.gradNorm.push(gradNorm);
    if (best.observe(nVal > 0 ? valLoss : trainLoss)) history.bestEpoch = epoch;

    const verdict = options.onEpoch?.({ epoch, epochs, trainLoss, valLoss, gradNorm, history });
    if (patience !== undefined && best.sinceBest >= patience) {
      history.stoppedEarly = true;
      best.restore(); // the best epoch's parameters
      break;
    }
    if (verdict === "stop") break;
  }
  return history;
}
