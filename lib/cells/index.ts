/**
 * Recurrent cells as swappable parts: the cell interface, the Elman, LSTM and GRU cells, their
 * parameters, and the unrolled forward pass and BPTT that work with any of them.
 */
export * from "./cell";
export * from "./elman";
export * from "./lstm";
export * from "./gru";
export * from "./params";
export * from "./unroll";
export * from "./bptt";
export * from "./run";
export * from "./stepper";
export * from "./memory";
