/**
 * Notebook 4 · Math, executed under the real tslab kernel: it runs clean, and its printed claims hold —
 * mathjs and the library agree, the gradient check passes, the trained model beats the mean forecast,
 * the too-large learning rate is caught, and the gradient fades back in time. Key numbers are recomputed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertCreditsAndHeadings, assertProseRestates, executeNotebook, figure, prose, readNumber, SAID, said, tables } from "../helpers/notebook";
import { gradCheck, iceCreamDataset, manyToOneMSE, Matrix, Params, Random } from "../../lib";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/04-math.ipynb");

/** The first match of `re` in what the notebook printed or said (fails the test if there is none). */
function printed(re: RegExp): RegExpMatchArray {
  const m = nb.stdout.match(re) ?? said(nb).match(re);
  assert.ok(m, `the notebook printed or said nothing matching ${re}`);
  return m;
}
/** A number as printed, or as `say` writes it. */
const num = (s: string) => readNumber(s);
/** `SAID` as a capturing group. */
const N = `(${SAID})`;
const re = (source: string) => new RegExp(source);

/** The four-step example of section 3, rebuilt from the same seed as the notebook. */
function tinyExample(): { params: Params; X: number[][][]; y: number[][] } {
  const rng = new Random(4);
  const tenth = () => Math.round(rng.uniform(-1, 1) * 10) / 10;
  const grid = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, tenth));
  const params = {
    Wx: Matrix.from(grid(2, 3)),
    Wh: Matrix.from(grid(3, 3)),
    bh: Matrix.from(grid(1, 3)),
    Wo: Matrix.from(grid(3, 1)),
    bo: Matrix.from(grid(1, 1)),
  };
  const X = Array.from({ length: 4 }, () => grid(2, 2));
  return { params, X, y: grid(2, 1) };
}

test("the notebook runs top to bottom with no error and nothing on stderr", () => {
  assert.equal(nb.stderr, "");
  const code = nb.cells.filter((c) => c.type === "code");
  assert.ok(code.length >= 15, `expected the six sections' code cells, found ${code.length}`);
  const silent = code.filter((c) => c.outputs.length === 0 && !/^import/m.test(c.source));
  assert.ok(silent.length <= 3, `only the cells that define what later cells use show nothing: ${silent.map((c) => c.id)}`);
});

test("it credits the tutorial, states the conventions once, and its Portuguese headings are the tutorial's words", () => {
  assertCreditsAndHeadings(nb);
  assert.match(prose(nb), /\*\*Conventions, used in every notebook\.\*\* Steps are numbered from 0/);
  assert.match(prose(nb), /\$T\$ always means the length, never the last index/);
  assert.match(prose(nb), /\[Understanding LSTM Networks\]\(http:\/\/colah\.github\.io\/posts\/2015-08-Understanding-LSTMs\/\)/);
});

test("figures 1–8 are shown in order, the diagram as generated SVG", () => {
  const titles: number[] = [];
  for (const html of nb.html)
    for (const m of html.matchAll(/Figure (\d+) ·/g)) if (!titles.includes(Number(m[1]))) titles.push(Number(m[1]));
  assert.deepEqual(titles, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(
    nb.html.some(
      (text) =>
        /^\s*<svg[\s>]/.test(text) && text.includes("Figure 7") && text.includes(">rolled<") && text.includes(">unrolled over 4 steps<"),
    ),
    "the rolled and unrolled network is displayed as a generated SVG",
  );
});

test("section 1 prints the library's forward loop, and section 2 the per-step gradients summing to grads.Wh", () => {
  printed(/lib\/rnn\.ts, lines \d+–\d+:/);
  printed(/h_t = φ\(b_h \+ x_t W_x \+ h_\{t−1\} W_h\)/);
  // the prose names the loop's parts in order: x_t W_x, the accumulated h_{t−1} W_h, b_h, φ in place, the output
  const loop = nb.cells
    .filter((c) => c.outputs.some((o) => o.text.includes("lib/rnn.ts, lines")))
    .flatMap((c) => c.outputs.map((o) => o.text))
    .join("");
  const at = [/matMul\([^,]+, params\.Wx/, /matMul\([^,]+, params\.Wh, [^,]+, true\)/, /params\.bh/, /in place/, /params\.Wo/].map((re) =>
    loop.search(re),
  );
  assert.ok(
    at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])),
    `the printed loop shows x_t W_x, h_{t−1} W_h accumulated, b_h, φ in place and the output, in that order (positions ${at})`,
  );
  const sizes = printed(re(`for t = 0…3: ${N}, ${N}, ${N} and ${N}\\.`)).slice(1).map(num);
  assert.equal(sizes[0], 0, "step 0 adds nothing to Wh because h₋₁ = 0");
  assert.ok(sizes[1] < sizes[2] && sizes[2] < sizes[3], `contributions grow from step 1 to step 3: ${sizes}`);
  assertProseRestates(nb, /on a batch of (\d+) random sequences/, { code: /randomSequence\(rngShare, 4, (\d+), 2\)/ });
  assert.ok(num(printed(re(`the largest difference over the nine entries is ${N}\\.`))[1]) < 1e-12);
  assert.match(said(nb), /= 22 parameters for every T; the library counts 22\./);
});

