/**
 * `npm start`'s main job: executes every notebook in notebooks/ under the tslab kernel (nbclient, a
 * timeout per cell, progress per notebook), converts each to HTML and writes an offline site to site/.
 * The site is built aside and swapped in only when every notebook ran, so a failure leaves site/ as it was.
 *
 * Usage: node --import tsx scripts/export.ts [--fresh] [--timeout SECONDS] [--out DIR] [NOTEBOOK.ipynb …]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { cachedPath, execute, jupyterEnv, NotebookError, pruneCache, root, setupInfo } from "./jupyter";
import { describe, finishPage, MATHJAX_URL, REQUIRE_URL, sizeOf, stripBundle, writeAssets, writeIndex } from "./site";

const TITLE = "Recurrent neural networks, in TypeScript notebooks";
const INTRO = "Vanilla (Elman) recurrent neural networks, section by section: every claim is shown by code that ran to make these pages.";

function parseArgs(argv: string[]) {
  const opts = { fresh: false, timeout: 900, out: join(root, "site"), notebooks: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--fresh") opts.fresh = true;
    else if (a === "--timeout") opts.timeout = Number(argv[++i]);
    else if (a === "--out") opts.out = resolve(argv[++i]);
    else if (a.endsWith(".ipynb")) opts.notebooks.push(resolve(a));
    else throw new Error(`unknown argument ${a}; usage: export.ts [--fresh] [--timeout SECONDS] [--out DIR] [NOTEBOOK.ipynb …]`);
  }
  if (!(opts.timeout > 0)) throw new Error(`--timeout must be a positive number of seconds`);
  if (opts.notebooks.length === 0) {
    const dir = join(root, "notebooks");
    opts.notebooks = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".ipynb"))
          .sort()
          .map((f) => join(dir, f))
      : [];
  }
  return opts;
}

const tty = process.stdout.isTTY;
function progress(label: string) {
  const started = performance.now();
  let lastPrinted = 0;
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  return {
    update(done: number, total: number) {
      const line = `${label}  cells ${done}/${total}  ${seconds()} s`;
      if (tty) process.stdout.write(`\r${line}\x1b[K`);
      else if (performance.now() - lastPrinted > 10_000 || done === total) {
        console.log(line);
        lastPrinted = performance.now();
      }
    },
    end(note: string) {
      const line = `${label}  ${note}  ${seconds()} s`;
      if (tty) process.stdout.write(`\r${line}\x1b[K\n`);
      else console.log(line);
    },
  };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const build = `${opts.out}.build-${process.pid}`;
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  const cleanup = () => rmSync(build, { recursive: true, force: true });
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    console.log(`Executing ${opts.notebooks.length} notebook(s) under the tslab kernel (timeout ${opts.timeout} s per cell)`);
    const pages: { name: string; html: string; ipynb: string; title: string; summary: string; hasFigures: boolean }[] = [];
    for (const [k, src] of opts.notebooks.entries()) {
      const name = basename(src, ".ipynb");
      const label = `  [${k + 1}/${opts.notebooks.length}] ${basename(src)}`;
      const cached = cachedPath(src);
      const p = progress(label);
      if (!opts.fresh && existsSync(cached)) {
        p.end("unchanged since its last run: reusing that execution (--fresh runs it again)");
      } else {
        mkdirSync(join(cached, ".."), { recursive: true });
        const tmp = `${cached}.${process.pid}.tmp`;
        await execute(src, tmp, opts.timeout, (done, total) => p.update(done, total));
        renameSync(tmp, cached);
        pruneCache(cached);
        const nb = JSON.parse(readFileSync(cached, "utf8"));
        p.end(`${nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").length} code cells done`);
      }
      const nb = JSON.parse(readFileSync(cached, "utf8"));
      const { hasFigures } = stripBundle(nb);
      writeFileSync(join(build, `${name}.ipynb`), `${JSON.stringify(nb, null, 1)}\n`);
      pages.push({ name, html: `${name}.html`, ipynb: `${name}.ipynb`, ...describe(nb, name), hasFigures });
    }
    if (pages.length > 0) {
      console.log("Converting to HTML (nbconvert)…");
      const r = spawnSync(
        setupInfo().python,
        [
          "-m",
          "nbconvert",
          "--to",
          "html",
          `--HTMLExporter.mathjax_url=${MATHJAX_URL}`,
          `--HTMLExporter.require_js_url=${REQUIRE_URL}`,
          "--output-dir",
          build,
          ...pages.map((p) => join(build, p.ipynb)),
        ],
        { cwd: root, env: jupyterEnv(), encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`nbconvert failed:\n${r.stderr}`);
    }
    writeAssets(build);
    pages.forEach((p, i) =>
      finishPage(build, p.html, { title: p.title, ipynb: p.ipynb, hasFigures: p.hasFigures, prev: pages[i - 1], next: pages[i + 1] }),
    );
    writeIndex(build, TITLE, INTRO, pages);
    swap(build, opts.out);
    const mb = (sizeOf(opts.out) / 1e6).toFixed(1);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Site written to ${relative(process.cwd(), opts.out) || "."}/index.html (${pages.length} pages, ${mb} MB) in ${seconds} s`);
    console.log(`Open file://${join(opts.out, "index.html")} in a browser.`);
  } catch (e) {
    cleanup();
    if (e instanceof NotebookError) {
      console.error(`\nExport stopped: ${e.notebook}, cell ${e.cell}: ${NotebookError.summary(e.ename, e.evalue, e.stderr)}`);
      if (e.stderr.trim()) console.error(NotebookError.details(e.stderr));
      console.error(`The previous site (if any) is unchanged.`);
    } else console.error(`\nExport stopped: ${(e as Error).message}\nThe previous site (if any) is unchanged.`);
    process.exit(1);
  }
}

/** Replaces `out` with `build` in two renames; the old site is removed only after the new one is in place. */
function swap(build: string, out: string): void {
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(build, out);
  rmSync(old, { recursive: true, force: true });
}

main();
