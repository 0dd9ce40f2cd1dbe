/**
 * What the export, the lab launcher and the tests share: the Python that setup found, an environment
 * keeping every Jupyter file inside .jupyter/, and notebook execution through scripts/execute.py
 * (nbclient, tslab kernel, per-cell timeout), cached by the content of the notebook and the library.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, join, resolve } from "node:path";
import { dataDir, MEMORIAS } from "../lib/data/text";

export const root = resolve(__dirname, "..");
export const jupyterDir = join(root, ".jupyter");
const cacheDir = join(root, "node_modules", ".cache", "executed-notebooks");

/** The Python with Jupyter that `scripts/setup.mjs` found, and which notebook UI it has. */
export function setupInfo(): { python: string; ui: "lab" | "notebook" | "none" } {
  const file = join(jupyterDir, "setup.json");
  if (!existsSync(file)) return { python: "/usr/bin/python3", ui: "notebook" };
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Environment for Jupyter processes: kernels, runtime files, config and data all under .jupyter/. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  const share = join(jupyterDir, "share", "jupyter");
  for (const d of ["config", "ipython"]) mkdirSync(join(jupyterDir, d), { recursive: true });
  mkdirSync(join(jupyterDir, "runtime"), { recursive: true });
  chmodSync(join(jupyterDir, "runtime"), 0o700); // it holds tokens and kernel keys: private, as Jupyter's own default
  return {
    ...process.env,
    JUPYTER_PATH: share,
    JUPYTER_DATA_DIR: share,
    JUPYTER_CONFIG_DIR: join(jupyterDir, "config"),
    JUPYTER_RUNTIME_DIR: join(jupyterDir, "runtime"),
    IPYTHONDIR: join(jupyterDir, "ipython"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
    });
}

/** The data files a notebook reads that live outside the repository: the novel, when it calls loadMemorias. */
export function dataFilesOf(notebook: string): string[] {
  if (!readFileSync(notebook, "utf8").includes("loadMemorias(")) return [];
  return [join(dataDir(), MEMORIAS.file)];
}

/**
 * Where the executed copy of `notebook` is cached: keyed by its bytes, the built library, the lockfile
 * (which pins vega-datasets' files) and the content of the data files it reads (not their paths).
 */
export function cachedPath(notebook: string): string {
  const h = createHash("sha256");
  for (const f of [notebook, ...filesUnder(join(root, "dist"), ".js"), join(root, "package-lock.json")])
    if (existsSync(f)) h.update(f).update(readFileSync(f));
  for (const f of dataFilesOf(notebook)) h.update(basename(f)).update(existsSync(f) ? readFileSync(f) : "missing");
  return join(cacheDir, `${basename(notebook, ".ipynb")}-${h.digest("hex").slice(0, 16)}.ipynb`);
}

/** A failed cell: its number (1-based, every cell counted; 0 when the runner failed before any cell ran) and the error. */
export class NotebookError extends Error {
  constructor(
    readonly notebook: string,
    readonly cell: number,
    readonly ename: string,
    readonly evalue: string,
    readonly stderr: string,
  ) {
    super(
      `${notebook}: cell ${cell} failed: ${NotebookError.summary(ename, evalue, stderr)}${stderr ? `\n${NotebookError.details(stderr)}` : ""}`,
    );
    this.name = "NotebookError";
  }

  /** Where it failed: `notebook.ipynb, cell 3`, or the notebook alone when no cell had started. */
  get where(): string {
    return this.cell > 0 ? `${this.notebook}, cell ${this.cell}` : `${this.notebook} (before any cell ran)`;
  }

  /** One line: `Error: message`, taken from the kernel's reply or, when tslab leaves it empty, from stderr. */
  static summary(ename: string, evalue: string, stderr: string): string {
    if (evalue) return `${ename}: ${evalue}`;
    const lines = stderr.split("\n").map((l) => l.trim());
    return lines.find((l) => /^[A-Za-z]*Error\b.*:/.test(l)) ?? lines.find((l) => /^\d+:\d+ - /.test(l)) ?? ename;
  }

