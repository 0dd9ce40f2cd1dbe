/**
 * The nonlinearities: the hidden layer's φ and the gates' σ and tanh, each with its derivative written in
 * terms of the output h = φ(z), which is what the forward pass keeps, so backprop needs no stored z.
 */
import { checkOneOf } from "./check";
import { ValueError } from "./errors";
import { fastTanh } from "./kernels/dispatch";

export const ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export interface Activation {
  name: ActivationName;
  /** h = φ(z) */
  f(z: number): number;
  /** φ'(z) expressed through h = φ(z) */
  df(h: number): number;
  /** z ← φ(z) entry by entry, in place: the forward pass's loop (tanh runs in WebAssembly where it pays) */
  apply(z: Float64Array): void;
}

/** φ applied entry by entry, in place. */
const map = (f: (z: number) => number) => (z: Float64Array) => {
  for (let i = 0; i < z.length; i++) z[i] = f(z[i]);
};
const relu = (z: number) => (z > 0 ? z : 0),
  sigmoid = (z: number) => 1 / (1 + Math.exp(-z)),
  tanhLoop = map(Math.tanh);

const table: Record<ActivationName, Activation> = {
  // tanh' = 1 − tanh²
  tanh: {
    name: "tanh",
    f: Math.tanh,
    df: (h) => 1 - h * h,
    apply: (z) => {
      if (!fastTanh(z)) tanhLoop(z);
    },
  },
  // relu' = 1 where the unit is on (h > 0), else 0
  relu: { name: "relu", f: relu, df: (h) => (h > 0 ? 1 : 0), apply: map(relu) },
  // σ' = σ(1 − σ)
  sigmoid: { name: "sigmoid", f: sigmoid, df: (h) => h * (1 - h), apply: map(sigmoid) },
  identity: { name: "identity", f: (z) => z, df: () => 1, apply: () => {} },
};

/** Looks up an activation by name; unknown names throw and list the known ones. */
export function activation(name: ActivationName = "tanh"): Activation {
  checkOneOf("activation", name, ACTIVATIONS);
  return table[name];
}

/** σ(x) = 1 / (1 + e^{−x}), the gates' squashing into (0, 1). */
export const σ = table.sigmoid;
/** tanh, the candidate's and the cell state's squashing into (−1, 1). */
export const tanh = table.tanh;

/**
 * Applies one activation per column block of z, in place: z holds rows of G blocks of equal width, and
 * `blocks[b]` (σ or tanh) squashes block b of every row, or leaves it alone (null). The LSTM's gates are
 * `[σ, σ, tanh, σ]` over [i | f | g | o].
 *
 * One tanh serves both, since σ(x) = (1 + tanh(x/2)) / 2: the squashed blocks (which must be side by side) go
 * through tanh in one call per matrix, or per row when some are left alone, so in WebAssembly where that pays.
 */
export function applyBlocks(z: Float64Array, blocks: readonly (Activation | null)[], width: number): void {
  const G = blocks.length,
    row = G * width;
  let first = G,
    last = -1;
  for (let b = 0; b < G; b++) {
    const block = blocks[b];
    if (block === null) continue;
    if (block !== σ && block !== tanh) throw new ValueError("applyBlocks: blocks may be σ, tanh or null only");
    first = Math.min(first, b);
    last = b;
  }
  const from = first * width,
    to = (last + 1) * width;
  // σ(x) = (1 + tanh(x/2)) / 2: halve the σ blocks, take tanh of every squashed block, then finish the σ blocks
  for (let at = 0; at < z.length; at += row)
    for (let b = 0; b < G; b++) if (blocks[b] === σ) for (let j = at + b * width; j < at + (b + 1) * width; j++) z[j] *= 0.5;
  if (to - from === row) tanh.apply(z);
  else for (let at = 0; at < z.length; at += row) tanh.apply(z.subarray(at + from, at + to));
  for (let at = 0; at < z.length; at += row)
    for (let b = 0; b < G; b++) if (blocks[b] === σ) for (let j = at + b * width; j < at + (b + 1) * width; j++) z[j] = 0.5 + 0.5 * z[j];
}
