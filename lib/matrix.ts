/**
 * Dense row-major matrices on Float64Array and the handful of kernels an RNN needs.
 * Kernels write into a caller-supplied `out` so the training loop can reuse buffers, and they
 * skip zero entries of the left operand, which makes one-hot inputs (text) nearly free.
 */
import { checkAllocation, PARAM_BUDGET } from "./budget";
import { checkFinite } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { fastMatMul, fastMatMulTransB } from "./kernels/dispatch";
import type { Stamp, Weight } from "./kernels/wasm";

/** Anything the library accepts where a matrix is expected: its own type or a nested array. */
export type MatrixLike = Matrix | number[][];

/** The stamp a view made in this module shares with its parent, handed to the constructor it calls. */
let viewStamp: Stamp | undefined;
/** Read access to a matrix's entries and stamp inside this module, which moves no version. */
let entriesOf: (m: Matrix) => Float64Array;
let stampOf: (m: Matrix) => Stamp;

/**
 * An `rows × cols` matrix of float64, stored row-major in `data` (entry i,j at `i * cols + j`).
 *
 * `data` is an ordinary Float64Array: read and write it freely. Each access moves the matrix's version (shared
 * with its views: `rowView`, and the blocks the library cuts), which is how the WebAssembly kernels know that a
 * weight they keep in their own memory has changed. So write through the matrix itself — `m.data`, `m.set` or a
 * view of it — each time, rather than through a reference kept from before a product that read it (another
 * Matrix built over its array counts as such a reference).
 *
 * @example
 * const W = Matrix.from([[1, 2], [3, 4]]); // 2×2
 * W.get(1, 0); // 3
 * W.toArray(); // [[1, 2], [3, 4]]
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  private readonly values: Float64Array;
  readonly #stamp: Stamp;

  constructor(rows: number, cols: number, data?: Float64Array) {
    const inherited = viewStamp;
    viewStamp = undefined; // consumed by this construction, whatever happens below
    if (inherited && data) {
      // a view this module cut out of a checked matrix (block, rowsOf, rowView): nothing to check
      this.rows = rows;
      this.cols = cols;
      this.values = data;
      this.#stamp = inherited;
      return;
    }
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ValueError(`Matrix: rows and cols must be non-negative integers, got ${describeValue(rows)}×${describeValue(cols)}`);
    }
    if (data !== undefined && !(data instanceof Float64Array)) {
      throw new ValueError(`Matrix: data is ${describeValue(data)}, expected a Float64Array of ${rows}×${cols} = ${rows * cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new ShapeError(`Matrix: data has ${data.length} entries, expected ${rows}×${cols} = ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    if (!data && rows * cols > PARAM_BUDGET) checkAllocation(rows * cols, () => `a ${rows}×${cols} matrix`, "use smaller sizes");
    this.values = data ?? new Float64Array(rows * cols);
    this.#stamp = { version: 0 };
  }

  static {
    entriesOf = (m) => m.values;
    stampOf = (m) => m.#stamp;
  }

  /** The entries, row-major (a Float64Array of rows·cols); each access counts as a possible write (see above). */
  get data(): Float64Array {
    this.#stamp.version++;
    return this.values;
  }

  /** A `rows × cols` matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /**
   * Copies a nested array (or a mathjs matrix, anything with `toArray()`) into a new Matrix.
   * Throws, naming `name`, on ragged rows or an empty array (ShapeError), and on an entry that is not a
   * finite number — NaN, ±Infinity, a string, null, a hole — (ValueError).
   */
  static from(value: MatrixLike | { toArray(): unknown }, name = "matrix"): Matrix {
    if (value instanceof Matrix) return value.clone();
    const hasToArray = typeof (value as { toArray?: unknown } | null)?.toArray === "function";
    const rowsIn = Array.isArray(value) || !hasToArray ? value : (value as { toArray(): unknown }).toArray();
    if (!Array.isArray(rowsIn)) {
      throw new ValueError(`${name}: expected a non-empty array of rows (number[][]) or a Matrix, got ${describeValue(rowsIn)}`);
    }
    if (rowsIn.length === 0 || !Array.isArray(rowsIn[0])) {
      throw new ShapeError(`${name}: expected a non-empty array of rows (number[][]), got ${describeValue(rowsIn)}`);
    }
    const rows = rowsIn as unknown[][];
    const cols = rows[0].length;
    if (cols === 0) throw new ShapeError(`${name}: rows are empty (0 columns), expected at least one entry per row`);
    checkAllocation(rows.length * cols, () => `${name} (${rows.length}×${cols})`, "use a smaller array");
    const m = new Matrix(rows.length, cols),
      d = m.values;
    // Plain loops rather than forEach, which skips the holes of a sparse array ([1, , 3]).
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!(i in rows)) throw new ValueError(`${name}: row ${i} is missing (a hole in the array), expected ${cols} numbers`);
      if (!Array.isArray(row)) throw new ShapeError(`${name}: row ${i} is ${describeValue(row)}, expected an array of ${cols} numbers`);
      if (row.length !== cols) {
        throw new ShapeError(`${name}: ragged array, row 0 has ${cols} entries but row ${i} has ${row.length}`);
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          const what = j in row ? describeValue(v) : "missing (a hole in the array)";
          throw new ValueError(`${name}[${i}][${j}] is ${what}, expected a finite number`);
        }
        d[i * cols + j] = v;
      }
    }
    return m;
  }

  /** A 1×n row vector of finite numbers. */
  static row(values: ArrayLike<number>, name = "values"): Matrix {
    if (values === null || typeof values !== "object" || typeof values.length !== "number") {
      throw new ValueError(`${name}: expected a list of numbers, got ${describeValue(values)}`);
    }
    const m = new Matrix(1, values.length),
      d = m.values;
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        const what = Array.isArray(values) && !(i in values) ? "missing (a hole in the array)" : describeValue(v);
        throw new ValueError(`${name}[${i}] is ${what}, expected a finite number`);
      }
      d[i] = v;
    }
    return m;
  }

  get(i: number, j: number): number {
    return this.values[i * this.cols + j];
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.values.slice());
  }

  /** The entries as plain nested arrays, e.g. for printing or for mathjs. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.values.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** Row i as a 1×cols view sharing this matrix's storage. */
  rowView(i: number): Matrix {
    return view(this, 1, this.cols, i * this.cols);
  }

  get shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  toString(): string {
    return `Matrix ${this.shape} ${JSON.stringify(this.toArray())}`;
  }
}

