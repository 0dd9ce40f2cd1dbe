/**
 * `scripts/setup.mjs`, the preparation behind npm start, npm test and npm run lab: with nothing changed it
 * installs nothing, the kernel spec sits in the project's .jupyter/ pointing at this clone's tslab, and
 * nothing lands in $HOME.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../helpers/notebook";

const home = mkdtempSync(join(tmpdir(), "rnn-home-"));
after(() => rmSync(home, { recursive: true, force: true }));

test("setup run again with nothing changed reinstalls nothing and writes nothing to $HOME", () => {
  const r = spawnSync(process.execPath, [join(root, "scripts", "setup.mjs")], {
    cwd: root,
    env: { ...process.env, HOME: home },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /npm dependencies are installed/);
  assert.match(r.stdout, /the library build is up to date/);
  assert.match(r.stdout, /the tslab kernel spec is installed in \.jupyter\//);
  assert.doesNotMatch(r.stdout, /installing|building/);
  assert.deepEqual(readdirSync(home), []);
});

test("the tslab kernel spec is project-local and starts this clone's tslab", () => {
  const spec = JSON.parse(readFileSync(join(root, ".jupyter", "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8"));
  assert.equal(spec.argv[0], join(root, "node_modules", ".bin", "tslab"));
  assert.equal(spec.language, "typescript");
  const info = JSON.parse(readFileSync(join(root, ".jupyter", "setup.json"), "utf8"));
  const probe = spawnSync(info.python, ["-c", "import nbclient, nbconvert"], { encoding: "utf8" });
  assert.equal(probe.status, 0, `${info.python} has nbclient and nbconvert`);
});
