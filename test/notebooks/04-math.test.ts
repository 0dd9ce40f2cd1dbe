/**
 * Notebook 4 · Math, in both editions, executed under the real tslab kernel: it runs clean, and its said claims hold —
 * mathjs and the library agree, the gradient check passes, the trained model beats the mean forecast, the too-large
 * learning rate is caught, and the gradient fades back in time. Key numbers are recomputed.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { assertCreditsAndHeadings, assertProseRestates, figure, prose, readNumber, said, tables } from "../helpers/notebook";
import { executedEditions } from "../helpers/edition";
import { gradCheck, iceCreamDataset, manyToOneMSE, Matrix, Params, Random } from "../../lib";
import { assertClose } from "../helpers/close";

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

for (const { ed, nb } of executedEditions("04-math")) {
  const { t } = ed;
  /** `ed.N` as a capturing group. */
  const N = `(${ed.N})`;
  const re = (source: string) => new RegExp(source);
  /** The first match of `re` in what the notebook printed or said (fails the test if there is none). */
  const printed = (r: RegExp): RegExpMatchArray => {
    const m = nb.stdout.match(r) ?? said(nb).match(r);
    assert.ok(m, `the notebook printed or said nothing matching ${r}`);
    return m;
  };
  /** A number as `say` writes it, in the edition's language. */
  const num = (s: string) => readNumber(s, nb.locale);

  /** The validation sentence's numbers: the RNN (scaled, litres², RMSE), the mean forecast (scaled, litres²), the true rule, σ², and the two ratios. */
  const validation = () => {
    const [rnn, rnnLitres, , mean, meanLitres, floor, , timesFloor, ratio] = printed(
      re(
        t(
          `The RNN's validation MSE is ${N} in scaled units, ${N} litres² \\(an RMSE of ${N} litres\\); predicting the training mean scores ${N}, ${N} litres²; the true rule, on the same days, ${N} litres², against σ² = ${N}\\. So the RNN's error is ${N} times the noise floor and ${N} times the naive forecast's\\.`,
          `O EQM de validação da RNR é ${N} em unidades escaladas, ${N} litros² \\(uma REQM, a raiz do EQM, de ${N} litros\\); prever a média do treino marca ${N}, ${N} litros²; a regra verdadeira, nos mesmos dias, ${N} litros², contra σ² = ${N}\\. Então o erro da RNR é ${N} vezes o piso do ruído e ${N} vezes o da previsão ingênua\\.`,
        ),
      ),
    )
      .slice(1)
      .map(num);
    return { rnn, rnnLitres, mean, meanLitres, floor, timesFloor, ratio };
  };

  describe(ed.lang, () => {
    test("the notebook runs top to bottom with no error and nothing on stderr", () => {
      assert.equal(nb.stderr, "");
      const code = nb.cells.filter((c) => c.type === "code");
      assert.ok(code.length >= 15, `expected the six sections' code cells, found ${code.length}`);
      const silent = code.filter((c) => c.outputs.length === 0 && !/^import/m.test(c.source));
      assert.ok(silent.length <= 3, `only the cells that define what later cells use show nothing: ${silent.map((c) => c.id)}`);
    });

    test("it credits the tutorial, states the conventions once, and its Portuguese headings are the tutorial's words", () => {
      assertCreditsAndHeadings(nb);
      assert.match(prose(nb), t(/\*\*Conventions, used in every notebook\.\*\* Steps are numbered from 0/, /\*\*Convenções, usadas em todos os notebooks\.\*\* Os passos são numerados a partir de 0/));
      assert.match(prose(nb), t(/\$T\$ always means the length, never the last index/, /\$T\$ sempre quer dizer o tamanho, nunca o último índice/));
      assert.match(prose(nb), /\[Understanding LSTM Networks\]\(http:\/\/colah\.github\.io\/posts\/2015-08-Understanding-LSTMs\/\)/);
    });

    test("figures 1–8 are shown in order, the diagram as generated SVG", () => {
      const titles: number[] = [];
      for (const html of nb.html) for (const m of html.matchAll(new RegExp(`${ed.figure} (\\d+) ·`, "g"))) if (!titles.includes(Number(m[1]))) titles.push(Number(m[1]));
      assert.deepEqual(titles, [1, 2, 3, 4, 5, 6, 7, 8]);
      const [rolled, unrolled] = t([">rolled<", ">unrolled over 4 steps<"], [">enrolada<", ">desenrolada em 4 passos<"]);
      assert.ok(
        nb.html.some((text) => /^\s*<svg[\s>]/.test(text) && text.includes(`${ed.figure} 7`) && text.includes(rolled) && text.includes(unrolled)),
        "the rolled and unrolled network is displayed as a generated SVG",
      );
    });

    test("section 1 prints the library's forward loop, and section 2 the per-step gradients summing to grads.Wh", () => {
      printed(t(/lib\/rnn\.ts, lines \d+–\d+:/, /lib\/rnn\.ts, linhas \d+–\d+:/));
      printed(/h_t = φ\(b_h \+ x_t W_x \+ h_\{t−1\} W_h\)/);
      // the prose names the loop's parts in order: x_t W_x, the accumulated h_{t−1} W_h, b_h, φ in place, the output
      const loop = nb.cells
        .filter((c) => c.outputs.some((o) => o.text.includes("lib/rnn.ts, ")))
        .flatMap((c) => c.outputs.map((o) => o.text))
        .join("");
      const at = [/matMul\([^,]+, params\.Wx/, /matMul\([^,]+, params\.Wh, [^,]+, true\)/, /params\.bh/, /in place/, /params\.Wo/].map((r) => loop.search(r));
      assert.ok(
        at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])),
        `the printed loop shows x_t W_x, h_{t−1} W_h accumulated, b_h, φ in place and the output, in that order (positions ${at})`,
      );
      const sizes = printed(re(t(`for t = 0…3: ${N}, ${N}, ${N} and ${N}\\.`, `para t = 0…3: ${N}, ${N}, ${N} e ${N}\\.`)))
        .slice(1)
        .map(num);
      assert.equal(sizes[0], 0, "step 0 adds nothing to Wh because h₋₁ = 0");
      assert.ok(sizes[1] < sizes[2] && sizes[2] < sizes[3], `contributions grow from step 1 to step 3: ${sizes}`);
      assertProseRestates(nb, t(/on a batch of (\d+) random sequences/, /sobre um lote de (\d+) sequências\s+aleatórias/), { code: /randomSequence\(rngShare, 4, (\d+), 2\)/ });
      assert.ok(num(printed(re(t(`the largest difference over the nine entries is ${N}\\.`, `a maior diferença nas nove entradas é ${N}\\.`)))[1]) < 1e-12);
      assert.match(said(nb), t(/= 22 parameters for every T; the library counts 22\./, /= 22 parâmetros para todo T; a biblioteca conta 22\./));
    });

    test("the mathjs computation and the library agree to rounding, and the loss tabled is the library's", () => {
      const m = printed(
        re(
          t(
            `The largest difference between mathjs and the library is ${N}, ${N} and ${N} over \\$H_0 \\\\dots H_3\\$, over \\$\\\\hat y\\$ and over \\$L\\$: below \\$10\\^\\{-15\\}\\$`,
            `A maior diferença entre o mathjs e a biblioteca é ${N}, ${N} e ${N} em \\$H_0 \\\\dots H_3\\$, em \\$\\\\hat y\\$ e em \\$L\\$: abaixo de \\$10\\^\\{-15\\}\\$`,
          ),
        ),
      );
      for (const d of m.slice(1)) assert.ok(num(d) < 1e-15, `difference ${d}: the sentence says below 1e-15`);
      assert.ok(num(printed(re(t(`over the five gradients is ${N}\\.`, `nos cinco gradientes é ${N}\\.`)))[1]) < 1e-12);
      assert.ok(
        num(
          printed(
            re(
              t(
                `At the 24 pre-activations of the example, sech²\\(z\\) and 1 − tanh²\\(z\\) differ by at most ${N}\\.`,
                `Nas 24 pré-ativações do exemplo, sech²\\(z\\) e 1 − tanh²\\(z\\) diferem em no máximo ${N}\\.`,
              ),
            ),
          )[1],
        ) < 1e-12,
      );
      const { params, X, y } = tinyExample();
      const r = manyToOneMSE(params, X, y);
      const loss = tables(nb).find((x) => x.headers[1] === "mathjs")!.rows.find((row) => row[0] === "L")!;
      assert.equal(num(loss[2]), Number(r.loss.toPrecision(17)));
      assertClose(num(loss[1]), r.loss, { abs: 1e-12 });
    });

    test("one convention: the loss of the worked example sums its rows from 0, as the errata and the section's equations do", () => {
      const tex = nb.cells
        .flatMap((c) => c.outputs)
        .filter((o) => o.text.startsWith("$$"))
        .map((o) => o.text);
      const lossTex = tex.find((x) => x.includes(String.raw`L = \frac{1}{2}`));
      assert.ok(lossTex, "the loss of the example is typeset");
      assert.match(lossTex, /\\sum_\{i=0\}\^\{1\}/);
      assert.doesNotMatch(tex.join("\n"), /\\sum_\{i=1\}/);
      assert.match(prose(nb), /\\frac\{1\}\{n\} \\sum_\{i=0\}\^\{n-1\}/);
    });

    test("the errata are shown numerically: the misprinted H_3 ignores X_1 and X_2, the literal loss sum is not a number", () => {
      const m = printed(
        re(
          t(
            `moves the correct \\$\\\\hat y\\$ by up to ${N} but the misprinted one by ${N}: it ignores two of the four days`,
            `move o \\$\\\\hat y\\$ correto em até ${N}, mas o do erro de impressão em ${N}: ele ignora dois dos quatro dias`,
          ),
        ),
      );
      assert.ok(num(m[1]) > 0.01);
      assert.equal(num(m[2]), 0);
      printed(t(/reads a row that does not exist, and the sum is not a number \(NaN\)/, /lê uma linha que não existe, e a soma é NaN, que não é um número/));
      // slip 4, recomputed: with no index every term is the whole column's squared length, so the sum is (n + 1)·L
      const { params, X, y } = tinyExample();
      const L = manyToOneMSE(params, X, y).loss;
      const slip4 = printed(re(t(`the sum is ${N} = \\(n \\+ 1\\)·L with n = ${N}, not L`, `a soma é ${N} = \\(n \\+ 1\\)·L com n = ${N}, não L`)));
      assert.equal(num(slip4[2]), y.length);
      assertClose(num(slip4[1]), (y.length + 1) * L, { abs: 1e-6 }, "slip 4: (n + 1)·L");
      // the errata quote the tutorial as it is written: φ, one X, H_0 in H_3, no index in the summand
      assert.match(prose(nb), /H_3 = \\phi\(b_h \+ X W_x \+ H_0 W_h\)/);
      assert.match(prose(nb), /\\sum_\{i=0\}\^n \(\\hat y - y\)\^2/);
    });

    test("TensorFlow.js autodiff agrees with the hand-written BPTT to float32 precision", () => {
      const m = printed(
        re(
          t(
            `TensorFlow\\.js computes on its cpu backend in 32-bit floats; its loss is ${N}, the library's ${N}\\. The largest difference between \`tf\\.grads\` and the hand-written BPTT over the ${N} gradient entries is ${N}, that is ${N} of the largest entry, against a float32 epsilon of ${N}: they agree to float32 precision\\.`,
            `O TensorFlow\\.js calcula no seu backend cpu em floats de 32 bits; o custo dele é ${N}, o da biblioteca ${N}\\. A maior diferença entre \`tf\\.grads\` e a retropropagação escrita à mão, nas ${N} entradas dos gradientes, é ${N}, isto é, ${N} da maior entrada, contra um épsilon de float32 de ${N}: eles concordam com a precisão do float32\\.`,
          ),
        ),
      );
      const [tfLoss, libLoss, entries, diff, relative] = m.slice(1, 6).map(num);
      assert.equal(entries, 22);
      assert.ok(relative < 10 * 2 ** -23, `relative difference ${relative}`);
      assert.ok(diff > 0, "float32 cannot match float64 exactly: a zero difference would mean the comparison compared nothing");
      assertClose(tfLoss, libLoss, { abs: 1e-6 });
    });

    test("the gradient check's worst relative error is below 1e-6, as a recomputation confirms", () => {
      const worst = num(printed(re(t(`the worst relative error is ${N}\\.`, `o pior erro relativo é ${N}\\.`)))[1]);
      assert.ok(worst < 1e-6, `worst relative error ${worst}`);
      const { params, X, y } = tinyExample();
      const rows = gradCheck(params, (p) => manyToOneMSE(p, X, y), { eps: 1e-5 });
      assertClose(Math.max(...rows.map((r) => r.relError)), worst, { rel: 0.01, abs: 1e-15 });
    });

    test("after training, the validation loss is well below that of predicting the mean (ratio < 0.1) and near the noise floor", () => {
      const v = validation();
      assert.ok(v.ratio < 0.1, `ratio ${v.ratio}`);
      assertClose(v.ratio, v.rnn / v.mean, { abs: 0.002 }, `the ratio, against ${v.rnn} / ${v.mean}`);
      assert.ok(v.rnnLitres < 1.5 * v.floor, `RNN ${v.rnnLitres} litres² vs noise floor ${v.floor}`);
      assert.ok(v.timesFloor < 1.5, "close to the dotted line of the true rule");
      const fell = printed(
        re(
          t(
            `the training MSE fell from ${N} to ${N} and the validation MSE from ${N} to ${N} \\(scaled units\\)`,
            `o EQM de treino caiu de ${N} para ${N} e o EQM de validação de ${N} para ${N} \\(unidades escaladas\\)`,
          ),
        ),
      );
      assert.ok(num(fell[2]) < num(fell[1]) && num(fell[4]) < num(fell[3]), "both losses fall, as the prose says");
      // the baseline recomputed from the dataset
      const ds = iceCreamDataset({ seed: 0, window: 4, validationFraction: 0.2 });
      const m = ds.train.y.reduce((s, r) => s + r[0], 0) / ds.train.y.length;
      const meanMSE = ds.validation.y.reduce((s, r) => s + (r[0] - m) ** 2, 0) / ds.validation.y.length;
      assertClose(meanMSE, v.mean, { abs: 1e-4 }, `mean forecast ${meanMSE} vs said ${v.mean}`);
    });

    test("the too-large learning rate diverges, the library's error is said, and every index it gives counts from 0", () => {
      const diverged = printed(
        t(
          /η = 1: the library stopped it with «TrainingDivergedError: training diverged at epoch (\d+), step (\d+): the loss or gradient became (Infinity|NaN)/,
          /η = 1: a biblioteca o interrompeu com «TrainingDivergedError: training diverged at epoch (\d+), step (\d+): the loss or gradient became (Infinity|NaN)/,
        ),
      );
      assert.ok(Number(diverged[1]) <= 10, "within a few epochs it is no longer a finite number");
      const finalLoss = [0.003, 0.01, 0.03, 0.1].map((lr) => {
        const written = t(String(lr).replace(".", "\\."), String(lr).replace(".", ","));
        return num(printed(re(t(`η = ${written}: after \\d+ epochs the training MSE is ${N}`, `η = ${written}: depois de \\d+ épocas, o EQM de treino é ${N}`)))[1]);
      });
      // the smallest rate is the slowest: the larger ones reach a lower loss in the same number of epochs
      assert.ok(finalLoss[0] > finalLoss[1] && finalLoss[1] > finalLoss[3], `final losses ${finalLoss}`);
      assert.match(
        said(nb),
        t(
          /η = 0\.003: after 20 epochs the training MSE is \S+ and the validation MSE \S+; over the last epoch the training MSE still fell/,
          /η = 0,003: depois de 20 épocas, o EQM de treino é \S+ e o de validação \S+; na última época o EQM de treino ainda caiu/,
        ),
      );
      const first = printed(
        re(
          t(
            `first exceeds 10 at step ${N} of epoch ${N} — indices from 0, as the library counts them, of ${N} steps per epoch`,
            `passa de 10 pela primeira vez no passo ${N} da época ${N} — índices a partir de 0, como a biblioteca os conta, de ${N} passos por época`,
          ),
        ),
      );
      assert.equal(num(first[2]), 0, "the largest rate leaves the plot within its first epoch, epoch 0");
      assert.ok(num(first[1]) < num(first[3]));
      // Figure 6 counts epochs completed: the run that diverged at (epoch e, step s) ends at e + (s + 1)/steps
      const fig6 = figure(nb, `${ed.figure} 6 ·`);
      assert.equal(fig6.layout.xaxis.title.text, t("epochs completed", "épocas completas"));
      const isDiverged = (name: string) => name.includes(t("diverged", "divergiu"));
      for (const x of fig6.data.filter((d) => !isDiverged(d.name))) assert.deepEqual(x.x, Array.from({ length: 20 }, (_, e) => e + 1), x.name);
      const divergedCurve = fig6.data.find((d) => isDiverged(d.name))!;
      assert.ok(divergedCurve.x.at(-1) <= Number(diverged[1]) + (Number(diverged[2]) + 1) / num(first[3]) + 1e-12);
    });

    test("the gradient fades with the distance back in time, more slowly for the trained network", () => {
      const m = printed(
        re(
          t(
            `At 1, 3, 10 and 39 steps back, ‖dH‖ is ${N}, ${N}, ${N} and ${N} times smaller than at the prediction for the trained network, and ${N}, ${N}, ${N} and ${N} times for the initial weights`,
            `A 1, 3, 10 e 39 passos para trás, ‖dH‖ é ${N}, ${N}, ${N} e ${N} vezes menor que na previsão para a rede treinada, e ${N}, ${N}, ${N} e ${N} vezes para os pesos iniciais`,
          ),
        ),
      );
      const trained = num(m[4]),
        initial = num(m[8]);
      assert.ok(trained > 10 && initial > 10, `factors ${trained}, ${initial}`);
      assert.ok(trained < initial, "training slowed the fading");
      const f = printed(
        re(
          t(
            `The average factor per step back is ${N} for the trained network and ${N} for the initial weights: both below one, so the gradient vanishes, the trained one closer to one\\. A straight line on the log scale fits both curves with R² = ${N} and ${N}\\.`,
            `O fator médio por passo para trás é ${N} para a rede treinada e ${N} para os pesos iniciais: os dois abaixo de um, então o gradiente desaparece, o da treinada mais perto de um\\. Uma reta na escala logarítmica se ajusta às duas curvas com R² = ${N} e ${N}\\.`,
          ),
        ),
      );
      assert.ok(num(f[2]) < num(f[1]) && num(f[1]) < 1, `factors ${f[1]}, ${f[2]}: both below one, the trained one closer to one`);
      assertClose(num(f[1]), (1 / trained) ** (1 / 39), { abs: 2e-3 }, "the factor is the 39-step ratio's geometric mean");
      assert.ok(num(f[3]) > 0.95 && num(f[4]) > 0.95, `R² ${f[3]}, ${f[4]}: close to a straight line`);
      assertProseRestates(nb, t(/feeds the trained network windows of (\d+) days/, /dá à rede treinada janelas de (\d+) dias/), { code: /const longT = (\d+);/ });
    });

    test("Figure 1 names Wₕ's entries and the gradient as the prose typesets them", () => {
      const fig = figure(nb, `${ed.figure} 1 ·`);
      assert.match(fig.title, /∂L\/∂Wₕ/);
      assert.deepEqual(fig.data[0].x, ["(0, 0)", "(0, 1)", "(0, 2)", "(1, 0)", "(1, 1)", "(1, 2)", "(2, 0)", "(2, 1)", "(2, 2)"]);
      assert.equal(fig.layout.xaxis.title.text, t("entry (i, j) of Wₕ", "entrada (i, j) de Wₕ"));
      assert.equal(fig.data.at(-1)!.name, t("total ∂L/∂Wₕ", "∂L/∂Wₕ total"));
    });

    test("Figure 2 draws temperature on a second axis of its own", () => {
      const fig = figure(nb, `${ed.figure} 2 ·`);
      const temperature = fig.data.find((x) => x.name === t("temperature (right axis)", "temperatura (eixo direito)"))!;
      assert.equal(temperature.yaxis, "y2");
      assert.equal(fig.layout.yaxis2.title.text, t("temperature (°C)", "temperatura (°C)"));
      assert.equal(fig.layout.yaxis2.side, "right");
    });

    test("one loss curve, counting epochs completed like every training in the project; Figure 4 sets the end against the yardsticks", () => {
      const curve = figure(nb, `${ed.figure} 3 ·`);
      assert.equal(curve.title, t("Figure 3 · Training and validation loss per epoch", "Figura 3 · Custo de treino e de validação por época"), "no stale 'updated live' in the page that stays");
      const epochs = num(printed(re(t(`for ${N} epochs of ${N} steps each`, `por ${N} épocas de ${N} passos cada`)))[1]);
      for (const x of curve.data)
        assert.deepEqual(
          x.x,
          Array.from({ length: epochs }, (_, i) => i + 1),
          `${x.name}: epochs 1 … ${epochs}`,
        );
      assert.equal(curve.layout.xaxis.title.text, t("epochs completed", "épocas completas"));
      const perEpoch = nb.figures.filter((f) => f.data.some((x) => x.x?.length === epochs && x.x[0] === 1 && x.x.at(-1) === epochs));
      assert.deepEqual(
        perEpoch.map((f) => f.title.slice(0, 10)),
        [`${ed.figure} 3 ·`],
        "no second figure repeats the loss per epoch",
      );
      const fig4 = figure(nb, `${ed.figure} 4 ·`);
      const dots = fig4.data[0];
      const v = validation();
      const litres = [v.meanLitres, v.rnnLitres, v.floor];
      assert.deepEqual(dots.x, t(["training mean", "the RNN", "the true rule"], ["média do treino", "a RNR", "a regra verdadeira"]));
      assert.equal(fig4.layout.yaxis.type, "log", "both gaps read as distances");
      dots.y.forEach((y: number, i: number) => assert.equal(y.toFixed(1), litres[i].toFixed(1), dots.x[i]));
      assert.deepEqual(
        dots.text.map(num),
        litres.map((l) => Number(l.toFixed(1))),
        "the dots carry their values",
      );
      assert.match(prose(nb), t(/In Figure 3 the validation loss falls with the training loss/, /Na Figura 3 o custo de validação cai junto com o custo de treino/));
      assert.match(
        prose(nb),
        t(/Figure 4 shows where it ends: close to the error of the true rule, far below the naive forecast/, /a Figura 4 mostra onde ele termina: perto do erro da\s+regra verdadeira, muito abaixo da previsão ingênua/),
      );
    });

    test("Figure 7 says nothing of left and right (a phone stacks it); Figure 8 names ‖∂L/∂hₜ‖ as the prose does", () => {
      const svg = nb.html.find((h) => /^\s*<svg[\s>]/.test(h) && h.includes(`${ed.figure} 7`))!;
      assert.doesNotMatch(svg, t(/left|right/, /esquerd|direit/));
      assert.doesNotMatch(prose(nb), t(/Figure 7[^.]*(on the left|on the right)/, /Figura 7[^.]*(à esquerda|à direita)/));
      assert.match(prose(nb), t(/Figure 7 draws the same idea, generated as SVG by the library: first the loop, then/, /A Figura 7 desenha a mesma ideia, gerada como SVG pela biblioteca: primeiro o laço, depois/));
      const fig8 = figure(nb, `${ed.figure} 8 ·`);
      assert.match(fig8.title, /‖∂L\/∂hₜ‖/);
      assert.equal(fig8.layout.yaxis.title.text, "‖∂L/∂hₜ‖");
    });
  });
}
