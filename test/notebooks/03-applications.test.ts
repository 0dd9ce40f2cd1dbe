/**
 * Notebook 3 (Applications) runs top to bottom under the real kernel, and its printed lines back the
 * prose: each of the five shapes beats its stated baseline on held-out data (the raw S&P 500 close is
 * the one honest exception, and says so), the reversal model is ≥ 90 % exact at its training lengths,
 * and the naive baselines are recomputed here from the raw series.
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
import { loadSP500Daily, loadUnemploymentPanel } from "../../lib/data/series";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/03-applications.ipynb");

/** Every "**Model** · held-out metric: RNN r, baseline (name) b — the RNN is (not) better." sentence, keyed by model. */
const comparisons = new Map(
  [...said(nb).matchAll(new RegExp(`^\\*\\*(.+?)\\*\\* · held-out ([a-zA-Z ]+): RNN (${SAID}), baseline \\(([^)]+)\\) (${SAID}) — the RNN is (not )?better\\.$`, "gm"))].map((m) => [
    m[1],
    { baseline: m[4], metric: m[2], base: readNumber(m[5]), rnn: readNumber(m[3]), better: m[6] === undefined },
  ]),
);
const comparison = (model: string) => {
  const c = comparisons.get(model);
  assert.ok(c, `no comparison line for "${model}" in the notebook's output`);
  assert.ok(Number.isFinite(c.base) && Number.isFinite(c.rnn), `${model}: unreadable numbers`);
  return c;
};
const num = (re: RegExp) => saidNumber(nb, re);
/** Every number of the first sentence matching `re`. */
const nums = (re: RegExp) => {
  const m = said(nb).match(re);
  assert.ok(m, `expected a sentence matching ${re}`);
  return m.slice(1).map(readNumber);
};
/** A number said to four significant digits against its recomputation, to its rounding. */
const rounding = { rel: 5e-4 };

test("every cell runs without an error or anything on stderr", () => {
  assertRanClean(nb);
});

test("it credits the tutorial and Karpathy's diagram, and its Portuguese headings are the tutorial's words", () => {
  assertCreditsAndHeadings(nb);
  assert.match(
    prose(nb),
    /Karpathy's post\s+\[The Unreasonable Effectiveness of Recurrent Neural Networks\]\(http:\/\/karpathy\.github\.io\/2015\/05\/21\/rnn-effectiveness\/\)/,
  );
  assert.match(prose(nb), /\*\*teacher forcing\*\*/, "the decoder's training input is named");
  assert.match(prose(nb), /runs \*\*two\*\* cells, each with its own five parameters/);
});

test("the prose restates the configuration the code uses", () => {
  assertProseRestates(nb, /The task is a small regression: (\d+) noisy points/, { code: /ffTrain = ffData\((\d+)\)/ });
  assertProseRestates(nb, /and (\d+) fresh points to test on/, { code: /ffTest = ffData\((\d+)\)/ });
  assertProseRestates(nb, /with \$T = (\d+)\$\. After step 0/, { code: /const waveT = (\d+),/ });
  assertProseRestates(nb, /It trains on (\d+) random/, { code: /waveTrain = Array\.from\(\{ length: (\d+) \}/ });
  assertProseRestates(nb, /is tested on (\d+) new ones/, { code: /waveTest = Array\.from\(\{ length: (\d+) \}/ });
  assertProseRestates(nb, /the sequences are (\d+) letters/, { code: /const clsT = (\d+),/ });
  assertProseRestates(nb, /two RNNs with (\d+) hidden units/, { code: /hiddenSize: (\d+), outputSize: 1 \}, 40\)/ });
  assertProseRestates(nb, /windows of (\d+) trading days/, { code: /spFirst \+ i\), (\d+), \{ stride: 20 \}/ });
  assertProseRestates(nb, /Training uses sequences of 2 to (\d+) letters/, { code: /const revLengths = \[2, 3, 4, (\d+)\]/ });
  assertProseRestates(nb, /windows of 24 months \(stride (\d+)\)/, { code: /s \+ 24 < unSplit; s \+= (\d+)\)/ });
  assert.equal(
    Number(prose(nb).match(/the monthly unemployment rate \(percent\) of (\d+) industries/)![1]),
    num(new RegExp(`Held out: \\S+ to \\S+, (${SAID}) industries`)),
  );
});

