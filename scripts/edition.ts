/**
 * `npm run edition`: writes the Portuguese edition's notebooks (notebooks-pt-BR/) from the English ones. The
 * cells come in the English order with the English ids; every code cell is the English code with its texts
 * (strings, templates, comments) swapped by the string table editions/pt-BR/NN-name.json, so the two editions
 * compute the same thing; every Markdown cell is the Portuguese notebook's own cell of the same id.
 * `--check` writes nothing and fails when a notebook would change, or when a text has no entry in a table
 * (a string the English code gained) or an entry is used by no text (one it lost), or when an English Markdown
 * cell changed since its Portuguese was written. `--translated` records, once the Portuguese cells it named are
 * brought up to date, that every Portuguese Markdown cell translates the English as it now is.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { codeTexts, hasWords, rewrite } from "./edition-texts";
import { root } from "./jupyter-home.mjs";

/** The Portuguese edition: its notebooks' folder and its string tables'. */
export const EDITION = { lang: "pt-BR", notebooks: join(root, "notebooks-pt-BR"), tables: join(root, "editions", "pt-BR") };
/** Marks a Markdown cell the English edition gained and the Portuguese one has not translated yet. */
export const UNTRANSLATED = "<!-- TRADUZIR: texto novo da edição inglesa -->";

/**
 * A string table: the Portuguese notebook's file name, each English text's Portuguese (keyed by the text, or by
 * "cell-id|text" for that cell's occurrences alone), the texts kept as they are (code such as "adam"), and for
 * each Markdown cell a digest of the English text its Portuguese translates (so a later English edit is noticed).
 */
interface Table {
  notebook: string;
  strings: Record<string, string>;
  same: string[];
  prose?: Record<string, string>;
}

interface Cell {
  cell_type: string;
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

const text = (c: Cell) => c.source.join("");
/** A short digest of an English Markdown cell: enough to notice that it changed. */
const digest = (c: Cell) => createHash("sha256").update(text(c)).digest("hex").slice(0, 16);
/** A cell's text as nbformat stores it: one string per line, each but the last ending in "\n". */
const lines = (s: string) => s.split(/(?<=\n)/).filter((l) => l !== "");

/**
 * What one notebook of the edition needs fixing: texts without an entry, entries without a text, cells without
 * Portuguese, and Markdown cells whose English changed since their Portuguese was written (`prose`: every
 * Markdown cell's digest now, for `--translated`).
 */
export interface Report {
  english: string;
  notebook: string;
  untranslated: string[];
  unused: string[];
  newCells: string[];
  changedProse: string[];
  prose: Record<string, string>;
}

/** The Portuguese notebook made from `englishFile` and `table` (the current Portuguese notebook gives the prose), and what is missing. */
export function makeEdition(englishFile: string, table: Table): { json: string; report: Report } {
  const english = JSON.parse(readFileSync(englishFile, "utf8")) as Notebook;
  const target = join(EDITION.notebooks, table.notebook);
  const current = existsSync(target) ? (JSON.parse(readFileSync(target, "utf8")) as Notebook) : undefined;
  const prose = new Map((current?.cells ?? []).filter((c) => c.cell_type === "markdown").map((c) => [c.id, c]));
  const report: Report = {
    english: basename(englishFile),
    notebook: table.notebook,
    untranslated: [],
    unused: [],
    newCells: [],
    changedProse: [],
    prose: {},
  };
  const used = new Set<string>();
  const same = new Set(table.same);
  const cells = english.cells.map((cell): Cell => {
    if (cell.cell_type !== "code") {
      const own = prose.get(cell.id);
      report.prose[cell.id] = digest(cell);
      if (own && !text(own).startsWith(UNTRANSLATED)) {
        if (table.prose?.[cell.id] !== report.prose[cell.id]) report.changedProse.push(cell.id);
        return { ...own, cell_type: cell.cell_type };
      }
      report.newCells.push(cell.id);
      return { ...cell, source: lines(`${UNTRANSLATED}\n${text(cell)}`) };
    }
    const source = text(cell);
    let code = "",
      at = 0;
    for (const t of codeTexts(source)) {
      code += source.slice(at, t.start);
      at = t.end;
      const original = source.slice(t.start, t.end);
      const key = [`${cell.id}|${t.key}`, t.key].find((k) => Object.hasOwn(table.strings, k)); // "cell-id|text": this cell's alone
      if (key !== undefined) {
        used.add(key);
        code += rewrite(t, table.strings[key]);
      } else {
        if (same.has(t.key)) used.add(t.key);
        else if (hasWords(t)) report.untranslated.push(`${cell.id}: ${original}`);
        code += original;
      }
    }
    code += source.slice(at);
    return { ...cell, source: lines(code), outputs: [], execution_count: null };
  });
  report.unused = [...Object.keys(table.strings), ...table.same].filter((k) => !used.has(k));
  const nb: Notebook = { ...english, cells };
  return { json: `${JSON.stringify(nb, null, 1)}\n`, report };
}

/** Every English notebook with a string table, and its table. */
export function editionTables(): { english: string; tableFile: string; table: Table }[] {
  return readdirSync(EDITION.tables)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      english: join(root, "notebooks", f.replace(/\.json$/, ".ipynb")),
      tableFile: join(EDITION.tables, f),
      table: JSON.parse(readFileSync(join(EDITION.tables, f), "utf8")) as Table,
    }));
}

