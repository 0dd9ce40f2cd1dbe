/**
 * Which kernel computes a product (or tanh): the WebAssembly SIMD kernels (products.wat, through wasm.ts)
 * where the work repays copying the operands, the TypeScript reference (lib/matrix.ts, Math.tanh) for the
 * rest, and for everything where WebAssembly SIMD is missing. `setKernels` forces either path.
 *
 * The kernels see plain arrays and sizes, never a Matrix: this layer sits below lib/matrix.ts, and a
 * kernel that one day runs a whole recurrent step on buffers living in WebAssembly memory plugs in here.
 */
import { checkOneOf } from "../check";
import { ValueError } from "../errors";
import {
  type FusedGrads,
  type GruTape,
  type LstmTape,
  residentCount,
  simdSupported,
  simdUnavailable,
  type Stamp,
  wasmElmanBackward,
  wasmElmanForward,
  wasmGruBackward,
  wasmGruForward,
  wasmLstmBackward,
  wasmLstmForward,
  wasmMatMul,
  wasmMatMulTransB,
  wasmTanh,
  wasmUpdate,
  type UpdateRuleName,
  type Weight,
} from "./wasm";

export type { FusedGrads, GruTape, LstmTape, UpdateRuleName, Weight };

export const KERNEL_CHOICES = ["auto", "simd", "typescript"] as const;
/** "auto": SIMD above the size threshold where supported; "simd" or "typescript": always that path. */
export type KernelChoice = (typeof KERNEL_CHOICES)[number];

/** What `kernelInfo` reports. */
export interface KernelInfo {
  /** the current choice (`setKernels`) */
  choice: KernelChoice;
  /** whether this engine runs the WebAssembly SIMD kernels */
  simd: boolean;
  /** why it does not ("" where it does) */
  unavailable: string;
  /** products, tanh, fused recurrences and optimiser updates computed in WebAssembly so far */
  simdCalls: number;
  /** weights resident in WebAssembly memory now */
  residents: number;
}

let choice: KernelChoice = "auto";
let simdCalls = 0; // calls that WebAssembly ran so far (see KernelInfo.simdCalls)

/**
 * Under "auto", products of fewer multiply-adds (m·p·q) than this run in TypeScript: below it, copying the
 * operands and the call cost about what SIMD saves (measured on a 2-core x86-64: the crossover lies between
 * 256 and 1024). So do
 * products with q < 4, which the kernels would pad to 8 columns and mostly compute padding (e.g. the
 * regression's h×1 output layer), and those summing fewer than 2 terms (8 for A·Bᵀ, whose dot products end
 * in a sum of lanes that short sums do not repay).
 */
export const SIMD_THRESHOLD = 1024;

/**
 * Chooses the kernels for every later product; returns the previous choice. "simd" throws where
 * WebAssembly SIMD is missing. Empty products (a dimension of 0) always run the reference.
 *
 * @example
 * const before = setKernels("typescript"); // the readable reference, e.g. to compare
 * setKernels(before);
 */
export function setKernels(next: KernelChoice): KernelChoice {
  checkOneOf("kernel choice (setKernels)", next, KERNEL_CHOICES);
  if (next === "simd" && !simdSupported()) throw new ValueError(`setKernels: "simd" is not available here: ${simdUnavailable()}`);
  const previous = choice;
  choice = next;
  return previous;
}

/**
 * The current choice, whether this engine runs WebAssembly SIMD (instantiating the module on the first
 * call) and why not, how many products and tanh have run in WebAssembly so far, and how many weights are
 * resident there.
 */
export function kernelInfo(): KernelInfo {
  return { choice, simd: simdSupported(), unavailable: simdUnavailable(), simdCalls, residents: residentCount() };
}

/** Whether an m×p by p×q product goes to WebAssembly; `minP` is the shortest sum worth it. */
function useSimd(m: number, p: number, q: number, minP = 2): boolean {
  if (choice === "typescript" || m * p * q === 0) return false;
  if (choice === "auto" && (m * p * q < SIMD_THRESHOLD || p < minP || q < 4)) return false;
  return simdSupported();
}

/** Counts a call that WebAssembly ran. */
function ran(done: boolean): boolean {
  if (done) simdCalls++;
  return done;
}

/**
 * matMul's fast path: out (+)= A·B with A m×p, B p×q, out m×q (row-major arrays that do not overlap out), or
 * with `transA` out (+)= Aᵀ·B with A p×m. Returns true when WebAssembly computed it, false for the reference.
 * `bStamp` lets a B that comes back unchanged stay resident in WebAssembly memory.
 */
export function fastMatMul(
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
  return useSimd(m, p, q) && ran(wasmMatMul(a, b, out, m, p, q, accumulate, transA, bStamp));
}

/** matMulTransB's fast path: out (+)= A·Bᵀ with A m×p, B q×p, out m×q. */
export function fastMatMulTransB(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  p: number,
  q: number,
  accumulate: boolean,
  bStamp?: Stamp,
): boolean {
  return useSimd(m, p, q, 8) && ran(wasmMatMulTransB(a, b, out, m, p, q, accumulate, bStamp));
}

/** Under "auto", tanh of fewer entries than this runs as Math.tanh: the call would cost more than it saves. */
export const TANH_THRESHOLD = 32;

