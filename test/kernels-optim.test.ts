/**
 * Tests of the optimisers' updates in WebAssembly (lib/kernels/products.wat's adam, adagrad and rmsprop, through
 * lib/optim.ts): every parameter after many steps is the same, to the bit, as lib/optim.ts's TypeScript loops give;
 * under "auto" they run from UPDATE_THRESHOLD entries, and plain SGD never leaves TypeScript.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { kernelInfo, Matrix, optimizer, type OptimizerName, type OptimizerOptions, Random, setKernels } from "../lib";
import { UPDATE_THRESHOLD } from "../lib/kernels/dispatch";

afterEach(() => setKernels("auto"));

/** Entries that stress the update: ordinary normals, zeros of both signs, tiny and huge magnitudes. */
function entries(n: number, rng: Random, step: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    if ((i + step) % 7 === 0) return 0;
    if ((i + step) % 11 === 0) return -0;
    if (i % 13 === 5) return rng.normal() * 1e-160;
    if (i % 17 === 3) return rng.normal() * 1e150;
    return rng.normal();
  });
}

/** The parameters { W: 1×n, b: 1×m } after `steps` updates of optimiser `name` under kernels `kernels`. */
function trained(
  kernels: "typescript" | "simd" | "auto",
  name: OptimizerName,
  options: OptimizerOptions,
  n: number,
  m: number,
  steps = 25,
) {
  setKernels(kernels);
  const rng = new Random(n + 7 * m);
  const params = { W: new Matrix(1, n, entries(n, rng, -1)), b: new Matrix(1, m, entries(m, rng, -1)) };
  const opt = optimizer(name, options);
  for (let t = 0; t < steps; t++) opt.step(params, { W: new Matrix(1, n, entries(n, rng, t)), b: new Matrix(1, m, entries(m, rng, t)) });
  return [...params.W.data, ...params.b.data];
}

/** Asserts the two runs give the same bits, naming the first entry that differs. */
function assertSameBits(simd: number[], reference: number[], what: string) {
  assert.equal(simd.length, reference.length);
  simd.forEach((x, i) =>
    assert.ok(Object.is(x, reference[i]), `${what}: entry ${i} is ${x} in WebAssembly, ${reference[i]} in TypeScript`),
  );
}

const RULES: [OptimizerName, OptimizerOptions][] = [
  ["adam", {}],
  ["adam", { lr: 0.3, beta1: 0.5, beta2: 0.75, eps: 1e-3 }],
  ["adagrad", {}],
  ["adagrad", { lr: 0.7, eps: 1e-12 }],
  ["rmsprop", {}],
  ["rmsprop", { lr: 0.05, decay: 0.3, eps: 1e-4 }],
];

describe("optimisers in WebAssembly", () => {
  for (const [name, options] of RULES)
    it(`${name} ${JSON.stringify(options)}: the same bits as the TypeScript loop, for odd and even sizes`, () => {
      for (const [n, m] of [
        [1, 2],
        [3, 64],
        [UPDATE_THRESHOLD - 1, UPDATE_THRESHOLD],
        [UPDATE_THRESHOLD + 1, 1001],
      ])
        assertSameBits(trained("simd", name, options, n, m), trained("typescript", name, options, n, m), `${name}, sizes ${n} and ${m}`);
    });

  it("moves the parameters: the comparison above is not between two runs that did nothing", () => {
    const before = trained("simd", "adam", {}, 300, 3, 0),
      after = trained("simd", "adam", {}, 300, 3);
    assert.ok(after.filter((x, i) => !Object.is(x, before[i])).length > 250);
  });

  it("leaves Adagrad's parameters exactly as they were where the gradient is zero, −0 included", () => {
    setKernels("simd");
    // without the mask, −0 − (η·(−0))/(√G + ε) would be +0: the last entry tells a skipped update from one of zero
    const p = { W: new Matrix(1, 5, Float64Array.from([-0, 1.5, -2, 0, -0])) };
    optimizer("adagrad").step(p, { W: new Matrix(1, 5, Float64Array.from([0, -0, 1, 0, -0])) });
    const [a, b, c, d, e] = p.W.data;
    assert.ok(
      Object.is(a, -0) && b === 1.5 && Object.is(d, 0) && Object.is(e, -0),
      `got ${[...p.W.data].map((x) => (Object.is(x, -0) ? "-0" : x))}`,
    );
    assert.ok(c < -2);
  });

  it("carries NaN and infinite gradients through as the TypeScript loop does", () => {
    for (const name of ["adam", "adagrad", "rmsprop"] as const) {
      const run = (kernels: "simd" | "typescript") => {
        setKernels(kernels);
        const p = { W: new Matrix(1, 6, Float64Array.from([1, 2, 3, 4, 5, 6])) };
        optimizer(name).step(p, { W: new Matrix(1, 6, Float64Array.from([NaN, Infinity, -Infinity, 1, 0, -1])) });
        return [...p.W.data];
      };
      assertSameBits(run("simd"), run("typescript"), name);
    }
  });

  it(`runs under "auto" from ${UPDATE_THRESHOLD} entries, and never for plain SGD`, () => {
    const calls = (name: OptimizerName, n: number, options: OptimizerOptions = {}, kernels: "auto" | "typescript" = "auto") => {
      const before = kernelInfo().simdCalls;
      trained(kernels, name, options, n, 1, 3);
      return kernelInfo().simdCalls - before;
    };
    if (!kernelInfo().simd) return assert.fail(`WebAssembly SIMD is missing here: ${kernelInfo().unavailable}`);
    for (const name of ["adam", "adagrad", "rmsprop"] as const) {
      assert.equal(calls(name, UPDATE_THRESHOLD), 3, `${name} at ${UPDATE_THRESHOLD} entries`);
      assert.equal(calls(name, UPDATE_THRESHOLD - 1), 0, `${name} at ${UPDATE_THRESHOLD - 1} entries`);
    }
    assert.equal(calls("sgd", 4 * UPDATE_THRESHOLD, { momentum: 0.9 }), 0);
    assert.equal(calls("adam", 4 * UPDATE_THRESHOLD, {}, "typescript"), 0);
  });
});
