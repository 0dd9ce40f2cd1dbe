/**
 * The display helpers of lib/notebook, outside a kernel: figures carry the data they were given, bad
 * input fails with a message naming the argument, every label is escaped, the Plotly bundle is sent once
 * and shielded from RequireJS, and live training redraws at most a few times a second.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import {
  animatedChart,
  barChart,
  figureHTML,
  heatmap,
  lineChart,
  liveTraining,
  matrixTex,
  scatterChart,
  setDisplaySink,
  show,
  showHTML,
  showSVG,
  showTable,
  showTex,
  wrapPlotlyBundle,
  Matrix,
  PLOTLY_MIME,
  PALETTE,
  distinctColors,
  type DisplaySink,
  type MimeBundle,
} from "../lib";

/** A sink that records every display; `updates[k]` holds every state of the k-th live display. */
function recorder() {
  const shown: { kind: string; text: string; bundle: MimeBundle }[] = [];
  const updates: MimeBundle[][] = [];
  const kind = (b: MimeBundle) => (b["text/latex"] !== undefined ? "latex" : "html");
  const sink: DisplaySink = {
    display: (bundle) => shown.push({ kind: kind(bundle), text: String(bundle["text/html"] ?? bundle["text/latex"]), bundle }),
    newDisplay: () => {
      const states: MimeBundle[] = [];
      updates.push(states);
      return { display: (bundle) => states.push(bundle) };
    },
  };
  setDisplaySink(sink);
  return { shown, updates };
}

const html = (b: MimeBundle) => String(b["text/html"]);

test("lineChart gives one scatter trace per series, x defaulting to 0…n−1, with titles and log axes", () => {
  const fig = lineChart(
    [
      { y: [3, 2, 1], name: "train" },
      { x: [1, 2, 3], y: [4, 5, 6], dash: "dash" },
    ],
    { title: "Figure 1 · Loss", xTitle: "epoch", logY: true },
  );
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].x, [0, 1, 2]);
  assert.deepEqual(fig.data[1].line, { dash: "dash" });
  assert.equal(fig.data[0].mode, "lines");
  assert.equal(fig.layout.title.text, "Figure 1 · Loss");
  assert.equal(fig.layout.xaxis.title.text, "epoch");
  assert.equal(fig.layout.yaxis.type, "log");
  assert.equal(scatterChart([{ y: [1] }]).data[0].mode, "markers");
});

test("bad input raises an error that names the argument and what was expected", () => {
  assert.throws(
    () => lineChart([{ x: [1, 2, 3], y: [1, 2] }]),
    /lineChart: series\[0\]\.x has 3 values but y has 2, expected equal lengths/,
  );
  assert.throws(() => lineChart([{ y: [1, NaN] }]), /series\[0\]\.y\[1\] is NaN, expected a finite number/);
  assert.throws(() => lineChart([{ y: [1, Infinity] }]), /y\[1\] is Infinity/);
  assert.throws(() => lineChart([]), /series is an empty array, expected at least one/);
  assert.throws(() => scatterChart([{ y: [] }]), /series\[0\]\.y is an empty array/);
  assert.throws(() => lineChart([{ y: [1, 0] }], { logY: true }), /y\[1\] is 0, expected a positive number on a log axis/);
  assert.throws(() => lineChart([{ y: [1] }], { height: -3 }), /opts\.height is -3/);
  assert.throws(() => barChart([{ x: ["a"], y: [1, 2] }]), /barChart: series\[0\]\.x has 1 values but y has 2/);
  assert.throws(() => heatmap([[1, 2], [3]]), /heatmap: z\[1\] has 1 values, expected 2/);
  assert.throws(() => heatmap([[1, NaN]]), /z\[0\]\[1\] is NaN/);
  assert.throws(() => heatmap([[1, 2]], { x: ["a"] }), /opts\.x has 1 labels, expected 2/);
  assert.throws(() => heatmap([[1, 2]], { zmin: 1, zmax: 0 }), /expected zmin < zmax/);
  assert.throws(() => animatedChart([]), /frames is an empty array/);
  assert.throws(
    () =>
      animatedChart([
        { name: "a", data: [{ y: [1] }] },
        { name: "b", data: [] },
      ]),
    /frames\[1\]\.data has 0 traces, expected 1/,
  );
  assert.throws(() => matrixTex([[1, NaN]]), /matrixTex: m\[0\]\[1\] is NaN/);
  assert.throws(() => showTable(["a", "b"], [["x"]]), /rows\[0\] has 1 cells, expected 2/);
  assert.throws(() => liveTraining({ epochs: 0 }), /opts\.epochs is 0, expected a positive integer/);
  assert.throws(() => showSVG("<div>"), /expected "<svg …>"/);
});

