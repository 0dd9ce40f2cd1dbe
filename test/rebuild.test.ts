/**
 * Rebuilding the site gives the same bytes: two fresh executions of a notebook with every kind of figure
 * (line, scatter, bars, heatmap, animation, live training) export to identical files, figure ids included.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./helpers/notebook";

const work = mkdtempSync(join(tmpdir(), "rnn-rebuild-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` with the SHA-256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

test("two fresh builds of the smoke notebook's site are identical byte for byte", () => {
  const build = (out: string) => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "scripts", "export.ts"), "--fresh", "--out", out, join(root, "test", "smoke.ipynb")],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    return snapshot(out);
  };
  const first = build(join(work, "a")),
    second = build(join(work, "b"));
  assert.ok(Object.keys(first).length > 10, "the site has its pages and assets");
  const differ = Object.keys(first).filter((f) => first[f] !== second[f]);
  assert.deepEqual(differ, [], "files that differ between the two builds");
  assert.deepEqual(Object.keys(second), Object.keys(first));
  const page = readFileSync(join(work, "a", "smoke.html"), "utf8");
  assert.equal(page.match(/class="rnn-figure"/g)?.length, 7, "the figures (with their ids) are part of what is compared");
});
