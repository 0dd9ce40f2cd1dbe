/**
 * Notebook 2 (Intuition) runs top to bottom under the real kernel and what it says backs the prose:
 * Wh = 0 turns the RNN into a feed-forward net, the memory picture starts as all input x₀ and mixes all
 * four inputs by step 3, the shares are called a sensitivity, and the "first"/"last" networks keep
 * different inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  executeNotebook,
  figure,
  prose,
  readNumber,
  SAID,
  said,
  saidNumber,
  tables,
} from "../helpers/notebook";
import { initParams, Matrix, memoryShares, sub } from "../../lib";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/02-intuition.ipynb");
const num = (re: RegExp) => saidNumber(nb, re);

test("every cell runs without an error or anything on stderr", () => {
  assertRanClean(nb);
});

test("it credits the tutorial and Trask's GIF, and its Portuguese headings and quotations are the tutorial's words", () => {
  assertCreditsAndHeadings(nb);
  assert.match(
    prose(nb),
    /\[Anyone Can Learn To Code an LSTM-RNN in Python\]\(https:\/\/iamtrask\.github\.io\/2015\/11\/15\/anyone-can-code-lstm\/\)/,
  );
  assert.match(prose(nb), /## 1 · One difference from a feed-forward network \(Uma diferença fundamental\)/);
});

test("the shares are called a sensitivity that depends on the input scale, not a direct measure", () => {
  assert.match(prose(nb), /That is a \*sensitivity\*, not a count of what is stored: it depends on the weights and\s+on the scale of the inputs/);
  assert.doesNotMatch(prose(nb), /direct measure/);
  // the claim itself: the same sequence multiplied by ten gives other shares
  const memNet = initParams({ inputSize: 1, hiddenSize: 16, outputSize: 1 }, 4);
  const xs = [[[0.8]], [[-0.5]], [[0.3]], [[0.9]]];
  const [one, ten] = [1, 10].map((k) => memoryShares(memNet, xs.map((x) => [[k * x[0][0]]])).share[3]);
  assert.ok(Math.max(...one.map((v, i) => Math.abs(v - ten[i]))) > 0.05, `shares at scale 1 ${one} and 10 ${ten}`);
});

test("the prose restates the configuration the code uses", () => {
  assertProseRestates(nb, /We take a network with (\d+) hidden units/, { code: /hiddenSize: (\d+), outputSize: 1 \}, 4\)/ });
  assertProseRestates(nb, /an untrained network with (\d+) hidden units reads them/, { code: /hiddenSize: (\d+), outputSize: 1 \}, 5\)/ });
  assertProseRestates(nb, /on sequences of (\d+) random/, { code: /const L = (\d+),/ });
});

test("with Wh = 0 the RNN equals a feed-forward net exactly, and with Wh it differs from step 1 on", () => {
  const m = said(nb).match(new RegExp(`With \\$W_h = 0\\$ the largest difference from the feed-forward net over the 4 steps is (${SAID}), to the last bit\\. With the network's own \\$W_h\\$ it is (${SAID}) at step 0 and then (${SAID}), (${SAID}) and (${SAID}) at steps 1, 2 and 3\\.`));
  assert.ok(m, "the sentence of the feed-forward check");
  const [zero, ...steps] = m.slice(1).map(readNumber);
  assert.equal(zero, 0, "to the last bit");
  assert.equal(steps[0], 0, "they agree at step 0, where h₋₁ = 0");
  assert.ok(steps.slice(1).every((v) => v > 0.01), `they differ from step 1 on: ${steps}`);
});

/** The table of shares: row t, the shares of x₀ … x_t (percent). */
function shareTable(): number[][] {
  const table = tables(nb).find((t) => t.headers[0] === "hidden state");
  assert.ok(table, "the shares are tabled");
  return table.rows.map((r) => r.slice(1).filter((c) => c !== "—").map((c) => readNumber(c)));
}

test("the memory picture: step 0 is all input x₀, step 3 mixes all four, x₀'s share shrinks", () => {
  const shares = shareTable();
  assert.deepEqual(shares[0], [100]);
  assert.equal(shares[3].length, 4);
  assert.ok(shares[3].every((s) => s > 5), `every input should hold a visible share at step 3: ${shares[3]}`);
  for (let t = 1; t < 4; t++) assert.ok(shares[t][0] < shares[t - 1][0], "x₀'s share shrinks step by step");
  const [from, to, least] = [...said(nb).matchAll(new RegExp(`The share of \\$x_0\\$ falls from (${SAID}) at step 0 to (${SAID}) at step 3 — it shrinks at every step — while \\$h_3\\$ holds all four inputs, the least of them (${SAID})`, "g"))][0].slice(1).map(readNumber);
  assert.deepEqual([from, to, least], [shares[0][0], shares[3][0], Math.min(...shares[3])]);
  assert.ok(nb.html.some((h) => h.includes("Figure 2") && h.includes("frames")), "Figure 2 is an animated figure");
  assert.equal(figure(nb, "Figure 2 ·").layout.legend.traceorder, "normal", "the legend lists x₀ first, as the table does");
});