  /** The kernel's stderr without the frames of tslab and Node's vm, which say nothing about the notebook. */
  static details(stderr: string): string {
    return stderr
      .split("\n")
      .filter((l) => !/node_modules[\\/]tslab[\\/]|\(node:|at node:/.test(l))
      .join("\n")
      .trim();
  }
}

interface Event {
  event: "start" | "cell" | "done" | "error";
  cells?: number;
  cell?: number;
  done?: number;
  total?: number;
  ename?: string;
  evalue?: string;
  stderr?: string;
}

function args(src: string, out: string, timeoutSeconds: number): string[] {
  return [join(root, "scripts", "execute.py"), src, out, String(timeoutSeconds)];
}

function failure(src: string, events: Event[], status: number | null, stderr: string): NotebookError {
  const e = events.find((x) => x.event === "error");
  const name = basename(src);
  if (e) return new NotebookError(name, e.cell ?? 0, e.ename ?? "Error", e.evalue ?? "", e.stderr ?? "");
  const last = stderr.trim().split("\n").pop() ?? "";
  return new NotebookError(name, 0, "ExecutionFailed", `the runner exited with ${status}${last ? `: ${last}` : ""}`, stderr.slice(-4000));
}

const parse = (text: string): Event[] =>
  text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Event);

/** Executes `src` into `out` and waits (for tests). Throws NotebookError naming the failed cell. */
export function executeSync(src: string, out: string, timeoutSeconds = 600): void {
  const r = spawnSync(setupInfo().python, args(src, out, timeoutSeconds), {
    cwd: root,
    env: jupyterEnv(),
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw failure(src, parse(r.stdout ?? ""), r.status, r.stderr ?? "");
}

/**
 * Executes `src` into `out`, reporting each finished code cell. Rejects with NotebookError. An abort
 * sends the runner SIGTERM, on which nbclient shuts its kernel down, and rejects once it has exited.
 */
export function execute(
  src: string,
  out: string,
  timeoutSeconds: number,
  onCell: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(setupInfo().python, args(src, out, timeoutSeconds), {
      cwd: root,
      env: jupyterEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const abort = () => child.kill("SIGTERM");
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    const events: Event[] = [];
    let buffer = "",
      stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const e of parse(lines.join("\n"))) {
        events.push(e);
        if (e.event === "start") onCell(0, e.cells ?? 0);
        if (e.event === "cell") onCell(e.done ?? 0, e.total ?? 0);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (status) => {
      signal?.removeEventListener("abort", abort);
      events.push(...parse(buffer));
      if (signal?.aborted) reject(new Error(`${basename(src)}: stopped`));
      else if (status === 0) resolvePromise();
      else reject(failure(src, events, status, stderr));
    });
  });
}

const durationsFile = join(cacheDir, "durations.json");

/** Seconds each notebook (by file name) took on its last execution, so the export can start the longest first. */
export function lastDurations(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(durationsFile, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Remembers how long `notebook` took to execute. */
export function recordDuration(notebook: string, seconds: number): void {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(durationsFile, `${JSON.stringify({ ...lastDurations(), [basename(notebook)]: seconds }, null, 1)}\n`);
}

/** Keeps only the newest cached execution of each notebook name besides `keep`. */
export function pruneCache(keep: string): void {
  const prefix = basename(keep).replace(/-[0-9a-f]{16}\.ipynb$/, "-");
  if (!existsSync(cacheDir)) return;
  for (const f of readdirSync(cacheDir))
    if (f.startsWith(prefix) && /^[0-9a-f]{16}\.ipynb$/.test(f.slice(prefix.length)) && join(cacheDir, f) !== keep)
      unlinkSync(join(cacheDir, f));
}

/** The first port from `start` on which 127.0.0.1 accepts a listener. */
export function freePort(start: number): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(freePort(start + 1)));
    server.listen(start, "127.0.0.1", () => server.close(() => resolvePort(start)));
  });
}

export { cacheDir };
