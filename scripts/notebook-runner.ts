/**
 * Notebook execution through scripts/execute.py (nbclient, the tslab kernel, a timeout per cell), with
 * the Python setup found and Jupyter's files kept in .jupyter/. The runner prints one JSON event per line;
 * a failure becomes a NotebookError naming the cell.
 */
import { spawn, spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { jupyterEnv, root } from "./jupyter-home.mjs";
import { setupInfo } from "./setup-info";

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
