/**
 * The exported site and plain nbconvert pages in headless Chromium with every non-file: request blocked:
 * figures render as Plotly SVGs with the expected traces, MathJax typesets the equations, the console
 * stays clean, nothing leaves the machine, and a hostile title is shown as text without running. Read as
 * a reader would: ▶ Play plays and the slider picks frames, no code is cut off, a 400 px phone gets full-width figures and no sideways
 * scrolling, and the Plotly JSON beside each figure draws the same traces with plotly.js alone. Both editions: each
 * page in its language (`<html lang>`), linked at the top to its twin, each language with its contents page.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { executeNotebook, root } from "../helpers/notebook";
import { chromiumPath, CHROMIUM_ENV, launchChromium } from "../helpers/browser";
import { jupyterEnv } from "../../scripts/jupyter-home.mjs";
import { setupInfo } from "../../scripts/setup-info";
import { sizeOf } from "../../scripts/site";
import { lineChart } from "../../lib";
import { figureHTML } from "../../lib/notebook/plotly";

const work = mkdtempSync(join(tmpdir(), "rnn-browser-"));
let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  for (const v of opened.values()) await (await v).page.close();
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  errors: string[];
  outside: string[];
  dialogs: string[];
}

/** Opens `file` (in a window `width` px wide) with every request that is not file: aborted and recorded. */
async function visit(file: string, width = 1280): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
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
  // "load", not "domcontentloaded": a page is measured as its reader sees it, with its stylesheet applied (an index
  // page measured before assets/site.css arrived once showed its glossary table wider than a phone).
  await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 120_000 });
  return v;
}

const opened = new Map<string, Promise<Visit>>();
/** A page of the site at `width` px, opened once and shared by the tests below (each visit costs seconds). */
function sitePage(name: string, width = 1280): Promise<Visit> {
  const key = `${name}@${width}`;
  if (!opened.has(key))
    opened.set(
      key,
      visit(join(site, name), width).then(async (v) => {
        if (!INDEXES.includes(name)) await figures(v.page);
        return v;
      }),
    );
  return opened.get(key)!;
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
/** The notebooks of both editions: English, then Portuguese. */
const notebooks = ["notebooks", "notebooks-pt-BR"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(root, dir, f)),
);
const isPortuguese = (name: string) =>
  notebooks.some((n) => n.includes("notebooks-pt-BR") && n.endsWith(name.replace(/\.html$/, ".ipynb")));
const INDEXES = ["index.html", "index.pt-BR.html"];
/** A month on a date axis as Plotly writes it in English ("May 2019") and as the Portuguese locale does ("mai 2019"). */
const ENGLISH_MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;
const PORTUGUESE_MONTH = /\b(jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez) \d{4}\b/;

test("the browser is the one RNN_CHROMIUM names, else the first usual place that has one; none found says how to get one", () => {
  const fake = join(work, "my-chromium");
  writeFileSync(fake, "");
  assert.equal(chromiumPath({ [CHROMIUM_ENV]: fake }, []), fake);
  assert.throws(() => chromiumPath({ [CHROMIUM_ENV]: join(work, "nowhere") }), /RNN_CHROMIUM=.*nowhere: no such file/);
  assert.equal(chromiumPath({}, [join(work, "absent"), fake]), fake);
  assert.throws(() => chromiumPath({}, [join(work, "absent")]), /found none .*sudo apt-get install chromium.*RNN_CHROMIUM/);
});

test("the site of every notebook of both editions (and the smoke notebook) exports, offline and under 12 MB an edition", () => {
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
  assert.ok(mb < 24, `the site of two editions is ${mb.toFixed(1)} MB`);
});

