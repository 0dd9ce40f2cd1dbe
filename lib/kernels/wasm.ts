/**
 * The WebAssembly side of the matrix products: instantiates products.wat's module on first use, copies
 * operands into its memory and results back out, and keeps weights resident there for a scope.
 *
 * Memory: a Matrix stays an ordinary Float64Array (a view on WebAssembly memory would be detached by the
 * first memory.grow), so a product copies A, B and, with accumulate, out in and out back: O(mp + pq + mq)
 * copying against O(mpq) work. That pays once the product is big enough (dispatch.ts's threshold), except
 * for B in a recurrent step (1×h · h×h), where copying W_h costs as much as using it. So `withResident`
 * copies the weights once for a whole forward or backward pass and products find them there by identity.
 * The heap is a bump allocator: resident weights at the bottom, one product's operands above them, freed
 * when the product (or the scope) ends; the memory grows when needed and never shrinks.
 */
import type { Matrix } from "../matrix";
import { productsWasm } from "./products-wasm";

/** The module's exports (pointers in bytes, strides in entries; see products.wat). */
interface Products {
  memory: WebAssembly.Memory;
  gemm_nn(
    a: number,
    sI: number,
    sK: number,
    b: number,
    sB: number,
    o: number,
    sO: number,
    m: number,
    p: number,
    q8: number,
    acc: number,
    list: number,
  ): void;
  gemm_nt(a: number, sA: number, b: number, sB: number, o: number, sO: number, m: number, p: number, q4: number, acc: number): void;
  tanh(x: number, n: number): void;
}

let wasm: Products | null | undefined; // undefined until the first attempt; null where it cannot run
let heap = new Float64Array(0); // the module's memory; replaced after every grow
let top = 0; // bytes in use
let loaded: { bytes: number; ms: number } | undefined; // what loading the module cost, for the benchmark

/** Instantiates the module once (≈ 2 KB, synchronously); false where WebAssembly or its SIMD is missing. */
export function simdSupported(): boolean {
  if (wasm === undefined) {
    const started = performance.now();
    wasm = null;
    if (typeof WebAssembly === "object") {
      const bytes = base64(productsWasm);
      loaded = { bytes: bytes.byteLength, ms: 0 };
      if (WebAssembly.validate(bytes)) {
        wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Products;
        heap = new Float64Array(wasm.memory.buffer);
      }
    }
    if (loaded) loaded.ms = performance.now() - started;
  }
  return wasm !== null;
}

/** The module's size and what decoding, compiling and instantiating it cost (ms), once loaded. */
export function moduleLoad(): { bytes: number; ms: number } | undefined {
  return loaded;
}

