/**
 * Tests of lib/activations.ts: each φ has the textbook value, and its derivative written through
 * h = φ(z) agrees with central differences (away from relu's kink at 0).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { activation, ACTIVATIONS, ActivationName } from "../lib";

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
        assert.ok(Math.abs(df(f(z)) - numeric) < 1e-8, `${name}'(${z}): ${df(f(z))} vs ${numeric}`);
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
