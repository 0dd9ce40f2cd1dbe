/**
 * The export (`npm start`'s main job) on the smoke notebook and on broken ones: the site's layout and
 * shared assets, nothing written to $HOME, and a failing cell that stops the export with the notebook,
 * the cell number and the error while the previous site stays byte for byte as it was.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { root } from "./helpers/notebook";

const work = mkdtempSync(join(tmpdir(), "rnn-export-"));
after(() => rmSync(work, { recursive: true, force: true }));

function exportSite(out: string, notebooks: string[], extra: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "export.ts"), "--out", out, ...extra, ...notebooks], {
    cwd: root,
    env,
    encoding: "utf8",
  });
}

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

function writeNotebook(file: string, sources: string[]): string {
  const cells = sources.map((s, i) =>
    s.startsWith("# ")
      ? { id: `c${i}`, cell_type: "markdown", metadata: {}, source: s }
      : { id: `c${i}`, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: s },
  );
  const metadata = {
    kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
    language_info: { name: "typescript" },
  };
  writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells }));
  return file;
}

const site = join(work, "site");
const home = join(work, "home");

test("the export writes an index, a page and the executed notebook per notebook, and shared offline assets", () => {
  spawnSync("mkdir", ["-p", home]);
  const r = exportSite(site, [join(root, "test", "smoke.ipynb")], ["--fresh"], { ...process.env, HOME: home });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /\[1\/1\] smoke\.ipynb {2}9 code cells done/);
  assert.match(r.stdout, /Site written to .*index\.html \(1 pages, [\d.]+ MB\)/);
  for (const f of [
    "index.html",
    "smoke.html",
    "smoke.ipynb",
    "assets/plotly.min.js",
    "assets/require.js",
    "assets/mathjax/MathJax.js",
    "assets/site.css",
  ])
    assert.ok(existsSync(join(site, f)), `${f} exists`);
  const page = readFileSync(join(site, "smoke.html"), "utf8");
  assert.ok(page.length < 200_000, `the page holds no inline library (${page.length} bytes)`);
  assert.match(page, /<script src="assets\/plotly\.min\.js"><\/script>/);
  assert.match(page, /<script src="assets\/mathjax\/MathJax\.js\?config=TeX-AMS_CHTML-full,Safe">/);
  assert.doesNotMatch(page, /<style/, "styles are shared files in assets/css/");
  assert.match(page, /<title>Smoke notebook<\/title>/);
  assert.match(page, /href="index\.html">Contents/);
  const executed = readFileSync(join(site, "smoke.ipynb"), "utf8");
  assert.doesNotMatch(executed, /data-rnn-plotly-bundle/);
  assert.match(executed, /rnn-figure/);
  assert.match(readFileSync(join(site, "index.html"), "utf8"), /<a href="smoke\.html"><strong>Smoke notebook<\/strong><\/a>/);
  assert.deepEqual(readdirSync(home), [], "nothing was written to $HOME");
  assert.deepEqual(
    readdirSync(dirname(site)).filter((f) => /\.(build|old)-/.test(f)),
    [],
  );
});

test("a failing cell stops the export, naming the notebook, the cell and the error; the previous site is unchanged", () => {
  const before = snapshot(site);
  const broken = writeNotebook(join(work, "broken.ipynb"), [
    "const a = 1;",
    "# A heading",
    'throw new Error("deliberate failure 42");',
    "console.log(a);",
  ]);
  const r = exportSite(site, [join(root, "test", "smoke.ipynb"), broken]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Export stopped: broken\.ipynb, cell 3: Error: deliberate failure 42/);
  assert.match(r.stderr, /previous site .* unchanged/);
  assert.deepEqual(snapshot(site), before);
  assert.deepEqual(
    readdirSync(work).filter((f) => /\.(build|old)-/.test(f)),
    [],
  );
});

test("a type error is reported with the compiler's message", () => {
  const before = snapshot(site);
  const typeError = writeNotebook(join(work, "typeerror.ipynb"), ["const ok = 1;", 'const n: number = "text";']);
  const r = exportSite(site, [typeError]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Export stopped: typeerror\.ipynb, cell 2/);
  assert.match(r.stderr, /Type 'string' is not assignable to type 'number'/);
  assert.deepEqual(snapshot(site), before);
});
