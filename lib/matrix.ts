/**
 * Dense row-major matrices on Float64Array and the handful of kernels an RNN needs.
 * Kernels write into a caller-supplied `out` so the training loop can reuse buffers, and they
 * skip zero entries of the left operand, which makes one-hot inputs (text) nearly free.
 */
import { checkFinite, describeShape, ShapeError } from "./check";

/** Anything the library accepts where a matrix is expected: its own type or a nested array. */
export type MatrixLike = Matrix | number[][];

/**
 * An `rows × cols` matrix of float64, stored row-major in `data` (entry i,j at `i * cols + j`).
 *
 * @example
 * const W = Matrix.from([[1, 2], [3, 4]]); // 2×2
 * W.get(1, 0); // 3
 * W.toArray(); // [[1, 2], [3, 4]]
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ShapeError(`Matrix: rows and cols must be non-negative integers, got ${rows}×${cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new ShapeError(`Matrix: data has ${data.length} entries, expected ${rows}×${cols} = ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** A `rows × cols` matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /**
   * Copies a nested array (or a mathjs matrix, anything with `toArray()`) into a new Matrix.
   * Throws, naming `name`, on ragged rows, an empty array or non-finite entries.
   */
  static from(value: MatrixLike | { toArray(): unknown }, name = "matrix"): Matrix {
    if (value instanceof Matrix) return value.clone();
    const rowsIn = Array.isArray(value) ? value : (value as { toArray(): unknown }).toArray();
    if (!Array.isArray(rowsIn) || rowsIn.length === 0 || !rowsIn.every((r) => Array.isArray(r))) {
      throw new ShapeError(`${name}: expected a non-empty array of rows (number[][]), got ${describeShape(rowsIn)}`);
    }
    const rows = rowsIn as unknown[][];
    const cols = rows[0].length;
    const m = new Matrix(rows.length, cols);
    rows.forEach((row, i) => {
      if (row.length !== cols) {
        throw new ShapeError(`${name}: ragged array, row 0 has ${cols} entries but row ${i} has ${row.length}`);
      }
      row.forEach((v, j) => {
        if (typeof v !== "number") throw new ShapeError(`${name}[${i}][${j}] is ${String(v)}, expected a number`);
        m.data[i * cols + j] = v;
      });
    });
    checkFinite(name, m);
    return m;
  }

  /** A 1×n row vector. */
  static row(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float64Array.from(values));
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The entries as plain nested arrays, e.g. for printing or for mathjs. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** Row i as a 1×cols view sharing this matrix's storage. */
  rowView(i: number): Matrix {
    return new Matrix(1, this.cols, this.data.subarray(i * this.cols, (i + 1) * this.cols));
  }

  get shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  toString(): string {
    return `Matrix ${this.shape} ${JSON.stringify(this.toArray())}`;
  }
}

/** Converts a MatrixLike argument, naming it in any error. Matrices pass through uncopied. */
export function asMatrix(value: MatrixLike, name: string): Matrix {
  if (value instanceof Matrix) {
    checkFinite(name, value);
    return value;
  }
  return Matrix.from(value, name);
}

/**
 * out = A·B (or out += A·B with `accumulate`).  A: m×p, B: p×q, out: m×q.
 * The i-k-j order streams rows of B and out; zero entries of A are skipped.
 */
export function matMul(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  const m = A.rows,
    p = A.cols,
    q = B.cols;
  const a = A.data,
    b = B.data,
    o = out.data;
  if (!accumulate) o.fill(0);
  for (let i = 0; i < m; i++) {
    const oi = i * q;
    for (let k = 0; k < p; k++) {
      const aik = a[i * p + k];
      if (aik === 0) continue;
      const bk = k * q;
      for (let j = 0; j < q; j++) o[oi + j] += aik * b[bk + j];
    }
  }
  return out;
}

/** out (+)= Aᵀ·B.  A: p×m, B: p×q, out: m×q — the weight gradient `Hᵀ·dZ`. */
export function matMulTransA(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  const p = A.rows,
    m = A.cols,
    q = B.cols;
  const a = A.data,
    b = B.data,
    o = out.data;
  if (!accumulate) o.fill(0);
  for (let k = 0; k < p; k++) {
    const bk = k * q;
    for (let i = 0; i < m; i++) {
      const aki = a[k * m + i];
      if (aki === 0) continue;
      const oi = i * q;
      for (let j = 0; j < q; j++) o[oi + j] += aki * b[bk + j];
    }
  }
  return out;
}

/** out (+)= A·Bᵀ.  A: m×p, B: q×p, out: m×q — the backward signal `dZ·Wᵀ`. */
export function matMulTransB(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  const m = A.rows,
    p = A.cols,
    q = B.rows;
  const a = A.data,
    b = B.data,
    o = out.data;
  for (let i = 0; i < m; i++) {
    const ai = i * p;
    for (let j = 0; j < q; j++) {
      const bj = j * p;
      let s = 0;
      for (let k = 0; k < p; k++) s += a[ai + k] * b[bj + k];
      o[i * q + j] = accumulate ? o[i * q + j] + s : s;
    }
  }
  return out;
}

/** out[i,:] += b[0,:] for every row: adds a 1×q bias to an m×q matrix. */
export function addRowVector(out: Matrix, b: Matrix): Matrix {
  const q = out.cols,
    o = out.data,
    bd = b.data;
  for (let i = 0; i < out.rows; i++) {
    const oi = i * q;
    for (let j = 0; j < q; j++) o[oi + j] += bd[j];
  }
  return out;
}

/** out[0,:] += Σ_i A[i,:] — the bias gradient, a column sum. */
export function addColumnSums(A: Matrix, out: Matrix): Matrix {
  const q = A.cols,
    a = A.data,
    o = out.data;
  for (let i = 0; i < A.rows; i++) {
    const ai = i * q;
    for (let j = 0; j < q; j++) o[j] += a[ai + j];
  }
  return out;
}

/** Σ of squared entries, for norms and losses. */
export function sumOfSquares(A: Matrix): number {
  let s = 0;
  for (const v of A.data) s += v * v;
  return s;
}
