/**
 * Approximate equality, one rule for every test: |actual − expected| ≤ max(abs, rel·|expected|), the rule of
 * Python's math.isclose with the expected value as the scale. `{ abs }` alone bounds the difference, `{ rel }`
 * alone the relative difference, and both together a relative bound that never drops below `abs` near zero;
 * a tolerance of 0 asks for equality.
 */
import assert from "node:assert/strict";
import { Matrix } from "../../lib";

export interface Tolerance {
  /** the largest |actual − expected| accepted whatever the scale */
  abs?: number;
  /** the largest |actual − expected| / |expected| accepted */
  rel?: number;
}

/** Whether `actual` is within `tol` of `expected` (NaN never is). */
export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  const { abs = 0, rel = 0 } = tol;
  if (!(abs >= 0 && rel >= 0)) throw new RangeError(`tol: expected abs and rel of 0 or more, got ${JSON.stringify(tol)}`);
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}

/** A number, a flat array, a nested array of rows, or a Matrix. */
export type Values = number | ArrayLike<number> | readonly (readonly number[])[] | Matrix;

/** Shape and entries of `v`, row by row. */
function entries(v: Values): { shape: string; values: ArrayLike<number>; index: (i: number) => string } {
  if (typeof v === "number") return { shape: "scalar", values: [v], index: () => "" };
  const rows = v instanceof Matrix ? v.toArray() : Array.isArray(v) && Array.isArray(v[0]) ? (v as readonly (readonly number[])[]) : null;
  if (rows === null) return { shape: `${(v as ArrayLike<number>).length}`, values: v as ArrayLike<number>, index: (i) => `[${i}]` };
  const cols = rows[0]?.length ?? 0;
  return { shape: `${rows.length}×${cols}`, values: rows.flat(), index: (i) => `[${Math.floor(i / cols)}][${i % cols}]` };
}

/**
 * Asserts that `actual` has the shape of `expected` and every entry is within `tol` of its counterpart; the
 * message names `what`, the entry and both values.
 */
export function assertClose(actual: Values, expected: Values, tol: Tolerance, what = "value"): void {
  const a = entries(actual);
  const e = entries(expected);
  assert.equal(a.shape, e.shape, `${what}: shape ${a.shape}, expected ${e.shape}`);
  for (let i = 0; i < e.values.length; i++) {
    if (!isClose(a.values[i], e.values[i], tol)) {
      assert.fail(`${what}${a.index(i)}: ${a.values[i]}, expected ${e.values[i]} within ${JSON.stringify(tol)}`);
    }
  }
}