test("heatmaps keep z as given (row 0 on top), with labels and a fixed colour range when asked", () => {
  const fig = heatmap(
    [
      [1, 2],
      [3, 4],
    ],
    { x: ["a", "b"], y: [0, 1], zmin: -4, zmax: 4 },
  );
  assert.deepEqual(fig.data[0].z, [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual([fig.data[0].zmin, fig.data[0].zmax], [-4, 4]);
  assert.equal(fig.layout.yaxis.autorange, "reversed");
});

test("animatedChart shows its last frame until played, one slider step per frame, fixed axes", () => {
  const frames = [0, 1, 2].map((t) => ({ name: `t = ${t}`, data: [{ type: "scatter", x: [0, 1], y: [t, -t] }] }));
  const fig = animatedChart(frames, { title: "Figure 2 · Steps" });
  assert.deepEqual(fig.data[0].y, [2, -2], "a reader who never presses Play sees the whole story");
  assert.equal(fig.layout.sliders[0].active, 2, "the slider sits on the frame drawn");
  assert.deepEqual(animatedChart(frames, { start: "first" }).data[0].y, [0, -0]);
  assert.equal(fig.frames?.length, 3);
  assert.deepEqual(
    fig.layout.sliders[0].steps.map((s: { label: string }) => s.label),
    ["t = 0", "t = 1", "t = 2"],
  );
  const [lo, hi] = fig.layout.yaxis.range;
  assert.ok(lo < -2 && hi > 2, `y range ${lo}…${hi} covers every frame`);
  assert.throws(
    () => animatedChart(frames, { start: "middle" as "first" }),
    /opts\.start is the string "middle", expected "first" or "last"/,
  );
});

test("▶ Play uses Plotly's play form [null, …] and ❚❚ Pause its stop form [[null], …]", () => {
  const fig = animatedChart([0, 1].map((t) => ({ name: `t${t}`, data: [{ type: "bar", y: [t] }] })));
  const [play, pause] = fig.layout.updatemenus[0].buttons;
  assert.match(play.label, /Play/);
  assert.equal(play.args[0], null, "null (not [null]) animates every frame");
  assert.equal(play.args[1].fromcurrent, true);
  assert.ok(play.args[1].frame.duration > 0);
  assert.match(pause.label, /Pause/);
  assert.deepEqual(pause.args[0], [null], "[null] interrupts the running animation");
  const slider = fig.layout.sliders[0],
    menu = fig.layout.updatemenus[0];
  assert.ok(slider.pad.t - menu.pad.t >= 35, "the buttons sit on a row of their own above the slider");
});

test("log axes label decades in one format, or 1-2-5 ticks in full, never bare minor digits", () => {
  const wide = lineChart([{ y: [2, 1e-3] }], { logY: true }).layout.yaxis;
  assert.equal(wide.dtick, 1, "over three decades or more: one label per decade");
  assert.equal(wide.exponentformat, "none", "0.001 … 1 written as plain decimals");
  assert.equal(lineChart([{ y: [1e-4, 1] }], { logY: true }).layout.yaxis.exponentformat, "power", "10⁻⁴ … 1, not 100µ beside 0.001");
  const mid = lineChart([{ x: [1, 32], y: [120, 560] }], { logX: true, logY: true }).layout;
  assert.deepEqual([mid.xaxis.dtick, mid.xaxis.tickformat], ["D2", "~g"], "1, 2, 5, 10, 20 written in full");
  assert.equal(mid.yaxis.tickformat, "~g", "within a decade, evenly spaced ticks written in full");
  assert.equal(mid.yaxis.dtick, undefined);
  assert.equal(lineChart([{ y: [1, 2] }]).layout.yaxis.tickformat, undefined, "linear axes keep Plotly's ticks");
});

test("colours: more than ten series get distinct colours; pairs share one; a second y axis on the right", () => {
  const many = lineChart(Array.from({ length: 14 }, (_, k) => ({ y: [k, k + 1], name: `s${k}` })));
  assert.equal(new Set(many.layout.colorway).size, 14, "14 series, 14 colours");
  assert.equal(lineChart([{ y: [1] }, { y: [2] }]).layout.colorway, undefined, "up to ten: Plotly's own colours");
  assert.equal(new Set(distinctColors(30)).size, 30);
  assert.deepEqual(distinctColors(3), PALETTE.slice(0, 3));
  const pair = lineChart([
    { y: [1, 2], name: "actual", color: PALETTE[2] },
    { y: [1, 3], name: "forecast", color: PALETTE[2], dash: "dash" },
  ]);
  assert.deepEqual(pair.data[1].line, { dash: "dash", color: PALETTE[2] });
  assert.equal(pair.data[0].line.color, pair.data[1].line.color);
  const two = lineChart(
    [
      { y: [300, 320], name: "litres" },
      { y: [20, 24], name: "°C", axis: "y2" },
    ],
    { yTitle: "litres", y2Title: "°C" },
  );
  assert.equal(two.data[1].yaxis, "y2");
  assert.equal(two.data[0].yaxis, undefined);
  assert.deepEqual([two.layout.yaxis2.overlaying, two.layout.yaxis2.side, two.layout.yaxis2.title.text], ["y", "right", "°C"]);
  assert.throws(() => lineChart([{ y: [1], axis: "y3" as "y2" }]), /series\[0\]\.axis is the string "y3", expected "y" or "y2"/);
});

test("legends sit below the plot and axes make room for their labels", () => {
  const { layout } = lineChart([
    { y: [1], name: "a" },
    { y: [2], name: "b" },
  ]);
  assert.deepEqual([layout.legend.orientation, layout.legend.yref, layout.legend.yanchor], ["h", "container", "bottom"]);
  assert.equal(layout.xaxis.automargin, true);
  assert.equal(layout.yaxis.automargin, true);
});

test("a heatmap's colour bar carries its title", () => {
  const fig = heatmap([[1, 2]], { zTitle: "activation <h>" });
  assert.equal(fig.data[0].colorbar.title.text, "activation &lt;h&gt;");
});

test("labels are escaped for Plotly and the figure's JSON cannot close its <script>", () => {
  const evil = "</script><img src=x onerror=alert(1)>";
  const fig = lineChart([{ y: [1, 2], name: evil, x: [evil, "b"] }], { title: evil, xTitle: evil });
  assert.equal(fig.layout.title.text, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  assert.equal(fig.data[0].name, fig.layout.title.text);
  const html = figureHTML(fig);
  assert.equal(html.match(/<\/script>/g)?.length, 1, "only the figure's own closing tag");
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /data-traces="1"/);
});

test("figure ids come from the content and the figure's rank in the session: fresh on a re-run, equal across runs", () => {
  const fig = lineChart([{ y: [1] }]);
  const ids = new Set(Array.from({ length: 50 }, () => /id="(rnn-fig-[0-9a-f]{10}-\d+)"/.exec(figureHTML(fig))?.[1]));
  assert.equal(ids.size, 50, "the same figure shown again (a cell run again) gets a new id");
  const session = () =>
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `const { figureHTML, lineChart } = require("./lib");
         for (const y of [[1, 2], [3], [1, 2]]) console.log(/id="([^"]+)"/.exec(figureHTML(lineChart([{ y }])))[1]);`,
      ],
      { cwd: join(__dirname, ".."), encoding: "utf8" },
    );
  const first = session();
  assert.equal(session(), first, "a second kernel session gives the same ids");
  const [a, b, c] = first.trim().split("\n");
  assert.ok(a !== b && a !== c && b !== c, `ids ${first}`);
  assert.equal(a.replace(/-\d+$/, ""), c.replace(/-\d+$/, ""), "the hash part comes from the content");
});

