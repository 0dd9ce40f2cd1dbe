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
import { before, describe, it } from "node:test";
import { initParams, trainingMultiplyAdds } from "../../lib";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  executeNotebook,
  ExecutedNotebook,
  prose,
  proseNumber,
  readNumber,
  root,
  SAID,
  said,
  tables,
} from "../helpers/notebook";
import { assertClose } from "../helpers/close";

const file = "notebooks/06-gated.ipynb";

/** The numbers of the first sentence matching `re` (its groups, read as `say` writes numbers). */
function numbers(text: string, re: RegExp): number[] {
  const m = text.match(re);
  assert.ok(m, `no sentence matching ${re} in:\n${text}`);
  return m.slice(1).map(readNumber);
}
/** `SAID` as a capturing group; `LIST` a list of numbers as `say` joins them ("4, 8 and 16"). */
const N = `(${SAID})`;
const LIST = `((?:${SAID}, )*(?:${SAID} and )?${SAID})`;
const list = (s: string) => s.split(/, | and /).map(readNumber);

const σ = (x: number) => 1 / (1 + Math.exp(-x));

describe("notebook 06 · Gated cells", () => {
  let nb: ExecutedNotebook;
  let out: string;
  let text: string;
  before(() => {
    nb = executeNotebook(file, { timeoutSeconds: 900 });
    out = said(nb);
    text = prose(nb);
  });

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
      assert.ok(shown.includes(`Figure ${k} ·`), `Figure ${k} is shown`);
      assert.match(text, new RegExp(`Figures? (\\d and )?${k}\\b|Figures \\d and ${k}\\b`), `Figure ${k} is referred to`);
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
    const table = tables(nb).find((t) => t.headers[0] === "cell (d = 8, h = 64, k = 1)")!;
    const count = (cell: string) => Number(table.rows.find((r) => r[0] === cell)![2]);
    const output = 64 * 1 + 1; // Wo and bo
    const recurrent = count("Elman") - output;
    assert.equal(count("LSTM") - output, 4 * recurrent);
    assert.equal(count("GRU") - output, 3 * recurrent + 3 * 64, "three blocks, and b_x of 1×3h");
    const digits = ["LSTM", "GRU"].map((cell) => {
      const m = out.match(
        new RegExp(`${cell} against \`torch\\.nn\\.${cell}\`: ${N} cases \\(T = ${LIST}\\); the largest relative difference of any gradient is ${N}, ${N} significant digits in common\\.`),
      );
      assert.ok(m, cell);
      const [cases, worst, digits] = [m[1], m[m.length - 2], m[m.length - 1]].map(readNumber);
      assert.equal(cases, 5);
      assert.equal(digits, Math.floor(-Math.log10(worst)));
      return digits;
    });
    assert.ok(Math.min(...digits) >= 13, `"at least thirteen significant digits": ${digits}`);
    assert.equal((text.match(/at least thirteen significant digits/g) ?? []).length, 2, "said in section 1 and the summary");
  });

  it("restates the configuration its code uses", () => {
    assertProseRestates(nb, /(\d+) sequences of \$T = \d+\$ random inputs/, { code: /gradSeqs = (\d+);/ });
    assertProseRestates(nb, /sequences of \$T = (\d+)\$ random inputs/, { code: /const gradT = (\d+),/ });
    assertProseRestates(nb, /through a network of (\d+) units/, { code: /gradUnits = (\d+),/ });
    assertProseRestates(nb, /their keeping gate \(\$f\$, \$z\$\) raised to (\d+)/, { code: /keepBias: (\d+) \}/ });
    assertProseRestates(nb, /runs for the five networks of Figure 3 \(at (\d+) units\)/, { code: /hiddenSize: (\d+), outputSize: 2 \}, seed\)/ });
    assertProseRestates(nb, /With 8 hidden units, (\d+) Adam steps/, { code: /step < (\d+); step\+\+/ });
    assertProseRestates(nb, /Adam steps of (\d+)\s+fresh sequences/, { code: /memoryBatch\(rng, (\d+), T\)/ });
    assertProseRestates(nb, /measured on (\d+) new sequences/, { code: /memoryBatch\(new Random\(999\), (\d+), T\)/ });
    assertProseRestates(nb, /for \$T\$ up to\s+(\d+)/, { code: /recallLengths = \[[\d, ]*, (\d+)\]/ });
    assertProseRestates(nb, /over the two seeds reaches (0\.\d+)/, { code: /meanAcc\[i\] < (0\.\d+)\)/ });
    assertProseRestates(nb, /windows of \$T = (\d+)\$ characters/, { code: /seqLength: (\d+),/ });
    assertProseRestates(nb, /characters, (\d+) streams/, { code: /batchSize: (\d+),/ });
    assertProseRestates(nb, /Adam with learning rate (0\.\d+)/, { code: /lr: (0\.\d+), clipNorm/ });
    assertProseRestates(nb, /clipped at norm (\d+), the same seed/, { code: /clipNorm: (\d+), seed/ });
    assertProseRestates(nb, /an Elman model with (\d+) hidden\s+units/, { code: /sizeBudget = paramCount\(initParams\(sizesOf\("elman", (\d+)\), 0\)\)/ });
    assertProseRestates(nb, /the Elman model's ([\d,]+) updates/, { code: /const workBudget = (\d+) \* perUpdate/ });
    assertProseRestates(nb, /on the first ([\d,]+) held-out characters at/, { code: /heldOut\.slice\(0, (\d+)\)/ });
    assertProseRestates(nb, /writes (\d+) characters after the same prompt/, { code: /length: (\d+), temperature/ });
    assertProseRestates(nb, /same seed and temperature (0\.\d+)/, { code: /temperature: (0\.\d+), seed: 21/ });
    assertProseRestates(nb, /reads ([\d,]+) held-out characters one at a time/, { code: /heldOut\.slice\(10000, 1(\d+)\)/ });
    assert.match(text, /the last 5% held out/);
    assert.match(cellCode(nb), /Math\.floor\(novel\.length \* 0\.95\)/);
    assert.match(text, /at ten points of its run/);
    assert.match(cellCode(nb), /progressEvery: Math\.round\(steps \/ 10\),/);
    // the gates' starting values the prose gives: f ≈ σ(1) ≈ 0.73, z ≈ σ(0) = 0.5, σ(3) ≈ 0.95
    const lstm = initParams({ cell: "lstm", inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0);
    assert.deepEqual(Array.from(lstm.bh.data.subarray(2, 4)), [1, 1], "the library starts the forget-gate bias at 1");
    assert.ok(initParams({ cell: "gru", inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0).bh.data.every((v) => v === 0));
    assert.equal(σ(1).toFixed(2), "0.73");
    assert.equal(σ(3).toFixed(2), "0.95");
  });

  it("shows the gradient through time: the LSTM's fading more slowly than the Elman cell's, the GRU's fastest, and opened gates keeping far more of it", () => {
    const table = tables(nb).find((t) => t.headers[0] === "network")!;
    const run = (label: string) => {
      const row = table.rows.find((r) => r[0] === label)!;
      return { gate: Number(row[1]), slope: Number(row[2]), reach: Number(row[3]) };
    };
    const [elman, lstm, gru, lstmOpen, gruOpen] = ["Elman", "LSTM", "GRU", "LSTM, f started open", "GRU, z started open"].map(run);
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
    const [grows, kept] = numbers(out, new RegExp(`Started open, the LSTM's gradient grows over the 49 steps back, to ${N} times its size at the loss, and the GRU keeps ${N} of it`));
    assert.equal(grows.toFixed(1), lstmOpen.reach.toFixed(1));
    assert.equal(kept.toFixed(2), gruOpen.reach.toFixed(2));
    assert.doesNotMatch(text, /grows slightly|keep their gradient over 50 steps/, "the two mended sentences");
    assert.match(text, /started open, both gated cells keep far more of their gradient over 50 steps than the Elman cell — the\s+LSTM's even grows — though the GRU's still shrinks/);
    assert.deepEqual(table.headers.at(-1), "‖∂L/∂h₀‖ / ‖∂L/∂h₄₉‖", "T = 50 ends at step 49");
  });

  it("finds where each network stops on the memory task: Elman at 24 as in notebook 5, the default gated cells no farther, the opened LSTM several times farther", () => {
    const stop = (label: string) => {
      const [at, acc, learned] = out.match(new RegExp(`^${label.replace(/[,]/g, ",")}: stops at T = ${N}, with a mean accuracy of ${N}; it learns T = ${LIST}\\.$`, "m"))!.slice(1, 4).map((v, i) => (i < 2 ? readNumber(v) : v)) as [number, number, string];
      return { at, acc, learned: list(learned) };
    };
    const [elman, lstm, gru, lstmOpen, gruOpen] = ["Elman", "LSTM", "GRU", "LSTM, f started open", "GRU, z started open"].map(stop);
    // notebook 5's Elman network stopped at the same length, with the same protocol
    const five = executeNotebook("notebooks/05-beyond.ipynb");
    assert.ok(five.said.includes(`The plain RNN stops learning the task at T = ${elman.at},`), "where notebook 5's Elman network stopped");
    assert.equal(proseNumber(nb, /the Elman network stopped learning the task at \$T = (\d+)\$/), elman.at);
    assert.equal(lstm.at, elman.at, "the LSTM stops at the same length");
    assert.ok(lstm.acc > elman.acc, "though less far below the threshold");
    assert.ok(gru.at < elman.at, "the GRU stops earlier");
    assert.ok(Math.max(...lstmOpen.learned) >= 2 * Math.max(...elman.learned), "started open, the LSTM learns lengths several times longer");
    assert.ok(gruOpen.at < lstmOpen.at, "the opened GRU does less well");
    // why: the GRU's one gate keeps and writes; the LSTM writes through i
    const [f, i, z, write, inverse] = numbers(
      out,
      new RegExp(`the LSTM keeps f = ${N} of its cell state and writes the bit through its input gate i = ${N}; the GRU keeps z = ${N} of its state and writes the bit through 1 − z = ${N}, about 1/${N} of its strength`),
    );
    assert.ok(f > 0.9 && z > 0.9);
    assert.equal(inverse, Math.round(1 / write));
    assertClose(i, 0.5, { abs: 0.05 }, `"about half strength": ${i}`);
  });

  it("compares the character models at equal size and equal work, counted by the library: all beat the bigram, the GRU ends best", () => {
    const plan = tables(nb).find((t) => t.headers[0] === "cell" && t.headers.includes("updates"))!;
    const runs = plan.rows.map(([cell, h, params, perUpdate, updates]) => ({ cell, h: Number(h), params: readNumber(params), perUpdate: readNumber(perUpdate), updates: readNumber(updates), all: readNumber(perUpdate) * readNumber(updates) }));
    const [elman, lstm, gru] = runs;
    // equal size: the largest h whose parameters do not exceed the Elman model's with h = 64
    const V = readNumber(out.match(new RegExp(`a uniform guess over the ${N} characters`))![1]);
    const count = { LSTM: (h: number) => 4 * (V * h + h * h + h) + h * V + V, GRU: (h: number) => 3 * (V * h + h * h + 2 * h) + h * V + V };
    assert.equal(elman.h, 64);
    for (const r of [lstm, gru]) {
      const c = count[r.cell as "LSTM" | "GRU"];
      assert.equal(c(r.h), r.params);
      assert.ok(c(r.h) <= elman.params && c(r.h + 1) > elman.params, `${r.cell}: h = ${r.h} is the largest that fits`);
    }
    // equal work: the library's count per update, and the updates that spend the Elman model's 4,800 updates' worth
    assert.equal(elman.updates, 4800);
    for (const r of runs) {
      const cell = r.cell.toLowerCase() as "elman" | "lstm" | "gru";
      assert.equal(r.perUpdate, trainingMultiplyAdds({ cell, inputSize: V, hiddenSize: r.h, outputSize: V }, { steps: 25, rows: 8 }));
      assert.equal(r.updates, Math.round((4800 * elman.perUpdate) / r.perUpdate));
      assertClose(r.all / elman.all, 1, { abs: 0.001 }, `${r.cell}: the same work within one update's`);
    }
    const [budget] = numbers(out, new RegExp(`The budget: ${N} multiply-adds for each model`));
    assertClose(budget / elman.all, 1, { abs: 5e-4 });
    const [lstmH, gruH, elmanH] = numbers(out, new RegExp(`fewer hidden units, ${N} and ${N} against ${N}`));
    assert.deepEqual([lstmH, gruH, elmanH], [lstm.h, gru.h, elman.h]);
    const fig5 = figure5();
    assert.equal(fig5.layout.xaxis.title.text, "multiply-adds done (billions)");
    assert.doesNotMatch(text, /against time|equal training time|equal time/);
    // the scores and the ranking
    const m = out.match(new RegExp(`Held-out perplexity at equal size and equal work: (\\w+) ${N}, (\\w+) ${N} and (\\w+) ${N}, and ${N} for the character bigram\\. The (\\w+) wins`))!;
    assert.ok(m);
    const ppl = Object.fromEntries([[m[1], readNumber(m[2])], [m[3], readNumber(m[4])], [m[5], readNumber(m[6])]]) as Record<string, number>;
    const bigram = readNumber(m[7]);
    for (const cell of ["Elman", "LSTM", "GRU"]) assert.ok(ppl[cell] < 0.8 * bigram, `${cell} beats the bigram by a wide margin: ${ppl[cell]} vs ${bigram}`);
    assert.equal(m[8], "GRU");
    assert.ok(ppl.GRU < ppl.LSTM - 0.3 && ppl.GRU < ppl.Elman - 0.3, "the GRU ends clearly ahead");
    assertClose(ppl.LSTM, ppl.Elman, { abs: 0.3 }, `the LSTM and the Elman model end close together: ${ppl.LSTM}, ${ppl.Elman}`);
    const [fellElman, fellLstm, fellGru] = numbers(out, new RegExp(`the probe perplexity fell by ${N}, ${N} and ${N} \\(Elman, LSTM and GRU\\)`));
    assert.ok(fellElman > fellLstm && fellElman > fellGru, "the Elman model was still improving faster than the gated ones");
    assert.ok(nb.html.some((h) => /<th[^>]*>Elman \(h = 64\)<\/th><th[^>]*>LSTM \(h = \d+\)<\/th><th[^>]*>GRU \(h = \d+\)<\/th>/.test(h)), "samples side by side");
    assert.match(out, new RegExp(`The samples have ${LIST} words, of which ${LIST} are words of the novel \\(Elman, LSTM and GRU\\)\\.`));
  });

  /** Figure 5, whose x axis is the work done. */
  function figure5() {
    const f = nb.figures.find((g) => g.title.startsWith("Figure 5 ·"));
    assert.ok(f);
    return f;
  }

  it("reads the LSTM's forget gates: many units keep, a few are short-term, one erases at a kind of character", () => {
    const [, keepers, units, quick] = numbers(out, new RegExp(`Over ${N} held-out characters, ${N} of the ${N} units have a mean forget gate above 0\\.9 .* and ${N} below 0\\.5`));
    assert.ok(keepers >= units / 3 && quick >= 1 && quick < keepers, `${keepers} keep, ${quick} short-term of ${units}`);
    const m = out.match(new RegExp(`Unit (\\d+)'s forget gate has correlation ${N} with «the character is ([^»]+)»: its mean is ${N} there and ${N} elsewhere\\. So unit \\d+ erases more of its cell state at ([^.]+) than anywhere else\\.`));
    assert.ok(m);
    const [unit, r, fOn, fOff] = [Number(m[1]), readNumber(m[2]), readNumber(m[4]), readNumber(m[5])];
    assert.ok(Math.abs(r) > 0.4 && fOn < fOff - 0.2, `unit ${unit}: r = ${r}, f ${fOn} at ${m[3]} vs ${fOff}`);
    assert.equal(m[6], m[3]);
    const [sOn, , sOff] = numbers(out, new RegExp(`forget gate averages ${N} at its ${N} characters? (?:that is|that are) .* and ${N} at the other ${N}\\.`));
    assert.ok(sOn < sOff, "in the sentence of Figure 6 too");
    assert.ok(nb.html.some((h) => h.replace(/&#39;/g, "'").includes(`Figure 7 · The first 400 of the 3,000 held-out characters, each shaded by unit ${unit}'s forget gate`)));
    const fig6 = nb.figures.find((g) => g.title.startsWith("Figure 6 ·"))!;
    assert.ok(fig6.data.length >= 3 && fig6.data.every((t) => t.x.length <= 22), "the sentence wrapped over short lines a phone can read");
  });
});
/** Every code cell's source, joined. */
function cellCode(nb: ExecutedNotebook): string {
  return nb.cells
    .filter((c) => c.type === "code")
    .map((c) => c.source)
    .join("\n");
}
