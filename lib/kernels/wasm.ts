/**
 * The WebAssembly side of the matrix products and the fused recurrences: instantiates products.wat's module on
 * first use, copies operands into its memory and results back out, and keeps the weights that products read
 * again and again resident there.
 *
 * Memory: a Matrix stays an ordinary Float64Array (a view on WebAssembly memory would be detached by the
 * first memory.grow), so a product copies A, B and, with accumulate, out in and out back: O(mp + pq + mq)
 * copying against O(mpq) work. That pays once the product is big enough (dispatch.ts's threshold), except
 * for B in a recurrent step (1×h · h×h), where copying W_h costs as much as using it. So a B that comes back
 * unchanged stays resident: the cache below is keyed by B's array and the version of its stamp, which every
 * write through `Matrix.data` moves on (lib/matrix.ts), so a weight the optimiser updated is copied again and
 * one that did not change is found where it is. The heap: resident weights at the bottom, one product's
 * operands above them, freed when the product ends; the memory grows when needed and never shrinks.
 *
 * Tiers: V8 compiles a module's functions lazily with its baseline compiler (Liftoff, about half the speed
 * here) and moves each to the optimising one (TurboFan) once it has run enough, in the background: a
 * process's speed hung on its tiering (five processes of the LSTM step ran 116–179 steps/s, 169–177 with
 * Liftoff off). In Node the module is therefore compiled eagerly by TurboFan alone (`optimised` below):
 * ≈ 5 KB take a few milliseconds, and every process runs the same code from the first call.
 */
import { setFlagsFromString } from "node:v8";
import { productsWasm } from "./products-wasm";

/** What changes whenever a matrix's entries may have: lib/matrix.ts moves `version` on every write access. */
export interface Stamp {
  version: number;
}

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
  lstm_forward(
    z: number,
    sZ: number,
    s: number,
    c: number,
    k: number,
    w: number,
    bh: number,
    T: number,
    n: number,
    h: number,
    list: number,
  ): void;
  lstm_backward(
    z: number,
    sZ: number,
    c: number,
    k: number,
    dH: number,
    dz: number,
    dc: number,
    d0: number,
    d1: number,
    sO: number,
    w: number,
    T: number,
    n: number,
    h: number,
  ): number;
  gru_forward(
    a: number,
    sA: number,
    b: number,
    sB: number,
    s: number,
    w: number,
    sW: number,
    bx: number,
    bh: number,
    T: number,
    n: number,
    h: number,
    list: number,
  ): void;
  gru_backward(
    a: number,
    sA: number,
    b: number,
    sB: number,
    s: number,
    dH: number,
    da: number,
    db: number,
    sD: number,
    d0: number,
    d1: number,
    sO: number,
    w: number,
    sW: number,
    T: number,
    n: number,
    h: number,
  ): number;
  elman_forward(z: number, sZ: number, s: number, w: number, sW: number, bh: number, T: number, n: number, h: number, list: number): void;
  elman_backward(
    s: number,
    dH: number,
    dz: number,
    sD: number,
    d0: number,
    d1: number,
    sO: number,
    w: number,
    sW: number,
    T: number,
    n: number,
    h: number,
  ): number;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    b1: number,
    a1: number,
    b2: number,
    a2: number,
    c1: number,
    c2: number,
    lr: number,
    eps: number,
  ): void;
  adagrad(p: number, g: number, G: number, n: number, lr: number, eps: number): void;
  rmsprop(p: number, g: number, E: number, n: number, rho: number, a: number, lr: number, eps: number): void;
}

let wasm: Products | null | undefined; // undefined until the first attempt; null where it cannot run
let unavailable = ""; // why, when it cannot
let heap = new Float64Array(0); // the module's memory; replaced after every grow
let top = 0; // bytes in use
let loaded: { bytes: number; ms: number } | undefined; // what loading the module cost, for the benchmark

