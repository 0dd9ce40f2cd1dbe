/**
 * What importing the package costs: a notebook's first `import … from ".."` is a `require` of the
 * built dist/. Times it in fresh Node processes, interleaved with a bare Node start and with a
 * require of mathjs (which the package loads only when a function needs it), and reports medians.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");

/** Milliseconds that `require(what)` takes inside a fresh Node process (its start-up not counted). */
function requireMs(what: string): number {
  const script = `const t = performance.now(); require(${JSON.stringify(what)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" }).trim());
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Prints the median require time of the package and of mathjs over `runs` interleaved cold starts. */
export function importBench(runs = 9): void {
  const peers: Record<string, string> = { "the package (dist/)": root, "mathjs alone": "mathjs" };
  const times = new Map<string, number[]>(Object.keys(peers).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [name, what] of Object.entries(peers)) times.get(name)!.push(requireMs(what));
  const ours = median(times.get("the package (dist/)")!);
  console.log(`\nImport cost: median of ${runs} cold requires in fresh Node processes (start-up excluded); target < 150 ms`);
  for (const [name, t] of times) {
    const m = median(t);
    console.log(
      `  ${name.padEnd(22)} ${m.toFixed(0).padStart(6)} ms${name.startsWith("the package") ? "" : `  (package ÷ this = ${(ours / m).toFixed(2)})`}`,
    );
  }
  console.log(`  the package ${ours < 150 ? "meets" : "misses"} the 150 ms target`);
}
