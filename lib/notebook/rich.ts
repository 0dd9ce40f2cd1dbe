/**
 * Non-figure displays: raw HTML, SVG, LaTeX equations (typeset by MathJax in Notebook, Lab and the
 * exported pages), matrices written out as LaTeX with their numbers, and escaped HTML tables.
 */
import { Matrix } from "../matrix";
import { describeValue, ShapeError, ValueError } from "../errors";
import { escapeHtml } from "./escape";
import { sink } from "./display";
import { formatNumber } from "./locale";
import { drawingImage } from "./page-conventions";

function checkString(fn: string, name: string, s: unknown): asserts s is string {
  if (typeof s !== "string" || s.trim() === "") throw new ValueError(`${fn}: ${name} is ${describeValue(s)}, expected a non-empty string`);
}

/** Displays trusted HTML as is (escape any text you put in it with your own care). */
export function showHTML(html: string): void {
  checkString("showHTML", "html", html);
  sink().display({ "text/html": html });
}

/**
 * Displays an SVG image given as markup, e.g. `showSVG('<svg xmlns="http://www.w3.org/2000/svg" …>…</svg>')`.
 * It is sent as HTML holding an `<img>` of the SVG (see `drawingImage`), which JupyterLab draws even in an
 * untrusted notebook; `image/svg+xml` is never shown there, and nbconvert's HTML export keeps only the text
 * of an SVG output.
 */
export function showSVG(svg: string): void {
  checkString("showSVG", "svg", svg);
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(svg))
    throw new ValueError(`showSVG: svg starts with ${JSON.stringify(svg.slice(0, 20))}, expected "<svg …>"`);
  sink().display({ "text/html": drawingImage(svg) });
}

/**
 * Displays a formula in display mode. Example: `showTex("h_t = \\tanh(b_h + x_t W_x + h_{t-1} W_h)")`,
 * or mathjs: `showTex(parse("tanh(x)").toTex())`. Text already wrapped in `$$…$$` is shown as is.
 */
export function showTex(latex: string): void {
  checkString("showTex", "latex", latex);
  const t = latex.trim();
  sink().display({ "text/latex": /^\$\$[\s\S]*\$\$$/.test(t) ? t : `$$${t}$$` });
}

/**
 * `v` for LaTeX in the notebook's locale: `digits` decimals (or as JavaScript writes it), never "−0.00", and a
 * decimal comma braced, 0{,}5, so TeX does not space it like a list's comma. Example: `showTex(\`L = ${texNumber(loss, 6)}\`)`.
 */
export function texNumber(v: number, digits?: number): string {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`texNumber: v is ${describeValue(v)}, expected a finite number`);
  let s = digits === undefined ? String(v) : v.toFixed(digits);
  if (/^-0\.?0*$/.test(s)) s = s.slice(1);
  return formatNumber(1.5, ".1f").includes(",") ? s.replace(".", "{,}") : s;
}

/**
 * A matrix as LaTeX with its numbers: `matrixTex([[1, 2], [3, 4]], 1)` →
 * `"\\begin{bmatrix} 1.0 & 2.0 \\\\ 3.0 & 4.0 \\end{bmatrix}"` (use inside `showTex`).
 */
export function matrixTex(m: Matrix | number[][], digits = 3): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 12)
    throw new ValueError(`matrixTex: digits is ${describeValue(digits)}, expected an integer from 0 to 12`);
  const M = m instanceof Matrix ? m : Matrix.from(m, "matrixTex: m");
  if (M.rows === 0 || M.cols === 0) throw new ShapeError(`matrixTex: m is ${M.rows}×${M.cols}, expected at least one entry`);
  const rows: string[] = [];
  for (let r = 0; r < M.rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < M.cols; c++) {
      const v = M.get(r, c);
      if (!Number.isFinite(v)) throw new ValueError(`matrixTex: m[${r}][${c}] is ${v}, expected a finite number`);
      cells.push(texNumber(v, digits));
    }
    rows.push(cells.join(" & "));
  }
  return `\\begin{bmatrix} ${rows.join(" \\\\ ")} \\end{bmatrix}`;
}

/** A number, or a number written as text ("1.5", "−0.25", "1,024", "3.8e-3", "1.2 × 10⁻⁵", "39.2 %", "2×"). */
const NUMBER = /^[−+-]?(\d+([.,]\d+)*|\.\d+)(e[−+-]?\d+|\s×\s10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?\s?(%|×)?$/i;
/** What a numeric column may hold besides numbers: a dash for "no value". */
const BLANK = /^(—|–|-|)$/;

/**
 * An HTML table; every header and cell is escaped, and a number is written in the notebook's locale (`formatNumber`:
 * whole numbers as they are, others to four significant digits; format it yourself for more). Columns whose cells
 * are all numbers (or numbers as text, e.g. from `formatNumber`) are right-aligned with digits of equal width, so they
 * line up, and never wrap.
 * Example: `showTable(["optimizer", "final loss"], [["adam", 0.012], ["sgd", 0.08]])`.
 */
export function showTable(headers: string[], rows: (string | number)[][]): void {
  if (!Array.isArray(headers) || headers.length === 0)
    throw new ShapeError(`showTable: headers is ${JSON.stringify(headers)}, expected a non-empty array of strings`);
  if (!Array.isArray(rows)) throw new ValueError(`showTable: rows is ${describeValue(rows)}, expected an array of rows`);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== headers.length)
      throw new ShapeError(
        `showTable: rows[${r}] has ${Array.isArray(row) ? row.length : typeof row} cells, expected ${headers.length} (one per header)`,
      );
  });
  const numeric = headers.map((_, c) => {
    const cells = rows.map((row) => (typeof row[c] === "number" ? "0" : String(row[c]).trim()));
    return cells.some((v) => NUMBER.test(v)) && cells.every((v) => NUMBER.test(v) || BLANK.test(v));
  });
  const cell = (v: string | number, c: number, tag: "td" | "th") =>
    `<${tag} style="text-align:${numeric[c] ? "right;font-variant-numeric:tabular-nums;white-space:nowrap" : "left"};padding:2px 10px">${escapeHtml(typeof v === "number" && Number.isFinite(v) ? formatNumber(v) : String(v))}</${tag}>`; // a number never breaks across lines
  const head = `<tr>${headers.map((h, c) => cell(String(h), c, "th")).join("")}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((v, c) => cell(v, c, "td")).join("")}</tr>`).join("\n");
  sink().display({
    "text/html": `<table class="rnn-table" style="border-collapse:collapse">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`,
  });
}
