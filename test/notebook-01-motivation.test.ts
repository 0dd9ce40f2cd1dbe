/**
 * Notebook 1 (Motivation) runs top to bottom under the real kernel, and its printed lines back the
 * prose: the alphabet model is sure forwards and no better than chance backwards, the novel-trained
 * RNN prefers the original sentence to every shuffle while the bag-of-characters model cannot tell
 * them apart, and the RNN's validation error is within 10 % of the best lagged model's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertRanClean, executeNotebook, printedNumber } from "./helpers/notebook";

const nb = executeNotebook("notebooks/01-motivation.ipynb");
const num = (re: RegExp) => printedNumber(nb, re);

test("every cell runs without an error or anything on stderr", () => {
  assertRanClean(nb);
});

test("the alphabet model is near-certain forwards and no better than chance (1/26) backwards", () => {
  assert.ok(num(/Alphabet forwards: mean probability of the next letter = ([\d.]+)/) > 0.9);
  assert.ok(num(/Alphabet backwards: mean probability of the next letter = ([\d.]+)/) <= 1 / 26);
});

test("the novel-trained RNN scores the original sentence above every scrambled version", () => {
  const lines = [...nb.stdout.matchAll(/^(original|hand-scrambled|shuffle \d+): RNN (-?[\d.]+), bag-of-characters (-?[\d.]+)$/gm)];
  assert.equal(lines.length, 10, "the original, the hand-scrambled version and eight shuffles");
  const original = lines.find((m) => m[1] === "original")!;
  for (const m of lines.filter((l) => l[1] !== "original")) {
    assert.ok(Number(original[2]) > Number(m[2]), `${m[1]} (${m[2]}) should score below the original (${original[2]})`);
  }
  assert.match(nb.stdout, /original ranks first: true/);
});

test("the bag-of-characters model scores every ordering equally", () => {
  const bag = [...nb.stdout.matchAll(/bag-of-characters (-?[\d.]+)$/gm)].map((m) => m[1]);
  assert.equal(bag.length, 10);
  assert.equal(new Set(bag).size, 1);
  assert.equal(num(/Bag-of-characters: largest difference between any two versions = (\S+)/), 0);
});

test("the least-squares fit recovers the lag coefficients and more lags do not help", () => {
  const fitted = nb.stdout.match(/Fitted: demand_t (\S+), demand_\{t−1\} (\S+), temperature_t (\S+), temperature_\{t−1\} (\S+)/);
  assert.ok(fitted);
  [0.5, 0.2, 2, 1].forEach((truth, j) => assert.ok(Math.abs(Number(fitted[j + 1]) - truth) < 0.15));
  assert.ok(num(/Best lagged model: L = (\d+)/) <= 3);
});

test("the RNN's validation error is within 10 % of the best lagged model's, or better", () => {
  const rnn = num(/RNN validation MSE: ([\d.]+)/);
  const lagged = num(/Best lagged model \(L = \d+\) validation MSE: ([\d.]+)/);
  assert.ok(rnn <= 1.1 * lagged, `RNN ${rnn} vs best lagged ${lagged}`);
});

test("lags drop observations, most of all from short histories, and the RNN predicts every day", () => {
  const dropped = [2, 7, 10].map((L) => num(new RegExp(`L = ${L}: drops ([\\d.]+) %`)));
  assert.ok(dropped[0] < dropped[1] && dropped[1] < dropped[2]);
  const m = nb.stdout.match(/the RNN predicts (\d+) days .*the lagged model (\d+) days/);
  assert.ok(m && Number(m[1]) > Number(m[2]));
});

test("every figure the prose refers to is drawn", () => {
  for (let f = 1; f <= 10; f++)
    assert.ok(
      nb.html.some((h) => h.includes(`Figure ${f} ·`)),
      `Figure ${f} is missing`,
    );
});
