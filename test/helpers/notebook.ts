/**
 * Executes a notebook under the project's real tslab kernel (nbclient through scripts/execute.py) and
 * returns its outputs in a form tests can read. Results are cached by the notebook's and the built
 * library's content, so several test files can assert on one execution.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { cacheDir, cachedPath, executeSync, jupyterDir, root } from "../../scripts/jupyter";
import { BUNDLE_MARKER } from "../../lib/notebook/plotly";

export { root };
/** Where the project-local kernel spec lives (see scripts/setup.mjs). */
export const jupyterPath = join(jupyterDir, "share", "jupyter");

export interface CellOutput {
  kind: "stdout" | "stderr" | "html" | "text" | "error";
  text: string;
}
export interface ExecutedCell {
  /** 0-based index among all cells */
  index: number;
  type: "code" | "markdown" | "raw";
  source: string;
  outputs: CellOutput[];
}
export interface ExecutedNotebook {
  file: string;
  cells: ExecutedCell[];
  /** every stdout output, in order, joined */
  stdout: string;
  /** every stderr and error output */
  stderr: string;
  /** every text/html output (except the one carrying the Plotly library itself) */
  html: string[];
  seconds: number;
}

type Json = { cell_type: string; source: string | string[]; outputs?: Record<string, unknown>[] };
const joinText = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));

/** Reads an executed .ipynb into cells and outputs (the Plotly bundle output is left out). */
export function readExecuted(file: string, seconds = 0): ExecutedNotebook {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: Json[] };
  const cells: ExecutedCell[] = nb.cells.map((c, index) => ({
    index,
    type: c.cell_type as ExecutedCell["type"],
    source: joinText(c.source),
    outputs: (c.outputs ?? [])
      .map((o): CellOutput => {
        if (o.output_type === "stream") return { kind: o.name === "stderr" ? "stderr" : "stdout", text: joinText(o.text) };
        if (o.output_type === "error") return { kind: "error", text: `${o.ename}: ${o.evalue}` };
        const data = (o.data ?? {}) as Record<string, unknown>;
        if (data["text/html"] !== undefined) return { kind: "html", text: joinText(data["text/html"]) };
        if (data["text/latex"] !== undefined) return { kind: "text", text: joinText(data["text/latex"]) };
        return { kind: "text", text: joinText(data["text/plain"] ?? data["image/svg+xml"]) };
      })
      .filter((o) => !(o.kind === "html" && o.text.includes(BUNDLE_MARKER))),
  }));
  const all = cells.flatMap((c) => c.outputs);
  return {
    file,
    cells,
    stdout: all
      .filter((o) => o.kind === "stdout")
      .map((o) => o.text)
      .join(""),
    stderr: all
      .filter((o) => o.kind === "stderr" || o.kind === "error")
      .map((o) => o.text)
      .join("\n"),
    html: all.filter((o) => o.kind === "html").map((o) => o.text),
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

/** The first group of the first stdout line matching `re`, as a number; fails the test if none matches. */
export function printedNumber(nb: ExecutedNotebook, re: RegExp): number {
  const m = nb.stdout.match(re);
  assert.ok(m, `expected a line matching ${re} in the notebook's output`);
  return Number(m[1]);
}

/** Fails unless nothing went to stderr and no code cell raised an error. */
export function assertRanClean(nb: ExecutedNotebook): void {
  assert.equal(nb.stderr, "");
  assert.ok(nb.cells.filter((c) => c.type === "code").every((c) => c.outputs.every((o) => o.kind !== "error")));
}
