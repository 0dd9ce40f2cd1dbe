/**
 * Notebook 1 (Motivation) runs top to bottom under the real kernel, and what it says backs the prose: the
 * alphabet model is sure forwards and no better than chance backwards, the novel-trained RNN prefers the
 * original sentence to every shuffle while the bag-of-characters model scores every reordering alike, the
 * synthetic store is labelled so, and the RNN's validation error is within 10 % of the best lagged model's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  cellSource,
  codeNumber,
  executeNotebook,
  figure,
  prose,
  proseNumber,
  readNumber,
  SAID,
  said,
  saidNumber,
  tables,
} from "../helpers/notebook";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/01-motivation.ipynb");
const num = (re: RegExp) => saidNumber(nb, re);
/** Every number a sentence matching `re` says, in order. */
const nums = (re: RegExp) => {
  const m = said(nb).match(re);
  assert.ok(m, `expected a sentence matching ${re}`);
  return m.slice(1).map(readNumber);
};

test("every cell runs without an error or anything on stderr", () => {
  assertRanClean(nb);
});

test("it credits the tutorial, and its Portuguese headings and quotations are the tutorial's words", () => {
  assertCreditsAndHeadings(nb);
  assert.match(prose(nb), /«Miséria nossa de legado o criatura nenhuma a transmiti não,\s+filhos tive não\.»/);
  assert.match(prose(nb), /\[Turing completude\]\(https:\/\/pt\.wikipedia\.org\/wiki\/Turing_completude\)/);
});

