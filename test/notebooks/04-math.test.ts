/**
 * Notebook 4 · Math, executed under the real tslab kernel: it runs clean, and its printed claims hold —
 * mathjs and the library agree, the gradient check passes, the trained model beats the mean forecast,
 * the too-large learning rate is caught, and the gradient fades back in time. Key numbers are recomputed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertCreditsAndHeadings, assertProseRestates, executeNotebook, figure, prose } from "../helpers/notebook";
import { gradCheck, iceCreamDataset, manyToOneMSE, Matrix, Params, Random } from "../../lib";
import { assertClose } from "../helpers/close";

const nb = executeNotebook("notebooks/04-math.ipynb");

/** The first match of `re` in the notebook's printed output (fails the test if there is none). */
function printed(re: RegExp): RegExpMatchArray {
  const m = nb.stdout.match(re);
  assert.ok(m, `the notebook printed no line matching ${re}`);
  return m;
}
const num = (s: string) => Number(s);

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
  assert.ok(
    code.every((c) => c.outputs.length > 0 || /^import/m.test(c.source)),
    "every code cell but the imports shows something",
  );
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
  const sizes = printed(/for t = 0…3: (\S+), (\S+), (\S+), (\S+)/)
    .slice(1)
    .map(num);
  assert.equal(sizes[0], 0, "step 0 adds nothing to Wh because h₋₁ = 0");
  assert.ok(sizes[1] < sizes[2] && sizes[2] < sizes[3], `contributions grow from step 1 to step 3: ${sizes}`);
  assertProseRestates(nb, /on a batch of (\d+) random sequences/, {
    code: /randomSequence\(rngShare, 4, (\d+), 2\)/,
  });
  assert.ok(num(printed(/Largest \|Σ_t contribution − grads\.Wh\| over the nine entries: (\S+)/)[1]) < 1e-12);
  assert.match(nb.stdout, /22 parameters for every T/);
});

test("the mathjs computation and the library agree to rounding, and the printed loss is the library's", () => {
  const m = printed(/Max \|mathjs − library\| over H_0…H_3: (\S+), over ŷ: (\S+), over L: (\S+)/);
  for (const d of m.slice(1)) assert.ok(num(d) < 1e-15, `difference ${d}: the prose says below 1e-15`);
  assert.ok(num(printed(/Max \|mathjs − library\| over the five gradients: (\S+)/)[1]) < 1e-12);
  assert.ok(num(printed(/sech²\(z\) vs 1 − tanh²\(z\) at the 24 pre-activations of the example: max difference (\S+)/)[1]) < 1e-12);
  const { params, X, y } = tinyExample();
  const r = manyToOneMSE(params, X, y);
  assert.equal(num(printed(/L {2}library: (\S+)/)[1]), Number(r.loss.toPrecision(17)));
  assertClose(num(printed(/L {2}mathjs : (\S+)/)[1]), r.loss, { abs: 1e-12 });
});

test("the errata are shown numerically: the misprinted H_3 ignores X_1 and X_2, the literal loss sum is not a number", () => {
  const m = printed(/moves the correct ŷ by up to (\S+) but the misprinted ŷ by (\S+):/);
  assert.ok(num(m[1]) > 0.01);
  assert.equal(num(m[2]), 0);
  printed(/3\. \(1\/n\) Σ_\{i=0\}\^\{n\} over rows 0…n−1 reads a row that does not exist: NaN/);
  // slip 4, recomputed: with no index every term is the whole column's squared length, so the sum is (n + 1)·L
  const { params, X, y } = tinyExample();
  const L = manyToOneMSE(params, X, y).loss;
  const slip4 = printed(
    /4\. \(1\/n\) Σ_\{i=0\}\^\{n\} \(ŷ − y\)² with the whole column in every term: (\S+) = \(n \+ 1\)·L with n = (\d+)/,
  );
  assert.equal(num(slip4[2]), y.length);
  assertClose(num(slip4[1]), (y.length + 1) * L, { abs: 1e-6 }, "slip 4: (n + 1)·L");
  // the errata quote the tutorial as it is written: φ, one X, H_0 in H_3, no index in the summand
  assert.match(prose(nb), /H_3 = \\phi\(b_h \+ X W_x \+ H_0 W_h\)/);
  assert.match(prose(nb), /\\sum_\{i=0\}\^n \(\\hat y - y\)\^2/);
});

