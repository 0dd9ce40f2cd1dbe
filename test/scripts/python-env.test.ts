/**
 * scripts/python-env.mjs, the project's own Python environment: a pip install that fails leaves nothing that
 * the next run could take for ready; a machine without a usable python3 gets one message saying how to get
 * one; a Python named by RNN_JUPYTER_PYTHON is checked, never installed into. (The environment made from
 * requirements.txt itself is what every notebook and browser test runs on.)
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jupyterPython, JUPYTER_PYTHON_ENV, pythonIn, venvPython } from "../../scripts/python-env.mjs";

const work = mkdtempSync(join(tmpdir(), "rnn-venv-"));
after(() => rmSync(work, { recursive: true, force: true }));

class Failed extends Error {}
/** setup.mjs's tools, with `fail` throwing instead of exiting, and every message kept. */
function tools() {
  const said: string[] = [];
  return {
    said,
    say: (m: string) => void said.push(m),
    fail: (m: string): never => {
      throw new Failed(m);
    },
    run: (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0,
  };
}

/** Runs `fn` with PATH set to `path` (and RNN_JUPYTER_PYTHON unset), restoring both after. */
function withPath<T>(path: string, fn: () => T): T {
  const saved = { PATH: process.env.PATH, own: process.env[JUPYTER_PYTHON_ENV] };
  process.env.PATH = path;
  delete process.env[JUPYTER_PYTHON_ENV];
  try {
    return fn();
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.own !== undefined) process.env[JUPYTER_PYTHON_ENV] = saved.own;
  }
}

test("a pip install that fails removes the half-made environment, so the next run starts afresh", () => {
  const dir = join(work, "venv");
  const requirements = join(work, "requirements.txt");
  writeFileSync(requirements, "rnn-notebooks-no-such-package==0.0.1\n");
  const t = tools();
  assert.throws(
    () => jupyterPython(t, { dir, requirements }),
    (e: Error) => e instanceof Failed && /pip could not install requirements\.txt into .*venv\/.*was removed/.test(e.message),
  );
  assert.ok(t.said.some((m) => /making the project's Python environment/.test(m)));
  assert.equal(existsSync(dir), false, "nothing is left of the environment");
});

test("with no python3 on the PATH, setup stops with one message naming what to install on Debian/Ubuntu, macOS and WSL", () => {
  const empty = mkdtempSync(join(work, "bin-"));
  writeFileSync(join(work, "requirements.txt"), "nbclient\n");
  const t = tools();
  const error = withPath(empty, () => {
    try {
      jupyterPython(t, { dir: join(work, "never"), requirements: join(work, "requirements.txt") });
    } catch (e) {
      return e as Error;
    }
    return undefined;
  });
  assert.ok(error instanceof Failed, "it fails");
  assert.match(error.message, /No python3 is on your PATH/);
  assert.match(error.message, /Debian\/Ubuntu: +sudo apt-get install python3 python3-venv/);
  assert.match(error.message, /macOS: +brew install/);
  assert.match(error.message, /Windows: +use WSL/);
  assert.equal(existsSync(join(work, "never")), false, "it stopped before making anything");
});

test("RNN_JUPYTER_PYTHON names a Python without nbclient: one message, nothing installed into it", () => {
  // A Python with no Jupyter for sure: a bare environment made from the one .venv/ was made from.
  const bare = join(work, "bare");
  const base = spawnSync(venvPython, ["-c", "import sys; print(sys._base_executable)"], { encoding: "utf8" }).stdout.trim();
  assert.equal(spawnSync(base, ["-m", "venv", "--without-pip", bare]).status, 0);
  const python = pythonIn(bare);
  const saved = process.env[JUPYTER_PYTHON_ENV];
  process.env[JUPYTER_PYTHON_ENV] = python;
  try {
    assert.throws(
      () => jupyterPython(tools(), { dir: join(work, "unused"), requirements: join(work, "requirements.txt") }),
      (e: Error) => e instanceof Failed && e.message.includes(`${JUPYTER_PYTHON_ENV}=${python}: that Python cannot import nbclient`),
    );
  } finally {
    if (saved === undefined) delete process.env[JUPYTER_PYTHON_ENV];
    else process.env[JUPYTER_PYTHON_ENV] = saved;
  }
  assert.equal(existsSync(join(work, "unused")), false, "no environment of the project's was made instead");
  assert.notEqual(spawnSync(python, ["-c", "import nbclient"]).status, 0, "and nothing was installed into the user's Python");
});
