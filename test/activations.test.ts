/**
 * Tests of lib/activations.ts: each φ has the textbook value, and its derivative written through
 * h = φ(z) agrees with central differences (away from relu's kink at 0), and `apply` maps φ over an array.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { activation, ACTIVATIONS, ActivationName, setKernels } from "../lib";
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
});