test("show sends the Plotly bundle once, before the first figure, then only figures", () => {
  const { shown } = recorder();
  show(lineChart([{ y: [1, 2] }]));
  show(barChart([{ x: ["a"], y: [1] }]));
  setDisplaySink(undefined);
  const bundles = shown.filter((s) => s.text.includes("data-rnn-plotly-bundle"));
  assert.ok(bundles.length <= 1, "at most one bundle per session");
  assert.equal(shown.filter((s) => s.text.includes('class="rnn-figure"')).length, 2);
  if (bundles.length === 1) {
    assert.equal(shown[0], bundles[0]);
    assert.ok(bundles[0].text.length > 1_000_000, "the whole bundle is inlined, no CDN");
    assert.doesNotMatch(bundles[0].text, /src=["']?https?:/);
  }
});

test("each figure is one output with both HTML and Plotly JSON { data, layout, config }, as plotly.py sends it", () => {
  const { shown } = recorder();
  const fig = lineChart(
    [
      { y: [1, 2], name: "a" },
      { y: [2, 1], name: "b" },
    ],
    { title: "Figure 1 · Two" },
  );
  const moving = animatedChart([0, 1].map((t) => ({ name: `t${t}`, data: [{ type: "bar", y: [t] }] })));
  show(fig);
  show(moving);
  setDisplaySink(undefined);
  const figures = shown.filter((s) => s.text.includes('class="rnn-figure"'));
  assert.equal(figures.length, 2);
  const json = figures[0].bundle[PLOTLY_MIME] as { data: unknown; layout: unknown; config: { responsive: boolean }; frames?: unknown };
  assert.deepEqual(Object.keys(figures[0].bundle).sort(), [PLOTLY_MIME, "text/html"].sort());
  assert.deepEqual(json.data, fig.data);
  assert.deepEqual(json.layout, fig.layout);
  assert.equal(json.config.responsive, true);
  assert.equal(json.frames, undefined);
  assert.deepEqual((figures[1].bundle[PLOTLY_MIME] as { frames: unknown }).frames, moving.frames, "animations carry their frames");
  assert.ok(
    shown.filter((s) => !s.text.includes('class="rnn-figure"')).every((s) => s.bundle[PLOTLY_MIME] === undefined),
    "the bundle output is HTML only",
  );
});

test("a figure drawn where Plotly never loads names the missing library, and speaks of the kernel only inside Jupyter", () => {
  const page = figureHTML(lineChart([{ y: [1] }]));
  assert.match(page, /Plotly did not load on this page/);
  assert.match(
    page,
    /window\.Jupyter \|\| document\.querySelector\("\.jp-NotebookPanel/,
    "the kernel advice depends on being in a notebook",
  );
});

test("the wrapped bundle sets window.Plotly even where RequireJS's define and CommonJS globals exist", () => {
  const umd = `(function (root, f) { if (typeof define === "function" && define.amd) define([], f);
    else if (typeof module === "object" && module.exports) module.exports = f(); else root.Plotly = f(); })(this, function () { return { ok: 1 }; });`;
  const calls: unknown[] = [];
  const define = Object.assign((...a: unknown[]) => calls.push(a), { amd: {} });
  const context: Record<string, unknown> = { define, module: { exports: {} }, exports: {} };
  context.window = context;
  runInNewContext(wrapPlotlyBundle(umd), context);
  assert.equal((context.Plotly as { ok?: number } | undefined)?.ok, 1);
  assert.equal(calls.length, 0, "define was never called");
  assert.doesNotMatch(wrapPlotlyBundle("var s = '</script><!--';"), /<\/script|<!--/);
});

test("equations, matrices, tables, HTML and SVG", () => {
  const { shown } = recorder();
  showTex("h_t = \\tanh(a_t)");
  showTex("$$x$$");
  showTable(["<name>", "value"], [["a & b", 1.5]]);
  showHTML("<b>bold</b>");
  showSVG('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  setDisplaySink(undefined);
  assert.deepEqual(
    shown.map((s) => s.kind),
    ["latex", "latex", "html", "html", "html"],
  );
  assert.equal(shown[0].text, "$$h_t = \\tanh(a_t)$$");
  assert.equal(shown[1].text, "$$x$$");
  assert.match(shown[2].text, /&lt;name&gt;/);
  assert.match(shown[2].text, /a &amp; b/);
  assert.equal(
    matrixTex(
      [
        [1, -0.0001],
        [2.5, 3],
      ],
      2,
    ),
    "\\begin{bmatrix} 1.00 & 0.00 \\\\ 2.50 & 3.00 \\end{bmatrix}",
  );
  assert.equal(matrixTex(Matrix.from([[1, 2]]), 0), "\\begin{bmatrix} 1 & 2 \\end{bmatrix}");
});

test("live training redraws at most every half second and ends as a static figure without timings", () => {
  const { updates } = recorder();
  const live = liveTraining({ title: "Figure 3 · Loss", epochs: 3 });
  const started = performance.now();
  for (let epoch = 0; epoch < 3; epoch++) {
    for (let step = 0; step < 2000; step++) live.onStep({ epoch, step, stepsPerEpoch: 2000, loss: 1 / (epoch + 1), gradNorm: 1 });
    live.onEpoch({
      epoch,
      epochs: 3,
      trainLoss: 1 / (epoch + 1),
      valLoss: NaN,
      gradNorm: 1,
      history: { trainLoss: [], valLoss: [], gradNorm: [], bestEpoch: 0, stoppedEarly: false },
    });
  }
  live.finish();
  setDisplaySink(undefined);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(updates.length, 1, "one display, updated in place");
  const states = updates[0].map(html);
  assert.ok(states.length <= 2 + seconds * 2 + 1, `${states.length} redraws in ${seconds.toFixed(2)} s`);
  const last = states[states.length - 1];
  assert.match(last, /finished · epoch 3 · train 0\.3333/);
  const progressLine = /<div class="rnn-progress"[^>]*>(.*?)<\/div>/.exec(last)?.[1] ?? "";
  assert.doesNotMatch(progressLine, /steps\/s|left/);
  assert.ok(
    states.slice(0, -1).every((s) => /steps\/s/.test(s)),
    "intermediate states show the speed",
  );
  assert.match(last, /"y":\[1,0\.5,0\.333/);
  const final = updates[0][updates[0].length - 1];
  assert.deepEqual(
    (final[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y.slice(0, 2),
    [1, 0.5],
    "the figure that stays carries its JSON",
  );
  assert.ok(
    updates[0].slice(0, -1).every((b) => b[PLOTLY_MIME] === undefined),
    "states while training are HTML only, so JupyterLab shows their progress line",
  );
});

test("live training with point() for a hand-written loop draws each named series", () => {
  const { updates } = recorder();
  const live = liveTraining({ epochs: 1, xTitle: "step", title: "Figure 5 · Loss" });
  live.point(0, { loss: 2, perplexity: 7 }, { done: 1, total: 10 });
  live.point(5, { loss: 1, perplexity: 3 }, { done: 6, total: 10 });
  assert.throws(() => live.point(6, { loss: NaN }), /values\.loss is NaN at x = 6/);
  live.finish();
  setDisplaySink(undefined);
  const last = html(updates[0][updates[0].length - 1]);
  assert.match(last, /finished · step 5 · loss 1\.000 · perplexity 3\.000/);
  assert.match(last, /data-traces="2"/);
  assert.match(html(updates[0][0]), /Figure 5 · Loss \(updating\)/, "while training, the title says the figure is live");
  assert.doesNotMatch(last, /updating/, "the figure that stays does not claim to be live");
});

test("table columns of numbers, even numbers written as text, are right-aligned; other columns left", () => {
  const { shown } = recorder();
  showTable(
    ["name", "loss", "share", "note"],
    [
      ["a", "0.25", "39.2 %", "x"],
      ["b", "−1,024", "—", "3 · filhos"],
      ["c", 3.8e-3, "5.3e-1", "2"],
    ],
  );
  setDisplaySink(undefined);
  const align = [...shown[0].text.matchAll(/<(?:td|th) style="text-align:(\w+)/g)].map((m) => m[1]);
  assert.deepEqual(align.slice(0, 4), ["left", "right", "right", "left"], "headers follow their column");
  assert.deepEqual(align.slice(4, 8), ["left", "right", "right", "left"]);
  assert.match(shown[0].text, /tabular-nums/);
});
