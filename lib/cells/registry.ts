/**
 * The cells the library knows by name: one line each. Adding a cell is its file (like lstm.ts) and its line
 * here; everything that takes `{ cell }` — the engine, the objectives, training, the character model — then
 * knows it by name. A cell written elsewhere is passed as the object itself.
 */
import type { ActivationName } from "../activations";
import { checkOneOf } from "../check";
import { describeValue, ValueError } from "../errors";
import { Cell } from "./cell";
import { elman } from "./elman";
import { gru } from "./gru";
import { lstm } from "./lstm";

const REGISTRY = {
  elman: elman(),
  lstm,
  gru,
};

/** The names of the registered cells, in the order the README lists them. */
export type CellName = keyof typeof REGISTRY;
export const CELLS = Object.keys(REGISTRY) as CellName[];

/** The Elman cells made for other φ, one each: the objectives ask for one at every call. */
const elmanCells = new Map<ActivationName, Cell>([["tanh", REGISTRY.elman]]);

/**
 * The cell called `name` ("elman", the default, "lstm" or "gru"), the Elman cell with φ = `activation`;
 * a Cell passes through as it is.
 *
 * @example
 * cellOf("lstm").blocks; // ["i", "f", "g", "o"]
 */
export function cellOf(name?: CellName | Cell | null, activation?: ActivationName | null): Cell {
  if (name !== null && typeof name === "object") {
    checkCell(name);
    if (activation != null) {
      throw new ValueError(
        `activation "${activation}" names φ of the cell called "elman"; a cell given as an object (${name.name}) brings its own`,
      );
    }
    return name;
  }
  const key = name ?? "elman";
  checkOneOf("cell", key, CELLS);
  if (key === "elman") {
    const φ = activation ?? "tanh";
    let cell = elmanCells.get(φ);
    if (!cell) elmanCells.set(φ, (cell = elman(φ))); // elman checks φ's name
    return cell;
  }
  if (activation != null) {
    throw new ValueError(`activation "${activation}" is for the Elman cell: the ${key} cell's gates use σ and tanh, got cell "${key}"`);
  }
  return REGISTRY[key];
}

/** Throws unless `cell` has what the engine calls: a name, blocks, state, and its four functions. */
function checkCell(cell: object): asserts cell is Cell {
  const c = cell as Partial<Record<keyof Cell, unknown>>;
  const missing = (["shapes", "init", "forward", "backward"] as const).filter((key) => typeof c[key] !== "function");
  if (typeof c.name !== "string") missing.unshift("name" as never);
  if (!Array.isArray(c.blocks) || c.blocks.length === 0) missing.push("blocks" as never);
  if (!Array.isArray(c.state) || !c.state.includes("h")) missing.push("state" as never);
  if (missing.length > 0) {
    throw new ValueError(
      `cell is ${describeValue(cell)} without ${missing.join(", ")}: expected a cell name (${CELLS.map((n) => `"${n}"`).join(", ")}) ` +
        `or a Cell { name, blocks, state, split, keeps, shapes, init, forward, backward }`,
    );
  }
}
