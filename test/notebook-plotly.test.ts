/**
 * lib/notebook/plotly.ts: figures on the page. Labels are escaped and the figure's JSON cannot close its
 * script, ids are reproducible across sessions, the Plotly bundle is sent once per session, and every
 * figure is one output carrying both HTML and Plotly JSON.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { animatedChart } from "../lib/notebook/animation";
import { setDisplaySink } from "../lib/notebook/display";
import { barChart, lineChart } from "../lib/notebook/figures";
import { figureHTML, PLOTLY_MIME, show } from "../lib/notebook/plotly";
import { recorder } from "./helpers/display-recorder";

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
        `const { figureHTML } = require("./lib/notebook/plotly"); const { lineChart } = require("./lib/notebook/figures");
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
  assert.match(page, /page\.Jupyter \|\| document\.querySelector\("\.jp-NotebookPanel/, "the kernel advice depends on being in a notebook");
});
