/**
 * Choosing a cell by name, and its parameters: new ones from a seed, or the user's checked against the
 * cell's shapes, with errors that name the parameter, its shape and the one expected.
 */
import { ActivationName } from "../activations";
import { checkParamBudget } from "../budget";
import { checkOneOf, checkPositiveInt, checkShape } from "../check";
import { describeValue, ValueError } from "../errors";
import { asMatrix, Matrix, MatrixLike } from "../matrix";
import { SeedOrRandom, toRandom } from "../random";
import type { RNNSizes } from "../rnn";
import { Cell, CellName, CellParams, CELLS } from "./cell";
import { elman } from "./elman";
import { gru } from "./gru";
import { lstm } from "./lstm";

/** A cell's parameters as the user may pass them: each a Matrix or a number[][]. */
export type CellParamsLike = { [key: string]: MatrixLike };

export interface CellOptions {
  /** φ of the Elman cell (default "tanh"); the gated cells' nonlinearities are fixed */
  activation?: ActivationName | null;
}

/** The Elman cells made so far, one per φ: the objectives ask for one at every call. */
const elmanCells = new Map<ActivationName, Cell>();

/**
 * The cell called `name` ("elman", the default, "lstm" or "gru"); a Cell passes through.
 *
 * @example
 * cellOf("lstm").blocks; // ["i", "f", "g", "o"]
 */
export function cellOf(cellName?: CellName | Cell | null, options: CellOptions = {}): Cell {
  const name = cellName ?? "elman",
    activation = options.activation ?? undefined;
  if (typeof name === "object") return name;
  checkOneOf("cell", name, CELLS);
  if (name === "elman") {
    const phi = activation ?? "tanh";
    let cell = elmanCells.get(phi);
    if (!cell) elmanCells.set(phi, (cell = elman(phi))); // elman checks φ's name
    return cell;
  }
  if (activation !== undefined) {
    throw new ValueError(
      `activation "${options.activation}" is for the Elman cell: the ${name} cell's gates use σ and tanh, got cell "${name}"`,
    );
  }
  return name === "lstm" ? lstm : gru;
}

/**
 * New parameters for `cell`, drawn from `seed`: Glorot-uniform weights (Wh's range times
 * `recurrentScale`), zero biases, and the LSTM's forget-gate bias at 1. For Elman these are exactly
 * `initParams(sizes, seed, recurrentScale)`.
 *
 * @example
 * const p = initCellParams(lstm, { inputSize: 8, hiddenSize: 64, outputSize: 1 }, 42); // Wx 8×256
 */
export function initCellParams(cell: Cell, sizes: RNNSizes, seed: SeedOrRandom, recurrentScale = 1): CellParams {
  checkPositiveInt("inputSize", sizes.inputSize);
  checkPositiveInt("hiddenSize", sizes.hiddenSize);
  checkPositiveInt("outputSize", sizes.outputSize);
  checkParamBudget(
    sizes,
    cell.shapes(sizes).reduce((count, s) => count + s.rows * s.cols, 0),
  );
  return cell.init(sizes, toRandom(seed), recurrentScale);
}

const keysOf = new WeakMap<Cell, string[]>();

/** The names of a cell's parameters, in order. */
export function paramKeys(cell: Cell): string[] {
  let keys = keysOf.get(cell);
  if (!keys) keysOf.set(cell, (keys = cell.shapes({ inputSize: 1, hiddenSize: 1, outputSize: 1 }).map((s) => s.key)));
  return keys;
}

/** Sizes read off a cell's parameters: d from Wx (d×Gh), h from Wh (h×Gh), k from Wo (h×k). */
export function cellSizes(p: CellParams): RNNSizes {
  return { inputSize: p.Wx.rows, hiddenSize: p.Wh.rows, outputSize: p.Wo.cols };
}

/**
 * Converts and checks `cell`'s parameters: every key present and no other, every matrix finite, and
 * the shapes of `cell.shapes` (e.g. LSTM: Wx d×4h, Wh h×4h, bh 1×4h, Wo h×k, bo 1×k). Matrices pass
 * through uncopied.
 */
