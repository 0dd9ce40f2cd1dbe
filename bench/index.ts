/**
 * `npm run bench`: training steps per second of the library against its peers — TensorFlow.js (pure-JS
 * CPU backend), a straightforward mathjs implementation and, where `import torch` works, PyTorch on one
 * CPU thread — on the two workloads of bench/workloads.ts, printed as a table with ratios.
 * Options: `--seconds <s>` per measurement (default 1.5), `--no-torch`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { libraryStep } from "./library";
import { mathjsStep } from "./mathjs";
import { tfjsReady, tfjsStep } from "./tfjs";
import { charLM, measure, Measurement, regression, Workload } from "./workloads";

const PYTHON = "/usr/bin/python3";
const TARGETS: Record<string, number> = { regression: 20000, charLM: 800 };

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** PyTorch's measurements, or the reason there are none. */
function torchRun(workloads: Workload[], seconds: number): Record<string, Measurement> | string {
  if (process.argv.includes("--no-torch")) return "skipped (--no-torch)";
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
  } catch {
    return `not available (${PYTHON} -c "import torch" failed)`;
  }
  const dir = mkdtempSync(join(tmpdir(), "rnn-bench-"));
  try {
    const spec = join(dir, "workloads.json");
    writeFileSync(spec, JSON.stringify({ seconds, workloads }));
    const out = execFileSync(PYTHON, [join(__dirname, "torch_bench.py"), spec], { encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").pop()!) as Record<string, Measurement> & { version: string };
    console.log(`PyTorch ${result.version} (CPU, 1 thread, float64)`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (v: number) => Math.round(v).toLocaleString("en-US");
const pad = (s: string, n: number) => s.padEnd(n);
const padL = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const seconds = Number(argValue("--seconds") ?? 1.5);
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${argValue("--seconds")}`);
  await tfjsReady();
  const workloads = [regression(), charLM()];
  const peers: { name: string; run: (w: Workload) => Measurement }[] = [
    { name: "this library (f64)", run: (w) => measure(libraryStep(w), seconds) },
    { name: "TF.js cpu (f32)", run: (w) => measure(tfjsStep(w), seconds) },
    { name: "mathjs (f64)", run: (w) => measure(mathjsStep(w), seconds) },
  ];
  const results = new Map<string, Map<string, Measurement | string>>();
  for (const w of workloads) {
    const row = new Map<string, Measurement | string>();
    for (const peer of peers) {
      process.stderr.write(`  measuring ${peer.name} on ${w.name}…\n`);
      row.set(peer.name, peer.run(w));
    }
    results.set(w.name, row);
  }
  const torch = torchRun(workloads, seconds);
  const torchName = "PyTorch 1 thread (f64)";
  for (const w of workloads) results.get(w.name)!.set(torchName, typeof torch === "string" ? torch : torch[w.name]);

  const columns = [...peers.map((p) => p.name), torchName];
  console.log(`\nTraining steps per second (${seconds} s per measurement; ratio = this library ÷ peer)\n`);
  console.log(pad("workload", 12) + columns.map((c) => padL(c, 26)).join("") + padL("target", 16));
  for (const w of workloads) {
    const row = results.get(w.name)!;
    const ours = row.get(columns[0]) as Measurement;
    const cells = columns.map((c) => {
      const m = row.get(c)!;
      if (typeof m === "string") return "n/a";
      return c === columns[0]
        ? `${fmt(m.stepsPerSecond)}/s`
        : `${fmt(m.stepsPerSecond)}/s (${(ours.stepsPerSecond / m.stepsPerSecond).toFixed(1)}×)`;
    });
    const target = TARGETS[w.name];
    const verdict = `${ours.stepsPerSecond >= target ? "met" : "missed"} ${fmt(target)}`;
    console.log(pad(w.name, 12) + cells.map((c) => padL(c, 26)).join("") + padL(verdict, 16));
  }
  console.log("\nWorkloads:");
  for (const w of workloads) console.log(`  ${pad(w.name, 11)} ${w.label}`);
  console.log("\nSame equations everywhere — loss of the first step (same parameters and data):");
  for (const w of workloads) {
    const row = results.get(w.name)!;
    const ours = (row.get(columns[0]) as Measurement).firstLoss;
    const diffs = columns.slice(1).map((c) => {
      const m = row.get(c)!;
      return typeof m === "string" ? `${c}: n/a` : `${c}: rel. diff ${(Math.abs(m.firstLoss - ours) / Math.abs(ours)).toExponential(1)}`;
    });
    console.log(`  ${pad(w.name, 11)} ${ours.toFixed(12)}  (${diffs.join("; ")})`);
  }
  if (typeof torch === "string") console.log(`\nPyTorch: ${torch}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
