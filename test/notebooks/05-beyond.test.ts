/**
 * Tests of notebooks/05-beyond.ipynb and its Portuguese edition, executed under the real tslab kernel: every claim of
 * its prose is checked against what it says or recomputed — the slopes and what σ_max and ρ each bound, the memory task
 * and clipping, the character model against the bigram baseline, the unit that tracks words (with a legend that follows
 * the correlation's sign), and the tutorial's references, as links.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadMemorias } from "../../lib/data/text";
import { BigramModel, perplexity } from "../../lib/bigram";
import { Vocabulary } from "../../lib/vocabulary";
import { assertCreditsAndHeadings, assertProseRestates, figure, prose, readNumber, root, said, tables, TUTORIAL } from "../helpers/notebook";
import { executedEditions } from "../helpers/edition";
import { assertClose } from "../helpers/close";

/** The references of the tutorial's last section, and the links of its text (relative ones made absolute). */
const REFERENCES = [
  "http://colah.github.io/posts/2015-08-Understanding-LSTMs/",
  "https://github.com/oxford-cs-deepnlp-2017/lectures",
  "https://www.youtube.com/playlist?list=PLnnr1O8OWc6YM16tj9pdhBZOS9tDktNrx",
  "http://www.deeplearningbook.org/contents/rnn.html",
  "http://www.wildml.com/2015/09/recurrent-neural-networks-tutorial-part-1-introduction-to-rnns/",
  "http://karpathy.github.io/2015/05/21/rnn-effectiveness/",
];
function tutorialLinks(section?: string): string[] {
  let text = readFileSync(TUTORIAL.file, "utf8");
  if (section) text = text.slice(text.indexOf(section));
  const links = [...text.matchAll(/\]\(([^)\s]+)\)|href="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  return links.filter((l) => !l.startsWith("#")).map((l) => (l.startsWith("/") ? `https://matheusfacure.github.io${l}` : l));
}

