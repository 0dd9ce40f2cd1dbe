/**
 * Notebook 2 (Intuition) runs top to bottom under the real kernel and its printed lines back the
 * prose: Wh = 0 turns the RNN into a feed-forward net, the memory picture starts as all input 1 and
 * mixes all four inputs by step 4, and the "first"/"last" networks keep different inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  executeNotebook,
  figure,
  printedNumber,
  prose,
} from "../helpers/notebook";
import { initParams, Matrix, memoryShares, sub } from "../../lib";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/02-intuition.ipynb");
const num = (re: RegExp) => printedNumber(nb, re);

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

test("the prose restates the configuration the code uses", () => {
  assertProseRestates(nb, /We take a network with (\d+) hidden units/, { code: /hiddenSize: (\d+), outputSize: 1 \}, 4\)/ });
  assertProseRestates(nb, /an untrained network with (\d+) hidden units reads them/, { code: /hiddenSize: (\d+), outputSize: 1 \}, 5\)/ });
  assertProseRestates(nb, /on sequences of (\d+) random/, { code: /const L = (\d+),/ });
});

test("with Wh = 0 the RNN equals a feed-forward net exactly, and with Wh it differs from step 1 on", () => {
  assert.equal(num(/With Wh = 0: largest difference .* = (\S+)/), 0, "to the last bit");
  assert.ok(num(/With the network's own Wh: largest difference = (\S+)/) > 0.01);
  const steps = [...nb.stdout.match(/difference in h_t step by step: (.+)/)![1].matchAll(/t = (\d+): ([\d.]+)/g)].map((m) => Number(m[2]));
  assert.equal(steps.length, 4);
  assert.equal(steps[0], 0, "they agree at step 0, where h₋₁ = 0");
  assert.ok(
    steps.slice(1).every((v) => v > 0),
    `they differ from step 1 on: ${steps}`,
  );
});

test("the memory picture: step 0 is all input x₀, step 3 mixes all four, x₀'s share shrinks", () => {
  assert.match(nb.stdout, /Step 0: x₀ 100\.0 %/);
  const shares = [0, 1, 2, 3].map((t) => {
    const line = nb.stdout.split("\n").find((l) => l.startsWith(`Step ${t}: x₀`));
    assert.ok(line, `no line for step ${t}`);
    return [...line.matchAll(/x. ([\d.]+) %/g)].map((m) => Number(m[1]));
  });
  assert.equal(shares[3].length, 4);
  assert.ok(
    shares[3].every((s) => s > 5),
    `every input should hold a visible share at step 4: ${shares[3]}`,
  );
  for (let t = 1; t < 4; t++) assert.ok(shares[t][0] < shares[t - 1][0], "x₀'s share shrinks step by step");
  assert.ok(
    nb.html.some((h) => h.includes("Figure 2") && h.includes("frames")),
    "Figure 2 is an animated figure",
  );
});

test("next to the tutorial's GIF: the newest input's share and the units it dominates, recomputed", () => {
  const memNet = initParams({ inputSize: 1, hiddenSize: 16, outputSize: 1 }, 4);
  const xs = [[[0.8]], [[-0.5]], [[0.3]], [[0.9]]];
  const share = memoryShares(memNet, xs).share;
  for (let t = 0; t < 4; t++) {
    const m = nb.stdout.match(
      new RegExp(
        `Step ${t}: the GIF says (.+?); here the newest input x. gives ([\\d.]+) % of h., and (\\d+) of 16 units take more than half`,
      ),
    );
    assert.ok(m, `no GIF line for step ${t}`);
    assert.equal(m[1], ["all of it (only data)", "half", "half", "a quarter"][t], "the GIF's description, in the tutorial's order");
    assertClose(Number(m[2]), 100 * share[t][t], { abs: 0.05 }, `newest share at step ${t}`);
    const units = Array.from({ length: 16 }, (_, j) => {
      const Wo = new Matrix(16, 1);
      Wo.set(j, 0, 1);
      return memoryShares({ ...memNet, Wo, bo: new Matrix(1, 1) }, xs, { of: "output" }).share[t][t];
    }).filter((s) => s > 0.5).length;
    assert.equal(Number(m[3]), units, `units mostly from the newest input at step ${t}`);
  }
  assert.match(
    nb.stdout,
    /Step 0: the GIF says all of it \(only data\); here the newest input x₀ gives 100\.0 % of h₀, and 16 of 16 units/,
  );
});

test("a sentence is read one step per word; the repeated word leaves different states", () => {
  assert.match(nb.stdout, /13 words, 12 distinct: 13 steps, one per word/);
  assert.ok(num(/"não" is read at steps 0 and 3: same input, states (\S+) apart/) > 0.1);
  assert.ok(num(/in reverse order: (\S+) apart/) > 0.1);
  const first3 = num(/from the first 3 words: ([\d.]+) %/),
    last3 = num(/from the last 3: ([\d.]+) %/);
  assert.ok(last3 > first3 && first3 > 1, `last three words ${last3} %, first three ${first3} %`);
});

test("the two trained networks keep what their task needs", () => {
  const share = (model: string, of: string, k: "x_0" | "x_4") => {
    const m = nb.stdout.match(new RegExp(`Model "${model}": share of ${of} from x_0 = ([\\d.]+), from x_4 = (\\S+)`));
    assert.ok(m, `no share line for "${model}" and ${of}`);
    return Number(m[k === "x_0" ? 1 : 2]);
  };
  for (const of of ["h_4", "ŷ_4"]) {
    assert.ok(share("first", of, "x_0") > share("first", of, "x_4"), `"first" keeps more of x_0 than of x_4 in ${of}`);
    assert.ok(share("last", of, "x_4") > share("last", of, "x_0"), `"last" keeps more of x_4 than of x_0 in ${of}`);
    assert.ok(share("first", of, "x_0") > share("last", of, "x_0"), `x_0 weighs more in the "first" network's ${of}`);
  }
  assert.ok(num(/Model "first": share of ŷ_4 from x_0 = ([\d.]+),/) > 0.9, "almost all of the first network's answer");
  assert.ok(num(/Model "last": share of ŷ_4 from x_0 = \S+, from x_4 = (\S+)/) > 0.9, "almost all of the last network's answer");
  assert.ok(num(/Model "last": share of h_4 from x_0 = \S+, from x_4 = (\S+)/) > 0.5, "the last network's state is mostly x₄");
  assert.ok(num(/Model "last": share of h_4 from x_0 = ([\d.]+),/) < 0.05, "with x₀ nearly gone");
  for (const m of ["first", "last"])
    assert.ok(
      num(new RegExp(`Model "${m}": validation MSE (\\S+) \\(the target's variance is 0\\.333\\)`)) < 0.01,
      "far below the variance",
    );
  assert.ok(num(/Model "first": validation MSE (\S+)/) < 0.05 && num(/Model "last": validation MSE (\S+)/) < 0.05);
});

test("Figure 3 titles its colour bar and sizes its axes itself; Figure 4 names the last state by its step", () => {
  const states = figure(nb, "Figure 3 ·");
  assert.equal(states.data[0].colorbar.title.text, "activation");
  assert.equal(states.layout.margin.l, 10, "no hand-set margin: the axis makes room for the words");
  const words = num(/^(\d+) words, \d+ distinct/m);
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
