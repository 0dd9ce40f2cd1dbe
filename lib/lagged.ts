/**
 * The traditional way to predict a series: lagged variables. Each target day becomes one row of
 * features (the last L values of every variable), and a linear model is fitted by least squares with
 * mathjs, solving the normal equations (AᵀA) β = Aᵀy.
 */
import { checkEntry, checkPositiveInt } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { loadMathjs } from "./mathjs-bridge";

/** A design matrix of lagged features and the targets it predicts. */
export interface LaggedDesign {
  /** one row per usable target, features ordered variable by variable, lag 0 (day t) first */
  X: number[][];
  /** the target's value on day t + 1 for each row */
  y: number[];
  /** the index (day) of each row's target */
  targetIndex: number[];
  /** feature names, e.g. ["demand_t", "demand_{t−1}", "temperature_t", "temperature_{t−1}"] */
  names: string[];
  /** targets at the start of the series that cannot be used because they lack `lags` days of history */
  dropped: number;
}

/** The name of variable `v` at lag l: v_t, v_{t−1}, … */
const lagName = (v: string, l: number) => (l === 0 ? `${v}_t` : `${v}_{t−${l}}`);

/**
 * Rows of lagged features for predicting `target` one day ahead:
 *   y = target[s],  x = [v[s−1], v[s−2], …, v[s−L]] for every variable v, for s = L … N−1.
 *
 * @example
 * const D = laggedFeatures({ demand, temperature }, "demand", 2);
 * D.names;   // ["demand_t", "demand_{t−1}", "temperature_t", "temperature_{t−1}"]
 * D.dropped; // 2: the first two days have no two-day history
 */
export function laggedFeatures(variables: Record<string, ArrayLike<number>>, target: string, lags: number): LaggedDesign {
  checkPositiveInt("lags", lags);
  if (variables === null || typeof variables !== "object" || Array.isArray(variables)) {
    throw new ValueError(`variables: expected named series { name: number[] }, got ${describeValue(variables)}`);
  }
  const names = Object.keys(variables);
  if (names.length === 0) throw new ShapeError("variables: expected at least one named series, got none");
  if (!(target in variables)) throw new ValueError(`target "${target}" is not one of the variables (${names.join(", ")})`);
  const N = variables[target].length;
  for (const v of names) {
    const series = variables[v];
    if (series === null || typeof series !== "object" || typeof series.length !== "number") {
      throw new ValueError(`variables.${v} is ${describeValue(series)}, expected a list of numbers`);
    }
    if (series.length !== N) throw new ShapeError(`variables.${v} has ${series.length} values, expected ${N} like ${target}`);
    for (let i = 0; i < N; i++) checkEntry(`variables.${v}`, series, i);
  }
  const X: number[][] = [],
    y: number[] = [],
    targetIndex: number[] = [];
  for (let s = lags; s < N; s++) {
    X.push(names.flatMap((v) => Array.from({ length: lags }, (_, l) => variables[v][s - 1 - l])));
    y.push(variables[target][s]);
    targetIndex.push(s);
  }
  return {
    X,
    y,
    targetIndex,
    names: names.flatMap((v) => Array.from({ length: lags }, (_, l) => lagName(v, l))),
    dropped: Math.min(lags, N),
  };
}

/** A fitted linear model ŷ = intercept + Σ_j coefficients[j] · x_j. */
export interface LinearFit {
  intercept: number;
  coefficients: number[];
}

/**
 * Ordinary least squares with an intercept: with A = [1 X] (n × (p+1)), β solves (AᵀA) β = Aᵀy.
 * When features are collinear, mathjs's `lusolve` still returns one of the minimising solutions.
 *
 * @example
 * const fit = fitLeastSquares([[0], [1], [2]], [1, 3, 5]);
 * fit.intercept;    // 1
 * fit.coefficients; // [2]
 */
export function fitLeastSquares(X: number[][], y: ArrayLike<number>): LinearFit {
  if (!Array.isArray(X)) throw new ValueError(`X: expected an array of rows (number[][]), got ${describeValue(X)}`);
  if (X.length === 0) throw new ShapeError("X: expected at least one row, got an empty array");
  if (y === null || typeof y !== "object" || typeof y.length !== "number") {
    throw new ValueError(`y: expected an array of ${X.length} numbers, got ${describeValue(y)}`);
  }
  if (y.length !== X.length) throw new ShapeError(`y: expected ${X.length} targets (one per row of X), got ${y.length}`);
  if (!Array.isArray(X[0])) throw new ValueError(`X[0] is ${describeValue(X[0])}, expected an array of features`);
  const p = X[0].length;
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (!Array.isArray(row)) throw new ValueError(`X[${i}] is ${describeValue(row)}, expected an array of ${p} features`);
    if (row.length !== p) throw new ShapeError(`X: ragged rows, row 0 has ${p} features but row ${i} has ${row.length}`);
    for (let j = 0; j < p; j++) checkEntry(`X[${i}]`, row, j); // loops, not forEach: a hole is refused too
    checkEntry("y", y, i);
  }
  if (X.length < p + 1) throw new ShapeError(`X: ${X.length} rows cannot determine ${p + 1} coefficients (p features + intercept)`);
  const { lusolve, matrix, multiply, transpose } = loadMathjs(); // loaded here, not on import: it costs about a second
  const A = matrix(X.map((row) => [1, ...row]));
  const At = transpose(A);
  let beta: number[][];
  try {
    beta = lusolve(multiply(At, A), multiply(At, matrix(Array.from(y, (v) => [v])))).valueOf() as number[][];
  } catch {
    beta = [[NaN]];
  }
  const flat = beta.map((r) => r[0]);
  if (!flat.every(Number.isFinite)) throw new ValueError("X: the normal equations are singular (some features are collinear)");
  return { intercept: flat[0], coefficients: flat.slice(1) };
}

/** Predictions ŷ_i = intercept + x_i · coefficients for every row of X. */
export function predictLinear(fit: LinearFit, X: number[][]): number[] {
  if (fit === null || typeof fit !== "object" || !Array.isArray(fit.coefficients)) {
    throw new ValueError(`fit is ${describeValue(fit)}, expected { intercept, coefficients } from fitLeastSquares`);
  }
  if (!Array.isArray(X)) throw new ValueError(`X: expected an array of rows (number[][]), got ${describeValue(X)}`);
  const p = fit.coefficients.length,
    out: number[] = [];
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (!Array.isArray(row))
      throw new ValueError(`X[${i}] is ${i in X ? describeValue(row) : "missing (a hole in the array)"}, expected ${p} features`);
    if (row.length !== p) throw new ShapeError(`X[${i}] has ${row.length} features, expected ${p} like the fit`);
    let s = fit.intercept;
    for (let j = 0; j < p; j++) {
      checkEntry(`X[${i}]`, row, j);
      s += row[j] * fit.coefficients[j];
    }
    out.push(s);
  }
  return out;
}