/**
 * tanh's fast path: z ← tanh(z) in place and true, or false for Math.tanh. Each is within 2 units in the
 * last place of the exact value (checked against 120-bit arithmetic), so they agree within 4
 * (test/kernels-wasm.test.ts); the WebAssembly one gives the same bits on every engine.
 */
export function fastTanh(z: Float64Array): boolean {
  if (choice === "typescript" || z.length === 0 || (choice === "auto" && z.length < TANH_THRESHOLD) || !simdSupported()) return false;
  return ran(wasmTanh(z));
}

/**
 * Whether the LSTM's whole recurrence (n streams, h units) runs fused in WebAssembly: exactly where each of its
 * steps' products and tanh would run there too, so the results are the same to the bit. Elsewhere the cell's
 * TypeScript steps run.
 */
function fusedLstm(n: number, h: number): boolean {
  if (choice === "typescript" || n === 0 || h === 0 || !simdSupported()) return false;
  // h ≥ 4: dz_t W_hᵀ has h ≥ 4 columns (see useSimd); tanh of the gates and of c_t, n·4h and n·h entries
  return choice === "simd" || (h >= 4 && n * h >= TANH_THRESHOLD && 4 * n * h * h >= SIMD_THRESHOLD);
}

/** The LSTM's forward recurrence in one WebAssembly call, or false (nothing changed) for the cell's steps. */
export function fastLstmForward(Wh: Weight, bh: Float64Array, tape: LstmTape, T: number, n: number, h: number): boolean {
  return fusedLstm(n, h) && ran(wasmLstmForward(Wh, bh, tape, T, n, h));
}

/** The LSTM's backward recurrence in one WebAssembly call, or false (nothing changed) for the cell's steps. */
export function fastLstmBackward(Wh: Weight, tape: LstmTape, grads: FusedGrads, T: number, n: number, h: number): boolean {
  return fusedLstm(n, h) && ran(wasmLstmBackward(Wh, tape, grads, T, n, h));
}

/** Whether the Elman recurrence (φ = tanh) runs fused: where each of its steps' products and tanh would run in WebAssembly. */
function fusedElman(n: number, h: number): boolean {
  if (choice === "typescript" || n === 0 || h === 0 || !simdSupported()) return false;
  // h ≥ 8: h_{t−1} W_h and dz_t W_hᵀ both go to WebAssembly (see useSimd); n·h² ≥ 1024 implies n·h ≥ 32 for tanh
  return choice === "simd" || (h >= 8 && n * h * h >= SIMD_THRESHOLD);
}

/** The Elman forward recurrence in one WebAssembly call, or false (nothing changed) for the cell's steps. */
export function fastElmanForward(Wh: Weight, bh: Float64Array, Z: Float64Array, S: Float64Array, T: number, n: number, h: number): boolean {
  return fusedElman(n, h) && ran(wasmElmanForward(Wh, bh, Z, S, T, n, h));
}

/** The Elman backward recurrence in one WebAssembly call, or false (nothing changed) for the cell's steps. */
export function fastElmanBackward(Wh: Weight, S: Float64Array, grads: FusedGrads, T: number, n: number, h: number): boolean {
  return fusedElman(n, h) && ran(wasmElmanBackward(Wh, S, grads, T, n, h));
}

/**
 * Whether the GRU's recurrence runs fused: where each of its steps' products and tanh would run in WebAssembly. Its
 * steps take tanh row by row (the candidate's h entries, the gates' 2h), so under "auto" from h ≥ 32.
 */
function fusedGru(n: number, h: number): boolean {
  if (choice === "typescript" || n === 0 || h === 0 || !simdSupported()) return false;
  return choice === "simd" || h >= TANH_THRESHOLD; // then 3n·h² ≥ 1024 for both products, and h ≥ 4 columns of ∂L/∂h_{t−1}
}

/** The GRU's forward recurrence in one WebAssembly call, or false (nothing changed) for the cell's steps. */
export function fastGruForward(Wh: Weight, bx: Float64Array, bh: Float64Array, tape: GruTape, T: number, n: number, h: number): boolean {
  return fusedGru(n, h) && ran(wasmGruForward(Wh, bx, bh, tape, T, n, h));
}

/** The GRU's backward recurrence in one WebAssembly call, or false (nothing changed) for the cell's steps. */
export function fastGruBackward(Wh: Weight, tape: GruTape, grads: FusedGrads, T: number, n: number, h: number): boolean {
  return fusedGru(n, h) && ran(wasmGruBackward(Wh, tape, grads, T, n, h));
}

/**
 * Under "auto", parameters of fewer entries than this are updated in TypeScript: the call costs about 1.5 µs, what
 * the two lanes save on about 200 entries (measured on a 2-core x86-64: even at 192, ahead from 256).
 */
export const UPDATE_THRESHOLD = 256;

/**
 * An optimiser update's fast path (Adam, Adagrad, RMSprop): `p` and the rule's `state` updated in place from `g`, in
 * WebAssembly, and true; or false (nothing changed) for lib/optim.ts's loop. The same operations in the same order,
 * so the same bits either way; what WebAssembly saves is half the divisions and square roots.
 */
export function fastUpdate(rule: UpdateRuleName, p: Float64Array, g: Float64Array, state: Float64Array[], scalars: number[]): boolean {
  if (choice === "typescript" || p.length === 0 || (choice === "auto" && p.length < UPDATE_THRESHOLD) || !simdSupported()) return false;
  return ran(wasmUpdate(rule, p, g, state, scalars));
}
