/**
 * Executes a notebook under the project's real tslab kernel (nbclient through scripts/execute.py) and
 * returns its outputs in a form tests can read. Results are cached by the notebook's and the built
 * library's content, so several test files can assert on one execution.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { cacheDir, cachedPath } from "../../scripts/execution-cache";
import { jupyterDir, root } from "../../scripts/jupyter-home.mjs";
import { executeSync } from "../../scripts/notebook-runner";
import { BUNDLE_MARKER, inlineDrawings } from "../../lib/notebook/page-conventions";
import { PLOTLY_MIME } from "../../lib/notebook/plotly";

export { root };
// The novel's folder, absolute because the kernel runs in notebooks/ and would resolve a relative one from there.
process.env.RNN_DATA_DIR = resolve(root, process.env.RNN_DATA_DIR ?? join("..", "shared", "data"));
/** Where the project-local kernel spec lives (see scripts/setup.mjs). */
export const jupyterPath = join(jupyterDir, "share", "jupyter");

export interface CellOutput {
  kind: "stdout" | "stderr" | "html" | "markdown" | "text" | "error";
  text: string;
}
export interface ExecutedCell {
  /** 0-based index among all cells */
  index: number;
  /** the cell's id in the .ipynb */
  id: string;
  type: "code" | "markdown" | "raw";
  source: string;
  outputs: CellOutput[];
}
export interface ExecutedNotebook {
  file: string;
  /** the locale its numbers are written in: the one its code passes to `setLocale` ("en-GB" if none) */
  locale: string;
  cells: ExecutedCell[];
  /** every stdout output, in order, joined */
  stdout: string;
  /** every sentence the notebook said (`say`'s Markdown outputs), in order, one per line */
  said: string;
  /** every stderr and error output */
  stderr: string;
  /** every text/html output (except the one carrying the Plotly library itself) */
  html: string[];
  /** every figure, as the Plotly JSON sent beside its HTML, in order */
  figures: FigureJSON[];
  seconds: number;
}

/** A figure's Plotly JSON (`application/vnd.plotly.v1+json`), with its title as plain text. */
export interface FigureJSON {
  title: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  layout: Record<string, any>;
}

type Json = { cell_type: string; id?: string; source: string | string[]; outputs?: Record<string, unknown>[] };
const joinText = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));

/** Reads an executed .ipynb into cells and outputs (the Plotly bundle output is left out). */
export function readExecuted(file: string, seconds = 0): ExecutedNotebook {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: Json[] };
  const figures = nb.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => (o.data as Record<string, unknown> | undefined)?.[PLOTLY_MIME] as Omit<FigureJSON, "title"> | undefined)
    .filter((f): f is Omit<FigureJSON, "title"> => f !== undefined)
    .map((f) => ({ ...f, title: plainText(String(f.layout.title?.text ?? "")) }));
  const cells: ExecutedCell[] = nb.cells.map((c, index) => ({
    index,
    id: c.id ?? "",
    type: c.cell_type as ExecutedCell["type"],
    source: joinText(c.source),
    outputs: (c.outputs ?? [])
      .map((o): CellOutput => {
        if (o.output_type === "stream") return { kind: o.name === "stderr" ? "stderr" : "stdout", text: joinText(o.text) };
        if (o.output_type === "error") return { kind: "error", text: `${o.ename}: ${o.evalue}` };
        const data = (o.data ?? {}) as Record<string, unknown>;
        if (data["text/html"] !== undefined) return { kind: "html", text: inlineDrawings(joinText(data["text/html"])) };
        if (data["text/markdown"] !== undefined) return { kind: "markdown", text: joinText(data["text/markdown"]) };
        if (data["text/latex"] !== undefined) return { kind: "text", text: joinText(data["text/latex"]) };
        return { kind: "text", text: joinText(data["text/plain"] ?? data["image/svg+xml"]) };
      })
      .filter((o) => !(o.kind === "html" && o.text.includes(BUNDLE_MARKER))),
  }));
  const all = cells.flatMap((c) => c.outputs);
  const code = cells.filter((c) => c.type === "code").map((c) => c.source);
  return {
    file,
    locale: code.map((c) => /\bsetLocale\("([^"]+)"\)/.exec(c)?.[1]).find(Boolean) ?? "en-GB",
    cells,
    stdout: all
      .filter((o) => o.kind === "stdout")
      .map((o) => o.text)
      .join(""),
    said: all
      .filter((o) => o.kind === "markdown")
      .map((o) => o.text)
      .join("\n"),
    stderr: all
      .filter((o) => o.kind === "stderr" || o.kind === "error")
      .map((o) => o.text)
      .join("\n"),
    html: all.filter((o) => o.kind === "html").map((o) => o.text),
    figures,
    seconds,
  };
}

