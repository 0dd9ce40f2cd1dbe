/**
 * A cell's parameters: new ones from a seed, or the user's converted and checked against the cell's shapes
 * (once, at the door), with errors that name the parameter, its shape, the one expected and, when the
 * parameters are another cell's, that cell.
 */
import { checkParamBudget } from "../budget";
import { allFinite, checkOptions, checkPositiveInt, checkShape } from "../check";
import { describeValue, RNNError, ValueError } from "../errors";
import { asMatrix, Matrix } from "../matrix";
import { SeedOrRandom, toRandom } from "../random";
import type { CellParams, CellParamsLike, GRUParams, Params, ParamsLike, RNNSizes } from "../shapes";
import { leaves, ParamTree } from "../param-tree";
import { Cell } from "./cell";
import { CellName, CELLS, cellOf } from "./registry";

/** The sizes of a network and its cell: `initParams({ cell: "lstm", inputSize, hiddenSize, outputSize }, seed)`. */
export interface InitOptions extends RNNSizes {
  /** "elman" (default), "lstm", "gru", or a cell of your own */
  cell?: CellName | Cell | null;
}

const INIT_KEYS = ["cell", "inputSize", "hiddenSize", "outputSize"] as const;

/**
 * New parameters: weights drawn from Glorot's uniform U(±√(6 / (fan_in + fan_out))), which keeps the
 * variance of z roughly equal across layers; biases start at zero. `Wh` may be rescaled by
 * `recurrentScale` (e.g. to study vanishing and exploding gradients). With `cell: "lstm"` or `"gru"` the
 * weights hold one block of h columns per gate (see lib/cells/lstm.ts, gru.ts), each block drawn as a
 * layer of its own, the GRU gains its input bias bx, and the LSTM's forget-gate bias starts at 1.
 *
 * @example
 * const p = initParams({ inputSize: 2, hiddenSize: 8, outputSize: 1 }, 42);
 * p.Wh.shape; // "8×8"
 * const q = initParams({ cell: "lstm", inputSize: 2, hiddenSize: 8, outputSize: 1 }, 42);
 * q.Wh.shape; // "8×32": blocks [i | f | g | o]
 */
export function initParams(sizes: RNNSizes & { cell?: "elman" | "lstm" | null }, seed: SeedOrRandom, recurrentScale?: number): Params;
export function initParams(sizes: RNNSizes & { cell: "gru" }, seed: SeedOrRandom, recurrentScale?: number): GRUParams;
export function initParams<P extends CellParams>(sizes: RNNSizes & { cell: Cell<P> }, seed: SeedOrRandom, recurrentScale?: number): P;
export function initParams(sizes: InitOptions, seed: SeedOrRandom, recurrentScale?: number): CellParams;
export function initParams(sizes: InitOptions, seed: SeedOrRandom, recurrentScale = 1): CellParams {
  if (sizes === null || typeof sizes !== "object") {
    throw new ValueError(`initParams: sizes is ${describeValue(sizes)}, expected { inputSize, hiddenSize, outputSize } (and cell)`);
  }
  checkOptions("initParams", sizes, INIT_KEYS, "sizes");
  const cell = cellOf(sizes.cell);
  for (const key of ["inputSize", "hiddenSize", "outputSize"] as const) checkPositiveInt(key, sizes[key]);
  if (typeof recurrentScale !== "number" || !Number.isFinite(recurrentScale) || recurrentScale < 0) {
    throw new ValueError(`recurrentScale must be a finite number ≥ 0, got ${describeValue(recurrentScale)}`);
  }
  const rng = toRandom(seed);
  const shapes = cell.shapes(sizes);
  checkParamBudget(
    sizes,
    shapes.reduce((count, s) => count + s.rows * s.cols, 0),
  );
  return cell.init(sizes, rng, recurrentScale);
}

/** Number of scalars in a parameter set: d·h + h·h + h + h·k + k for one Elman RNN, whatever T is. */
export function paramCount(params: ParamTree): number {
  return leaves(params).reduce((s, [, m]) => s + m.rows * m.cols, 0);
}

/**
 * Converts and checks a parameter set of `cell` (default "elman"): every key present and no other, every
 * matrix finite, the shapes consistent (Elman: Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k; LSTM: Wx d×4h,
 * Wh h×4h, bh 1×4h, Wo h×k, bo 1×k; the GRU's blocks of 3h and its bx). Matrices pass through uncopied,
 * so training the result trains the caller's parameters.
 *
 * @example
 * params = toParams(params); // number[][] leaves become matrices, once
 */
