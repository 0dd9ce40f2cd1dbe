/**
 * Tests of lib/charlm.ts: an RNN with zero weights guesses uniformly (perplexity V); its inference loop
 * agrees with the library's forward pass; training is deterministic, learns what a bigram model cannot,
 * and sampling follows the seed and the temperature.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BigramModel, perplexity } from "../lib/bigram";
import { CharLM, trainCharLM } from "../lib/charlm";
import { cellForward, cellOf } from "../lib/cells";
import { softmax } from "../lib/loss";
import { initParams, forward } from "../lib/rnn";
import { Vocabulary } from "../lib/text";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

// "ab" is followed by "c" or "d" depending on the letter two steps back: a bigram cannot know which.
const pattern = "xabc yabd ".repeat(200);

describe("perplexity", () => {
  it("is V for a model that guesses uniformly (all-zero parameters)", () => {
    const vocab = new Vocabulary("abcdefg");
    const p = initParams({ inputSize: 7, hiddenSize: 4, outputSize: 7 }, 0);
    for (const m of Object.values(p)) m.data.fill(0);
    close(perplexity(new CharLM(vocab, p), "abcgfedcba"), 7);
  });
});

describe("CharLM", () => {
  it("scores text exactly as the library's forward pass and softmax do", () => {
    const vocab = new Vocabulary("abcd ");
    const params = initParams({ inputSize: 5, hiddenSize: 6, outputSize: 5 }, 3, 1.5);
    params.bh.data.set([0.1, -0.2, 0.3, 0, 0.5, -0.1]);
    params.bo.data.set([0.2, 0, -0.3, 0.1, 0]);
    const model = new CharLM(vocab, params);
    const text = "abc dab cad";
    const ids = vocab.encode(text);
    const fwd = forward(
      params,
      ids.map((c) => vocab.oneHot([c])),
    );
    const trace = model.run(text);
    ids.slice(1).forEach((next, t) => {
      const p = softmax(fwd.yHat[t]);
      close(trace.logProbs[t], Math.log(p.data[next]));
      trace.H[t].forEach((v, j) => close(v, fwd.H[t].data[j]));
    });
    close(model.logLikelihood(text), trace.logProbs.reduce((s, v) => s + v, 0) / (ids.length - 1));
  });

  it("refuses parameters whose sizes do not match the vocabulary", () => {
    const p = initParams({ inputSize: 4, hiddenSize: 3, outputSize: 4 }, 0);
    assert.throws(() => new CharLM(new Vocabulary("abc"), p), /V = 3, got Wx 4×3 and Wo 3×4/);
  });

  it("refuses non-finite parameters instead of sampling one character forever", () => {
    const p = initParams({ inputSize: 4, hiddenSize: 3, outputSize: 4 }, 0);
    p.Wo.data.fill(NaN);
    assert.throws(() => new CharLM(new Vocabulary("abcz"), p), /params\.Wo\[0\]\[0\] is NaN, expected a finite number/);
  });

  it("refuses a model whose parameters stopped being finite after it was built", () => {
    const p = initParams({ inputSize: 4, hiddenSize: 3, outputSize: 4 }, 0);
    const model = new CharLM(new Vocabulary("abcz"), p);
    p.Wo.data.fill(NaN);
    assert.throws(() => model.sample({ length: 8, prompt: "a" }), /logits of step 0 are not finite/);
    assert.throws(() => perplexity(model, "abca"), /logits of step 0 are not finite/);
  });
});

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

describe("the character model with a gated cell", () => {
  const vocab = new Vocabulary("abcd ");
  const text = "abc dab cad";

  for (const cell of ["lstm", "gru"] as const) {
    it(`${cell}: scores text as the unrolled pass of the cell and softmax do, and steps through h${cell === "lstm" ? " and c" : ""}`, () => {
      const params = initParams({ cell, inputSize: 5, hiddenSize: 6, outputSize: 5 }, 3, 1.5);
      params.bo.data.set([0.2, 0, -0.3, 0.1, 0]);
      const model = new CharLM(vocab, params, { cell });
      assert.equal(model.cell, cell);
      assert.equal(model.stateSize, cell === "lstm" ? 12 : 6);
      const ids = vocab.encode(text);
      const fwd = cellForward(
        cellOf(cell),
        params,
        ids.map((c) => vocab.oneHot([c])),
      );
      const trace = model.run(text);
      ids.slice(1).forEach((next, t) => {
        close(trace.logProbs[t], Math.log(softmax(fwd.yHat[t]).data[next]));
        trace.H[t].forEach((v, j) => close(v, fwd.H[t].data[j]));
      });
      // step carries the whole state: h, then c for the LSTM
      let state: Float64Array = new Float64Array(model.stateSize);
      const logits = new Float64Array(5);
      for (const c of ids.slice(0, 4)) state = model.step(state, c, logits);
      Array.from(state.subarray(0, 6)).forEach((v, j) => close(v, fwd.H[3].data[j]));
      if (cell === "lstm") Array.from(state.subarray(6)).forEach((v, j) => close(v, fwd.C[3].data[j]));
      Array.from(logits).forEach((v, j) => close(v, fwd.yHat[3].data[j]));
      assert.throws(() => model.step(new Float64Array(6 + 6 * +(cell !== "lstm")), 0, logits), /step: state has \d+ values, expected/);
    });
  }

  it("refuses parameters of another cell, and an unknown cell", () => {
    const lstm = initParams({ cell: "lstm", inputSize: 5, hiddenSize: 6, outputSize: 5 }, 3);
    assert.throws(() => new CharLM(vocab, lstm), /expected params\.Wh of h×h = 24×24, got 6×24/);
    assert.throws(() => new CharLM(vocab, lstm, { cell: "gru" }), /params\.bx is missing/);
    const wrongV = initParams({ cell: "gru", inputSize: 4, hiddenSize: 6, outputSize: 4 }, 3);
    assert.throws(() => new CharLM(vocab, wrongV, { cell: "gru" }), /CharLM: Wx must be V×3h and Wo h×V with V = 5, got Wx 4×18/);
    assert.throws(() => trainCharLM({ text: pattern, steps: 1, cell: "rnn" as "gru" }), /unknown cell "rnn"/);
  });

  for (const cell of ["lstm", "gru"] as const) {
    it(`${cell}: trainCharLM learns the dependency two characters back, deterministically`, () => {
      const options = { text: pattern, cell, hiddenSize: 12, seqLength: 10, batchSize: 4, steps: 300, lr: 0.02, seed: 7 };
      const model = trainCharLM(options);
      assert.equal(model.cell, cell);
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
