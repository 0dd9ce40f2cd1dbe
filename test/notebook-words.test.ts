/**
 * lib/notebook/words.ts: the display helpers write their own words in the notebook's language — English by default,
 * Portuguese once `setLocale("pt-BR")` — and Plotly's separators follow the locale: what a Portuguese notebook
 * shows is Portuguese, its numbers 0,5 and 1.000, down to a live curve's status line and a figure's tick labels.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink } from "../lib/notebook/display";
import { locale, setLocale } from "../lib/notebook/locale";
import { plotlyLocale, plotlySeparators, words } from "../lib/notebook/words";
import { liveTraining } from "../lib/notebook/live";
import { lineChart, logTicks } from "../lib/notebook/figures";
import { animatedChart } from "../lib/notebook/animation";
import { figureHTML, plotlyJSON } from "../lib/notebook/plotly";
import { rolledUnrolledDiagram } from "../lib/notebook/diagram-rolled";
import { sequenceShapesDiagram } from "../lib/notebook/diagram";
import { lstmDiagram } from "../lib/notebook/gates";
import { matrixTex, showTable, texNumber } from "../lib/notebook/rich";
import { html, recorder } from "./helpers/display-recorder";

/** Runs `body` with the notebook's locale set to `tag`, then puts the previous one back. */
function inLocale<T>(tag: string, body: () => T): T {
  const previous = locale();
  setLocale(tag);
  try {
    return body();
  } finally {
    setLocale(previous);
  }
}

test("the words are English by default and Portuguese in any pt locale, every one of them translated", () => {
  assert.equal(words().epochsCompleted, "epochs completed");
  const pt = inLocale("pt-BR", words),
    en = words();
  assert.equal(pt.epochsCompleted, "épocas completas");
  assert.equal(inLocale("pt-PT", words), pt);
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    const [a, b] = [en[key], pt[key]];
    if (typeof a === "function") assert.notEqual((a as (n: number) => string)(3), (b as (n: number) => string)(3), key);
    else if (key === "shapeNames") assert.equal(Object.keys(pt.shapeNames).length, Object.keys(en.shapeExamples).length, key);
    else assert.notDeepEqual(a, b, `${key} is translated`);
  }
});

test("Plotly's separators follow the locale: none added in English, decimal comma and thousands dot in Portuguese", () => {
  assert.equal(plotlySeparators(), undefined);
  assert.equal(
    inLocale("pt-BR", () => plotlySeparators()),
    ",.",
  );
  const fig = lineChart([{ y: [0.5, 1500] }], { title: "Figure 1 · x" });
  assert.equal(plotlyJSON(fig).layout.separators, undefined, "an English figure is sent as before");
  assert.equal(
    inLocale("pt-BR", () => plotlyJSON(fig).layout.separators),
    ",.",
  );
  assert.deepEqual(
    inLocale("pt-BR", () => logTicks([0.001, 10]).ticktext),
    ["0,001", "0,01", "0,1", "1", "10"],
    "the library's own log ticks too",
  );
});

test("a live curve in a Portuguese notebook: Portuguese axis, curve names and status line", () => {
  const { updates } = recorder();
  inLocale("pt-BR", () => {
    const live = liveTraining({ title: "Figura 1 · Custo", epochs: 2 });
    const history = { trainLoss: [], valLoss: [], gradNorm: [], bestEpoch: 0, stoppedEarly: false };
    for (let epoch = 0; epoch < 2; epoch++)
      live.onEpoch({ epoch, epochs: 2, trainLoss: 0.5 / (epoch + 1), valLoss: 0.75, gradNorm: 1, history });
  });
  setDisplaySink(undefined);
  const last = html(updates[0].at(-1)!);
  assert.match(last, /concluído · épocas completas 2 · treino 0\.2500 · validação 0\.7500/);
  assert.match(last, /"épocas completas"/);
  assert.match(last, /"separators":",\."/);
});

test("the drawings and the animation's buttons speak Portuguese in a Portuguese notebook", () => {
  inLocale("pt-BR", () => {
    assert.match(rolledUnrolledDiagram({ steps: 4 }), />enrolada<.*>desenrolada em 4 passos</s);
    const shapes = sequenceShapesDiagram();
    assert.ok(
      shapes.includes(">one\u00a0to\u00a0one<") && shapes.includes(">descrição de imagens<"),
      "the tutorial's names, Portuguese examples",
    );
    assert.ok(lstmDiagram().includes("A célula LSTM"));
    const anim = animatedChart(
      [
        { name: "a", data: [{ y: [1] }] },
        { name: "b", data: [{ y: [2] }] },
      ],
      {},
    );
    assert.deepEqual(
      anim.layout.updatemenus[0].buttons.map((b: { label: string }) => b.label),
      ["▶ Tocar", "❚❚ Pausar"],
    );
  });
});

test("tables and TeX write numbers as the notebook's language does: 0,94 and 1.752 in Portuguese, 0{,}5 in TeX", () => {
  const { shown } = recorder();
  showTable(["n", "x"], [[1752, 0.94]]);
  inLocale("pt-BR", () => showTable(["n", "x"], [[1752, 0.94]]));
  setDisplaySink(undefined);
  assert.match(shown[0].text, />1,752<\/td><td[^>]*>0\.94</);
  assert.match(shown[1].text, />1\.752<\/td><td[^>]*>0,94</);
  assert.equal(texNumber(0.5), "0.5");
  assert.equal(texNumber(-0.0001, 2), "0.00", "never −0.00");
  assert.equal(
    inLocale("pt-BR", () => texNumber(0.5)),
    "0{,}5",
  );
  assert.equal(
    inLocale("pt-BR", () => matrixTex([[1.5, -2]], 1)),
    "\\begin{bmatrix} 1{,}5 & -2{,}0 \\end{bmatrix}",
  );
  assert.throws(() => texNumber(NaN), /texNumber: v is NaN, expected a finite number/);
});

test("Plotly's locale for dates: none in English, Portuguese months and separators named in the figure's config in Portuguese", () => {
  const fig = lineChart([{ x: ["2019-03-01", "2019-05-01"], y: [1, 2] }], { title: "Figure 1 · x" });
  assert.equal(plotlyLocale(), undefined);
  assert.deepEqual(
    plotlyJSON(fig).config,
    { responsive: true, displaylogo: false, displayModeBar: false },
    "an English figure is sent as before",
  );
  const pt = inLocale("pt-BR", () => plotlyLocale())!;
  assert.equal(pt.name, "pt-BR");
  assert.deepEqual((pt.format as { shortMonths: string[] }).shortMonths.slice(3, 5), ["abr", "mai"]);
  assert.match(JSON.stringify(pt.format), /"decimal":",","thousands":"\."/);
  assert.equal((inLocale("pt-BR", () => plotlyJSON(fig)).config as { locale?: string }).locale, "pt-BR");
  // the page's script registers the locale before it draws
  assert.match(
    inLocale("pt-BR", () => figureHTML(fig, "f")),
    /drawFigure\("f", .*"locale":\{"moduleType":"locale","name":"pt-BR"/s,
  );
});