test("TensorFlow.js autodiff agrees with the hand-written BPTT to float32 precision", () => {
  assert.match(nb.stdout, /TensorFlow\.js backend: cpu, 32-bit floats/);
  const m = printed(
    /over the (\d+) gradient entries: (\S+), that is (\S+) of the largest entry \(float32 epsilon (\S+)\): they agree to float32 precision\./,
  );
  assert.equal(num(m[1]), 22);
  assert.ok(num(m[3]) < 10 * 2 ** -23, `relative difference ${m[3]}`);
  assert.ok(num(m[2]) > 0, "float32 cannot match float64 exactly: a zero difference would mean the comparison compared nothing");
  const loss = printed(/Loss: TensorFlow\.js (\S+), library (\S+)/);
  assertClose(num(loss[1]), num(loss[2]), { abs: 1e-6 });
});

test("the gradient check's worst relative error is below 1e-6, as a recomputation confirms", () => {
  const worst = num(printed(/Worst relative error: (\S+)/)[1]);
  assert.ok(worst < 1e-6, `worst relative error ${worst}`);
  const { params, X, y } = tinyExample();
  const rows = gradCheck(params, (p) => manyToOneMSE(p, X, y), { eps: 1e-5 });
  assertClose(Math.max(...rows.map((r) => r.relError)), worst, { rel: 0.01, abs: 1e-15 });
});

