/**
 * `npm start`'s main job: executes every notebook of both editions (notebooks/ and notebooks-pt-BR/) under the tslab
 * kernel (nbclient, a timeout per cell, two notebooks at a time on their own kernels), converts each to HTML and writes
 * an offline site to site/: a contents page per language, each page linked to its twin in the other. The site is built
 * aside and swapped in only when every notebook ran, so a failure — or Ctrl+C, or SIGTERM — leaves site/ as it was and
 * no build folder behind.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { DATA_DIR_ENV, memoriasPath } from "../lib/data/text";
import { options, type Options, UsageError, USAGE } from "./export-options";
import { cachedPath, dataFilesOf, pruneCache } from "./execution-cache";
import { jupyterEnv, root } from "./jupyter-home.mjs";
import { execute, NotebookError } from "./notebook-runner";
import { recordDuration, runOrder } from "./run-durations";
import { setupInfo } from "./setup-info";
import { progressBoard } from "./progress";
import {
  describe,
  finishPage,
  glossaryHTML,
  MATHJAX_URL,
  REQUIRE_URL,
  sizeOf,
  stripBundle,
  writeAssets,
  writeIndex,
  type SiteLang,
} from "./site";
import { EDITION, editionTables } from "./edition";

interface Page {
  name: string;
  html: string;
  ipynb: string;
  title: string;
  summary: string;
  hasFigures: boolean;
  /** the edition it belongs to: the Portuguese one's notebooks live in notebooks-pt-BR/ */
  lang: SiteLang;
}

/** Where each edition's glossary is: the README's, and the Portuguese edition's LEIAME.md. */
const GLOSSARY: Record<SiteLang, string> = { en: join(root, "README.md"), "pt-BR": join(EDITION.notebooks, "LEIAME.md") };

/** Each English notebook's name and its Portuguese twin's, both ways ("01-motivation" ↔ "01-motivacao"). */
function twins(): Map<string, string> {
  const pairs = editionTables().map(({ english, table }) => [basename(english, ".ipynb"), basename(table.notebook, ".ipynb")]);
  return new Map([...pairs, ...pairs.map(([en, pt]) => [pt, en])] as [string, string][]);
}

/**
 * One export on its way: the build folder, the abort that stops every runner, the runs to wait for and
 * the temporary files to remove before leaving; `stopping` once SIGINT or SIGTERM arrived.
 */
interface Build {
  dir: string;
  stop: AbortController;
  running: Set<Promise<unknown>>;
  temporaries: Set<string>;
  stopping: boolean;
}

/** Removes the build folder and the temporary executions: nothing of a failed or stopped build is left. */
function cleanup(build: Build): void {
  rmSync(build.dir, { recursive: true, force: true });
  for (const t of build.temporaries) rmSync(t, { force: true });
}

/** On SIGINT or SIGTERM: the runners shut their kernels down, then the build is removed and the process exits. */
function stopOnSignals(build: Build): void {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      build.stopping = true;
      build.stop.abort();
      void Promise.allSettled(build.running).then(() => {
        cleanup(build);
        console.error(`\nExport stopped by ${signal}. The previous site (if any) is unchanged.`);
        process.exit(code);
      });
    });
  }
}