/** The module's bytes in a fresh ArrayBuffer (a type both TypeScript 5.0, which tslab uses, and 5.9 accept). */
function base64(text: string): ArrayBuffer {
  const bytes = typeof Buffer === "function" ? Buffer.from(text, "base64") : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

const roundUp = (n: number, r: number) => Math.ceil(n / r) * r;

/** Reserves `entries` float64 (16-byte aligned) and returns their byte offset; grows the memory if needed. */
function reserve(entries: number): number {
  const ptr = top;
  top = roundUp(ptr + 8 * entries, 16);
  if (top > heap.byteLength) {
    const memory = wasm!.memory;
    memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    heap = new Float64Array(memory.buffer);
  }
  return ptr;
}

/**
 * Copies M into the heap with row stride `stride` ≥ cols, zeroing the padding when `zeroPad`, and
 * reserves `slack` more entries after it for the kernels' reads past the last row. Returns the offset.
 */
function copyIn(M: Matrix, stride: number, zeroPad: boolean, slack: number): number {
  const { rows, cols, data } = M;
  const ptr = reserve(rows * stride + slack),
    at = ptr / 8;
  if (stride === cols) heap.set(data, at);
  else
    for (let i = 0; i < rows; i++) {
      const r = at + i * stride;
      for (let j = 0; j < cols; j++) heap[r + j] = data[i * cols + j];
      if (zeroPad) heap.fill(0, r + cols, r + stride);
    }
  return ptr;
}

/** Copies a product from the heap (row stride `stride`) into out. */
function copyOut(ptr: number, stride: number, out: Matrix): void {
  const { rows, cols, data } = out,
    at = ptr / 8;
  if (stride === cols) data.set(heap.subarray(at, at + rows * cols));
  else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = heap[at + i * stride + j];
}

/** Weights copied in by `withResident`, found by their storage. Stride: cols rounded up to even, zero-padded. */
const residents: { data: Float64Array; ptr: number; stride: number }[] = [];
const slackOf = (stride: number) => 3 * stride + 8; // gemm_nt reads up to 3 rows past B, gemm_nn 7 entries

function resident(M: Matrix): { ptr: number; stride: number } | undefined {
  for (const r of residents) if (r.data === M.data) return r;
  return undefined;
}

/** Copies `weights` into WebAssembly memory for the duration of fn (see the header); they must not change meanwhile. */
export function residentScope<T>(weights: readonly Matrix[], fn: () => T): T {
  const mark = top,
    count = residents.length;
  for (const W of weights) {
    if (resident(W)) continue;
    const stride = roundUp(W.cols, 2);
    residents.push({ data: W.data, ptr: copyIn(W, stride, true, slackOf(stride)), stride });
  }
  try {
    return fn();
  } finally {
    residents.length = count;
    top = mark;
  }
}

/** out (+)= A·B, or with `transA` out (+)= Aᵀ·B, through gemm_nn. */
export function wasmMatMul(A: Matrix, B: Matrix, out: Matrix, accumulate: boolean, transA: boolean): void {
  const mark = top;
  const m = out.rows,
    p = B.rows,
    q8 = roundUp(out.cols, 8);
  const a = copyIn(A, A.cols, false, 0);
  const held = resident(B);
  const b = held ? held.ptr : copyIn(B, B.cols, false, 8),
    sB = held ? held.stride : B.cols;
  const o = accumulate ? copyIn(out, q8, false, 0) : reserve(m * q8);
  const list = reserve(Math.ceil(p / 2)); // p int32 indices
  // A[i, k] is at a + 8(i·p + k) for matMul and at a + 8(k·m + i) when A holds Aᵀ's transpose
  const [sI, sK] = transA ? [1, m] : [p, 1];
  wasm!.gemm_nn(a, sI, sK, b, sB, o, q8, m, p, q8, accumulate ? 1 : 0, list);
  copyOut(o, q8, out);
  top = mark;
}

/** out (+)= A·Bᵀ through gemm_nt; A and B are zero-padded to an even number of columns. */
export function wasmMatMulTransB(A: Matrix, B: Matrix, out: Matrix, accumulate: boolean): void {
  const mark = top;
  const pe = roundUp(A.cols, 2),
    q4 = roundUp(out.cols, 4);
  const a = copyIn(A, pe, true, 0);
  const held = resident(B);
  const b = held ? held.ptr : copyIn(B, pe, true, slackOf(pe));
  const o = accumulate ? copyIn(out, q4, false, 0) : reserve(out.rows * q4);
  wasm!.gemm_nt(a, pe, b, pe, o, q4, out.rows, pe, q4, accumulate ? 1 : 0);
  copyOut(o, q4, out);
  top = mark;
}

/** z ← tanh(z) entry by entry, through the module's two-lane tanh (padded to an even count). */
export function wasmTanh(z: Float64Array): void {
  const mark = top,
    n = z.length;
  const x = reserve(n + 1),
    at = x / 8;
  heap.set(z, at);
  heap[at + n] = 0;
  wasm!.tanh(x, roundUp(n, 2));
  z.set(heap.subarray(at, at + n));
  top = mark;
}