test("after training, the validation loss is well below that of predicting the mean (ratio < 0.1) and near the noise floor", () => {
  const rnn = num(printed(/Validation MSE of the RNN: (\S+) \(scaled\) = (\S+) litres²/)[1]);
  const rnnLitres = num(printed(/Validation MSE of the RNN: \S+ \(scaled\) = (\S+) litres²/)[1]);
  const mean = num(printed(/MSE of predicting the training mean: (\S+) \(scaled\)/)[1]);
  const ratio = num(printed(/Ratio \(RNN \/ mean\): (\S+)/)[1]);
  const floor = num(printed(/MSE of the true rule on the same days \(the noise floor\): (\S+) litres²/)[1]);
  assert.ok(ratio < 0.1, `ratio ${ratio}`);
  assertClose(ratio, rnn / mean, { abs: 0.002 }, `the printed ratio, against ${rnn} / ${mean}`);
  assert.ok(rnnLitres < 1.5 * floor, `RNN ${rnnLitres} litres² vs noise floor ${floor}`);
  const fell = printed(/the training MSE fell from (\S+) to (\S+) and the validation MSE from (\S+) to (\S+)\./);
  assert.ok(num(fell[2]) < num(fell[1]) && num(fell[4]) < num(fell[3]), "both losses fall, as the prose says");
  assert.ok(num(printed(/The RNN's validation MSE is (\S+) times the noise floor/)[1]) < 1.5, "close to the dotted line of the true rule");
  // the baseline recomputed from the dataset
  const ds = iceCreamDataset({ seed: 0, window: 4, validationFraction: 0.2 });
  const m = ds.train.y.reduce((s, r) => s + r[0], 0) / ds.train.y.length;
  const meanMSE = ds.validation.y.reduce((s, r) => s + (r[0] - m) ** 2, 0) / ds.validation.y.length;
  assertClose(meanMSE, mean, { abs: 1e-4 }, `mean forecast ${meanMSE} vs printed ${mean}`);
});

test("the too-large learning rate diverges and the library's error is printed", () => {
  const diverged = printed(
    /η = 1: TrainingDivergedError: training diverged at epoch (\d+), step \d+: the loss or gradient became (Infinity|NaN)/,
  );
  assert.ok(num(diverged[1]) <= 10, "within a few epochs it is no longer a finite number");
  const finalLoss = ["0.003", "0.01", "0.03", "0.1"].map((lr) =>
    num(printed(new RegExp(`η = ${lr.replace(".", "\\.")}: training MSE after \\d+ epochs (\\S+),`))[1]),
  );
  // the smallest rate is the slowest: the larger ones reach a lower loss in the same number of epochs
  assert.ok(finalLoss[0] > finalLoss[1] && finalLoss[1] > finalLoss[3], `final losses ${finalLoss}`);
  assert.match(nb.stdout, /η = 0\.003: training MSE after 20 epochs \S+, validation \S+; over the last epoch it still fell/);
  const first = printed(/first exceeds 10 at step (\d+) of (\d+) in the first epoch/);
  assert.ok(num(first[1]) <= num(first[2]), "the largest rate leaves the plot within its first epoch");
});

test("the gradient fades with the distance back in time, more slowly for the trained network", () => {
  const m = printed(/39 steps back: ‖dH‖ is (\S+) times smaller than at the prediction \(trained\), (\S+) times \(initial weights\)/);
  const trained = num(m[1]),
    initial = num(m[2]);
  assert.ok(trained > 10 && initial > 10, `factors ${trained}, ${initial}`);
  assert.ok(trained < initial, "training slowed the fading");
  const f = printed(
    /Average factor per step back: (\S+) for the trained network \(below one: it vanishes\), (\S+) for the initial weights \(below one: it vanishes\)/,
  );
  assert.ok(num(f[2]) < num(f[1]) && num(f[1]) < 1, `factors ${f[1]}, ${f[2]}: both below one, the trained one closer to one`);
  assertClose(num(f[1]), (1 / trained) ** (1 / 39), { abs: 2e-3 }, "the factor is the 39-step ratio's geometric mean");
  const r2 = printed(/fits both curves with R² = (\S+) \(trained\) and (\S+) \(initial weights\)/);
  assert.ok(num(r2[1]) > 0.95 && num(r2[2]) > 0.95, `R² ${r2[1]}, ${r2[2]}: close to a straight line`);
  assertProseRestates(nb, /feeds the trained network windows of (\d+) days/, { code: /const longT = (\d+);/ });
});

test("Figure 1 names Wₕ's entries and the gradient as the prose typesets them", () => {
  const fig = figure(nb, "Figure 1 ·");
  assert.match(fig.title, /∂L\/∂Wₕ/);
  assert.deepEqual(fig.data[0].x, ["(Wₕ)₀₀", "(Wₕ)₀₁", "(Wₕ)₀₂", "(Wₕ)₁₀", "(Wₕ)₁₁", "(Wₕ)₁₂", "(Wₕ)₂₀", "(Wₕ)₂₁", "(Wₕ)₂₂"]);
  assert.equal(fig.data.at(-1)!.name, "total ∂L/∂Wₕ");
});

test("Figure 2 draws temperature on a second axis of its own", () => {
  const fig = figure(nb, "Figure 2 ·");
  const temperature = fig.data.find((t) => t.name === "temperature (right axis)")!;
  assert.equal(temperature.yaxis, "y2");
  assert.equal(fig.layout.yaxis2.title.text, "temperature (°C)");
  assert.equal(fig.layout.yaxis2.side, "right");
});

test("one loss curve, numbered from epoch 1 like every training in the project; Figure 4 sets the end against the yardsticks", () => {
  const curve = figure(nb, "Figure 3 ·");
  assert.equal(curve.title, "Figure 3 · Training and validation loss per epoch", "no stale 'updated live' in the page that stays");
  const epochs = num(printed(/for (\d+) epochs of \d+ steps each/)[1]);
  for (const t of curve.data)
    assert.deepEqual(
      t.x,
      Array.from({ length: epochs }, (_, i) => i + 1),
      `${t.name}: epochs 1 … ${epochs}`,
    );
  const perEpoch = nb.figures.filter((f) => f.layout.xaxis?.title?.text === "epoch" && f.data.some((t) => t.x?.length === epochs));
  assert.deepEqual(
    perEpoch.map((f) => f.title.slice(0, 10)),
    ["Figure 3 ·"],
    "no second figure repeats the loss per epoch",
  );
  const fig4 = figure(nb, "Figure 4 ·");
  const dots = fig4.data[0];
  const litres = [
    num(printed(/MSE of predicting the training mean: \S+ \(scaled\) = (\S+) litres²/)[1]),
    num(printed(/Validation MSE of the RNN: \S+ \(scaled\) = (\S+) litres²/)[1]),
    num(printed(/MSE of the true rule on the same days \(the noise floor\): (\S+) litres²/)[1]),
  ];
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
