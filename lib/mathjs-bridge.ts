/**
 * Conversion between the library's Matrix and mathjs matrices, so the readable mathjs form of the
 * equations (LaTeX, step-by-step evaluation, test oracles) and the fast kernels can trade values.
 * mathjs is loaded on first use: it takes about a second to load, which users of the kernels alone skip.
 */
import type { MathJsInstance, Matrix as MathMatrix } from "mathjs";
import { checkFinite } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { Matrix } from "./matrix";

let math: MathJsInstance | null = null;

/** The mathjs module, required on first call (and shared by every module of the library that uses it). */
export function loadMathjs(): MathJsInstance {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!math) math = require("mathjs") as MathJsInstance;
  return math;
}

/**
 * A dense mathjs matrix with the same rows × cols entries as `m` (a copy).
 *
 * @example
 * const W = toMathjs(Matrix.from([[1, 2], [3, 4]]));
 * W.size(); // [2, 2]
 */
export function toMathjs(m: Matrix): MathMatrix {
  if (!(m instanceof Matrix)) throw new ValueError(`toMathjs: expected a Matrix, got ${describeValue(m)}`);
  return loadMathjs().matrix(m.toArray());
}

/**
 * A Matrix from a mathjs matrix (dense or sparse) or a plain array. A 1-D vector becomes a 1×n row
 * vector (the tutorial's notation) and a number a 1×1 matrix. Throws, naming `name`, on more than two
 * dimensions, an empty matrix, a non-number entry (complex, BigNumber, unit) or a non-finite one.
 *
 * @example
 * const m = fromMathjs(math.multiply(toMathjs(A), toMathjs(B)), "A·B"); // back to Matrix
 */
export function fromMathjs(x: MathMatrix | number[][] | number[] | number, name = "matrix"): Matrix {
  let values: unknown = x;
  if (typeof x === "number") values = [[x]];
  else if (x && typeof x === "object" && !Array.isArray(x)) {
    if (!loadMathjs().isMatrix(x)) throw new ValueError(`${name}: expected a mathjs matrix, an array or a number, got ${describeValue(x)}`);
    values = x.toArray();
  }
  if (!Array.isArray(values)) throw new ValueError(`${name}: expected a mathjs matrix, an array or a number, got ${describeValue(values)}`);
  if (values.length > 0 && !Array.isArray(values[0])) values = [values]; // 1-D: a row vector
  const rows = values as unknown[][];
  if (rows.some((r) => Array.isArray(r) && r.some((v) => Array.isArray(v)))) {
    throw new ShapeError(`${name}: expected at most 2 dimensions, got a nested array of depth 3 or more`);
  }
  if (rows.length === 0 || rows[0].length === 0) throw new ShapeError(`${name}: expected a non-empty matrix, got an empty one`);
  const m = Matrix.from(rows as number[][], name);
  checkFinite(name, m);
  return m;
}