/**
 * Runs `notebook` (a path relative to the project root) top to bottom and returns its outputs.
 * With `fresh`, ignores the cache (for determinism tests that need two real executions).
 * A failing cell throws an error naming the notebook, the cell number and the error.
 */
export function executeNotebook(notebook: string, options: { fresh?: boolean; timeoutSeconds?: number } = {}): ExecutedNotebook {
  const src = resolve(root, notebook);
  mkdirSync(cacheDir, { recursive: true });
  const out = cachedPath(src);
  if (!options.fresh && existsSync(out)) return readExecuted(out);
  const target = join(cacheDir, `${basename(src, ".ipynb")}-run-${process.pid}-${Date.now()}.ipynb`);
  const started = performance.now();
  executeSync(src, target, options.timeoutSeconds ?? 600);
  const seconds = (performance.now() - started) / 1000;
  if (options.fresh) {
    const result = readExecuted(target, seconds);
    rmSync(target);
    return result;
  }
  renameSync(target, out);
  return readExecuted(out, seconds);
}

/** Plotly text (`plotlyText`: HTML entities, `<br>`) as a reader sees it. */
export function plainText(s: string): string {
  return s.replace(/<br>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The figure whose title starts with `prefix` ("Figure 3 ·"); fails the test if there is none. */
export function figure(nb: ExecutedNotebook, prefix: string): FigureJSON {
  const f = nb.figures.find((g) => g.title.startsWith(prefix));
  assert.ok(f, `no figure titled "${prefix}…" among ${nb.figures.map((g) => JSON.stringify(g.title.slice(0, 12))).join(", ")}`);
  return f;
}

/** The first group of the first stdout line matching `re`, as a number; fails the test if none matches. */
export function printedNumber(nb: ExecutedNotebook, re: RegExp): number {
  const m = nb.stdout.match(re);
  assert.ok(m, `expected a line matching ${re} in the notebook's output`);
  return Number(m[1]);
}

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** The decimal mark and the thousands separator of `locale`: "." and "," in English, "," and "." in Portuguese. */
export function separators(locale = "en-GB"): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return { decimal: parts.find((p) => p.type === "decimal")!.value, group: parts.find((p) => p.type === "group")!.value };
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The digits of a number written in `locale`: a sign, digits with its thousands separator, its decimal mark. */
function mantissaPattern(locale: string): string {
  const { decimal, group } = separators(locale);
  return String.raw`[−+-]?[\d${escapeRe(group)}]*${escapeRe(decimal)}?\d+`;
}

/** A number as `say` writes it in `locale`, for a group of a regular expression: "−1,234.5", "9.2 × 10⁻¹¹", "12.3 %" (English). */
export function saidPattern(locale = "en-GB"): string {
  return String.raw`${mantissaPattern(locale)}(?: × 10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?(?: ?%)?`;
}

/**
 * A number as `say` writes it in `locale`, back to a number: "−1,234.5" → −1234.5, "9.2 × 10⁻¹¹" → 9.2e-11, "12.3 %" →
 * 12.3 (a percentage stays in percent), "+0.041" → 0.041; in Portuguese "−1.234,5", "9,2 × 10⁻¹¹", "12,3 %".
 */
export function readNumber(text: string, locale = "en-GB"): number {
  const t = text.trim().replace(/\u00a0/g, " ");
  const m = new RegExp(`^(${mantissaPattern(locale)})(?: × 10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?(?: ?%)?$`).exec(t);
  assert.ok(m, `"${text}" is not a number as say writes one in ${locale}`);
  const { decimal, group } = separators(locale);
  const mantissa = Number(m[1].replace("−", "-").split(group).join("").replace(decimal, "."));
  const power = m[2] ? Number(m[2].replace("⁻", "-").replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => String(SUPERSCRIPTS.indexOf(c)))) : 0;
  return Number(`${mantissa}e${power}`);
}

/** A number said by `say` in English: the slot's text is `re`'s first group (write it as `(${SAID})`; `saidPattern` for another locale). */
export const SAID = saidPattern();

/** The first group of the first sentence matching `re`, read as a number in the notebook's locale; fails the test if none matches. */
export function saidNumber(nb: ExecutedNotebook, re: RegExp): number {
  const m = said(nb).match(re);
  assert.ok(m, `expected a sentence matching ${re} in what the notebook said:\n${said(nb)}`);
  return readNumber(m[1], nb.locale);
}

/** Every group of the first sentence matching `re`, read as numbers in the notebook's locale; fails the test if none matches. */
export function saidNumbers(nb: ExecutedNotebook, re: RegExp): number[] {
  const m = said(nb).match(re);
  assert.ok(m, `expected a sentence matching ${re} in what the notebook said:\n${said(nb)}`);
  return m.slice(1).map((g) => readNumber(g, nb.locale));
}

/** What the notebook said, with no-break spaces read as spaces (so a test can write "12.3 %"). */
export function said(nb: ExecutedNotebook): string {
  return nb.said.replace(/\u00a0/g, " ");
}

/** Every table `showTable` drew, in order: its headers and its rows of cell texts (entities decoded). */
export function tables(nb: ExecutedNotebook): { headers: string[]; rows: string[][] }[] {
  const cells = (row: string) =>
    [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((m) =>
      plainText(m[1])
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    );
  return nb.html
    .filter((h) => h.includes('class="rnn-table"'))
    .map((h) => {
      const [head, ...rows] = [...h.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => cells(m[1]));
      return { headers: head, rows };
    });
}

/** Fails unless nothing went to stderr and no code cell raised an error. */
export function assertRanClean(nb: ExecutedNotebook): void {
  assert.equal(nb.stderr, "");
  assert.ok(nb.cells.filter((c) => c.type === "code").every((c) => c.outputs.every((o) => o.kind !== "error")));
}

/** The source of the cell with id `id` (fails the test if there is none). */
export function cellSource(nb: ExecutedNotebook, id: string): string {
  const cell = nb.cells.find((c) => c.id === id);
  assert.ok(cell, `no cell with id ${id}`);
  return cell.source;
}

/** Every markdown cell's text, joined, with line breaks inside paragraphs read as spaces. */
export function prose(nb: ExecutedNotebook): string {
  return nb.cells
    .filter((c) => c.type === "markdown")
    .map((c) => c.source.replace(/([^\n])\n(?=[^\n])/g, "$1 "))
    .join("\n\n");
}

/**
 * The prose's sentences that send the reader to an output instead of saying what it shows: "the line above", "the
 * printed count", "the numbers printed above", "(printed above)".
 */
export function pointerSentences(nb: ExecutedNotebook): string[] {
  const pointer = isPortuguese(nb)
    ? /(?<!\p{L})((frases?|linhas?|números?|saídas?|valores?|contagens?) (impress[oa]s? )?(acima|abaixo)|impress[oa]s? (acima|abaixo)|(o|a|os|as) (última |primeira )?(linhas?|números?|contagens?|valores?|médias?|erros?) impress[oa]s?)(?!\p{L})/iu
    : /\b(printed (above|below|line|lines)|(line|lines|sentence|sentences|numbers?|output) (printed )?above|the (last |first )?printed (line|lines|number|numbers|count|counts|verdict|rank|share|errors?|means?|slopes?|values?|step|correlation))\b/i;
  return prose(nb)
    .split(/(?<=[.!?:])\s+/)
    .filter((sentence) => pointer.test(sentence));
}

/** Whether the notebook is the Portuguese edition's (it writes its numbers in Portuguese). */
export const isPortuguese = (nb: ExecutedNotebook) => nb.locale.startsWith("pt");

/** The first group of the first prose match of `re`, as a number written in the notebook's locale; fails the test if none matches. */
export function proseNumber(nb: ExecutedNotebook, re: RegExp): number {
  const m = prose(nb).match(re);
  assert.ok(m, `expected the notebook's prose to match ${re}`);
  return readNumber(m[1].replace(/\s/g, ""), nb.locale);
}

/** The first group of the first code match of `re` (in the cell `id`, or anywhere), as a number. */
export function codeNumber(nb: ExecutedNotebook, re: RegExp, id?: string): number {
  const code = id
    ? cellSource(nb, id)
    : nb.cells
        .filter((c) => c.type === "code")
        .map((c) => c.source)
        .join("\n");
  const m = code.match(re);
  assert.ok(m, `expected the notebook's code${id ? ` (cell ${id})` : ""} to match ${re}`);
  return Number(m[1]);
}

/** Asserts that a number the prose states is the one the code uses (`code`) or the output prints (`printed`). */
export function assertProseRestates(
  nb: ExecutedNotebook,
  proseRe: RegExp,
  source: { code: RegExp; id?: string } | { printed: RegExp },
): void {
  const stated = proseNumber(nb, proseRe);
  const actual = "printed" in source ? printedNumber(nb, source.printed) : codeNumber(nb, source.code, source.id);
  assert.equal(stated, actual, `the prose (${proseRe}) says ${stated}, the notebook ${"printed" in source ? "prints" : "uses"} ${actual}`);
}

/** The tutorial the notebooks follow, as the project's shared folder holds it. */
export const TUTORIAL = {
  title: "Redes Neurais Recorrentes",
  author: "Matheus Facure",
  year: "2017",
  url: "https://matheusfacure.github.io/2017/09/12/rnn/",
  file: resolve(root, "..", "shared", "seed", "000_852ba68821c06aec.txt"),
};

/** The tutorial's text with Markdown emphasis and line breaks removed, lower-cased, for finding quotations. */
export function tutorialText(): string {
  assert.ok(existsSync(TUTORIAL.file), `the tutorial is not at ${TUTORIAL.file}`);
  return normalise(readFileSync(TUTORIAL.file, "utf8"));
}
/** Markdown links read as their text, emphasis marks dropped, white space collapsed, lower case. */
const normalise = (s: string) =>
  s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_]/g, "")
    .replace(/\s+/g, " ")
    .toLowerCase();

