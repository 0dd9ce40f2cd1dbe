/**
 * The library's own lines, read from its source so a notebook can print the code beside the equation it
 * computes: a block from its doc comment to its closing brace, or the lines under a comment that hold
 * given pieces of code — found by content, so they follow the source when it moves.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ValueError } from "../errors";
import { escapeHtml } from "./escape";
import { sink } from "./display";

/** One line of a library file: its number (from 1) and its text. */
export interface SourceLine {
  line: number;
  text: string;
}

/** The lines of lib/`file` (this file sits in lib/notebook/ under tsx and in dist/notebook/ when built: both are two levels down). */
function sourceOf(file: string): string[] {
  return readFileSync(join(__dirname, "..", "..", "lib", file), "utf8").split("\n");
}

/**
 * The block of lib/`file` that starts at the doc comment containing `marker` and ends at the brace that closes
 * the first block opened after it, unindented by its own indent. Example: `sourceBlock("rnn.ts", "h_t = φ(b_h")`.
 */
export function sourceBlock(file: string, marker: string): SourceLine[] {
  const source = sourceOf(file);
  const from = source.findIndex((l) => l.trim().startsWith("/**") && l.includes(marker));
  if (from < 0) throw new ValueError(`sourceBlock: lib/${file} has no doc comment containing ${JSON.stringify(marker)}`);
  let to = from + 1;
  for (let depth = 0, opened = false; to < source.length; to++) {
    for (const ch of source[to]) depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
    opened ||= source[to].includes("{");
    if (opened && depth === 0) break;
  }
  const indent = source[from].length - source[from].trimStart().length;
  return source.slice(from, to + 1).map((text, i) => ({ line: from + 1 + i, text: text.slice(indent) }));
}

/**
 * For each of `parts`, the first line of lib/`file` after the `//` comment containing `comment` that contains it.
 * Example: `sourceLines("cells/lstm.ts", "c_t = f ⊙ c_{t−1} + i ⊙ g", ["cd[u] = f * cPrev[u] + i * g"])`.
 */
export function sourceLines(file: string, comment: string, parts: string[]): SourceLine[] {
  const source = sourceOf(file);
  const from = source.findIndex((l) => l.trim().startsWith("//") && l.includes(comment));
  if (from < 0) throw new ValueError(`sourceLines: lib/${file} has no comment with ${JSON.stringify(comment)}`);
  return parts.map((part) => {
    const at = source.findIndex((l, i) => i > from && l.includes(part));
    if (at < 0)
      throw new ValueError(
        `sourceLines: lib/${file} has no line with ${JSON.stringify(part)} after the comment ${JSON.stringify(comment)}`,
      );
    return { line: at + 1, text: source[at].trim() };
  });
}

/** Lines as a listing: each number right-aligned before a bar. */
export function listing(lines: SourceLine[]): string {
  const width = String(Math.max(...lines.map((l) => l.line))).length;
  return lines.map((l) => `${String(l.line).padStart(width)}│ ${l.text}`).join("\n");
}

/** An equation (LaTeX) and where the library computes it: its file, the comment above the code, what the lines contain. */
export type EquationRow = [tex: string, file: string, comment: string, parts: string[]];

/**
 * Shows equations, each beside the library lines that compute it (below it on a narrow screen), under a caption.
 * The code keeps its lines whole and scrolls sideways when it is wider than the column.
 */
export function showEquationsBeside(caption: string, rows: EquationRow[]): void {
  const body = rows.map(([tex, file, comment, parts]) =>
    [
      `<div class="rnn-equation" style="display:flex;flex-wrap:wrap;align-items:center;gap:4px 18px;padding:6px 0;border-top:1px solid #e5e5e5">`,
      `<div style="flex:0 0 340px;max-width:100%">\\(${escapeHtml(tex)}\\)</div>`,
      `<div style="flex:1 1 320px;min-width:0;text-align:left"><small>lib/${escapeHtml(file)}</small>`,
      `<pre style="margin:2px 0;overflow-x:auto;white-space:pre;word-break:normal;overflow-wrap:normal;text-align:left;font-family:'DejaVu Sans Mono',monospace">`,
      `${escapeHtml(listing(sourceLines(file, comment, parts)))}</pre></div></div>`,
    ].join(""),
  );
  sink().display({
    "text/html": `<div class="rnn-equations"><p style="margin:4px 0"><em>${escapeHtml(caption)}</em></p>\n${body.join("\n")}\n</div>`,
  });
}
