/**
 * Rebuilding the site gives the same bytes: two fresh exports of both editions' notebooks and the smoke notebook
 * (between them every kind of output: line, scatter, bar, heatmap, panel and animated figures, live training,
 * SVG drawings, tables, LaTeX, said sentences, printed text) are identical file for file, figure ids included —
 * so nothing a notebook prints may depend on the machine's speed or the clock.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../helpers/notebook";

const work = mkdtempSync(join(tmpdir(), "rnn-rebuild-"));
after(() => rmSync(work, { recursive: true, force: true }));

const notebooks = [
  ...["notebooks", "notebooks-pt-BR"].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => join(root, dir, f)),
  ),
  join(root, "test", "smoke.ipynb"),
];

/** One fresh export of every notebook into `out`. */
function build(out: string): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "export.ts"), "--fresh", "--out", out, ...notebooks], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
}

test("two fresh builds of the notebooks' site are identical byte for byte", () => {
  build(join(work, "a"));
  build(join(work, "b"));
  const pages = readdirSync(join(work, "a")).filter((f) => f.endsWith(".html") && !f.startsWith("index"));
  assert.equal(pages.length, notebooks.length, "a page per notebook");
  const diff = spawnSync("diff", ["-rq", join(work, "a"), join(work, "b")], { encoding: "utf8" });
  assert.equal(diff.stdout, "", "files that differ between the two builds");
  assert.equal(diff.status, 0);
  const page = (name: string) => readFileSync(join(work, "a", name), "utf8");
  assert.equal(page("smoke.html").match(/class="rnn-figure"/g)?.length, 7, "the figures (with their ids) are part of what is compared");
  assert.ok(
    pages.every((p) => /class="rnn-figure"/.test(page(p))),
    "every page has figures",
  );
  for (const nb of ["06-gated.ipynb", "06-portas.ipynb"])
    assert.ok((page(nb).match(/text\/markdown/g) ?? []).length > 10, `${nb}: the said sentences are part of what is compared`);
});