/** A rows×cols Matrix over `m`'s entries from `offset` on, sharing its stamp. */
function view(m: Matrix, rows: number, cols: number, offset: number): Matrix {
  return over(entriesOf(m), stampOf(m), rows, cols, offset);
}

/** The entries of every empty view: cutting a zero-length subarray would only cost time. */
const NO_VALUES = new Float64Array(0);

/** A rows×cols Matrix over `values` from `offset` on, with the stamp of the buffer it is part of. */
function over(values: Float64Array, stamp: Stamp, rows: number, cols: number, offset: number): Matrix {
  viewStamp = stamp;
  const size = rows * cols;
  return new Matrix(rows, cols, size === 0 ? NO_VALUES : values.subarray(offset, offset + size));
}

/** A weight's entries and stamp for a kernel that only reads it: unlike `data`, this moves no version. */
export function weightOf(m: Matrix): Weight {
  return { values: entriesOf(m), stamp: stampOf(m) };
}

/**
 * Zero matrices of the given shapes that share one buffer: a single allocation instead of many, since
 * allocating a typed array costs more than the kernels spend on a small one. Each is a full Matrix.
 *
 * @example
 * const [dWx, dWh] = allocate([[d, h], [h, h]]);
 */
export function allocate(shapes: readonly (readonly [number, number])[]): Matrix[] {
  const total = shapes.reduce((s, [r, c]) => s + r * c, 0);
  checkAllocation(total, () => `buffers of ${shapes.map(([r, c]) => `${r}×${c}`).join(", ")}`, "use fewer steps or a smaller batch");
  const buffer = new Float64Array(total),
    stamp = { version: 0 };
  let offset = 0;
  return shapes.map(([r, c]) => {
    const m = over(buffer, stamp, r, c, offset);
    offset += r * c;
    return m;
  });
}

/** Rows [t·n, (t+1)·n) of a matrix of stacked steps, as an n×cols view: step t's block. */
export function block(stacked: Matrix, t: number, n: number): Matrix {
  return view(stacked, n, stacked.cols, t * n * stacked.cols);
}

/** Rows [from, from + count) of `m` as a view sharing its storage. */
export function rowsOf(m: Matrix, from: number, count: number): Matrix {
  return view(m, count, m.cols, from * m.cols);
}