test("next to the tutorial's GIF: the newest input's share and the units it dominates, recomputed", () => {
  const memNet = initParams({ inputSize: 1, hiddenSize: 16, outputSize: 1 }, 4);
  const xs = [[[0.8]], [[-0.5]], [[0.3]], [[0.9]]];
  const share = memoryShares(memNet, xs).share;
  const table = tables(nb).find((t) => t.headers[1] === "the tutorial's GIF");
  assert.ok(table);
  table.rows.forEach(([step, gif, newest, units, unitShare], t) => {
    assert.equal(Number(step), t);
    assert.equal(gif, ["all of it (only data)", "half", "half", "a quarter"][t], "the GIF's description, in the tutorial's order");
    assertClose(readNumber(newest), 100 * share[t][t], { abs: 0.05 }, `newest share at step ${t}`);
    const dominated = Array.from({ length: 16 }, (_, j) => {
      const Wo = new Matrix(16, 1);
      Wo.set(j, 0, 1);
      return memoryShares({ ...memNet, Wo, bo: new Matrix(1, 1) }, xs, { of: "output" }).share[t][t];
    }).filter((s) => s > 0.5).length;
    assert.equal(Number(units), dominated, `units mostly from the newest input at step ${t}`);
    assertClose(readNumber(unitShare), (100 * dominated) / 16, { abs: 0.051 }); // one decimal
  });
});

test("a sentence is read one step per word; the repeated word leaves different states", () => {
  assert.match(said(nb), /The sentence has 13 words, 12 of them distinct: 13 steps, one per word\. The word «não» is read at steps 0 and 3/);
  assert.ok(num(new RegExp(`the same input, yet the two states are (${SAID}) apart`)) > 0.1);
  assert.ok(num(new RegExp(`end in a state (${SAID}) away from the one they end in read in order`)) > 0.1);
  const first3 = num(new RegExp(`The first three words give (${SAID}) of the final state`)),
    last3 = num(new RegExp(`the last three (${SAID})\\.`));
  assert.ok(last3 > first3 && first3 > 1, `last three words ${last3} %, first three ${first3} %`);
});

test("the two trained networks keep what their task needs", () => {
  const shares = (task: string) => {
    const m = said(nb).match(new RegExp(`The "${task}" network: \\$x_0\\$ gives (${SAID}) of its last state \\$h_4\\$ and \\$x_4\\$ (${SAID}); of its output \\$\\\\hat y_4\\$, \\$x_0\\$ gives (${SAID}) and \\$x_4\\$ (${SAID})\\.`));
    assert.ok(m, `no share sentence for "${task}"`);
    const [h0, h4, y0, y4] = m.slice(1).map(readNumber);
    return { h: [h0, h4], y: [y0, y4] };
  };
  const [first, last] = [shares("first"), shares("last")];
  for (const of of ["h", "y"] as const) {
    assert.ok(first[of][0] > first[of][1], `"first" keeps more of x_0 than of x_4 in ${of}`);
    assert.ok(last[of][1] > last[of][0], `"last" keeps more of x_4 than of x_0 in ${of}`);
    assert.ok(first[of][0] > last[of][0], `x_0 weighs more in the "first" network's ${of}`);
  }
  assert.ok(first.y[0] > 0.9 && last.y[1] > 0.9, "almost all of each network's answer");
  assert.ok(last.h[1] > 0.5 && last.h[0] < 0.05, "the last network's state is mostly x₄, with x₀ nearly gone");
  const [f, l, variance] = [...said(nb).matchAll(new RegExp(`validation MSEs of (${SAID}) \\("first"\\) and (${SAID}) \\("last"\\), against (${SAID}), the variance of the target`, "g"))][0].slice(1).map(readNumber);
  assert.equal(variance, 0.333);
  assert.ok(f < 0.01 && l < 0.01, "far below the variance");
});

test("Figure 3 titles its colour bar and sizes its axes itself; Figure 4 names the last state by its step", () => {
  const states = figure(nb, "Figure 3 ·");
  assert.equal(states.data[0].colorbar.title.text, "activation");
  assert.equal(states.layout.margin.l, 10, "no hand-set margin: the axis makes room for the words");
  const words = num(new RegExp(`The sentence has (${SAID}) words`));
  assert.equal(figure(nb, "Figure 4 ·").layout.yaxis.title.text, `share of ‖∂h${sub(words - 1)}/∂xₖ‖`, "h after the last word: h_{T−1}");
});

test("the table set against the GIF has one number per column, right-aligned", () => {
  const table = nb.html.find((h) => h.includes("the tutorial&#39;s GIF</th>"));
  assert.ok(table, "the table is shown");
  const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) => [
    ...r[1].matchAll(/<t[dh] style="text-align:(\w+)[^>]*>(.*?)<\/t[dh]>/g),
  ]);
  assert.deepEqual(
    rows[0].map((c) => c[2]),
    ["step", "the tutorial&#39;s GIF", "newest input&#39;s share of hₜ", "units (of 16) mostly from it", "share of the units"],
  );
  for (const row of rows.slice(1)) {
    assert.deepEqual(
      row.map((c) => c[1]),
      ["right", "left", "right", "right", "right"],
    );
    assert.match(row[3][2], /^\d+$/);
  }
});
