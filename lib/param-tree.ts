/**
 * Parameter trees: named matrices, possibly nested ({ Wx, Wh, bh, Wo, bo } or { encoder: {…}, decoder: {…} }),
 * and their leaves by path. The model (rnn.ts), the gradient check and the optimisers all walk them, so
 * they sit below all three.
 */
import { describeValue, ShapeError, ValueError } from "./errors";
import { Matrix } from "./matrix";

/**
 * Named matrices, possibly nested: { Wx, Wh, bh, Wo, bo } or { encoder: {…}, decoder: {…} }. Every leaf
 * is a Matrix: optimisers and `train` update leaves in place, which a number[][] cannot be (convert
 * one parameter set with `toParams`, or any array with `Matrix.from`, and keep the result).
 */
export type ParamTree = Matrix | { readonly [name: string]: ParamTree };

/**
 * The (path, matrix) leaves of a tree, e.g. ["encoder.Wx", …]. Throws a ValueError naming the path of
 * a leaf that is not a Matrix (a number[][] would be trained as a throwaway copy) and for a tree with
 * no matrix at all (unless `nonEmpty` is false); `what` names the tree in messages ("params", "grads").
 */
export function leaves(tree: ParamTree, what = "params", nonEmpty = true): [string, Matrix][] {
  const out: [string, Matrix][] = [];
  const walk = (node: unknown, path: string) => {
    if (node instanceof Matrix) out.push([path, node]);
    else if (node !== null && typeof node === "object" && !Array.isArray(node) && !ArrayBuffer.isView(node))
      for (const k of Object.keys(node)) walk((node as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    else {
      const where = path ? `${what}.${path}` : what;
      throw new ValueError(
        `${where} is ${describeValue(node)}, expected a Matrix (or an object of them). Parameters are updated in place, ` +
          `so convert arrays once and keep the result: params = toParams(params), or Matrix.from(array)`,
      );
    }
  };
  walk(tree, "");
  if (nonEmpty && out.length === 0) throw new ValueError(`${what} holds no Matrix, expected named matrices such as { Wx, Wh, bh, Wo, bo }`);
  return out;
}

/** Pairs each parameter with its gradient by path (the gradient tree is read where the parameters are), checking that they match. */
export function pairLeaves(params: ParamTree, grads: ParamTree): [string, Matrix, Matrix][] {
  return leaves(params).map(([path, p]) => {
    let d: unknown = grads;
    for (const key of path === "" ? [] : path.includes(".") ? path.split(".") : [path])
      d = d !== null && typeof d === "object" ? (d as Record<string, unknown>)[key] : undefined;
    if (d === undefined || d === null) throw new ShapeError(`grads.${path} is missing`);
    if (!(d instanceof Matrix)) throw new ValueError(`grads.${path} is ${describeValue(d)}, expected a Matrix like params.${path}`);
    if (d.rows !== p.rows || d.cols !== p.cols)
      throw new ShapeError(`grads.${path} is ${d.shape}, expected ${p.shape} like params.${path}`);
    return [path, p, d];
  });
}
