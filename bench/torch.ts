/**
 * The PyTorch peer, driven from Node: bench/torch_bench.py on the first Python that has torch (the
 * project's .venv/ first), one JSON line per command (bench/python.ts), so its rounds interleave with the
 * JavaScript peers'.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchRequirementsFile, venvPython } from "../scripts/python-env.mjs";
import { pythonMissing, pythonPeer, pythonWith } from "./python";
import { Round, Runner, Workload } from "./workloads";

/** Why PyTorch cannot run here, or null when `import torch` works. */
export function torchUnavailable(): string | null {
  return pythonMissing("torch");
}

/** The PyTorch version requirements-bench.txt pins (`torch==2.13.0`), which `npm run setup -- --bench` installs into .venv/. */
export function pinnedTorch(requirements = readFileSync(benchRequirementsFile, "utf8")): string | undefined {
  return /^torch==(\S+)/m.exec(requirements)?.[1];
}

/**
 * Which PyTorch ran, in words: its version, whether it is the pinned one, and the Python it came from (the
 * project's .venv/ or, failing that, whichever Python on this machine could import torch).
 */
export function torchOrigin(version: string, python: string, pinned = pinnedTorch(), venv = venvPython): string {
  const local = version.split("+")[0]; // "2.13.0+cpu": the pip CPU build of 2.13.0
  const pin = !pinned
    ? "no pinned version found in requirements-bench.txt"
    : local === pinned
      ? `the pinned torch==${pinned}`
      : `not the pinned torch==${pinned} (\`npm run setup -- --bench\` installs it into .venv/)`;
  const where = python === venv ? `the project's .venv/ (${python})` : `the first Python that imports torch, ${python}`;
  return `PyTorch ${version}, ${pin}, from ${where}`;
}

/** Starts the Python process; resolves once it has loaded torch, with a Runner and what ran: torch's version, its BLAS, the Python. */
export async function torchRunner(workloads: Workload[]): Promise<{ runner: Runner; version: string; blas: string; python: string }> {
  const python = pythonWith("torch")!;
  const dir = mkdtempSync(join(tmpdir(), "rnn-bench-"));
  const spec = join(dir, "workloads.json");
  writeFileSync(spec, JSON.stringify({ workloads }));
  const peer = await pythonPeer(python, join(__dirname, "torch_bench.py"), [spec]);
  const runner: Runner = {
    name: `PyTorch ${peer.hello.version.split(".").slice(0, 2).join(".")} 1 thread (f64)`,
    prepare: async (w) => (await peer.ask<{ firstLoss: number }>({ cmd: "prepare", workload: w.name })).firstLoss,
    round: (w, seconds) => peer.ask<Round>({ cmd: "round", workload: w.name, seconds }),
    close: () => {
      peer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { runner, version: peer.hello.version, blas: peer.hello.blas, python };
}