/** The problems of one report, one per line (empty when the notebook is complete). */
export function problems(r: Report): string[] {
  return [
    ...r.untranslated.map(
      (t) =>
        `${r.notebook}: no Portuguese for the text in cell ${t} (add it to editions/pt-BR/${r.english.replace(".ipynb", ".json")}, under "strings" or "same")`,
    ),
    ...r.unused.map(
      (k) => `${r.notebook}: the table's entry ${JSON.stringify(k)} matches no text of ${r.english} (did the English change it?)`,
    ),
    ...r.newCells.map((id) => `${r.notebook}: the Markdown cell ${id} has no Portuguese yet (it is marked ${UNTRANSLATED})`),
    ...r.changedProse.map(
      (id) =>
        `${r.notebook}: the English of Markdown cell ${id} changed since its Portuguese was written (git log -p notebooks/${r.english} shows how): update the Portuguese cell, then run npm run edition -- --translated`,
    ),
  ];
}

function main(): void {
  const check = process.argv.includes("--check");
  const translated = !check && process.argv.includes("--translated");
  let failed = false;
  for (const { english, tableFile, table } of editionTables()) {
    const { json, report } = makeEdition(english, table);
    if (translated && JSON.stringify(table.prose) !== JSON.stringify(report.prose)) {
      // every Portuguese Markdown cell now translates the English as it is
      writeFileSync(tableFile, `${JSON.stringify({ ...table, prose: report.prose }, null, 2)}\n`);
      console.log(
        `recorded in editions/pt-BR/${basename(tableFile)}: its Portuguese prose translates notebooks/${report.english} as it is now`,
      );
      report.changedProse = [];
    }
    const target = join(EDITION.notebooks, table.notebook);
    const stale = !existsSync(target) || readFileSync(target, "utf8") !== json;
    for (const p of problems(report)) console.error(p);
    failed ||= problems(report).length > 0 || (check && stale);
    if (check) {
      if (stale) console.error(`${table.notebook} is not what notebooks/${report.english} and its table give: run npm run edition`);
    } else if (stale) {
      writeFileSync(target, json);
      console.log(`wrote notebooks-pt-BR/${table.notebook}`);
    } else console.log(`notebooks-pt-BR/${table.notebook} is up to date`);
  }
  process.exit(failed ? 1 : 0);
}

if (require.main === module) main();
