/**
 * Tests of lib/param-tree.ts: the leaves of a nested parameter tree by path, the refusal of leaves that
 * are not matrices, and the pairing of parameters with gradients of the same shape.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Matrix, ParamTree } from "../lib";
import { leaves, pairLeaves } from "../lib/param-tree";

test("leaves lists every matrix of a nested tree by its dotted path, in key order", () => {
  const W = Matrix.row([1]);
  const tree = { encoder: { Wx: W, Wh: W }, decoder: { Wo: W }, bo: W };
  assert.deepEqual(
    leaves(tree).map(([path]) => path),
    ["encoder.Wx", "encoder.Wh", "decoder.Wo", "bo"],
  );
  assert.deepEqual(leaves(W), [["", W]]);
});

test("leaves names a leaf that is not a Matrix, and a tree with none", () => {
  assert.throws(() => leaves({ enc: { Wx: [[1]] } } as unknown as ParamTree), /params\.enc\.Wx is a 1×1 array, expected a Matrix/);
  assert.throws(() => leaves({ w: null } as unknown as ParamTree, "grads"), /grads\.w is null, expected a Matrix/);
  assert.throws(() => leaves({}), /params holds no Matrix/);
  assert.deepEqual(leaves({}, "grads", false), []);
});

test("pairLeaves pairs each parameter with the gradient at its path, naming a missing or misshapen one", () => {
  const p = { a: Matrix.row([1, 2]), b: { c: Matrix.row([3]) } };
  const g = { b: { c: Matrix.row([30]) }, a: Matrix.row([10, 20]) };
  assert.deepEqual(
    pairLeaves(p, g).map(([path, pm, gm]) => [path, pm === (path === "a" ? p.a : p.b.c), Array.from(gm.data)]),
    [
      ["a", true, [10, 20]],
      ["b.c", true, [30]],
    ],
  );
  assert.throws(() => pairLeaves(p, { a: g.a }), /grads\.b\.c is missing/);
  assert.throws(() => pairLeaves(p, { ...g, a: Matrix.row([1]) }), /grads\.a is 1×1, expected 1×2 like params\.a/);
});
