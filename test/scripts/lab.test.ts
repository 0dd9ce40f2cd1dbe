/**
 * `npm run lab` as a learner uses it. The server: JupyterLab on 127.0.0.1 only, behind a token that no
 * command line shows, tslab the default kernel, runtime files private. Then the real UIs in Chromium, on a
 * copy of the notebooks: in JupyterLab every notebook runs from Run ▸ Run All Cells with no error and every
 * figure and drawing drawn, and draws again when saved and reopened (signed, trusted); the executed
 * notebooks the site offers for download (unsigned, untrusted) draw every figure too, and a figure cell run
 * again draws again; the Portuguese edition, served as `npm run lab -- notebooks-pt-BR` serves it, runs every notebook
 * the same way and shows its sentences in Portuguese; Notebook 7 runs a notebook from its own Run menu. Nothing is
 * written to $HOME.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { executeNotebook, root } from "../helpers/notebook";
import { launchChromium } from "../helpers/browser";
import {
  menu,
  pageState,
  readThrough,
  shutDownKernels,
  startLab,
  until,
  waitForIdleKernel,
  type LabServer,
  type PageState,
} from "../helpers/jupyterlab";
import { freePort } from "../../scripts/free-port";
import { jupyterDir } from "../../scripts/jupyter-home.mjs";
import { cachedPath } from "../../scripts/execution-cache";
import { stripBundle } from "../../scripts/site";
import { DRAWING_CLASS } from "../../lib/notebook/page-conventions";
import { PLOTLY_MIME } from "../../lib/notebook/plotly";
import { loadUnemploymentPanel } from "../../lib/data/series";

const notebooksIn = (folder: string) =>
  readdirSync(join(root, folder))
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
const notebooks = notebooksIn("notebooks");
const portuguese = notebooksIn("notebooks-pt-BR");
/** What a Portuguese sentence may quote in English: «quoted» text (a library error message) and the data's own names (industries). */
const QUOTED = new RegExp([String.raw`«[^»]*»`, ...loadUnemploymentPanel().names].join("|"), "g");

// The copy lives directly inside the project, as notebooks/ does: notebooks import the library as "..".
const copy = join(root, `.lab-test-${process.pid}`);
const home = mkdtempSync(join(tmpdir(), "rnn-lab-home-"));
const scratch = mkdtempSync(join(tmpdir(), "rnn-lab-"));
/** Every server runs with an empty $HOME (checked at the end) and a workspace of its own, never restored from another run. */
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  HOME: home,
  JUPYTERLAB_WORKSPACES_DIR: mkdtempSync(join(scratch, "workspaces-")),
  npm_config_cache: join(scratch, "npm-cache"), // npm's own cache and logs, which are not the project's doing
  npm_config_logs_max: "0",
  npm_config_update_notifier: "false",
});

let browser: Browser;
const servers: LabServer[] = [];
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await browser?.close();
  rmSync(copy, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function lab(args: string[] = []): Promise<LabServer> {
  const server = await startLab(args, env());
  servers.push(server);
  return server;
}

/** What a notebook (of `folder`) should show once run: its figures and drawings, counted in its execution under nbclient. */
function expected(notebook: string, folder = "notebooks"): { charts: number; drawings: number; codeCells: number } {
  executeNotebook(join(folder, notebook)); // runs it, or finds the cached run
  const nb = JSON.parse(readFileSync(cachedPath(join(root, folder, notebook)), "utf8")) as {
    cells: { cell_type: string; outputs?: { data?: Record<string, unknown> }[] }[];
  };
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  const html = (o: { data?: Record<string, unknown> }) => [o.data?.["text/html"] ?? ""].flat().join("");
  return {
    charts: outputs.filter((o) => o.data?.[PLOTLY_MIME]).length,
    drawings: outputs.filter((o) => html(o).includes(`class="${DRAWING_CLASS}"`)).length,
    codeCells: nb.cells.filter((c) => c.cell_type === "code").length,
  };
}

let pages = 0;
/** Opens `path` in a fresh page of the UI (`lab/tree` or Notebook 7's `notebooks`), with console errors recorded. */
async function open(server: LabServer, path: string, ui: "lab" | "notebook" = "lab"): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // A workspace of its own for each page: JupyterLab would otherwise reopen the notebooks of the last page beside it.
  const where = ui === "lab" ? `lab/workspaces/page-${++pages}/tree` : "notebooks";
  await page.goto(`${server.base}/${where}/${path}?token=${server.token}`);
  await page.waitForSelector(".jp-Notebook .jp-Cell", { state: "attached", timeout: 120_000 });
  return { page, errors };
}

