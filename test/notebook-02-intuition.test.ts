/**
 * Notebook 2 (Intuition) runs top to bottom under the real kernel and its printed lines back the
 * prose: Wh = 0 turns the RNN into a feed-forward net, the memory picture starts as all input 1 and
 * mixes all four inputs by step 4, and the "first"/"last" networks keep different inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertRanClean, executeNotebook, printedNumber } from "./helpers/notebook";

const nb = executeNotebook("notebooks/02-intuition.ipynb");
const num = (re: RegExp) => printedNumber(nb, re);

test("every cell runs without an error or anything on stderr", () => {
  assertRanClean(nb);
});

test("with Wh = 0 the RNN equals a feed-forward net step by step, and with Wh it does not", () => {
  assert.ok(num(/With Wh = 0: largest difference .* = (\S+)/) < 1e-12);
  assert.ok(num(/With the network's own Wh: largest difference = (\S+)/) > 0.01);
});

test("the memory picture: step 1 is all input 1, step 4 mixes all four, x₁'s share shrinks", () => {
  assert.match(nb.stdout, /Step 1: x₁ 100\.0 %/);
  const shares = [1, 2, 3, 4].map((t) => {
    const line = nb.stdout.split("\n").find((l) => l.startsWith(`Step ${t}:`));
    assert.ok(line, `no line for step ${t}`);
    return [...line.matchAll(/x. ([\d.]+) %/g)].map((m) => Number(m[1]));
  });
  assert.equal(shares[3].length, 4);
  assert.ok(
    shares[3].every((s) => s > 5),
    `every input should hold a visible share at step 4: ${shares[3]}`,
  );
  for (let t = 1; t < 4; t++) assert.ok(shares[t][0] < shares[t - 1][0], "x₁'s share shrinks step by step");
  assert.ok(
    nb.html.some((h) => h.includes("Figure 2") && h.includes("frames")),
    "Figure 2 is an animated figure",
  );
});

test("a sentence is read one step per word; the repeated word leaves different states", () => {
  assert.match(nb.stdout, /13 words, 12 distinct: 13 steps, one per word/);
  assert.ok(num(/"não" is read at steps 1 and 4: same input, states (\S+) apart/) > 0.1);
  assert.ok(num(/in reverse order: (\S+) apart/) > 0.1);
  const first3 = num(/from the first 3 words: ([\d.]+) %/),
    last3 = num(/from the last 3: ([\d.]+) %/);
  assert.ok(last3 > first3 && first3 > 1, `last three words ${last3} %, first three ${first3} %`);
});

test("the two trained networks keep what their task needs", () => {
  const share = (model: string, of: string, k: "x_1" | "x_T") => {
    const m = nb.stdout.match(new RegExp(`Model "${model}": share of ${of} from x_1 = ([\\d.]+), from x_T = (\\S+)`));
    assert.ok(m, `no share line for "${model}" and ${of}`);
    return Number(m[k === "x_1" ? 1 : 2]);
  };
  for (const of of ["h_T", "ŷ_T"]) {
    assert.ok(share("first", of, "x_1") > share("first", of, "x_T"), `"first" keeps more of x_1 than of x_T in ${of}`);
    assert.ok(share("last", of, "x_T") > share("last", of, "x_1"), `"last" keeps more of x_T than of x_1 in ${of}`);
    assert.ok(share("first", of, "x_1") > share("last", of, "x_1"), `x_1 weighs more in the "first" network's ${of}`);
  }
  assert.ok(num(/Model "first": share of ŷ_T from x_1 = ([\d.]+),/) > 0.8);
  assert.ok(num(/Model "last": share of ŷ_T from x_1 = \S+, from x_T = (\S+)/) > 0.8);
  assert.ok(num(/Model "first": validation MSE (\S+)/) < 0.05 && num(/Model "last": validation MSE (\S+)/) < 0.05);
});
