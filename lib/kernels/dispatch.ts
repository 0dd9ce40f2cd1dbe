/**
 * Which kernel computes a product (or tanh): the WebAssembly SIMD kernels (products.wat, through wasm.ts)
 * where the work repays copying the operands, the TypeScript reference (lib/matrix.ts, Math.tanh) for the
 * rest, and for everything where WebAssembly SIMD is missing. `setKernels` forces either path.
 */
import { checkOneOf } from "../check";
import type { Matrix } from "../matrix";
import { residentScope, simdSupported, wasmMatMul, wasmMatMulTransB, wasmTanh } from "./wasm";

export const KERNEL_CHOICES = ["auto", "simd", "typescript"] as const;
/** "auto": SIMD above the size threshold where supported; "simd" or "typescript": always that path. */
export type KernelChoice = (typeof KERNEL_CHOICES)[number];

let choice: KernelChoice = "auto";
let simdCalls = 0; // products and tanh computed in WebAssembly so far

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
  if (next === "simd" && !simdSupported()) throw new Error("setKernels: WebAssembly SIMD is not available in this engine");
  const previous = choice;
  choice = next;
  return previous;
}

/**
 * The current choice, whether this engine runs WebAssembly SIMD (instantiating the module on the first
 * call), and how many products and tanh have run in WebAssembly so far.
 */
export function kernelInfo(): { choice: KernelChoice; simd: boolean; simdCalls: number } {
  return { choice, simd: simdSupported(), simdCalls };
}

/** Whether an m×p by p×q product goes to WebAssembly; `minP` is the shortest sum worth it. */
function useSimd(m: number, p: number, q: number, minP = 2): boolean {
  if (choice === "typescript" || m * p * q === 0) return false;
  if (choice === "auto" && (m * p * q < SIMD_THRESHOLD || p < minP || q < 4)) return false;
  return counted();
}

/** Whether WebAssembly runs the call (counting it), once the size test passed. */
function counted(): boolean {
  if (!simdSupported()) return false;
  simdCalls++;
  return true;
}

/** matMul's fast path: computes out (+)= A·B and returns true, or returns false for the reference. */
export function fastMatMul(A: Matrix, B: Matrix, out: Matrix, accumulate: boolean): boolean {
  if (!useSimd(A.rows, A.cols, B.cols)) return false;
  wasmMatMul(A, B, out, accumulate, false);
  return true;
}

/** matMulTransA's fast path: out (+)= Aᵀ·B. */
export function fastMatMulTransA(A: Matrix, B: Matrix, out: Matrix, accumulate: boolean): boolean {
  if (!useSimd(A.cols, A.rows, B.cols)) return false;
  wasmMatMul(A, B, out, accumulate, true);
  return true;
}

/** matMulTransB's fast path: out (+)= A·Bᵀ. */
export function fastMatMulTransB(A: Matrix, B: Matrix, out: Matrix, accumulate: boolean): boolean {
  if (!useSimd(A.rows, A.cols, B.rows, 8)) return false;
  wasmMatMulTransB(A, B, out, accumulate);
  return true;
}

/** Under "auto", tanh of fewer entries than this runs as Math.tanh: the call would cost more than it saves. */
export const TANH_THRESHOLD = 32;

/**
 * tanh's fast path: z ← tanh(z) in place and true, or false for Math.tanh. Each is within 2 units in the
 * last place of the exact value (checked against 120-bit arithmetic), so they agree within 4
 * (test/kernels-wasm.test.ts); the WebAssembly one gives the same bits on every engine.
 */
export function fastTanh(z: Float64Array): boolean {
  if (choice === "typescript" || z.length === 0 || (choice === "auto" && z.length < TANH_THRESHOLD) || !counted()) return false;
  wasmTanh(z);
  return true;
}

/**
 * Runs fn with `weights` copied once into WebAssembly memory, so the products inside that read one of
 * them as B (the recurrent h·W_h of every step) do not copy it again. The weights must not change while
 * fn runs. Without SIMD it simply runs fn.
 *
 * @example
 * withResident([Wh, Wo], () => { for (const c of text) h = model.step(h, c, logits); });
 */
export function withResident<T>(weights: readonly Matrix[], fn: () => T): T {
  return choice === "typescript" || !simdSupported() ? fn() : residentScope(weights, fn);
}