/** Runs one notebook (or reuses its cached execution) and writes its cleaned copy into the build. */
async function runOne(build: Build, opts: Options, board: ReturnType<typeof progressBoard>, src: string, k: number): Promise<Page> {
  const name = basename(src, ".ipynb");
  const label = `  [${k + 1}/${opts.notebooks.length}] ${basename(src)}`;
  const cached = cachedPath(src);
  if (!opts.fresh && existsSync(cached)) {
    board.end(k, label, "unchanged since its last run: reusing that execution (--fresh runs it again)");
  } else {
    mkdirSync(join(cached, ".."), { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    build.temporaries.add(tmp);
    board.start(k, label);
    const t0 = performance.now();
    await execute(src, tmp, opts.timeout, (done, cells) => board.update(k, done, cells), build.stop.signal);
    recordDuration(src, (performance.now() - t0) / 1000);
    renameSync(tmp, cached);
    build.temporaries.delete(tmp);
    pruneCache(cached);
    const nb = JSON.parse(readFileSync(cached, "utf8"));
    board.end(k, label, `${nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").length} code cells done`);
  }
  const nb = JSON.parse(readFileSync(cached, "utf8"));
  const { hasFigures } = stripBundle(nb);
  writeFileSync(join(build.dir, `${name}.ipynb`), `${JSON.stringify(nb, null, 1)}\n`);
  const lang: SiteLang = resolve(dirname(src)) === resolve(EDITION.notebooks) ? "pt-BR" : "en";
  return { name, html: `${name}.html`, ipynb: `${name}.ipynb`, ...describe(nb, name), hasFigures, lang };
}

/**
 * Executes every notebook, `opts.jobs` at a time, longest first (by their last run, else the committed
 * estimate; unknown ones before all) so the workers finish close together, and converts them to HTML: a worker
 * with no notebook left converts those executed so far while the others still run theirs, so only the last
 * notebook's conversion waits at the end. The first failure stops the others and is thrown, a NotebookError
 * before any other.
 */
async function executeAll(build: Build, opts: Options): Promise<Page[]> {
  const total = opts.notebooks.length;
  console.log(
    `Executing ${total} notebook(s) under the tslab kernel, ${Math.min(opts.jobs, total)} at a time (timeout ${opts.timeout} s per cell), and converting each to HTML`,
  );
  const board = progressBoard();
  const pages: Page[] = new Array(total);
  const queue = runOrder(opts.notebooks).map((k) => ({ src: opts.notebooks[k], k }));
  const executed: Page[] = []; // executed, not yet converted
  /** Runs `task` as one of the build's running jobs: the first failure stops the others. */
  const tracked = async (task: Promise<unknown>) => {
    build.running.add(task);
    try {
      await task;
    } catch (e) {
      if (!build.stop.signal.aborted) build.stop.abort();
      throw e;
    } finally {
      build.running.delete(task);
    }
  };
  /** A worker takes the next notebook until none is left, then converts what has been executed meanwhile. */
  const worker = async () => {
    for (let job = queue.shift(); job && !build.stop.signal.aborted; job = queue.shift()) {
      const k = job.k;
      await tracked(runOne(build, opts, board, job.src, k).then((page) => executed.push((pages[k] = page))));
    }
    while (executed.length > 0 && !build.stop.signal.aborted) {
      const batch = executed.splice(0),
        t0 = performance.now();
      await tracked(convertToHtml(build.dir, batch, build.stop.signal));
      board.log(`  HTML (nbconvert): ${batch.map((p) => p.name).join(", ")}  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(opts.jobs, total) }, worker));
  board.close();
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected" && r.reason instanceof NotebookError);
  const other = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed || other) throw (failed ?? other)!.reason;
  return pages;
}

/** nbconvert's HTML page for each of `pages`, executed into the build folder, with local MathJax and RequireJS. */
function convertToHtml(dir: string, pages: Page[], signal: AbortSignal): Promise<void> {
  const args = [
    "-m",
    "nbconvert",
    "--to",
    "html",
    `--HTMLExporter.mathjax_url=${MATHJAX_URL}`,
    `--HTMLExporter.require_js_url=${REQUIRE_URL}`,
    "--output-dir",
    dir,
    ...pages.map((p) => join(dir, p.ipynb)),
  ];
  return new Promise((done, fail) => {
    const child = spawn(setupInfo().python, args, { cwd: root, env: jupyterEnv(), signal, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done() : fail(new Error(`nbconvert failed:\n${stderr}`))));
  });
}

/** Why the export stopped, in a few lines: the failed cell and the kernel's message, or the error's. */
function reportFailure(e: unknown): void {
  if (e instanceof NotebookError) {
    console.error(`\nExport stopped: ${e.where}: ${NotebookError.summary(e.ename, e.evalue, e.stderr)}`);
    if (e.stderr.trim()) console.error(NotebookError.details(e.stderr));
    console.error(`The previous site (if any) is unchanged.`);
  } else console.error(`\nExport stopped: ${(e as Error).message}\nThe previous site (if any) is unchanged.`);
}

async function main(): Promise<void> {
  let opts: Options;
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
  const build: Build = {
    dir: `${opts.out}.build-${process.pid}`,
    stop: new AbortController(),
    running: new Set(),
    temporaries: new Set(),
    stopping: false,
  };
  stopOnSignals(build);
  try {
    // The kernels run in notebooks/: a relative RNN_DATA_DIR means the folder the user typed it from.
    if (process.env[DATA_DIR_ENV]) process.env[DATA_DIR_ENV] = resolve(process.env[DATA_DIR_ENV]);
    if (opts.notebooks.some((nb) => dataFilesOf(nb).length > 0)) memoriasPath(); // data first: fail in seconds, not mid-run
    rmSync(build.dir, { recursive: true, force: true });
    mkdirSync(build.dir, { recursive: true });
    const pages = await executeAll(build, opts);
    writeAssets(build.dir);
    writeEditions(build.dir, pages);
    swap(build.dir, opts.out);
    const mb = (sizeOf(opts.out) / 1e6).toFixed(1);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Site written to ${relative(process.cwd(), opts.out) || "."}/index.html (${pages.length} pages, ${mb} MB) in ${seconds} s`);
    console.log(`Open file://${join(opts.out, "index.html")} in a browser.`);
  } catch (e) {
    if (build.stopping) return; // the signal handler waits for the runners, cleans up and exits
    cleanup(build);
    reportFailure(e);
    process.exit(1);
  }
}

/**
 * Each edition's pages with their navigation (previous, contents, next, and the twin in the other language when it
 * was exported too) and its contents page with its glossary; the English contents page is always written.
 */
function writeEditions(dir: string, pages: Page[]): void {
  const twinOf = twins();
  const byName = new Map(pages.map((p) => [p.name, p]));
  for (const lang of ["en", "pt-BR"] as const) {
    const mine = pages.filter((p) => p.lang === lang);
    if (lang !== "en" && mine.length === 0) continue;
    mine.forEach((p, i) =>
      finishPage(dir, p.html, {
        title: p.title,
        ipynb: p.ipynb,
        hasFigures: p.hasFigures,
        prev: mine[i - 1],
        next: mine[i + 1],
        lang,
        twin: byName.get(twinOf.get(p.name) ?? ""),
      }),
    );
    const readme = existsSync(GLOSSARY[lang]) ? readFileSync(GLOSSARY[lang], "utf8") : "";
    writeIndex(dir, lang, mine, { glossary: glossaryHTML(readme), twin: pages.some((p) => p.lang !== lang) });
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
