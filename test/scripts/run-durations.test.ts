/**
 * scripts/run-durations.ts: the export's record of how long each notebook ran is kept by the notebook's
 * path, so a test notebook that shares a file name with one of notebooks/ never changes its place in the
 * queue, and notebooks that are gone (a test's temporary ones) leave the record.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../../scripts/jupyter-home.mjs";
import { lastDuration, recordDuration } from "../../scripts/run-durations";

const work = mkdtempSync(join(tmpdir(), "rnn-durations-"));
after(() => rmSync(work, { recursive: true, force: true }));

test("a notebook elsewhere with a notebook's file name has its own duration", () => {
  const file = join(work, "durations.json");
  const real = join(root, "notebooks", "01-motivation.ipynb");
  mkdirSync(join(work, "elsewhere"));
  const twin = join(work, "elsewhere", "01-motivation.ipynb");
  writeFileSync(twin, "{}");
  recordDuration(real, 120, file);
  recordDuration(twin, 2, file);
  assert.equal(lastDuration(real, file), 120);
  assert.equal(lastDuration(twin, file), 2);
  assert.equal(lastDuration(join(root, "notebooks", "02-intuition.ipynb"), file), undefined);
  assert.ok(Object.keys(JSON.parse(readFileSync(file, "utf8"))).includes("notebooks/01-motivation.ipynb"));
});

test("a notebook that no longer exists is dropped from the record at the next write", () => {
  const file = join(work, "gone.json");
  const temporary = join(work, "temporary.ipynb");
  writeFileSync(temporary, "{}");
  recordDuration(temporary, 5, file);
  assert.equal(lastDuration(temporary, file), 5);
  rmSync(temporary);
  recordDuration(join(root, "test", "smoke.ipynb"), 9, file);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, "utf8"))), ["test/smoke.ipynb"]);
});