test("the mathjs computation and the library agree to rounding, and the loss tabled is the library's", () => {
  const m = printed(re(`The largest difference between mathjs and the library is ${N}, ${N} and ${N} over \\$H_0 \\\\dots H_3\\$, over \\$\\\\hat y\\$ and over \\$L\\$: below \\$10\\^\\{-15\\}\\$`));
  for (const d of m.slice(1)) assert.ok(num(d) < 1e-15, `difference ${d}: the sentence says below 1e-15`);
  assert.ok(num(printed(re(`over the five gradients is ${N}\\.`))[1]) < 1e-12);
  assert.ok(num(printed(re(`At the 24 pre-activations of the example, sech²\\(z\\) and 1 − tanh²\\(z\\) differ by at most ${N}\\.`))[1]) < 1e-12);
  const { params, X, y } = tinyExample();
  const r = manyToOneMSE(params, X, y);
  const loss = tables(nb).find((t) => t.headers[1] === "mathjs")!.rows.find((row) => row[0] === "L")!;
  assert.equal(Number(loss[2]), Number(r.loss.toPrecision(17)));
  assertClose(Number(loss[1]), r.loss, { abs: 1e-12 });
});

test("one convention: the loss of the worked example sums its rows from 0, as the errata and the section's equations do", () => {
  const tex = nb.cells.flatMap((c) => c.outputs).filter((o) => o.text.startsWith("$$")).map((o) => o.text);
  const lossTex = tex.find((t) => t.includes(String.raw`L = \frac{1}{2}`));
  assert.ok(lossTex, "the loss of the example is typeset");
  assert.match(lossTex, /\\sum_\{i=0\}\^\{1\}/);
  assert.doesNotMatch(tex.join("\n"), /\\sum_\{i=1\}/);
  assert.match(prose(nb), /\\frac\{1\}\{n\} \\sum_\{i=0\}\^\{n-1\}/);
});

test("the errata are shown numerically: the misprinted H_3 ignores X_1 and X_2, the literal loss sum is not a number", () => {
  const m = printed(re(`moves the correct \\$\\\\hat y\\$ by up to ${N} but the misprinted one by ${N}: it ignores two of the four days`));
  assert.ok(num(m[1]) > 0.01);
  assert.equal(num(m[2]), 0);
  printed(/reads a row that does not exist, and the sum is not a number \(NaN\)/);
  // slip 4, recomputed: with no index every term is the whole column's squared length, so the sum is (n + 1)·L
  const { params, X, y } = tinyExample();
  const L = manyToOneMSE(params, X, y).loss;
  const slip4 = printed(re(`the sum is ${N} = \\(n \\+ 1\\)·L with n = ${N}, not L`));
  assert.equal(num(slip4[2]), y.length);
  assertClose(num(slip4[1]), (y.length + 1) * L, { abs: 1e-6 }, "slip 4: (n + 1)·L");
  // the errata quote the tutorial as it is written: φ, one X, H_0 in H_3, no index in the summand
  assert.match(prose(nb), /H_3 = \\phi\(b_h \+ X W_x \+ H_0 W_h\)/);
  assert.match(prose(nb), /\\sum_\{i=0\}\^n \(\\hat y - y\)\^2/);
});

test("TensorFlow.js autodiff agrees with the hand-written BPTT to float32 precision", () => {
  const m = printed(
    re(`TensorFlow\\.js computes on its cpu backend in 32-bit floats; its loss is ${N}, the library's ${N}\\. The largest difference between \`tf\\.grads\` and the hand-written BPTT over the ${N} gradient entries is ${N}, that is ${N} of the largest entry, against a float32 epsilon of ${N}: they agree to float32 precision\\.`),
  );
  const [tfLoss, libLoss, entries, diff, relative] = m.slice(1, 6).map(num);
  assert.equal(entries, 22);
  assert.ok(relative < 10 * 2 ** -23, `relative difference ${relative}`);
  assert.ok(diff > 0, "float32 cannot match float64 exactly: a zero difference would mean the comparison compared nothing");
  assertClose(tfLoss, libLoss, { abs: 1e-6 });
});

