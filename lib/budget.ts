/**
 * The parameter budget: the most float64 values one network may hold, checked before anything is
 * allocated, so a mistyped size says so instead of exhausting memory.
 */
import { ShapeError } from "./errors";
import type { RNNSizes } from "./rnn";

/**
 * The most parameters one network may have: 2²⁴ = 16,777,216 float64 values (128 MiB, and as much again
 * for each gradient and optimiser buffer). Larger sizes are refused before anything is allocated, so a
 * mistyped `hiddenSize: 16384` (2 GiB) says so instead of exhausting memory.
 */
export const PARAM_BUDGET = 2 ** 24;

/**
 * Throws a ShapeError, naming the largest size, unless `count` parameters fit in PARAM_BUDGET; `count`
 * defaults to the Elman network's d·h + h·h + h + h·k + k (a gated cell passes its own, e.g. the LSTM's
 * 4(d·h + h·h + h) + h·k + k).
 */
export function checkParamBudget(sizes: RNNSizes, count?: number): void {
  const { inputSize: d, hiddenSize: h, outputSize: k } = sizes;
  const total = count ?? d * h + h * h + h + h * k + k;
  if (total <= PARAM_BUDGET) return;
  const [name, value] = (
    [
      ["inputSize", d],
      ["hiddenSize", h],
      ["outputSize", k],
    ] as const
  ).reduce((a, b) => (b[1] > a[1] ? b : a));
  const fmt = (v: number) => v.toLocaleString("en-US");
  throw new ShapeError(
    `inputSize ${d}, hiddenSize ${h}, outputSize ${k} need ${fmt(total)} parameters (${(total / 2 ** 27).toFixed(1)} GiB), ` +
      `more than the budget of ${fmt(PARAM_BUDGET)} (PARAM_BUDGET, 128 MiB): reduce ${name} (${value})`,
  );
}