test("the five-shape diagram is generated SVG and every figure is numbered", () => {
  const outputs = nb.cells.flatMap((c) => c.outputs.map((o) => o.text));
  const svg = outputs.find((t) => t.trimStart().startsWith("<svg") && t.includes("Figure 1"));
  assert.ok(svg, "Figure 1 is an SVG output");
  for (const name of ["one-to-one", "one-to-many", "many-to-one", "many-to-many (delayed)", "many-to-many (aligned)"]) {
    assert.ok(svg.includes(name), `Figure 1 names ${name}`);
  }
  const html = nb.html.join("\n");
  for (let f = 2; f <= 14; f++) assert.ok(html.includes(`Figure ${f} ·`), `Figure ${f} is shown`);
  // live training leaves its final, static loss curve (six models, seven training runs)
  assert.ok((html.match(/finished · epochs completed/g) ?? []).length >= 7, "every training run ends with its final loss curve");
});

test("each model beats its stated baseline on held-out data, and each sentence's verdict is its numbers'", () => {
  const lowerIsBetter = (metric: string) => metric === "MSE";
  const expected: [string, string][] = [
    ["One-to-one", "mean prediction"],
    ["One-to-many", "mean prediction"],
    ["Many-to-one", "majority class"],
    ["Many-to-many, delayed", "copying the input"],
    ["S&P 500 5-day average", "last value"],
    ["Unemployment panel", "last value"],
  ];
  for (const [model, baseline] of expected) {
    const c = comparison(model);
    assert.equal(c.baseline, baseline, `${model}: baseline`);
    const better = lowerIsBetter(c.metric) ? c.rnn < c.base : c.rnn > c.base;
    assert.ok(better && c.better, `${model}: RNN ${c.metric} ${c.rnn} should beat the baseline's ${c.base}`);
  }
  for (const [model, c] of comparisons) assert.equal(c.better, lowerIsBetter(c.metric) ? c.rnn < c.base : c.rnn > c.base, `${model}: the verdict`);
  assert.ok(comparison("One-to-one").rnn < 0.1 * comparison("One-to-one").base);
  assert.ok(comparison("One-to-many").rnn < 0.2 * comparison("One-to-many").base);
  assert.ok(comparison("Many-to-one").rnn >= 0.8, "many-to-one accuracy");
  const beaten = [...comparisons.values()].filter((c) => c.better).length;
  assert.equal(comparisons.size, 8, "six models, the raw S&P 500 close and the seasonal rule");
  assert.match(said(nb), new RegExp(`The RNN beats its baseline in ${beaten} of 8 comparisons`));
  // the summary's prose: exactly two comparisons go against the network, and these are the two
  const lost = [...comparisons.entries()].filter(([, c]) => !c.better).map(([m]) => m);
  assert.deepEqual(lost.sort(), ["S&P 500 next close", "Unemployment panel, against a seasonal rule"]);
  assert.match(prose(nb), /The two comparisons against the network are reported as they came out: the raw S&P 500 close, which it was not\s+expected to win, and the unemployment panel against the hand-made seasonal rule/);
  const summary = tables(nb).find((t) => t.headers[0] === "model (metric)")!;
  assert.equal(summary.rows.length, 8, "the summary table collects every comparison");
});

test("the reversal model is at least 90 % exact on held-out sequences of its training lengths, and not beyond them", () => {
  const pooled = comparison("Many-to-many, delayed").rnn;
  assert.ok(pooled >= 0.9, `pooled exact match ${pooled}`);
  const m = nums(new RegExp(`Exact match on the held-out sequences of lengths 2, 3, 4 and 5: (${SAID}), (${SAID}), (${SAID}) and (${SAID}); on fresh sequences of lengths 6, 7 and 8, never seen in training: (${SAID}), (${SAID}) and (${SAID})\\.`));
  assert.ok(m.slice(0, 4).every((v) => v >= 90), `the training lengths: ${m.slice(0, 4)}`);
  assert.ok(m[6] < 50, "it falls apart past the training lengths");
  assert.ok(comparison("Many-to-many, delayed").base < 0.1, "copying is right only for palindromes");
  const [all, unused, work, , held] = nums(new RegExp(`The two networks have (${SAID}) parameters, of which the encoder's output layer \\((${SAID})\\) is never used: (${SAID}) do the work\\. They trained on (${SAID}) sequences; (${SAID}) are held out`));
  assert.equal(all - unused, work);
  assert.equal(unused, 48 + 1);
  assert.ok(held > 0);
});