/** Converts a MatrixLike argument, naming it in any error. Matrices pass through uncopied. */
export function asMatrix(value: MatrixLike, name: string): Matrix {
  if (value instanceof Matrix) {
    checkFinite(name, value);
    return value;
  }
  return Matrix.from(value, name);
}

/** Throws unless A, B and out are matrices (a number[][] is named, with the conversion to use). */
function checkOperands(kernel: string, A: unknown, B: unknown, out: unknown): void {
  if (A instanceof Matrix && B instanceof Matrix && out instanceof Matrix) return;
  const [name, m] = !(A instanceof Matrix) ? ["A", A] : !(B instanceof Matrix) ? ["B", B] : ["out", out];
  const hint = Array.isArray(m) ? " (convert it once with Matrix.from)" : "";
  throw new ValueError(`${kernel}: ${name} is ${describeValue(m)}, expected a Matrix${hint}`);
}

/** The error of a product whose operands do not fit (built only when thrown). */
function productError(kernel: string, operands: string, out: Matrix, m: number, q: number): ShapeError {
  return new ShapeError(`${kernel}: ${operands} into out ${out.shape} does not fit, expected inner sizes to agree and out of ${m}×${q}`);
}

/** Whether two arrays over one buffer share any memory. */
function overlap(x: Float64Array, y: Float64Array): boolean {
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/**
 * Where a product writes: out's entries (moving its version, as they change), or, when out shares memory with an
 * operand (`matMul(A, I, A)`), a copy that `settle` puts in place afterwards, so the operands are read as they were.
 */
function target(out: Matrix, a: Float64Array, b: Float64Array, accumulate: boolean): Float64Array {
  const o = out.data,
    buffer = o.buffer;
  if ((buffer !== a.buffer || !overlap(o, a)) && (buffer !== b.buffer || !overlap(o, b))) return o;
  return accumulate ? o.slice() : new Float64Array(o.length);
}

/** Puts a product taken into a copy (see `target`) in place. */
function settle(out: Matrix, o: Float64Array): Matrix {
  const values = entriesOf(out);
  if (o !== values) values.set(o);
  return out;
}

/**
 * out = A·B (or out += A·B with `accumulate`).  A: m×p, B: p×q, out: m×q.
 *   out[i, j] = Σ_k A[i, k] B[k, j]
 * out may be A or B (the product is then taken into a copy first).
 */
export function matMul(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  checkOperands("matMul", A, B, out);
  const m = A.rows,
    p = A.cols,
    q = B.cols;
  if (B.rows !== p || out.rows !== m || out.cols !== q) throw productError("matMul", `A ${A.shape} · B ${B.shape}`, out, m, q);
  const a = entriesOf(A),
    b = entriesOf(B),
    o = target(out, a, b, accumulate);
  // WebAssembly SIMD (lib/kernels) when it pays, else the reference below
  if (!fastMatMul(a, b, o, m, p, q, accumulate, false, stampOf(B))) gemm(a, b, o, m, p, q, accumulate);
  return settle(out, o);
}

/**
 * The reference A·B: the i-k-j order streams rows of B and out. Rows of B are taken eight at a time, so each
 * pass over out's row does eight multiply-adds per load and store of out; groups whose eight entries of A are
 * zero are skipped, which makes one-hot inputs (text) nearly free.
 */
function gemm(a: Float64Array, b: Float64Array, o: Float64Array, m: number, p: number, q: number, accumulate: boolean): void {
  if (q === 1) return dots(a, b, o, m, p, p, 1, accumulate);
  if (!accumulate) o.fill(0);
  for (let i = 0; i < m; i++) {
    const oi = i * q,
      ai = i * p;
    let k = 0;
    for (; k + 7 < p; k += 8) {
      const a0 = a[ai + k],
        a1 = a[ai + k + 1],
        a2 = a[ai + k + 2],
        a3 = a[ai + k + 3],
        a4 = a[ai + k + 4],
        a5 = a[ai + k + 5],
        a6 = a[ai + k + 6],
        a7 = a[ai + k + 7];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && a4 === 0 && a5 === 0 && a6 === 0 && a7 === 0) continue;
      const b0 = k * q;
      for (let j = 0; j < q; j++) {
        const bj = b0 + j;
        o[oi + j] +=
          a0 * b[bj] +
          a1 * b[bj + q] +
          a2 * b[bj + 2 * q] +
          a3 * b[bj + 3 * q] +
          a4 * b[bj + 4 * q] +
          a5 * b[bj + 5 * q] +
          a6 * b[bj + 6 * q] +
          a7 * b[bj + 7 * q];
      }
    }
    for (; k < p; k++) {
      const aik = a[ai + k];
      if (aik === 0) continue;
      const bk = k * q;
      for (let j = 0; j < q; j++) o[oi + j] += aik * b[bk + j];
    }
  }
}

