/**
 * Losses on one step's output, each returning the loss and its gradient with respect to ŷ.
 * MSE is the mean over every element of ŷ; cross-entropy is the mean over the n rows.
 */
import { checkShape } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { asMatrix, Matrix, MatrixLike } from "./matrix";

export interface LossResult {
  loss: number;
  /** ∂L/∂ŷ, the same shape as ŷ */
  grad: Matrix;
}

/**
 * A model's output as a Matrix: arrays are converted and checked, a Matrix passes as it is, because a
 * non-finite output is the sign of a diverging model that the trainer reports (TrainingDivergedError).
 */
function output(m: MatrixLike, name: string): Matrix {
  return m instanceof Matrix ? m : Matrix.from(m, name);
}

/**
 * Mean squared error L = (1/N) Σ (ŷ − y)² over all N = n·k elements, and ∂L/∂ŷ = (2/N)(ŷ − y).
 *
 * @example
 * mse(Matrix.from([[1], [2]]), Matrix.from([[0], [2]])).loss; // 0.5
 */
export function mse(yHatIn: MatrixLike, yIn: MatrixLike): LossResult {
  const yHat = output(yHatIn, "yHat"),
    y = asMatrix(yIn, "y (target)");
  checkShape("y (target)", y, yHat.rows, yHat.cols, "n×k");
  const N = yHat.data.length,
    grad = new Matrix(yHat.rows, yHat.cols);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    const e = yHat.data[i] - y.data[i];
    loss += e * e;
    grad.data[i] = (2 / N) * e; // d/dŷ of (1/N)(ŷ − y)²
  }
  return { loss: loss / N, grad };
}

/**
 * The mean squared error (1/n) Σ (ŷ_i − y_i)² between two equally long lists: `mse`'s loss on one row.
 *
 * @example
 * meanSquaredError([1, 2], [0, 2]); // 0.5
 */
export function meanSquaredError(yHat: ArrayLike<number>, y: ArrayLike<number>): number {
  const lengthOf = (v: ArrayLike<number>) => (v !== null && typeof v === "object" ? v.length : undefined);
  if (lengthOf(yHat) !== lengthOf(y) || !lengthOf(y)) {
    throw new ShapeError(
      `meanSquaredError: expected two non-empty lists of equal length, got ${describeValue(yHat)} and ${describeValue(y)}`,
    );
  }
  return mse(Matrix.row(yHat, "yHat"), Matrix.row(y, "y")).loss;
}

/** Checks that `targets` holds n integer class indices in [0, V) (no holes); `name` names it in messages. */
export function checkClasses(targets: ArrayLike<number>, n: number, V: number, name = "targets"): void {
  if (targets === null || typeof targets !== "object" || typeof targets.length !== "number") {
    throw new ValueError(`${name}: expected ${n} class indices (one per row), got ${describeValue(targets)}`);
  }
  if (targets.length !== n) throw new ShapeError(`${name}: expected ${n} class indices (one per row), got ${targets.length}`);
  for (let i = 0; i < n; i++) {
    const c = targets[i];
    if (!Number.isInteger(c) || c < 0 || c >= V) {
      const what = Array.isArray(targets) && !(i in targets) ? "missing (a hole in the array)" : `= ${describeValue(c)}`;
      throw new ValueError(`${name}[${i}] ${what} is not a class index: expected an integer in [0, ${V - 1}] (vocabulary of ${V})`);
    }
  }
}

/**
 * The softmax of one row at temperature τ, p_j = exp((z_j − m)/τ) / Σ_i exp((z_i − m)/τ) with m = max z (stable
 * for large logits), over the V values of `z` starting at `o`, written to `p` at the same place (`p` may be `z`).
 * Returns log Σ_j exp(z_j/τ), the log-sum-exp cross-entropy needs. Every softmax of the library is this one.
 */
export function softmaxRow(z: ArrayLike<number>, p: Float64Array, o: number, V: number, temperature = 1): number {
  let max = -Infinity,
    sum = 0;
  for (let j = 0; j < V; j++) max = Math.max(max, z[o + j]);
  for (let j = 0; j < V; j++) sum += p[o + j] = Math.exp((z[o + j] - max) / temperature);
  for (let j = 0; j < V; j++) p[o + j] /= sum;
  return max / temperature + Math.log(sum);
}

/** Row-wise softmax, stable for large logits: p_j = exp(z_j − max z) / Σ exp(z_i − max z). */
export function softmax(logitsIn: MatrixLike): Matrix {
  const logits = output(logitsIn, "logits");
  const p = new Matrix(logits.rows, logits.cols);
  for (let i = 0; i < logits.rows; i++) softmaxRow(logits.data, p.data, i * logits.cols, logits.cols);
  return p;
}

/**
 * Softmax cross-entropy from integer targets: L = −(1/n) Σ_i log softmax(z_i)[c_i], computed as
 * log-sum-exp so logits of 1e4 stay finite; ∂L/∂z = (softmax(z) − onehot(c)) / n.
 *
 * @example
 * softmaxCrossEntropy(Matrix.from([[0, 0]]), [1]).loss; // log 2
 */
export function softmaxCrossEntropy(logitsIn: MatrixLike, targets: ArrayLike<number>, name = "targets"): LossResult & { probs: Matrix } {
  const logits = output(logitsIn, "logits");
  const n = logits.rows,
    V = logits.cols;
  checkClasses(targets, n, V, name);
  const z = logits.data,
    probs = new Matrix(n, V),
    p = probs.data,
    grad = new Matrix(n, V),
    g = grad.data;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const o = i * V,
      c = targets[i];
    loss += softmaxRow(z, p, o, V) - z[o + c]; // −log p_c = log Σ_j exp(z_j) − z_c, via log-sum-exp
    for (let j = 0; j < V; j++) g[o + j] = p[o + j] / n; // ∂L/∂z_j = (p_j − [j = c]) / n
    g[o + c] -= 1 / n;
  }
  return { loss: loss / n, grad, probs };
}
