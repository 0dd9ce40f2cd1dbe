/**
 * scripts/execution-cache.ts: a cached execution is keyed by every file the notebook reads, so changing
 * one runs the notebook again. Notebook 6 reads test/fixtures/torch-cells.json and lib sources (through
 * `showEquationsBeside`), notebook 4 lib/rnn.ts (through `sourceBlock`); a notebook reading nothing keeps its
 * key when those change.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedPath, repositoryFilesOf } from "../../scripts/execution-cache";
import { root } from "../../scripts/jupyter-home.mjs";

const work = mkdtempSync(join(tmpdir(), "rnn-cache-key-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A notebook in work/notebooks/ with the given code cells. */
function notebook(name: string, cells: string[]): string {
  mkdirSync(join(work, "notebooks"), { recursive: true });
  const file = join(work, "notebooks", name);
  writeFileSync(file, JSON.stringify({ cells: cells.map((source) => ({ cell_type: "code", source: [source] })), metadata: {} }));
  return file;
}

test("the notebooks' own reads are found: the PyTorch fixture, lib/rnn.ts, the lib sources shown beside equations", () => {
  const gated = repositoryFilesOf(join(root, "notebooks", "06-gated.ipynb"));
  assert.ok(gated.includes(join(root, "test", "fixtures", "torch-cells.json")), "notebook 6 reads the torch fixture");
  assert.ok(gated.includes(join(root, "lib", "cells", "lstm.ts")), "notebook 6 shows lines of lib/ sources");
  assert.ok(repositoryFilesOf(join(root, "notebooks", "04-math.ipynb")).includes(join(root, "lib", "rnn.ts")));
});

test("changing a file a notebook reads changes its cache key; a notebook that does not read it keeps its key", () => {
  mkdirSync(join(work, "fixtures", "deep"), { recursive: true });
  writeFileSync(join(work, "fixtures", "cases.json"), "[1]");
  writeFileSync(join(work, "fixtures", "deep", "more.json"), "[2]");
  const literal = notebook("literal.ipynb", ['const c = fs.readFileSync(path.join("..", "fixtures", "cases.json"), "utf8");']);
  const folder = notebook("folder.ipynb", ['const read = (f: string) => fs.readFileSync(path.join("..", "fixtures", f), "utf8");']);
  const neither = notebook("neither.ipynb", ["const x = 1;"]);
  assert.deepEqual(repositoryFilesOf(literal), [join(work, "fixtures", "cases.json")]);
  assert.deepEqual(repositoryFilesOf(folder), [join(work, "fixtures", "cases.json"), join(work, "fixtures", "deep", "more.json")]);
  const before = [literal, folder, neither].map(cachedPath);
  writeFileSync(join(work, "fixtures", "cases.json"), "[1, 1]");
  assert.deepEqual(
    [literal, folder, neither].map((nb, i) => cachedPath(nb) === before[i]),
    [false, false, true],
  );
  const again = [literal, folder, neither].map(cachedPath);
  writeFileSync(join(work, "fixtures", "deep", "more.json"), "[2, 2]");
  assert.deepEqual(
    [literal, folder, neither].map((nb, i) => cachedPath(nb) === again[i]),
    [true, false, true],
  );
});
