/**
 * Optimisers (SGD with momentum, Adagrad, RMSprop, Adam) and gradient clipping. They work on any tree
 * of named matrices — one RNN's { Wx, Wh, bh, Wo, bo } or { encoder: {…}, decoder: {…} } — with the
 * gradient tree shaped the same way; per-parameter state is keyed by the parameter's path. Adam, Adagrad and
 * RMSprop update large parameters in WebAssembly (lib/kernels/dispatch.ts's fastUpdate): the same operations in
 * the same order as the loops below, so the same bits.
 */
import { checkOneOf, checkOptions, checkPositive, checkRange } from "./check";
import { fastUpdate } from "./kernels/dispatch";
import { sumOfSquares } from "./matrix";
import { leaves, pairLeaves, ParamTree } from "./param-tree";

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

/**
 * Updates parameters in place from their gradients. Any object of this shape is an optimiser `train`
 * accepts, so `name` is any string; the built-in ones are `BuiltInOptimizer`s.
 */
export interface Optimizer {
  readonly name: string;
  readonly lr: number;
  step(params: ParamTree, grads: ParamTree): void;
}

/** An optimiser made by `optimizer(name)`: its name is one of OPTIMIZERS. */
export interface BuiltInOptimizer extends Optimizer {
  readonly name: OptimizerName;
}

/** The hyperparameters with their defaults filled in, each checked. */
type Settings = Required<OptimizerOptions>;

/** The hyperparameters each optimiser reads: any other is refused, so a setting is never silently ignored. */
const SETTINGS: Record<OptimizerName, readonly (keyof OptimizerOptions)[]> = {
  sgd: ["lr", "momentum"],
  adagrad: ["lr", "eps"],
  rmsprop: ["lr", "decay", "eps"],
  adam: ["lr", "beta1", "beta2", "eps"],
};

/** `options` with defaults (lr 0.01, Adagrad 0.1; eps 1e-8; momentum 0; decay 0.9; β₁ 0.9, β₂ 0.999), checked. */
function settingsOf(name: OptimizerName, options: OptimizerOptions): Settings {
  checkOptions(`optimizer("${name}")`, options, SETTINGS[name]);
  options ??= {};
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
  return { lr, eps, momentum, decay, beta1, beta2 };
}

/**
 * One optimiser's rule: how many state arrays it keeps per parameter, and the update of parameter `p`
 * from its gradient `g` with that state, at step `t` (1, 2, …).
 */
interface UpdateRule {
  slots: number;
  update(p: Float64Array, g: Float64Array, state: Float64Array[], t: number): void;
}

/** The update rules, each under its equation. */
const RULES: Record<OptimizerName, (s: Settings) => UpdateRule> = {
  // v ← μv − η g;  θ ← θ + v  (no state for plain SGD, μ = 0)
  sgd: ({ lr, momentum }) => ({
    slots: momentum === 0 ? 0 : 1,
    update(p, g, [v]) {
      if (momentum === 0) {
        for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
        return;
      }
      for (let i = 0; i < p.length; i++) p[i] += v[i] = momentum * v[i] - lr * g[i];
    },
  }),
  // G ← G + g²;  θ ← θ − η g / (√G + ε)  (nothing changes where g = 0, e.g. rows of Wx for absent characters)
  adagrad: ({ lr, eps }) => ({
    slots: 1,
    update(p, g, [G]) {
      if (fastUpdate("adagrad", p, g, [G], [lr, eps])) return;
      for (let i = 0; i < p.length; i++) {
        if (g[i] === 0) continue;
        G[i] += g[i] * g[i];
        p[i] -= (lr * g[i]) / (Math.sqrt(G[i]) + eps);
      }
    },
  }),
  // E ← ρE + (1 − ρ) g²;  θ ← θ − η g / (√E + ε)
  rmsprop: ({ lr, eps, decay }) => ({
    slots: 1,
    update(p, g, [E]) {
      if (fastUpdate("rmsprop", p, g, [E], [decay, 1 - decay, lr, eps])) return;
      for (let i = 0; i < p.length; i++) {
        E[i] = decay * E[i] + (1 - decay) * g[i] * g[i];
        p[i] -= (lr * g[i]) / (Math.sqrt(E[i]) + eps);
      }
    },
  }),
  // m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − η m̂ / (√v̂ + ε), m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
  adam: ({ lr, eps, beta1, beta2 }) => ({
    slots: 2,
    update(p, g, [m, v], t) {
      const c1 = 1 - beta1 ** t,
        c2 = 1 - beta2 ** t;
      if (fastUpdate("adam", p, g, [m, v], [beta1, 1 - beta1, beta2, 1 - beta2, c1, c2, lr, eps])) return;
      for (let i = 0; i < p.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    },
  }),
};

/**
 * Creates an optimiser by name. Its per-parameter state is keyed by the parameter's path and created
 * on first use.
 *
 * @example
 * const opt = optimizer("adam", { lr: 0.01 });
 * opt.step(params, grads); // params updated in place
 */
export function optimizer(name: OptimizerName, options: OptimizerOptions = {}): BuiltInOptimizer {
  checkOneOf("optimizer", name, OPTIMIZERS);
  const settings = settingsOf(name, options);
  const rule = RULES[name](settings);
  const states = new Map<string, Float64Array[]>();
  let t = 0; // steps taken, for Adam's bias correction
  return {
    name,
    lr: settings.lr,
    step(params, grads) {
      t++;
      for (const [path, p, g] of pairLeaves(params, grads)) {
        let state = states.get(path);
        if (!state) states.set(path, (state = Array.from({ length: rule.slots }, () => new Float64Array(p.data.length))));
        rule.update(p.data, g.data, state, t);
      }
    },
  };
}