test("the raw S&P 500 close is reported honestly against tomorrow-equals-today, recomputed from the data", () => {
  const sp = loadSP500Daily({ from: "2010-01-01" });
  const split = sp.dates.findIndex((d) => d >= "2019-01-01");
  let sum = 0;
  for (let i = split; i < sp.values.length - 1; i++) sum += (sp.values[i] - sp.values[i + 1]) ** 2;
  const base = sum / (sp.values.length - 1 - split);
  const c = comparison("S&P 500 next close");
  assertClose(c.base, base, rounding, "the baseline's MSE against its recomputation");
  assert.match(said(nb), c.rnn < c.base ? /On the close the RNN beats "tomorrow equals today"/ : /On the close the RNN does not beat "tomorrow equals today"/);
  assertClose(c.rnn / c.base, 1, { abs: 0.05 }, `close: RNN MSE ${c.rnn} vs baseline ${c.base}`);
  const [actual, forecast, move] = nums(new RegExp(`the daily returns have a standard deviation of (${SAID}) %, the forecasts (${SAID}) %, and the close forecast differs from the previous close by (${SAID}) on average`));
  assert.ok(forecast < actual / 2, "return forecasts vary far less than returns, as the prose says");
  assert.ok(move < 0.5);
  const [, , , marchBase, marchRnn] = nums(new RegExp(`the RMSE is (${SAID}) for the baseline and (${SAID}) for the RNN; in March 2020 alone \\((${SAID}) days\\) (${SAID}) and (${SAID})`));
  assert.ok(marchRnn < marchBase, "the RNN is ahead in March 2020");
});

test("the unemployment baseline and the seasonal rule are recomputed from the panel", () => {
  const p = loadUnemploymentPanel();
  const T = p.dates.length;
  const perIndustry = p.values.map((s) => {
    let sum = 0;
    for (let i = T - 24; i < T; i++) sum += (s[i - 1] - s[i]) ** 2;
    return sum / 24;
  });
  assertClose(comparison("Unemployment panel").base, perIndustry.reduce((a, b) => a + b, 0) / perIndustry.length, rounding, "the baseline against its recomputation");
  const wins = num(new RegExp(`The RNN has the lower error in (${SAID}) of the 14 industries`));
  assert.equal(wins, tables(nb).find((t) => t.headers[0] === "industry")!.rows.filter((r) => r[3] === "yes").length);
  // the hand-made seasonal rule, recomputed: last value + the industry's mean training change for that calendar month
  const month = p.dates.map((d) => Number(d.slice(5, 7)) - 1);
  const rule =
    p.values.reduce((acc, s) => {
      const mean = (m: number) => {
        const idx = Array.from({ length: T - 25 }, (_, j) => j + 1).filter((i) => month[i] === m);
        return idx.reduce((a, i) => a + s[i] - s[i - 1], 0) / idx.length;
      };
      let sum = 0;
      for (let i = T - 24; i < T; i++) sum += (s[i - 1] + mean(month[i]) - s[i]) ** 2;
      return acc + sum / 24;
    }, 0) / p.values.length;
  const c = comparison("Unemployment panel, against a seasonal rule");
  assertClose(c.base, rule, rounding, "the rule against its recomputation");
  assert.match(said(nb), new RegExp(`and it ${rule < c.rnn ? "beats" : "does not beat"} the RNN`));
  // "over eight years of training data": the training months, from the panel's dates
  const years = num(new RegExp(`monthly means over (${SAID}) years of training data`));
  assert.equal(years, Math.round((T - 24 - 1) / 12));
  assert.match(said(nb), new RegExp(`The training years run from ${p.dates[1]} to ${p.dates[T - 25]}\\.`));
});

test("one-to-one and one-to-many: the parameter count, the fit and the baselines are as the prose says", () => {
  const [all, dead, working] = nums(new RegExp(`The network has (${SAID}) parameters, but the (${SAID}) entries of \\$W_h\\$ multiply .* (${SAID}) do the work`));
  assert.equal(all, 1 * 16 + 16 * 16 + 16 + 16 * 1 + 1);
  assert.equal(dead, 16 * 16);
  assert.equal(working, all - dead);
  const [share, times] = nums(new RegExp(`The network's test MSE is (${SAID}) of the mean prediction's, and (${SAID}) times the noise variance`));
  assertClose(share, (100 * comparison("One-to-one").rnn) / comparison("One-to-one").base, { abs: 0.1 });
  assert.ok(times < 2, `close to the noise variance: ${times}×`);
  const [flat, variance] = nums(new RegExp(`stays within ±(${SAID}) of zero, so the baseline's MSE is close to the variance of the test waves, (${SAID})\\.`));
  assert.ok(flat < 0.2, "the mean training wave is nearly flat");
  assertClose(comparison("One-to-many").base / variance, 1, { abs: 0.05 }, "the baseline's error is about the variance of a wave");
  const shown = nums(new RegExp(`The three generated waves of Figure 5 score MSEs of (${SAID}), (${SAID}) and (${SAID})\\.`));
  assert.ok(shown.every((v) => v < 0.1 * comparison("One-to-many").base), `Figure 5's waves are written well: ${shown}`);
});

