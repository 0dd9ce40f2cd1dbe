/**
 * Rebuilding the site gives the same bytes: two fresh executions of a notebook with every kind of figure
 * (line, scatter, bars, heatmap, animation, live training) export to identical files, figure ids included.
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

test("two fresh builds of the smoke notebook's site are identical byte for byte", () => {
  const build = (out: string) => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "scripts", "export.ts"), "--fresh", "--out", out, join(root, "test", "smoke.ipynb")],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
  };
  build(join(work, "a"));
  build(join(work, "b"));
  assert.ok(readdirSync(join(work, "a", "assets")).length >= 4, "the site has its pages and assets");
  const diff = spawnSync("diff", ["-rq", join(work, "a"), join(work, "b")], { encoding: "utf8" });
  assert.equal(diff.stdout, "", "files that differ between the two builds");
  assert.equal(diff.status, 0);
  const page = readFileSync(join(work, "a", "smoke.html"), "utf8");
  assert.equal(page.match(/class="rnn-figure"/g)?.length, 7, "the figures (with their ids) are part of what is compared");
});
