/**
 * Tests of notebooks/06-gated.ipynb, executed under the real tslab kernel: every claim of its prose is
 * checked against its printed output or recomputed — the library lines set beside each equation, the
 * parameter counts and the agreement with PyTorch, the gradient slopes through time, where each cell
 * stops on the memory task and why, the character models at equal size and equal work (multiply-adds, never
 * seconds: nothing it prints depends on the machine's speed), the forget gates.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { initParams, trainingMultiplyAdds } from "../../lib";
import { assertCreditsAndHeadings, assertProseRestates, executeNotebook, ExecutedNotebook, prose, proseNumber, readNumber, root, said, tables } from "../helpers/notebook";
import { editionsOf, executedEditions } from "../helpers/edition";
import { assertClose } from "../helpers/close";

const σ = (x: number) => 1 / (1 + Math.exp(-x));

for (const { ed, nb } of executedEditions("06-gated")) {
  const { t } = ed;
  const file = ed.file;
  const out = said(nb);
  const text = prose(nb);
  const read = (s: string) => readNumber(s, nb.locale);
  /** The numbers of the first sentence matching `re` (its groups, read as `say` writes numbers). */
  const numbers = (source: string, re: RegExp): number[] => {
    const m = source.match(re);
    assert.ok(m, `no sentence matching ${re} in:\n${source}`);
    return m.slice(1).map(read);
  };
  /** `ed.N` as a capturing group; `LIST` a list of numbers as `say` joins them ("4, 8 and 16"). */
  const N = `(${ed.N})`;
  const AND = t(" and ", " e ");
  const LIST = `((?:${ed.N}, )*(?:${ed.N}${AND})?${ed.N})`;
  const list = (x: string) => x.split(new RegExp(`, |${AND}`)).map(read);
  /** The five networks of sections 2 and 3, as the notebook names them. */
  const LABELS = t(["Elman", "LSTM", "GRU", "LSTM, f started open", "GRU, z started open"], ["Elman", "LSTM", "GRU", "LSTM, f começada aberta", "GRU, z começada aberta"]);

