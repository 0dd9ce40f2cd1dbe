/**
 * Tests of lib/bigram.ts: the bigram model's probabilities are smoothed pair counts, its log-likelihood
 * is their mean log, a near-uniform model has perplexity V, and texts too short to score are refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClose } from "./helpers/close";
import { BigramModel, perplexity } from "../lib/bigram";
import { Vocabulary } from "../lib/vocabulary";

describe("BigramModel", () => {
  it("estimates p(next | previous) from pair counts with add-α smoothing", () => {
    const b = new BigramModel("abab", { alpha: 1 });
    // after "a": "b" twice, "a" never → (0 + 1)/(2 + 2), (2 + 1)/(2 + 2)
    assert.deepEqual(Array.from(b.probs("a")), [0.25, 0.75]);
    assertClose(b.logLikelihood("aba"), (Math.log(0.75) + Math.log(2 / 3)) / 2, { abs: 1e-9, rel: 1e-9 });
  });

  it("is nearly certain on a text that alternates, and refuses a text too short to score", () => {
    const b = new BigramModel("ab".repeat(100), { alpha: 0.01 });
    assert.ok(perplexity(b, "abababab") < 1.01);
    assert.throws(() => b.logLikelihood("a"), /at least 2 characters/);
    assert.throws(() => new BigramModel("ab", { alpha: 0 }), /alpha \(smoothing\) must be a positive finite number, got 0/);
  });
});

describe("perplexity", () => {
  it("is V for a model so smoothed that it guesses uniformly", () => {
    const b = new BigramModel("abcabcabd", { alpha: 1e12 });
    assertClose(perplexity(b, "dcba"), 4, { abs: 1e-6, rel: 1e-6 });
  });

  it("uses the vocabulary it is given, so held-out characters unseen in training still score", () => {
    const vocab = new Vocabulary("abcz");
    const b = new BigramModel("abcabc", { vocab });
    assert.ok(Number.isFinite(perplexity(b, "abz")));
    assert.throws(
      () => new BigramModel("abc").logLikelihood("abz"),
      /character "z" at position 2 is not in the vocabulary of 3 characters/,
    );
  });
});
