/**
 * Tests of lib/charlm.ts: an RNN with zero weights guesses uniformly (perplexity V); its inference loop
 * agrees with the library's forward pass, for every cell; bad parameters are refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClose } from "./helpers/close";
import { CharLM, forward, initParams, Matrix, perplexity, softmax, Vocabulary } from "../lib";

/** The fast path against the generic one to 1e-9, relative above 1. */
const tol = { abs: 1e-9, rel: 1e-9 };

describe("perplexity", () => {
  it("is V for a model that guesses uniformly (all-zero parameters)", () => {
    const vocab = new Vocabulary("abcdefg");
    const p = initParams({ inputSize: 7, hiddenSize: 4, outputSize: 7 }, 0);
    for (const m of Object.values(p) as Matrix[]) m.data.fill(0);
    assertClose(perplexity(new CharLM(vocab, p), "abcgfedcba"), 7, tol);
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
      assertClose(trace.logProbs[t], Math.log(p.data[next]), tol);
      trace.H[t].forEach((v, j) => assertClose(v, fwd.H[t].data[j], tol));
    });
    assertClose(model.logLikelihood(text), trace.logProbs.reduce((s, v) => s + v, 0) / (ids.length - 1), tol);
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

describe("the character model with a gated cell", () => {
  const vocab = new Vocabulary("abcd ");
  const text = "abc dab cad";

  for (const cell of ["lstm", "gru"] as const) {
    it(`${cell}: scores text as the unrolled pass of the cell and softmax do, and steps through h${cell === "lstm" ? " and c" : ""}`, () => {
      const params = initParams({ cell, inputSize: 5, hiddenSize: 6, outputSize: 5 }, 3, 1.5);
      params.bo.data.set([0.2, 0, -0.3, 0.1, 0]);
      const model = new CharLM(vocab, params, { cell });
      assert.equal(model.cell.name, cell);
      assert.equal(model.stateSize, cell === "lstm" ? 12 : 6);
      const ids = vocab.encode(text);
      const fwd = forward(
        params,
        ids.map((c) => vocab.oneHot([c])),
        { cell },
      );
      const trace = model.run(text);
      ids.slice(1).forEach((next, t) => {
        assertClose(trace.logProbs[t], Math.log(softmax(fwd.yHat[t]).data[next]), tol);
        trace.H[t].forEach((v, j) => assertClose(v, fwd.H[t].data[j], tol));
      });
      // step carries the whole state: h, then c for the LSTM
      let state: Float64Array = new Float64Array(model.stateSize);
      const logits = new Float64Array(5);
      for (const c of ids.slice(0, 4)) state = model.step(state, c, logits);
      Array.from(state.subarray(0, 6)).forEach((v, j) => assertClose(v, fwd.H[3].data[j], tol));
      if (cell === "lstm") Array.from(state.subarray(6)).forEach((v, j) => assertClose(v, fwd.C[3].data[j], tol));
      Array.from(logits).forEach((v, j) => assertClose(v, fwd.yHat[3].data[j], tol));
      assert.throws(() => model.step(new Float64Array(6 + 6 * +(cell !== "lstm")), 0, logits), /step: state has \d+ values, expected/);
    });
  }

  it("refuses parameters of another cell, and an unknown cell", () => {
    const lstm = initParams({ cell: "lstm", inputSize: 5, hiddenSize: 6, outputSize: 5 }, 3);
    assert.throws(
      () => new CharLM(vocab, lstm),
      /expected params\.Wh of h×h = 6×6, got 6×24: these look like LSTM parameters: pass \{ cell: "lstm" \}/,
    );
    assert.throws(() => new CharLM(vocab, lstm, { cell: "gru" }), /params\.bx is missing/);
    const wrongV = initParams({ cell: "gru", inputSize: 4, hiddenSize: 6, outputSize: 4 }, 3);
    assert.throws(() => new CharLM(vocab, wrongV, { cell: "gru" }), /CharLM: Wx must be V×3h and Wo h×V with V = 5, got Wx 4×18/);
  });
});