test("the gradient check's worst relative error is below 1e-6, as a recomputation confirms", () => {
  const worst = num(printed(re(`the worst relative error is ${N}\\.`))[1]);
  assert.ok(worst < 1e-6, `worst relative error ${worst}`);
  const { params, X, y } = tinyExample();
  const rows = gradCheck(params, (p) => manyToOneMSE(p, X, y), { eps: 1e-5 });
  assertClose(Math.max(...rows.map((r) => r.relError)), worst, { rel: 0.01, abs: 1e-15 });
});

/** The validation sentence's numbers: the RNN (scaled, litres², RMSE), the mean forecast (scaled, litres²), the true rule, σ², and the two ratios. */
function validation() {
  const [rnn, rnnLitres, , mean, meanLitres, floor, , timesFloor, ratio] = printed(
    re(`The RNN's validation MSE is ${N} in scaled units, ${N} litres² \\(an RMSE of ${N} litres\\); predicting the training mean scores ${N}, ${N} litres²; the true rule, on the same days, ${N} litres², against σ² = ${N}\\. So the RNN's error is ${N} times the noise floor and ${N} times the naive forecast's\\.`),
  )
    .slice(1)
    .map(num);
  return { rnn, rnnLitres, mean, meanLitres, floor, timesFloor, ratio };
}

test("after training, the validation loss is well below that of predicting the mean (ratio < 0.1) and near the noise floor", () => {
  const v = validation();
  assert.ok(v.ratio < 0.1, `ratio ${v.ratio}`);
  assertClose(v.ratio, v.rnn / v.mean, { abs: 0.002 }, `the ratio, against ${v.rnn} / ${v.mean}`);
  assert.ok(v.rnnLitres < 1.5 * v.floor, `RNN ${v.rnnLitres} litres² vs noise floor ${v.floor}`);
  assert.ok(v.timesFloor < 1.5, "close to the dotted line of the true rule");
  const fell = printed(re(`the training MSE fell from ${N} to ${N} and the validation MSE from ${N} to ${N} \\(scaled units\\)`));
  assert.ok(num(fell[2]) < num(fell[1]) && num(fell[4]) < num(fell[3]), "both losses fall, as the prose says");
  // the baseline recomputed from the dataset
  const ds = iceCreamDataset({ seed: 0, window: 4, validationFraction: 0.2 });
  const m = ds.train.y.reduce((s, r) => s + r[0], 0) / ds.train.y.length;
  const meanMSE = ds.validation.y.reduce((s, r) => s + (r[0] - m) ** 2, 0) / ds.validation.y.length;
  assertClose(meanMSE, v.mean, { abs: 1e-4 }, `mean forecast ${meanMSE} vs said ${v.mean}`);
});

test("the too-large learning rate diverges, the library's error is said, and every index it gives counts from 0", () => {
  const diverged = printed(/η = 1: the library stopped it with «TrainingDivergedError: training diverged at epoch (\d+), step (\d+): the loss or gradient became (Infinity|NaN)/);
  assert.ok(num(diverged[1]) <= 10, "within a few epochs it is no longer a finite number");
  const finalLoss = ["0.003", "0.01", "0.03", "0.1"].map((lr) => num(printed(re(`η = ${lr.replace(".", "\\.")}: after \\d+ epochs the training MSE is ${N}`))[1]));
  // the smallest rate is the slowest: the larger ones reach a lower loss in the same number of epochs
  assert.ok(finalLoss[0] > finalLoss[1] && finalLoss[1] > finalLoss[3], `final losses ${finalLoss}`);
  assert.match(said(nb), /η = 0\.003: after 20 epochs the training MSE is \S+ and the validation MSE \S+; over the last epoch the training MSE still fell/);
  const first = printed(re(`first exceeds 10 at step ${N} of epoch ${N} — indices from 0, as the library counts them, of ${N} steps per epoch`));
  assert.equal(num(first[2]), 0, "the largest rate leaves the plot within its first epoch, epoch 0");
  assert.ok(num(first[1]) < num(first[3]));
  // Figure 6 counts epochs completed: the run that diverged at (epoch e, step s) ends at e + (s + 1)/steps
  const fig6 = figure(nb, "Figure 6 ·");
  assert.equal(fig6.layout.xaxis.title.text, "epochs completed");
  for (const t of fig6.data.filter((d) => !d.name.includes("diverged"))) assert.deepEqual(t.x, Array.from({ length: 20 }, (_, e) => e + 1), t.name);
  const divergedCurve = fig6.data.find((d) => d.name.includes("diverged"))!;
  assert.ok(divergedCurve.x.at(-1) <= num(diverged[1]) + (num(diverged[2]) + 1) / num(first[3]) + 1e-12);
});