/**
 * Fails unless the notebook opens by crediting the tutorial (title, author, year and link), and unless the
 * Portuguese in every heading (the words in parentheses after its title) and every «quotation» are the tutorial's words.
 * A Portuguese edition's notebook title may instead be the tutorial's own section name ("# 1 · Motivação").
 */
export function assertCreditsAndHeadings(nb: ExecutedNotebook): void {
  const first = nb.cells.find((c) => c.type === "markdown");
  assert.ok(first, "no markdown cell");
  for (const part of [TUTORIAL.title, TUTORIAL.author, TUTORIAL.year, `](${TUTORIAL.url})`])
    assert.ok(first.source.includes(part), `the first cell should credit the tutorial with ${part}`);
  const tutorial = tutorialText();
  for (const q of prose(nb).matchAll(/«([^»]+)»/g)) assert.ok(tutorial.includes(normalise(q[1])), `«${q[1]}» is not the tutorial's words`);
  const headings = nb.cells.filter((c) => c.type === "markdown").flatMap((c) => c.source.split("\n").filter((l) => /^#{1,2} /.test(l)));
  assert.ok(headings.length > 1, "the notebook has section headings");
  const unquoted = isPortuguese(nb) ? /^## (Resumo|Referências|Leituras adicionais)$/ : /^## (Summary|Referências|Further reading)$/;
  for (const h of headings) {
    const pt = h.match(/\(([^()]+)\)\s*$/) ?? (isPortuguese(nb) ? h.match(/^# \d+ · ([^(:]+)$/) : null);
    if (h.startsWith("# ") || !unquoted.test(h)) assert.ok(pt, `heading without the tutorial's words: ${h}`);
    if (pt) assert.ok(tutorial.includes(normalise(pt[1])), `"${pt[1]}" (in "${h}") is not the tutorial's words`);
  }
}