/** Instantiates the module once (≈ 5 KB, synchronously); false where WebAssembly, its SIMD or its memory is missing. */
export function simdSupported(): boolean {
  if (wasm === undefined) {
    const started = performance.now();
    wasm = null;
    unavailable = "this engine has no WebAssembly";
    if (typeof WebAssembly === "object") {
      const bytes = base64(productsWasm);
      loaded = { bytes: bytes.byteLength, ms: 0 };
      unavailable = "this engine's WebAssembly has no SIMD";
      if (WebAssembly.validate(bytes)) {
        try {
          wasm = new WebAssembly.Instance(optimised(bytes)).exports as unknown as Products;
          heap = new Float64Array(wasm.memory.buffer);
        } catch (e) {
          // e.g. a RangeError when the engine cannot reserve the module's memory: the TypeScript kernels remain
          unavailable = `the WebAssembly module could not be instantiated (${(e as Error).message})`;
        }
      }
    }
    if (loaded) loaded.ms = performance.now() - started;
  }
  return wasm !== null;
}

/** V8 flags that choose how WebAssembly is compiled; a process started with any of them keeps its own choice. */
const TIER_FLAGS = /^--(no-)?(liftoff|wasm[-_](lazy[-_]compilation|tier|dynamic[-_]tiering))/;

/**
 * Compiles `bytes` with every function optimised now: V8's flags are set to skip the baseline tier and lazy
 * compilation for this one module and put back at once, so other modules in the process (a notebook's,
 * tsx's) compile as they would have. Elsewhere than Node, or where the flags cannot be set, the engine's
 * default applies.
 */
function optimised(bytes: ArrayBuffer): WebAssembly.Module {
  const given = [...(globalThis.process?.execArgv ?? []), ...(globalThis.process?.env?.NODE_OPTIONS ?? "").split(/\s+/)];
  if (typeof setFlagsFromString !== "function" || given.some((f) => TIER_FLAGS.test(f))) return new WebAssembly.Module(bytes);
  setFlagsFromString("--no-liftoff");
  setFlagsFromString("--no-wasm-lazy-compilation");
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    setFlagsFromString("--liftoff");
    setFlagsFromString("--wasm-lazy-compilation");
  }
}

