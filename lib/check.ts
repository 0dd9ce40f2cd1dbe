/**
 * Argument checks shared by the library. Every message names the argument, what was received and
 * what was expected (`expected x_t of n×d = 32×2, got 32×3`), so a notebook user can fix the call.
 */

/** A wrong shape, a ragged array or a value out of range. */
export class ShapeError extends Error {
  override name = "ShapeError";
}

interface Shaped {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A short description of a value for error messages: its shape if it has one, else its type. */
export function describeShape(v: unknown): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return "an empty array";
    return Array.isArray(v[0]) ? `a ${v.length}×${(v[0] as unknown[]).length} array` : `an array of ${v.length}`;
  }
  if (v && typeof v === "object" && "rows" in v && "cols" in v) return `a ${(v as Shaped).rows}×${(v as Shaped).cols} matrix`;
  return v === null ? "null" : typeof v;
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
      throw new ShapeError(`${name}[${r}][${c}] is ${d[i]}, expected a finite number`);
    }
  }
}

/** Throws unless `m` is rows×cols; `what` says what the dimensions mean, e.g. "n×d". */
export function checkShape(name: string, m: Shaped, rows: number, cols: number, what = "rows×cols"): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`expected ${name} of ${what} = ${rows}×${cols}, got ${m.rows}×${m.cols}`);
  }
}

/** Throws unless `v` is an integer ≥ 1. */
export function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ShapeError(`${name} must be a positive integer, got ${v}`);
}

/** Throws unless `v` is a finite number > 0 (learning rates, clip thresholds, temperatures). */
export function checkPositive(name: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new ShapeError(`${name} must be a positive finite number, got ${v}`);
  }
}

/** Throws unless `v` is in [lo, hi) (or [lo, hi] with `inclusive`). */
export function checkRange(name: string, v: number, lo: number, hi: number, inclusive = false): void {
  const ok = typeof v === "number" && v >= lo && (inclusive ? v <= hi : v < hi);
  if (!ok) throw new ShapeError(`${name} must be in [${lo}, ${hi}${inclusive ? "]" : ")"}, got ${v}`);
}

/** Throws unless `name` is one of `allowed`. */
export function checkOneOf<T extends string>(what: string, name: string, allowed: readonly T[]): asserts name is T {
  if (!(allowed as readonly string[]).includes(name)) {
    throw new ShapeError(`unknown ${what} "${name}", expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
}