for (const { ed, nb } of executedEditions("05-beyond")) {
  const { t } = ed;
  const out = said(nb);
  /** `ed.N` as a capturing group, for the regular expressions below. */
  const N = `(${ed.N})`;
  const read = (s: string) => readNumber(s, nb.locale);
  /** The numbers of the first sentence matching `re` (its groups, read as `say` writes numbers). */
  const numbers = (text: string, re: RegExp): number[] => {
    const m = text.match(re);
    assert.ok(m, `no sentence matching ${re} in:\n${text}`);
    return m.slice(1).map(read);
  };

  describe(`notebook 05 · ${ed.lang}`, () => {
    it("is committed clean, with ids and the tslab kernel", () => {
      const raw = JSON.parse(readFileSync(join(root, ed.file), "utf8"));
      assert.equal(raw.metadata.kernelspec.name, "tslab");
      assert.equal(raw.nbformat, 4);
      assert.ok(raw.nbformat_minor >= 5);
      for (const c of raw.cells) {
        assert.match(c.id, /^[\w-]+$/);
        if (c.cell_type === "code") {
          assert.deepEqual(c.outputs, []);
          assert.equal(c.execution_count, null);
        }
      }
      const code = raw.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
      assert.ok(!/Math\.random|Date\.now/.test(code), "every random choice comes from a seeded Random");
    });

    it("runs top to bottom without errors", () => {
      assert.equal(nb.stderr, "");
    });

    it("credits the tutorial, its headings quote it, and its Referências link every reference it lists", () => {
      assertCreditsAndHeadings(nb);
      const text = prose(nb);
      assert.deepEqual(tutorialLinks("## Referêcnias"), REFERENCES, "the tutorial's last section lists these references");
      const section = text.slice(text.indexOf("## Referências"));
      for (const url of REFERENCES) assert.ok(section.includes(`](${url})`), `Referências links ${url}`);
      for (const url of tutorialLinks()) assert.ok(text.includes(`](${url})`), `every link of the tutorial is given: ${url}`);
      assert.match(
        text,
        t(
          /Karpathy's post \[The Unreasonable Effectiveness of Recurrent Neural Networks\]\(http:\/\/karpathy\.github\.io\/2015\/05\/21\/rnn-effectiveness\/\)/,
          /post de Andrej Karpathy \[The Unreasonable Effectiveness of Recurrent Neural Networks\]\(http:\/\/karpathy\.github\.io\/2015\/05\/21\/rnn-effectiveness\/\)/,
        ),
      );
      assert.match(text, /`char-rnn`/);
    });

    it("numbers its figures 1 to 8", () => {
      const html = nb.html.join("\n");
      for (let k = 1; k <= 8; k++) assert.ok(html.includes(`${ed.figure} ${k} ·`), `Figure ${k}`);
    });

    it("states the configuration its prose restates", () => {
      const restates = (en: RegExp, pt: RegExp, code: RegExp) => assertProseRestates(nb, t(en, pt), { code });
      restates(/We run (\d+) sequences of \$T = \d+\$/, /Rodamos (\d+) sequências de \$T = \d+\$/, /nSeq = (\d+);/);
      restates(/sequences of \$T = (\d+)\$ random inputs/, /sequências de \$T = (\d+)\$ entradas aleatórias/, /Tlong = (\d+),/);
      restates(/through a (\d+)-unit RNN/, /numa RNR de (\d+) unidades/, /const hUnits = (\d+),/);
      restates(/an RNN with (\d+) hidden units can in principle/, /uma RNR com (\d+) unidades ocultas pode, em princípio/, /hiddenSize: (\d+), outputSize: 2 \}, seed\)/);
      restates(/for (\d+) Adam steps of \d+ fresh/, /por (\d+) passos do Adam com \d+ sequências novas/, /step < (\d+); step\+\+\) \{\n\s+const \{ xs, bits \} = memoryBatch\(rng, 16, T\)/);
      restates(/Adam steps of (\d+) fresh/, /passos do Adam com (\d+) sequências novas/, /memoryBatch\(rng, (\d+), T\)/);
      restates(/accuracy on (\d+) new sequences/, /acurácia delas em (\d+) sequências novas/, /memoryBatch\(new Random\(999\), (\d+), T\)/);
      restates(/windows of \$T = (\d+)\$ characters/, /janelas de \$T = (\d+)\$ caracteres/, /seqLength: (\d+),/);
      restates(/(\d+) streams read/, /(\d+) fluxos leem/, /batchSize: (\d+),/);
      restates(/norm at (\d+) and updates with Adam/, /gradiente em (\d+) e atualiza com o Adam/, /clipNorm: (\d+),/);
      restates(/(\d+) hidden units and \d+ updates/, /(\d+) unidades ocultas e \d+ atualizações/, /hiddenSize: (\d+), seqLength/);
      restates(/hidden units and (\d+) updates/, /unidades ocultas e (\d+) atualizações/, /steps: (\d+), optimizer/);
      restates(/the first ([\d,]+) held-out characters/, /primeiros ([\d.]+) caracteres separados para teste/, /heldOut\.slice\(0, (\d+)\)/);
      restates(/over ([\d,]+) held-out characters/, /sobre ([\d.]+) caracteres separados para teste/, /heldOut\.slice\(10000, 1(\d+)\)/);
    });

    it("shows gradient-norm slopes negative below and at ρ = 1, positive above, as predicted", () => {
      const rows = [
        ...out.matchAll(
          new RegExp(
            t(
              `\\$\\\\rho\\$ = ${N} \\(measured ${N}, \\$\\\\sigma_\\{\\\\max\\}\\$ = ${N}\\): the fitted slope is ${N} per step, against .*? = ${N}: the gradient (vanishes|explodes)`,
              `\\$\\\\rho\\$ = ${N} \\(medido ${N}, \\$\\\\sigma_\\{\\\\max\\}\\$ = ${N}\\): a inclinação ajustada é ${N} por passo, contra .*? = ${N}: o gradiente (desaparece|explode)`,
            ),
            "g",
          ),
        ),
      ];
      assert.equal(rows.length, 3);
      for (const row of rows) {
        const [rho, measured, sigma, fitted, predicted] = row.slice(1, 6).map(read);
        assertClose(measured, rho, { abs: 1e-3 }, "ρ measured");
        assertClose(sigma, rho, { abs: 1e-3 }, "σ_max measured");
        if (rho < 1) assert.ok(fitted < -0.02, `ρ = ${rho}: slope ${fitted}`);
        else if (rho === 1) assert.ok(fitted < 0 && fitted > -0.02, `ρ = 1: slope ${fitted}`);
        else assert.ok(fitted > 0, `ρ = ${rho}: slope ${fitted}`);
        assert.equal(Math.sign(predicted), Math.sign(fitted));
        assert.equal(row[6], fitted < 0 ? t("vanishes", "desaparece") : t("explodes", "explode"));
        if (rho <= 1) assertClose(fitted, predicted, { abs: 0.005 }, `ρ = ${rho}: fitted ${fitted}, predicted ${predicted}`);
      }
      assert.match(out, /\\partial h_\{49\}/, "the last step of T = 50 is 49");
      assert.equal(nb.cells.find((c) => c.source.includes("const hUnits = 32, Tlong = "))?.source.match(/Tlong = (\d+)/)?.[1], "50");
      const [s09, log09] = numbers(
        out,
        new RegExp(t(`At \\$\\\\rho\\$ = 0\\.9 the slope ${N} is close to \\$\\\\log_\\{10\\} 0\\.9\\$ = ${N}\\.`, `Com \\$\\\\rho\\$ = 0,9 a inclinação ${N} fica perto de \\$\\\\log_\\{10\\} 0\\{,\\}9\\$ = ${N}\\.`)),
      );
      assertClose(s09, log09, { abs: 0.005 }, `ρ = 0.9: slope ${s09} close to ${log09}`);
      const [mean10, share, s10] = numbers(
        out,
        new RegExp(
          t(`the average \\$\\\\log_\\{10\\}\\(1-h\\^2\\)\\$, ${N}, accounts for ${N} of the slope ${N}\\.`, `a média de \\$\\\\log_\\{10\\}\\(1-h\\^2\\)\\$, ${N}, responde por ${N} da inclinação ${N}\\.`),
        ),
      );
      assert.ok(share >= 50 && share < 100, `the tanh derivative accounts for most, not all, of the slope: ${share} %`);
      assertClose((100 * mean10) / s10, share, { abs: 3 }, "the share is the ratio of the two numbers, to their rounding");
      const [near, far, log11, , all] = numbers(
        out,
        new RegExp(
          t(
            `the local slope is ${N} over the 10 steps nearest to the loss and ${N} over the 10 farthest, against \\$\\\\log_\\{10\\} 1\\.1\\$ = ${N}; the fitted slope over all ${N} is ${N}\\.`,
            `a inclinação local é ${N} nos 10 passos mais perto do custo e ${N} nos 10 mais distantes, contra \\$\\\\log_\\{10\\} 1\\{,\\}1\\$ = ${N}; a inclinação ajustada aos ${N} passos é ${N}\\.`,
          ),
        ),
      );
      assert.ok(near < far, `the line bends: ${near} near the loss, ${far} far from it`);
      assertClose(near, 0, { abs: 0.01 }, "near the loss the derivative cancels the growth: local slope");
      assertClose(far, log11, { abs: 0.01 }, "far from the loss it grows at close to log10 1.1");
      assert.ok(near < all && all < far, "the fitted slope lies between the two regimes");
    });

    it("calls the vector estimate of ρ a power iteration, and Gelfand's formula the matrix one", () => {
      assert.doesNotMatch(prose(nb), /Gelfand's formula \$\\rho = \\lim_k \\lVert v|fórmula de Gelfand \$\\rho = \\lim_k \\lVert v/);
      assert.match(
        prose(nb),
        t(
          /Gelfand's formula is the matrix version of that limit,\s+\$\\rho = \\lim_k \\lVert W_h\^k \\rVert\^\{1\/k\}\$/,
          /fórmula de Gelfand é a versão matricial desse limite,\s+\$\\rho = \\lim_k \\lVert W_h\^k \\rVert\^\{1\/k\}\$/,
        ),
      );
    });

    it("shows a gradient that grows with ρ < 1 when the derivatives take turns, and shrinks like 0.9^n when they do not", () => {
      const [rho, sigma, , grows, steps, shrink, power] = numbers(
        out,
        new RegExp(
          t(
            `This \\$W_h\\$ has \\$\\\\rho\\$ = ${N} and \\$\\\\sigma_\\{\\\\max\\}\\$ = ${N}\\. .*\\(derivatives 1 and ${N}\\), the gradient grows ${N}-fold over ${N} steps, although .* it is multiplied by ${N} over the same steps, as \\$0\\.9\\^\\{40\\}\\$ = ${N} predicts`,
            `Esta \\$W_h\\$ tem \\$\\\\rho\\$ = ${N} e \\$\\\\sigma_\\{\\\\max\\}\\$ = ${N}\\. .*\\(derivadas 1 e ${N}\\), o gradiente cresce ${N} vezes em ${N} passos, embora .* ele é multiplicado por ${N} nos mesmos passos, como \\$0\\{,\\}9\\^\\{40\\}\\$ = ${N} prevê`,
          ),
        ),
      );
      assertClose(rho, 0.9, { abs: 1e-3 }, "ρ");
      assertClose(sigma, 2.356, { abs: 1e-3 }, "σ_max");
      assert.equal(steps, 40);
      assert.ok(grows > 10, `the gradient grows ${grows}-fold`);
      assert.ok(shrink < 1 && shrink / power > 0.1 && shrink / power < 10, `${shrink} vs 0.9^40 = ${power}`);
    });

    it("finds a memory length the plain RNN cannot learn, after shorter ones it can", () => {
      const [T, acc] = numbers(out, new RegExp(t(`stops learning the task at T = ${N}, with a mean test accuracy of ${N}`, `deixa de aprender a tarefa em T = ${N}, com acurácia média de teste de ${N}`)));
      assert.ok(T > 8 && acc < 0.9, `T = ${T}, accuracy ${acc}`);
      const table = tables(nb).find((x) => x.headers[1].startsWith(t("gradient reaching step 0", "gradiente que chega ao passo 0")));
      assert.ok(table, "the memory table");
      const rows = table.rows.map((r) => r.map(read));
      assert.equal(rows.length, 6);
      for (const [len, , a1, a2] of rows) {
        if (len < T) assert.ok(a1 >= 0.99 && a2 >= 0.99, `T = ${len}: both networks recall the bit (${a1}, ${a2})`);
        else {
          assertClose(a1, 0.5, { abs: 0.05 }, `T = ${len}: a coin toss, first accuracy`);
          assertClose(a2, 0.5, { abs: 0.05 }, `T = ${len}: a coin toss, second accuracy`);
        }
      }
      for (let i = 1; i < rows.length; i++) assert.ok(rows[i][1] < rows[i - 1][1], "less gradient reaches step 0 as T grows");
      assert.ok(rows[0][1] / rows[rows.length - 1][1] > 100, "by orders of magnitude");
      const fig = figure(nb, `${ed.figure} 2 ·`);
      assert.equal(fig.data[0].marker.symbol, "circle-open", "seed 1's markers ring seed 2's instead of hiding under them");
    });

    it("shows clipping keeping training on track, on a task whose differences from the memory task are said", () => {
      assert.match(
        out,
        t(
          /The clipping runs: T = 30, noise of σ = 0\.2 after the bit \(the memory task above used σ = 1\), \$W_h\$ initialised 1\.5× the usual scale, plain SGD with η = 0\.5, 200 steps of 16 sequences/,
          /As execuções com corte: T = 30, ruído de σ = 0,2 depois do bit \(a tarefa de memória acima usou σ = 1\), \$W_h\$ inicializada com 1,5× a escala de costume, GDE simples com η = 0,5, 200 passos de 16 sequências/,
        ),
      );
      const [n1, c1] = numbers(out, new RegExp(t(`At step 1 the gradient norm is ${N} without clipping and ${N} with it: the same start`, `No passo 1, a norma do gradiente é ${N} sem o corte e ${N} com ele: o mesmo começo`)));
      assert.equal(n1, c1, "both runs start with the same gradient");
      const run = (name: string) =>
        numbers(
          out,
          new RegExp(
            t(
              `${name}: the largest gradient norm is ${N}, at step ${N}; the mean loss over the last 50 steps is ${N}; the test accuracy is above 0\\.9 after ${N} of 200 steps, and after the last step it is ${N}, with a test loss of ${N}`,
              `${name}: a maior norma do gradiente é ${N}, no passo ${N}; o custo médio nos últimos 50 passos é ${N}; a acurácia de teste fica acima de 0,9 depois de ${N} de 200 passos, e depois do último passo ela é ${N}, com um custo de teste de ${N}`,
            ),
          ),
        );
      const [big, , lossNoClip, goodNoClip, lastNoClip] = run(t("Without clipping", "Sem corte"));
      const [, , lossClip, goodClip] = run(t("Clipped at 1", "Cortado em 1"));
      assert.ok(big > 10, `largest norm ${big}`);
      assert.ok(lossClip < 0.05 && lossNoClip > 4 * lossClip, `loss ${lossNoClip} without, ${lossClip} with clipping`);
      assert.ok(goodNoClip < 20 && goodClip > 190, `recalls the bit after ${goodNoClip} steps without clipping, ${goodClip} with it`);
      assert.ok(lastNoClip > 0.9, "the prose says the unclipped run's last step happens to be a good one");
      const [, above, steps, settled, first50, last50] = numbers(
        out,
        new RegExp(
          t(
            `at or above ln 2 = ${N} \\(a coin toss\\) at ${N} of ${N} steps\\. With clipping it stays below 0\\.1 from step ${N} on, and the mean gradient norm falls from ${N} over the first 50 steps to ${N} over the last 50`,
            `igual ou acima de ln 2 = ${N} \\(um cara ou coroa\\) em ${N} de ${N} passos\\. Com o corte, ele fica abaixo de 0,1 do passo ${N} em diante, e a norma média do gradiente cai de ${N} nos primeiros 50 passos para ${N} nos últimos 50`,
          ),
        ),
      );
      assert.ok(above > steps / 2, `"for most of the run": ${above} of ${steps}`);
      assert.ok(settled >= 1 && settled < 200 && last50 < first50);
    });

    it("trains a character model with held-out perplexity below 10 and below the bigram model", () => {
      const [rnn, bigram, , lower] = numbers(
        out,
        new RegExp(
          t(
            `Held-out perplexity: ${N} for the character RNN and ${N} for the character bigram, against ${N} for a uniform guess\\. The RNN's uncertainty per character is ${N} lower`,
            `Perplexidade de teste: ${N} para a RNR de caracteres e ${N} para o bigrama de caracteres, contra ${N} de um palpite uniforme\\. A incerteza da RNR por caractere é ${N} menor`,
          ),
        ),
      );
      assert.ok(rnn < 10, `RNN perplexity ${rnn}`);
      assert.ok(rnn < bigram, `RNN ${rnn} vs bigram ${bigram}`);
      assertClose(lower, 100 * (1 - Math.log(rnn) / Math.log(bigram)), { abs: 0.2 });
      // The bigram number is recomputed here from the library, on the notebook's split.
      const text = loadMemorias({ download: false });
      const cut = Math.floor(text.length * 0.95);
      const vocab = new Vocabulary(text);
      assert.equal(perplexity(new BigramModel(text.slice(0, cut), { vocab, alpha: 0.1 }), text.slice(cut)).toFixed(2), bigram.toFixed(2));
      // "ç is always followed by a vowel in this text" and "-ão ends many words", counted in the novel
      const afterCedilla = [...text.matchAll(/ç(.)/g)].map((m) => m[1]);
      assert.ok(afterCedilla.length > 100 && afterCedilla.every((c) => /[aeiouáéíóúâêôãõà]/.test(c)));
      assert.ok((text.toLowerCase().match(/\p{L}+ão\b/gu) ?? []).length > 1000);
    });

    it("describes the samples and the end of training as the numbers show", () => {
      const table = tables(nb).find((x) => x.headers[0] === t("updates", "atualizações"))!;
      assert.deepEqual(
        table.rows.map((r) => read(r[0])),
        [25, 150, 400, 900],
      );
      const shares = table.rows.map((r) => read(r[2])),
        lengths = table.rows.map((r) => read(r[3]));
      assert.ok(shares[0] < Math.min(...shares.slice(1)), `the first sample has the lowest share of real words: ${shares}`);
      const [novelLength] = numbers(out, new RegExp(t(`The novel's words have ${N} letters on average`, `As palavras do romance têm ${N} letras em média`)));
      // "wanders around the novel's average instead of settling on it": samples on both sides, the late ones too
      assert.ok(lengths.some((l) => l < novelLength) && lengths.some((l) => l > novelLength), `${lengths} around ${novelLength}`);
      assert.ok(lengths[2] < novelLength - 0.5, "the 400-update sample's words are not of about the novel's length");
      assert.doesNotMatch(prose(nb), t(/words of about the novel's average length/, /palavras de cerca do tamanho médio do romance/));
      const [shortShare, , longShare] = numbers(
        out,
        new RegExp(t(`In the last sample, ${N} of the ${N} words of up to 3 letters and ${N} of the`, `Na última amostra, ${N} das ${N} palavras de até 3 letras e ${N} das`)),
      );
      assert.ok(shortShare > 50 && longShare < 50, `short words mostly real (${shortShare} %), longer ones mostly invented (${longShare} %)`);
      assert.match(out, t(/a fitted slope of \S+ per 100 updates: flat\./, /uma inclinação ajustada de \S+ por 100 atualizações: achatado\./));
      assert.match(
        out,
        t(
          /The held-out perplexity at updates 700, 800 and 900 was \S+, \S+ and \S+, a fitted slope of −\S+ per 100 updates: still falling\./,
          /A perplexidade de teste nas atualizações 700, 800 e 900 foi \S+, \S+ e \S+, uma inclinação ajustada de −\S+ por 100 atualizações: ainda caindo\./,
        ),
      );
      const temps = numbers(
        out,
        new RegExp(
          t(
            `From τ = 0\\.4 to 1\\.2 the samples have ${N}, ${N} and ${N} words, of which ${N}, ${N} and ${N} are different and ${N}, ${N} and ${N} are words of the novel`,
            `De τ = 0,4 a 1,2, as amostras têm ${N}, ${N} e ${N} palavras, das quais ${N}, ${N} e ${N} são diferentes e ${N}, ${N} e ${N} são palavras do romance`,
          ),
        ),
      );
      for (let i = 1; i < 3; i++) {
        assert.ok(temps[3 + i] > temps[3 + i - 1], "a higher temperature uses more different words");
        assert.ok(temps[6 + i] < temps[6 + i - 1], "a higher temperature invents more words");
      }
      assert.match(nb.stdout, t(/Prompt: {6}".+"\nModel: {7}".+"\nMachado: {5}".+"/, /Início: {6}".+"\nModelo: {6}".+"\nMachado: {5}".+"/));
    });

    it("reads the next-character probabilities as the prose does", () => {
      const [rnnAbove, positions, bigramAbove, , spaceRnn, spaceBigram, , elsewhere] = numbers(
        out,
        new RegExp(
          t(
            `above 0\\.5 at ${N} of ${N} positions from the RNN and at ${N} from the bigram model\\. Before the ${N} spaces the RNN gives the space ${N} on average, the bigram model ${N}; at the other ${N} positions the RNN gives it ${N}\\.`,
            `acima de 0,5 em ${N} de ${N} posições da RNR e em ${N} do modelo de bigramas\\. Antes dos ${N} espaços, a RNR dá ao espaço ${N} em média, o modelo de bigramas ${N}; nas outras ${N} posições a RNR lhe dá ${N}\\.`,
          ),
        ),
      );
      assert.ok(rnnAbove < positions / 2 && rnnAbove > bigramAbove, `${rnnAbove} of ${positions}, bigram ${bigramAbove}`);
      assert.ok(spaceRnn > 3 * elsewhere && spaceRnn > spaceBigram, `p(␣) ${spaceRnn} before spaces, ${elsewhere} elsewhere, bigram ${spaceBigram}`);
      const [atStart, , inside] = numbers(
        out,
        new RegExp(t(`The most likely candidate gets ${N} on average at the ${N} first letters of words and ${N} at the`, `O candidato mais provável recebe em média ${N} nas ${N} primeiras letras de palavras e ${N} nas`)),
      );
      assert.ok(atStart < inside, `${atStart} at word starts vs ${inside} inside words`);
    });

    it("finds a hidden unit that tracks a recognisable feature, and its legend follows the correlation's sign", () => {
      const m = out.match(
        new RegExp(
          t(
            `Unit (\\d+) has correlation ${N} with «([^»]+)»: its mean activation is ${N} where that holds and ${N} elsewhere\\. So unit \\d+ is (positive|negative) on average where the character is (.+?) and (positive|negative) where it is (.+?)\\.`,
            `A unidade (\\d+) tem correlação ${N} com «([^»]+)»: a sua ativação média é ${N} onde isso vale e ${N} nos outros lugares\\. Então a unidade \\d+ é, em média, (positiva|negativa) onde o caractere é (.+?) e (positiva|negativa) onde ele é (.+?)\\.`,
          ),
        ),
      );
      assert.ok(m, out);
      const [r, on, off] = [m[2], m[4], m[5]].map(read);
      assert.ok(Math.abs(r) > 0.4, `correlation ${r}`);
      assert.ok(on * off < 0, `mean activations ${on} and ${off} have opposite signs`);
      assert.equal(m[6], on > 0 ? t("positive", "positiva") : t("negative", "negativa"));
      const legend = r > 0 ? `+1: ${m[7]}; −1: ${m[9]}` : `+1: ${m[9]}; −1: ${m[7]}`;
      assert.ok(figure(nb, `${ed.figure} 7 ·`).data.some((x) => x.name === legend), `Figure 7's legend should read "${legend}"`);
      const [clean, units] = numbers(out, new RegExp(t(`${N} of ${N} units have a correlation above 0\\.4 in size`, `${N} de ${N} unidades têm correlação acima de 0,4 em tamanho`)));
      assert.ok(clean >= 1 && clean < units / 2, `only a few units are tidy: ${clean} of ${units}`);
    });

    it("announces three things and lists three", () => {
      const intro = nb.cells[0].source;
      assert.match(intro, t(/This one looks at three\s+things/, /Este olha para três coisas/));
      assert.equal([...intro.matchAll(/^\d\. \*\*/gm)].length, 3);
    });

    it("draws Figure 5 in one unit, nats per character: the held-out loss is the log of the perplexity said", () => {
      const fig = figure(nb, `${ed.figure} 5 ·`);
      assert.equal(fig.layout.yaxis.title.text, t("nats per character", "nats por caractere"));
      assert.equal(fig.layout.yaxis2, undefined);
      const heldOut = fig.data.find((x) => x.name === t("held-out loss (ln of the perplexity)", "custo de teste (ln da perplexidade)"))!;
      const [s1, s2, s3, p1, p2, p3] = numbers(
        out,
        new RegExp(t(`The held-out perplexity at updates ${N}, ${N} and ${N} was ${N}, ${N} and ${N},`, `A perplexidade de teste nas atualizações ${N}, ${N} e ${N} foi ${N}, ${N} e ${N},`)),
      );
      [s1, s2, s3].forEach((step, i) => {
        const y = heldOut.y[heldOut.x.indexOf(step)];
        assert.equal(Math.exp(y).toFixed(2), [p1, p2, p3][i].toFixed(2), `update ${step}`);
      });
      assert.ok(fig.data.every((x) => x.y.every((v: number) => v > 0 && v < 6)), "every value is a loss in nats, none a perplexity");
    });

    it("includes, in every column of Figure 6, the character that actually came next, on lines a phone can read", () => {
      const fig = figure(nb, `${ed.figure} 6 ·`);
      assert.equal(fig.data[0].colorbar.title.text, t("p(next character)", "p(próximo caractere)"));
      assert.match(
        prose(nb),
        t(/Figure 6 shows it along a held-out\s+sentence, set like a paragraph in short lines/, /A Figura 6 a mostra ao longo de uma frase\s+separada para teste, composta como um parágrafo em linhas curtas/),
      );
      assert.ok(fig.data.length >= 3, "short lines, one panel each");
      const sentence = out.match(t(/The sentence, its line break drawn as ⏎: «(.*)»/, /A frase, com a quebra de linha desenhada como ⏎: «(.*)»/))![1];
      const visible = (c: string) => (c === " " ? "␣" : c);
      const columns: number[] = [];
      fig.data.forEach((trace, k) => {
        const axis = fig.layout[k === 0 ? "xaxis" : `xaxis${k + 1}`];
        assert.deepEqual(axis.tickvals, trace.x, `panel ${k + 1}: one tick per column`);
        assert.deepEqual(fig.layout[k === 0 ? "yaxis" : `yaxis${k + 1}`].tickvals, trace.y, `panel ${k + 1}: every row named`);
        trace.x.forEach((x: number, j: number) => {
          assert.equal(axis.ticktext[j], visible(sentence[x + 1]), `column ${x} is labelled with the character that came next`);
          const row = axis.ticktext[j] === "␣" ? t("space", "espaço") : axis.ticktext[j]; // the rows name the space in words
          assert.ok(trace.y.includes(row), `column ${x}: "${row}" is among the candidate rows`);
        });
        assert.ok(trace.x.length <= 16, `panel ${k + 1}: ${trace.x.length} columns, few enough for a phone`);
        columns.push(...trace.x);
      });
      assert.deepEqual(
        columns,
        Array.from({ length: sentence.length - 1 }, (_, x) => x),
        "every position of the sentence, once, in order",
      );
    });

    it("draws Figure 7 on lines of at most 24 characters, each tick the character read", () => {
      const fig = figure(nb, `${ed.figure} 7 ·`);
      const unit = fig.data.filter((x) => x.name?.startsWith(t("unit ", "unidade ")));
      assert.ok(unit.length >= 2);
      let shown = 0;
      unit.forEach((trace, k) => {
        const axis = fig.layout[k === 0 ? "xaxis" : `xaxis${k + 1}`];
        assert.deepEqual(axis.tickvals, trace.x);
        assert.ok(trace.x.length <= 24, `line ${k + 1}: ${trace.x.length} characters`);
        shown += trace.x.length;
      });
      assert.ok(shown >= 60, `${shown} characters in all`);
      assert.equal(fig.data.filter((x) => x.showlegend !== false).length, 2, "the legend names the unit and the feature once");
    });
  });
}
