/**
 * The library's public entry: everything a notebook or user imports (`import { … } from ".."`).
 * One concept per module; see each file's header.
 */
export * from "./errors";
export * from "./check";
export * from "./matrix";
export * from "./random";
export * from "./activations";
export * from "./rnn";
export * from "./cells";
export * from "./bptt";
export * from "./loss";
export * from "./objectives";
export * from "./param-tree";
export * from "./optim";
export * from "./train";
export * from "./gradcheck";
export * from "./tbptt";
export * from "./data";
export * from "./memory";
export * from "./notebook";
export * from "./vocabulary";
export * from "./bigram";
export * from "./charlm";
export * from "./charlm-train";
export * from "./mathjs-bridge";
export * from "./lagged";
export * from "./format";
export {
  kernelInfo,
  KERNEL_CHOICES,
  setKernels,
  SIMD_THRESHOLD,
  TANH_THRESHOLD,
  withResident,
  type KernelChoice,
} from "./kernels/dispatch";
