/**
 * The benchmark workloads, generated from fixed seeds so every implementation trains the same network
 * on the same data, and the timing loop they all share. W1 and W2 are Elman networks, W3 and W4 LSTMs.
 */
import { CellParams, initParams, Random } from "../lib";

/** Plain-array form of a workload, handed to every peer (and to the PyTorch script as JSON). */
export interface Workload {
  /** "W1" … "W4" */
  id: string;
  name: string;
  /** what one step is, for the table */
  label: string;
  /** the recurrent cell: the LSTM's parameters are in blocks [i | f | g | o] (Wx d×4h, Wh h×4h, bh 1×4h) */
  cell: "elman" | "lstm";
  T: number;
  n: number;
  d: number;
  h: number;
  k: number;
  params: Record<"Wx" | "Wh" | "bh" | "Wo" | "bo", number[][]>;
  optimizer: { name: "sgd" | "adagrad"; lr: number; clipNorm?: number };
  /** regression: X is T × n × d and y is n × k (loss on the last step only) */
  X?: number[][][];
  y?: number[][];
  /** language model: ids[t] is the input character at step t, next[t] the target (loss at every step) */
  ids?: number[];
  next?: number[];
}

/** A regression step: X T×n×d of normal noise, y the tanh of a fixed linear readout of every step, MSE on the last step, SGD. */
function regressionWorkload(
  id: string,
  cell: Workload["cell"],
  T: number,
  n: number,
  d: number,
  h: number,
  seeds: [number, number],
): Workload {
  const k = 1;
  const rng = new Random(seeds[0]); // the data
  const p = initParams({ cell, inputSize: d, hiddenSize: h, outputSize: k }, seeds[1]);
  const X = Array.from({ length: T }, () => Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal())));
  // a target the network can learn: the sum over steps of x_t·[1, −0.5] (squashed by tanh for the LSTM's long sum)
  const sum = (i: number) => X.reduce((s, x) => s + x[i][0] - 0.5 * x[i][1], 0);
  const y = Array.from({ length: n }, (_, i) => [cell === "elman" ? sum(i) : Math.tanh(sum(i))]);
  const what = cell === "elman" ? `${T}-step regression` : "LSTM regression step";
  return {
    id,
    name: cell === "elman" ? "regression" : "lstm",
    label: `${what} (T=${T}, n=${n}, d=${d}, h=${h}, k=${k}, MSE, SGD)`,
    cell,
    T,
    n,
    d,
    h,
    k,
    params: asArrays(p),
    optimizer: { name: "sgd", lr: 0.01 },
    X,
    y,
  };
}

/** A character-level language-model step: T = 25, one-hot V = 64, h = 128, batch 1, softmax CE, Adagrad, clipping. */
function charLMWorkload(id: string, cell: Workload["cell"], seeds: [number, number]): Workload {
  const T = 25,
    V = 64,
    h = 128;
  const rng = new Random(seeds[0]); // the text
  const stream = Array.from({ length: T + 1 }, () => rng.int(V));
  const p = initParams({ cell, inputSize: V, hiddenSize: h, outputSize: V }, seeds[1]);
  return {
    id,
    name: cell === "elman" ? "charLM" : "lstmCharLM",
    label: `${cell === "elman" ? "char-LM" : "LSTM char-LM"} (T=${T}, one-hot V=${V}, h=${h}, batch 1, softmax CE, Adagrad + clip 5)`,
    cell,
    T,
    n: 1,
    d: V,
    h,
    k: V,
    params: asArrays(p),
    optimizer: { name: "adagrad", lr: 0.1, clipNorm: 5 },
    ids: stream.slice(0, T),
    next: stream.slice(1),
  };
}

/** W1: the tutorial's four-step regression, T = 4, n = 32, d = 2, h = 8, k = 1, SGD. */
export const regression = (): Workload => regressionWorkload("W1", "elman", 4, 32, 2, 8, [1, 11]);

/** W2: a character-level language-model step with the Elman cell. */
export const charLM = (): Workload => charLMWorkload("W2", "elman", [2, 22]);

/** W3: one LSTM training step, T = 25, n = 16, d = 8, h = 64, k = 1, MSE on the last output, SGD. */
export const lstmStep = (): Workload => regressionWorkload("W3", "lstm", 25, 16, 8, 64, [3, 33]);

/** W4: W2 with an LSTM. */
export const lstmCharLM = (): Workload => charLMWorkload("W4", "lstm", [4, 44]);

function asArrays(p: CellParams): Workload["params"] {
  return { Wx: p.Wx.toArray(), Wh: p.Wh.toArray(), bh: p.bh.toArray(), Wo: p.Wo.toArray(), bo: p.bo.toArray() };
}

/** A training step: updates its own copy of the parameters and returns the loss before the update. */
export type Step = () => number;

/** One timed round: how many steps ran in how many seconds. */
export interface Round {
  steps: number;
  seconds: number;
}

/** An implementation under test, driven round by round so that every peer meets the same load. */
export interface Runner {
  name: string;
  /** builds its step for `w`, runs the first step (returning its loss) and warms up */
  prepare(w: Workload): Promise<number>;
  /** runs steps of the prepared workload for about `seconds` */
  round(w: Workload, seconds: number): Promise<Round>;
  /** whether it implements `w` (default: every workload) */
  supports?(w: Workload): boolean;
  close?(): void;
}

/** Runs `step` for about `seconds` (at least 2 steps). */
export function timeSteps(step: Step, seconds: number): Round {
  let steps = 0,
    elapsed = 0;
  const start = performance.now();
  while (elapsed < seconds * 1000 || steps < 2) {
    step();
    steps++;
    elapsed = performance.now() - start;
  }
  return { steps, seconds: elapsed / 1000 };
}

/** A Runner for an in-process implementation: `make(w)` returns its training step. */
export function jsRunner(name: string, make: (w: Workload) => Step, supports?: (w: Workload) => boolean): Runner {
  const steps = new Map<string, Step>();
  return {
    name,
    supports,
    async prepare(w) {
      const step = make(w);
      steps.set(w.name, step);
      const firstLoss = step();
      timeSteps(step, 0.3); // warm-up: lets the JIT compile the hot path
      return firstLoss;
    },
    async round(w, seconds) {
      return timeSteps(steps.get(w.name)!, seconds);
    },
  };
}
