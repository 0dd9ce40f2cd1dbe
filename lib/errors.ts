/**
 * The library's error vocabulary: every error it throws on purpose is an `RNNError`, one of four kinds.
 * Each message names the argument, what it got (`the string "0.1"`, `null`, `a 3×2 matrix`) and what
 * was expected, so a notebook user can fix the call; `describeValue` spells out what it got.
 */

/**
 * The base class: `catch (e) { if (e instanceof RNNError) … }` catches every error the library throws
 * about its input, and lets through bugs (a TypeError from inside the library would be one).
 */
export class RNNError extends Error {
  override name = "RNNError";
}

/** A wrong shape or size: mismatched dimensions, ragged rows, an empty sequence, sizes over the budget. */
export class ShapeError extends RNNError {
  override name = "ShapeError";
}

/** A bad value or name: NaN or ±∞, a number out of range, a wrong type, an unknown name or character. */
export class ValueError extends RNNError {
  override name = "ValueError";
}

/** Training stopped because the loss or the gradient stopped being finite (`train`, `trainCharLM`). */
export class TrainingDivergedError extends RNNError {
  override name = "TrainingDivergedError";
  /** the epoch (0-based; 0 for trainers without epochs), the step and the non-finite value */
  readonly epoch: number;
  readonly step: number;
  readonly value: number;

  constructor(info: { where: string; epoch?: number; step: number; value: number; advice: string }) {
    const at = info.epoch === undefined ? `step ${info.step}` : `epoch ${info.epoch}, step ${info.step}`;
    super(`${info.where} diverged at ${at}: the loss or gradient became ${info.value}. ${info.advice}`);
    this.epoch = info.epoch ?? 0;
    this.step = info.step;
    this.value = info.value;
  }
}

/** Data that cannot be had: a missing or mistyped folder, no network, a refused or failed download. */
export class DataError extends RNNError {
  override name = "DataError";
}

/** A file whose SHA-256 is not the expected one (a corrupted download or a different edition). */
export class ChecksumError extends DataError {
  override name = "ChecksumError";
}

/**
 * What a value is, for "got …" in messages: `the string "0.1"`, `null`, `undefined`, `NaN`, `-Infinity`,
 * `3`, `true (a boolean)`, `a 3×2 matrix`, `a 3×2 array`, `an array of 4`, `a function`, `an object`.
 */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  switch (typeof v) {
    case "number":
      return String(v);
    case "string":
      return v.length > 40 ? `the string ${JSON.stringify(v.slice(0, 40))}… (${v.length} characters)` : `the string ${JSON.stringify(v)}`;
    case "boolean":
      return `${v} (a boolean)`;
    case "bigint":
      return `${v}n (a bigint)`;
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "an empty array";
    return Array.isArray(v[0]) ? `a ${v.length}×${(v[0] as unknown[]).length} array` : `an array of ${v.length}`;
  }
  const o = v as { rows?: unknown; cols?: unknown; data?: unknown };
  if (typeof o.rows === "number" && typeof o.cols === "number" && o.data instanceof Float64Array) return `a ${o.rows}×${o.cols} matrix`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${(v as unknown as ArrayLike<unknown>).length}`;
  return "an object";
}
