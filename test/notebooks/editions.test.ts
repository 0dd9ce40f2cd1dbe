/**
 * The Portuguese edition computes what the English one computes and says the same numbers. Each Portuguese notebook is
 * what `npm run edition` makes of the English one and its string table (nothing untranslated, nothing stale); its code
 * cells are the English ones with only their texts (strings, templates, comments) changed; run under the kernel, it
 * prints, says, tables and draws the same numbers; its prose states the numbers the English prose states; and the
 * sentences, titles and headers it shows are Portuguese.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { EDITION, editionTables, makeEdition, problems, UNTRANSLATED } from "../../scripts/edition";
import { masked } from "../../scripts/edition-texts";
import { executeNotebook, plainText, readNumber, root, saidPattern, tables, type ExecutedNotebook } from "../helpers/notebook";
import { loadUnemploymentPanel } from "../../lib/data/series";

type Raw = { cells: { id: string; cell_type: string; source: string[] }[] };
const raw = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Raw;

/** Every number written in `text` in `locale`, read back (a list, in order of appearance). */
function numbersIn(text: string, locale: string): number[] {
  const re = new RegExp(`(?<![\\p{L}\\d])${saidPattern(locale)}`, "gu");
  // TeX writes a decimal comma braced: 0{,}5
  return [...text.replace(/\u00a0/g, " ").replace(/\{,\}/g, ",").matchAll(re)].map((m) => readNumber(m[0], locale));
}
const sorted = (v: number[]) => [...v].sort((a, b) => a - b);

/** Every number of a figure's traces (x, y, z, values …), in order; the traces' texts are left out. */
function traceNumbers(data: unknown): number[] {
  if (typeof data === "number") return [data];
  if (Array.isArray(data)) return data.flatMap(traceNumbers);
  if (data && typeof data === "object") return Object.values(data).flatMap(traceNumbers);
  return [];
}

/** What one code cell showed, as numbers: its sentences' and printed text's (as sets, the word order being the language's), its tables' and its figures' (in order). */
function cellNumbers(nb: ExecutedNotebook, index: number) {
  const outputs = nb.cells[index].outputs;
  const of = (kind: string) => sorted(outputs.filter((o) => o.kind === kind).flatMap((o) => numbersIn(o.text, nb.locale)));
  return { said: of("markdown"), printed: of("stdout"), kinds: outputs.map((o) => o.kind) };
}

/** English words that never appear in Portuguese text: one of them in a Portuguese sentence is an untranslated text. */
const ENGLISH = /(?<!\p{L})(the|and|of|with|than|which|is|are|from|its|each|every|this|that)(?!\p{L})/iu;
/** What a sentence may quote in English: «quoted» text (a library error message) and the data's own names (industries). */
const QUOTED = new RegExp([String.raw`«[^»]*»`, ...loadUnemploymentPanel().names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))].join("|"), "g");

test("an English Markdown cell edited after its Portuguese was written is named, until --translated records it", () => {
  const { english, table } = editionTables()[0];
  const nb = raw(english);
  const cell = nb.cells.find((c) => c.cell_type === "markdown")!;
  cell.source = [...cell.source, " One more English sentence."];
  const dir = mkdtempSync(join(tmpdir(), "edition-"));
  try {
    const edited = join(dir, "notebook.ipynb");
    writeFileSync(edited, JSON.stringify(nb));
    const { report } = makeEdition(edited, table);
    assert.deepEqual(report.changedProse, [cell.id]);
    assert.match(problems(report).join("\n"), new RegExp(`Markdown cell ${cell.id} changed since its Portuguese was written`));
    // what --translated writes into the table clears it
    assert.deepEqual(makeEdition(edited, { ...table, prose: report.prose }).report.changedProse, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const { english, table } of editionTables()) {
  const pt = join(EDITION.notebooks, table.notebook);
  const name = relative(root, pt);
  const en = relative(root, english);

  test(`${name} is what npm run edition makes of ${en} and its string table, with every text and cell translated`, () => {
    const { json, report } = makeEdition(english, table);
    assert.deepEqual(problems(report), []);
    assert.ok(readFileSync(pt, "utf8") === json, `${name} has drifted from ${en}: run npm run edition`);
    assert.ok(!readFileSync(pt, "utf8").includes(UNTRANSLATED));
  });

  test(`${name} has ${en}'s cells in its order, and code that differs from it only in human-language texts`, () => {
    const a = raw(english).cells,
      b = raw(pt).cells;
    assert.deepEqual(
      b.map((c) => [c.id, c.cell_type]),
      a.map((c) => [c.id, c.cell_type]),
    );
    a.forEach((c, i) => {
      if (c.cell_type !== "code") return;
      assert.equal(masked(b[i].source.join("")), masked(c.source.join("")), `cell ${c.id} computes something else`);
    });
  });

  test(`${name} says, prints, tables and draws the numbers ${en} does`, () => {
    const nbEn = executeNotebook(en),
      nbPt = executeNotebook(name);
    assert.equal(nbPt.locale, "pt-BR");
    nbEn.cells.forEach((c, i) => {
      if (c.type !== "code") return;
      assert.deepEqual(cellNumbers(nbPt, i), cellNumbers(nbEn, i), `cell ${c.id}`);
    });
    assert.equal(nbPt.figures.length, nbEn.figures.length);
    nbEn.figures.forEach((f, k) => assert.deepEqual(traceNumbers(nbPt.figures[k].data), traceNumbers(f.data), `${f.title}: its data`));
    const [tEn, tPt] = [tables(nbEn), tables(nbPt)];
    assert.equal(tPt.length, tEn.length);
    tEn.forEach((x, k) =>
      assert.deepEqual(
        tPt[k].rows.map((r) => sorted(r.flatMap((cell) => numbersIn(cell, nbPt.locale)))), // a row's words may come in another order
        x.rows.map((r) => sorted(r.flatMap((cell) => numbersIn(cell, nbEn.locale)))),
        `table ${k + 1}`,
      ),
    );
  });

  test(`${name}'s prose states, cell by cell, the numbers ${en}'s prose states`, () => {
    const a = raw(english).cells,
      b = raw(pt).cells;
    a.forEach((c, i) => {
      if (c.cell_type !== "markdown") return;
      // link targets and section numbers (§10.7, written so in both languages) aside
      const numbers = (s: string, locale: string) => sorted(numbersIn(s.replace(/\]\([^)]*\)/g, "]").replace(/§[\d.]+/g, "§"), locale));
      assert.deepEqual(numbers(b[i].source.join(""), "pt-BR"), numbers(c.source.join(""), "en-GB"), `cell ${c.id}`);
    });
  });

  test(`${name} shows its sentences, figure and axis titles and table headers in Portuguese`, () => {
    const nb = executeNotebook(name);
    const shown = [
      ...nb.said.split("\n"),
      ...nb.figures.flatMap((f) => [f.title, ...["xaxis", "yaxis", "yaxis2"].map((a) => plainText(String(f.layout[a]?.title?.text ?? "")))]),
      ...tables(nb).flatMap((x) => x.headers),
    ];
    for (const s of shown) assert.doesNotMatch(s.replace(QUOTED, ""), ENGLISH, `"${s}" reads as English`);
  });
}
