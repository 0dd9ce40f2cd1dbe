/**
 * Notebook 1 (Motivation), in both editions, runs top to bottom under the real kernel, and what it says backs the
 * prose: the alphabet model is sure forwards and no better than chance backwards, the novel-trained RNN prefers the
 * original sentence to every shuffle while the bag-of-characters model scores every reordering alike, the
 * synthetic store is labelled so, and the RNN's validation error is within 10 % of the best lagged model's.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  cellSource,
  codeNumber,
  figure,
  prose,
  proseNumber,
  readNumber,
  said,
  saidNumber,
  saidNumbers,
  tables,
} from "../helpers/notebook";
import { executedEditions } from "../helpers/edition";
import { assertClose } from "../helpers/close";

for (const { ed, nb } of executedEditions("01-motivation")) {
  const { t, N } = ed;
  const num = (re: string) => saidNumber(nb, new RegExp(re));
  /** Every number a sentence matching `re` says, in order. */
  const nums = (re: string) => saidNumbers(nb, new RegExp(re));
  const read = (text: string) => readNumber(text, nb.locale);
  const ORIGINAL = "original";
  const TUTORIAL_SCRAMBLE = t("tutorial's scramble", "embaralhada do tutorial");

  /** The table of the sentence's versions: name → RNN and bag-of-characters scores. */
  const versionScores = () => {
    const table = tables(nb).find((x) => x.headers[0] === t("version", "versão"));
    assert.ok(table, "the versions are tabled");
    return new Map(table.rows.map(([name, , rnn, bag]) => [name, { rnn: read(rnn), bag: read(bag) }]));
  };

  describe(ed.lang, () => {
    test("every cell runs without an error or anything on stderr", () => {
      assertRanClean(nb);
    });

    test("it credits the tutorial, and its Portuguese headings and quotations are the tutorial's words", () => {
      assertCreditsAndHeadings(nb);
      assert.match(prose(nb), /«Miséria nossa de legado o criatura nenhuma a transmiti não,\s+filhos tive não\.»/);
      assert.match(prose(nb), /\[Turing completude\]\(https:\/\/pt\.wikipedia\.org\/wiki\/Turing_completude\)/);
    });

    test("the prose restates the configuration the code uses", () => {
      const restates = (en: RegExp, pt: RegExp, code: RegExp) => assertProseRestates(nb, t(en, pt), { code });
      restates(/character-level model with (\d+) hidden units to predict the next character of the alphabet/, /modelo de caracteres com (\d+) unidades ocultas para prever o próximo caractere do alfabeto/, /hiddenSize: (\d+), seqLength: 26/);
      restates(/\((\d+) hidden units, \d+ updates of/, /\((\d+) unidades ocultas, \d+ atualizações de/, /vocab, hiddenSize: (\d+),/);
      restates(/hidden units, (\d+) updates of/, /unidades ocultas, (\d+) atualizações de/, /batchSize: 16, steps: (\d+), lr: 0\.005/);
      restates(/windows of (\d+) characters in \d+ parallel streams/, /janelas de (\d+) caracteres, em \d+ fluxos paralelos/, /hiddenSize: 64, seqLength: (\d+),/);
      restates(/characters in (\d+) parallel streams/, /caracteres, em (\d+) fluxos paralelos/, /seqLength: 25, batchSize: (\d+),/);
      restates(/the tutorial's scrambled version and (\d+)\s+seeded shuffles/, /a versão embaralhada do tutorial e (\d+) embaralhamentos/, /Array\.from\(\{ length: (\d+) \}, \(_, i\) => \(\{ name: `/);
      restates(/along a strip of (\d+) pixels/, /numa faixa de (\d+) pixels/, /const strip = (\d+),/);
      restates(/on (\d+) sequences of \d+ frames/, /em (\d+) sequências de \d+ quadros/, /dotTrain = dotSet\((\d+)\)/);
      restates(/sequences of (\d+) frames/, /sequências de (\d+) quadros/, /frames = (\d+);/);
      restates(/tested on\s+(\d+) new sequences/, /testadas em (\d+) sequências novas/, /dotTest = dotSet\((\d+)\)/);
      assert.equal(proseNumber(nb, t(/in each of (\d+) US\s+industries/, /em cada um de (\d+) setores/)), num(t(`The panel holds (${N}) industries`, `O painel tem (${N}) setores`)));
      assert.match(prose(nb), t(/eight weeks of daily sales of three products/, /oito semanas de vendas diárias de três produtos/));
      assert.equal(codeNumber(nb, /const storeDays = Array\.from\(\{ length: (\d+) \* 7 \}/), 8, "eight weeks");
      assert.equal((cellSource(nb, "motivation-everywhere-store-figure").match(/\{ name: "/g) ?? []).length, 3, "three products");
      restates(/every number of lags from 1 to (\d+)/, /cada número de defasagens de 1 a (\d+)/, /const lagRange = Array\.from\(\{ length: (\d+) \}/);
      // Random.int(k) draws 0 … k − 1, so 3 + int(k) reaches 3 + k − 1
      assert.equal(proseNumber(nb, t(/a history between 3 and (\d+) days long/, /com um histórico de 3 a (\d+) dias/)), 3 + codeNumber(nb, /const length = 3 \+ shopRng\.int\((\d+)\)/) - 1);
      restates(/Figure 10 shows both for 2, 5 and (\d+) variables/, /A Figura 10 mostra as duas contas para 2, 5 e (\d+) variáveis/, /\[2, 5, (\d+)\]\.flatMap/);
      restates(/\(the RNN with (\d+) hidden units and one\s+output\)/, /\(a RNR com (\d+) unidades ocultas e uma saída\)/, /inputSize: d, hiddenSize: (\d+), outputSize: 1/);
      restates(/we generate (\d+) shops/, /geramos (\d+) lojas/, /Array\.from\(\{ length: (\d+) \}, \(_, s\) =>/);
      restates(/Now the recurrent network: (\d+)\s+hidden units/, /Agora a rede recorrente: (\d+) unidades ocultas/, /const rnn = initParams\(\{ inputSize: 2, hiddenSize: (\d+), outputSize: 1 \}, 0\)/);
      restates(/stretches of (\d+) consecutive days/, /trechos de (\d+) dias seguidos/, /const windowLength = (\d+),/);
      restates(/one starting every (\d+)\s+days/, /um começando a cada (\d+) dias/, /a \+= (\d+)\) windowStarts/);
      restates(/minibatches of (\d+)\)/, /minilotes embaralhados de (\d+)\)/, /batchSize = (\d+), settleEpoch/);
      restates(/from epoch (\d+) of the \d+ on/, /da época (\d+) das \d+ em diante/, /settleEpoch = (\d+);/);
      restates(/from epoch \d+ of the (\d+) on/, /da época \d+ das (\d+) em diante/, /epochs = (\d+), batchSize/);
    });

    test("the alphabet model is near-certain forwards and no better than chance (1/26) backwards", () => {
      const [fwd, sure, n, bwd, chance, lost] = nums(
        t(
          `mean probability of (${N}), and more than 0\\.9 at (${N}) of (${N}) steps\\. Backwards the mean is (${N}), ` +
            `no better than the (${N}) of a uniform guess over the 26 letters, and the probability is below 0\\.1 at (${N}) of the`,
          `probabilidade média de (${N}), e mais de 0,9 em (${N}) dos (${N}) passos\\. De trás para frente, a média é (${N}), ` +
            `não melhor que o (${N}) de um palpite uniforme entre as 26 letras, e a probabilidade fica abaixo de 0,1 em (${N}) dos`,
        ),
      );
      assert.ok(fwd > 0.9 && bwd <= 1 / 26 && chance === Number((1 / 26).toFixed(3)), `${fwd}, ${bwd}, ${chance}`);
      assert.ok(sure >= n - 2 && lost >= n - 3, `close to 1 at almost every step, about zero backwards: ${sure}, ${lost} of ${n}`);
    });

    test("the tutorial's scramble is the original reversed, and it scores below the original, among the random shuffles", () => {
      assert.match(
        said(nb),
        t(/The tutorial's scramble is the original's words in reverse order, capitals and punctuation aside\./, /A versão embaralhada do tutorial é a original com as palavras em ordem inversa, à parte maiúsculas e pontuação\./),
      );
      const scores = versionScores();
      const [o, best, reach, mean, score, above] = nums(
        t(
          `The RNN scores the original above every scrambled version, (${N}) nats per character against (${N}) for the best of them\\. ` +
            `Of 200 more random shuffles, (${N}) score at least as high as the original; their mean is (${N}), and the tutorial's scramble, at (${N}), scores above (${N}) of them\\.`,
          `A RNR dá à original uma nota acima de todas as versões embaralhadas, (${N}) nats por caractere contra (${N}) da melhor delas\\. ` +
            `De outros 200 embaralhamentos aleatórios, a nota da original é alcançada por (${N}); a média deles é (${N}), e a embaralhada do tutorial, com (${N}), fica acima de (${N}) deles\\.`,
        ),
      );
      assert.equal(o, scores.get(ORIGINAL)!.rnn);
      assert.equal(best, Math.max(...[...scores].filter(([k]) => k !== ORIGINAL).map(([, v]) => v.rnn)));
      assert.equal(score, scores.get(TUTORIAL_SCRAMBLE)!.rnn);
      assert.ok(score < o && above > 0 && above < 200, `the tutorial's scramble falls among the shuffles: above ${above}`);
      assert.ok(reach < 10, "only a few reach the original");
      assert.ok(mean < o - 0.05, "a shuffle scores clearly lower on average");
      const [gain, cost, share] = nums(
        t(
          `the RNN knows (${N}) nats per character about the original; a random shuffle of its words costs it (${N}) of them on average, (${N}) of what it knows`,
          `a RNR sabe (${N}) nats por caractere sobre a original; embaralhar as suas palavras ao acaso lhe custa em média (${N}) deles, (${N}) do que ela sabe`,
        ),
      );
      assert.ok(cost > 0 && cost < gain / 5, `most of what it knows survives a shuffle: costs ${cost} of ${gain}`);
      assertClose(share, (100 * cost) / gain, { abs: 0.1 });
    });

    test("the direction of a moving dot: one frame says nothing, a sequence says everything", () => {
      assert.match(
        said(nb),
        t(/reached from as many starts moving right as moving left: one frame never tells the direction\./, /alcançada a partir de tantos inícios indo para a direita quanto indo para a esquerda: um quadro sozinho nunca revela a direção\./),
      );
      const [n, one, frames, all] = nums(
        t(
          `On (${N}) new sequences the network that sees the last frame alone names the direction of (${N}) of them, .* the RNN that reads the (${N}) frames in order names (${N})\\.`,
          `Em (${N}) sequências novas, a rede que vê só o último quadro acerta a direção de (${N}) delas, .* a RNR que lê os (${N}) quadros em ordem acerta (${N})\\.`,
        ),
      );
      assert.equal(n, 200);
      assert.equal(frames, 4);
      assert.ok(one < 60 && all > 95, `one frame ${one} %, four frames ${all} %`);
    });

    test("the novel-trained RNN scores the original sentence above every scrambled version", () => {
      const scores = versionScores();
      assert.equal(scores.size, 10, "the original, the tutorial's scramble and eight shuffles");
      const original = scores.get(ORIGINAL)!;
      for (const [name, v] of scores) if (name !== ORIGINAL) assert.ok(original.rnn > v.rnn, `${name} (${v.rnn}) should score below the original (${original.rnn})`);
    });

    test("the bag-of-characters model scores every ordering of the same characters alike, the tutorial's a little apart", () => {
      const bag = [...versionScores()].filter(([k]) => k !== TUTORIAL_SCRAMBLE).map(([, v]) => v.bag);
      assert.equal(bag.length, 9);
      assert.equal(new Set(bag).size, 1);
      assert.match(said(nb), t(/gives the 9 versions made of the original's characters one and the same score/, /dá às 9 versões feitas com os caracteres da original uma só e mesma nota/));
      const off = num(t(`the tutorial's scramble, two of whose letters change case, scores (${N}) lower`, `a embaralhada do tutorial, em que duas letras trocam de caixa, tem nota (${N}) menor`));
      assert.ok(off > 0 && off < 0.05, "slightly different, only through its capitals");
      assert.match(prose(nb), t(/bag-of-characters model scores every reordering of the same characters alike/, /modelo de saco de caracteres dá a mesma nota a qualquer reordenação dos mesmos\s+caracteres/));
      assert.doesNotMatch(prose(nb), t(/cannot tell them apart/, /não consegue distingui-l/));
    });

    test("the real series span what the sentences say, every industry's rate climbs in 2008–2009, and the focus of Figure 3 is computed", () => {
      assert.match(said(nb), t(/The S&P 500 series has [\d,]+ trading days, from 2000-01-\d\d to 2020-04-\d\d\./, /A série do S&P 500 tem [\d.]+ pregões, de 2000-01-\d\d a 2020-04-\d\d\./));
      assert.match(
        said(nb),
        t(
          /The panel holds 14 industries × \d+ months, from 2000-01-01 to 2010-02-01\. From December 2007 to December 2009 the rate rose in 14 of the 14/,
          /O painel tem 14 setores × \d+ meses, de 2000-01-01 a 2010-02-01\. De dezembro de 2007 a dezembro de 2009 a taxa subiu em 14 dos 14/,
        ),
      );
      const fig = figure(nb, `${ed.figure} 3 ·`);
      const coloured = fig.data.filter((x) => x.legendgroup !== "others").map((x) => x.name);
      const m = said(nb).match(t(/most in (.+?) and (.+?), by .* least in (.+?), by/, /mais em (.+?) e (.+?), [\d,]+ e .* menos em (.+?), [\d,]+\./));
      assert.ok(m);
      assert.deepEqual(coloured, [m[1], m[2], m[3]], "the industries in colour are the ones the sentence names");
      assert.equal(fig.data.length, 14);
      assert.equal(fig.data.filter((x) => x.showlegend !== false).length, 4, "a legend of four rows, not fourteen");
      assert.equal(new Set(fig.data.filter((x) => x.legendgroup !== "others").map((x) => x.line.color)).size, 3);
    });

    test("the synthetic store is labelled synthetic, and its weekend lift is what the figure's data give", () => {
      const fig = figure(nb, `${ed.figure} 4 ·`);
      assert.match(fig.title, t(/\(synthetic; days 5 and 6 of each week are its weekend\)$/, /\(sintéticas; os dias 5 e 6 de cada semana são o fim de semana\)$/));
      assert.match(prose(nb), t(/The numbers are \*\*synthetic\*\*/, /Os números são \*\*sintéticos\*\*/));
      const lifts = nums(t(`sells (${N}), (${N}) and (${N}) more bread, milk and ice cream than on a weekday`, `vende em média (${N}), (${N}) e (${N}) a mais de pão, leite e sorvete do que num dia útil`));
      fig.data.forEach((x, k) => {
        const weekend = x.y.filter((_: number, d: number) => d % 7 >= 5),
          weekday = x.y.filter((_: number, d: number) => d % 7 < 5);
        const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
        assertClose(lifts[k], 100 * (mean(weekend) / mean(weekday) - 1), { abs: 0.5 }, x.name);
        assert.ok(lifts[k] > 0, `${x.name} sells more on weekends`);
      });
    });

    test("the least-squares fit recovers the lag coefficients and more lags do not help", () => {
      const table = tables(nb).find((x) => x.headers[0] === t("coefficient", "coeficiente"))!;
      assert.deepEqual(
        table.rows.map((r) => r[1]),
        t(["intercept", "demandₜ", "demandₜ₋₁", "temperatureₜ", "temperatureₜ₋₁"], ["intercepto", "demandaₜ", "demandaₜ₋₁", "temperaturaₜ", "temperaturaₜ₋₁"]),
        "features named as the prose writes them",
      );
      table.rows.slice(1).forEach((r) => assertClose(read(r[3]), read(r[2]), { abs: 0.15 }, r[1]));
      const [val, noise] = nums(
        t(
          `With two lags the validation MSE is (${N}) litres², close to the noise variance of the true rule, (${N}) litres²`,
          `Com duas defasagens, o EQM de validação é (${N}) litros², perto da variância do ruído da regra verdadeira, (${N}) litros²`,
        ),
      );
      assertClose(val / noise, 1, { abs: 0.1 }, "close to the variance of the noise");
      assert.match(
        said(nb),
        t(/The series has 2,190 days: the first 1,752 for fitting, the last 438 for validation\./, /A série tem 2\.190 dias: os primeiros 1\.752 para o ajuste, os últimos 438 para a validação\./),
        "six years, 80 % for fitting",
      );
      assert.ok(num(t(`The best number of lags is (${N}),`, `O melhor número de defasagens é (${N}),`)) <= 3);
      assert.match(said(nb), t(/one lag and ten lags both score worse than the best/, /uma e dez defasagens ficam ambas piores que o melhor/));
    });

    test("the RNN's validation error is within 10 % of the best lagged model's, or better", () => {
      const [rnn, lagged, , ratio] = nums(
        t(
          `The RNN's validation MSE is (${N}) litres² against (${N}) for the best lagged model \\((${N}) lags\\): (${N}) times as large, within 10 % of it`,
          `O EQM de validação da RNR é (${N}) litros² contra (${N}) do melhor modelo defasado \\((${N}) defasagens\\): (${N}) vezes o dele, a menos de 10 % dele`,
        ),
      );
      assert.ok(rnn <= 1.1 * lagged, `RNN ${rnn} vs best lagged ${lagged}`);
      assertClose(ratio, rnn / lagged, { abs: 0.002 });
      const [params, lagParams] = nums(t(`It has (${N}) parameters to fit, the lagged model (${N})\\.`, `Ela tem (${N}) parâmetros a ajustar; o modelo defasado, (${N})\\.`));
      assert.ok(params > lagParams, "the RNN has more parameters to fit");
    });

    test("lags drop observations, most of all from short histories, and the RNN predicts every day", () => {
      const m = nums(
        t(
          `with 2, 7 and 10 lags the model drops (${N}), (${N}) and (${N}) of them, and (${N}), (${N}) and (${N}) shops lose every day`,
          `com 2, 7 e 10 defasagens o modelo descarta (${N}), (${N}) e (${N}) deles, e (${N}), (${N}) e (${N}) lojas perdem todos os dias`,
        ),
      );
      assert.ok(m[0] < m[1] && m[1] < m[2]);
      assert.ok(m[3] === 0 && m[5] > 0);
      assert.ok(num(t(`one series of [\\d,]+ days drops (${N}) of its predictable days`, `uma série de [\\d.]+ dias descarta (${N}) dos seus dias previsíveis`)) < 1, "negligible for one long series");
      const [rnnN, , lagN, , common, lag, gap] = nums(
        t(
          `the RNN predicts (${N}) days \\(MSE (${N})\\), the lagged model (${N}) \\(MSE (${N})\\)\\. On the [\\d,]+ days both can predict, the RNN's MSE is (${N}) against the lagged model's (${N}): higher, by (${N})\\.`,
          `a RNR prevê (${N}) dias \\(EQM (${N})\\); o modelo defasado, (${N}) \\(EQM (${N})\\)\\. Nos [\\d.]+ dias que os dois conseguem prever, o EQM da RNR é (${N}) contra (${N}) do modelo defasado: maior, em (${N})\\.`,
        ),
      );
      assert.ok(rnnN > lagN);
      assert.ok(common > lag && gap < 10, `"a little error": ${common} against ${lag}`);
    });

    test("every figure the prose refers to is drawn", () => {
      for (let f = 1; f <= 11; f++) assert.ok(nb.figures.some((g) => g.title.startsWith(`${ed.figure} ${f} ·`)), `Figure ${f} is missing`);
    });

    test("Figure 1 names its panels (a) and (b), not left and right, and (b) plots each version's score minus the original's", () => {
      const fig = figure(nb, `${ed.figure} 1 ·`);
      assert.doesNotMatch(fig.title, t(/left|right/, /esquerd|direit/), "panels stack on a phone");
      assert.deepEqual(
        fig.layout.annotations.map((a: { text: string; xref: string }) => [a.text.slice(0, 3), a.xref]),
        [
          ["(a)", "x domain"],
          ["(b)", "x2 domain"],
        ],
      );
      assert.match(prose(nb), t(/Figure 1a shows the alphabet model/, /A Figura 1a mostra o modelo do alfabeto/));
      assert.match(prose(nb), t(/Figure 1b shows what each scrambled version scores minus what the original scores/, /A Figura 1b mostra a nota de cada versão embaralhada menos a nota da original/));
      const scores = versionScores();
      const original = scores.get(ORIGINAL)!;
      const [rnn, bag] = t(["RNN", "bag-of-characters"], ["RNR", "saco de caracteres"]).map((name) => fig.data.find((x) => x.name === name)!);
      assert.deepEqual(rnn.y, [...scores.keys()].slice(1), "every scrambled version, the original being the zero line");
      rnn.y.forEach((name: string, i: number) => {
        assertClose(rnn.x[i], scores.get(name)!.rnn - original.rnn, { abs: 1e-4 }, `${name}: RNN bar`);
        assertClose(bag.x[i], scores.get(name)!.bag - original.bag, { abs: 1e-4 }, `${name}: bag bar`);
      });
      assert.ok(rnn.x.every((v: number) => v < 0), "every RNN bar is below zero");
      assert.deepEqual(bag.y.filter((_: string, i: number) => bag.x[i] !== 0), [TUTORIAL_SCRAMBLE], "the bag-of-characters bars are zero but for the tutorial's");
    });

    test("Figure 5 gives temperature (°C) an axis of its own, beside the litres", () => {
      const fig = figure(nb, `${ed.figure} 5 ·`);
      const [demand, temperature] = fig.data;
      assert.match(demand.name, t(/^demand \(litres/, /^demanda \(litros/));
      assert.equal(demand.yaxis, undefined);
      assert.match(temperature.name, t(/^temperature \(°C/, /^temperatura \(°C/));
      assert.equal(temperature.yaxis, "y2");
      assert.equal(fig.layout.yaxis.title.text, t("demand (litres)", "demanda (litros)"));
      assert.equal(fig.layout.yaxis2.title.text, t("temperature (°C)", "temperatura (°C)"));
      assert.equal(fig.layout.yaxis2.side, "right");
    });

    test("Figure 7 shows the validation errors from zero, beside the true rule's, and the best and worst are the sentence's", () => {
      const fig = figure(nb, `${ed.figure} 7 ·`);
      assert.equal(fig.layout.yaxis.rangemode, "tozero");
      const byL: number[] = fig.data[0].y;
      assert.equal(byL.length, 10);
      const best = Math.min(...byL),
        worst = Math.max(...byL);
      const [L, bestMSE, worstL, above] = nums(
        t(
          `The best number of lags is (${N}), with a validation MSE of (${N}) litres²; the worst, (${N}), is (${N}) above it`,
          `O melhor número de defasagens é (${N}), com EQM de validação de (${N}) litros²; o pior, (${N}), fica (${N}) acima dele`,
        ),
      );
      assert.equal(byL[L - 1], best);
      assert.equal(bestMSE.toFixed(2), best.toFixed(2));
      assert.equal(byL[worstL - 1], worst);
      assertClose(above, 100 * (worst / best - 1), { abs: 0.05 }, `${above} %`);
      assert.ok(above < 5, `the differences are small: ${above} %`);
      const rule = num(t(`The true rule scores (${N}) litres² on the same days`, `A regra verdadeira marca (${N}) litros² nos mesmos dias`));
      assert.ok(fig.data[1].y.every((v: number) => v.toFixed(2) === rule.toFixed(2)), "the dotted line is the true rule's error");
      byL.forEach((v) => assertClose(v / rule, 1, { abs: 0.05 }, "every lagged model comes close to the true rule (within 5 %)"));
    });

    test("Figure 10 gives each lagged/RNN pair one colour, and the three pairs three colours", () => {
      const fig = figure(nb, `${ed.figure} 10 ·`);
      const colours = [2, 5, 20].map((d) => {
        const pair = fig.data.filter((x) => x.name.endsWith(t(`, ${d} variables`, `, ${d} variáveis`)));
        assert.equal(pair.length, 2);
        assert.equal(pair[0].line.color, pair[1].line.color, `${d} variables`);
        assert.deepEqual(
          pair.map((x) => x.line.dash ?? "solid"),
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
      const starts = t(["dot moving right", "dot moving left"], ["indo à direita", "indo à esquerda"]).map((h) => header.indexOf(h)); // each strip under its heading
      rows.forEach((row, k) => {
        assert.ok(starts.every((from) => /^[·●]( [·●]){7}$/.test(row.slice(from, from + width))), `frame ${k}: each strip sits under its heading`);
        assert.equal(dot(row, starts[0]), (dot(rows[0], starts[0]) + k) % strip, `frame ${k}: moving right`);
        assert.equal(dot(row, starts[1]), (dot(rows[0], starts[1]) - k + strip) % strip, `frame ${k}: moving left`);
      });
    });
  });
}
