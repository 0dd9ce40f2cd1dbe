/**
 * Tests of lib/activations.ts: each φ has the textbook value, and its derivative written through
 * h = φ(z) agrees with central differences (away from relu's kink at 0), and `apply` maps φ over an array;
 * the gates' σ and tanh applied block by block, σ through tanh, stay within 1e-15 and saturate cleanly.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ActivationName, Matrix, Random, setKernels } from "../lib";
import { activation, ACTIVATIONS, applyBlocks, σ, tanh } from "../lib/activations";
import { assertClose } from "./helpers/close";

describe("activations", () => {
  it("offers tanh, relu, sigmoid and identity, with tanh the default", () => {
    assert.deepEqual([...ACTIVATIONS], ["tanh", "relu", "sigmoid", "identity"]);
    assert.equal(activation().name, "tanh");
  });

  it("computes the textbook values", () => {
    assert.equal(activation("tanh").f(0.5), Math.tanh(0.5));
    assert.equal(activation("relu").f(-2), 0);
    assert.equal(activation("relu").f(3), 3);
    assert.equal(activation("sigmoid").f(0), 0.5);
    assert.equal(activation("identity").f(-7), -7);
  });

  for (const name of ACTIVATIONS) {
    it(`${name}'s derivative, expressed through h = φ(z), matches central differences`, () => {
      const { f, df } = activation(name);
      const eps = 1e-6;
      for (const z of [-3, -1.2, -0.3, 0.2, 0.9, 2.5]) {
        const numeric = (f(z + eps) - f(z - eps)) / (2 * eps);
        assertClose(df(f(z)), numeric, { abs: 1e-8 }, `${name}'(${z})`);
      }
    });
  }

  for (const name of ACTIVATIONS) {
    it(`${name}.apply maps φ over an array in place (tanh: Math.tanh exactly under the TypeScript kernels, within 4e-16 under SIMD)`, () => {
      const { f, apply } = activation(name);
      const z = Float64Array.from({ length: 300 }, (_, i) => (i - 150) / 17);
      for (const choice of ["typescript", "simd"] as const) {
        const previous = setKernels(choice);
        const out = z.slice();
        apply(out);
        setKernels(previous);
        const tol = name === "tanh" && choice === "simd" ? 4e-16 : 0;
        z.forEach((v, i) => assertClose(out[i], f(v), { rel: tol }, `${name}(${v}) by ${choice}`));
      }
    });
  }

  it("treats relu as off at and below 0", () => {
    assert.equal(activation("relu").df(0), 0);
    assert.equal(activation("relu").df(activation("relu").f(-1)), 0);
  });

  it("rejects an unknown name, listing the known ones", () => {
    assert.throws(
      () => activation("swish" as ActivationName),
      /unknown activation "swish", expected one of "tanh", "relu", "sigmoid", "identity"/,
    );
  });

  it("computes σ, finite and exact at the extremes", () => {
    assert.equal(σ.f(0), 0.5);
    assert.equal(σ.f(800), 1);
    assert.equal(σ.f(-800), 0);
    assertClose(σ.f(2), 1 / (1 + Math.exp(-2)), { abs: 1e-16 });
  });

  for (const kernels of ["typescript", "simd"] as const) {
    it(`applies σ or tanh block by block, within 1e-15 of the definitions, saturating cleanly (${kernels} tanh)`, () => {
      const before = setKernels(kernels);
      try {
        const rng = new Random(2);
        const z = new Matrix(3, 4 * 10); // three rows of four blocks of h = 10, wide enough for the WebAssembly tanh
        z.data.forEach((_, i) => (z.data[i] = rng.normal(0, 4)));
        z.data[0] = 800;
        z.data[1] = -800;
        const raw = z.data.slice();
        applyBlocks(z.data, [σ, σ, tanh, σ], 10);
        raw.forEach((x, i) => {
          const expected = Math.floor(i / 10) % 4 === 2 ? Math.tanh(x) : σ.f(x);
          assertClose(z.data[i], expected, { abs: 1e-15 }, `entry ${i}`);
        });
        assert.equal(z.data[0], 1);
        assert.equal(z.data[1], 0);
        // blocks marked null are left as they are, the others squashed row by row
        const w = new Matrix(2, 3 * 12);
        w.data.forEach((_, i) => (w.data[i] = rng.normal(0, 3)));
        const before = w.data.slice();
        applyBlocks(w.data, [σ, σ, null], 12);
        before.forEach((x, i) => {
          const block = Math.floor(i / 12) % 3;
          assertClose(w.data[i], block === 2 ? x : σ.f(x), { abs: 1e-15 }, `entry ${i}`);
        });
        applyBlocks(w.data, [null, null, tanh], 12);
        before.forEach((x, i) => Math.floor(i / 12) % 3 === 2 && assertClose(w.data[i], Math.tanh(x), { abs: 1e-15 }));
      } finally {
        setKernels(before);
      }
    });
  }

  it("refuses a block activation other than σ and tanh", () => {
    assert.throws(() => applyBlocks(new Float64Array(2), [activation("relu")], 2), /applyBlocks: blocks may be σ, tanh or null only/);
  });
});
