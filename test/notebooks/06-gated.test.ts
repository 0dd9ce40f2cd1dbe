/**
 * Tests of notebooks/06-gated.ipynb, executed under the real tslab kernel: every claim of its prose is
 * checked against its printed output or recomputed — the library lines set beside each equation, the
 * parameter counts and the agreement with PyTorch, the gradient slopes through time, where each cell
 * stops on the memory task and why, the character models at equal size and time, the forget gates.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { initParams } from "../../lib";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  executeNotebook,
  ExecutedNotebook,
  printedNumber,
  prose,
  proseNumber,
  root,
} from "../helpers/notebook";
import { assertClose } from "../helpers/close";

const file = "notebooks/06-gated.ipynb";

/** The numbers of the first printed line matching `re`. */
function numbers(stdout: string, re: RegExp): number[] {
  const m = stdout.match(re);
  assert.ok(m, `no line matching ${re} in:\n${stdout}`);
  return m.slice(1).map(Number);
}

const σ = (x: number) => 1 / (1 + Math.exp(-x));

describe("notebook 06 · Gated cells", () => {
  let nb: ExecutedNotebook;
  let out: string;
  let text: string;
  before(() => {
    nb = executeNotebook(file, { timeoutSeconds: 900 });
    out = nb.stdout;
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

  // How long it runs is the benchmarks' business (its prose claims no total): the test checks it ran to its last cell.
  it("runs top to bottom without errors", () => {
    assert.equal(nb.stderr, "");
    assert.ok(printedNumber(nb, /This notebook's kernel used (\d+) s of CPU time in all/) > 0, "the last cell printed its CPU time");
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
    const count = (cell: string) => printedNumber(nb, new RegExp(`^${cell} \\(d = 8, h = 64, k = 1\\): .*: (\\d+) parameters`, "m"));
    const output = 64 * 1 + 1; // Wo and bo
    const recurrent = count("Elman") - output;
    assert.equal(count("LSTM") - output, 4 * recurrent);
    assert.equal(count("GRU") - output, 3 * recurrent + 3 * 64, "three blocks, and b_x of 1×3h");
    for (const cell of ["LSTM", "GRU"]) {
      const [cases, worst] = numbers(
        out,
        new RegExp(`${cell} against torch\\.nn\\.${cell}: (\\d+) cases .*largest relative difference of any gradient (\\S+)\\.`),
      );
      assert.equal(cases, 5);
      assert.ok(worst <= 1e-13, `${cell}: ${worst}, "at least thirteen significant digits"`);
    }
  });

  it("restates the configuration its code uses", () => {
    assertProseRestates(nb, /(\d+) sequences of \$T = \d+\$ random inputs/, { code: /gradSeqs = (\d+);/ });
    assertProseRestates(nb, /sequences of \$T = (\d+)\$ random inputs/, { code: /const gradT = (\d+),/ });
    assertProseRestates(nb, /through a network of (\d+) units/, { code: /gradUnits = (\d+),/ });
    assertProseRestates(nb, /their keeping gate \(\$f\$, \$z\$\) raised to (\d+)/, { code: /keepBias: (\d+) \}/ });
    assertProseRestates(nb, /runs for the five networks of Figure 3 \(at (\d+) units\)/, {
      code: /hiddenSize: (\d+), outputSize: 2 \}, seed\)/,
    });
    assertProseRestates(nb, /With 8 hidden units, (\d+) Adam steps/, { code: /step < (\d+); step\+\+/ });
    assertProseRestates(nb, /Adam steps of (\d+)\s+fresh sequences/, { code: /memoryBatch\(rng, (\d+), T\)/ });
    assertProseRestates(nb, /measured on (\d+) new sequences/, { code: /memoryBatch\(new Random\(999\), (\d+), T\)/ });
    assertProseRestates(nb, /for \$T\$ up to\s+(\d+)/, { code: /recallLengths = \[[\d, ]*, (\d+)\]/ });
    assertProseRestates(nb, /over the two seeds reaches (0\.\d+)/, { code: /mean\[i\] < (0\.\d+)\)/ });
    assertProseRestates(nb, /windows of \$T = (\d+)\$ characters/, { code: /seqLength: (\d+),/ });
    assertProseRestates(nb, /characters, (\d+) streams/, { code: /batchSize: (\d+),/ });
    assertProseRestates(nb, /Adam with learning rate (0\.\d+)/, { code: /lr: (0\.\d+), clipNorm/ });
    assertProseRestates(nb, /clipped at norm (\d+), the same seed/, { code: /clipNorm: (\d+), seed/ });
    assertProseRestates(nb, /an Elman model with (\d+) hidden\s+units/, {
      code: /inputSize: V, hiddenSize: (\d+), outputSize: V \}, 0\)\);/,
    });
    assertProseRestates(nb, /on the first ([\d,]+) held-out characters at/, { code: /heldOut\.slice\(0, (\d+)\)/ });
    assertProseRestates(nb, /writes (\d+) characters after the same prompt/, { code: /length: (\d+), temperature/ });
    assertProseRestates(nb, /same seed and temperature (0\.\d+)/, { code: /temperature: (0\.\d+), seed: 21/ });
    assertProseRestates(nb, /reads ([\d,]+) held-out characters one at a time/, { code: /heldOut\.slice\(10000, 1(\d+)\)/ });
    assert.match(text, /the last 5% held out/);
    assert.match(cellCode(nb), /Math\.floor\(novel\.length \* 0\.95\)/);
    assert.match(text, /at ten points of its run/);
    assert.match(cellCode(nb), /progressEvery: steps \/ 10,/);
    // the gates' starting values the prose gives: f ≈ σ(1) ≈ 0.73, z ≈ σ(0) = 0.5, σ(3) ≈ 0.95
    const lstm = initParams({ cell: "lstm", inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0);
    assert.deepEqual(Array.from(lstm.bh.data.subarray(2, 4)), [1, 1], "the library starts the forget-gate bias at 1");
    assert.ok(initParams({ cell: "gru", inputSize: 1, hiddenSize: 2, outputSize: 1 }, 0).bh.data.every((v) => v === 0));
    assert.equal(σ(1).toFixed(2), "0.73");
    assert.equal(σ(3).toFixed(2), "0.95");
  });

  it("shows the gradient through time: the LSTM's fading more slowly than the Elman cell's, the GRU's fastest, and opened gates keeping it", () => {
    const run = (label: string) => {
      const m = out.match(
        new RegExp(
          `^${label} \\((no gate|mean \\w+ gate \\w (\\S+), log10 of it (\\S+))\\): fitted slope (\\S+) per step; .* = (\\S+)$`,
          "m",
        ),
      );
      assert.ok(m, label);
      return { gate: Number(m[2]), logGate: Number(m[3]), slope: Number(m[4]), reach: Number(m[5]) };
    };
    const [elman, lstm, gru, lstmOpen, gruOpen] = ["Elman", "LSTM", "GRU", "LSTM, f started open", "GRU, z started open"].map(run);
    assert.ok(lstm.slope > elman.slope && lstm.slope < 0, `the LSTM's fades more slowly, but fades: ${lstm.slope} vs ${elman.slope}`);
    assert.ok(gru.slope < elman.slope && gru.slope < lstm.slope, `the GRU's fades fastest: ${gru.slope}`);
    assertClose(lstm.gate, σ(1), { abs: 0.02 }, "f ≈ 0.73 at initialisation");
    assertClose(gru.gate, 0.5, { abs: 0.02 }, "z ≈ 0.5 at initialisation");
    assertClose(lstmOpen.gate, σ(3), { abs: 0.02 }, "f opened: ≈ 0.95");
    assertClose(gruOpen.gate, σ(3), { abs: 0.02 }, "z opened: ≈ 0.95");
    assertClose(gruOpen.slope, gruOpen.logGate, { abs: 0.01 }, "the opened GRU's gradient shrinks by about its update gate");
    assert.ok(gruOpen.reach > 100 * elman.reach, `far less is lost than the Elman cell's: ${gruOpen.reach} vs ${elman.reach}`);
    assert.ok(lstmOpen.slope > 0 && lstmOpen.slope < 0.05, `the opened LSTM's even grows slightly: ${lstmOpen.slope}`);
    assert.match(out, /‖∂L\/∂h_0‖ \/ ‖∂L\/∂h_49‖/, "T = 50 ends at step 49");
  });

  it("finds where each network stops on the memory task: Elman at 24 as in notebook 5, the default gated cells no farther, the opened LSTM at 96", () => {
    const stop = (label: string) => {
      const m = out.match(new RegExp(`^${label}: stops at T = (\\d+) \\(mean accuracy (\\S+)\\); learns T = ([\\d, ]+)\\.$`, "m"));
      assert.ok(m, label);
      return { at: Number(m[1]), acc: Number(m[2]), learned: m[3].split(", ").map(Number) };
    };
    const [elman, lstm, gru, lstmOpen, gruOpen] = ["Elman", "LSTM", "GRU", "LSTM, f started open", "GRU, z started open"].map(stop);
    assert.equal(elman.at, 24, "where notebook 5's Elman network stopped");
    assert.equal(proseNumber(nb, /where it did in notebook 5, at \$T = (\d+)\$/), elman.at);
    assert.equal(lstm.at, elman.at, "the LSTM stops at the same length");
    assert.ok(lstm.acc > elman.acc, "though less far below the threshold");
    assert.ok(gru.at < elman.at, "the GRU stops earlier");
    assert.equal(lstmOpen.at, 96);
    assert.deepEqual(lstmOpen.learned, [4, 8, 16, 24, 32, 48, 64], "every length up to 64");
    assert.equal(proseNumber(nb, /the LSTM learns every length up to \$T = (\d+)\$/), 64);
    assert.equal(proseNumber(nb, /the Elman network stopped at (\d+), and stops only/), elman.at);
    assert.equal(proseNumber(nb, /and stops only at \$T = (\d+)\$/), lstmOpen.at);
    assert.equal(proseNumber(nb, /it gets to \$T = (\d+)\$/), Math.max(...gruOpen.learned));
    assert.ok(gruOpen.at < lstmOpen.at, "the opened GRU does less well");
    // why: the GRU's one gate keeps and writes; the LSTM writes through i
    const [f, i, z, oneMinusZ] = numbers(
      out,
      /keeps f = (\S+) of its cell state and writes the bit through its input gate i = (\S+); the GRU keeps z = (\S+) of its state and writes the bit through 1 − z = (\S+)\./,
    );
    assert.ok(f > 0.9 && z > 0.9);
    assert.ok(oneMinusZ > 0.04 && oneMinusZ < 0.06, `"about a twentieth": ${oneMinusZ}`);
    assertClose(i, 0.5, { abs: 0.05 }, `"about half strength": ${i}`);
  });

  it("compares the character models at equal size and about equal time: all beat the bigram, the GRU ends best", () => {
    const runs = ["Elman", "LSTM", "GRU"].map((cell) => {
      const [h, params, updates, seconds] = numbers(
        out,
        new RegExp(`^${cell}: h = (\\d+), (\\d+) parameters, (\\d+) updates in (\\S+) s of CPU time`, "m"),
      );
      return { cell, h, params, updates, seconds, ppl: printedNumber(nb, new RegExp(`Held-out perplexity, ${cell}: (\\S+)`)) };
    });
    const [elman, lstm, gru] = runs;
    // equal size: the largest h whose parameters do not exceed the Elman model's with h = 64
    const V = printedNumber(nb, /a uniform guess over the (\d+) characters/);
    const count = { LSTM: (h: number) => 4 * (V * h + h * h + h) + h * V + V, GRU: (h: number) => 3 * (V * h + h * h + 2 * h) + h * V + V };
    assert.equal(elman.h, 64);
    for (const r of [lstm, gru]) {
      const c = count[r.cell as "LSTM" | "GRU"];
      assert.equal(c(r.h), r.params);
      assert.ok(c(r.h) <= elman.params && c(r.h + 1) > elman.params, `${r.cell}: h = ${r.h} is the largest that fits`);
    }
    assert.equal(proseNumber(nb, /fewer hidden\s+units \((\d+) and \d+ against \d+\)/), lstm.h);
    assert.equal(proseNumber(nb, /fewer hidden\s+units \(\d+ and (\d+) against \d+\)/), gru.h);
    // "the three runs took about the same time" (section 4's prose, Figure 5's axis): a ratio of the printed CPU times
    const times = runs.map((r) => r.seconds);
    assert.ok(Math.max(...times) / Math.min(...times) < 1.5, `CPU times ${times}`);
    const bigram = printedNumber(nb, /Held-out perplexity, character bigram: (\S+)/);
    for (const r of runs) assert.ok(r.ppl < 0.8 * bigram, `${r.cell} beats the bigram by a wide margin: ${r.ppl} vs ${bigram}`);
    assert.ok(gru.ppl < lstm.ppl && gru.ppl < elman.ppl, "the GRU ends best");
    assertClose(lstm.ppl, elman.ppl, { abs: 0.3 }, `the LSTM and the Elman model end close together: ${lstm.ppl}, ${elman.ppl}`);
    const [fellElman, fellLstm, fellGru] = numbers(out, /fell by (\S+) \(Elman\), (\S+) \(LSTM\), (\S+) \(GRU\)\./);
    assert.ok(fellElman > 0.1 && fellLstm > 0.1, "the LSTM and the Elman model still improving");
    assert.ok(fellGru < Math.min(fellElman, fellLstm) / 2, "the GRU much less");
    assert.ok(
      nb.html.some((h) => /<th[^>]*>Elman \(h = 64\)<\/th><th[^>]*>LSTM \(h = \d+\)<\/th><th[^>]*>GRU \(h = \d+\)<\/th>/.test(h)),
      "samples side by side",
    );
    assert.equal((out.match(/words, \d+ % of them words of the novel\./g) ?? []).length, 3);
  });

  it("reads the LSTM's forget gates: many units keep, a few are short-term, one erases at a kind of character", () => {
    const [keepers, units, quick] = numbers(out, /(\d+) of the (\d+) units have a mean forget gate above 0\.9 .* and (\d+) below 0\.5/);
    assert.ok(keepers >= units / 3 && quick >= 1 && quick < keepers, `${keepers} keep, ${quick} short-term of ${units}`);
    const m = out.match(
      /Unit (\d+)'s forget gate has correlation (\S+) with "the character is ([^"]+)": its mean is (\S+) where it is and (\S+) elsewhere\./,
    );
    assert.ok(m);
    const [unit, r, fOn, fOff] = [m[1], m[2], m[4], m[5]].map(Number);
    assert.ok(Math.abs(r) > 0.4 && fOn < fOff - 0.2, `unit ${unit}: r = ${r}, f ${fOn} at ${m[3]} vs ${fOff}`);
    assert.match(out, new RegExp(`In words: unit ${unit} erases more of its cell state at ${m[3]} than anywhere else\\.`));
    const [sOn, , sOff] = numbers(
      out,
      /forget gate averages (\S+) at its (\d+) characters? (?:that is|that are) .* and (\S+) at the other \d+\./,
    );
    assert.ok(sOn < sOff, "in the sentence of Figure 6 too");
    assert.ok(
      nb.html.some((h) =>
        h.includes(`Figure 7 · The first 400 of the 3,000 held-out characters, each shaded by unit ${unit}'s forget gate`),
      ),
    );
  });
});

/** Every code cell's source, joined. */
function cellCode(nb: ExecutedNotebook): string {
  return nb.cells
    .filter((c) => c.type === "code")
    .map((c) => c.source)
    .join("\n");
}
