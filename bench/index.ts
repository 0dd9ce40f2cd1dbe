/**
 * `npm run bench`: training steps per second of the library (its build, dist/: bench/own.ts) against its peers — TensorFlow.js (pure-JS
 * CPU backend), a straightforward mathjs implementation (Elman only) and, where `import torch` works,
 * PyTorch on one CPU thread (torch.nn.LSTM for the LSTM) — on the four workloads of bench/workloads.ts
 * (W1, W2 Elman; W3, W4 LSTM), printed as a table with ratios.
 * Each peer runs several short rounds, interleaved with the others', and keeps its best round, so load
 * from other processes on the machine touches every peer alike; a second table gives every peer's slowest
 * and fastest round, and the ratios to PyTorch from the slowest rounds, so a noisy run shows as one.
 * The PyTorch line says which torch ran: requirements-bench.txt's pin from .venv/ (`npm run setup -- --bench`)
 * or, failing that, whichever Python imports torch.
 * Then bench/kernels.ts's table: each matrix product's GFLOP/s beside numpy's BLAS (skip it with `--no-kernels`),
 * the import cost, and the site's build time, fresh exports of the English edition and of both (bench/site.ts; skip it with `--no-site`).
 * Options: `--seconds <s>` per peer and workload, split into rounds (default 1.5), `--rounds <r>` (5), `--no-torch`,
 * and `--baseline DIR` (repeatable): another build of the library (a dist/ folder) as one more peer, run by the same
 * steps, interleaved with the others — how a change is measured against the code before it.
 */
import { basename, resolve } from "node:path";
import { importBench } from "./import";
import { kernelTable } from "./kernels";
import { Library, libraryStep } from "./library";
import { mathjsStep } from "./mathjs";
import { siteBench } from "./site";
import { tfjsReady, tfjsStep } from "./tfjs";
import { torchOrigin, torchRunner, torchUnavailable } from "./torch";
import { charLM, jsRunner, lstmCharLM, lstmStep, regression, Runner, Workload } from "./workloads";

/** Targets as ratios to PyTorch's steps per second (torch.nn.LSTM for the LSTM), best round against best round. */
const TARGETS: Record<string, { torchRatio: number }> = {
  regression: { torchRatio: 5 },
  charLM: { torchRatio: 3 },
  lstm: { torchRatio: 1.5 },
  lstmCharLM: { torchRatio: 2 },
};

function option(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!(v > 0 && Number.isFinite(v))) throw new Error(`${flag} must be a positive number, got ${process.argv[i + 1]}`);
  return v;
}

const fmt = (v: number) => Math.round(v).toLocaleString("en-US");

/** The builds named by `--baseline DIR` (each a dist/ folder), required as a notebook requires the package. */
function baselines(): [string, Library][] {
  return process.argv.flatMap((arg, i) => {
    if (arg !== "--baseline") return [];
    const dir = process.argv[i + 1];
    if (!dir) throw new Error("--baseline needs a folder: a build of the library (its dist/)");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return [[`build in ${basename(resolve(dir))}/ (f64)`, require(resolve(dir)) as Library]];
  });
}

