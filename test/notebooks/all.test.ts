/**
 * Every notebook of both editions (notebooks/, notebooks-pt-BR/) and the smoke notebook run top to bottom under the real tslab kernel with
 * no error and nothing on stderr, and are committed clean: no outputs, no execution counts, cell ids, the tslab
 * kernelspec. (That a second run gives the same bytes is test/scripts/rebuild.test.ts's, on the exported site.)
 * Their figures read like the prose (Wₕ, ∂L/∂hₜ, never W_h or grads.Wh), every colour bar says what it
 * measures, every number in a table is right-aligned, the prose says its results instead of pointing at them,
 * and their code cells are short.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { executeNotebook, plainText, pointerSentences, root, type FigureJSON } from "../helpers/notebook";

const notebooks = [
  "test/smoke.ipynb",
  ...["notebooks", "notebooks-pt-BR"].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => `${dir}/${f}`),
  ),
];
/** The notebooks of both editions (the smoke notebook aside). */
const editions = notebooks.filter((f) => f.startsWith("notebooks"));

type Raw = {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: Record<string, string>; language_info?: Record<string, string> };
  cells: { id?: string; cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
};

function checkClean(where: string, nb: Raw): void {
  assert.equal(nb.nbformat, 4, `${where}: nbformat`);
  assert.ok(nb.nbformat_minor >= 5, `${where}: nbformat 4.5 or later (cell ids), got 4.${nb.nbformat_minor}`);
  assert.deepEqual(nb.metadata.kernelspec, { name: "tslab", display_name: "TypeScript", language: "typescript" }, `${where}: kernelspec`);
  assert.equal(nb.metadata.language_info?.name, "typescript", `${where}: language_info`);
  nb.cells.forEach((c, i) => {
    assert.ok(typeof c.id === "string" && c.id.length > 0, `${where}: cell ${i + 1} has no id`);
    if (c.cell_type === "code") {
      assert.deepEqual(c.outputs, [], `${where}: cell ${i + 1} has outputs`);
      assert.equal(c.execution_count, null, `${where}: cell ${i + 1} has an execution count`);
    }
  });
}

for (const file of notebooks) {
  test(`${file} is committed clean`, () => {
    checkClean(`${file} (working copy)`, JSON.parse(readFileSync(join(root, file), "utf8")));
    let committed: string | undefined;
    try {
      committed = execFileSync("git", ["show", `HEAD:${file}`], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 << 20,
      });
    } catch {
      committed = undefined; // not committed yet
    }
    if (committed !== undefined) checkClean(`${file} (HEAD)`, JSON.parse(committed));
  });

  test(`${file} runs top to bottom with no error and nothing on stderr`, () => {
    assert.equal(executeNotebook(file).stderr, "", `${file} wrote to stderr or raised`);
  });
}

/** A code name in a label: TeX subscripts (h_t, W_h, h_T), fields and indices (grads.Wh, Wh[0][0], dH[t]), bare Wh/Wx/Wo. */
const CODE_NAME = /[A-Za-z]_[{\w]|\bgrads\.|\[\d+\]\[\d+\]|\bdH\b|\bW[hxo]\b/;

/** Every text of a figure a reader reads as a label: titles (figure, axes, colour bars), trace names, tick and annotation texts. */
function labels(f: FigureJSON): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === "string") {
      if (key === "text" || key === "name" || key === "ticktext") out.push(plainText(v));
    } else if (Array.isArray(v)) for (const x of v) walk(x, key === "ticktext" ? key : "");
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "data" && k !== "x" && k !== "y") walk(x, k);
  };
  walk(f.layout, "");
  for (const t of f.data) walk({ ...t, text: undefined }, ""); // a trace's text is its values written out
  return out;
}

