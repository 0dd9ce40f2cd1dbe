/**
 * How long each notebook took on its last execution, so the export can start the longest first. Kept by
 * the notebook's path in the repository (a test notebook elsewhere never stands for one of notebooks/
 * with the same file name), and entries of notebooks that no longer exist are dropped on each write.
 * A clone that never ran a notebook orders them by ESTIMATED_SECONDS, committed below.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { cacheDir } from "./execution-cache";
import { root } from "./jupyter-home.mjs";

const durationsFile = join(cacheDir, "durations.json");

/**
 * Seconds each notebook took alone on the project's 2-core test machine, for a clone that has run none yet:
 * only their order matters. Without them a fresh export took the notebooks in file order, so notebook 6,
 * then five times as long as any other (now about three times), started last and ran alone at the end (107 s
 * of export where 70 sufficed). A Portuguese notebook runs its English twin's code: the same estimate. A notebook that has run
 * since is ordered by its own recorded time.
 */
export const ESTIMATED_SECONDS: Readonly<Record<string, number>> = {
  "notebooks/01-motivation.ipynb": 8,
  "notebooks/02-intuition.ipynb": 4,
  "notebooks/03-applications.ipynb": 7,
  "notebooks/04-math.ipynb": 7,
  "notebooks/05-beyond.ipynb": 11,
  "notebooks/06-gated.ipynb": 30,
  "notebooks-pt-BR/01-motivacao.ipynb": 8,
  "notebooks-pt-BR/02-intuicao.ipynb": 4,
  "notebooks-pt-BR/03-aplicacoes.ipynb": 7,
  "notebooks-pt-BR/04-matematica.ipynb": 7,
  "notebooks-pt-BR/05-alem.ipynb": 11,
  "notebooks-pt-BR/06-portas.ipynb": 30,
};

/** The key of `notebook`: its path from the repository's root (absolute when it lies outside). */
function keyOf(notebook: string): string {
  const rel = relative(root, resolve(notebook));
  return rel.startsWith("..") ? resolve(notebook) : rel;
}

function read(file: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  } catch {
    return {}; // no run recorded yet (or a damaged file): every notebook counts as never run
  }
}

/** Seconds `notebook` took on its last execution, or undefined when it never ran. */
export function lastDuration(notebook: string, file = durationsFile): number | undefined {
  return read(file)[keyOf(notebook)];
}

/** Remembers how long `notebook` took to execute, forgetting notebooks that no longer exist. */
export function recordDuration(notebook: string, seconds: number, file = durationsFile): void {
  const kept = Object.entries(read(file)).filter(([key]) => existsSync(resolve(root, key)));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...Object.fromEntries(kept), [keyOf(notebook)]: seconds }, null, 1)}\n`);
}

/** Seconds `notebook` is expected to take: its last run's, else its committed estimate, else undefined. */
export function expectedDuration(notebook: string, file = durationsFile): number | undefined {
  return lastDuration(notebook, file) ?? ESTIMATED_SECONDS[keyOf(notebook)];
}

/**
 * The order to start `notebooks` in, as their indices: longest expected first, so parallel workers finish
 * close together; one with neither a record nor an estimate first of all (it may be the longest); ties in the
 * given order.
 */
export function runOrder(notebooks: string[], file = durationsFile): number[] {
  const cost = notebooks.map((n) => expectedDuration(n, file) ?? Infinity);
  return notebooks.map((_, k) => k).sort((a, b) => cost[b] - cost[a] || a - b);
}
