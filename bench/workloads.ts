/**
 * The two benchmark workloads, generated from fixed seeds so every implementation trains the same
 * network on the same data, and the timing loop they all share.
 */
import { initParams, Matrix, Random } from "../lib";

/** Plain-array form of a workload, handed to every peer (and to the PyTorch script as JSON). */
export interface Workload {
  name: string;
  /** what one step is, for the table */
  label: string;
  T: number;
  n: number;
  d: number;
  h: number;
  k: number;
  params: { Wx: number[][]; Wh: number[][]; bh: number[][]; Wo: number[][]; bo: number[][] };
  optimizer: { name: "sgd" | "adagrad"; lr: number; clipNorm?: number };
  /** regression: X is T × n × d and y is n × k (loss on the last step only) */
  X?: number[][][];
  y?: number[][];
  /** language model: ids[t] is the input character at step t, next[t] the target (loss at every step) */
  ids?: number[];
  next?: number[];
}

/** Workload 1: the tutorial's four-step regression, T = 4, n = 32, d = 2, h = 8, k = 1, SGD. */
export function regression(): Workload {
  const T = 4,
    n = 32,
    d = 2,
    h = 8,
    k = 1;
  const rng = new Random(1);
  const p = initParams({ inputSize: d, hiddenSize: h, outputSize: k }, 11);
  const X = Array.from({ length: T }, () => Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal())));
  // a target the network can learn: the sum over steps of x_t·[1, −0.5]
  const y = Array.from({ length: n }, (_, i) => [X.reduce((s, x) => s + x[i][0] - 0.5 * x[i][1], 0)]);
  return {
    name: "regression",
    label: "4-step regression (T=4, n=32, d=2, h=8, k=1, SGD)",
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

/** Workload 2: a character-level language-model step, T = 25, one-hot V = 64, h = 128, batch 1, Adagrad, clipping. */
export function charLM(): Workload {
  const T = 25,
    V = 64,
    h = 128;
  const rng = new Random(2);
  const stream = Array.from({ length: T + 1 }, () => rng.int(V));
  const p = initParams({ inputSize: V, hiddenSize: h, outputSize: V }, 22);
  return {
    name: "charLM",
    label: "char-LM (T=25, one-hot V=64, h=128, batch 1, softmax CE, Adagrad + clip 5)",
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

function asArrays(p: Record<"Wx" | "Wh" | "bh" | "Wo" | "bo", Matrix>): Workload["params"] {
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
export function jsRunner(name: string, make: (w: Workload) => Step): Runner {
  const steps = new Map<string, Step>();
  return {
    name,
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
