/**
 * The exported site and plain nbconvert pages in headless Chromium with every non-file: request blocked:
 * figures render as Plotly SVGs with the expected traces, MathJax typesets the equations, the console
 * stays clean, nothing leaves the machine, and a hostile title is shown as text without running.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { executeNotebook, root } from "./helpers/notebook";
import { launchChromium } from "./helpers/browser";
import { jupyterEnv, setupInfo } from "../scripts/jupyter";
import { sizeOf } from "../scripts/site";
import { figureHTML, lineChart } from "../lib";

const work = mkdtempSync(join(tmpdir(), "rnn-browser-"));
let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  errors: string[];
  outside: string[];
  dialogs: string[];
}

/** Opens `file` with every request that is not file: aborted and recorded. */
async function visit(file: string): Promise<Visit> {
  const page = await browser.newPage();
  const v: Visit = { page, errors: [], outside: [], dialogs: [] };
  page.on("console", (m) => m.type() === "error" && v.errors.push(m.text()));
  page.on("pageerror", (e) => v.errors.push(String(e)));
  page.on("dialog", (d) => {
    v.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    v.outside.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  return v;
}

/** Waits for every figure to be drawn; returns, per figure, the traces expected, in Plotly's data and in the SVG. */
async function figures(page: Page) {
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".rnn-figure")).every((d) => d.querySelector(".main-svg")), null, {
    timeout: 90_000,
  });
  return page.$$eval(".rnn-figure", (divs) =>
    divs.map((d) => ({
      title: d.querySelector(".gtitle")?.textContent ?? "",
      expected: Number((d as HTMLElement).dataset.traces),
      data: ((d as unknown as { _fullData?: unknown[] })._fullData ?? []).length,
      svg: d.querySelectorAll(".main-svg g.trace, .main-svg g.hm").length,
    })),
  );
}

/** Waits for MathJax to finish; returns how many formulas it typeset and how many it could not. */
async function mathjax(page: Page) {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const mj = (window as unknown as { MathJax?: { Hub: { Queue(f: () => void): void } } }).MathJax;
        if (!mj?.Hub) return resolve(false);
        mj.Hub.Queue(() => resolve(true));
      }),
    null,
    { timeout: 60_000 },
  );
  return page.evaluate(() => ({
    typeset: document.querySelectorAll(".MathJax_CHTML").length,
    failed: document.querySelectorAll(".MathJax_Error, .mjx-merror").length,
    latexOutputs: document.querySelectorAll(".jp-RenderedLatex").length,
    untypesetOutputs: Array.from(document.querySelectorAll(".jp-RenderedLatex")).filter((d) => !d.querySelector(".MathJax_CHTML")).length,
  }));
}

const site = join(work, "site");
const notebooks = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort()
  .map((f) => join(root, "notebooks", f));

test("the site of every notebook (and the smoke notebook) exports, offline and under 12 MB", () => {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "scripts", "export.ts"), "--out", site, ...notebooks, join(root, "test", "smoke.ipynb")],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const mb = sizeOf(site) / 1e6;
  assert.ok(mb < 12, `the site is ${mb.toFixed(1)} MB`);
});

test("every page of the site: figures drawn with their traces, equations typeset, no errors, no outside request", async () => {
  const pages = ["index.html", ...notebooks.map((n) => n.replace(/.*\//, "").replace(/\.ipynb$/, ".html")), "smoke.html"];
  for (const name of pages) {
    assert.ok(existsSync(join(site, name)), `${name} exists`);
    const v = await visit(join(site, name));
    if (name !== "index.html") {
      const figs = await figures(v.page);
      for (const f of figs) {
        assert.equal(f.data, f.expected, `${name}: "${f.title}" has ${f.data} traces in Plotly, expected ${f.expected}`);
        assert.equal(f.svg, f.expected, `${name}: "${f.title}" draws ${f.svg} traces in its SVG, expected ${f.expected}`);
      }
      if (name === "smoke.html") assert.equal(figs.length, 7);
      const math = await mathjax(v.page);
      assert.equal(math.failed, 0, `${name}: MathJax errors`);
      assert.equal(math.untypesetOutputs, 0, `${name}: LaTeX outputs left untypeset`);
      if (name === "smoke.html") assert.ok(math.typeset >= 2, `smoke.html typeset ${math.typeset} formulas`);
      const links = await v.page.$$eval(".rnn-nav.top a", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(links.includes("index.html"), `${name} links back to the contents`);
    } else {
      const links = await v.page.$$eval("li a strong", (as) => as.length);
      assert.equal(links, notebooks.length + 1, "one line per notebook in the index");
    }
    assert.deepEqual(v.errors, [], `${name}: console errors`);
    assert.deepEqual(v.outside, [], `${name}: requests to other hosts`);
    assert.deepEqual(v.dialogs, [], `${name}: dialogs`);
    await v.page.close();
  }
});

test("a title </script><img src=x onerror=alert(1)> is shown as text and runs nothing", async () => {
  const v = await visit(join(site, "smoke.html"));
  const figs = await figures(v.page);
  assert.ok(figs.some((f) => f.title === "</script><img src=x onerror=alert(1)>"));
  assert.equal(await v.page.locator('img[src="x"]').count(), 0);
  const legend = await v.page.$$eval(".legendtext", (ls) => ls.map((l) => l.textContent));
  assert.ok(legend.includes("<img src=x onerror=alert(2)>"), `legend ${JSON.stringify(legend)}`);
  assert.deepEqual(v.dialogs, []);
  assert.deepEqual(v.errors, []);
  await v.page.close();
});

test("a page from plain `jupyter nbconvert --to html` with RequireJS on it still renders every figure", async () => {
  const executed = executeNotebook("test/smoke.ipynb").file;
  const requireCopy = join(work, "require.js");
  copyFileSync(join(root, "node_modules", "requirejs", "require.js"), requireCopy);
  const out = join(work, "plain");
  const r = spawnSync(
    setupInfo().python,
    [
      "-m",
      "nbconvert",
      "--to",
      "html",
      `--HTMLExporter.require_js_url=${pathToFileURL(requireCopy).href}`,
      "--output-dir",
      out,
      "--output",
      "plain",
      executed,
    ],
    { cwd: root, env: jupyterEnv(), encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const v = await visit(join(out, "plain.html"));
  const figs = await figures(v.page);
  assert.equal(figs.length, 7);
  for (const f of figs) assert.equal(f.svg, f.expected, `"${f.title}" draws ${f.svg} traces, expected ${f.expected}`);
  assert.equal(
    await v.page.evaluate(() => typeof (window as unknown as { define?: { amd?: unknown } }).define?.amd),
    "object",
    "RequireJS is on the page",
  );
  assert.deepEqual(
    v.errors.filter((e) => !/MathJax|ERR_FILE_NOT_FOUND/.test(e)),
    [],
    "no errors besides the template's missing system MathJax",
  );
  assert.deepEqual(v.outside, []);
  await v.page.close();
});

test("a figure whose page never gets Plotly says so in its div", async () => {
  const file = join(work, "no-plotly.html");
  writeFileSync(file, `<!DOCTYPE html><html><body>${figureHTML(lineChart([{ y: [1, 2] }], { title: "Figure 1 · Alone" }))}</body></html>`);
  const page = await browser.newPage();
  await page.clock.install();
  await page.goto(pathToFileURL(file).href);
  await page.clock.runFor(31_000);
  assert.match((await page.textContent(".rnn-figure")) ?? "", /Plotly did not load on this page/);
  await page.close();
});
