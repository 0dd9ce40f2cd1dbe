/**
 * The PyTorch peer, driven from Node: spawns bench/torch_bench.py with Debian's python3 and talks to
 * it one JSON line at a time, so its rounds interleave with the JavaScript peers'.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Round, Runner, Workload } from "./workloads";

const PYTHON = "/usr/bin/python3";

/** Why PyTorch cannot run here, or null when `import torch` works. */
export function torchUnavailable(): string | null {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return null;
  } catch {
    return `not available (${PYTHON} -c "import torch" failed; Debian's python3-torch provides it)`;
  }
}

/** Starts the Python process; resolves once it has loaded torch, with a Runner and torch's version. */
export async function torchRunner(workloads: Workload[]): Promise<{ runner: Runner; version: string }> {
  const dir = mkdtempSync(join(tmpdir(), "rnn-bench-"));
  const spec = join(dir, "workloads.json");
  writeFileSync(spec, JSON.stringify({ workloads }));
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [join(__dirname, "torch_bench.py"), spec]);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const reply = async <T>(): Promise<T> => {
    const next = await lines.next();
    if (next.done) throw new Error(`the PyTorch benchmark process ended early:\n${stderr}`);
    return JSON.parse(next.value) as T;
  };
  const ask = <T>(cmd: object): Promise<T> => {
    child.stdin.write(JSON.stringify(cmd) + "\n");
    return reply<T>();
  };
  const { version } = await reply<{ version: string }>();
  const runner: Runner = {
    name: "PyTorch 1 thread (f64)",
    prepare: async (w) => (await ask<{ firstLoss: number }>({ cmd: "prepare", workload: w.name })).firstLoss,
    round: (w, seconds) => ask<Round>({ cmd: "round", workload: w.name, seconds }),
    close: () => {
      child.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { runner, version };
}
