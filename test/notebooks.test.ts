/**
 * Every notebook in notebooks/ and the smoke notebook run top to bottom under the real tslab kernel with
 * no error and nothing on stderr, give the same outputs when run again (timing lines and figure ids
 * aside), and are committed clean: no outputs, no execution counts, cell ids, the tslab kernelspec.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { executeNotebook, root, type ExecutedNotebook } from "./helpers/notebook";

const notebooks = [
  "test/smoke.ipynb",
  ...readdirSync(join(root, "notebooks"))
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => `notebooks/${f}`),
];

type Raw = {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: Record<string, string>; language_info?: Record<string, string> };
  cells: { id?: string; cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
};

function checkClean(where: string, nb: Raw): void {
  assert.equal(nb.nbformat, 4, `${where}: nbformat`);
  assert.ok(nb.nbformat_minor >= 5, `${where}: nbformat 4.5 or later (cell ids), got 4.${nb.nbformat_minor}`);
  assert.deepEqual(nb.metadata.kernelspec, { name: "tslab", display_name: "TypeScript", language: "typescript" }, `${where}: kernelspec`);
  assert.equal(nb.metadata.language_info?.name, "typescript", `${where}: language_info`);
  nb.cells.forEach((c, i) => {
    assert.ok(typeof c.id === "string" && c.id.length > 0, `${where}: cell ${i + 1} has no id`);
    if (c.cell_type === "code") {
      assert.deepEqual(c.outputs, [], `${where}: cell ${i + 1} has outputs`);
      assert.equal(c.execution_count, null, `${where}: cell ${i + 1} has an execution count`);
    }
  });
}

/** Outputs with what may differ between runs removed: figure ids and lines that report time. */
function normalized(nb: ExecutedNotebook): string[] {
  const timing = /\d\s?(ms|µs|s|sec|seconds|min|minutes)\b|steps\/s|it\/s|elapsed|took/i;
  return nb.cells.flatMap((c) =>
    c.outputs.map(
      (o) =>
        `cell ${c.index + 1} ${o.kind}: ` +
        o.text
          .replace(/rnn-fig-[0-9a-f]{12}/g, "rnn-fig-ID")
          .split("\n")
          .filter((line) => !(o.kind === "stdout" && timing.test(line)))
          .join("\n"),
    ),
  );
}

for (const file of notebooks) {
  test(`${file} is committed clean`, () => {
    checkClean(`${file} (working copy)`, JSON.parse(readFileSync(join(root, file), "utf8")));
    let committed: string | undefined;
    try {
      committed = execFileSync("git", ["show", `HEAD:${file}`], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 << 20,
      });
    } catch {
      committed = undefined; // not committed yet
    }
    if (committed !== undefined) checkClean(`${file} (HEAD)`, JSON.parse(committed));
  });

  test(`${file} runs top to bottom with no error and nothing on stderr, and again with the same outputs`, () => {
    const first = executeNotebook(file);
    assert.equal(first.stderr, "", `${file} wrote to stderr or raised`);
    const second = executeNotebook(file, { fresh: true });
    assert.equal(second.stderr, "");
    assert.deepEqual(normalized(second), normalized(first));
  });
}

test("the smoke notebook shows every kind of display: 7 figures, 2 equations, an escaped table, a final live figure", () => {
  const nb = executeNotebook("test/smoke.ipynb");
  const raw = readFileSync(nb.file, "utf8");
  assert.equal(raw.match(/data-rnn-plotly-bundle/g)?.length, 1, "the Plotly bundle is sent once");
  const traces = nb.html.flatMap((h) => [...h.matchAll(/class="rnn-figure" data-traces="(\d+)"/g)].map((m) => Number(m[1])));
  assert.deepEqual(traces, [2, 1, 2, 1, 1, 2, 2]);
  const latex = nb.cells.flatMap((c) => c.outputs).filter((o) => o.text.startsWith("$$"));
  assert.equal(latex.length, 2);
  assert.match(latex[1].text, /\\begin\{bmatrix\} 0\.50 & -0\.25 \\\\ 0\.13 & 1\.00 \\end\{bmatrix\}/);
  assert.ok(nb.html.some((h) => h.includes("&lt;b&gt;not bold&lt;/b&gt;")));
  const live = nb.html.find((h) => h.includes("Figure 6"));
  assert.match(live ?? "", /finished · epoch 8 · train \d/);
  assert.doesNotMatch(live ?? "", /steps\/s/);
  assert.match(nb.stdout, /final train loss 0\.\d{4}\nsmoke done\n/);
});
