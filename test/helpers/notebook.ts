/**
 * Executes a notebook under the project's real tslab kernel (Jupyter's nbconvert/nbclient) and
 * returns its outputs in a form tests can read. Results are cached by the notebook's and the built
 * library's content, so several test files can assert on one execution.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve, basename } from "node:path";

export const root = resolve(__dirname, "..", "..");
/** Where the project-local kernel spec lives (see scripts/setup). */
export const jupyterPath = join(root, ".jupyter", "share", "jupyter");
const cacheDir = join(root, "node_modules", ".cache", "executed-notebooks");

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
  /** every text/html output */
  html: string[];
  seconds: number;
}

function hashOf(files: string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest("hex").slice(0, 16);
}

function distFiles(dir = join(root, "dist")): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? distFiles(p) : p.endsWith(".js") ? [p] : [];
    });
}

type Json = { cell_type: string; source: string | string[]; outputs?: Record<string, unknown>[] };
const joinText = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));

/** Reads an executed .ipynb into cells and outputs. */
export function readExecuted(file: string, seconds = 0): ExecutedNotebook {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: Json[] };
  const cells: ExecutedCell[] = nb.cells.map((c, index) => ({
    index,
    type: c.cell_type as ExecutedCell["type"],
    source: joinText(c.source),
    outputs: (c.outputs ?? []).map((o): CellOutput => {
      if (o.output_type === "stream") return { kind: o.name === "stderr" ? "stderr" : "stdout", text: joinText(o.text) };
      if (o.output_type === "error") return { kind: "error", text: `${o.ename}: ${o.evalue}` };
      const data = (o.data ?? {}) as Record<string, unknown>;
      if (data["text/html"] !== undefined) return { kind: "html", text: joinText(data["text/html"]) };
      return { kind: "text", text: joinText(data["text/plain"]) };
    }),
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
 */
export function executeNotebook(notebook: string, options: { fresh?: boolean; timeoutSeconds?: number } = {}): ExecutedNotebook {
  const src = resolve(root, notebook);
  mkdirSync(cacheDir, { recursive: true });
  const out = join(cacheDir, `${basename(src, ".ipynb")}-${hashOf([src, ...distFiles()])}.ipynb`);
  if (!options.fresh && existsSync(out)) return readExecuted(out);
  const target = options.fresh ? join(cacheDir, `${basename(src, ".ipynb")}-fresh-${process.pid}-${Date.now()}.ipynb`) : out;
  const started = performance.now();
  execFileSync(
    "/usr/bin/python3",
    [
      "-m",
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      src,
      "--output",
      target,
      `--ExecutePreprocessor.timeout=${options.timeoutSeconds ?? 300}`,
      "--ExecutePreprocessor.kernel_name=tslab",
    ],
    { cwd: root, env: { ...process.env, JUPYTER_PATH: jupyterPath }, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 },
  );
  return readExecuted(target, (performance.now() - started) / 1000);
}
