/**
 * How long each notebook took on its last execution, so the export can start the longest first. Kept by
 * the notebook's path in the repository (a test notebook elsewhere never stands for one of notebooks/
 * with the same file name), and entries of notebooks that no longer exist are dropped on each write.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { cacheDir } from "./execution-cache";
import { root } from "./jupyter-home.mjs";

const durationsFile = join(cacheDir, "durations.json");

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
