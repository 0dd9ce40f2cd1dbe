/**
 * Notebook 2 (Intuition), in both editions, runs top to bottom under the real kernel and what it says backs the
 * prose: Wh = 0 turns the RNN into a feed-forward net, the memory picture starts as all input x₀ and mixes all
 * four inputs by step 3, the shares are called a sensitivity, and the "first"/"last" networks keep
 * different inputs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  assertCreditsAndHeadings,
  assertProseRestates,
  assertRanClean,
  figure,
  prose,
  readNumber,
  said,
  saidNumber,
  saidNumbers,
  tables,
} from "../helpers/notebook";
import { executedEditions } from "../helpers/edition";
import { initParams, Matrix, memoryShares, sub } from "../../lib";
import { assertClose } from "../helpers/close";

for (const { ed, nb } of executedEditions("02-intuition")) {
  const { t, N } = ed;
  const num = (re: string) => saidNumber(nb, new RegExp(re));
  const nums = (re: string) => saidNumbers(nb, new RegExp(re));
  const read = (text: string) => readNumber(text, nb.locale);
  const [FIRST, LAST] = t(["first", "last"], ["primeiro", "último"]);

  /** The table of shares: row t, the shares of x₀ … x_t (percent). */
  const shareTable = (): number[][] => {
    const table = tables(nb).find((x) => x.headers[0] === t("hidden state", "estado oculto"));
    assert.ok(table, "the shares are tabled");
    return table.rows.map((r) => r.slice(1).filter((c) => c !== "—").map(read));
  };

  describe(ed.lang, () => {
    test("every cell runs without an error or anything on stderr", () => {
      assertRanClean(nb);
    });

    test("it credits the tutorial and Trask's GIF, and its Portuguese headings and quotations are the tutorial's words", () => {
      assertCreditsAndHeadings(nb);
      assert.match(prose(nb), /\[Anyone Can Learn To Code an LSTM-RNN in Python\]\(https:\/\/iamtrask\.github\.io\/2015\/11\/15\/anyone-can-code-lstm\/\)/);
      assert.match(prose(nb), t(/## 1 · One difference from a feed-forward network \(Uma diferença fundamental\)/, /## 1 · Uma diferença em relação a uma rede feedforward \(Uma diferença fundamental\)/));
    });

    test("the shares are called a sensitivity that depends on the input scale, not a direct measure", () => {
      assert.match(
        prose(nb),
        t(
          /That is a \*sensitivity\*, not a count of what is stored: it depends on the weights and\s+on the scale of the inputs/,
          /Isso é uma \*sensibilidade\*, não uma contagem do que está guardado: depende dos\s+pesos e da escala das entradas/,
        ),
      );
      assert.doesNotMatch(prose(nb), t(/direct measure/, /medida direta/));
      // the claim itself: the same sequence multiplied by ten gives other shares
      const memNet = initParams({ inputSize: 1, hiddenSize: 16, outputSize: 1 }, 4);
      const xs = [[[0.8]], [[-0.5]], [[0.3]], [[0.9]]];
      const [one, ten] = [1, 10].map((k) => memoryShares(memNet, xs.map((x) => [[k * x[0][0]]])).share[3]);
      assert.ok(Math.max(...one.map((v, i) => Math.abs(v - ten[i]))) > 0.05, `shares at scale 1 ${one} and 10 ${ten}`);
    });

    test("the prose restates the configuration the code uses", () => {
      assertProseRestates(nb, t(/We take a network with (\d+) hidden units/, /Tomamos uma rede com (\d+) unidades ocultas/), { code: /hiddenSize: (\d+), outputSize: 1 \}, 4\)/ });
      assertProseRestates(nb, t(/an untrained network with (\d+) hidden units reads them/, /uma rede não treinada com (\d+) unidades ocultas as lê/), { code: /hiddenSize: (\d+), outputSize: 1 \}, 5\)/ });
      assertProseRestates(nb, t(/on sequences of (\d+) random/, /em sequências de (\d+)\s+números aleatórios/), { code: /const L = (\d+),/ });
    });

    test("with Wh = 0 the RNN equals a feed-forward net exactly, and with Wh it differs from step 1 on", () => {
      const [zero, ...steps] = nums(
        t(
          `With \\$W_h = 0\\$ the largest difference from the feed-forward net over the 4 steps is (${N}), to the last bit\\. With the network's own \\$W_h\\$ it is (${N}) at step 0 and then (${N}), (${N}) and (${N}) at steps 1, 2 and 3\\.`,
          `Com \\$W_h = 0\\$, a maior diferença em relação à rede feedforward nos 4 passos é (${N}), até o último bit\\. Com o \\$W_h\\$ da própria rede, ela é (${N}) no passo 0 e depois (${N}), (${N}) e (${N}) nos passos 1, 2 e 3\\.`,
        ),
      );
      assert.equal(zero, 0, "to the last bit");
      assert.equal(steps[0], 0, "they agree at step 0, where h₋₁ = 0");
      assert.ok(steps.slice(1).every((v) => v > 0.01), `they differ from step 1 on: ${steps}`);
    });

    test("the memory picture: step 0 is all input x₀, step 3 mixes all four, x₀'s share shrinks", () => {
      const shares = shareTable();
      assert.deepEqual(shares[0], [100]);
      assert.equal(shares[3].length, 4);
      assert.ok(shares[3].every((s) => s > 5), `every input should hold a visible share at step 3: ${shares[3]}`);
      for (let k = 1; k < 4; k++) assert.ok(shares[k][0] < shares[k - 1][0], "x₀'s share shrinks step by step");
      const [from, to, least] = nums(
        t(
          `The share of \\$x_0\\$ falls from (${N}) at step 0 to (${N}) at step 3 — it shrinks at every step — while \\$h_3\\$ holds all four inputs, the least of them (${N})`,
          `A fração de \\$x_0\\$ cai de (${N}) no passo 0 para (${N}) no passo 3 — ela encolhe a cada passo —, enquanto \\$h_3\\$ guarda as quatro entradas, a menor delas com (${N})`,
        ),
      );
      assert.deepEqual([from, to, least], [shares[0][0], shares[3][0], Math.min(...shares[3])]);
      assert.ok(nb.html.some((h) => h.includes(`${ed.figure} 2`) && h.includes("frames")), "Figure 2 is an animated figure");
      assert.equal(figure(nb, `${ed.figure} 2 ·`).layout.legend.traceorder, "normal", "the legend lists x₀ first, as the table does");
    });

    test("next to the tutorial's GIF: the newest input's share and the units it dominates, recomputed", () => {
      const memNet = initParams({ inputSize: 1, hiddenSize: 16, outputSize: 1 }, 4);
      const xs = [[[0.8]], [[-0.5]], [[0.3]], [[0.9]]];
      const share = memoryShares(memNet, xs).share;
      const table = tables(nb).find((x) => x.headers[1] === t("the tutorial's GIF", "o GIF do tutorial"));
      assert.ok(table);
      table.rows.forEach(([step, gif, newest, units, unitShare], k) => {
        assert.equal(Number(step), k);
        assert.equal(gif, t(["all of it (only data)", "half", "half", "a quarter"], ["todo (só os dados)", "metade", "metade", "um quarto"])[k], "the GIF's description, in the tutorial's order");
        assertClose(read(newest), 100 * share[k][k], { abs: 0.05 }, `newest share at step ${k}`);
        const dominated = Array.from({ length: 16 }, (_, j) => {
          const Wo = new Matrix(16, 1);
          Wo.set(j, 0, 1);
          return memoryShares({ ...memNet, Wo, bo: new Matrix(1, 1) }, xs, { of: "output" }).share[k][k];
        }).filter((s) => s > 0.5).length;
        assert.equal(Number(units), dominated, `units mostly from the newest input at step ${k}`);
        assertClose(read(unitShare), (100 * dominated) / 16, { abs: 0.051 }); // one decimal
      });
    });

    test("a sentence is read one step per word; the repeated word leaves different states", () => {
      assert.match(
        said(nb),
        t(
          /The sentence has 13 words, 12 of them distinct: 13 steps, one per word\. The word «não» is read at steps 0 and 3/,
          /A frase tem 13 palavras, 12 delas distintas: 13 passos, um por palavra\. A palavra «não» é lida nos passos 0 e 3/,
        ),
      );
      assert.ok(num(t(`the same input, yet the two states are (${N}) apart`, `a mesma entrada, e ainda assim os dois estados estão a (${N}) um do outro`)) > 0.1);
      assert.ok(num(t(`end in a state (${N}) away from the one they end in read in order`, `terminam num estado a (${N}) daquele em que terminam lidas na ordem`)) > 0.1);
      const [first3, last3] = nums(t(`The first three words give (${N}) of the final state, the last three (${N})\\.`, `As três primeiras palavras dão (${N}) do estado final; as três últimas, (${N})\\.`));
      assert.ok(last3 > first3 && first3 > 1, `last three words ${last3} %, first three ${first3} %`);
    });

    test("the two trained networks keep what their task needs", () => {
      const shares = (task: string) => {
        const [h0, h4, y0, y4] = nums(
          t(
            `The "${task}" network: \\$x_0\\$ gives (${N}) of its last state \\$h_4\\$ and \\$x_4\\$ (${N}); of its output \\$\\\\hat y_4\\$, \\$x_0\\$ gives (${N}) and \\$x_4\\$ (${N})\\.`,
            `A rede "${task}": \\$x_0\\$ dá (${N}) do seu último estado \\$h_4\\$ e \\$x_4\\$, (${N}); da sua saída \\$\\\\hat y_4\\$, \\$x_0\\$ dá (${N}) e \\$x_4\\$, (${N})\\.`,
          ),
        );
        return { h: [h0, h4], y: [y0, y4] };
      };
      const [first, last] = [shares(FIRST), shares(LAST)];
      for (const of of ["h", "y"] as const) {
        assert.ok(first[of][0] > first[of][1], `"first" keeps more of x_0 than of x_4 in ${of}`);
        assert.ok(last[of][1] > last[of][0], `"last" keeps more of x_4 than of x_0 in ${of}`);
        assert.ok(first[of][0] > last[of][0], `x_0 weighs more in the "first" network's ${of}`);
      }
      assert.ok(first.y[0] > 0.9 && last.y[1] > 0.9, "almost all of each network's answer");
      assert.ok(last.h[1] > 0.5 && last.h[0] < 0.05, "the last network's state is mostly x₄, with x₀ nearly gone");
      const [f, l, variance] = nums(
        t(`validation MSEs of (${N}) \\("first"\\) and (${N}) \\("last"\\), against (${N}), the variance of the target`, `EQMs de validação de (${N}) \\("primeiro"\\) e (${N}) \\("último"\\), contra (${N}), a variância do alvo`),
      );
      assert.equal(variance, 0.333);
      assert.ok(f < 0.01 && l < 0.01, "far below the variance");
    });

    test("Figure 3 titles its colour bar and sizes its axes itself; Figure 4 names the last state by its step", () => {
      const states = figure(nb, `${ed.figure} 3 ·`);
      assert.equal(states.data[0].colorbar.title.text, t("activation", "ativação"));
      assert.equal(states.layout.margin.l, 10, "no hand-set margin: the axis makes room for the words");
      const words = num(t(`The sentence has (${N}) words`, `A frase tem (${N}) palavras`));
      assert.equal(figure(nb, `${ed.figure} 4 ·`).layout.yaxis.title.text, t(`share of ‖∂h${sub(words - 1)}/∂xₖ‖`, `fração de ‖∂h${sub(words - 1)}/∂xₖ‖`), "h after the last word: h_{T−1}");
    });

    test("the table set against the GIF has one number per column, right-aligned", () => {
      const table = nb.html.find((h) => h.includes(t("the tutorial&#39;s GIF</th>", "o GIF do tutorial</th>")));
      assert.ok(table, "the table is shown");
      const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) => [...r[1].matchAll(/<t[dh] style="text-align:(\w+)[^>]*>(.*?)<\/t[dh]>/g)]);
      assert.deepEqual(
        rows[0].map((c) => c[2]),
        t(
          ["step", "the tutorial&#39;s GIF", "newest input&#39;s share of hₜ", "units (of 16) mostly from it", "share of the units"],
          ["passo", "o GIF do tutorial", "fração de hₜ da entrada mais nova", "unidades (de 16) sobretudo dela", "fração das unidades"],
        ),
      );
      for (const row of rows.slice(1)) {
        assert.deepEqual(
          row.map((c) => c[1]),
          ["right", "left", "right", "right", "right"],
        );
        assert.match(row[3][2], /^\d+$/);
      }
    });
  });
}