describe(`notebook 06 · ${ed.lang}`, () => {
  it("is committed clean, with ids and the tslab kernel, and seeds every random choice", () => {
    const raw = JSON.parse(readFileSync(join(root, file), "utf8"));
    assert.equal(raw.metadata.kernelspec.name, "tslab");
    for (const c of raw.cells) {
      assert.match(c.id, /^[\w-]+$/);
      if (c.cell_type === "code") assert.deepEqual([c.outputs, c.execution_count], [[], null]);
    }
    const code = raw.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
    assert.ok(!/Math\.random|Date\.now/.test(code));
  });

  // How long it runs is the benchmarks' business: nothing it prints may depend on the machine's speed.
  it("runs top to bottom without errors, and prints no time", () => {
    assert.equal(nb.stderr, "");
    const outputs = nb.cells.flatMap((c) => c.outputs.filter((o) => o.kind !== "html").map((o) => o.text)).join("\n");
    assert.doesNotMatch(outputs, /\d\s?(ms|s|seconds?|min)\b|CPU time|per second/, "no timing in any output");
    assert.doesNotMatch(cellCode(nb), /cpuUsage|performance\.now|Date\.now|hrtime/, "no clock is read");
  });

  it("credits the tutorial, Olah's post, the LSTM's, the forget gate's and the GRU's authors; its headings quote the tutorial", () => {
    assertCreditsAndHeadings(nb);
    const first = nb.cells[0].source.replace(/\s+/g, " ");
    for (const credit of [
      "](http://colah.github.io/posts/2015-08-Understanding-LSTMs/)",
      "Hochreiter & Schmidhuber (1997)",
      "Gers, Schmidhuber & Cummins",
      "(2000)",
      "Cho et al. (2014)",
    ])
      assert.ok(first.includes(credit), credit);
  });

  it("numbers its figures 1 to 7 and refers to each in the text", () => {
    const shown = nb.html.join("\n");
    for (let k = 1; k <= 7; k++) {
      assert.ok(shown.includes(`${ed.figure} ${k} ·`), `Figure ${k} is shown`);
      assert.match(text, new RegExp(t(`Figures? (\\d and )?${k}\\b|Figures \\d and ${k}\\b`, `Figuras? (\\d e )?${k}\\b|Figuras \\d e ${k}\\b`)), `Figure ${k} is referred to`);
    }
  });

  it("sets every equation beside the library lines that compute it, as they stand in lib/", () => {
    const tables = nb.html.filter((h) => h.includes('class="rnn-equations"'));
    assert.equal(tables.length, 2, "one for the LSTM, one for the GRU");
    const rows = tables.map((t) => [...t.matchAll(/\\\((.*?)\\\)<\/div>.*?<small>lib\/([\w/.]+)<\/small><pre[^>]*>(.*?)<\/pre>/gs)]);
    assert.deepEqual(
      rows.map((r) => r.length),
      [7, 7],
    );
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    for (const [, tex, path, code] of rows.flat()) {
      const source = readFileSync(join(root, "lib", path), "utf8").split("\n");
      for (const line of unescape(code).split("\n")) {
        const m = line.match(/^\s*(\d+)│ (.*)$/);
        assert.ok(m, line);
        assert.equal(source[Number(m[1]) - 1].trim(), m[2], `lib/${path}:${m[1]} (beside ${tex})`);
      }
    }
    // the lines that compute the cells' state updates stand beside those equations
    const beside = (texPart: string) => rows.flat().find((r) => unescape(r[1]).includes(texPart))![3];
    assert.match(beside("c_t = f \\odot c_{t-1} + i \\odot g"), /cd\[u\] = f \* cPrev\[u\] \+ i \* g;/);
    assert.match(beside("h_t = o \\odot \\tanh(c_t)"), /hd\[u\] = o \* tanhC\[u\];/);
    assert.match(beside("h_t = (1 - z) \\odot n + z \\odot h_{t-1}"), /hd\[u\] = \(1 - z\) \* nt \+ z \* hPrev\[u\];/);
    assert.match(beside("n = \\tanh(a_n + r \\odot b_n)"), /\+= ad\[ri\] \* bd\[ri \+ 2 \* h\];/);
  });

  it("counts four times the Elman cell's recurrent parameters for the LSTM, three plus b_x for the GRU, and agrees with PyTorch", () => {
    const table = tables(nb).find((x) => x.headers[0] === t("cell (d = 8, h = 64, k = 1)", "célula (d = 8, h = 64, k = 1)"))!;
    const count = (cell: string) => read(table.rows.find((r) => r[0] === cell)![2]);
    const output = 64 * 1 + 1; // Wo and bo
    const recurrent = count("Elman") - output;
    assert.equal(count("LSTM") - output, 4 * recurrent);
    assert.equal(count("GRU") - output, 3 * recurrent + 3 * 64, "three blocks, and b_x of 1×3h");
    const digits = ["LSTM", "GRU"].map((cell) => {
      const m = out.match(
        new RegExp(
          t(
            `${cell} against \`torch\\.nn\\.${cell}\`: ${N} cases \\(T = ${LIST}\\); the largest relative difference of any gradient is ${N}, ${N} significant digits in common\\.`,
            `${cell} contra \`torch\\.nn\\.${cell}\`: ${N} casos \\(T = ${LIST}\\); a maior diferença relativa de qualquer gradiente é ${N}, ${N} algarismos significativos em comum\\.`,
          ),
        ),
      );
      assert.ok(m, cell);
      const [cases, worst, digits] = [m[1], m[m.length - 2], m[m.length - 1]].map(read);
      assert.equal(cases, 5);
      assert.equal(digits, Math.floor(-Math.log10(worst)));
      return digits;
    });
    assert.ok(Math.min(...digits) >= 13, `"at least thirteen significant digits": ${digits}`);
    assert.equal((text.match(t(/at least thirteen significant digits/g, /pelo menos treze algarismos\s+significativos/g)) ?? []).length, 2, "said in section 1 and the summary");
  });

  it("says the fused LSTM kernel gives every gradient entry of the steps to the last bit, with far fewer calls into WebAssembly", () => {
    const [streams, T, h, fusedCalls, steppedCalls, same, entries] = numbers(
      out,
      new RegExp(
        t(
          `On ${N} streams of ${N} random inputs through ${N} units, the fused passes made ${N} calls into WebAssembly and the steps ${N}, and ${N} of the ${N} gradient entries are the same to the last bit\\.`,
          `Em ${N} fluxos de ${N} entradas aleatórias por ${N} unidades, as passadas fundidas fizeram ${N} chamadas ao WebAssembly e os passos ${N}, e ${N} das ${N} entradas dos gradientes são iguais até o último bit\\.`,
        ),
      ),
    );
    assert.equal(same, entries, "every entry the same");
    // one entry per parameter of an LSTM with the code's input size, h units and one output
    const d = Number(/fusedInputs = (\d+)/.exec(cellCode(nb))![1]);
    const p = initParams({ cell: "lstm", inputSize: d, hiddenSize: h, outputSize: 1 }, 0);
    assert.equal(entries, Object.values(p).reduce((s, m) => s + m.data.length, 0));
    assert.deepEqual([streams, T], [8, 25]);
    // the steps call WebAssembly at least twice per step (a product forward and one backward); the fused passes once each way
    assert.ok(steppedCalls >= fusedCalls + 2 * T, `fused ${fusedCalls} calls, stepped ${steppedCalls}`);
    assert.ok(fusedCalls >= 2 && fusedCalls <= 6, `fused ${fusedCalls} calls`);
  });

  it("restates the configuration its code uses", () => {
    const restates = (en: RegExp, pt: RegExp, code: RegExp) => assertProseRestates(nb, t(en, pt), { code });
    restates(/(\d+) sequences of \$T = \d+\$ random inputs/, /(\d+) sequências de \$T = \d+\$ entradas aleatórias/, /gradSeqs = (\d+);/);
    restates(/sequences of \$T = (\d+)\$ random inputs/, /sequências de \$T = (\d+)\$ entradas aleatórias/, /const gradT = (\d+),/);
    restates(/through a network of (\d+) units/, /numa rede de (\d+) unidades/, /gradUnits = (\d+),/);
    restates(/their keeping gate \(\$f\$, \$z\$\) raised to (\d+)/, /porta de manter \(\$f\$, \$z\$\) elevado a (\d+)/, /keepBias: (\d+) \}/);
    restates(/runs for the five networks of Figure 3 \(at (\d+) units\)/, /roda para as cinco redes da Figura 3 \(com (\d+) unidades\)/, /hiddenSize: (\d+), outputSize: 2 \}, seed\)/);
    restates(/With 8 hidden units, (\d+) Adam steps/, /Com 8 unidades ocultas, (\d+)\s+passos do Adam/, /step < (\d+); step\+\+/);
    restates(/Adam steps of (\d+)\s+fresh sequences/, /passos do Adam com (\d+) sequências novas/, /memoryBatch\(rng, (\d+), T\)/);
    restates(/measured on (\d+) new sequences/, /medida em (\d+) sequências novas/, /memoryBatch\(new Random\(999\), (\d+), T\)/);
    restates(/for \$T\$ up to\s+(\d+)/, /para \$T\$ até (\d+)/, /recallLengths = \[[\d, ]*, (\d+)\]/);
    restates(/over the two seeds reaches (0\.\d+)/, /nas duas sementes chega a (0,\d+)/, /const passMark = (0\.\d+);/);
    restates(/windows of \$T = (\d+)\$ characters/, /janelas de \$T = (\d+)\$ caracteres/, /seqLength: (\d+),/);
    restates(/characters, (\d+) streams/, /caracteres, (\d+) fluxos/, /batchSize: (\d+),/);
    restates(/Adam with learning rate (0\.\d+)/, /Adam com taxa de\s+aprendizado (0,\d+)/, /lr: (0\.\d+), clipNorm/);
    restates(/clipped at norm (\d+), the same seed/, /cortados na norma (\d+), a mesma semente/, /clipNorm: (\d+), seed/);
    restates(/an Elman model with (\d+) hidden\s+units/, /um modelo de Elman com (\d+) unidades\s+ocultas/, /sizeBudget = paramCount\(initParams\(sizesOf\("elman", (\d+)\), 0\)\)/);
    restates(/the Elman model's ([\d,]+) updates/, /das ([\d.]+) atualizações do modelo de Elman/, /const elmanUpdates = (\d+),/);
    restates(/on the first ([\d,]+) held-out characters at/, /primeiros ([\d.]+) caracteres separados para teste em dez pontos/, /heldOut\.slice\(0, (\d+)\)/);
    restates(/writes (\d+) characters after the same prompt/, /escreve (\d+) caracteres depois do mesmo início/, /length: (\d+), temperature/);
    restates(/same seed and temperature (0\.\d+)/, /mesma semente e temperatura (0,\d+)/, /temperature: (0\.\d+), seed: 21/);
    restates(/reads ([\d,]+) held-out characters one at a time/, /lê ([\d.]+)\s+caracteres separados para teste um de cada vez/, /heldOut\.slice\(10000, 1(\d+)\)/);
    assert.match(text, t(/the last 5% held out/, /os últimos 5% separados para teste/));
    assert.match(cellCode(nb), /Math\.floor\(novel\.length \* 0\.95\)/);
    assert.match(text, t(/at ten points of its run/, /em dez pontos da sua execução/));
    assert.match(cellCode(nb), /progressEvery: Math\.round\(steps \/ 10\),/);
    // the gates' starting values the prose gives: f ≈ σ(1) ≈ 0.73, z ≈ σ(0) = 0.5, σ(3) ≈ 0.95
    const lstm = initParams({ cell: "lstm", inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0);
    assert.deepEqual(Array.from(lstm.bh.data.subarray(2, 4)), [1, 1], "the library starts the forget-gate bias at 1");
    assert.ok(initParams({ cell: "gru", inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0).bh.data.every((v) => v === 0));
    assert.equal(σ(1).toFixed(2), "0.73");
    assert.equal(σ(3).toFixed(2), "0.95");
  });

  it("shows the gradient through time: the LSTM's fading more slowly than the Elman cell's, the GRU's fastest, and opened gates keeping far more of it", () => {
    const table = tables(nb).find((x) => x.headers[0] === t("network", "rede"))!;
    const run = (label: string) => {
      const row = table.rows.find((r) => r[0] === label)!;
      return { gate: row[1] === "—" ? NaN : read(row[1]), slope: read(row[2]), reach: read(row[3]) };
    };
    const [elman, lstm, gru, lstmOpen, gruOpen] = LABELS.map(run);
    assert.ok(lstm.slope > elman.slope && lstm.slope < 0, `the LSTM's fades more slowly, but fades: ${lstm.slope} vs ${elman.slope}`);
    assert.ok(gru.slope < elman.slope && gru.slope < lstm.slope, `the GRU's fades fastest: ${gru.slope}`);
    assertClose(lstm.gate, σ(1), { abs: 0.02 }, "f ≈ 0.73 at initialisation");
    assertClose(gru.gate, 0.5, { abs: 0.02 }, "z ≈ 0.5 at initialisation");
    assertClose(lstmOpen.gate, σ(3), { abs: 0.02 }, "f opened: ≈ 0.95");
    assertClose(gruOpen.gate, σ(3), { abs: 0.02 }, "z opened: ≈ 0.95");
    assertClose(gruOpen.slope, Math.log10(gruOpen.gate), { abs: 0.01 }, "the opened GRU's gradient shrinks by about its update gate");
    assert.ok(gruOpen.reach > 100 * elman.reach && lstmOpen.reach > 100 * elman.reach, "started open, both keep far more than the Elman cell");
    assert.ok(gruOpen.reach < 1, "though the GRU's still shrinks");
    assert.ok(lstmOpen.slope > 0, `the opened LSTM's even grows: ${lstmOpen.slope}`);
    const [grows, kept] = numbers(
      out,
      new RegExp(
        t(
          `Started open, the LSTM's gradient grows over the 49 steps back, to ${N} times its size at the loss, and the GRU keeps ${N} of it`,
          `Com as portas começadas abertas, o gradiente da LSTM cresce nos 49 passos para trás, até ${N} vezes o seu tamanho no custo, e a GRU mantém ${N} dele`,
        ),
      ),
    );
    assert.equal(grows.toFixed(1), lstmOpen.reach.toFixed(1));
    assert.equal(kept.toFixed(2), gruOpen.reach.toFixed(2));
    assert.doesNotMatch(text, t(/grows slightly|keep their gradient over 50 steps/, /cresce ligeiramente|mantêm o seu gradiente em 50 passos/), "the two mended sentences");
    assert.match(
      text,
      t(
        /started open, both gated cells keep far more of their gradient over 50 steps than the Elman cell — the\s+LSTM's even grows — though the GRU's still shrinks/,
        /começadas abertas, as duas células com portas mantêm muito mais do seu gradiente em 50 passos que a célula\s+de Elman — o da LSTM chega a crescer —, embora o da GRU ainda encolha/,
      ),
    );
    assert.deepEqual(table.headers.at(-1), "‖∂L/∂h₀‖ / ‖∂L/∂h₄₉‖", "T = 50 ends at step 49");
  });

  it("finds where each network stops on the memory task: Elman at 24 as in notebook 5, the default gated cells no farther, the opened LSTM several times farther", () => {
    const stop = (label: string) => {
      const m = out.match(new RegExp(t(`^${label}: stops at T = ${N}, with a mean accuracy of ${N}; it learns T = ${LIST}\\.$`, `^${label}: para em T = ${N}, com acurácia média de ${N}; aprende T = ${LIST}\\.$`), "m"));
      assert.ok(m, label);
      const [at, acc, learned] = [read(m[1]), read(m[2]), m[3]];
      return { at, acc, learned: list(learned) };
    };
    const [elman, lstm, gru, lstmOpen, gruOpen] = LABELS.map(stop);
    // notebook 5's Elman network stopped at the same length, with the same protocol (in the same edition)
    const five = executeNotebook(editionsOf("05-beyond").find((e) => e.lang === ed.lang)!.file);
    assert.ok(
      five.said.includes(t(`The plain RNN stops learning the task at T = ${elman.at},`, `A RNR simples deixa de aprender a tarefa em T = ${elman.at},`)),
      "where notebook 5's Elman network stopped",
    );
    assert.equal(proseNumber(nb, t(/the Elman network stopped learning the task at \$T = (\d+)\$/, /a rede de Elman deixou de\s+aprender a tarefa em \$T = (\d+)\$/)), elman.at);
    assert.equal(lstm.at, elman.at, "the LSTM stops at the same length");
    assert.ok(lstm.acc > elman.acc, "though less far below the threshold");
    assert.ok(gru.at < elman.at, "the GRU stops earlier");
    assert.ok(Math.max(...lstmOpen.learned) >= 2 * Math.max(...elman.learned), "started open, the LSTM learns lengths several times longer");
    assert.ok(gruOpen.at < lstmOpen.at, "the opened GRU does less well");
    // "each network climbs the lengths in order and stops at the first it fails": the table has a network's
    // accuracies up to its stop, each length before it learned (mean ≥ 0.9), and "—" (not tried) after it
    const recall = tables(nb).find((x) => x.headers[0] === "T" && x.headers.length === LABELS.length + 1)!;
    const lengths = recall.rows.map((row) => read(row[0]));
    [elman, lstm, gru, lstmOpen, gruOpen].forEach((network, j) => {
      const column = recall.rows.map((row) => row[j + 1]),
        at = lengths.indexOf(network.at);
      assert.ok(at >= 0, `${LABELS[j]} stops at a length of the table`);
      column.forEach((cell, i) => {
        if (i > at) return assert.equal(cell, "—", `${LABELS[j]}, T = ${lengths[i]}: not tried`);
        const seeds = cell.split(t(", ", "; ")).map(read);
        assert.equal(seeds.length, 2, `${LABELS[j]}, T = ${lengths[i]}: two seeds`);
        // each seed is printed to 2 decimals, so their mean is within 0.005 of the one compared with 0.9
        const shown = (seeds[0] + seeds[1]) / 2;
        assert.ok(i < at ? shown >= 0.895 : shown < 0.905, `${LABELS[j]}, T = ${lengths[i]}: ${i < at ? "learned" : "failed"} (${cell})`);
      });
    });
    // why: the GRU's one gate keeps and writes; the LSTM writes through i
    const [f, i, z, write, inverse] = numbers(
      out,
      new RegExp(
        t(
          `the LSTM keeps f = ${N} of its cell state and writes the bit through its input gate i = ${N}; the GRU keeps z = ${N} of its state and writes the bit through 1 − z = ${N}, about 1/${N} of its strength`,
          `a LSTM mantém f = ${N} do seu estado de célula e escreve o bit pela sua porta de entrada i = ${N}; a GRU mantém z = ${N} do seu estado e escreve o bit por 1 − z = ${N}, cerca de 1/${N} da sua força`,
        ),
      ),
    );
    assert.ok(f > 0.9 && z > 0.9);
    assert.equal(inverse, Math.round(1 / write));
    assertClose(i, 0.5, { abs: 0.05 }, `"about half strength": ${i}`);
  });

  it("compares the character models at equal size and equal work, counted by the library: all beat the bigram, the GRU ends best", () => {
    const plan = tables(nb).find((x) => x.headers[0] === t("cell", "célula") && x.headers.includes(t("updates", "atualizações")))!;
    const runs = plan.rows.map(([cell, h, params, perUpdate, updates]) => ({ cell, h: read(h), params: read(params), perUpdate: read(perUpdate), updates: read(updates), all: read(perUpdate) * read(updates) }));
    const [elman, lstm, gru] = runs;
    // equal size: the largest h whose parameters do not exceed the Elman model's with h = 64
    const V = read(out.match(new RegExp(t(`a uniform guess over the ${N} characters`, `um palpite uniforme entre os ${N} caracteres`)))![1]);
    const count = { LSTM: (h: number) => 4 * (V * h + h * h + h) + h * V + V, GRU: (h: number) => 3 * (V * h + h * h + 2 * h) + h * V + V };
    assert.equal(elman.h, 64);
    for (const r of [lstm, gru]) {
      const c = count[r.cell as "LSTM" | "GRU"];
      assert.equal(c(r.h), r.params);
      assert.ok(c(r.h) <= elman.params && c(r.h + 1) > elman.params, `${r.cell}: h = ${r.h} is the largest that fits`);
    }
    // equal work: the library's count per update, and the updates that spend the Elman model's updates' worth
    assert.equal(elman.updates, Number(/const elmanUpdates = (\d+),/.exec(cellCode(nb))![1]));
    for (const r of runs) {
      const cell = r.cell.toLowerCase() as "elman" | "lstm" | "gru";
      assert.equal(r.perUpdate, trainingMultiplyAdds({ cell, inputSize: V, hiddenSize: r.h, outputSize: V }, { steps: 25, rows: 8 }));
      assert.equal(r.updates, Math.round((elman.updates * elman.perUpdate) / r.perUpdate));
      assertClose(r.all / elman.all, 1, { abs: 0.001 }, `${r.cell}: the same work within one update's`);
    }
    const [budget, elmanUpdates] = numbers(
      out,
      new RegExp(
        t(
          `The budget: ${N} multiply-adds for each model, the work of the Elman model's ${N} updates`,
          `O orçamento: ${N} multiplicações-somas para cada modelo, o trabalho das ${N} atualizações do modelo de Elman`,
        ),
      ),
    );
    assertClose(budget / elman.all, 1, { abs: 5e-4 });
    assert.equal(elmanUpdates, elman.updates);
    const [lstmH, gruH, elmanH] = numbers(out, new RegExp(t(`fewer hidden units, ${N} and ${N} against ${N}`, `menos unidades ocultas, ${N} e ${N} contra ${N}`)));
    assert.deepEqual([lstmH, gruH, elmanH], [lstm.h, gru.h, elman.h]);
    const fig5 = figure5();
    assert.equal(fig5.layout.xaxis.title.text, t("multiply-adds done (billions)", "multiplicações-somas feitas (bilhões)"));
    assert.doesNotMatch(text, t(/against time|equal training time|equal time/, /contra o tempo|mesmo tempo de treino|tempo igual/));
    // the scores and the ranking
    const m = out.match(
      new RegExp(
        t(
          `Held-out perplexity at equal size and equal work: (\\w+) ${N}, (\\w+) ${N} and (\\w+) ${N}, and ${N} for the character bigram\\. The (\\w+) wins`,
          `Perplexidade de teste com o mesmo tamanho e o mesmo trabalho: (\\w+) ${N}, (\\w+) ${N} e (\\w+) ${N}, e ${N} para o bigrama de caracteres\\. A célula (\\w+) vence`,
        ),
      ),
    )!;
    assert.ok(m);
    const ppl = Object.fromEntries([
      [m[1], read(m[2])],
      [m[3], read(m[4])],
      [m[5], read(m[6])],
    ]) as Record<string, number>;
    const bigram = read(m[7]);
    for (const cell of ["Elman", "LSTM", "GRU"]) assert.ok(ppl[cell] < 0.8 * bigram, `${cell} beats the bigram by a wide margin: ${ppl[cell]} vs ${bigram}`);
    assert.equal(m[8], "GRU");
    assert.ok(ppl.GRU < ppl.LSTM - 0.3 && ppl.GRU < ppl.Elman - 0.3, "the GRU ends clearly ahead");
    assertClose(ppl.LSTM, ppl.Elman, { abs: 0.3 }, `the LSTM and the Elman model end close together: ${ppl.LSTM}, ${ppl.Elman}`);
    const [fellElman, fellLstm, fellGru] = numbers(
      out,
      new RegExp(t(`the probe perplexity fell by ${N}, ${N} and ${N} \\(Elman, LSTM and GRU\\)`, `a perplexidade no trecho de teste caiu ${N}, ${N} e ${N} \\(Elman, LSTM e GRU\\)`)),
    );
    assert.ok(fellElman > fellLstm && fellElman > fellGru, "the Elman model was still improving faster than the gated ones");
    assert.ok(nb.html.some((h) => /<th[^>]*>Elman \(h = 64\)<\/th><th[^>]*>LSTM \(h = \d+\)<\/th><th[^>]*>GRU \(h = \d+\)<\/th>/.test(h)), "samples side by side");
    assert.match(
      out,
      new RegExp(t(`The samples have ${LIST} words, of which ${LIST} are words of the novel \\(Elman, LSTM and GRU\\)\\.`, `As amostras têm ${LIST} palavras, das quais ${LIST} são palavras do romance \\(Elman, LSTM e GRU\\)\\.`)),
    );
  });

  /** Figure 5, whose x axis is the work done. */
  function figure5() {
    const f = nb.figures.find((g) => g.title.startsWith(`${ed.figure} 5 ·`));
    assert.ok(f);
    return f;
  }

  it("reads the LSTM's forget gates: many units keep, a few are short-term, one erases at a kind of character", () => {
    const [, keepers, units, quick] = numbers(
      out,
      new RegExp(
        t(
          `Over ${N} held-out characters, ${N} of the ${N} units have a mean forget gate above 0\\.9 .* and ${N} below 0\\.5`,
          `Em ${N} caracteres separados para teste, ${N} das ${N} unidades têm porta de esquecimento média acima de 0,9 .* e ${N} abaixo de 0,5`,
        ),
      ),
    );
    assert.ok(keepers >= units / 3 && quick >= 1 && quick < keepers, `${keepers} keep, ${quick} short-term of ${units}`);
    const m = out.match(
      new RegExp(
        t(
          `Unit (\\d+)'s forget gate has correlation ${N} with «the character is ([^»]+)»: its mean is ${N} there and ${N} elsewhere\\. So unit \\d+ erases more of its cell state at ([^.]+) than anywhere else\\.`,
          `A porta de esquecimento da unidade (\\d+) tem correlação ${N} com «o caractere é ([^»]+)»: a média dela é ${N} ali e ${N} nos outros lugares\\. Então a unidade \\d+ apaga mais do seu estado de célula em ([^.]+) do que em qualquer outro ponto\\.`,
        ),
      ),
    );
    assert.ok(m);
    const [unit, r, fOn, fOff] = [Number(m[1]), read(m[2]), read(m[4]), read(m[5])];
    assert.ok(Math.abs(r) > 0.4 && fOn < fOff - 0.2, `unit ${unit}: r = ${r}, f ${fOn} at ${m[3]} vs ${fOff}`);
    assert.equal(m[6], m[3]);
    const [sOn, , sOff] = numbers(
      out,
      new RegExp(
        t(
          `forget gate averages ${N} at its ${N} characters? (?:that is|that are) .* and ${N} at the other ${N}\\.`,
          `porta de esquecimento da unidade \\d+ tem média ${N} em ${N} caracteres? \\(.*\\) e ${N} nos outros ${N}\\.`,
        ),
      ),
    );
    assert.ok(sOn < sOff, "in the sentence of Figure 6 too");
    const caption = t(
      `Figure 7 · The first 400 of the 3,000 held-out characters, each shaded by unit ${unit}'s forget gate`,
      `Figura 7 · Os primeiros 400 dos 3.000 caracteres separados para teste, cada um sombreado pela porta de esquecimento da unidade ${unit}`,
    );
    assert.ok(nb.html.some((h) => h.replace(/&#39;/g, "'").includes(caption)));
    const fig6 = nb.figures.find((g) => g.title.startsWith(`${ed.figure} 6 ·`))!;
    assert.ok(fig6.data.length >= 3 && fig6.data.every((t) => t.x.length <= 22), "the sentence wrapped over short lines a phone can read");
  });
});
}
/** Every code cell's source, joined. */
function cellCode(nb: ExecutedNotebook): string {
  return nb.cells
    .filter((c) => c.type === "code")
    .map((c) => c.source)
    .join("\n");
}
