/**
 * `npm start`'s main job: executes every notebook in notebooks/ under the tslab kernel (nbclient, a
 * timeout per cell, two notebooks at a time on their own kernels), converts each to HTML and writes an
 * offline site to site/. The site is built aside and swapped in only when every notebook ran, so a
 * failure — or Ctrl+C, or SIGTERM — leaves site/ as it was and no build folder behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DATA_DIR_ENV, memoriasPath } from "../lib/data/text";
import { cachedPath, dataFilesOf, pruneCache } from "./execution-cache";
import { jupyterEnv, root } from "./jupyter-home.mjs";
import { execute, NotebookError } from "./notebook-runner";
import { lastDuration, recordDuration } from "./run-durations";
import { setupInfo } from "./setup-info";
import { progressBoard } from "./progress";
import { describe, finishPage, MATHJAX_URL, REQUIRE_URL, sizeOf, stripBundle, writeAssets, writeIndex } from "./site";

const TITLE = "Recurrent neural networks, in TypeScript notebooks";
const INTRO = "Vanilla (Elman) recurrent neural networks, section by section: every claim is shown by code that ran to make these pages.";
const USAGE = `Usage: npm start -- [options] [NOTEBOOK.ipynb …]   (or: node --import tsx scripts/export.ts …)

Executes the notebooks (default: every notebook in notebooks/), two at a time, and writes the HTML site.
  --fresh            run every notebook again, even one unchanged since its last run
  --timeout SECONDS  time limit of one cell, a whole number of seconds ≥ 1 (default 900)
  --jobs N           notebooks executed at a time (default 2)
  --out DIR          where to write the site (default site/)
  -h, --help         print this help
The novel is read from ${DATA_DIR_ENV} (or the project's cache), checked before any notebook runs.`;

/** A bad command line: printed with the usage, without a stack trace. */
class UsageError extends Error {}

function options(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        fresh: { type: "boolean", default: false },
        timeout: { type: "string", default: "900" },
        jobs: { type: "string", default: "2" },
        out: { type: "string", default: join(root, "site") },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const whole = (name: string, text: string) => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${text}"`);
    return Number(text);
  };
  const notebooks = positionals.map((p) => {
    if (!p.endsWith(".ipynb")) throw new UsageError(`"${p}" is not a notebook (.ipynb)`);
    if (!existsSync(p)) throw new UsageError(`notebook "${p}" does not exist`);
    return resolve(p);
  });
  if (notebooks.length === 0) {
    const dir = join(root, "notebooks");
    if (existsSync(dir)) for (const f of readdirSync(dir).sort()) if (f.endsWith(".ipynb")) notebooks.push(join(dir, f));
  }
  return {
    help: values.help,
    fresh: values.fresh,
    timeout: whole("timeout", values.timeout),
    jobs: whole("jobs", values.jobs),
    out: resolve(values.out),
    notebooks,
  };
}

interface Page {
  name: string;
  html: string;
  ipynb: string;
  title: string;
  summary: string;
  hasFigures: boolean;
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`export: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const build = `${opts.out}.build-${process.pid}`;
  const stop = new AbortController();
  const running = new Set<Promise<unknown>>(); // notebook runs, awaited before the build folder goes
  const temporaries = new Set<string>();
  let stopping = false; // set by SIGINT/SIGTERM, whose handler finishes the exit
  const cleanup = () => {
    rmSync(build, { recursive: true, force: true });
    for (const t of temporaries) rmSync(t, { force: true });
  };
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      stopping = true;
      stop.abort(); // the runners shut their kernels down…
      void Promise.allSettled(running).then(() => {
        cleanup(); // …then nothing of this build is left
        console.error(`\nExport stopped by ${signal}. The previous site (if any) is unchanged.`);
        process.exit(code);
      });
    });
  }
  try {
    // The kernels run in notebooks/: a relative RNN_DATA_DIR means the folder the user typed it from.
    if (process.env[DATA_DIR_ENV]) process.env[DATA_DIR_ENV] = resolve(process.env[DATA_DIR_ENV]);
    if (opts.notebooks.some((nb) => dataFilesOf(nb).length > 0)) memoriasPath(); // data first: fail in seconds, not mid-run
    rmSync(build, { recursive: true, force: true });
    mkdirSync(build, { recursive: true });
    const total = opts.notebooks.length;
    console.log(
      `Executing ${total} notebook(s) under the tslab kernel, ${Math.min(opts.jobs, total)} at a time (timeout ${opts.timeout} s per cell)`,
    );
    const board = progressBoard();
    const pages: Page[] = new Array(total);
    // Longest first (by their last run; never-run ones before all), so the workers finish close together.
    const queue = opts.notebooks.map((src, k) => ({ src, k, cost: lastDuration(src) ?? Number.MAX_VALUE })).sort((a, b) => b.cost - a.cost);
    /** Runs one notebook (or reuses its cached execution) and prepares its page. */
    const runOne = async (src: string, k: number) => {
      const name = basename(src, ".ipynb");
      const label = `  [${k + 1}/${total}] ${basename(src)}`;
      const cached = cachedPath(src);
      if (!opts.fresh && existsSync(cached)) {
        board.end(k, label, "unchanged since its last run: reusing that execution (--fresh runs it again)");
      } else {
        mkdirSync(join(cached, ".."), { recursive: true });
        const tmp = `${cached}.${process.pid}.tmp`;
        temporaries.add(tmp);
        board.start(k, label);
        const t0 = performance.now();
        await execute(src, tmp, opts.timeout, (done, cells) => board.update(k, done, cells), stop.signal);
        recordDuration(src, (performance.now() - t0) / 1000);
        renameSync(tmp, cached);
        temporaries.delete(tmp);
        pruneCache(cached);
        const nb = JSON.parse(readFileSync(cached, "utf8"));
        board.end(k, label, `${nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").length} code cells done`);
      }
      const nb = JSON.parse(readFileSync(cached, "utf8"));
      const { hasFigures } = stripBundle(nb);
      writeFileSync(join(build, `${name}.ipynb`), `${JSON.stringify(nb, null, 1)}\n`);
      pages[k] = { name, html: `${name}.html`, ipynb: `${name}.ipynb`, ...describe(nb, name), hasFigures };
    };
    /** A worker takes the next notebook until none is left; the first failure stops the others. */
    const worker = async () => {
      for (let job = queue.shift(); job && !stop.signal.aborted; job = queue.shift()) {
        const run = runOne(job.src, job.k);
        running.add(run);
        try {
          await run;
        } catch (e) {
          if (!stop.signal.aborted) stop.abort();
          throw e;
        } finally {
          running.delete(run);
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(opts.jobs, total) }, worker));
    board.close();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected" && r.reason instanceof NotebookError);
    const other = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed || other) throw (failed ?? other)!.reason;
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
    if (stopping) return; // the signal handler waits for the runners, cleans up and exits
    cleanup();
    if (e instanceof NotebookError) {
      console.error(`\nExport stopped: ${e.where}: ${NotebookError.summary(e.ename, e.evalue, e.stderr)}`);
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
