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
    const hasToArray = typeof (value as { toArray?: unknown } | null)?.toArray === "function";
    const rowsIn = Array.isArray(value) || !hasToArray ? value : (value as { toArray(): unknown }).toArray();
    if (!Array.isArray(rowsIn) || rowsIn.length === 0 || !rowsIn.every((r) => Array.isArray(r))) {
      throw new ShapeError(`${name}: expected a non-empty array of rows (number[][]), got ${describeShape(rowsIn)}`);
    }
    const rows = rowsIn as unknown[][];
    const cols = rows[0].length;
    if (cols === 0) throw new ShapeError(`${name}: rows are empty (0 columns), expected at least one entry per row`);
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

/** Throws unless out is m×q for the product of an m×p and a p×q operand (kernels never guess). */
function checkProduct(kernel: string, m: number, p: number, p2: number, q: number, out: Matrix, operands: string): void {
  if (p !== p2 || out.rows !== m || out.cols !== q) {
    throw new ShapeError(`${kernel}: ${operands} into out ${out.shape} does not fit, expected inner sizes to agree and out of ${m}×${q}`);
  }
}

/**
 * out = A·B (or out += A·B with `accumulate`).  A: m×p, B: p×q, out: m×q.
 *   out[i, j] = Σ_k A[i, k] B[k, j]
 * The i-k-j order streams rows of B and out. Rows of B are taken four at a time, so each pass over
 * out's row does four multiply-adds per load and store; groups whose four entries of A are zero are
 * skipped, which makes one-hot inputs (text) nearly free.
 */
export function matMul(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  const m = A.rows,
    p = A.cols,
    q = B.cols;
  checkProduct("matMul", m, p, B.rows, q, out, `A ${A.shape} · B ${B.shape}`);
  const a = A.data,
    b = B.data,
    o = out.data;
  if (!accumulate) o.fill(0);
  for (let i = 0; i < m; i++) {
    const oi = i * q,
      ai = i * p;
    let k = 0;
    for (; k + 3 < p; k += 4) {
      const a0 = a[ai + k],
        a1 = a[ai + k + 1],
        a2 = a[ai + k + 2],
        a3 = a[ai + k + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const b0 = k * q,
        b1 = b0 + q,
        b2 = b1 + q,
        b3 = b2 + q;
      for (let j = 0; j < q; j++) o[oi + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (; k < p; k++) {
      const aik = a[ai + k];
      if (aik === 0) continue;
      const bk = k * q;
      for (let j = 0; j < q; j++) o[oi + j] += aik * b[bk + j];
    }
  }
  return out;
}

/**
 * out (+)= Aᵀ·B.  A: p×m, B: p×q, out: m×q — the weight gradient `Hᵀ·dZ`, a sum of outer products
 *   out[i, j] = Σ_k A[k, i] B[k, j]
 * taken four rows (k) at a time, so with the steps of a sequence stacked, out is read and written a
 * quarter as often; zero entries of A (one-hot inputs) are skipped.
 */
export function matMulTransA(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  const p = A.rows,
    m = A.cols,
    q = B.cols;
  checkProduct("matMulTransA", m, p, B.rows, q, out, `Aᵀ (A ${A.shape}) · B ${B.shape}`);
  const a = A.data,
    b = B.data,
    o = out.data;
  if (!accumulate) o.fill(0);
  let k = 0;
  for (; k + 3 < p; k += 4) {
    const r0 = k * m,
      r1 = r0 + m,
      r2 = r1 + m,
      r3 = r2 + m;
    const b0 = k * q,
      b1 = b0 + q,
      b2 = b1 + q,
      b3 = b2 + q;
    for (let i = 0; i < m; i++) {
      const a0 = a[r0 + i],
        a1 = a[r1 + i],
        a2 = a[r2 + i],
        a3 = a[r3 + i];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const oi = i * q;
      for (let j = 0; j < q; j++) o[oi + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
  }
  for (; k < p; k++) {
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

/**
 * out (+)= A·Bᵀ.  A: m×p, B: q×p, out: m×q — the backward signal `dZ·Wᵀ`.
 *   out[i, j] = Σ_k A[i, k] B[j, k]   (a dot product of two rows, kept in four running sums)
 */
export function matMulTransB(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  const m = A.rows,
    p = A.cols,
    q = B.rows;
  checkProduct("matMulTransB", m, p, B.cols, q, out, `A ${A.shape} · Bᵀ (B ${B.shape})`);
  const a = A.data,
    b = B.data,
    o = out.data;
  for (let i = 0; i < m; i++) {
    const ai = i * p;
    for (let j = 0; j < q; j++) {
      const bj = j * p;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        k = 0;
      for (; k + 3 < p; k += 4) {
        s0 += a[ai + k] * b[bj + k];
        s1 += a[ai + k + 1] * b[bj + k + 1];
        s2 += a[ai + k + 2] * b[bj + k + 2];
        s3 += a[ai + k + 3] * b[bj + k + 3];
      }
      for (; k < p; k++) s0 += a[ai + k] * b[bj + k];
      const s = s0 + s1 + s2 + s3;
      o[i * q + j] = accumulate ? o[i * q + j] + s : s;
    }
  }
  return out;
}

/** out[i,:] += b[0,:] for every row: adds a 1×q bias to an m×q matrix. */
export function addRowVector(out: Matrix, b: Matrix): Matrix {
  if (b.rows !== 1 || b.cols !== out.cols) throw new ShapeError(`addRowVector: expected b of 1×${out.cols}, got ${b.shape}`);
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
  if (out.rows !== 1 || out.cols !== A.cols) throw new ShapeError(`addColumnSums: expected out of 1×${A.cols}, got ${out.shape}`);
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
  const a = A.data;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}
