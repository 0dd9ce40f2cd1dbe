/**
 * What a recurrent cell is to the sequence engine: its parameters (keys, shapes, initialisation), the state
 * it carries, one forward step and one backward step over views of step t's buffers. The engine
 * (lib/engine/forward.ts and backward.ts) does the rest, the same for every cell.
 */
import { ValueError } from "../errors";
import { Matrix } from "../matrix";
import { Random } from "../random";
import type { CellParams, RNNSizes } from "../shapes";

/**
 * One parameter's shape: rows×cols, and the same in words (`what`, e.g. "h×4h") for error messages. Its key
 * says what the engine does with its gradient: `Wx` gets Xᵀ·∂L/∂a, `bx` the column sums of ∂L/∂a, `Wh` H₋ᵀ·∂L/∂b,
 * `bh` those of ∂L/∂b, `Wo` Hᵀ·∂L/∂ŷ and `bo` those of ∂L/∂ŷ.
 */
export interface ParamShape {
  key: "Wx" | "bx" | "Wh" | "bh" | "Wo" | "bo";
  rows: number;
  cols: number;
  what: string;
}

/**
 * Step t's values, n rows each: views into the buffers of the unrolled pass, which stacks the T steps
 * one under another. A cell without a cell state gets empty (n×0) `cPrev`, `c` and `kept`.
 */
export interface StepValues {
  /** n×Gh: a_t = x_t W_x on entry to the forward step, which overwrites it with what the backward step needs */
  a: Matrix;
  /** n×Gh: b_t = h_{t−1} W_h + b_h for a `split` cell (GRU); otherwise the same matrix as `a` */
  b: Matrix;
  /** h_{t−1}, n×h */
  hPrev: Matrix;
  /** h_t, n×h, written by the forward step */
  h: Matrix;
  /** c_{t−1} and c_t, n×h (LSTM) */
  cPrev: Matrix;
  c: Matrix;
  /** n×(keeps·h) more values the forward step keeps for the backward step (LSTM: tanh c_t) */
  kept: Matrix;
}

/** Step t's gradients: `dh` (and `dc`) arrive, the rest the backward step writes. */
export interface StepGrads {
  /** ∂L/∂h_t, n×h: from ŷ_t and from step t+1 */
  dh: Matrix;
  /** ∂L/∂c_t from step t+1 on entry, replaced by ∂L/∂c_{t−1}, n×h (LSTM; n×0 otherwise) */
  dc: Matrix;
  /** ∂L/∂a_t and ∂L/∂b_t, n×Gh: the same matrix unless the cell is `split` */
  da: Matrix;
  db: Matrix;
  /** ∂L/∂h_{t−1}, n×h, written (not added to: the buffer is reused) by the backward step */
  dhPrev: Matrix;
}

/**
 * A recurrent cell. Every cell starts from two affine maps, a_t = x_t W_x (+ b_x) and
 * b_t = h_{t−1} W_h + b_h, whose G column blocks (one per gate) feed its pointwise functions. The engine
 * computes x_t W_x for all steps in one product; the cell's forward step adds the rest of a_t and b_t (for
 * Elman and the LSTM straight into a_t, since only a_t + b_t matters) and computes the state. Its backward
 * step returns ∂L/∂a_t, ∂L/∂b_t and ∂L/∂h_{t−1}, so the engine takes every weight gradient as one product
 * over the stacked steps (see `ParamShape`).
 *
 * Adding a cell is one file like lib/cells/lstm.ts and one line in lib/cells/registry.ts; a cell written
 * elsewhere (a notebook, a test) is passed as it is: `manyToOne(p, xs, y, { cell: myCell })`.
 */
export interface Cell<P extends CellParams = CellParams> {
  /** its name in messages ("lstm"); the registry's key for the built-in ones */
  readonly name: string;
  /** the column blocks of Wx and Wh, in PyTorch's order: Elman ["h"], LSTM ["i", "f", "g", "o"], GRU ["r", "z", "n"] */
  readonly blocks: readonly string[];
  /** the state carried from step to step: ["h"] or ["h", "c"] */
  readonly state: readonly ("h" | "c")[];
  /** a_t and b_t stay apart (the GRU's candidate needs r ⊙ b_n): then ∂L/∂a ≠ ∂L/∂b */
  readonly split: boolean;
  /** values kept per step besides the gates, in multiples of h (LSTM: 1, tanh c_t) */
  readonly keeps: number;
  /** the parameters, in the order they are drawn and listed */
  shapes(sizes: RNNSizes): readonly ParamShape[];
  /** new parameters from `rng`; `recurrentScale` multiplies the range of Wh */
  init(sizes: RNNSizes, rng: Random, recurrentScale?: number): P;
  /** h_t (and c_t) from x_t W_x and h_{t−1} (and c_{t−1}) */
  forward(p: P, s: StepValues): void;
  /** ∂L/∂a_t, ∂L/∂b_t, ∂L/∂h_{t−1} (and ∂L/∂c_{t−1}) from ∂L/∂h_t (and ∂L/∂c_t) */
  backward(p: P, s: StepValues, g: StepGrads): void;
  /** optionally, every step at once in a faster kernel that computes exactly what the steps above would */
  readonly fused?: FusedSteps<P>;
}

