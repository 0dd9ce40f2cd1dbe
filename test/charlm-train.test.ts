/**
 * Tests of lib/charlm-train.ts: training is deterministic, learns a dependency a bigram model cannot
 * see (with every cell), names bad hyperparameters, and the trained model samples from its seed and
 * temperature.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BigramModel, perplexity } from "../lib/bigram";
import { trainCharLM } from "../lib/charlm-train";

// "ab" is followed by "c" or "d" depending on the letter two steps back: a bigram cannot know which.
const pattern = "xabc yabd ".repeat(200);

describe("trainCharLM", () => {
  const options = { text: pattern, hiddenSize: 16, seqLength: 10, batchSize: 4, steps: 300, lr: 0.01, seed: 7 };

  it("learns a dependency two characters back that a bigram model cannot see", () => {
    const progress: number[] = [];
    const model = trainCharLM({ ...options, onProgress: (p) => progress.push(p.smoothLoss) });
    const heldOut = "yabd xabc yabd xabc yabd xabc ";
    const rnn = perplexity(model, heldOut),
      bigram = perplexity(new BigramModel(pattern, { vocab: model.vocab }), heldOut);
    assert.equal(progress.length, 6); // every 50 steps
    assert.ok(progress[5] < progress[0], `smoothed loss fell: ${progress.join(", ")}`);
    assert.ok(rnn < bigram * 0.85, `RNN ${rnn} vs bigram ${bigram}`);
  });

  it("is deterministic for a seed, and the seed matters", () => {
    const a = trainCharLM({ ...options, steps: 20 }),
      b = trainCharLM({ ...options, steps: 20 }),
      c = trainCharLM({ ...options, steps: 20, seed: 8 });
    assert.deepEqual(a.params.Wh.data, b.params.Wh.data);
    assert.notDeepEqual(a.params.Wh.data, c.params.Wh.data);
  });

  it("samples reproducibly from a seed; a low temperature follows the pattern", () => {
    const model = trainCharLM(options);
    const s = (seed: number, temperature = 1) => model.sample({ prompt: "xab", length: 40, temperature, seed });
    assert.equal(s(1), s(1));
    assert.equal(Array.from(s(1)).length, 40);
    assert.ok([...s(1)].every((ch) => model.vocab.has(ch)));
    assert.equal(model.sample({ prompt: "xab", length: 7, temperature: 0.05, seed: 2 }), "c yabd ");
  });

  it("names bad hyperparameters", () => {
    assert.throws(() => trainCharLM({ ...options, steps: 0 }), /steps must be a positive integer, got 0/);
    assert.throws(() => trainCharLM({ ...options, batchSize: 500 }), /too short for batchSize 500 × seqLength 10/);
    const model = trainCharLM({ ...options, steps: 1 });
    assert.throws(() => model.sample({ length: 5, temperature: 0 }), /temperature must be a positive finite number, got 0/);
  });
});

describe("trainCharLM with a gated cell", () => {
  it("refuses an unknown cell", () => {
    assert.throws(() => trainCharLM({ text: pattern, steps: 1, cell: "rnn" as "gru" }), /unknown cell "rnn"/);
  });

  for (const cell of ["lstm", "gru"] as const) {
    it(`${cell}: trainCharLM learns the dependency two characters back, deterministically`, () => {
      const options = { text: pattern, cell, hiddenSize: 12, seqLength: 10, batchSize: 4, steps: 300, lr: 0.02, seed: 7 };
      const model = trainCharLM(options);
      assert.equal(model.cell.name, cell);
      const heldOut = "yabd xabc yabd xabc yabd xabc ";
      const rnn = perplexity(model, heldOut),
        bigram = perplexity(new BigramModel(pattern, { vocab: model.vocab }), heldOut);
      assert.ok(rnn < bigram * 0.85, `${cell} ${rnn} vs bigram ${bigram}`);
      const again = trainCharLM({ ...options, steps: 20 }),
        once = trainCharLM({ ...options, steps: 20 });
      assert.deepEqual(again.params.Wh.data, once.params.Wh.data);
    });
  }
});