/**
 * The references above for q = 1 (one output column: ŷ = h W_o of a single output, and its weight gradient Hᵀ dŷ):
 * out[i] (+)= Σ_k A[i, k] b[k], where A[i, k] is at a[i·sI + k·sK]. The terms are added to out[i] in the same
 * groups of eight and the same order as the loops above, zero groups skipped alike, so the bits are theirs.
 */
function dots(a: Float64Array, b: Float64Array, o: Float64Array, m: number, p: number, sI: number, sK: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    let s = accumulate ? o[i] : 0,
      k = 0;
    const ai = i * sI;
    for (; k + 7 < p; k += 8) {
      const at = ai + k * sK;
      const a0 = a[at],
        a1 = a[at + sK],
        a2 = a[at + 2 * sK],
        a3 = a[at + 3 * sK],
        a4 = a[at + 4 * sK],
        a5 = a[at + 5 * sK],
        a6 = a[at + 6 * sK],
        a7 = a[at + 7 * sK];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && a4 === 0 && a5 === 0 && a6 === 0 && a7 === 0) continue;
      s += a0 * b[k] + a1 * b[k + 1] + a2 * b[k + 2] + a3 * b[k + 3] + a4 * b[k + 4] + a5 * b[k + 5] + a6 * b[k + 6] + a7 * b[k + 7];
    }
    for (; k < p; k++) {
      const aik = a[ai + k * sK];
      if (aik !== 0) s += aik * b[k];
    }
    o[i] = s;
  }
}

/**
 * out (+)= Aᵀ·B.  A: p×m, B: p×q, out: m×q — the weight gradient `Hᵀ·dZ`, a sum of outer products
 *   out[i, j] = Σ_k A[k, i] B[k, j]
 * out may be A or B.
 */
export function matMulTransA(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  checkOperands("matMulTransA", A, B, out);
  const p = A.rows,
    m = A.cols,
    q = B.cols;
  if (B.rows !== p || out.rows !== m || out.cols !== q) throw productError("matMulTransA", `Aᵀ (A ${A.shape}) · B ${B.shape}`, out, m, q);
  const a = entriesOf(A),
    b = entriesOf(B),
    o = target(out, a, b, accumulate);
  if (!fastMatMul(a, b, o, m, p, q, accumulate, true, stampOf(B))) gemmTransA(a, b, o, m, p, q, accumulate);
  return settle(out, o);
}

/**
 * The reference Aᵀ·B, taken eight rows (k) at a time, so with the steps of a sequence stacked, out is read and
 * written an eighth as often; zero entries of A (one-hot inputs) are skipped.
 */
