/**
 * The export (`npm start`'s main job) on the smoke notebook and on broken ones: the site's layout and
 * shared assets, nothing written to $HOME, and a failing cell that stops the export with the notebook,
 * the cell number and the error while the previous site stays byte for byte as it was.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { root } from "../helpers/notebook";
import { cachedPath } from "../../scripts/execution-cache";
import { recordDuration } from "../../scripts/run-durations";

const sharedData = resolve(process.env.RNN_DATA_DIR ?? join(root, "..", "shared", "data"));

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

test("bad arguments print the usage without a stack trace; --help prints it; --timeout must be whole seconds", () => {
  const help = exportSite(site, [], ["--help"]);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: npm start -- \[options\].*\n[\s\S]*--timeout SECONDS/);
  for (const [args, message] of [
    [["--timeout", "0.5"], /--timeout must be a whole number ≥ 1, got "0\.5"/],
    [["--timeout", "soon"], /--timeout must be a whole number ≥ 1, got "soon"/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["missing.ipynb"], /notebook "missing\.ipynb" does not exist/],
  ] as const) {
    const r = exportSite(site, [], [...args]);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Usage: npm start/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
    assert.doesNotMatch(r.stderr + r.stdout, /cell 0|Executing/, "nothing ran");
  }
});

test("a notebook title with $& or $1 appears as typed on its page, in the navigation and in the index", () => {
  const out = join(work, "dollars");
  const first = writeNotebook(join(work, "dollars.ipynb"), ["# Costs $& gains $1 and $$", "const a = 1;"]);
  const second = writeNotebook(join(work, "dollars2.ipynb"), ["# Second", "const b = 2;"]);
  const r = exportSite(out, [first, second]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(readFileSync(join(out, "dollars.html"), "utf8"), /<title>Costs \$&amp; gains \$1 and \$\$<\/title>/);
  assert.match(readFileSync(join(out, "dollars2.html"), "utf8"), /← Costs \$&amp; gains \$1 and \$\$<\/a>/);
  assert.match(readFileSync(join(out, "index.html"), "utf8"), /<strong>Costs \$&amp; gains \$1 and \$\$<\/strong>/);
});

test("two notebooks execute at the same time, each line names its notebook", () => {
  const out = join(work, "parallel");
  const cell = "const t0 = Date.now(); await new Promise((r) => setTimeout(r, 4000)); console.log(`ran ${t0} ${Date.now()}`);";
  const a = writeNotebook(join(work, "slowA.ipynb"), ["# A", cell]);
  const b = writeNotebook(join(work, "slowB.ipynb"), ["# B", cell]);
  const r = exportSite(out, [a, b], ["--fresh"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /2 at a time/);
  assert.match(r.stdout, /\[1\/2\] slowA\.ipynb {2}1 code cells done/);
  assert.match(r.stdout, /\[2\/2\] slowB\.ipynb {2}1 code cells done/);
  const span = (f: string) => (/ran (\d+) (\d+)/.exec(readFileSync(join(out, f), "utf8"))?.slice(1) ?? []).map(Number);
  const [a0, a1] = span("slowA.ipynb"),
    [b0, b1] = span("slowB.ipynb");
  assert.ok(a0 < b1 && b0 < a1, `the two cells overlapped in time: A ${a0}–${a1}, B ${b0}–${b1}`);
});

test("a worker with no notebook left converts the finished pages to HTML while another notebook still runs", () => {
  const out = join(work, "overlapped");
  const slow = writeNotebook(join(work, "slowC.ipynb"), ["# Slow", "await new Promise((r) => setTimeout(r, 15000));"]);
  const quick = writeNotebook(join(work, "quickC.ipynb"), ["# Quick", "console.log(1 + 1);"]);
  const r = exportSite(out, [slow, quick], ["--fresh"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const converted = r.stdout.search(/HTML \(nbconvert\): quickC {2}/),
    slowDone = r.stdout.search(/slowC\.ipynb {2}1 code cells done/);
  assert.ok(converted >= 0 && slowDone > converted, `quickC converted before slowC finished:\n${r.stdout}`);
  assert.match(r.stdout, /HTML \(nbconvert\): slowC {2}/);
  for (const page of ["quickC.html", "slowC.html"]) assert.ok(existsSync(join(out, page)), page);
});

test("SIGTERM stops the export, shuts the kernels down and leaves no build folder", async () => {
  const out = join(work, "signalled");
  const slow = writeNotebook(join(work, "sleepy.ipynb"), ["# Sleepy", "await new Promise((r) => setTimeout(r, 60000));"]);
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts", "export.ts"), "--out", out, "--fresh", slow], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d));
  child.stderr.on("data", (d: Buffer) => (log += d));
  const deadline = Date.now() + 60_000;
  while (!existsSync(`${out}.build-${child.pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.ok(existsSync(`${out}.build-${child.pid}`), `the build folder exists while running:\n${log}`);
  await new Promise((r) => setTimeout(r, 3000)); // the kernel is up and running the cell
  child.kill("SIGTERM");
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  assert.equal(code, 143, log);
  assert.match(log, /Export stopped by SIGTERM/);
  assert.deepEqual(
    readdirSync(work).filter((f) => f.startsWith("signalled")),
    [],
    "no build folder or site left behind",
  );
  const kernels = spawnSync("pgrep", ["-f", `sleepy.ipynb`], { encoding: "utf8" }).stdout.trim();
  assert.equal(kernels, "", "no runner left");
});

test("the data is checked before any notebook runs: a mistyped RNN_DATA_DIR fails in seconds, naming the folder", () => {
  const reader = writeNotebook(join(work, "reader.ipynb"), ["# Reader", 'import { loadMemorias } from "..";\nloadMemorias().length;']);
  const missing = join(work, "no-such-data");
  const started = Date.now();
  const r = exportSite(join(work, "reader-site"), [reader], ["--fresh"], { ...process.env, RNN_DATA_DIR: missing });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.ok(Date.now() - started < 30_000, "in seconds, not after minutes of notebooks");
  assert.match(r.stderr, new RegExp(`Export stopped: RNN_DATA_DIR is ${missing}, which does not exist`));
  assert.doesNotMatch(r.stdout, /Executing/, "no notebook ran");
  assert.ok(!existsSync(missing));
});

test("the cache key of a notebook that reads the novel includes the novel's content", () => {
  const reader = writeNotebook(join(work, "reader-key.ipynb"), ["# Reader", 'import { loadMemorias } from "..";\nloadMemorias().length;']);
  const other = writeNotebook(join(work, "other-key.ipynb"), ["# Other", "const x = 1;"]);
  const [copyA, copyB, tampered] = ["a", "b", "t"].map((n) => {
    const d = join(work, `data-${n}`);
    mkdirSync(d, { recursive: true });
    copyFileSync(join(sharedData, "memoriasBras.txt"), join(d, "memoriasBras.txt"));
    return d;
  });
  const bytes = readFileSync(join(tampered, "memoriasBras.txt"));
  bytes[100] ^= 1;
  writeFileSync(join(tampered, "memoriasBras.txt"), bytes);
  const before = process.env.RNN_DATA_DIR;
  const keyWith = (dir: string, nb: string) => {
    process.env.RNN_DATA_DIR = dir;
    return cachedPath(nb);
  };
  try {
    assert.equal(keyWith(copyA, reader), keyWith(copyB, reader), "same content, same key, wherever it lives");
    assert.notEqual(keyWith(copyA, reader), keyWith(tampered, reader), "a tampered novel is a different key");
    assert.equal(keyWith(copyA, other), keyWith(tampered, other), "a notebook that does not read it keeps its key");
  } finally {
    if (before === undefined) delete process.env.RNN_DATA_DIR;
    else process.env.RNN_DATA_DIR = before;
  }
});

test("the notebook that took longest last time starts first, so the workers finish close together", () => {
  const quick = writeNotebook(join(work, "orderQuick.ipynb"), ["# Quick", "const q = 1;"]);
  const long = writeNotebook(join(work, "orderLong.ipynb"), ["# Long", "const l = 1;"]);
  recordDuration(quick, 1);
  recordDuration(long, 30);
  const r = exportSite(join(work, "order"), [quick, long], ["--fresh", "--jobs", "1"]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const done = [...r.stdout.matchAll(/\[(\d)\/2\] (\S+)\.ipynb {2}1 code cells done/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(done, ["2 orderLong", "1 orderQuick"], "numbered in the given order, run longest first");
});
