/**
 * Products and the gradients of a sequence whose bits the kernel tests compare between runs and processes:
 * `digest()` hashes every result; run as a script it prints { simd, choice, digest, error } as JSON, where
 * error is the largest deviation of the products from a plain triple loop (relative to Σ|A||B|).
 */
import { createHash } from "node:crypto";
import { initParams } from "../../lib/cells/params";
import { kernelInfo } from "../../lib/kernels/dispatch";
import { Matrix, matMul, matMulTransA, matMulTransB } from "../../lib/matrix";
import { manyToMany } from "../../lib/objectives";
import { leaves } from "../../lib/param-tree";
import { Random } from "../../lib/random";

const SHAPES: [number, number, number][] = [
  [1, 128, 128],
  [5, 33, 17],
  [32, 8, 8],
  [25, 64, 128],
];

/** Every product's result, in a fixed order, from fixed seeds. */
export function products(): { results: Float64Array[]; error: number } {
  const rng = new Random(11);
  const fill = (r: number, c: number) => {
    const M = new Matrix(r, c);
    for (let i = 0; i < M.data.length; i++) M.data[i] = rng.uniform() < 0.2 ? 0 : rng.normal();
    return M;
  };
  const results: Float64Array[] = [];
  let error = 0;
  for (const [m, p, q] of SHAPES) {
    const A = fill(m, p),
      B = fill(p, q),
      At = fill(p, m),
      Bt = fill(q, p);
    const outs = [
      matMul(A, B, new Matrix(m, q)),
      matMulTransA(At, B, new Matrix(m, q)),
      matMulTransB(A, Bt, new Matrix(m, q)),
      matMulTransB(A, Bt, new Matrix(m, q)), // Bt seen unchanged a second time: resident in WebAssembly memory
    ];
    // out[i, j] = Σ_k a(i, k) b(k, j), term by term
    const entry = [(i: number, k: number) => A.get(i, k), (i: number, k: number) => At.get(k, i), (i: number, k: number) => A.get(i, k)];
    const other = [(k: number, j: number) => B.get(k, j), (k: number, j: number) => B.get(k, j), (k: number, j: number) => Bt.get(j, k)];
    entry.push(entry[2]);
    other.push(other[2]);
    outs.forEach((out, n) => {
      for (let i = 0; i < m; i++)
        for (let j = 0; j < q; j++) {
          let s = 0,
            scale = 0;
          for (let k = 0; k < p; k++) {
            s += entry[n](i, k) * other[n](k, j);
            scale += Math.abs(entry[n](i, k) * other[n](k, j));
          }
          error = Math.max(error, Math.abs(out.get(i, j) - s) / (scale || 1));
        }
      results.push(out.data);
    });
  }
  return { results, error };
}

/** The gradients of a character-model-like sequence: one-hot inputs, V = 16, h = 48, T = 6, n = 3. */
function gradients(): Float64Array[] {
  const rng = new Random(12),
    V = 16;
  const xs = Array.from({ length: 6 }, () => {
    const x = new Matrix(3, V);
    for (let i = 0; i < 3; i++) x.set(i, rng.int(V), 1);
    return x;
  });
  const targets = xs.map(() => [rng.int(V), rng.int(V), rng.int(V)]);
  const r = manyToMany(initParams({ inputSize: V, hiddenSize: 48, outputSize: V }, 3), xs, targets, { loss: "crossEntropy" });
  return leaves(r.grads).map(([, g]) => g.data);
}

/** SHA-256 of the products' and gradients' bits. */
export function digest(): string {
  const hash = createHash("sha256");
  for (const r of [...products().results, ...gradients()]) hash.update(new Uint8Array(r.buffer, r.byteOffset, r.byteLength));
  return hash.digest("hex");
}

if (require.main === module) {
  const { choice, simd } = kernelInfo();
  console.log(JSON.stringify({ simd, choice, digest: digest(), error: products().error }));
}
