/**
 * `npm run lab` serves notebooks/ on 127.0.0.1 behind a token with the tslab kernel, and the real
 * Notebook UI runs the smoke notebook in Chromium: run all, kernel idle, every figure drawn, no error cell.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { root } from "../helpers/notebook";
import { freePort } from "../../scripts/free-port";
import { jupyterDir, jupyterEnv } from "../../scripts/jupyter-home.mjs";
import { setupInfo } from "../../scripts/setup-info";
import { launchChromium } from "../helpers/browser";

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.pid && c.exitCode === null) stop(c);
});

/** Ends a child started here with its whole process group (npm → node → python). */
function stop(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

/** Starts a command in its own process group and resolves with the first stdout/stderr match of `pattern`. */
function startAndWait(
  cmd: string,
  args: string[],
  pattern: RegExp,
  env = process.env,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let log = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${log}`)), 120_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = log.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${log}`)));
  });
}

async function until(check: () => Promise<boolean>, what: string, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 3000 });
    s.on("connect", () => (s.destroy(), resolve(false)));
    s.on("error", () => resolve(true));
    s.on("timeout", () => (s.destroy(), resolve(true)));
  });
}

test("npm run lab serves notebooks/ on 127.0.0.1 only, behind a token, with tslab as the default kernel", async () => {
  const { child, match } = await startAndWait(
    "npm",
    ["run", "lab", "--", "--no-browser"],
    /Open http:\/\/127\.0\.0\.1:(\d+)\/\w+\?token=([0-9a-f]{48})/,
  );
  const [, port, token] = match;
  const base = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${base}/api/status?token=${token}`)).ok, "the server");
  assert.equal((await fetch(`${base}/api/kernelspecs`)).status, 403, "no token, no access");
  assert.equal((await fetch(`${base}/api/kernelspecs?token=wrong`)).status, 403);
  const specs = (await (await fetch(`${base}/api/kernelspecs?token=${token}`)).json()) as {
    default: string;
    kernelspecs: Record<string, unknown>;
  };
  assert.equal(specs.default, "tslab");
  assert.ok("tslab" in specs.kernelspecs);
  const contents = (await (await fetch(`${base}/api/contents?token=${token}`)).json()) as { content: { name: string }[] };
  assert.ok(contents.content.every((f) => f.name.endsWith(".ipynb")) || contents.content.length === 0, "the root is notebooks/");
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal);
  if (external) assert.ok(await refused(external.address, Number(port)), `not reachable on ${external.address}`);
  stop(child);
});

test("npm run lab -- --port N (space form) listens on N and prints that address; the token is in no command line; runtime files are private", async () => {
  const wanted = await freePort(8950);
  const { child, match } = await startAndWait(
    "npm",
    ["run", "lab", "--", "--no-browser", "--port", String(wanted)],
    /Open http:\/\/127\.0\.0\.1:(\d+)\/\w+\?token=([0-9a-f]{48})/,
  );
  const [, port, token] = match;
  assert.equal(Number(port), wanted, "the printed address has the port asked for");
  await until(async () => (await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`)).ok, "the server on the port asked for");
  const commandLines = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, "utf8");
      } catch {
        return "";
      }
    });
  assert.ok(commandLines.length > 0);
  assert.ok(!commandLines.some((c) => c.includes(token)), "no process has the token on its command line (ps would show it)");
  const runtime = join(jupyterDir, "runtime");
  assert.equal(statSync(runtime).mode & 0o777, 0o700, ".jupyter/runtime is 0700, as Jupyter's own default");
  const files = readdirSync(runtime);
  assert.ok(files.length > 0, "the server wrote its runtime files");
  for (const f of files) assert.equal(statSync(join(runtime, f)).mode & 0o077, 0, `${f} is readable by its owner only`);
  stop(child);
});