/** Why the WebAssembly kernels cannot run here ("" where they can). */
export function simdUnavailable(): string {
  return simdSupported() ? "" : unavailable;
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

/**
 * Reserves `entries` float64 (16-byte aligned) and returns their byte offset, growing the memory if needed;
 * −1 when the memory cannot grow (the product then runs in TypeScript).
 */
function reserve(entries: number): number {
  const ptr = top,
    end = roundUp(ptr + 8 * entries, 16);
  if (end > heap.byteLength) {
    const memory = wasm!.memory;
    try {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    } catch {
      return -1;
    }
    heap = new Float64Array(memory.buffer);
  }
  top = end;
  return ptr;
}

/** Copies rows×cols `values` to `ptr` with row stride `stride` ≥ cols, zeroing the padding when `zeroPad`. */
function copyTo(ptr: number, values: Float64Array, rows: number, cols: number, stride: number, zeroPad: boolean): void {
  const at = ptr / 8;
  if (stride === cols) heap.set(values, at);
  else
    for (let i = 0; i < rows; i++) {
      const r = at + i * stride;
      for (let j = 0; j < cols; j++) heap[r + j] = values[i * cols + j];
      if (zeroPad) heap.fill(0, r + cols, r + stride);
    }
}

/** Reserves room for rows×cols `values` with row stride `stride` and `slack` entries after it, and copies them in; −1 if no room. */
function copyIn(values: Float64Array, rows: number, cols: number, stride: number, zeroPad: boolean, slack: number): number {
  const ptr = reserve(rows * stride + slack);
  if (ptr >= 0) copyTo(ptr, values, rows, cols, stride, zeroPad);
  return ptr;
}

/** Copies a product from the heap (row stride `stride`) into out. */
function copyOut(ptr: number, stride: number, rows: number, cols: number, out: Float64Array): void {
  const at = ptr / 8;
  if (stride === cols) out.set(heap.subarray(at, at + rows * cols));
  else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = heap[at + i * stride + j];
}

/** A weight kept in WebAssembly memory: found by its array, valid while its stamp's version is the one copied. */
interface Resident {
  values: Float64Array;
  stamp: Stamp;
  version: number;
  rows: number;
  cols: number;
  ptr: number;
  stride: number;
}

/**
 * At most this many weights, and this many bytes of them, stay resident; past either, the cache starts afresh.
 * A B of fewer entries than RESIDENT_MIN is simply copied: that costs less than looking for it.
 */
const MAX_RESIDENTS = 16,
  MAX_RESIDENT_BYTES = 64 * 2 ** 20,
  RESIDENT_MIN = 2048;
const residents: Resident[] = [];
let residentTop = 0; // bytes the residents take, at the bottom of the heap
/** The last few B operands seen once (array and version): a second sighting makes one resident, so scratch stays out. */
const seen: { values: Float64Array | null; version: number }[] = Array.from({ length: 8 }, () => ({ values: null, version: 0 }));
let seenNext = 0;
const slackOf = (stride: number) => 3 * stride + 8; // gemm_nt reads up to 3 rows past B, gemm_nn 7 entries

/** How many weights are resident now (for tests and the benchmark). */
export function residentCount(): number {
  return residents.length;
}

/**
 * B's place in WebAssembly memory when it is resident, or becomes so now: it was resident in an older version
 * (copied again in place) or was seen unchanged before. Must run before a product reserves its operands.
 * Residents use a row stride of cols rounded up to even, zero-padded, which both kernels read.
 */
function residentOf(values: Float64Array, rows: number, cols: number, stamp: Stamp | undefined): Resident | undefined {
  if (!stamp || rows * cols < RESIDENT_MIN) return undefined;
  let r: Resident | undefined;
  for (const x of residents) if (x.values === values) r = x;
  if (r && r.rows === rows && r.cols === cols) {
    if (r.stamp !== stamp || r.version !== stamp.version) {
      copyTo(r.ptr, values, rows, cols, r.stride, true);
      r.stamp = stamp;
      r.version = stamp.version;
    }
    return r;
  }
  if (r) clearResidents(); // the same array seen with another shape: start afresh
  let before: (typeof seen)[number] | undefined;
  for (const s of seen) if (s.values === values) before = s;
  if (!before || before.version !== stamp.version) {
    const slot = seen[seenNext];
    slot.values = values;
    slot.version = stamp.version;
    seenNext = (seenNext + 1) % seen.length;
    return undefined;
  }
  before.values = null;
  const stride = roundUp(cols, 2),
    size = roundUp(8 * (rows * stride + slackOf(stride)), 16);
  if (residents.length >= MAX_RESIDENTS || residentTop + size > MAX_RESIDENT_BYTES) clearResidents();
  const ptr = copyIn(values, rows, cols, stride, true, slackOf(stride));
  if (ptr < 0) return undefined;
  residentTop = top;
  const made = { values, stamp, version: stamp.version, rows, cols, ptr, stride };
  residents.push(made);
  return made;
}

function clearResidents(): void {
  residents.length = 0;
  top = residentTop = 0;
}

/**
 * out (+)= A·B (A m×p, B p×q, out m×q), or with `transA` out (+)= Aᵀ·B (A p×m), through gemm_nn. `bStamp`
 * marks a B that may stay resident. Returns false, having changed nothing, when the memory cannot grow.
 */
export function wasmMatMul(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  p: number,
  q: number,
  accumulate: boolean,
  transA: boolean,
  bStamp?: Stamp,
): boolean {
  const held = residentOf(b, p, q, bStamp);
  const mark = top,
    q8 = roundUp(q, 8);
  const aPtr = copyIn(a, transA ? p : m, transA ? m : p, transA ? m : p, false, 0);
  const bPtr = held ? held.ptr : copyIn(b, p, q, q, false, 8),
    sB = held ? held.stride : q;
  const o = accumulate ? copyIn(out, m, q, q8, false, 0) : reserve(m * q8);
  const list = reserve(Math.ceil(p / 2)); // p int32 indices
  if (!placed(aPtr, bPtr, o, list)) return release(mark);
  // A[i, k] is at a + 8(i·p + k) for matMul and at a + 8(k·m + i) when A holds Aᵀ's transpose
  const [sI, sK] = transA ? [1, m] : [p, 1];
  wasm!.gemm_nn(aPtr, sI, sK, bPtr, sB, o, q8, m, p, q8, accumulate ? 1 : 0, list);
  copyOut(o, q8, m, q, out);
  top = mark;
  return true;
}

/** out (+)= A·Bᵀ (A m×p, B q×p) through gemm_nt; A and B are zero-padded to an even number of columns. */
export function wasmMatMulTransB(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  p: number,
  q: number,
  accumulate: boolean,
  bStamp?: Stamp,
): boolean {
  const held = residentOf(b, q, p, bStamp);
  const mark = top;
  const pe = roundUp(p, 2),
    q4 = roundUp(q, 4);
  const aPtr = copyIn(a, m, p, pe, true, 0);
  const bPtr = held ? held.ptr : copyIn(b, q, p, pe, true, slackOf(pe));
  const o = accumulate ? copyIn(out, m, q, q4, false, 0) : reserve(m * q4);
  if (!placed(aPtr, bPtr, o)) return release(mark);
  wasm!.gemm_nt(aPtr, pe, bPtr, pe, o, q4, m, pe, q4, accumulate ? 1 : 0);
  copyOut(o, q4, m, q, out);
  top = mark;
  return true;
}

/** z ← tanh(z) entry by entry, through the module's two-lane tanh (padded to an even count); false if no room. */
export function wasmTanh(z: Float64Array): boolean {
  const mark = top,
    n = z.length;
  const x = reserve(n + 1);
  if (x < 0) return release(mark);
  const at = x / 8;
  heap.set(z, at);
  heap[at + n] = 0;
  wasm!.tanh(x, roundUp(n, 2));
  z.set(heap.subarray(at, at + n));
  top = mark;
  return true;
}

/** Whether every pointer was placed (none is −1, which `reserve` and `copyIn` return when there is no room). */
const placed = (...ptrs: number[]) => ptrs.every((p) => p >= 0);

/** Frees what a product reserved before it found no room; false, so the caller runs the TypeScript kernel. */
function release(mark: number): false {
  top = mark;
  return false;
}

/** A weight as the fused steps read it: its entries and stamp, taken without moving its version. */
export interface Weight {
  values: Float64Array;
  stamp: Stamp;
}

/**
 * W_h in WebAssembly memory as both products read it (row stride cols rounded up to 2, zero-padded): resident,
 * or copied as one more operand; ptr −1 if no room. `mark` is where this call's scratch begins.
 */
function weightIn(W: Weight, rows: number, cols: number): { ptr: number; stride: number; mark: number } {
  const held = residentOf(W.values, rows, cols, W.stamp);
  const mark = top,
    stride = roundUp(cols, 2);
  return { ptr: held ? held.ptr : copyIn(W.values, rows, cols, stride, true, slackOf(stride)), stride, mark };
}

/** The LSTM's buffers of a whole sequence, plain arrays shaped as lib/engine/forward.ts's tape (see products.wat). */
export interface LstmTape {
  /** (T·n)×4h: x_t W_x on entry to the forward pass, the gates after it */
  Z: Float64Array;
  /** ((T+1)·n)×h: h_{−1} … h_{T−1} */
  S: Float64Array;
  /** ((T+1)·n)×h: c_{−1} … c_{T−1} */
  C: Float64Array;
  /** (T·n)×h: tanh(c_t) */
  K: Float64Array;
}

/**
 * The LSTM's forward recurrence in one call (products.wat's lstm_forward): fills the tape from x_t W_x (in Z) and
 * h_{−1}, c_{−1} (the first n rows of S and C). False, having changed nothing, if no room.
 */
export function wasmLstmForward(Wh: Weight, bh: Float64Array, tape: LstmTape, T: number, n: number, h: number): boolean {
  const G = 4 * h,
    sZ = roundUp(G, 8),
    { ptr: w, mark } = weightIn(Wh, h, G);
  const z = copyIn(tape.Z, T * n, G, sZ, false, 0),
    s = reserve((T + 1) * n * h),
    c = reserve((T + 1) * n * h),
    k = reserve(T * n * h + 1),
    b = copyIn(bh, 1, G, G, false, 0),
    list = reserve(h);
  if (!placed(w, z, s, c, k, b, list)) return release(mark);
  heap.set(tape.S.subarray(0, n * h), s / 8);
  heap.set(tape.C.subarray(0, n * h), c / 8);
  wasm!.lstm_forward(z, sZ, s, c, k, w, b, T, n, h, list);
  copyOut(z, sZ, T * n, G, tape.Z);
  copyOut(s, h, (T + 1) * n, h, tape.S);
  copyOut(c, h, (T + 1) * n, h, tape.C);
  copyOut(k, h, T * n, h, tape.K);
  top = mark;
  return true;
}

/** What a fused backward recurrence reads and writes, plain arrays (see lib/engine/backward.ts). */
export interface FusedGrads {
  /** (T·n)×h: dŷ_t W_oᵀ on entry, ∂L/∂h_t after */
  DH: Float64Array;
  /** (T·n)×Gh: ∂L/∂z_t (∂L/∂a_t for the GRU), written */
  DZ: Float64Array;
  /** (T·n)×3h: ∂L/∂b_t, written (GRU only) */
  DB?: Float64Array;
  /** n×h: ∂L/∂c_{T−1} from outside on entry, ∂L/∂c_{−1} after (LSTM; unused by the Elman network) */
  dc: Float64Array;
  /** n×h: ∂L/∂h_{T−1} from outside on entry, ∂L/∂h_{−1} after */
  dh: Float64Array;
}

/**
 * Backpropagation through the LSTM's recurrence in one call (products.wat's lstm_backward), on the forward
 * pass's tape. False, having changed nothing, if no room.
 */
export function wasmLstmBackward(Wh: Weight, tape: LstmTape, g: FusedGrads, T: number, n: number, h: number): boolean {
  const G = 4 * h,
    sZ = roundUp(G, 8),
    sO = roundUp(h, 4),
    { ptr: w, mark } = weightIn(Wh, h, G);
  const z = copyIn(tape.Z, T * n, G, sZ, false, 0),
    c = copyIn(tape.C.subarray(0, T * n * h), T * n, h, h, false, 0), // c_{−1} … c_{T−2}: each step's c_{t−1}
    k = copyIn(tape.K, T * n, h, h, false, 0),
    dH = copyIn(g.DH, T * n, h, h, false, 0),
    dz = reserve(T * n * G),
    dc = copyIn(g.dc, n, h, h, false, 0),
    d0 = copyIn(g.dh, n, h, sO, false, 0),
    d1 = reserve(n * sO);
  if (!placed(w, z, c, k, dH, dz, dc, d0, d1)) return release(mark);
  const last = wasm!.lstm_backward(z, sZ, c, k, dH, dz, dc, d0, d1, sO, w, T, n, h);
  copyOut(dH, h, T * n, h, g.DH);
  copyOut(dz, G, T * n, G, g.DZ);
  copyOut(dc, h, n, h, g.dc);
  copyOut(last ? d1 : d0, sO, n, h, g.dh);
  top = mark;
  return true;
}

/**
 * The Elman network's forward recurrence with φ = tanh in one call (products.wat's elman_forward): from x_t W_x
 * (in Z, (T·n)×h) and h_{−1} (the first n rows of S, ((T+1)·n)×h), Z ends as x_t W_x + h_{t−1} W_h and S as
 * h_{−1} … h_{T−1}, as the cell's steps leave them. False, having changed nothing, if no room.
 */
export function wasmElmanForward(Wh: Weight, bh: Float64Array, Z: Float64Array, S: Float64Array, T: number, n: number, h: number): boolean {
  const { ptr: w, stride: sW, mark } = weightIn(Wh, h, h),
    sZ = roundUp(h, 8);
  const z = copyIn(Z, T * n, h, sZ, false, 0),
    s = reserve((T + 1) * n * h + 1),
    b = copyIn(bh, 1, h, h, false, 0),
    list = reserve(h);
  if (!placed(w, z, s, b, list)) return release(mark);
  heap.set(S.subarray(0, n * h), s / 8);
  wasm!.elman_forward(z, sZ, s, w, sW, b, T, n, h, list);
  copyOut(z, sZ, T * n, h, Z);
  copyOut(s, h, (T + 1) * n, h, S);
  top = mark;
  return true;
}

/**
 * Backpropagation through the Elman recurrence (φ = tanh) in one call (products.wat's elman_backward), on the
 * forward pass's S. False, having changed nothing, if no room.
 */
export function wasmElmanBackward(Wh: Weight, S: Float64Array, g: FusedGrads, T: number, n: number, h: number): boolean {
  const { ptr: w, stride: sW, mark } = weightIn(Wh, h, h),
    sD = roundUp(h, 2),
    sO = roundUp(h, 4);
  const s = copyIn(S.subarray(n * h), T * n, h, h, false, 0), // h_0 … h_{T−1}
    dH = copyIn(g.DH, T * n, h, h, false, 0),
    dz = reserve(T * n * sD),
    d0 = copyIn(g.dh, n, h, sO, false, 0),
    d1 = reserve(n * sO);
  if (!placed(w, s, dH, dz, d0, d1)) return release(mark);
  const last = wasm!.elman_backward(s, dH, dz, sD, d0, d1, sO, w, sW, T, n, h);
  copyOut(dH, h, T * n, h, g.DH);
  copyOut(dz, sD, T * n, h, g.DZ);
  copyOut(last ? d1 : d0, sO, n, h, g.dh);
  top = mark;
  return true;
}

/** The GRU's buffers of a whole sequence, plain arrays shaped as lib/engine/forward.ts's tape. */
export interface GruTape {
  /** (T·n)×3h: x_t W_x on entry to the forward pass, the gate values [r | z | n] after it */
  A: Float64Array;
  /** (T·n)×3h: b_t = h_{t−1} W_h + b_h, written by the forward pass */
  B: Float64Array;
  /** ((T+1)·n)×h: h_{−1} … h_{T−1} */
  S: Float64Array;
}

/**
 * The GRU's forward recurrence in one call (products.wat's gru_forward): fills the tape from x_t W_x (in A) and
 * h_{−1} (the first n rows of S). False, having changed nothing, if no room.
 */
export function wasmGruForward(Wh: Weight, bx: Float64Array, bh: Float64Array, tape: GruTape, T: number, n: number, h: number): boolean {
  const G = 3 * h,
    sA = roundUp(G, 2),
    sB = roundUp(G, 8),
    { ptr: w, stride: sW, mark } = weightIn(Wh, h, G);
  const a = copyIn(tape.A, T * n, G, sA, false, 0),
    b = reserve(T * n * sB),
    s = reserve((T + 1) * n * h),
    x = copyIn(bx, 1, G, G, false, 0),
    c = copyIn(bh, 1, G, G, false, 0),
    list = reserve(h);
  if (!placed(w, a, b, s, x, c, list)) return release(mark);
  heap.set(tape.S.subarray(0, n * h), s / 8);
  wasm!.gru_forward(a, sA, b, sB, s, w, sW, x, c, T, n, h, list);
  copyOut(a, sA, T * n, G, tape.A);
  copyOut(b, sB, T * n, G, tape.B);
  copyOut(s, h, (T + 1) * n, h, tape.S);
  top = mark;
  return true;
}

/**
 * Backpropagation through the GRU's recurrence in one call (products.wat's gru_backward), on the forward pass's
 * tape; writes g.DZ (∂L/∂a_t) and g.DB (∂L/∂b_t). False, having changed nothing, if no room.
 */
export function wasmGruBackward(Wh: Weight, tape: GruTape, g: FusedGrads, T: number, n: number, h: number): boolean {
  const G = 3 * h,
    sA = roundUp(G, 2),
    sB = roundUp(G, 8),
    sD = roundUp(G, 2),
    sO = roundUp(h, 4),
    { ptr: w, stride: sW, mark } = weightIn(Wh, h, G);
  const a = copyIn(tape.A, T * n, G, sA, false, 0),
    b = copyIn(tape.B, T * n, G, sB, false, 0),
    s = copyIn(tape.S.subarray(0, T * n * h), T * n, h, h, false, 0), // h_{−1} … h_{T−2}: each step's h_{t−1}
    dH = copyIn(g.DH, T * n, h, h, false, 0),
    da = reserve(T * n * G),
    db = reserve(T * n * sD),
    d0 = copyIn(g.dh, n, h, sO, false, 0),
    d1 = reserve(n * sO);
  if (!placed(w, a, b, s, dH, da, db, d0, d1)) return release(mark);
  const last = wasm!.gru_backward(a, sA, b, sB, s, dH, da, db, sD, d0, d1, sO, w, sW, T, n, h);
  copyOut(dH, h, T * n, h, g.DH);
  copyOut(da, G, T * n, G, g.DZ);
  copyOut(db, sD, T * n, G, g.DB!);
  copyOut(last ? d1 : d0, sO, n, h, g.dh);
  top = mark;
  return true;
}

/** The optimiser updates products.wat computes: each reads its parameters, gradient and state arrays. */
export type UpdateRuleName = "adam" | "adagrad" | "rmsprop";

/**
 * One optimiser update (products.wat's `adam`, `adagrad` or `rmsprop`) of the parameters `p` from the gradient `g`
 * and the rule's state arrays, all of p's length: each copied in (padded to an even count with a zero), the
 * parameters and the state copied back. `scalars` are the rule's hyperparameters in its order. False, having
 * changed nothing, if no room.
 */
export function wasmUpdate(rule: UpdateRuleName, p: Float64Array, g: Float64Array, state: Float64Array[], scalars: number[]): boolean {
  const mark = top,
    n = p.length,
    even = roundUp(n, 2);
  const arrays = [p, g, ...state],
    ptrs = arrays.map(() => reserve(even));
  if (!placed(...ptrs)) return release(mark);
  arrays.forEach((a, i) => {
    heap.set(a, ptrs[i] / 8);
    if (n < even) heap[ptrs[i] / 8 + n] = 0; // an odd n's padding lane
  });
  const [pp, gp, s0, s1] = ptrs,
    k = scalars;
  if (rule === "adam") wasm!.adam(pp, gp, s0, s1, even, k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]);
  else if (rule === "adagrad") wasm!.adagrad(pp, gp, s0, even, k[0], k[1]);
  else wasm!.rmsprop(pp, gp, s0, even, k[0], k[1], k[2], k[3]);
  arrays.forEach((a, i) => {
    if (a !== g) a.set(heap.subarray(ptrs[i] / 8, ptrs[i] / 8 + n));
  });
  top = mark;
  return true;
}