function gemmTransA(a: Float64Array, b: Float64Array, o: Float64Array, m: number, p: number, q: number, accumulate: boolean): void {
  if (q === 1) return dots(a, b, o, m, p, 1, m, accumulate);
  if (!accumulate) o.fill(0);
  let k = 0;
  for (; k + 7 < p; k += 8) {
    const r0 = k * m,
      b0 = k * q;
    for (let i = 0; i < m; i++) {
      const ri = r0 + i;
      const a0 = a[ri],
        a1 = a[ri + m],
        a2 = a[ri + 2 * m],
        a3 = a[ri + 3 * m],
        a4 = a[ri + 4 * m],
        a5 = a[ri + 5 * m],
        a6 = a[ri + 6 * m],
        a7 = a[ri + 7 * m];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && a4 === 0 && a5 === 0 && a6 === 0 && a7 === 0) continue;
      const oi = i * q;
      for (let j = 0; j < q; j++) {
        const bj = b0 + j;
        o[oi + j] +=
          a0 * b[bj] +
          a1 * b[bj + q] +
          a2 * b[bj + 2 * q] +
          a3 * b[bj + 3 * q] +
          a4 * b[bj + 4 * q] +
          a5 * b[bj + 5 * q] +
          a6 * b[bj + 6 * q] +
          a7 * b[bj + 7 * q];
      }
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
}

/**
 * out (+)= A·Bᵀ.  A: m×p, B: q×p, out: m×q — the backward signal `dZ·Wᵀ`.
 *   out[i, j] = Σ_k A[i, k] B[j, k]   (a dot product of two rows)
 * out may be A or B.
 */
export function matMulTransB(A: Matrix, B: Matrix, out: Matrix, accumulate = false): Matrix {
  checkOperands("matMulTransB", A, B, out);
  const m = A.rows,
    p = A.cols,
    q = B.rows;
  if (B.cols !== p || out.rows !== m || out.cols !== q) throw productError("matMulTransB", `A ${A.shape} · Bᵀ (B ${B.shape})`, out, m, q);
  const a = entriesOf(A),
    b = entriesOf(B),
    o = target(out, a, b, accumulate);
  if (!fastMatMulTransB(a, b, o, m, p, q, accumulate, stampOf(B))) gemmTransB(a, b, o, m, p, q, accumulate);
  return settle(out, o);
}

/** The reference A·Bᵀ: two rows of B at a time share each load of A's row; four running sums per dot keep the adds independent. */
function gemmTransB(a: Float64Array, b: Float64Array, o: Float64Array, m: number, p: number, q: number, accumulate: boolean): void {
  if (p === 1) return outer(a, b, o, m, q, accumulate);
  for (let i = 0; i < m; i++) {
    const ai = i * p,
      oi = i * q;
    let j = 0;
    for (; j + 1 < q; j += 2) {
      const b0 = j * p,
        b1 = b0 + p;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        t0 = 0,
        t1 = 0,
        t2 = 0,
        t3 = 0,
        k = 0;
      for (; k + 3 < p; k += 4) {
        const x0 = a[ai + k],
          x1 = a[ai + k + 1],
          x2 = a[ai + k + 2],
          x3 = a[ai + k + 3];
        s0 += x0 * b[b0 + k];
        s1 += x1 * b[b0 + k + 1];
        s2 += x2 * b[b0 + k + 2];
        s3 += x3 * b[b0 + k + 3];
        t0 += x0 * b[b1 + k];
        t1 += x1 * b[b1 + k + 1];
        t2 += x2 * b[b1 + k + 2];
        t3 += x3 * b[b1 + k + 3];
      }
      for (; k < p; k++) {
        s0 += a[ai + k] * b[b0 + k];
        t0 += a[ai + k] * b[b1 + k];
      }
      const s = s0 + s1 + s2 + s3,
        t = t0 + t1 + t2 + t3;
      o[oi + j] = accumulate ? o[oi + j] + s : s;
      o[oi + j + 1] = accumulate ? o[oi + j + 1] + t : t;
    }
    for (; j < q; j++) {
      const bj = j * p;
      let s = 0;
      for (let k = 0; k < p; k++) s += a[ai + k] * b[bj + k];
      o[oi + j] = accumulate ? o[oi + j] + s : s;
    }
  }
}

/**
 * A·Bᵀ with p = 1, an outer product (the backward signal dŷ W_oᵀ of a single output): out[i, j] (+)= a_i b_j,
 * with the same bits as the loop above, whose one-term sum starts from +0 (so −0 becomes +0).
 */
function outer(a: Float64Array, b: Float64Array, o: Float64Array, m: number, q: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    const ai = a[i],
      oi = i * q;
    if (accumulate) for (let j = 0; j < q; j++) o[oi + j] += 0 + ai * b[j];
    else for (let j = 0; j < q; j++) o[oi + j] = 0 + ai * b[j];
  }
}

/** out[i,:] += b[0,:] for every row: adds a 1×q bias to an m×q matrix. */
export function addRowVector(out: Matrix, b: Matrix): Matrix {
  if (b.rows !== 1 || b.cols !== out.cols) throw new ShapeError(`addRowVector: expected b of 1×${out.cols}, got ${b.shape}`);
  const q = out.cols,
    o = out.data,
    bd = entriesOf(b);
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
    a = entriesOf(A),
    o = out.data;
  for (let i = 0; i < A.rows; i++) {
    const ai = i * q;
    for (let j = 0; j < q; j++) o[j] += a[ai + j];
  }
  return out;
}

/** Σ of squared entries, for norms and losses. */
export function sumOfSquares(A: Matrix): number {
  const a = entriesOf(A);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}
