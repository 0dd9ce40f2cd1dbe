/**
 * How the notebooks print numbers: fixed decimals, significant digits, percentages. One home for each
 * rule, so every notebook prints the same value the same way and its test can recompute the text.
 */
import { describeValue, ValueError } from "./errors";

function checkNumber(v: unknown): asserts v is number {
  if (typeof v !== "number") throw new ValueError(`expected a number to format, got ${describeValue(v)}`);
}

/**
 * `v` with `digits` decimals (default 3).
 *
 * @example
 * fmt(0.123456); // "0.123"
 * fmt(2, 1);     // "2.0"
 */
export function fmt(v: number, digits = 3): string {
  checkNumber(v);
  return v.toFixed(digits);
}

/**
 * `v` to `digits` significant digits (default 4), without trailing zeros.
 *
 * @example
 * fmtSignificant(1234.56);  // "1235"
 * fmtSignificant(0.012300); // "0.0123"
 */
export function fmtSignificant(v: number, digits = 4): string {
  checkNumber(v);
  return Number(v.toPrecision(digits)).toString();
}

/**
 * A share in [0, 1] as a percentage with one decimal. One argument only, so `shares.map(pct)` is safe.
 *
 * @example
 * pct(0.1234); // "12.3 %"
 */
export function pct(v: number): string {
  checkNumber(v);
  return `${(100 * v).toFixed(1)} %`;
}

/**
 * An integer with thousands separators, for sizes and counts in messages.
 *
 * @example
 * fmtCount(16777216); // "16,777,216"
 */
export function fmtCount(v: number): string {
  checkNumber(v);
  return v.toLocaleString("en-US");
}

/**
 * `v` in four significant digits, or in exponent form outside [0.001, 10 000): a value read at a glance, as live
 * training shows a loss.
 *
 * @example
 * fmtCompact(0.123456); // "0.1235"
 * fmtCompact(123456);   // "1.235e+5"
 */
export function fmtCompact(v: number): string {
  checkNumber(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4);
}