async function main(): Promise<void> {
  const seconds = option("--seconds", 1.5),
    rounds = Math.round(option("--rounds", 5));
  await tfjsReady();
  const workloads = [regression(), charLM(), lstmStep(), lstmCharLM()];
  const runners: Runner[] = [
    jsRunner("this library (f64)", (w) => libraryStep(w)),
    ...baselines().map(([name, lib]) => jsRunner(name, (w) => libraryStep(w, lib))),
    jsRunner("TF.js cpu (f32)", tfjsStep),
    jsRunner("mathjs (f64)", mathjsStep, (w: Workload) => w.cell === "elman"),
  ];
  let torchName = "PyTorch 1 thread (f64)";
  const missing = process.argv.includes("--no-torch") ? "skipped (--no-torch)" : torchUnavailable();
  if (!missing) {
    const { runner, version, blas, python } = await torchRunner(workloads);
    console.log(`${torchOrigin(version, python)}; BLAS: ${blas}; CPU, torch.set_num_threads(1), float64`);
    runners.push(runner);
    torchName = runner.name;
  }
  const names = [...runners.filter((r) => r.name !== torchName).map((r) => r.name), torchName];
  const all = new Map<string, number[]>(), // steps/s of every round
    firstLoss = new Map<string, number>();
  const key = (w: string, r: string) => `${w}/${r}`;
  try {
    for (const w of workloads) {
      const peers = runners.filter((r) => r.supports?.(w) ?? true);
      for (const r of peers) firstLoss.set(key(w.name, r.name), await r.prepare(w));
      for (let round = 0; round < rounds; round++) {
        for (const r of peers) {
          process.stderr.write(`  ${w.name}: ${r.name}, round ${round + 1}/${rounds}\n`);
          const { steps, seconds: s } = await r.round(w, seconds / rounds);
          const k = key(w.name, r.name);
          all.set(k, [...(all.get(k) ?? []), steps / s]);
        }
      }
    }
  } finally {
    for (const r of runners) r.close?.();
  }

  const best = new Map([...all].map(([k, v]) => [k, Math.max(...v)])),
    slowest = new Map([...all].map(([k, v]) => [k, Math.min(...v)]));
  const ours = names[0];
  console.log(`\nTraining steps per second, best of ${rounds} interleaved rounds (${seconds} s per peer and workload);`);
  console.log(`ratio = this library ÷ peer\n`);
  const width = 30;
  console.log("workload".padEnd(16) + names.map((n) => n.padStart(width)).join("") + "target".padStart(22));
  for (const w of workloads) {
    const mine = best.get(key(w.name, ours))!;
    const cells = names.map((n) => {
      const v = best.get(key(w.name, n));
      if (v === undefined) return "n/a";
      return n === ours ? `${fmt(v)}/s` : `${fmt(v)}/s (${(mine / v).toFixed(2)}×)`;
    });
    const goal = TARGETS[w.name];
    const torch = best.get(key(w.name, torchName));
    const target = !goal
      ? "—"
      : torch === undefined
        ? `≥ ${goal.torchRatio}× PyTorch: n/a`
        : `${mine >= goal.torchRatio * torch ? "met" : "missed"} ≥ ${goal.torchRatio}× PyTorch`;
    const label = `${w.id} ${w.name}`;
    console.log(label.padEnd(16) + cells.map((c) => c.padStart(width)).join("") + target.padStart(22));
  }
  console.log(`\nSpread: slowest–fastest of the ${rounds} rounds in steps/s; ratio = this library's slowest ÷ the peer's slowest\n`);
  console.log("workload".padEnd(16) + names.map((n) => n.padStart(width)).join(""));
  for (const w of workloads) {
    const mine = slowest.get(key(w.name, ours))!;
    const cells = names.map((n) => {
      const lo = slowest.get(key(w.name, n)),
        hi = best.get(key(w.name, n));
      if (lo === undefined || hi === undefined) return "n/a";
      return `${fmt(lo)}–${fmt(hi)}` + (n === ours ? "" : ` (${(mine / lo).toFixed(2)}×)`);
    });
    console.log(`${w.id} ${w.name}`.padEnd(16) + cells.map((c) => c.padStart(width)).join(""));
  }
  console.log("\nWorkloads:");
  for (const w of workloads) console.log(`  ${`${w.id} ${w.name}`.padEnd(15)} ${w.label}`);
  console.log("\nSame equations everywhere: loss of the first step (same parameters and data), relative difference to this library");
  for (const w of workloads) {
    const mine = firstLoss.get(key(w.name, ours))!;
    const diffs = names.slice(1).map((n) => {
      const v = firstLoss.get(key(w.name, n));
      return v === undefined ? `${n}: n/a` : `${n}: ${(Math.abs(v - mine) / Math.abs(mine)).toExponential(1)}`;
    });
    console.log(`  ${`${w.id} ${w.name}`.padEnd(15)} ${mine.toFixed(12)}  (${diffs.join("; ")})`);
  }
  if (missing) console.log(`\nPyTorch: ${missing}`);
  if (!process.argv.includes("--no-kernels")) await kernelTable(2 * seconds, Math.max(3, Math.round(rounds / 2)));
  importBench();
  if (!process.argv.includes("--no-site")) await siteBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