export function toCellParams(cell: Cell, params: CellParamsLike | CellParams): CellParams {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    const keys = paramKeys(cell).join(", ");
    throw new ValueError(
      `params: expected the ${cell.name} cell's { ${keys} } (each a Matrix or a number[][]), got ${describeValue(params)}`,
    );
  }
  checkKeys(cell, params);
  const given = params as CellParamsLike,
    p: Record<string, Matrix> = {};
  for (const key of paramKeys(cell)) p[key] = asMatrix(given[key], `params.${key}`);
  return checkCellParams(cell, p as unknown as CellParams);
}

/**
 * Checks that `p` holds exactly `cell`'s parameters, of the shapes of `cell.shapes` (the forward pass's
 * check, which leaves conversion and finiteness to `toCellParams`). Returns `p`.
 */
export function checkCellParams(cell: Cell, p: CellParams): CellParams {
  checkKeys(cell, p);
  const G = cell.blocks.length,
    m = p as unknown as Record<string, Matrix>;
  // h is read off Wh (h×Gh); a Wh of Gh×h is PyTorch's weight_hh, untransposed
  expectShape(cell, "Wh", p.Wh, p.Wh.rows, G * p.Wh.rows, G === 1 ? "h×h" : `h×${G}h`, p.Wh.rows === G * p.Wh.cols);
  for (const s of cell.shapes(cellSizes(p))) {
    // d is read off Wx, so a transposed Wx (Gh×d) shows only in its rows
    const transposed = m[s.key].rows === s.cols && (s.key === "Wx" || m[s.key].cols === s.rows);
    expectShape(cell, s.key, m[s.key], s.rows, s.cols, s.what, transposed);
  }
  return p;
}

/** Throws unless `params` has every key of `cell`'s parameters and no other. */
function checkKeys(cell: Cell, params: object): void {
  const keys = paramKeys(cell),
    given = params as Record<string, unknown>;
  const listing = `the ${cell.name} cell's parameters are { ${keys.join(", ")} }`;
  for (const key of keys) {
    if (given[key] === undefined) throw new ValueError(`params.${key} is missing (expected ${expected(cell, given, key)}): ${listing}`);
  }
  for (const key of Object.keys(given)) {
    if (!keys.includes(key)) {
      const hint = cell.name === "lstm" && key === "bx" ? " (PyTorch's two LSTM biases b_ih + b_hh add up to bh)" : "";
      throw new ValueError(`params.${key} is not a parameter of the ${cell.name} cell: ${listing}${hint}`);
    }
  }
}

/** The shape `key` must have, in words and, when Wx, Wh and Wo give the sizes, in numbers: "1×3h = 1×12". */
function expected(cell: Cell, given: Record<string, unknown>, key: string): string {
  const dims = (v: unknown): [number, number] | null =>
    v instanceof Matrix ? [v.rows, v.cols] : Array.isArray(v) && Array.isArray(v[0]) ? [v.length, (v[0] as unknown[]).length] : null;
  const [wx, wh, wo] = [given.Wx, given.Wh, given.Wo].map(dims);
  const sizes = { inputSize: wx?.[0] ?? 1, hiddenSize: wh?.[0] ?? 1, outputSize: wo?.[1] ?? 1 };
  const s = cell.shapes(sizes).find((x) => x.key === key)!;
  return wx && wh && wo ? `${s.what} = ${s.rows}×${s.cols}` : s.what;
}

/** checkShape, naming the gate blocks of a gated matrix and saying when the matrix looks transposed. */
function expectShape(cell: Cell, key: string, m: Matrix, rows: number, cols: number, what: string, transposed: boolean): void {
  const gated = cell.blocks.length > 1 && what.includes(`${cell.blocks.length}h`);
  const name = gated ? `params.${key} (${cell.name} gate blocks [${cell.blocks.join(" | ")}])` : `params.${key}`;
  try {
    checkShape(name, m, rows, cols, what);
  } catch (e) {
    if (transposed && e instanceof Error) {
      e.message += `: it looks transposed (the library multiplies row vectors, x_t W_x and h_{t−1} W_h; PyTorch's weight_ih and weight_hh are their transposes)`;
    }
    throw e;
  }
}