/** A whole sequence's buffers, stacked by step as lib/engine/forward.ts's tape (block t: rows t·n … t·n + n − 1). */
export interface StackedSteps {
  /** (T·n)×Gh: x_t W_x on entry to the forward pass, what each step keeps (the gates) after it */
  A: Matrix;
  /** (T·n)×Gh: b_t = h_{t−1} W_h + b_h for a `split` cell (GRU); otherwise the same matrix as A */
  B: Matrix;
  /** ((T+1)·n)×h: h_{−1}, h_0, …, h_{T−1} */
  S: Matrix;
  /** ((T+1)·n)×h: c_{−1}, c_0, …, c_{T−1} (a cell that carries c) */
  Sc: Matrix;
  /** (T·n)×(keeps·h): the other kept values */
  K: Matrix;
}

/** The gradients a fused backward pass reads and writes, n rows per step. */
export interface StackedGrads {
  /** (T·n)×h: dŷ_t W_oᵀ on entry, all of ∂L/∂h_t after */
  DH: Matrix;
  /** (T·n)×Gh: ∂L/∂a_t and ∂L/∂b_t, written (the same matrix unless the cell is `split`) */
  DA: Matrix;
  DB: Matrix;
  /** n×h: ∂L/∂h_{T−1} and ∂L/∂c_{T−1} from outside on entry, ∂L/∂h_{−1} and ∂L/∂c_{−1} after */
  dh: Matrix;
  dc: Matrix;
}

/**
 * A cell's T steps in one call (the built-in cells': lib/kernels/products.wat), the same numbers as its forward and
 * backward steps run one by one. Each returns false, having changed nothing, where it does not run (sizes it
 * does not take, kernels set to "typescript"); the engine then runs the steps.
 */
export interface FusedSteps<P extends CellParams = CellParams> {
  forward(p: P, tape: StackedSteps, T: number, n: number): boolean;
  backward(p: P, tape: StackedSteps, grads: StackedGrads, T: number, n: number): boolean;
}

/** The shapes `gateShapes` made, by sizes, gate count and bx (the engine asks for them at every call), the last first. */
const shapeCache = new Map<string, readonly ParamShape[]>();
let last: { d: number; h: number; k: number; G: number; withBx: boolean; shapes: readonly ParamShape[] } | undefined;

/**
 * The shapes shared by every cell with G gate blocks: Wx d×Gh, Wh h×Gh, (bx 1×Gh,) bh 1×Gh, Wo h×k, bo 1×k.
 * (The same frozen array for the same sizes.)
 */
export function gateShapes(sizes: RNNSizes, G: number, withBx: boolean): readonly ParamShape[] {
  const { inputSize: d, hiddenSize: h, outputSize: k } = sizes;
  if (last && last.d === d && last.h === h && last.k === k && last.G === G && last.withBx === withBx) return last.shapes;
  const key = `${d} ${h} ${k} ${G} ${withBx}`;
  let shapes = shapeCache.get(key);
  if (!shapes) {
    if (shapeCache.size > 64) shapeCache.clear();
    shapeCache.set(key, (shapes = Object.freeze(makeGateShapes(d, h, k, G, withBx).map((s) => Object.freeze(s)))));
  }
  last = { d, h, k, G, withBx, shapes };
  return shapes;
}

function makeGateShapes(d: number, h: number, k: number, G: number, withBx: boolean): ParamShape[] {
  const Gh = G === 1 ? "h" : `${G}h`;
  return [
    { key: "Wx", rows: d, cols: G * h, what: `d×${Gh}` },
    { key: "Wh", rows: h, cols: G * h, what: `h×${Gh}` },
    ...(withBx ? [{ key: "bx", rows: 1, cols: G * h, what: `1×${Gh}` } as const] : []),
    { key: "bh", rows: 1, cols: G * h, what: `1×${Gh}` },
    { key: "Wo", rows: h, cols: k, what: "h×k" },
    { key: "bo", rows: 1, cols: k, what: "1×k" },
  ];
}

/**
 * New parameters in the order of `shapes`: weights from Glorot's uniform U(±√(6 / (fan_in + fan_out))),
 * which keeps the variance of the pre-activations roughly equal across layers, biases at zero. Each gate
 * block of Wx and Wh is a layer of its own, so its fan-out is h; Wh's range is multiplied by `recurrentScale`.
 */
export function initFromShapes<P extends CellParams = CellParams>(
  shapes: readonly ParamShape[],
  h: number,
  rng: Random,
  recurrentScale = 1,
): P {
  const p: Record<string, Matrix> = {};
  for (const { key, rows, cols } of shapes) {
    const m = new Matrix(rows, cols);
    if (key[0] === "W") {
      const limit = (key === "Wh" ? recurrentScale : 1) * Math.sqrt(6 / (rows + (key === "Wo" ? cols : h)));
      const w = m.data;
      for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
    }
    p[key] = m;
  }
  return p as P;
}

/**
 * Gate `name`'s values (e.g. "f" of the LSTM) out of a step's `a`, n×Gh, which holds the gate values
 * once the forward step has run: a copy, n×h.
 */
export function gateOf(cell: Cell, a: Matrix, name: string): Matrix {
  const k = cell.blocks.indexOf(name);
  if (cell.blocks.length === 1 || k < 0) {
    const gates = cell.blocks.length > 1 ? `; its gates are ${cell.blocks.join(", ")}` : "";
    throw new ValueError(`the ${cell.name} cell has no gate "${name}"${gates}`);
  }
  const h = a.cols / cell.blocks.length,
    out = new Matrix(a.rows, h),
    from = a.data,
    to = out.data;
  for (let r = 0; r < a.rows; r++) to.set(from.subarray(r * a.cols + k * h, r * a.cols + (k + 1) * h), r * h);
  return out;
}