test("many-to-one: the class is rarely settled early, the baseline is the training majority, and the mistakes are close calls", () => {
  const settled = num(new RegExp(`The class is settled after (${SAID}) of the 12 letters on average`));
  assert.ok(settled > 9, `on average nearly all letters must be read: ${settled}`);
  const m = said(nb).match(/Training classes a\/b\/c: (\d+)\/(\d+)\/(\d+); the baseline always answers «(\w)», the most common class in training\. In the test set, «\4» is the class of (\d+) of the 300 sequences, and the most common test class is «(\w)», with (\d+)\./);
  assert.ok(m, "the class counts");
  const counts = m.slice(1, 4).map(Number);
  assert.equal(m[4], "abc"[counts.indexOf(Math.max(...counts))]);
  assertClose(comparison("Many-to-one").base, Number(m[5]) / 300, rounding, "the baseline's accuracy is that share");
  const [close, mistakes] = nums(new RegExp(`(${SAID}) of the (${SAID}) mistakes — every one — are on sequences whose winning letter leads by a single occurrence`));
  assert.equal(close, mistakes, "every mistake is a close call");
  assertClose(1 - comparison("Many-to-one").rnn, mistakes / 300, rounding, "the mistakes are the accuracy's complement");
  assert.doesNotMatch(prose(nb), /almost all/);
});

test("reversal: past the training lengths the first letters written stay right and the new last letter goes wrong", () => {
  const byPosition = nums(new RegExp(`At length 6, the share of right letters by position written, from the first \\(the last letter read\\) to the sixth: ${Array(5).fill(`(${SAID}), `).join("").replace(/, $/, "")} and (${SAID})\\.`));
  assert.equal(byPosition.length, 6);
  assert.ok(byPosition.slice(0, 3).every((v) => v > 90) && byPosition[5] < 50, `${byPosition}`);
  // "notebook 5 trains one to recall a bit across 16 steps": read from notebook 5's own output
  assert.match(prose(nb), /notebook 5 trains one to\s+recall a bit across 16 steps/);
  const five = executeNotebook("notebooks/05-beyond.ipynb");
  const solved = five.said.match(/it solves every T up to ([\d, and]+)\./);
  assert.ok(solved && solved[1].split(/, | and /).map(Number).includes(16), "notebook 5 recalls a bit across 16 steps");
});

test("S&P 500 and unemployment: each sentence of the prose is what the code says", () => {
  assertClose(num(new RegExp(`the correlation of one day's return with the next is (${SAID})`)), 0, { abs: 0.1 }, "returns barely predict the next");
  assert.ok(comparison("S&P 500 5-day average").rnn < 0.5 * comparison("S&P 500 5-day average").base, "clearly beats the naive forecast");
  assert.match(said(nb), /over the whole held-out period, is widest in March\./);
  const [monthly, yearly] = nums(new RegExp(`the scaled monthly change has a spread of (${SAID}), the twelve-month mean change (${SAID})`));
  assert.ok(yearly < monthly / 2, "the twelve-month change is far steadier");
  assert.ok(num(new RegExp(`calendar month: r = (${SAID})`)) > 0.5, "the network anticipates the seasons");
  const shown = said(nb).match(new RegExp(`Figure 14 shows (.+?), where the RNN gains most \\(MSE (${SAID}) against (${SAID})\\), and (.+?), where it loses most \\((${SAID}) against (${SAID})\\)\\.`))!;
  assert.ok(readNumber(shown[2]) < readNumber(shown[3]) && readNumber(shown[5]) > readNumber(shown[6]));
  assert.deepEqual(figure(nb, "Figure 14 ·").data.map((t) => t.name), [`${shown[1]} (actual)`, `${shown[1]} (RNN forecast)`, `${shown[4]} (actual)`, `${shown[4]} (RNN forecast)`]);
  const wins = num(new RegExp(`The RNN has the lower error in (${SAID}) of the 14 industries`));
  assert.ok(wins > 0 && wins < 14, "it pays off in some industries and not in others");
  assert.match(said(nb), /The seasonal rule is a table of 14 × 12 = 168 monthly means/);
});