test("the gradient fades with the distance back in time, more slowly for the trained network", () => {
  const m = printed(re(`At 1, 3, 10 and 39 steps back, ‖dH‖ is ${N}, ${N}, ${N} and ${N} times smaller than at the prediction for the trained network, and ${N}, ${N}, ${N} and ${N} times for the initial weights`));
  const trained = num(m[4]), initial = num(m[8]);
  assert.ok(trained > 10 && initial > 10, `factors ${trained}, ${initial}`);
  assert.ok(trained < initial, "training slowed the fading");
  const f = printed(re(`The average factor per step back is ${N} for the trained network and ${N} for the initial weights: both below one, so the gradient vanishes, the trained one closer to one\\. A straight line on the log scale fits both curves with R² = ${N} and ${N}\\.`));
  assert.ok(num(f[2]) < num(f[1]) && num(f[1]) < 1, `factors ${f[1]}, ${f[2]}: both below one, the trained one closer to one`);
  assertClose(num(f[1]), (1 / trained) ** (1 / 39), { abs: 2e-3 }, "the factor is the 39-step ratio's geometric mean");
  assert.ok(num(f[3]) > 0.95 && num(f[4]) > 0.95, `R² ${f[3]}, ${f[4]}: close to a straight line`);
  assertProseRestates(nb, /feeds the trained network windows of (\d+) days/, { code: /const longT = (\d+);/ });
});

test("Figure 1 names Wₕ's entries and the gradient as the prose typesets them", () => {
  const fig = figure(nb, "Figure 1 ·");
  assert.match(fig.title, /∂L\/∂Wₕ/);
  assert.deepEqual(fig.data[0].x, ["(0, 0)", "(0, 1)", "(0, 2)", "(1, 0)", "(1, 1)", "(1, 2)", "(2, 0)", "(2, 1)", "(2, 2)"]);
  assert.equal(fig.layout.xaxis.title.text, "entry (i, j) of Wₕ");
  assert.equal(fig.data.at(-1)!.name, "total ∂L/∂Wₕ");
});

test("Figure 2 draws temperature on a second axis of its own", () => {
  const fig = figure(nb, "Figure 2 ·");
  const temperature = fig.data.find((t) => t.name === "temperature (right axis)")!;
  assert.equal(temperature.yaxis, "y2");
  assert.equal(fig.layout.yaxis2.title.text, "temperature (°C)");
  assert.equal(fig.layout.yaxis2.side, "right");
});

test("one loss curve, counting epochs completed like every training in the project; Figure 4 sets the end against the yardsticks", () => {
  const curve = figure(nb, "Figure 3 ·");
  assert.equal(curve.title, "Figure 3 · Training and validation loss per epoch", "no stale 'updated live' in the page that stays");
  const epochs = num(printed(re(`for ${N} epochs of ${N} steps each`))[1]);
  for (const t of curve.data)
    assert.deepEqual(
      t.x,
      Array.from({ length: epochs }, (_, i) => i + 1),
      `${t.name}: epochs 1 … ${epochs}`,
    );
  assert.equal(curve.layout.xaxis.title.text, "epochs completed");
  const perEpoch = nb.figures.filter((f) => f.data.some((t) => t.x?.length === epochs && t.x[0] === 1 && t.x.at(-1) === epochs));
  assert.deepEqual(
    perEpoch.map((f) => f.title.slice(0, 10)),
    ["Figure 3 ·"],
    "no second figure repeats the loss per epoch",
  );
  const fig4 = figure(nb, "Figure 4 ·");
  const dots = fig4.data[0];
  const v = validation();
  const litres = [v.meanLitres, v.rnnLitres, v.floor];
  assert.deepEqual(dots.x, ["training mean", "the RNN", "the true rule"]);
  assert.equal(fig4.layout.yaxis.type, "log", "both gaps read as distances");
  dots.y.forEach((v: number, i: number) => assert.equal(v.toFixed(1), litres[i].toFixed(1), dots.x[i]));
  assert.deepEqual(
    dots.text,
    litres.map((v) => v.toFixed(1)),
    "the dots carry their values",
  );
  assert.match(prose(nb), /In Figure 3 the validation loss falls with the training loss/);
  assert.match(prose(nb), /Figure 4 shows where it ends: close to the error of the true rule, far below the naive forecast/);
});

test("Figure 7 says nothing of left and right (a phone stacks it); Figure 8 names ‖∂L/∂hₜ‖ as the prose does", () => {
  const svg = nb.html.find((h) => /^\s*<svg[\s>]/.test(h) && h.includes("Figure 7"))!;
  assert.doesNotMatch(svg, /left|right/);
  assert.doesNotMatch(prose(nb), /Figure 7[^.]*(on the left|on the right)/);
  assert.match(prose(nb), /Figure 7 draws the same idea, generated as SVG by the library: first the loop, then/);
  const fig8 = figure(nb, "Figure 8 ·");
  assert.match(fig8.title, /‖∂L\/∂hₜ‖/);
  assert.equal(fig8.layout.yaxis.title.text, "‖∂L/∂hₜ‖");
});
