/**
 * The site's build time, as `npm start -- --fresh` spends it: notebooks executed afresh, two at a time, each
 * converted by nbconvert once it ran, into a temporary folder (the project's site/ is left alone). Three times:
 * notebook 6 alone, the English edition's six notebooks (what the target counts), then both editions (what
 * `npm start` builds). Prints
 * each export's seconds against the target, and each notebook's seconds in that run, longest first (each ran beside
 * another, so a notebook alone takes less). Skipped with `--no-site`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Seconds of export the target allows for the six notebooks, and for notebook 6. */
const TARGET_SECONDS = 60,
  NOTEBOOK_6_TARGET = 30;

const root = join(__dirname, "..");

/** One fresh export of `notebooks` (all of both editions when empty): its exit code and everything it printed. */
async function exportOnce(notebooks: string[]): Promise<{ code: number | null; printed: string }> {
  const out = join(mkdtempSync(join(tmpdir(), "rnn-bench-site-")), "site");
  let printed = "";
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/export.ts", "--fresh", "--out", out, ...notebooks], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // the export's progress goes to stderr, with the rounds' progress; its last lines are read below
    for (const stream of [child.stdout, child.stderr])
      stream.on("data", (chunk: Buffer) => {
        printed += chunk.toString();
        process.stderr.write(chunk);
      });
    child.on("close", done);
  });
  rmSync(join(out, ".."), { recursive: true, force: true });
  return { code, printed };
}

/** The export's seconds and each notebook's, from what it printed, under `title`. */
function report(title: string, { code, printed }: { code: number | null; printed: string }, target?: number): void {
  const total = /Site written to .* \((\d+) pages, [\d.]+ MB\) in ([\d.]+) s/.exec(printed);
  console.log(`\n${title}`);
  if (code !== 0 || !total) {
    console.log(`  the export failed (exit code ${code}); its output is above`);
    return;
  }
  const seconds = Number(total[2]);
  console.log(
    `  ${total[1]} pages in ${seconds.toFixed(1)} s of export` +
      (target ? `: target ≤ ${target} s ${seconds <= target ? "met" : "missed"}` : ""),
  );
  // the export's own line per notebook: "[6/12] 06-gated.ipynb  19 code cells done  62.0 s"
  const runs = [...printed.matchAll(/\] (\S+\.ipynb) {2}\d+ code cells done {2}([\d.]+) s/g)].map((m) => [m[1], Number(m[2])] as const);
  for (const [name, s] of runs.sort((a, b) => b[1] - a[1]))
    console.log(
      `  ${name.padEnd(24)} ${s.toFixed(1).padStart(6)} s` +
        (name.startsWith("06-")
          ? `  (target ≤ ${NOTEBOOK_6_TARGET} s alone: ${s <= NOTEBOOK_6_TARGET ? "met" : "missed"}${runs.length > 1 ? " beside another" : ""})`
          : ""),
    );
}

export async function siteBench(): Promise<void> {
  const english = readdirSync(join(root, "notebooks"))
    .filter((f) => f.endsWith(".ipynb"))
    .map((f) => join("notebooks", f));
  const alone = await exportOnce(["notebooks/06-gated.ipynb"]);
  const one = await exportOnce(english);
  const both = await exportOnce([]);
  report("Site build: npm start -- --fresh notebooks/06-gated.ipynb (notebook 6 alone)", alone);
  report("Site build: npm start -- --fresh notebooks/*.ipynb (the English edition, two notebooks at a time)", one, TARGET_SECONDS);
  report("Site build: npm start -- --fresh (both editions, two notebooks at a time)", both);
}
