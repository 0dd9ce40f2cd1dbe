/**
 * The hidden layer's nonlinearity φ and its derivative. Each derivative is written in terms of the
 * output h = φ(z), which is what the forward pass keeps, so backprop needs no stored z.
 */
import { checkOneOf } from "./check";

export const ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export interface Activation {
  name: ActivationName;
  /** h = φ(z) */
  f(z: number): number;
  /** φ'(z) expressed through h = φ(z) */
  df(h: number): number;
}

const table: Record<ActivationName, Activation> = {
  // tanh' = 1 − tanh²
  tanh: { name: "tanh", f: Math.tanh, df: (h) => 1 - h * h },
  // relu' = 1 where the unit is on (h > 0), else 0
  relu: { name: "relu", f: (z) => (z > 0 ? z : 0), df: (h) => (h > 0 ? 1 : 0) },
  // σ' = σ(1 − σ)
  sigmoid: { name: "sigmoid", f: (z) => 1 / (1 + Math.exp(-z)), df: (h) => h * (1 - h) },
  identity: { name: "identity", f: (z) => z, df: () => 1 },
};

/** Looks up an activation by name; unknown names throw and list the known ones. */
export function activation(name: ActivationName = "tanh"): Activation {
  checkOneOf("activation", name, ACTIVATIONS);
  return table[name];
}
