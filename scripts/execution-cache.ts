/**
 * The cache of executed notebooks (node_modules/.cache/executed-notebooks), shared by the export and the
 * notebook tests. An execution is keyed by everything it depends on: the notebook's bytes, the built
 * library, the lockfile, the repository files its code reads and the data files it loads.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { dataDir, MEMORIAS } from "../lib/data/text";
import { root } from "./jupyter-home.mjs";

export const cacheDir = join(root, "node_modules", ".cache", "executed-notebooks");

function filesUnder(dir: string, ext = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
    });
}

/** The code of a notebook's code cells, joined. */
function codeOf(notebook: string): string {
  const nb = JSON.parse(readFileSync(notebook, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .join("\n");
}

/**
 * The repository files a notebook's code reads by a path from its folder: `path.join("..", "lib", "rnn.ts")`
 * is that file; a path that ends in a variable (`path.join("..", "lib", file)`) stands for every file under
 * its literal folder; a call of the library's source printers (`sourceBlock`, `sourceLines`,
 * `showEquationsBeside`) reads lib/. Sorted, absolute.
 */
export function repositoryFilesOf(notebook: string): string[] {
  const files = new Set<string>();
  if (/\b(sourceBlock|sourceLines|showEquationsBeside)\(/.test(codeOf(notebook)))
    filesUnder(join(root, "lib"), ".ts").forEach((f) => files.add(f));
  for (const m of codeOf(notebook).matchAll(/path\.join\(\s*((?:"[^"]*"\s*,\s*)*"[^"]*")\s*(,\s*[^)\s][^)]*)?\)/g)) {
    const parts = [...m[1].matchAll(/"([^"]*)"/g)].map((p) => p[1]);
    const at = resolve(dirname(notebook), ...parts);
    if (m[2] !== undefined) filesUnder(at).forEach((f) => files.add(f));
    else files.add(at);
  }
  return [...files].sort();
}

/** The data files a notebook reads that live outside the repository: the novel, when it calls loadMemorias. */
export function dataFilesOf(notebook: string): string[] {
  if (!readFileSync(notebook, "utf8").includes("loadMemorias(")) return [];
  return [join(dataDir(), MEMORIAS.file)];
}

/**
 * Where the executed copy of `notebook` is cached: keyed by its bytes, the built library, the lockfile
 * (which pins vega-datasets' files), the repository files it reads (by path and content) and the content
 * of the data files it loads (not their paths, which differ between machines).
 */
export function cachedPath(notebook: string): string {
  const h = createHash("sha256");
  for (const f of [notebook, ...filesUnder(join(root, "dist"), ".js"), join(root, "package-lock.json")])
    if (existsSync(f)) h.update(f).update(readFileSync(f));
  for (const f of repositoryFilesOf(notebook)) h.update(relative(root, f)).update(existsSync(f) ? readFileSync(f) : "missing");
  for (const f of dataFilesOf(notebook)) h.update(basename(f)).update(existsSync(f) ? readFileSync(f) : "missing");
  return join(cacheDir, `${basename(notebook, ".ipynb")}-${h.digest("hex").slice(0, 16)}.ipynb`);
}

/** Keeps only the newest cached execution of each notebook name besides `keep`. */
export function pruneCache(keep: string): void {
  const prefix = basename(keep).replace(/-[0-9a-f]{16}\.ipynb$/, "-");
  if (!existsSync(cacheDir)) return;
  for (const f of readdirSync(cacheDir))
    if (f.startsWith(prefix) && /^[0-9a-f]{16}\.ipynb$/.test(f.slice(prefix.length)) && join(cacheDir, f) !== keep)
      unlinkSync(join(cacheDir, f));
}
