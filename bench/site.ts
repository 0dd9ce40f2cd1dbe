/**
 * The site's build time, as `npm start -- --fresh` spends it: every notebook of both editions executed afresh,
 * two at a time, and converted by nbconvert, into a temporary folder (the project's site/ is left alone). Prints
 * the export's seconds against the target, and each notebook's seconds in that run, longest first (each ran beside
 * another, so a notebook alone takes less). Skipped with `--no-site`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Seconds of export the target allows for the whole site, and for notebook 6. */
const TARGET_SECONDS = 60,
  NOTEBOOK_6_TARGET = 30;

export async function siteBench(): Promise<void> {
  const out = join(mkdtempSync(join(tmpdir(), "rnn-bench-site-")), "site");
  let printed = "";
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/export.ts", "--fresh", "--out", out], {
      cwd: join(__dirname, ".."),
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
  const total = /Site written to .* \((\d+) pages, [\d.]+ MB\) in ([\d.]+) s/.exec(printed);
  console.log("\nSite build: npm start -- --fresh (both editions, two notebooks at a time, then nbconvert)");
  if (code !== 0 || !total) {
    console.log(`  the export failed (exit code ${code}); its output is above`);
    return;
  }
  const seconds = Number(total[2]);
  console.log(
    `  ${total[1]} pages in ${seconds.toFixed(1)} s of export: target ≤ ${TARGET_SECONDS} s ${seconds <= TARGET_SECONDS ? "met" : "missed"}`,
  );
  // the export's own line per notebook: "[6/12] 06-gated.ipynb  19 code cells done  62.0 s"
  const runs = [...printed.matchAll(/\] (\S+\.ipynb) {2}\d+ code cells done {2}([\d.]+) s/g)].map((m) => [m[1], Number(m[2])] as const);
  for (const [name, s] of runs.sort((a, b) => b[1] - a[1]))
    console.log(
      `  ${name.padEnd(24)} ${s.toFixed(1).padStart(6)} s` +
        (name.startsWith("06-")
          ? `  (notebook 6, target ≤ ${NOTEBOOK_6_TARGET} s alone: ${s <= NOTEBOOK_6_TARGET ? "met" : "missed"} beside another)`
          : ""),
    );
}