/** A number as a table cell shows it: "12", "−0.25", "3.8e-3", "1.2 × 10⁻⁵", "39.2 %" (and "0,25", "1.752" in Portuguese). */
const NUMBER_CELL = /^[−+-]?(\d+([.,]\d+)*|\.\d+)(e[−+-]?\d+|\s×\s10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?\s?%?$/i;

for (const file of editions) {
  test(`${file}: figure labels use the prose's notation, colour bars say what they show, table numbers are right-aligned`, () => {
    const nb = executeNotebook(file);
    for (const f of nb.figures) {
      for (const label of labels(f)) assert.doesNotMatch(label, CODE_NAME, `${f.title}: the label "${label}" uses a code name`);
      for (const t of f.data.filter((d) => d.type === "heatmap" && d.showscale !== false))
        assert.ok(String(t.colorbar?.title?.text ?? "").trim(), `${f.title}: its colour bar has no title`);
    }
    for (const table of nb.html.filter((h) => h.includes('class="rnn-table"'))) {
      const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
        .slice(1)
        .map((r) => [...r[1].matchAll(/<td style="text-align:(\w+)[^>]*>([^<]*)<\/td>/g)]);
      rows[0].forEach((_, c) => {
        const cells = rows.map((r) => ({ align: r[c][1], text: r[c][2].trim() }));
        const items = (text: string) => text.split(/, |; /); // a list's separator: ", " in English, "; " in Portuguese (0,5; 0,7)
        if (cells.some((x) => items(x.text).length > 1 && items(x.text).every((v) => NUMBER_CELL.test(v)))) return; // lists of numbers read as text
        for (const x of cells.filter((x) => NUMBER_CELL.test(x.text)))
          assert.equal(x.align, "right", `the number ${x.text} is ${x.align}-aligned`);
      });
    }
  });
}

for (const file of editions) {
  test(`${file} says its results instead of pointing at them: at most one "the line above" in its prose`, () => {
    const pointers = pointerSentences(executeNotebook(file));
    assert.ok(pointers.length <= 1, `${pointers.length} sentences point at an output:\n${pointers.join("\n")}`);
  });
}

// The Portuguese edition's code is the English one's (test/notebooks/editions.test.ts): counted once.
test("the notebooks' code cells are short: none over 40 lines, the median at most 12, at most 1,700 lines in all", () => {
  const cells = notebooks
    .filter((f) => f.startsWith("notebooks/"))
    .flatMap((f) =>
      (JSON.parse(readFileSync(join(root, f), "utf8")) as { cells: { cell_type: string; source: string[] }[] }).cells
        .filter((c) => c.cell_type === "code")
        .map((c, i) => ({ where: `${f}, code cell ${i + 1}`, lines: c.source.join("").split("\n").length })),
    );
  const long = cells.filter((c) => c.lines > 40);
  assert.deepEqual(long, [], "cells over 40 lines");
  const sorted = cells.map((c) => c.lines).sort((a, b) => a - b);
  const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  assert.ok(median <= 12, `median ${median} lines`);
  const total = sorted.reduce((a, b) => a + b, 0);
  assert.ok(total <= 1700, `${total} lines in all`);
});

test("the smoke notebook shows every kind of display: 7 figures, 2 equations, an escaped table, a final live figure", () => {
  const nb = executeNotebook("test/smoke.ipynb");
  const raw = readFileSync(nb.file, "utf8");
  assert.equal(raw.match(/data-rnn-plotly-bundle/g)?.length, 1, "the Plotly bundle is sent once");
  const traces = nb.html.flatMap((h) => [...h.matchAll(/class="rnn-figure" data-traces="(\d+)"/g)].map((m) => Number(m[1])));
  assert.deepEqual(traces, [2, 1, 2, 1, 1, 2, 2]);
  const latex = nb.cells.flatMap((c) => c.outputs).filter((o) => o.text.startsWith("$$"));
  assert.equal(latex.length, 2);
  assert.match(latex[1].text, /\\begin\{bmatrix\} 0\.50 & -0\.25 \\\\ 0\.13 & 1\.00 \\end\{bmatrix\}/);
  assert.ok(nb.html.some((h) => h.includes("&lt;b&gt;not bold&lt;/b&gt;")));
  const live = nb.html.find((h) => h.includes("Figure 6"));
  assert.match(live ?? "", /finished · epochs completed 8 · train \d/);
  assert.doesNotMatch(live ?? "", /steps\/s/);
  assert.match(nb.stdout, /final train loss 0\.\d{4}\nsmoke done\n/);
});
