/**
 * The hidden layer's nonlinearity φ and its derivative. Each derivative is written in terms of the
 * output h = φ(z), which is what the forward pass keeps, so backprop needs no stored z.
 */
import { checkOneOf } from "./check";
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
