/**
 * scripts/run-durations.ts: the export's record of how long each notebook ran is kept by the notebook's
 * path, so a test notebook that shares a file name with one of notebooks/ never changes its place in the
 * queue, and notebooks that are gone (a test's temporary ones) leave the record. A clone with no record
 * orders the notebooks by the committed estimate: the longest first.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../../scripts/jupyter-home.mjs";
import { ESTIMATED_SECONDS, expectedDuration, lastDuration, recordDuration, runOrder } from "../../scripts/run-durations";

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

/** Both editions' notebooks, as the export takes them: English first. */
const notebooks = ["notebooks", "notebooks-pt-BR"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(root, dir, f)),
);
const keyOf = (n: string) => n.slice(root.length + 1);
const fileOf = (n: string) => n.split("/").at(-1);

test("every notebook of both editions has an estimate, each the same as its twin's, and every estimate names a notebook", () => {
  assert.deepEqual(Object.keys(ESTIMATED_SECONDS).sort(), notebooks.map(keyOf).sort());
  for (const [key, seconds] of Object.entries(ESTIMATED_SECONDS)) assert.ok(seconds > 0, `${key}: ${seconds} s`);
  const half = notebooks.length / 2;
  for (let k = 0; k < half; k++)
    assert.equal(ESTIMATED_SECONDS[keyOf(notebooks[half + k])], ESTIMATED_SECONDS[keyOf(notebooks[k])], keyOf(notebooks[half + k]));
});

test("a clone that ran nothing starts with the notebooks estimated longest, both editions' notebook 6, and ends with the shortest", () => {
  const none = join(work, "none.json");
  const order = runOrder(notebooks, none).map((k) => fileOf(notebooks[k]));
  assert.deepEqual(order.slice(0, 2), ["06-gated.ipynb", "06-portas.ipynb"]);
  assert.deepEqual(order.slice(-2), ["02-intuition.ipynb", "02-intuicao.ipynb"]);
  assert.equal(expectedDuration(notebooks[5], none), ESTIMATED_SECONDS["notebooks/06-gated.ipynb"]);
});

test("a recorded time outranks the estimate, and a notebook with neither starts first", () => {
  const file = join(work, "mixed.json");
  recordDuration(notebooks[1], 500, file); // 02, recorded as the longest
  const unknown = join(work, "unknown.ipynb");
  writeFileSync(unknown, "{}");
  const given = [...notebooks, unknown];
  const order = runOrder(given, file).map((k) => fileOf(given[k]));
  assert.deepEqual(order.slice(0, 3), ["unknown.ipynb", "02-intuition.ipynb", "06-gated.ipynb"]);
  assert.equal(expectedDuration(notebooks[1], file), 500);
  assert.equal(expectedDuration(unknown, file), undefined);
});

test("notebooks alike in cost keep the given order, each index once", () => {
  const file = join(work, "ties.json");
  const a = join(work, "a.ipynb"),
    b = join(work, "b.ipynb");
  writeFileSync(a, "{}");
  writeFileSync(b, "{}");
  assert.deepEqual(runOrder([a, b, a], file), [0, 1, 2]);
  recordDuration(a, 3, file);
  recordDuration(b, 3, file);
  assert.deepEqual(runOrder([b, a], file), [0, 1]);
});
