/**
 * Optimisers (SGD with momentum, Adagrad, RMSprop, Adam) and gradient clipping. They work on any tree
 * of named matrices — one RNN's { Wx, Wh, bh, Wo, bo } or { encoder: {…}, decoder: {…} } — with the
 * gradient tree shaped the same way; per-parameter state is keyed by the parameter's path.
 */
import { checkOneOf, checkPositive, checkRange } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { Matrix, sumOfSquares } from "./matrix";

/**
 * Named matrices, possibly nested: { Wx, Wh, bh, Wo, bo } or { encoder: {…}, decoder: {…} }. Every leaf
 * is a Matrix: optimisers and `train` update leaves in place, which a number[][] cannot be (convert
 * one parameter set with `toParams`, or any array with `Matrix.from`, and keep the result).
 */
export type ParamTree = Matrix | { readonly [name: string]: ParamTree };

/**
 * The (path, matrix) leaves of a tree, e.g. ["encoder.Wx", …]. Throws a ValueError naming the path of
 * a leaf that is not a Matrix (a number[][] would be trained as a throwaway copy) and for a tree with
 * no matrix at all (unless `nonEmpty` is false); `what` names the tree in messages ("params", "grads").
 */
export function leaves(tree: ParamTree, what = "params", nonEmpty = true): [string, Matrix][] {
  const out: [string, Matrix][] = [];
  const walk = (node: unknown, path: string) => {
    if (node instanceof Matrix) out.push([path, node]);
    else if (node !== null && typeof node === "object" && !Array.isArray(node) && !ArrayBuffer.isView(node))
      for (const k of Object.keys(node)) walk((node as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    else {
      const where = path ? `${what}.${path}` : what;
      throw new ValueError(
        `${where} is ${describeValue(node)}, expected a Matrix (or an object of them). Parameters are updated in place, ` +
          `so convert arrays once and keep the result: params = toParams(params), or Matrix.from(array)`,
      );
    }
  };
  walk(tree, "");
  if (nonEmpty && out.length === 0) throw new ValueError(`${what} holds no Matrix, expected named matrices such as { Wx, Wh, bh, Wo, bo }`);
  return out;
}

/** Pairs each parameter with its gradient, checking that the two trees match. */
function pairs(params: ParamTree, grads: ParamTree): [string, Matrix, Matrix][] {
  const g = new Map(leaves(grads, "grads", false)); // a missing gradient is named below
  return leaves(params).map(([path, p]) => {
    const d = g.get(path);
    if (!d) throw new ShapeError(`grads.${path} is missing`);
    if (d.rows !== p.rows || d.cols !== p.cols)
      throw new ShapeError(`grads.${path} is ${d.shape}, expected ${p.shape} like params.${path}`);
    return [path, p, d];
  });
}

/** The global L2 norm √(Σ over every gradient entry of g²). */
export function globalNorm(grads: ParamTree): number {
  return Math.sqrt(leaves(grads, "grads").reduce((s, [, g]) => s + sumOfSquares(g), 0));
}

/** Rescales all gradients together so their global norm is at most `maxNorm`; returns the norm before. */
export function clipByGlobalNorm(grads: ParamTree, maxNorm: number): number {
  checkPositive("clip norm (maxNorm)", maxNorm);
  const norm = globalNorm(grads);
  if (norm > maxNorm) {
    const s = maxNorm / norm;
    for (const [, g] of leaves(grads, "grads")) for (let i = 0; i < g.data.length; i++) g.data[i] *= s;
  }
  return norm;
}

/** Clamps every gradient entry to [−maxValue, maxValue]. */
export function clipByValue(grads: ParamTree, maxValue: number): void {
  checkPositive("clip value (maxValue)", maxValue);
  for (const [, g] of leaves(grads, "grads"))
    for (let i = 0; i < g.data.length; i++) g.data[i] = Math.min(maxValue, Math.max(-maxValue, g.data[i]));
}

export const OPTIMIZERS = ["sgd", "adagrad", "rmsprop", "adam"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Hyperparameters; each optimiser reads the ones it uses. */
export interface OptimizerOptions {
  /** learning rate η (default 0.01; Adagrad 0.1) */
  lr?: number;
  /** SGD momentum μ in [0, 1) (default 0: plain SGD) */
  momentum?: number;
  /** RMSprop decay ρ in [0, 1) (default 0.9) */
  decay?: number;
  /** Adam β₁, β₂ in [0, 1) (defaults 0.9, 0.999) */
  beta1?: number;
  beta2?: number;
  /** added to denominators (default 1e-8) */
  eps?: number;
}

/** Updates parameters in place from their gradients. */
export interface Optimizer {
  readonly name: OptimizerName;
  readonly lr: number;
  step(params: ParamTree, grads: ParamTree): void;
}

/**
 * Creates an optimiser by name.
 *
 * @example
 * const opt = optimizer("adam", { lr: 0.01 });
 * opt.step(params, grads); // params updated in place
 */
export function optimizer(name: OptimizerName, options: OptimizerOptions = {}): Optimizer {
  checkOneOf("optimizer", name, OPTIMIZERS);
  const lr = options.lr ?? (name === "adagrad" ? 0.1 : 0.01);
  checkPositive("learning rate (lr)", lr);
  const eps = options.eps ?? 1e-8;
  checkPositive("eps", eps);
  const momentum = options.momentum ?? 0,
    decay = options.decay ?? 0.9;
  const beta1 = options.beta1 ?? 0.9,
    beta2 = options.beta2 ?? 0.999;
  checkRange("momentum", momentum, 0, 1);
  checkRange("decay", decay, 0, 1);
  checkRange("beta1", beta1, 0, 1);
  checkRange("beta2", beta2, 0, 1);
  const slots = new Map<string, Float64Array[]>(); // per-parameter state, created on first use
  const state = (path: string, size: number, count: number) => {
    let s = slots.get(path);
    if (!s) slots.set(path, (s = Array.from({ length: count }, () => new Float64Array(size))));
    return s;
  };
  let t = 0; // Adam's step count, for bias correction
  const update: Record<OptimizerName, (path: string, p: Float64Array, g: Float64Array) => void> = {
    // v ← μv − η g;  θ ← θ + v
    sgd: (path, p, g) => {
      if (momentum === 0) {
        for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
        return;
      }
      const [v] = state(path, p.length, 1);
      for (let i = 0; i < p.length; i++) p[i] += v[i] = momentum * v[i] - lr * g[i];
    },
    // G ← G + g²;  θ ← θ − η g / (√G + ε)  (nothing changes where g = 0, e.g. rows of Wx for absent characters)
    adagrad: (path, p, g) => {
      const [G] = state(path, p.length, 1);
      for (let i = 0; i < p.length; i++) {
        if (g[i] === 0) continue;
        G[i] += g[i] * g[i];
        p[i] -= (lr * g[i]) / (Math.sqrt(G[i]) + eps);
      }
    },
    // E ← ρE + (1 − ρ) g²;  θ ← θ − η g / (√E + ε)
    rmsprop: (path, p, g) => {
      const [E] = state(path, p.length, 1);
      for (let i = 0; i < p.length; i++) {
        E[i] = decay * E[i] + (1 - decay) * g[i] * g[i];
        p[i] -= (lr * g[i]) / (Math.sqrt(E[i]) + eps);
      }
    },
    // m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − η m̂ / (√v̂ + ε)
    adam: (path, p, g) => {
      const [m, v] = state(path, p.length, 2);
      const c1 = 1 - beta1 ** t,
        c2 = 1 - beta2 ** t;
      for (let i = 0; i < p.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    },
  };
  return {
    name,
    lr,
    step(params, grads) {
      t++;
      for (const [path, p, g] of pairs(params, grads)) update[name](path, p.data, g.data);
    },
  };
}