/** Waits until every figure and drawing the notebook should show is drawn, then returns what the page shows. */
async function drawn(page: Page, want: { charts: number; drawings: number }, what: string) {
  let last: PageState | undefined;
  try {
    await until(
      async () => {
        await readThrough(page);
        last = await pageState(page);
        return last.charts >= want.charts && last.drawings >= want.drawings;
      },
      `${what}: ${want.charts} charts and ${want.drawings} drawings drawn`,
      90,
    );
  } catch (e) {
    const panels = await page.$$eval(".jp-NotebookPanel", (els) =>
      els.map((e) => `${e.className} ${e.querySelectorAll(".jp-Cell").length}`),
    );
    throw new Error(`${(e as Error).message}; the page shows ${JSON.stringify(last)}; panels ${JSON.stringify(panels)}`, { cause: e });
  }
  return last!;
}

/** Waits until every code cell shows an execution count; fails at once, with its text, when a cell shows an error. */
async function ranAll(page: Page, codeCells: number, name: string, seconds: number): Promise<void> {
  let last: Awaited<ReturnType<typeof pageState>> | undefined;
  try {
    await until(
      async () => {
        last = await pageState(page);
        if (last.errors.length > 0) return true;
        return last.ran === codeCells;
      },
      `${name}: every code cell to run`,
      seconds,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; ${last?.ran ?? 0} of ${codeCells} ran`, { cause: e });
  }
  assert.deepEqual(last?.errors, [], `${name}: a cell failed`);
}

/**
 * Opens notebook `name` (a notebook of `folder`, served by `server`), runs it from Run ▸ Run All Cells and checks that
 * every code cell ran and every figure and drawing it should show is drawn, with no error anywhere; returns its page.
 */
async function runFromMenu(server: LabServer, name: string, folder = "notebooks"): Promise<Page> {
  const want = expected(name, folder);
  const { page, errors } = await open(server, name);
  await kernelStarted(page, server, name);
  await menu(page, "Run", "Run All Cells");
  await ranAll(page, want.codeCells, name, 600);
  await waitForIdleKernel(page, server, name, 60);
  const ran = await drawn(page, want, `${name} run in JupyterLab`);
  assert.equal(ran.ran, want.codeCells, `${name}: every code cell ran`);
  assert.deepEqual(ran.errors, [], `${name}: no error or stderr output`);
  assert.equal(ran.charts, want.charts, `${name}: every Plotly figure drawn`);
  assert.equal(ran.drawings, want.drawings, `${name}: every drawing drawn`);
  assert.equal(ran.placeholders, 0);
  assert.deepEqual(errors, [], `${name}: no error in the page`);
  return page;
}

/** No "Select Kernel" dialog: the notebook's kernel, tslab, started by itself. */
async function kernelStarted(page: Page, server: LabServer, path: string): Promise<void> {
  await waitForIdleKernel(page, server, path, 120);
  assert.equal(await page.locator(".jp-Dialog").count(), 0, `${path}: no dialog (such as a kernel picker) opened`);
}

test("npm run lab serves notebooks/ on 127.0.0.1 only, behind a token, with tslab as the default kernel", async () => {
  const server = await lab();
  const { base, token } = server;
  assert.equal((await fetch(`${base}/api/kernelspecs`)).status, 403, "no token, no access");
  assert.equal((await fetch(`${base}/api/kernelspecs?token=wrong`)).status, 403);
  const specs = (await (await fetch(`${base}/api/kernelspecs?token=${token}`)).json()) as {
    default: string;
    kernelspecs: Record<string, unknown>;
  };
  assert.equal(specs.default, "tslab");
  assert.ok("tslab" in specs.kernelspecs);
  const contents = (await (await fetch(`${base}/api/contents?token=${token}`)).json()) as { content: { name: string }[] };
  assert.deepEqual(contents.content.map((f) => f.name).sort(), notebooks, "the root is notebooks/");
  const port = Number(new URL(base).port);
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal);
  if (external) assert.ok(await refused(external.address, port), `not reachable on ${external.address}`);
  await server.stop();
});

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 3000 });
    s.on("connect", () => (s.destroy(), resolve(false)));
    s.on("error", () => resolve(true));
    s.on("timeout", () => (s.destroy(), resolve(true)));
  });
}

test("npm run lab -- --port N (space form) listens on N; the token is in no command line; runtime files are private", async () => {
  const wanted = await freePort(8950);
  const server = await lab(["--port", String(wanted)]);
  assert.equal(Number(new URL(server.base).port), wanted, "the printed address has the port asked for");
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
  assert.ok(!commandLines.some((c) => c.includes(server.token)), "no process has the token on its command line (ps would show it)");
  const runtime = join(jupyterDir, "runtime");
  assert.equal(statSync(runtime).mode & 0o777, 0o700, ".jupyter/runtime is 0700, as Jupyter's own default");
  const files = readdirSync(runtime);
  assert.ok(files.length > 0, "the server wrote its runtime files");
  for (const f of files) assert.equal(statSync(join(runtime, f)).mode & 0o077, 0, `${f} is readable by its owner only`);
  await server.stop();
});

test("npm run lab refuses a folder that is not directly inside the project, saying why", async () => {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", "--no-browser", scratch], { cwd: root, env: env(), encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /is not a folder directly inside .*could not import the library as "\.\."/);
});

test("JupyterLab: every notebook runs from Run ▸ Run All Cells, draws every figure and drawing, and draws them again when saved and reopened", async () => {
  mkdirSync(copy, { recursive: true });
  for (const f of notebooks) cpSync(join(root, "notebooks", f), join(copy, f));
  const server = await lab([copy]);
  for (const name of notebooks) {
    const want = expected(name);
    const page = await runFromMenu(server, name);

    await menu(page, "File", "Save Notebook");
    await page.waitForFunction(() => !document.querySelector(".jp-mod-current.jp-mod-dirty, .lm-TabBar-tab.jp-mod-dirty"), null, {
      timeout: 60_000,
    });
    await page.close();
    await shutDownKernels(server);
    const saved = JSON.parse(readFileSync(join(copy, name), "utf8")) as { cells: { outputs?: unknown[] }[] };
    assert.ok(
      saved.cells.some((c) => (c.outputs ?? []).length > 0),
      `${name}: saved with its outputs`,
    );

    const again = await open(server, name);
    const reopened = await drawn(again.page, want, `${name} reopened`);
    assert.equal(reopened.charts, want.charts, `${name} reopened: every figure drawn`);
    if (reopened.pictures > 0) {
      // The Plotly renderer shows the picture it saved of each figure; the pointer on it brings the live chart back.
      // (Pointer events are dispatched on the element: after the driver's own scrolling, JupyterLab's windowed
      // notebook leaves elements that its visibility check reports hidden.)
      const chart = again.page.locator(".jp-RenderedPlotly", { has: again.page.locator("img.plot-img") }).first();
      await chart.evaluate((e) => e.scrollIntoView({ block: "center" }));
      await chart.locator("img.plot-img").dispatchEvent("mouseenter");
      await chart.locator(".main-svg").first().waitFor({ state: "attached", timeout: 30_000 });
    }
    assert.equal(reopened.drawings, want.drawings, `${name} reopened: every drawing drawn`);
    assert.deepEqual(reopened.errors, []);
    await again.page.close();
    await shutDownKernels(server);
  }
  await server.stop();
});

test("JupyterLab: the executed notebooks the site offers for download (untrusted) draw every figure, ▶ Play plays, a figure cell run again draws again", async () => {
  mkdirSync(copy, { recursive: true });
  // Beside the notebooks, not in a subfolder: they import the library as "..".
  const download = (name: string) => `download-${name}`;
  for (const name of notebooks) {
    // Exactly what the export writes beside each page (scripts/export.ts): the execution without the inline bundle.
    executeNotebook(join("notebooks", name));
    const nb = JSON.parse(readFileSync(cachedPath(join(root, "notebooks", name)), "utf8"));
    stripBundle(nb);
    writeFileSync(join(copy, download(name)), `${JSON.stringify(nb, null, 1)}\n`);
  }
  const server = await lab([copy]);
  for (const name of notebooks) {
    const want = expected(name);
    const { page, errors } = await open(server, download(name));
    const shown = await drawn(page, want, `downloaded ${name}`);
    assert.equal(shown.charts, want.charts, `downloaded ${name}: every figure drawn`);
    assert.equal(shown.drawings, want.drawings, `downloaded ${name}: every drawing drawn`);
    assert.deepEqual(shown.errors, []);
    assert.deepEqual(errors, []);
    if (name !== notebooks[1]) {
      await page.close();
      await shutDownKernels(server);
      continue;
    }
    // ▶ Play, as the prose asks, in JupyterLab's own Plotly renderer: the frames play one after another.
    const animated = page.locator(".jp-RenderedPlotly", { has: page.locator(".updatemenu-button") }).first();
    await animated.evaluate((e) => e.scrollIntoView({ block: "start" }));
    const frame = () =>
      animated.evaluate((e) => String((e as unknown as { _fullLayout: { sliders: { active: number }[] } })._fullLayout.sliders[0].active));
    const play = (await animated.locator(".updatemenu-button").first().boundingBox())!;
    await page.mouse.click(play.x + play.width / 2, play.y + play.height / 2);
    const frames = new Set<string>();
    await until(async () => frames.add(await frame()).size >= 3, "three frames of the animation to show after ▶ Play", 15);

    // Run the first figure's cell again, after the cells above it (which it needs), on cleared outputs so that
    // what shows is this run's: it draws its figure, once.
    const path = download(name);
    await kernelStarted(page, server, path);
    const cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell");
    const k = await cells.evaluateAll((els) => els.findIndex((e) => e.querySelector(".jp-RenderedPlotly")));
    await menu(page, "Edit", "Clear Outputs of All Cells");
    const cell = cells.nth(k);
    await cell.evaluate((e) => e.scrollIntoView({ block: "start" }));
    for (const type of ["mousedown", "mouseup"]) await cell.locator(".jp-InputArea-prompt").dispatchEvent(type); // a click: selects the cell
    await menu(page, "Run", "Run All Above Selected Cell");
    await until(
      () =>
        cells.evaluateAll((els) => {
          const above = els.slice(
            0,
            els.findIndex((e) => e.classList.contains("jp-mod-active")),
          );
          const code = above.filter((e) => e.classList.contains("jp-CodeCell"));
          return code.length > 0 && code.every((e) => /\[\d+\]/.test(e.querySelector(".jp-InputPrompt")?.textContent ?? ""));
        }),
      "the code cells above the figure's to run",
      120,
    );
    await waitForIdleKernel(page, server, path, 120);
    await menu(page, "Run", /^Run Selected Cells?$/); // "Cells" when the cells run above are still selected
    await cell.locator(".jp-RenderedPlotly .main-svg").first().waitFor({ state: "attached", timeout: 120_000 });
    await waitForIdleKernel(page, server, path, 120);
    // (The renderer may swap its live chart for the picture it took of it: both count as drawn.)
    const rerun = await drawn(page, { charts: 1, drawings: 0 }, "the figure cell run again");
    assert.equal(await cell.locator(".jp-RenderedPlotly").count(), 1, "the cell run again shows its figure, once");
    assert.equal(rerun.charts, 1, "and it is drawn; no other figure is on the cleared page");
    assert.deepEqual(rerun.errors, []);
    const ids = await page.$$eval("[id]", (els) => els.map((e) => e.id).filter((id) => id.startsWith("rnn-fig-")));
    assert.equal(new Set(ids).size, ids.length, "figure ids are unique on the page");
    await page.close();
    await shutDownKernels(server);
  }
  await server.stop();
});

test("JupyterLab, the Portuguese edition: npm run lab -- notebooks-pt-BR serves it, and every notebook runs from Run ▸ Run All Cells and speaks Portuguese", async () => {
  const served = await lab(["notebooks-pt-BR"]);
  const listing = (await (await fetch(`${served.base}/api/contents?token=${served.token}`)).json()) as { content: { name: string }[] };
  assert.deepEqual(
    listing.content.map((f) => f.name).sort(),
    ["LEIAME.md", ...portuguese].sort(),
    "the root is notebooks-pt-BR/: its notebooks and its LEIAME.md",
  );
  await served.stop();
  // Run on a copy beside notebooks-pt-BR/, as the English ones are, so that no autosave writes into the committed notebooks.
  const copyPt = `${copy}-pt`;
  mkdirSync(copyPt, { recursive: true });
  for (const f of portuguese) cpSync(join(root, "notebooks-pt-BR", f), join(copyPt, f));
  const server = await lab([copyPt]);
  try {
    for (const name of portuguese) {
      const page = await runFromMenu(server, name, "notebooks-pt-BR");
      // what it says, it says in Portuguese, with a decimal comma (every notebook says a number with decimals)
      const sentences = await page.$$eval(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown.jp-OutputArea-output", (els) =>
        els.map((e) => e.textContent ?? ""),
      );
      assert.ok(sentences.length > 0, `${name}: it says its results`);
      assert.ok(
        sentences.some((s) => /\d,\d/.test(s)),
        `${name}: a number written 0,94`,
      );
      assert.ok(!sentences.some((s) => /\b(the|and|of)\b/.test(s.replace(QUOTED, ""))), `${name}: no English sentence`);
      await page.close();
      await shutDownKernels(server);
    }
  } finally {
    await server.stop();
    rmSync(copyPt, { recursive: true, force: true });
  }
});

test("Notebook 7 (npm run lab -- --notebook) runs a notebook from its Run menu and draws every figure and drawing", async () => {
  const name = notebooks[1];
  cpSync(join(root, "notebooks", name), join(copy, `nb7-${name}`));
  const want = expected(name);
  const server = await lab(["--notebook", copy]);
  const { page, errors } = await open(server, `nb7-${name}`, "notebook");
  await kernelStarted(page, server, `nb7-${name}`);
  await menu(page, "Run", "Run All Cells");
  await ranAll(page, want.codeCells, name, 300);
  const shown = await drawn(page, want, `${name} in Notebook 7`);
  assert.equal(shown.ran, want.codeCells);
  assert.deepEqual(shown.errors, []);
  assert.equal(shown.charts, want.charts);
  assert.equal(shown.drawings, want.drawings);
  // Notebook 7.6's own shortcut settings throw this once at start, on its file browser too, with no notebook
  // open and none of this project's files (seen with a bare `python -m notebook` in an empty Jupyter home).
  const notebook7Own = "TypeError: Cannot read properties of undefined (reading 'schema')";
  assert.deepEqual(
    errors.filter((e) => e !== notebook7Own),
    [],
  );
  await page.close();
  await server.stop();
});

test("nothing of JupyterLab, Notebook 7, the kernels or npm run lab was written to $HOME", () => {
  assert.deepEqual(readdirSync(home), []);
});
