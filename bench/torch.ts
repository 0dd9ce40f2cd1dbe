/**
 * The PyTorch peer, driven from Node: bench/torch_bench.py on the first Python that has torch (the
 * project's .venv/ first), one JSON line per command (bench/python.ts), so its rounds interleave with the
 * JavaScript peers'.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pythonMissing, pythonPeer, pythonWith } from "./python";
import { Round, Runner, Workload } from "./workloads";

/** Why PyTorch cannot run here, or null when `import torch` works. */
export function torchUnavailable(): string | null {
  return pythonMissing("torch");
}

/** Starts the Python process; resolves once it has loaded torch, with a Runner and what ran: torch's version, its BLAS, the Python. */
export async function torchRunner(workloads: Workload[]): Promise<{ runner: Runner; version: string; blas: string; python: string }> {
  const python = pythonWith("torch")!;
  const dir = mkdtempSync(join(tmpdir(), "rnn-bench-"));
  const spec = join(dir, "workloads.json");
  writeFileSync(spec, JSON.stringify({ workloads }));
  const peer = await pythonPeer(python, join(__dirname, "torch_bench.py"), [spec]);
  const runner: Runner = {
    name: "PyTorch 1 thread (f64)",
    prepare: async (w) => (await peer.ask<{ firstLoss: number }>({ cmd: "prepare", workload: w.name })).firstLoss,
    round: (w, seconds) => peer.ask<Round>({ cmd: "round", workload: w.name, seconds }),
    close: () => {
      peer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { runner, version: peer.hello.version, blas: peer.hello.blas, python };
}
