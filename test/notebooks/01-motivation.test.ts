/**
 * Notebook 1 (Motivation) runs top to bottom under the real kernel, and its printed lines back the
 * prose: the alphabet model is sure forwards and no better than chance backwards, the novel-trained
 * RNN prefers the original sentence to every shuffle while the bag-of-characters model cannot tell
 * them apart, and the RNN's validation error is within 10 % of the best lagged model's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  codeNumber,
  executeNotebook,
  figure,
  printedNumber,
  prose,
  proseNumber,
} from "../helpers/notebook";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/01-motivation.ipynb");
const num = (re: RegExp) => printedNumber(nb, re);

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
  assertProseRestates(nb, /every number of lags from 1 to (\d+)/, { code: /const lagRange = Array\.from\(\{ length: (\d+) \}/ });
  // Random.int(k) draws 0 … k − 1, so 3 + int(k) reaches 3 + k − 1
  assert.equal(
    proseNumber(nb, /a history between 3 and (\d+) days long/),
    3 + codeNumber(nb, /const length = 3 \+ shopRng\.int\((\d+)\)/) - 1,
  );
  assertProseRestates(nb, /Figure 9 shows both for 2, 5 and (\d+) variables/, { code: /\[2, 5, (\d+)\]\.flatMap/ });
  assertProseRestates(nb, /\(the RNN with (\d+) hidden units and one\s+output\)/, {
    code: /inputSize: d, hiddenSize: (\d+), outputSize: 1/,
  });
  assertProseRestates(nb, /we generate (\d+) shops/, { code: /Array\.from\(\{ length: (\d+) \}, \(_, s\) =>/ });
  assertProseRestates(nb, /Now the recurrent network: (\d+)\s+hidden units/, {
    code: /inputSize: 2, hiddenSize: (\d+), outputSize: 1 \}, 0\);\nconst windowLength/,
  });
  assertProseRestates(nb, /stretches of (\d+) consecutive days/, { code: /const windowLength = (\d+),/ });
  assertProseRestates(nb, /one starting every (\d+)\s+days/, { code: /a \+= (\d+)\) windowStarts/ });
  assertProseRestates(nb, /minibatches of (\d+)\)/, { code: /batchSize = (\d+), settleEpoch/ });
  assertProseRestates(nb, /from epoch (\d+) of the \d+ on/, { code: /settleEpoch = (\d+);/ });
  assertProseRestates(nb, /from epoch \d+ of the (\d+) on/, { code: /epochs = (\d+), batchSize/ });
});

test("the alphabet model is near-certain forwards and no better than chance (1/26) backwards", () => {
  assert.ok(num(/Alphabet forwards: mean probability of the next letter = ([\d.]+)/) > 0.9);
  assert.ok(num(/Alphabet backwards: mean probability of the next letter = ([\d.]+)/) <= 1 / 26);
  const m = nb.stdout
    .match(/more than 0\.9 at (\d+) of (\d+) steps; backwards, less than 0\.1 at (\d+) of (\d+)\./)!
    .slice(1)
    .map(Number);
  assert.ok(m[0] >= m[1] - 2 && m[2] >= m[3] - 3, `close to 1 at almost every step, about zero backwards: ${m}`);
});

test("the tutorial's scramble is the original reversed, and it scores below the original, among the random shuffles", () => {
  assert.match(nb.stdout, /The tutorial's scramble is the original's words in reverse order \(ignoring capitals and punctuation\): true/);
  const m = nb.stdout.match(/The tutorial's scramble \((\S+)\) scores below the original and above (\d+) of the 200 random shuffles\./);
  assert.ok(m && Number(m[1]) < num(/^original: RNN (\S+),/m));
  const [gain, cost] = nb.stdout
    .match(/beyond character counts: (\S+) nats per character on the original; a random shuffle of the words costs it (\S+) of them/)!
    .slice(1)
    .map(Number);
  assert.ok(cost > 0 && cost < gain / 5, `most of what it knows survives a shuffle: costs ${cost} of ${gain}`);
  assert.ok(num(/200 more random shuffles: (\d+) score at least as high/) < 10, "only a few reach the original");
  assert.ok(num(/their mean is (\S+)/) < num(/^original: RNN (\S+),/m) - 0.05, "a shuffle scores clearly lower on average");
});

test("the direction of a moving dot: one frame says nothing, a sequence says everything", () => {
  assert.match(nb.stdout, /reached from as many starts moving right as moving left \(.+\): one frame never tells the direction/);
  const [one, all] = nb.stdout
    .match(/(\S+) right from the last frame alone \(chance 0\.5\), (\S+) right from the 4 frames in order/)!
    .slice(1)
    .map(Number);
  assert.ok(one < 0.6 && all > 0.95, `one frame ${one}, four frames ${all}`);
});

test("the novel-trained RNN scores the original sentence above every scrambled version", () => {
  const lines = [...nb.stdout.matchAll(/^(original|tutorial's scramble|shuffle \d+): RNN (-?[\d.]+), bag-of-characters (-?[\d.]+)$/gm)];
  assert.equal(lines.length, 10, "the original, the tutorial's scramble and eight shuffles");
  const original = lines.find((m) => m[1] === "original")!;
  for (const m of lines.filter((l) => l[1] !== "original")) {
    assert.ok(Number(original[2]) > Number(m[2]), `${m[1]} (${m[2]}) should score below the original (${original[2]})`);
  }
  assert.match(nb.stdout, /original ranks first: true/);
});

test("the bag-of-characters model scores every ordering of the same characters equally", () => {
  const bag = [...nb.stdout.matchAll(/^(.+?): RNN \S+, bag-of-characters (-?[\d.]+)$/gm)]
    .filter((m) => m[1] !== "tutorial's scramble")
    .map((m) => m[2]);
  assert.equal(bag.length, 9);
  assert.equal(new Set(bag).size, 1);
  assert.equal(num(/Bag-of-characters: largest difference between the 9 versions with the original's characters = (\S+);/), 0);
  const off = num(/the tutorial's scramble, with two capitals changed, differs from them by (\S+)/);
  assert.ok(off > 0 && off < 0.05, "slightly different, only through its capitals");
});

test("the least-squares fit recovers the lag coefficients and more lags do not help", () => {
  const fitted = nb.stdout.match(/Fitted: demand_t (\S+), demand_\{t−1\} (\S+), temperature_t (\S+), temperature_\{t−1\} (\S+)/);
  assert.ok(fitted);
  [0.5, 0.2, 2, 1].forEach((truth, j) => assertClose(Number(fitted[j + 1]), truth, { abs: 0.15 }));
  assert.ok(num(/Best lagged model: L = (\d+)/) <= 3);
  const best = num(/Best lagged model: L = \d+, validation MSE (\S+)/);
  assert.ok(num(/L = 1: validation MSE (\S+)/) > best && num(/L = 10: validation MSE (\S+)/) > best, "too few and too many lags both cost");
  const [val, noise] = nb.stdout
    .match(/Validation MSE with 2 lags: (\S+) litres² \(noise variance of the truth: (\S+)\)/)!
    .slice(1)
    .map(Number);
  assertClose(val / noise, 1, { abs: 0.1 }, "close to the variance of the noise");
  assert.match(nb.stdout, /2190 days: 1752 for fitting, 438 for validation/, "six years, 80 % for fitting");
});

test("the real series span what the prose says, and every industry's rate climbs in 2008–2009", () => {
  assert.match(nb.stdout, /S&P 500: \d+ trading days, 2000-01-\d\d to 2020-04-\d\d/);
  assert.match(nb.stdout, /Unemployment panel: 14 industries × \d+ months, 2000-01-01 to 2010-02-01/);
  assert.match(nb.stdout, /From December 2007 to December 2009 the rate rose in 14 of 14 industries\./);
});

test("the RNN's validation error is within 10 % of the best lagged model's, or better", () => {
  const rnn = num(/RNN validation MSE: ([\d.]+)/);
  const lagged = num(/Best lagged model \(L = \d+\) validation MSE: ([\d.]+)/);
  assert.ok(rnn <= 1.1 * lagged, `RNN ${rnn} vs best lagged ${lagged}`);
  const params = nb.stdout
    .match(/RNN parameters: (\d+); lagged model with L = \d+: (\d+)/)!
    .slice(1)
    .map(Number);
  assert.ok(params[0] > params[1], "the RNN has more parameters to fit");
});

test("lags drop observations, most of all from short histories, and the RNN predicts every day", () => {
  const dropped = [2, 7, 10].map((L) => num(new RegExp(`L = ${L}: drops ([\\d.]+) %`)));
  assert.ok(dropped[0] < dropped[1] && dropped[1] < dropped[2]);
  const m = nb.stdout.match(/the RNN predicts (\d+) days .*the lagged model (\d+) days/);
  assert.ok(m && Number(m[1]) > Number(m[2]));
  const both = nb.stdout
    .match(/On the \d+ days both can predict: RNN MSE (\S+), lagged (\S+)/)!
    .slice(1)
    .map(Number);
  assert.ok(both[0] > both[1] && both[0] < 1.1 * both[1], `"a little higher": ${both}`);
  assert.ok(num(/One series of \d+ days: L = 10 drops (\S+) %/) < 1, "negligible for one long series");
  assert.equal(num(/L = 2: drops \S+ % of the shops' \d+ predictable days; (\d+) shops lose every day/), 0);
  assert.ok(num(/L = 10: drops \S+ % of the shops' \d+ predictable days; (\d+) shops lose every day/) > 0);
});

test("every figure the prose refers to is drawn", () => {
  for (let f = 1; f <= 10; f++)
    assert.ok(
      nb.html.some((h) => h.includes(`Figure ${f} ·`)),
      `Figure ${f} is missing`,
    );
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
  const printedScores = new Map(
    [...nb.stdout.matchAll(/^(original|tutorial's scramble|shuffle \d+): RNN (-?[\d.]+), bag-of-characters (-?[\d.]+)$/gm)].map((m) => [
      m[1],
      { rnn: Number(m[2]), bag: Number(m[3]) },
    ]),
  );
  const original = printedScores.get("original")!;
  // horizontal bars: the versions on y, each one's score minus the original's on x
  const [rnn, bag] = ["RNN", "bag-of-characters"].map((name) => fig.data.find((t) => t.name === name)!);
  assert.deepEqual(rnn.y, [...printedScores.keys()].slice(1), "every scrambled version, the original being the zero line");
  rnn.y.forEach((name: string, i: number) => {
    assertClose(rnn.x[i], (printedScores.get(name)!.rnn - original.rnn), { abs: 1e-4 }, `${name}: RNN bar`);
    assertClose(bag.x[i], (printedScores.get(name)!.bag - original.bag), { abs: 1e-4 }, `${name}: bag bar`);
  });
  assert.ok(
    rnn.x.every((v: number) => v < 0),
    "every RNN bar is below zero",
  );
  assert.deepEqual(
    bag.y.filter((_: string, i: number) => bag.x[i] !== 0),
    ["tutorial's scramble"],
    "the bag-of-characters bars are zero but for the tutorial's",
  );
});

test("Figure 3 draws the 14 industries in 14 distinct colours", () => {
  const fig = figure(nb, "Figure 3 ·");
  assert.equal(fig.data.length, 14);
  assert.ok(
    fig.data.every((t) => t.line?.color === undefined),
    "no trace overrides the colour sequence",
  );
  assert.equal(new Set(fig.layout.colorway.slice(0, 14)).size, 14);
});

test("Figure 4 gives temperature (°C) an axis of its own, beside the litres", () => {
  const fig = figure(nb, "Figure 4 ·");
  const [demand, temperature] = fig.data;
  assert.match(demand.name, /^demand \(litres/);
  assert.equal(demand.yaxis, undefined);
  assert.match(temperature.name, /^temperature \(°C/);
  assert.equal(temperature.yaxis, "y2");
  assert.equal(fig.layout.yaxis.title.text, "demand (litres)");
  assert.equal(fig.layout.yaxis2.title.text, "temperature (°C)");
  assert.equal(fig.layout.yaxis2.side, "right");
});

test("Figure 6 shows the validation errors from zero, beside the true rule's, and the prose's 'small' is what they print", () => {
  const fig = figure(nb, "Figure 6 ·");
  assert.equal(fig.layout.yaxis.rangemode, "tozero");
  const byL = [...nb.stdout.matchAll(/^L = (\d+): validation MSE (\S+)$/gm)].map((m) => Number(m[2]));
  assert.equal(byL.length, 10);
  fig.data[0].y.forEach((v: number, i: number) => assert.equal(v.toFixed(2), byL[i].toFixed(2), `L = ${i + 1}`));
  const best = Math.min(...byL),
    worst = Math.max(...byL);
  const [L, above] = nb.stdout
    .match(/Worst: L = (\d+), (\S+) % above the best;/)!
    .slice(1)
    .map(Number);
  assert.equal(byL[L - 1], worst);
  assertClose(above, 100 * (worst / best - 1), { abs: 0.1 }, `${above} %`);
  assert.ok(above < 5, `"a few percent": ${above} %`);
  const rule = num(/the true rule on the same days: (\S+) litres²/);
  assert.ok(
    fig.data[1].y.every((v: number) => v.toFixed(2) === rule.toFixed(2)),
    "the dotted line is the true rule's error",
  );
  byL.forEach((v) => assertClose(v / rule, 1, { abs: 0.05 }, "every lagged model comes close to the true rule (within 5 %)"));
});

test("Figure 9 gives each lagged/RNN pair one colour, and the three pairs three colours", () => {
  const fig = figure(nb, "Figure 9 ·");
  const colours = [2, 5, 20].map((d) => {
    const pair = fig.data.filter((t) => t.name.endsWith(`, ${d} variables`));
    assert.equal(pair.length, 2);
    assert.equal(pair[0].line.color, pair[1].line.color, `${d} variables`);
    assert.deepEqual(
      pair.map((t) => t.line.dash ?? "solid"),
      ["solid", "dash"],
    );
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
    assert.ok(
      starts.every((from) => /^[·●]( [·●]){7}$/.test(row.slice(from, from + width))),
      `frame ${t}: each strip sits under its heading`,
    );
    assert.equal(dot(row, starts[0]), (dot(rows[0], starts[0]) + t) % strip, `frame ${t}: moving right`);
    assert.equal(dot(row, starts[1]), (dot(rows[0], starts[1]) - t + strip) % strip, `frame ${t}: moving left`);
  });
});
