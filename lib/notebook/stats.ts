/**
 * The few statistics the notebooks state their results with — mean, spread, correlation, the slope of a
 * straight-line fit, the position of the largest value — written once, checked, instead of once per notebook.
 */
import { describeValue, ShapeError, ValueError } from "../errors";

function checkValues(fn: string, name: string, v: ArrayLike<number>, min = 1): void {
  if (!v || typeof v.length !== "number" || v.length < min)
    throw new ShapeError(`${fn}: ${name} is ${describeValue(v)}, expected at least ${min} number${min > 1 ? "s" : ""}`);
  for (let i = 0; i < v.length; i++)
    if (typeof v[i] !== "number" || !Number.isFinite(v[i]))
      throw new ValueError(`${fn}: ${name}[${i}] is ${describeValue(v[i])}, expected a finite number`);
}

function checkPair(fn: string, x: ArrayLike<number>, y: ArrayLike<number>): void {
  checkValues(fn, "x", x, 2);
  checkValues(fn, "y", y, 2);
  if (x.length !== y.length) throw new ShapeError(`${fn}: x has ${x.length} values and y ${y.length}, expected equal lengths`);
}

function sum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** The arithmetic mean. Example: `mean([1, 2, 6])` → 3. */
export function mean(v: ArrayLike<number>): number {
  checkValues("mean", "v", v);
  return sum(v) / v.length;
}

/** The standard deviation around the mean, dividing by n (the spread of these values themselves). */
export function std(v: ArrayLike<number>): number {
  const m = mean(v);
  let squares = 0;
  for (let i = 0; i < v.length; i++) squares += (v[i] - m) ** 2;
  return Math.sqrt(squares / v.length);
}

/** Sums of products of deviations: Σ(x − x̄)(y − ȳ), Σ(x − x̄)², Σ(y − ȳ)². */
function moments(x: ArrayLike<number>, y: ArrayLike<number>) {
  const mx = sum(x) / x.length,
    my = sum(y) / y.length;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return { sxy, sxx, syy };
}

/**
 * Pearson's correlation r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), in [−1, 1]; r² is the share of y's
 * variance a straight line in x explains. Throws if either list is constant (r is undefined there).
 */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair("correlation", x, y);
  const { sxy, sxx, syy } = moments(x, y);
  if (sxx === 0 || syy === 0) throw new ValueError(`correlation: ${sxx === 0 ? "x" : "y"} is constant, so the correlation is undefined`);
  return sxy / Math.sqrt(sxx * syy);
}

/** The slope of the least-squares line through (x, y): Σ(x − x̄)(y − ȳ) / Σ(x − x̄)². */
export function slope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair("slope", x, y);
  const { sxy, sxx } = moments(x, y);
  if (sxx === 0) throw new ValueError("slope: x is constant, so no line fits");
  return sxy / sxx;
}

/** The index of the largest value (the first, on a tie). Example: `argmax([0.1, 0.7, 0.2])` → 1. */
export function argmax(v: ArrayLike<number>): number {
  checkValues("argmax", "v", v);
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
