/**
 * Argument checks shared by the library. Every message names the argument, what was received and
 * what was expected (`expected x_t of n×d = 32×2, got 32×3`, `lr must be …, got the string "0.1"`),
 * so a notebook user can fix the call. Shapes throw ShapeError; values and names throw ValueError.
 */
import { describeValue, ShapeError, ValueError } from "./errors";

export { ShapeError, ValueError } from "./errors";

interface Shaped {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Throws if any entry of `m` is NaN or ±Infinity, naming the first one found. */
export function checkFinite(name: string, m: Shaped): void {
  const d = m.data;
  let probe = 0;
  for (let i = 0; i < d.length; i++) probe += d[i] * 0; // 0 unless some entry is NaN or ±Infinity
  if (probe === 0) return;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const r = Math.floor(i / m.cols),
        c = i % m.cols;
      throw new ValueError(`${name}[${r}][${c}] is ${d[i]}, expected a finite number`);
    }
  }
}

/** Throws unless `v` is a finite number (a plain value, e.g. a loss or an entry of a list). */
export function checkFiniteNumber(name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${name} is ${describeValue(v)}, expected a finite number`);
}

/** Throws unless `m` is rows×cols; `what` says what the dimensions mean, e.g. "n×d". */
export function checkShape(name: string, m: Shaped, rows: number, cols: number, what = "rows×cols"): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`expected ${name} of ${what} = ${rows}×${cols}, got ${m.rows}×${m.cols}`);
  }
}

/** Throws unless `v` is an integer ≥ 1. */
export function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${name} must be a positive integer, got ${describeValue(v)}`);
}

/** Throws unless `v` is an integer ≥ `min` (a size with a floor above 1, e.g. days of a series). */
export function checkIntAtLeast(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new ValueError(`${name} must be an integer ≥ ${min}, got ${describeValue(v)}`);
}

/** Throws unless `v` is a finite number > 0 (learning rates, clip thresholds, temperatures). */
export function checkPositive(name: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new ValueError(`${name} must be a positive finite number, got ${describeValue(v)}`);
  }
}

/** Throws unless `v` is in [lo, hi) (or [lo, hi] with `inclusive`). */
export function checkRange(name: string, v: number, lo: number, hi: number, inclusive = false): void {
  const ok = typeof v === "number" && v >= lo && (inclusive ? v <= hi : v < hi);
  if (!ok) throw new ValueError(`${name} must be in [${lo}, ${hi}${inclusive ? "]" : ")"}, got ${describeValue(v)}`);
}

/** Throws unless `name` is one of `allowed`. */
export function checkOneOf<T extends string>(what: string, name: string, allowed: readonly T[]): asserts name is T {
  if (!(allowed as readonly string[]).includes(name)) {
    const got = typeof name === "string" ? `"${name}"` : describeValue(name);
    throw new ValueError(`unknown ${what} ${got}, expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
}