test("the real Notebook UI runs the smoke notebook: kernel idle, every figure drawn, no error or stderr cell", async () => {
  const notebook = join(root, "test", "smoke.ipynb");
  const original = readFileSync(notebook);
  const before = createHash("sha256").update(original).digest("hex");
  const checkpoints = join(root, "test", ".ipynb_checkpoints");
  const hadCheckpoints = existsSync(checkpoints);
  const token = randomBytes(24).toString("hex");
  const { python } = setupInfo();
  const { child, match } = await startAndWait(
    python,
    [
      "-m",
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${await freePort(8900)}`,
      "--NotebookApp.port_retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${join(root, "test")}`,
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    /http:\/\/127\.0\.0\.1:(\d+)\//,
    jupyterEnv(),
  );
  const port = match[1];
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`http://127.0.0.1:${port}/`) || url.startsWith("ws://127.0.0.1") || url.startsWith("data:"))
        return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`http://127.0.0.1:${port}/notebooks/smoke.ipynb?token=${token}`);
    type J = {
      Jupyter: {
        notebook: {
          kernel?: { is_connected(): boolean };
          set_autosave_interval(n: number): void;
          execute_all_cells(): void;
          get_cells(): { cell_type: string; input_prompt_number?: unknown }[];
          kernel_busy?: boolean;
        };
      };
    };
    await page.waitForFunction(() => (window as unknown as J).Jupyter?.notebook?.kernel?.is_connected() === true, null, {
      timeout: 120_000,
    });
    await page.evaluate(() => {
      const nb = (window as unknown as J).Jupyter.notebook;
      nb.set_autosave_interval(0);
      nb.execute_all_cells();
    });
    await page.waitForFunction(
      () => {
        const nb = (window as unknown as J).Jupyter.notebook;
        const code = nb.get_cells().filter((c) => c.cell_type === "code");
        return (
          code.every((c) => typeof c.input_prompt_number === "number") &&
          document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null
        );
      },
      null,
      { timeout: 240_000 },
    );
    await page.waitForFunction(
      () => {
        const figs = Array.from(document.querySelectorAll(".rnn-figure"));
        return figs.length === 7 && figs.every((d) => d.querySelector(".main-svg"));
      },
      null,
      { timeout: 90_000 },
    );
    const traces = await page.$$eval(".rnn-figure", (ds) => ds.map((d) => d.querySelectorAll(".main-svg g.trace, .main-svg g.hm").length));
    assert.deepEqual(traces, [2, 1, 2, 1, 1, 2, 2]);
    assert.equal(await page.locator(".output_error").count(), 0, "no error output");
    assert.equal(await page.locator(".output_stderr").count(), 0, "nothing on stderr");
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.deepEqual(outside, []);

    // Reopened after a kernel restart, with only the import and one figure cell run: the new session's
    // first figure brings Plotly to the fresh page.
    const kernelId = await page.evaluate(
      () => (window as unknown as { Jupyter: { notebook: { kernel: { id: string } } } }).Jupyter.notebook.kernel.id,
    );
    const restart = await fetch(`http://127.0.0.1:${port}/api/kernels/${kernelId}/restart?token=${token}`, { method: "POST" });
    assert.equal(restart.status, 200, "kernel restarted");
    await page.close({ runBeforeUnload: false });
    const reopened = await browser.newPage();
    await reopened.goto(`http://127.0.0.1:${port}/notebooks/smoke.ipynb?token=${token}`);
    await reopened.waitForFunction(() => (window as unknown as J).Jupyter?.notebook?.kernel?.is_connected() === true, null, {
      timeout: 120_000,
    });
    assert.equal(await reopened.locator(".rnn-figure").count(), 0, "the reopened notebook has no outputs");
    await reopened.evaluate(() => (window as unknown as J).Jupyter.notebook.set_autosave_interval(0));
    await reopened.evaluate(() =>
      (window as unknown as { Jupyter: { notebook: { execute_cells(i: number[]): void } } }).Jupyter.notebook.execute_cells([1, 4]),
    );
    await reopened.waitForFunction(() => document.querySelector(".rnn-figure .main-svg") !== null, null, { timeout: 120_000 });
    assert.equal(await reopened.locator(".rnn-figure").count(), 1);
    assert.equal(await reopened.locator(".output_error").count(), 0);
  } finally {
    await browser.close();
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", r));
    stop(child);
    await exited;
    if (!hadCheckpoints) rmSync(checkpoints, { recursive: true, force: true });
    if (createHash("sha256").update(readFileSync(notebook)).digest("hex") !== before) {
      writeFileSync(notebook, original); // never leave a run's outputs in the committed file
      assert.fail("the Notebook UI saved the smoke notebook during the test");
    }
  }
  assert.equal(createHash("sha256").update(readFileSync(notebook)).digest("hex"), before, "the notebook file was not modified");
});
