/**
 * Notebook 3 (Applications), in both editions, runs top to bottom under the real kernel, and its sentences back the
 * prose: each of the five shapes beats its stated baseline on held-out data (the raw S&P 500 close is the one honest
 * exception, and says so), the reversal model is ≥ 90 % exact at its training lengths, and the naive baselines are
 * recomputed here from the raw series.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  executeNotebook,
  figure,
  prose,
  readNumber,
  said,
  saidNumber,
  saidNumbers,
  tables,
} from "../helpers/notebook";
import { editionsOf, executedEditions } from "../helpers/edition";
import { loadSP500Daily, loadUnemploymentPanel } from "../../lib/data/series";
import { assertClose } from "../helpers/close";

/** A number said to four significant digits against its recomputation, to its rounding. */
const rounding = { rel: 5e-4 };

for (const { ed, nb } of executedEditions("03-applications")) {
  const { t, N } = ed;
  const num = (re: string) => saidNumber(nb, new RegExp(re));
  const nums = (re: string) => saidNumbers(nb, new RegExp(re));
  const read = (text: string) => readNumber(text, nb.locale);
  const model = {
    oneToOne: t("One-to-one", "One to one"),
    oneToMany: t("One-to-many", "One to many"),
    manyToOne: t("Many-to-one", "Many to one"),
    delayed: t("Many-to-many, delayed", "Many to many, defasado"),
    close: t("S&P 500 next close", "Próximo fechamento do S&P 500"),
    average: t("S&P 500 5-day average", "Média de 5 dias do S&P 500"),
    panel: t("Unemployment panel", "Painel de desemprego"),
    seasonal: t("Unemployment panel, against a seasonal rule", "Painel de desemprego contra a regra sazonal"),
  };
  const MSE = t("MSE", "EQM");

  /** Every "**Model** · held-out metric: RNN r, baseline (name) b — the RNN is (not) better." sentence, keyed by model. */
  const comparisons = new Map(
    [
      ...said(nb).matchAll(
        new RegExp(
          t(
            `^\\*\\*(.+?)\\*\\* · held-out ([a-zA-Z ]+): RNN (${N}), baseline \\(([^)]+)\\) (${N}) — the RNN is (not )?better\\.$`,
            `^\\*\\*(.+?)\\*\\* · ([\\p{L} ]+) nos dados de teste: RNR (${N}), referência \\(([^)]+)\\) (${N}) — a RNR (não )?é melhor\\.$`,
          ),
          "gmu",
        ),
      ),
    ].map((m) => [m[1], { baseline: m[4], metric: m[2], base: read(m[5]), rnn: read(m[3]), better: m[6] === undefined }]),
  );
  const comparison = (name: string) => {
    const c = comparisons.get(name);
    assert.ok(c, `no comparison line for "${name}" in the notebook's output`);
    assert.ok(Number.isFinite(c.base) && Number.isFinite(c.rnn), `${name}: unreadable numbers`);
    return c;
  };

  describe(ed.lang, () => {
    test("every cell runs without an error or anything on stderr", () => {
      assertRanClean(nb);
    });

    test("it credits the tutorial and Karpathy's diagram, and its Portuguese headings are the tutorial's words", () => {
      assertCreditsAndHeadings(nb);
      assert.match(
        prose(nb),
        t(/Karpathy's post\s+\[The Unreasonable Effectiveness/, /post de Andrej Karpathy\s+\[The Unreasonable Effectiveness/),
      );
      assert.match(prose(nb), /\[The Unreasonable Effectiveness of Recurrent Neural Networks\]\(http:\/\/karpathy\.github\.io\/2015\/05\/21\/rnn-effectiveness\/\)/);
      assert.match(prose(nb), t(/\*\*teacher forcing\*\*/, /\*\*\*teacher forcing\*\*\*/), "the decoder's training input is named");
      assert.match(prose(nb), t(/runs \*\*two\*\* cells, each with its own five parameters/, /roda \*\*duas\*\*\s+células, cada uma com os seus próprios cinco parâmetros/));
    });

    test("the prose restates the configuration the code uses", () => {
      const restates = (en: RegExp, pt: RegExp, code: RegExp) => assertProseRestates(nb, t(en, pt), { code });
      restates(/The task is a small regression: (\d+) noisy points/, /A tarefa é uma\s+pequena regressão: (\d+) pontos com ruído/, /ffTrain = ffData\((\d+)\)/);
      restates(/and (\d+) fresh points to test on/, /e (\d+) pontos novos para o teste/, /ffTest = ffData\((\d+)\)/);
      restates(/with \$T = (\d+)\$\. After step 0/, /com \$T = (\d+)\$\. Depois do passo 0/, /const waveT = (\d+),/);
      restates(/It trains on (\d+) random/, /Ela treina em (\d+) pares/, /waveTrain = Array\.from\(\{ length: (\d+) \}/);
      restates(/is tested on (\d+) new ones/, /é testada em (\d+) pares novos/, /waveTest = Array\.from\(\{ length: (\d+) \}/);
      restates(/the sequences are (\d+) letters/, /as sequências são de (\d+) letras/, /const clsT = (\d+),/);
      restates(/two RNNs with (\d+) hidden units/, /duas RNRs com (\d+) unidades ocultas/, /hiddenSize: (\d+), outputSize: 1 \}, 40\)/);
      restates(/windows of (\d+) trading days/, /janelas de (\d+) pregões/, /spFirst \+ i\), (\d+), \{ stride: 20 \}/);
      restates(/Training uses sequences of 2 to (\d+) letters/, /O treino usa\s+sequências de 2 a (\d+) letras/, /const revLengths = \[2, 3, 4, (\d+)\]/);
      restates(/windows of 24 months \(stride (\d+)\)/, /janelas de 24 meses \(passo de (\d+)\)/, /s \+ 24 < unSplit; s \+= (\d+)\)/);
      assert.equal(
        Number(prose(nb).match(t(/the monthly unemployment rate \(percent\) of (\d+) industries/, /a taxa mensal de desemprego \(em porcentagem\) de (\d+) setores/))![1]),
        num(t(`Held out: \\S+ to \\S+, (${N}) industries`, `Separados para teste: de \\S+ a \\S+, (${N}) setores`)),
      );
    });

    test("the five-shape diagram is generated SVG and every figure is numbered", () => {
      const outputs = nb.cells.flatMap((c) => c.outputs.map((o) => o.text));
      const svg = outputs.find((x) => x.trimStart().startsWith("<svg") && x.includes(`${ed.figure} 1`));
      assert.ok(svg, "Figure 1 is an SVG output");
      const names = t(
        ["one-to-one", "one-to-many", "many-to-one", "many-to-many (delayed)", "many-to-many (aligned)"],
        ["one to one", "one to many", "many to one", "many to many (defasado)", "many to many (alinhado)"],
      );
      const words = svg.replace(/<[^>]+>/g, " ").replace(/\s+/g, " "); // a name may be set on two lines
      for (const name of names) assert.ok(words.includes(name), `Figure 1 names ${name}`);
      const html = nb.html.join("\n");
      for (let f = 2; f <= 14; f++) assert.ok(html.includes(`${ed.figure} ${f} ·`), `Figure ${f} is shown`);
      // live training leaves its final, static loss curve (six models, seven training runs)
      assert.ok((html.match(t(/finished · epochs completed/g, /concluído · épocas completas/g)) ?? []).length >= 7, "every training run ends with its final loss curve");
    });

    test("each model beats its stated baseline on held-out data, and each sentence's verdict is its numbers'", () => {
      const lowerIsBetter = (metric: string) => metric === MSE;
      const expected: [string, string][] = [
        [model.oneToOne, t("mean prediction", "previsão pela média")],
        [model.oneToMany, t("mean prediction", "previsão pela média")],
        [model.manyToOne, t("majority class", "classe majoritária")],
        [model.delayed, t("copying the input", "copiar a entrada")],
        [model.average, t("last value", "último valor")],
        [model.panel, t("last value", "último valor")],
      ];
      for (const [name, baseline] of expected) {
        const c = comparison(name);
        assert.equal(c.baseline, baseline, `${name}: baseline`);
        const better = lowerIsBetter(c.metric) ? c.rnn < c.base : c.rnn > c.base;
        assert.ok(better && c.better, `${name}: RNN ${c.metric} ${c.rnn} should beat the baseline's ${c.base}`);
      }
      for (const [name, c] of comparisons) assert.equal(c.better, lowerIsBetter(c.metric) ? c.rnn < c.base : c.rnn > c.base, `${name}: the verdict`);
      assert.ok(comparison(model.oneToOne).rnn < 0.1 * comparison(model.oneToOne).base);
      assert.ok(comparison(model.oneToMany).rnn < 0.2 * comparison(model.oneToMany).base);
      assert.ok(comparison(model.manyToOne).rnn >= 0.8, "many-to-one accuracy");
      const beaten = [...comparisons.values()].filter((c) => c.better).length;
      assert.equal(comparisons.size, 8, "six models, the raw S&P 500 close and the seasonal rule");
      assert.match(said(nb), new RegExp(t(`The RNN beats its baseline in ${beaten} of 8 comparisons`, `A RNR vence a sua referência em ${beaten} de 8 comparações`)));
      // the summary's prose: exactly two comparisons go against the network, and these are the two
      const lost = [...comparisons.entries()].filter(([, c]) => !c.better).map(([m]) => m);
      assert.deepEqual(lost.sort(), [model.close, model.seasonal].sort());
      assert.match(
        prose(nb),
        t(
          /The two comparisons against the network are reported as they came out: the raw S&P 500 close, which it was not\s+expected to win, and the unemployment panel against the hand-made seasonal rule/,
          /As duas comparações contra a rede são relatadas como saíram: o fechamento bruto do S&P 500, que não se esperava que ela\s+vencesse, e o painel de desemprego contra a regra sazonal feita à mão/,
        ),
      );
      const summary = tables(nb).find((x) => x.headers[0] === t("model (metric)", "modelo (métrica)"))!;
      assert.equal(summary.rows.length, 8, "the summary table collects every comparison");
    });

    test("the reversal model is at least 90 % exact on held-out sequences of its training lengths, and not beyond them", () => {
      const pooled = comparison(model.delayed).rnn;
      assert.ok(pooled >= 0.9, `pooled exact match ${pooled}`);
      const m = nums(
        t(
          `Exact match on the held-out sequences of lengths 2, 3, 4 and 5: (${N}), (${N}), (${N}) and (${N}); on fresh sequences of lengths 6, 7 and 8, never seen in training: (${N}), (${N}) and (${N})\\.`,
          `Acerto exato nas sequências de teste de tamanhos 2, 3, 4 e 5: (${N}), (${N}), (${N}) e (${N}); em sequências novas de tamanhos 6, 7 e 8, nunca vistos no treino: (${N}), (${N}) e (${N})\\.`,
        ),
      );
      assert.ok(m.slice(0, 4).every((v) => v >= 90), `the training lengths: ${m.slice(0, 4)}`);
      assert.ok(m[6] < 50, "it falls apart past the training lengths");
      assert.ok(comparison(model.delayed).base < 0.1, "copying is right only for palindromes");
      const [all, unused, work, , held] = nums(
        t(
          `The two networks have (${N}) parameters, of which the encoder's output layer \\((${N})\\) is never used: (${N}) do the work\\. They trained on (${N}) sequences; (${N}) are held out`,
          `As duas redes têm (${N}) parâmetros, dos quais a camada de saída do codificador \\((${N})\\) nunca é usada: (${N}) fazem o trabalho\\. Elas treinaram em (${N}) sequências; (${N}) estão separadas para teste`,
        ),
      );
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
      const c = comparison(model.close);
      assertClose(c.base, base, rounding, "the baseline's MSE against its recomputation");
      assert.match(
        said(nb),
        c.rnn < c.base
          ? t(/On the close the RNN beats "tomorrow equals today"/, /No fechamento, a RNR vence "amanhã igual a hoje"/)
          : t(/On the close the RNN does not beat "tomorrow equals today"/, /No fechamento, a RNR não vence "amanhã igual a hoje"/),
      );
      assertClose(c.rnn / c.base, 1, { abs: 0.05 }, `close: RNN MSE ${c.rnn} vs baseline ${c.base}`);
      const [actual, forecast, move] = nums(
        t(
          `the daily returns have a standard deviation of (${N}) %, the forecasts (${N}) %, and the close forecast differs from the previous close by (${N}) on average`,
          `os retornos diários têm desvio padrão de (${N}) %, as previsões (${N}) %, e a previsão do fechamento difere do fechamento anterior em (${N}), em média`,
        ),
      );
      assert.ok(forecast < actual / 2, "return forecasts vary far less than returns, as the prose says");
      assert.ok(move < 0.5);
      const [, , , marchBase, marchRnn] = nums(
        t(
          `the RMSE is (${N}) for the baseline and (${N}) for the RNN; in March 2020 alone \\((${N}) days\\) (${N}) and (${N})`,
          `a REQM \\(a raiz do EQM\\) é (${N}) para a referência e (${N}) para a RNR; só em março de 2020 \\((${N}) dias\\), (${N}) e (${N})`,
        ),
      );
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
      assertClose(comparison(model.panel).base, perIndustry.reduce((a, b) => a + b, 0) / perIndustry.length, rounding, "the baseline against its recomputation");
      const wins = num(t(`The RNN has the lower error in (${N}) of the 14 industries`, `A RNR tem o menor erro em (${N}) dos 14 setores`));
      assert.equal(wins, tables(nb).find((x) => x.headers[0] === t("industry", "setor"))!.rows.filter((r) => r[3] === t("yes", "sim")).length);
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
      const c = comparison(model.seasonal);
      assertClose(c.base, rule, rounding, "the rule against its recomputation");
      const beats = rule < c.rnn;
      assert.match(said(nb), new RegExp(t(`and it ${beats ? "beats" : "does not beat"} the RNN`, `e ela ${beats ? "vence" : "não vence"} a RNR`)));
      // "over eight years of training data": the training months, from the panel's dates
      const years = num(t(`monthly means over (${N}) years of training data`, `médias mensais sobre (${N}) anos de dados de treino`));
      assert.equal(years, Math.round((T - 24 - 1) / 12));
      assert.match(said(nb), new RegExp(t(`The training years run from ${p.dates[1]} to ${p.dates[T - 25]}\\.`, `Os anos de treino vão de ${p.dates[1]} a ${p.dates[T - 25]}\\.`)));
    });

    test("one-to-one and one-to-many: the parameter count, the fit and the baselines are as the prose says", () => {
      const [all, dead, working] = nums(
        t(
          `The network has (${N}) parameters, but the (${N}) entries of \\$W_h\\$ multiply .* (${N}) do the work`,
          `A rede tem (${N}) parâmetros, mas as (${N}) entradas de \\$W_h\\$ multiplicam .* (${N}) fazem o trabalho`,
        ),
      );
      assert.equal(all, 1 * 16 + 16 * 16 + 16 + 16 * 1 + 1);
      assert.equal(dead, 16 * 16);
      assert.equal(working, all - dead);
      const [share, times] = nums(
        t(`The network's test MSE is (${N}) of the mean prediction's, and (${N}) times the noise variance`, `O EQM de teste da rede é (${N}) do da previsão pela média, e (${N}) vezes a variância do ruído`),
      );
      assertClose(share, (100 * comparison(model.oneToOne).rnn) / comparison(model.oneToOne).base, { abs: 0.1 });
      assert.ok(times < 2, `close to the noise variance: ${times}×`);
      const [flat, variance] = nums(
        t(
          `stays within ±(${N}) of zero, so the baseline's MSE is close to the variance of the test waves, (${N})\\.`,
          `fica a menos de ±(${N}) do zero, então o EQM da referência fica perto da variância das ondas de teste, (${N})\\.`,
        ),
      );
      assert.ok(flat < 0.2, "the mean training wave is nearly flat");
      assertClose(comparison(model.oneToMany).base / variance, 1, { abs: 0.05 }, "the baseline's error is about the variance of a wave");
      const shown = nums(t(`The three generated waves of Figure 5 score MSEs of (${N}), (${N}) and (${N})\\.`, `As três ondas geradas da Figura 5 marcam EQMs de (${N}), (${N}) e (${N})\\.`));
      assert.ok(shown.every((v) => v < 0.1 * comparison(model.oneToMany).base), `Figure 5's waves are written well: ${shown}`);
    });

    test("many-to-one: the class is rarely settled early, the baseline is the training majority, and the mistakes are close calls", () => {
      const settled = num(t(`The class is settled after (${N}) of the 12 letters on average`, `A classe fica decidida, em média, depois de (${N}) das 12 letras`));
      assert.ok(settled > 9, `on average nearly all letters must be read: ${settled}`);
      const m = said(nb).match(
        t(
          /Training classes a\/b\/c: (\d+)\/(\d+)\/(\d+); the baseline always answers «(\w)», the most common class in training\. In the test set, «\4» is the class of (\d+) of the 300 sequences, and the most common test class is «(\w)», with (\d+)\./,
          /Classes de treino a\/b\/c: (\d+)\/(\d+)\/(\d+); a referência responde sempre «(\w)», a classe mais comum no treino\. No conjunto de teste, «\4» é a classe de (\d+) das 300 sequências, e a classe de teste mais comum é «(\w)», com (\d+)\./,
        ),
      );
      assert.ok(m, "the class counts");
      const counts = m.slice(1, 4).map(Number);
      assert.equal(m[4], "abc"[counts.indexOf(Math.max(...counts))]);
      assertClose(comparison(model.manyToOne).base, Number(m[5]) / 300, rounding, "the baseline's accuracy is that share");
      const [close, mistakes] = nums(
        t(
          `(${N}) of the (${N}) mistakes — every one — are on sequences whose winning letter leads by a single occurrence`,
          `(${N}) dos (${N}) erros — todos eles — estão em sequências cuja letra vencedora lidera por uma única ocorrência`,
        ),
      );
      assert.equal(close, mistakes, "every mistake is a close call");
      assertClose(1 - comparison(model.manyToOne).rnn, mistakes / 300, rounding, "the mistakes are the accuracy's complement");
      assert.doesNotMatch(prose(nb), t(/almost all/, /quase todos os erros/));
    });

    test("reversal: past the training lengths the first letters written stay right and the new last letter goes wrong", () => {
      const byPosition = nums(
        t(
          `At length 6, the share of right letters by position written, from the first \\(the last letter read\\) to the sixth: ${Array(5).fill(`(${N}), `).join("").replace(/, $/, "")} and (${N})\\.`,
          `No tamanho 6, a fração de letras certas por posição escrita, da primeira \\(a última letra lida\\) à sexta: ${Array(5).fill(`(${N}), `).join("").replace(/, $/, "")} e (${N})\\.`,
        ),
      );
      assert.equal(byPosition.length, 6);
      assert.ok(byPosition.slice(0, 3).every((v) => v > 90) && byPosition[5] < 50, `${byPosition}`);
      // "notebook 5 trains one to recall a bit across 16 steps": read from notebook 5's own output, in the same edition
      assert.match(prose(nb), t(/notebook 5 trains one to\s+recall a bit across 16 steps/, /o notebook 5 treina uma para lembrar um bit por 16 passos/));
      const five = executeNotebook(editionsOf("05-beyond").find((e) => e.lang === ed.lang)!.file);
      const solved = five.said.match(t(/it solves every T up to ([\d, and]+)\./, /ela resolve todo T até ([\d, e]+)\./));
      assert.ok(solved && solved[1].split(t(/, | and /, /, | e /)).map(Number).includes(16), "notebook 5 recalls a bit across 16 steps");
    });

    test("S&P 500 and unemployment: each sentence of the prose is what the code says", () => {
      assertClose(num(t(`the correlation of one day's return with the next is (${N})`, `a correlação do retorno de um dia com o do seguinte é (${N})`)), 0, { abs: 0.1 }, "returns barely predict the next");
      assert.ok(comparison(model.average).rnn < 0.5 * comparison(model.average).base, "clearly beats the naive forecast");
      assert.match(said(nb), t(/over the whole held-out period, is widest in March\./, /no período de teste inteiro, é maior em março\./));
      const [monthly, yearly] = nums(
        t(`the scaled monthly change has a spread of (${N}), the twelve-month mean change (${N})`, `a variação mensal escalada tem dispersão de (${N}), e a variação média em doze meses, (${N})`),
      );
      assert.ok(yearly < monthly / 2, "the twelve-month change is far steadier");
      assert.ok(num(t(`calendar month: r = (${N})`, `mês do calendário: r = (${N})`)) > 0.5, "the network anticipates the seasons");
      const shown = said(nb).match(
        new RegExp(
          t(
            `Figure 14 shows (.+?), where the RNN gains most \\(MSE (${N}) against (${N})\\), and (.+?), where it loses most \\((${N}) against (${N})\\)\\.`,
            `A Figura 14 mostra (.+?), onde a RNR mais ganha \\(EQM (${N}) contra (${N})\\), e (.+?), onde ela mais perde \\((${N}) contra (${N})\\)\\.`,
          ),
        ),
      )!;
      assert.ok(read(shown[2]) < read(shown[3]) && read(shown[5]) > read(shown[6]));
      const [actual, forecast] = t(["actual", "RNN forecast"], ["real", "previsão da RNR"]);
      assert.deepEqual(
        figure(nb, `${ed.figure} 14 ·`).data.map((x) => x.name),
        [`${shown[1]} (${actual})`, `${shown[1]} (${forecast})`, `${shown[4]} (${actual})`, `${shown[4]} (${forecast})`],
      );
      const wins = num(t(`The RNN has the lower error in (${N}) of the 14 industries`, `A RNR tem o menor erro em (${N}) dos 14 setores`));
      assert.ok(wins > 0 && wins < 14, "it pays off in some industries and not in others");
      assert.match(said(nb), t(/The seasonal rule is a table of 14 × 12 = 168 monthly means/, /A regra sazonal é uma tabela de 14 × 12 = 168 médias mensais/));
    });
  });
}