test("the prose restates the configuration the code uses", () => {
  assertProseRestates(nb, /character-level model with (\d+) hidden units to predict the next character of the alphabet/, {
    code: /hiddenSize: (\d+), seqLength: 26/,
  });
  assertProseRestates(nb, /\((\d+) hidden units, \d+ updates of/, { code: /vocab, hiddenSize: (\d+),/ });
  assertProseRestates(nb, /hidden units, (\d+) updates of/, { code: /batchSize: 16, steps: (\d+), lr: 0\.005/ });
  assertProseRestates(nb, /windows of (\d+) characters in \d+ parallel streams/, { code: /hiddenSize: 64, seqLength: (\d+),/ });
  assertProseRestates(nb, /characters in (\d+) parallel streams/, { code: /seqLength: 25, batchSize: (\d+),/ });
  assertProseRestates(nb, /the tutorial's scrambled version and (\d+)\s+seeded shuffles/, {
    code: /Array\.from\(\{ length: (\d+) \}, \(_, i\) => \(\{ name: `shuffle/,
  });
  assertProseRestates(nb, /along a strip of (\d+) pixels/, { code: /const strip = (\d+),/ });
  assertProseRestates(nb, /on (\d+) sequences of \d+ frames/, { code: /dotTrain = dotSet\((\d+)\)/ });
  assertProseRestates(nb, /sequences of (\d+) frames/, { code: /frames = (\d+);/ });
  assertProseRestates(nb, /tested on\s+(\d+) new sequences/, { code: /dotTest = dotSet\((\d+)\)/ });
  assert.equal(proseNumber(nb, /in each of (\d+) US\s+industries/), num(new RegExp(`The panel holds (${SAID}) industries`)));
  assert.match(prose(nb), /eight weeks of daily sales of three products/);
  assert.equal(codeNumber(nb, /const storeDays = Array\.from\(\{ length: (\d+) \* 7 \}/), 8, "eight weeks");
  assert.equal((cellSource(nb, "motivation-everywhere-store-figure").match(/\{ name: "/g) ?? []).length, 3, "three products");
  assertProseRestates(nb, /every number of lags from 1 to (\d+)/, { code: /const lagRange = Array\.from\(\{ length: (\d+) \}/ });
  // Random.int(k) draws 0 … k − 1, so 3 + int(k) reaches 3 + k − 1
  assert.equal(proseNumber(nb, /a history between 3 and (\d+) days long/), 3 + codeNumber(nb, /const length = 3 \+ shopRng\.int\((\d+)\)/) - 1);
  assertProseRestates(nb, /Figure 10 shows both for 2, 5 and (\d+) variables/, { code: /\[2, 5, (\d+)\]\.flatMap/ });
  assertProseRestates(nb, /\(the RNN with (\d+) hidden units and one\s+output\)/, { code: /inputSize: d, hiddenSize: (\d+), outputSize: 1/ });
  assertProseRestates(nb, /we generate (\d+) shops/, { code: /Array\.from\(\{ length: (\d+) \}, \(_, s\) =>/ });
  assertProseRestates(nb, /Now the recurrent network: (\d+)\s+hidden units/, { code: /const rnn = initParams\(\{ inputSize: 2, hiddenSize: (\d+), outputSize: 1 \}, 0\)/ });
  assertProseRestates(nb, /stretches of (\d+) consecutive days/, { code: /const windowLength = (\d+),/ });
  assertProseRestates(nb, /one starting every (\d+)\s+days/, { code: /a \+= (\d+)\) windowStarts/ });
  assertProseRestates(nb, /minibatches of (\d+)\)/, { code: /batchSize = (\d+), settleEpoch/ });
  assertProseRestates(nb, /from epoch (\d+) of the \d+ on/, { code: /settleEpoch = (\d+);/ });
  assertProseRestates(nb, /from epoch \d+ of the (\d+) on/, { code: /epochs = (\d+), batchSize/ });
});

test("the alphabet model is near-certain forwards and no better than chance (1/26) backwards", () => {
  const [fwd, sure, n, bwd, chance, lost] = nums(
    new RegExp(
      `mean probability of (${SAID}), and more than 0\\.9 at (${SAID}) of (${SAID}) steps\\. Backwards the mean is (${SAID}), ` +
        `no better than the (${SAID}) of a uniform guess over the 26 letters, and the probability is below 0\\.1 at (${SAID}) of the`,
    ),
  );
  assert.ok(fwd > 0.9 && bwd <= 1 / 26 && chance === Number((1 / 26).toFixed(3)), `${fwd}, ${bwd}, ${chance}`);
  assert.ok(sure >= n - 2 && lost >= n - 3, `close to 1 at almost every step, about zero backwards: ${sure}, ${lost} of ${n}`);
});

/** The table of the sentence's versions: name → RNN and bag-of-characters scores. */
function versionScores() {
  const table = tables(nb).find((t) => t.headers[0] === "version");
  assert.ok(table, "the versions are tabled");
  return new Map(table.rows.map(([name, , rnn, bag]) => [name, { rnn: Number(rnn), bag: Number(bag) }]));
}

test("the tutorial's scramble is the original reversed, and it scores below the original, among the random shuffles", () => {
  assert.match(said(nb), /The tutorial's scramble is the original's words in reverse order, capitals and punctuation aside\./);
  const scores = versionScores();
  const [o, best, reach, mean, t, above] = nums(
    new RegExp(
      `The RNN scores the original above every scrambled version, (${SAID}) nats per character against (${SAID}) for the best of them\\. ` +
        `Of 200 more random shuffles, (${SAID}) score at least as high as the original; their mean is (${SAID}), and the tutorial's scramble, at (${SAID}), scores above (${SAID}) of them\\.`,
    ),
  );
  assert.equal(o, scores.get("original")!.rnn);
  assert.equal(best, Math.max(...[...scores].filter(([k]) => k !== "original").map(([, v]) => v.rnn)));
  assert.equal(t, scores.get("tutorial's scramble")!.rnn);
  assert.ok(t < o && above > 0 && above < 200, `the tutorial's scramble falls among the shuffles: above ${above}`);
  assert.ok(reach < 10, "only a few reach the original");
  assert.ok(mean < o - 0.05, "a shuffle scores clearly lower on average");
  const [gain, cost, share] = nums(new RegExp(`the RNN knows (${SAID}) nats per character about the original; a random shuffle of its words costs it (${SAID}) of them on average, (${SAID}) of what it knows`));
  assert.ok(cost > 0 && cost < gain / 5, `most of what it knows survives a shuffle: costs ${cost} of ${gain}`);
  assertClose(share, (100 * cost) / gain, { abs: 0.1 });
});

test("the direction of a moving dot: one frame says nothing, a sequence says everything", () => {
  assert.match(said(nb), /reached from as many starts moving right as moving left: one frame never tells the direction\./);
  const [n, one, frames, all] = nums(new RegExp(`On (${SAID}) new sequences the network that sees the last frame alone names the direction of (${SAID}) of them, .* the RNN that reads the (${SAID}) frames in order names (${SAID})\\.`));
  assert.equal(n, 200);
  assert.equal(frames, 4);
  assert.ok(one < 60 && all > 95, `one frame ${one} %, four frames ${all} %`);
});

test("the novel-trained RNN scores the original sentence above every scrambled version", () => {
  const scores = versionScores();
  assert.equal(scores.size, 10, "the original, the tutorial's scramble and eight shuffles");
  const original = scores.get("original")!;
  for (const [name, v] of scores) if (name !== "original") assert.ok(original.rnn > v.rnn, `${name} (${v.rnn}) should score below the original (${original.rnn})`);
});

test("the bag-of-characters model scores every ordering of the same characters alike, the tutorial's a little apart", () => {
  const bag = [...versionScores()].filter(([k]) => k !== "tutorial's scramble").map(([, v]) => v.bag);
  assert.equal(bag.length, 9);
  assert.equal(new Set(bag).size, 1);
  assert.match(said(nb), /gives the 9 versions made of the original's characters one and the same score/);
  const off = num(new RegExp(`the tutorial's scramble, two of whose letters change case, scores (${SAID}) lower`));
  assert.ok(off > 0 && off < 0.05, "slightly different, only through its capitals");
  assert.match(prose(nb), /bag-of-characters model scores every reordering of the same characters alike/);
  assert.doesNotMatch(prose(nb), /cannot tell them apart/);
});

test("the real series span what the sentences say, every industry's rate climbs in 2008–2009, and the focus of Figure 3 is computed", () => {
  assert.match(said(nb), /The S&P 500 series has [\d,]+ trading days, from 2000-01-\d\d to 2020-04-\d\d\./);
  assert.match(said(nb), /The panel holds 14 industries × \d+ months, from 2000-01-01 to 2010-02-01\. From December 2007 to December 2009 the rate rose in 14 of the 14/);
  const fig = figure(nb, "Figure 3 ·");
  const coloured = fig.data.filter((t) => t.legendgroup !== "others").map((t) => t.name);
  const m = said(nb).match(/most in (.+?) and (.+?), by .* least in (.+?), by/);
  assert.ok(m);
  assert.deepEqual(coloured, [m[1], m[2], m[3]], "the industries in colour are the ones the sentence names");
  assert.equal(fig.data.length, 14);
  assert.equal(fig.data.filter((t) => t.showlegend !== false).length, 4, "a legend of four rows, not fourteen");
  assert.equal(new Set(fig.data.filter((t) => t.legendgroup !== "others").map((t) => t.line.color)).size, 3);
});

test("the synthetic store is labelled synthetic, and its weekend lift is what the figure's data give", () => {
  const fig = figure(nb, "Figure 4 ·");
  assert.match(fig.title, /\(synthetic; days 5 and 6 of each week are its weekend\)$/);
  assert.match(prose(nb), /The numbers are \*\*synthetic\*\*/);
  const lifts = nums(new RegExp(`sells (${SAID}), (${SAID}) and (${SAID}) more bread, milk and ice cream than on a weekday`));
  fig.data.forEach((t, k) => {
    const weekend = t.y.filter((_: number, d: number) => d % 7 >= 5),
      weekday = t.y.filter((_: number, d: number) => d % 7 < 5);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    assertClose(lifts[k], 100 * (mean(weekend) / mean(weekday) - 1), { abs: 0.5 }, t.name);
    assert.ok(lifts[k] > 0, `${t.name} sells more on weekends`);
  });
});

test("the least-squares fit recovers the lag coefficients and more lags do not help", () => {
  const table = tables(nb).find((t) => t.headers[0] === "coefficient")!;
  assert.deepEqual(table.rows.map((r) => r[1]), ["intercept", "demandₜ", "demandₜ₋₁", "temperatureₜ", "temperatureₜ₋₁"], "features named as the prose writes them");
  table.rows.slice(1).forEach((r) => assertClose(Number(r[3]), Number(r[2]), { abs: 0.15 }, r[1]));
  const [val, noise] = nums(new RegExp(`With two lags the validation MSE is (${SAID}) litres², close to the noise variance of the true rule, (${SAID}) litres²`));
  assertClose(val / noise, 1, { abs: 0.1 }, "close to the variance of the noise");
  assert.match(said(nb), /The series has 2,190 days: the first 1,752 for fitting, the last 438 for validation\./, "six years, 80 % for fitting");
  assert.ok(num(new RegExp(`The best number of lags is (${SAID}),`)) <= 3);
  assert.match(said(nb), /one lag and ten lags both score worse than the best/);
});

test("the RNN's validation error is within 10 % of the best lagged model's, or better", () => {
  const [rnn, lagged, , ratio] = nums(new RegExp(`The RNN's validation MSE is (${SAID}) litres² against (${SAID}) for the best lagged model \\((${SAID}) lags\\): (${SAID}) times as large, within 10 % of it`));
  assert.ok(rnn <= 1.1 * lagged, `RNN ${rnn} vs best lagged ${lagged}`);
  assertClose(ratio, rnn / lagged, { abs: 0.002 });
  const [params, lagParams] = nums(new RegExp(`It has (${SAID}) parameters to fit, the lagged model (${SAID})\\.`));
  assert.ok(params > lagParams, "the RNN has more parameters to fit");
});

test("lags drop observations, most of all from short histories, and the RNN predicts every day", () => {
  const m = nums(new RegExp(`with 2, 7 and 10 lags the model drops (${SAID}), (${SAID}) and (${SAID}) of them, and (${SAID}), (${SAID}) and (${SAID}) shops lose every day`));
  assert.ok(m[0] < m[1] && m[1] < m[2]);
  assert.ok(m[3] === 0 && m[5] > 0);
  assert.ok(num(new RegExp(`one series of [\\d,]+ days drops (${SAID}) of its predictable days`)) < 1, "negligible for one long series");
  const [rnnN, , lagN, , common, lag, gap] = nums(
    new RegExp(`the RNN predicts (${SAID}) days \\(MSE (${SAID})\\), the lagged model (${SAID}) \\(MSE (${SAID})\\)\\. On the [\\d,]+ days both can predict, the RNN's MSE is (${SAID}) against the lagged model's (${SAID}): higher, by (${SAID})\\.`),
  );
  assert.ok(rnnN > lagN);
  assert.ok(common > lag && gap < 10, `"a little error": ${common} against ${lag}`);
});

test("every figure the prose refers to is drawn", () => {
  for (let f = 1; f <= 11; f++) assert.ok(nb.figures.some((g) => g.title.startsWith(`Figure ${f} ·`)), `Figure ${f} is missing`);
});

test("Figure 1 names its panels (a) and (b), not left and right, and (b) plots each version's score minus the original's", () => {
  const fig = figure(nb, "Figure 1 ·");
  assert.doesNotMatch(fig.title, /left|right/, "panels stack on a phone");
  assert.deepEqual(
    fig.layout.annotations.map((a: { text: string; xref: string }) => [a.text.slice(0, 3), a.xref]),
    [
      ["(a)", "x domain"],
      ["(b)", "x2 domain"],
    ],
  );
  assert.match(prose(nb), /Figure 1a shows the alphabet model/);
  assert.match(prose(nb), /Figure 1b shows what each scrambled version scores minus what the original scores/);
  const scores = versionScores();
  const original = scores.get("original")!;
  const [rnn, bag] = ["RNN", "bag-of-characters"].map((name) => fig.data.find((t) => t.name === name)!);
  assert.deepEqual(rnn.y, [...scores.keys()].slice(1), "every scrambled version, the original being the zero line");
  rnn.y.forEach((name: string, i: number) => {
    assertClose(rnn.x[i], scores.get(name)!.rnn - original.rnn, { abs: 1e-4 }, `${name}: RNN bar`);
    assertClose(bag.x[i], scores.get(name)!.bag - original.bag, { abs: 1e-4 }, `${name}: bag bar`);
  });
  assert.ok(rnn.x.every((v: number) => v < 0), "every RNN bar is below zero");
  assert.deepEqual(bag.y.filter((_: string, i: number) => bag.x[i] !== 0), ["tutorial's scramble"], "the bag-of-characters bars are zero but for the tutorial's");
});

test("Figure 5 gives temperature (°C) an axis of its own, beside the litres", () => {
  const fig = figure(nb, "Figure 5 ·");
  const [demand, temperature] = fig.data;
  assert.match(demand.name, /^demand \(litres/);
  assert.equal(demand.yaxis, undefined);
  assert.match(temperature.name, /^temperature \(°C/);
  assert.equal(temperature.yaxis, "y2");
  assert.equal(fig.layout.yaxis.title.text, "demand (litres)");
  assert.equal(fig.layout.yaxis2.title.text, "temperature (°C)");
  assert.equal(fig.layout.yaxis2.side, "right");
});

test("Figure 7 shows the validation errors from zero, beside the true rule's, and the best and worst are the sentence's", () => {
  const fig = figure(nb, "Figure 7 ·");
  assert.equal(fig.layout.yaxis.rangemode, "tozero");
  const byL: number[] = fig.data[0].y;
  assert.equal(byL.length, 10);
  const best = Math.min(...byL),
    worst = Math.max(...byL);
  const [L, bestMSE, worstL, above] = nums(new RegExp(`The best number of lags is (${SAID}), with a validation MSE of (${SAID}) litres²; the worst, (${SAID}), is (${SAID}) above it`));
  assert.equal(byL[L - 1], best);
  assert.equal(bestMSE.toFixed(2), best.toFixed(2));
  assert.equal(byL[worstL - 1], worst);
  assertClose(above, 100 * (worst / best - 1), { abs: 0.05 }, `${above} %`);
  assert.ok(above < 5, `the differences are small: ${above} %`);
  const rule = num(new RegExp(`The true rule scores (${SAID}) litres² on the same days`));
  assert.ok(fig.data[1].y.every((v: number) => v.toFixed(2) === rule.toFixed(2)), "the dotted line is the true rule's error");
  byL.forEach((v) => assertClose(v / rule, 1, { abs: 0.05 }, "every lagged model comes close to the true rule (within 5 %)"));
});

test("Figure 10 gives each lagged/RNN pair one colour, and the three pairs three colours", () => {
  const fig = figure(nb, "Figure 10 ·");
  const colours = [2, 5, 20].map((d) => {
    const pair = fig.data.filter((t) => t.name.endsWith(`, ${d} variables`));
    assert.equal(pair.length, 2);
    assert.equal(pair[0].line.color, pair[1].line.color, `${d} variables`);
    assert.deepEqual(pair.map((t) => t.line.dash ?? "solid"), ["solid", "dash"]);
    return pair[0].line.color;
  });
  assert.equal(new Set(colours).size, 3);
});

test("the moving dot is drawn in a monospace block, one pixel further right (left) in every frame", () => {
  const block = nb.html.find((h) => h.includes('class="rnn-dots"'));
  assert.ok(block, "the frames are shown");
  assert.match(block, /font-family:'DejaVu Sans Mono',monospace/);
  const [header, ...rows] = block.replace(/<[^>]+>/g, "").split("\n");
  assert.equal(rows.length, 4);
  const strip = 8,
    width = 2 * strip - 1; // "· ● · …": a pixel and a space
  const dot = (row: string, from: number) => row.slice(from, from + width).indexOf("●") / 2;
  const starts = [header.indexOf("dot moving right"), header.indexOf("dot moving left")]; // each strip under its heading
  rows.forEach((row, t) => {
    assert.ok(starts.every((from) => /^[·●]( [·●]){7}$/.test(row.slice(from, from + width))), `frame ${t}: each strip sits under its heading`);
    assert.equal(dot(row, starts[0]), (dot(rows[0], starts[0]) + t) % strip, `frame ${t}: moving right`);
    assert.equal(dot(row, starts[1]), (dot(rows[0], starts[1]) - t + strip) % strip, `frame ${t}: moving left`);
  });
});
