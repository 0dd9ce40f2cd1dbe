/**
 * The shapes every layer above shares: a network's sizes, its parameters (Wx, Wh, bh, Wo, bo, and a gated
 * cell's extra ones) and a sequence of T inputs, converted and checked once at the library's door.
 */
import { ShapeError, describeValue, ValueError } from "./errors";
import { allFinite, checkShape } from "./check";
import { asMatrix, Matrix, MatrixLike } from "./matrix";

/** The sizes of a network. */
export interface RNNSizes {
  /** d, features per input step */
  inputSize: number;
  /** h, hidden units */
  hiddenSize: number;
  /** k, outputs per step */
  outputSize: number;
}

/**
 * The five parameters, named as in the equations. Shapes: Wx d×h, Wh h×h, bh 1×h, Wo h×k, bo 1×k (a gated
 * cell's Wx, Wh and bh hold one block of h columns per gate). A type, not an interface, so that it is a
 * ParamTree that `train` and the optimisers accept.
 */
export type Params = {
  Wx: Matrix;
  Wh: Matrix;
  bh: Matrix;
  Wo: Matrix;
  bo: Matrix;
};

/** The parameters as the user may pass them: each a Matrix or a number[][]. */
export type ParamsLike = Record<keyof Params, MatrixLike>;

/** The GRU's six parameters: the five and its input bias bx. */
export type GRUParams = Params & { bx: Matrix };

/** Any cell's parameters: the five, and whatever else its cell names (the GRU's bx). */
export type CellParams = Params & { [extra: string]: Matrix };

/** A cell's parameters as the user may pass them: each a Matrix or a number[][]. */
export type CellParamsLike = { [key: string]: MatrixLike };

/** A sequence of T inputs, each n×d: an array of matrices, or a T × n × d nested array. */
export type SequenceLike = Matrix[] | number[][][];

/** Converts and checks a sequence: T ≥ 1 steps, each n×d with n ≥ 1, all finite, no holes. */
export function toSequence(xs: SequenceLike, d: number, name = "X"): Matrix[] {
  if (!Array.isArray(xs)) {
    throw new ValueError(`${name}: expected a sequence (an array of T steps, each n×d), got ${describeValue(xs)}`);
  }
  if (xs.length === 0) {
    throw new ShapeError(`${name}: empty sequence (T = 0), expected T ≥ 1 steps of n×d, got ${describeValue(xs)}`);
  }
  const seq: Matrix[] = new Array(xs.length);
  // a loop, not map, which would skip the holes of a sparse array
  for (let t = 0; t < xs.length; t++) {
    if (!(t in xs)) throw new ValueError(`${name}[${t}] is missing (a hole in the sequence), expected step x_${t} of n×d`);
    const x = xs[t];
    // a finite Matrix passes as it is; the message's name is written only for what is converted or refused
    seq[t] = x instanceof Matrix && allFinite(x.data) ? x : asMatrix(x, `${name}[${t}]`);
  }
  const n = seq[0].rows;
  if (n === 0) throw new ShapeError(`${name}: empty batch (n = 0), expected n ≥ 1 rows per step`);
  seq.forEach((x, t) => (x.rows === n && x.cols === d) || checkShape(`x_${t} (${name}[${t}])`, x, n, d, "n×d"));
  return seq;
}
