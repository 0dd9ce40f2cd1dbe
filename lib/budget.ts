/**
 * The budget: the most float64 values one network may hold, and one allocation may take, checked before
 * anything is allocated, so a mistyped size says so instead of exhausting memory.
 */
import { ShapeError } from "./errors";
import { fmtCount } from "./format";

/**
 * The most values one network's parameters, or any one allocation made from your sizes, may take:
 * 2²⁴ = 16,777,216 float64 values (128 MiB). Larger sizes are refused before anything is allocated, so a
 * mistyped `hiddenSize: 16384` (2 GiB) or `days: 3e8` says so instead of exhausting memory.
 */
export const PARAM_BUDGET = 2 ** 24;

/** The sizes that decide how many parameters a network has. */
export interface BudgetSizes {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
}

/** `count` values in MiB or GiB, for messages. */
function bytes(count: number): string {
  const mib = (8 * count) / 2 ** 20;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib.toFixed(0)} MiB`;
}

/**
 * Throws a ShapeError, naming the largest size, unless `count` parameters fit in PARAM_BUDGET; `count`
 * defaults to the Elman network's d·h + h·h + h + h·k + k (a gated cell passes its own, e.g. the LSTM's
 * 4(d·h + h·h + h) + h·k + k).
 */
export function checkParamBudget(sizes: BudgetSizes, count?: number): void {
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
  throw new ShapeError(
    `inputSize ${d}, hiddenSize ${h}, outputSize ${k} need ${fmtCount(total)} parameters (${bytes(total)}), ` +
      `more than the budget of ${fmtCount(PARAM_BUDGET)} (PARAM_BUDGET, 128 MiB): reduce ${name} (${value})`,
  );
}

/**
 * Throws a ShapeError unless an allocation of `count` values fits in PARAM_BUDGET; `what` says what it is and
 * from which sizes ("a 100000×100000 matrix", "an ice-cream series of 3e8 days"), written only when it does not
 * fit, and `advice` what to change.
 */
export function checkAllocation(count: number, what: () => string, advice: string): void {
  if (count <= PARAM_BUDGET) return;
  throw new ShapeError(
    `${what()} needs ${fmtCount(count)} values (${bytes(count)}), more than the budget of ${fmtCount(PARAM_BUDGET)} ` +
      `(PARAM_BUDGET, 128 MiB): ${advice}`,
  );
}