test("every page of the site: figures drawn with their traces, equations typeset, no errors, no outside request", async () => {
  const pages = [...INDEXES, ...notebooks.map((n) => n.replace(/.*\//, "").replace(/\.ipynb$/, ".html")), "smoke.html"];
  for (const name of pages) {
    assert.ok(existsSync(join(site, name)), `${name} exists`);
    const v = await sitePage(name);
    const lang = await v.page.evaluate(() => document.documentElement.lang);
    assert.equal(lang, name === "index.pt-BR.html" || isPortuguese(name) ? "pt-BR" : "en", `${name}: <html lang>`);
    if (!INDEXES.includes(name)) {
      const figs = await figures(v.page);
      for (const f of figs) {
        assert.equal(f.data, f.expected, `${name}: "${f.title}" has ${f.data} traces in Plotly, expected ${f.expected}`);
        assert.equal(f.svg, f.expected, `${name}: "${f.title}" draws ${f.svg} traces in its SVG, expected ${f.expected}`);
      }
      if (name === "smoke.html") assert.equal(figs.length, 7);
      // months on a date axis in the page's language (notebook 3 has two such axes)
      const ticks = (await v.page.$$eval(".xaxislayer-above text", (ts) => ts.map((t) => t.textContent ?? ""))).join(" | ");
      if (isPortuguese(name)) assert.doesNotMatch(ticks, ENGLISH_MONTH, `${name}: an English month on a date axis`);
      if (name.startsWith("03-")) assert.match(ticks, isPortuguese(name) ? PORTUGUESE_MONTH : ENGLISH_MONTH, `${name}: date ticks`);
      const math = await mathjax(v.page);
      assert.equal(math.failed, 0, `${name}: MathJax errors`);
      assert.equal(math.untypesetOutputs, 0, `${name}: LaTeX outputs left untypeset`);
      if (name === "smoke.html") assert.ok(math.typeset >= 2, `smoke.html typeset ${math.typeset} formulas`);
      const links = await v.page.$$eval(".rnn-nav.top a", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(links.includes(isPortuguese(name) ? "index.pt-BR.html" : "index.html"), `${name} links back to its contents`);
    } else {
      const links = await v.page.$$eval("li a strong", (as) => as.length);
      const portuguese = notebooks.filter((n) => n.includes("notebooks-pt-BR")).length;
      assert.equal(
        links,
        name === "index.html" ? notebooks.length - portuguese + 1 : portuguese,
        `${name}: one line per notebook of its edition`,
      );
      assert.equal(
        await v.page.locator(`.rnn-twin a[href="${INDEXES.find((i) => i !== name)}"]`).count(),
        1,
        `${name} links to the other edition's contents`,
      );
      assert.ok((await v.page.locator("table.rnn-glossary tr").count()) > 15, `${name} shows its glossary`);
    }
    assert.deepEqual(v.errors, [], `${name}: console errors`);
    assert.deepEqual(v.outside, [], `${name}: requests to other hosts`);
    assert.deepEqual(v.dialogs, [], `${name}: dialogs`);
  }
});

test("each notebook page links at the top to its twin in the other language, and the link leads there", async () => {
  const pages = notebooks.map((n) => n.replace(/.*\//, "").replace(/\.ipynb$/, ".html"));
  for (const name of pages) {
    const v = await sitePage(name);
    const twin = await v.page.$eval(".rnn-nav.top a.rnn-twin", (a) => ({
      href: a.getAttribute("href") ?? "",
      lang: a.getAttribute("hreflang"),
    }));
    assert.ok(pages.includes(twin.href) && twin.href !== name, `${name} → ${twin.href}`);
    assert.equal(twin.lang, isPortuguese(name) ? "en" : "pt-BR");
    assert.equal(isPortuguese(twin.href), !isPortuguese(name), `${name}'s twin is in the other language`);
    assert.equal(name.slice(0, 3), twin.href.slice(0, 3), "the same notebook number");
  }
  // a reader follows the link: the Portuguese twin of notebook 1 opens, and links back
  const v = await visit(join(site, "01-motivation.html"));
  await Promise.all([v.page.waitForURL(/01-motivacao\.html$/), v.page.locator(".rnn-nav.top a.rnn-twin").click()]);
  assert.equal(await v.page.locator("h1").first().textContent(), "1 · Motivação¶");
  assert.equal(await v.page.locator(".rnn-nav.top a.rnn-twin").getAttribute("href"), "01-motivation.html");
  await v.page.close();
});

test("a title </script><img src=x onerror=alert(1)> is shown as text and runs nothing", async () => {
  const v = await sitePage("smoke.html");
  const figs = await figures(v.page);
  assert.ok(figs.some((f) => f.title === "</script><img src=x onerror=alert(1)>"));
  assert.equal(await v.page.locator('img[src="x"]').count(), 0);
  const legend = await v.page.$$eval(".legendtext", (ls) => ls.map((l) => l.textContent));
  assert.ok(legend.includes("<img src=x onerror=alert(2)>"), `legend ${JSON.stringify(legend)}`);
  assert.deepEqual(v.dialogs, []);
  assert.deepEqual(v.errors, []);
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
  // nbconvert's template loads MathJax from a CDN, which this test blocks: that request, and the console's
  // note of each blocked one, are the only ones allowed.
  assert.deepEqual(
    v.outside.filter((url) => !/\/mathjax\//i.test(url)),
    [],
    "nothing is requested from another host but the template's MathJax",
  );
  assert.deepEqual(
    v.errors.filter((e) => !/MathJax/.test(e)),
    v.outside.map(() => "Failed to load resource: net::ERR_FAILED"),
    "no errors besides the blocked MathJax",
  );
  await v.page.close();
});

test("a figure whose page never gets Plotly says so in its div", async () => {
  const file = join(work, "no-plotly.html");
  writeFileSync(file, `<!DOCTYPE html><html><body>${figureHTML(lineChart([{ y: [1, 2] }], { title: "Figure 1 · Alone" }))}</body></html>`);
  const page = await browser.newPage();
  await page.clock.install();
  await page.goto(pathToFileURL(file).href);
  await page.clock.runFor(31_000);
  const message = (await page.textContent(".rnn-figure")) ?? "";
  assert.match(message, /Plotly did not load on this page/);
  assert.doesNotMatch(message, /kernel/, "outside a notebook there is no kernel to restart");
  await page.close();
});

const sitePages = () => notebooks.map((n) => n.replace(/.*\//, "").replace(/\.ipynb$/, ".html")).concat("smoke.html");

/** Code and output blocks, equations and tables whose content runs past a box that hides it instead of scrolling. */
function cutOff(page: Page) {
  return page.$$eval("pre, .MJXc-display, .jp-RenderedHTMLCommon > table", (pres) =>
    pres.flatMap((pre) => {
      for (let el: Element | null = pre; el && el !== document.body; el = el.parentElement) {
        const overflow = getComputedStyle(el).overflowX;
        if (overflow !== "visible" && el.scrollWidth > el.clientWidth + 1)
          return overflow === "auto" || overflow === "scroll" ? [] : [(pre.textContent ?? "").trim().slice(0, 50)];
      }
      return [];
    }),
  );
}

test("no code block, equation or table is cut off without a way to scroll, at 1280 and at 400 px", async () => {
  for (const width of [1280, 400])
    for (const name of sitePages())
      assert.deepEqual(await cutOff((await sitePage(name, width)).page), [], `${name} at ${width} px: blocks cut off`);
});

test("on a 400 px phone: no sideways scrolling, figures ≥ 85 % of the width with the legend off the plot and whole titles, equations unbroken", async () => {
  for (const name of [...INDEXES, ...sitePages()]) {
    const v = await sitePage(name, 400);
    const page = await v.page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
    }));
    assert.ok(page.scroll <= page.view, `${name} scrolls sideways: ${page.scroll} px wide in a ${page.view} px window`);
    const figs = await v.page.$$eval(".rnn-figure, svg[role=img]", (els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        const gd = el as unknown as { _fullLayout?: { _size: { t: number; h: number }; showlegend: boolean } };
        const legend = el.querySelector(".legend")?.getBoundingClientRect();
        const plotTop = gd._fullLayout ? box.top + gd._fullLayout._size.t : 0;
        const plotBottom = plotTop + (gd._fullLayout?._size.h ?? 0);
        const title = el.querySelector(".gtitle")?.getBoundingClientRect();
        return {
          label: el.getAttribute("aria-label") ?? "",
          width: box.width,
          legendOff: !legend || !gd._fullLayout?.showlegend || legend.top >= plotBottom - 1 || legend.bottom <= plotTop + 1,
          titleInside: !title || (title.left >= box.left - 1 && title.right <= box.right + 1 && title.top >= box.top - 1),
        };
      }),
    );
    for (const f of figs) {
      assert.ok(f.width >= 0.85 * 400, `${name}: "${f.label}" is ${Math.round(f.width)} px wide`);
      assert.ok(f.legendOff, `${name}: "${f.label}" has its legend on the plot`);
      assert.ok(f.titleInside, `${name}: "${f.label}" has its title cut`);
    }
    if (!INDEXES.includes(name)) {
      await mathjax(v.page);
      const automatic = await v.page.evaluate(
        () =>
          (window as unknown as { MathJax: { Hub: { config: { CommonHTML: { linebreaks: { automatic: boolean } } } } } }).MathJax.Hub.config
            .CommonHTML.linebreaks.automatic,
      );
      assert.equal(automatic, false, `${name}: MathJax breaks equations across lines`);
    }
    assert.deepEqual(v.errors, [], `${name} at 400 px: console errors`);
  }
});

type PlotlyOutput = { data: object[]; layout: object; config: object; frames?: object[] };

/** Each drawn figure's traces in a page, as "type name x×y×z" (what Plotly made of the data). */
function traceSummaries(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(selector, (ds) =>
    ds.map((d) =>
      (
        (d as unknown as { _fullData?: { type: string; name?: string; x?: unknown[]; y?: unknown[]; z?: unknown[] }[] })._fullData ?? []
      ).map((t) => `${t.type} ${t.name ?? ""} ${t.x?.length ?? 0}×${t.y?.length ?? 0}×${t.z?.length ?? 0}`),
    ),
  );
}

test("every figure output carries Plotly JSON { data, layout, config }, and plotly.js alone draws the same traces", async () => {
  const blank = join(work, "plotly-only.html");
  const plotly = pathToFileURL(join(site, "assets", "plotly.min.js")).href;
  writeFileSync(blank, `<!DOCTYPE html><html><head><script src="${plotly}"></script></head><body></body></html>`);
  const alone = await visit(blank);
  for (const name of sitePages()) {
    const nb = JSON.parse(readFileSync(join(site, name.replace(/\.html$/, ".ipynb")), "utf8")) as {
      cells: { outputs?: { data?: Record<string, unknown> }[] }[];
    };
    const outputs = nb.cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => String(o.data?.["text/html"] ?? "").includes('class="rnn-figure"'));
    const json = outputs.map((o) => o.data?.["application/vnd.plotly.v1+json"] as PlotlyOutput | undefined);
    assert.ok(json.length > 0, `${name} has figures`);
    json.forEach((j, k) =>
      assert.ok(
        j && Array.isArray(j.data) && typeof j.layout === "object" && typeof j.config === "object",
        `${name}: figure ${k + 1} carries its JSON`,
      ),
    );
    const onPage = await traceSummaries((await sitePage(name)).page, ".rnn-figure");
    await alone.page.evaluate(async (figs) => {
      document.body.textContent = "";
      const P = (window as unknown as { Plotly: { newPlot(el: HTMLElement, fig: object): Promise<unknown> } }).Plotly;
      for (const fig of figs) {
        const el = document.createElement("div");
        el.className = "alone";
        document.body.appendChild(el);
        await P.newPlot(el, fig);
      }
    }, json as PlotlyOutput[]);
    assert.deepEqual(await traceSummaries(alone.page, ".alone"), onPage, `${name}: the JSON draws the traces the page draws`);
  }
  assert.deepEqual(alone.errors, [], "console errors with plotly.js alone");
  await alone.page.close();
});

test("▶ Play runs the frames of every animated figure, ❚❚ Pause stops them, the slider picks a frame; first view: the last frame", async () => {
  let animated = 0;
  for (const width of [1280, 400])
    for (const name of sitePages()) {
      const v = await sitePage(name, width);
      type Animated = {
        data: { y?: unknown; z?: unknown }[];
        _fullLayout: { sliders: { active: number }[]; height: number };
        _transitionData: { _frames: unknown[] };
      };
      const ids = await v.page.$$eval(".rnn-figure", (ds) =>
        ds.filter((d) => ((d as unknown as Partial<Animated>)._transitionData?._frames ?? []).length > 1).map((d) => d.id),
      );
      for (const id of ids) {
        animated++;
        const where = `${name} at ${width} px, ${id}`;
        const read = () =>
          v.page.$eval(`#${id}`, (d) => {
            const gd = d as unknown as Animated;
            return {
              active: gd._fullLayout.sliders[0].active,
              height: gd._fullLayout.height,
              traces: JSON.stringify(gd.data.map((t) => t.y ?? t.z)),
            };
          });
        const state = async () => JSON.stringify(await read());
        const frames = await v.page.$eval(`#${id}`, (d) => (d as unknown as Animated)._transitionData._frames.length);
        const first = await read();
        assert.equal(first.active, frames - 1, `${where}: drawn first on its last frame`);
        await v.page.locator(`#${id} .updatemenu-button`, { hasText: /Play|Tocar/ }).click();
        const seen = new Set<string>([first.traces]);
        // Up to 15 s: a loaded machine draws frames late, and the loop ends as soon as three are seen.
        for (let k = 0; k < 150 && seen.size < Math.min(frames, 3); k++) {
          await v.page.waitForTimeout(100);
          seen.add((await read()).traces);
        }
        assert.ok(seen.size >= Math.min(frames, 3), `${where}: Play showed ${seen.size} different frames`);
        await v.page.locator(`#${id} .updatemenu-button`, { hasText: /Pause|Pausar/ }).click();
        const paused = await state();
        await v.page.waitForTimeout(1500);
        assert.equal(await state(), paused, `${where}: Pause stops the animation`);
        // The prose says "drag the slider": a press on its rail picks the frame under the pointer, again and again.
        const rail = v.page.locator(`#${id} .slider-rail-rect`);
        await rail.scrollIntoViewIfNeeded();
        const box = (await rail.boundingBox())!;
        for (const [at, frame] of [
          [0.02, 0],
          [0.98, frames - 1],
          [0.02, 0],
        ]) {
          await v.page.mouse.click(box.x + at * box.width, box.y + box.height / 2);
          await v.page.waitForTimeout(300);
          const now = await read();
          assert.equal(now.active, frame, `${where}: the slider went to frame ${now.active}, expected ${frame}`);
          assert.equal(now.height, first.height, `${where}: the figure keeps its height (${first.height} px) while frames change`);
        }
      }
      assert.deepEqual(v.errors, [], `${name} at ${width} px: console errors`);
    }
  assert.ok(animated >= 4, `${animated} animated figures (notebook 02 and the smoke notebook have one each, at two widths)`);
});