export function toParams(p: ParamsLike | Params, options?: { cell?: "elman" | "lstm" | null }): Params;
export function toParams(p: CellParamsLike | CellParams, options: { cell: "gru" }): GRUParams;
export function toParams<P extends CellParams>(p: CellParamsLike | CellParams, options: { cell: Cell<P> }): P;
export function toParams(p: CellParamsLike | CellParams, options?: { cell?: CellName | Cell | null }): CellParams;
export function toParams(p: CellParamsLike | CellParams, options: { cell?: CellName | Cell | null } = {}): CellParams {
  checkOptions("toParams", options, ["cell"]);
  return checkedParams(cellOf(options?.cell), p);
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
 * The door's check of `cell`'s parameters: converted (number[][] → Matrix, matrices uncopied), every key
 * present and no other, every entry finite, every shape that of `cell.shapes`. When they are the
 * parameters of another known cell, the error says so. Returns them for the engine, which checks no more.
 */
export function checkedParams(cell: Cell, params: CellParamsLike | CellParams): CellParams {
  try {
    return convert(cell, params);
  } catch (e) {
    const other = e instanceof RNNError && CELLS.map((name) => cellOf(name)).find((c) => c !== cell && fits(c, params));
    if (other)
      e.message += `: these look like ${other === cellOf("elman") ? "Elman" : other.name.toUpperCase()} parameters: pass { cell: "${other.name}" }`;
    throw e;
  }
}

/** Whether `params` has exactly `cell`'s keys and shapes (finiteness aside). */
function fits(cell: Cell, params: unknown): boolean {
  if (params === null || typeof params !== "object") return false;
  try {
    checkKeys(cell, params);
    const dims: Record<string, Dims> = {};
    for (const [key, v] of Object.entries(params as Record<string, unknown>)) {
      dims[key] =
        v instanceof Matrix ? v : Array.isArray(v) && Array.isArray(v[0]) ? { rows: v.length, cols: v[0].length } : { rows: -1, cols: -1 };
    }
    checkShapes(cell, dims);
    return true;
  } catch {
    return false;
  }
}

function convert(cell: Cell, params: CellParamsLike | CellParams): CellParams {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new ValueError(
      `params: expected the ${cell.name} cell's { ${paramKeys(cell).join(", ")} } (each a Matrix or a number[][]), got ${describeValue(params)}`,
    );
  }
  checkKeys(cell, params);
  const given = params as CellParamsLike,
    p: Record<string, Matrix> = {};
  for (const key of paramKeys(cell)) {
    const m = given[key];
    p[key] = m instanceof Matrix && allFinite(m.data) ? m : asMatrix(m, `params.${key}`);
  }
  checkShapes(cell, p);
  return p as unknown as CellParams;
}

/** Throws unless `params` has every key of `cell`'s parameters and no other. */
function checkKeys(cell: Cell, params: object): void {
  const keys = paramKeys(cell),
    given = params as Record<string, unknown>;
  const listing = () => `the ${cell.name} cell's parameters are { ${keys.join(", ")} }`;
  for (const key of keys) {
    if (given[key] === undefined) throw new ValueError(`params.${key} is missing (expected ${expected(cell, given, key)}): ${listing()}`);
  }
  for (const key of Object.keys(given)) {
    if (!keys.includes(key)) {
      const hint = cell.name === "lstm" && key === "bx" ? " (PyTorch's two LSTM biases b_ih + b_hh add up to bh)" : "";
      throw new ValueError(`params.${key} is not a parameter of the ${cell.name} cell: ${listing()}${hint}`);
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

/** A matrix's shape, or a nested array's. */
type Dims = { rows: number; cols: number };

/** Throws unless `m` has the shapes of `cell.shapes` for the sizes read off Wx, Wh and Wo. */
function checkShapes(cell: Cell, m: Record<string, Dims>): void {
  const G = cell.blocks.length;
  // h is read off Wh (h×Gh); a Wh of Gh×h is PyTorch's weight_hh, untransposed
  expectShape(cell, "Wh", m.Wh, m.Wh.rows, G * m.Wh.rows, G === 1 ? "h×h" : `h×${G}h`, m.Wh.rows === G * m.Wh.cols);
  const sizes = { inputSize: m.Wx.rows, hiddenSize: m.Wh.rows, outputSize: m.Wo.cols };
  for (const s of cell.shapes(sizes)) {
    // d is read off Wx, so a transposed Wx (Gh×d) shows only in its rows
    const transposed = m[s.key].rows === s.cols && (s.key === "Wx" || m[s.key].cols === s.rows);
    expectShape(cell, s.key, m[s.key], s.rows, s.cols, s.what, transposed);
  }
}

/** checkShape, naming the gate blocks of a gated matrix and saying when the matrix looks transposed. */
function expectShape(cell: Cell, key: string, m: Dims, rows: number, cols: number, what: string, transposed: boolean): void {
  if (m.rows === rows && m.cols === cols) return;
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
