/**
 * A throwaway HTTP server in a child process, for the download tests: it serves one body at every path,
 * answers /missing with 404 and never answers /hang. The tests' process blocks while it downloads, so the
 * server cannot run in it.
 */
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway HTTP server in its own process (loadMemorias blocks this one while it downloads). */
export async function serve(body: Buffer): Promise<{ url: string; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), "serve-"));
  writeFileSync(join(dir, "body"), body);
  const script =
    "const fs = require('node:fs'); const body = fs.readFileSync(process.argv[1]);" +
    "const s = require('node:http').createServer((q, r) => { if (q.url === '/hang') return;" +
    " r.writeHead(q.url === '/missing' ? 404 : 200); r.end(q.url === '/missing' ? '' : body); });" +
    "s.listen(0, '127.0.0.1', () => console.log(s.address().port));";
  const child = spawn(process.execPath, ["-e", script, join(dir, "body")], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((ok) => child.stdout!.once("data", (d: Buffer) => ok(d.toString().trim())));
  child.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return { url: `http://127.0.0.1:${port}`, child };
}
