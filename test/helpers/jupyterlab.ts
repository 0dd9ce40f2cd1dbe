/**
 * JupyterLab and Notebook 7 as a learner uses them, for the browser tests: `npm run lab` started on a
 * folder, a notebook opened by its address, the Run menu clicked, and what the page shows read back —
 * cells run, errors, figures drawn. Both UIs share JupyterLab's notebook widgets, so one set of selectors
 * serves both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Page } from "playwright-core";
import { root } from "./notebook";

export interface LabServer {
  child: ChildProcess;
  base: string;
  token: string;
  /** every line the server printed, for failure messages */
  log: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `npm run lab -- [--notebook] --no-browser …args` in its own process group and resolves once the
 * server answers with the address and token it printed.
 */
export async function startLab(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<LabServer> {
  const child = spawn("npm", ["run", "lab", "--", "--no-browser", ...args], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const address = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run lab printed no address in 120 s:\n${log}`)), 120_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = log.match(/Open (http:\/\/127\.0\.0\.1:\d+)\/\w+\?token=([0-9a-f]{48})/);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`npm run lab exited with ${code}:\n${log}`)));
  });
  const [, base, token] = address;
  const server: LabServer = {
    child,
    base,
    token,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM"); // npm → node → python, the whole group
      } catch {
        return;
      }
      await exited;
    },
  };
  await until(async () => (await fetch(`${base}/api/status?token=${token}`)).ok, "the Jupyter server", 60);
  return server;
}

/** Polls `check` every 250 ms until it holds; throws naming `what` after `seconds`. */
export async function until(check: () => Promise<boolean>, what: string, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

/** Shuts down every kernel the server runs (each notebook gets its own; six at once would crowd 2 cores). */
export async function shutDownKernels(server: LabServer): Promise<void> {
  const q = `token=${server.token}`;
  const sessions = (await (await fetch(`${server.base}/api/sessions?${q}`)).json()) as { id: string }[];
  for (const s of sessions) await fetch(`${server.base}/api/sessions/${s.id}?${q}`, { method: "DELETE" });
}

/** What a notebook page shows: code cells and how many ran, error/stderr outputs, figures and drawings drawn. */
export interface PageState {
  codeCells: number;
  ran: number;
  errors: string[];
  /**
   * Plotly charts drawn, by JupyterLab's Plotly renderer or by the HTML output's own script. A chart the
   * renderer drew once keeps a PNG of itself in the notebook and shows that when the notebook is reopened,
   * until the pointer enters it and it draws again: that counts as drawn too.
   */
  charts: number;
  /** charts shown as their saved PNG, not (yet) drawn by plotly.js */
  pictures: number;
  /** charts that draw the number of traces their figure has */
  chartTraces: number[];
  /** SVG drawings whose image decoded */
  drawings: number;
  /** drawing images present, decoded or not */
  drawingImages: number;
  /** outputs that say a figure could not be drawn */
  placeholders: number;
}

/** Reads the notebook page's state (every cell is in the DOM: JupyterLab's default windowing only hides them). */
export function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)") ?? document;
    const code = Array.from(panel.querySelectorAll(".jp-CodeCell"));
    const prompts = code.map((c) => c.querySelector(".jp-InputPrompt")?.textContent ?? "");
    const charts = Array.from(panel.querySelectorAll(".jp-RenderedPlotly, .rnn-figure"));
    // (No named functions in here: the test runner's compiler would wrap them in a helper the page lacks.)
    const pictures = charts.filter(
      (c) =>
        !c.querySelector(".main-svg") &&
        Array.from(c.querySelectorAll<HTMLImageElement>("img.plot-img")).some(
          (i) => i.complete && i.naturalWidth > 0 && getComputedStyle(i).display !== "none",
        ),
    );
    const images = Array.from(panel.querySelectorAll<HTMLImageElement>("img.rnn-drawing"));
    return {
      codeCells: code.length,
      ran: prompts.filter((p) => /\[\d+\]/.test(p)).length,
      errors: Array.from(panel.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')).map((e) =>
        (e.textContent ?? "").slice(0, 400),
      ),
      charts: charts.filter((c) => c.querySelector(".main-svg") || pictures.includes(c)).length,
      pictures: pictures.length,
      chartTraces: charts.map((c) => c.querySelectorAll(".main-svg g.trace, .main-svg g.hm, .main-svg g.imagelayer > *").length),
      drawings: images.filter((i) => i.complete && i.naturalWidth > 0).length,
      drawingImages: images.length,
      placeholders: Array.from(panel.querySelectorAll(".rnn-figure")).filter((d) =>
        /did not|Drawing the figure|não rodou|Desenhando a figura|não carregou/.test(d.textContent ?? ""),
      ).length,
    };
  });
}

/**
 * Scrolls every output of the notebook into view, top to bottom, as a reader does: JupyterLab's Plotly
 * renderer draws a figure once its output is on screen.
 */
export async function readThrough(page: Page): Promise<void> {
  const outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output");
  const n = await outputs.count();
  for (let i = 0; i < n; i++) {
    await outputs.nth(i).evaluate((e) => e.scrollIntoView({ block: "center" }));
    await page.waitForTimeout(50);
  }
}

/**
 * Clicks a main-menu item, e.g. `menu(page, "Run", "Run All Cells")`, as a user does (a RegExp for labels
 * that vary). A menu can close by itself as it opens, when a cell finishing its run takes the focus back:
 * then it is opened again, as a user would.
 */
export async function menu(page: Page, top: string, item: string | RegExp): Promise<void> {
  const label = typeof item === "string" ? new RegExp(`^${item}$`) : item;
  const entry = page.locator(".lm-Menu-itemLabel", { hasText: label }).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press("Escape"); // no menu left open from before
    await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
    try {
      await entry.waitFor({ state: "attached", timeout: 3000 });
      await entry.click({ timeout: 5000 });
      return;
    } catch {
      // closed before the click: try again
    }
  }
  const shown = (await page.locator(".lm-Menu-itemLabel").allTextContents()).filter(Boolean);
  throw new Error(`no menu item ${label} under ${top}; the open menus show: ${shown.join(" | ") || "nothing"}`);
}

/**
 * Waits until the kernel of the notebook at `path` has started and is idle, on the server (its session) and
 * in the page (the execution indicator, which both UIs show; it reads "idle" for a moment before the kernel
 * even starts, hence the server's word too).
 */
export async function waitForIdleKernel(page: Page, server: LabServer, path: string, seconds: number): Promise<void> {
  await until(
    async () => {
      const sessions = (await (await fetch(`${server.base}/api/sessions?token=${server.token}`)).json()) as {
        path: string;
        kernel: { execution_state: string };
      }[];
      const session = sessions.find((s) => s.path === path);
      const shown = await page.locator(".jp-Notebook-ExecutionIndicator").first().getAttribute("data-status", { timeout: 1000 });
      return session?.kernel.execution_state === "idle" && shown === "idle";
    },
    `the kernel of ${path} to be idle`,
    seconds,
  );
}
