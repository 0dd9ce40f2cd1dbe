/**
 * The index pages' summaries: whole sentences of a notebook's opening paragraph, never cut in the middle,
 * a lead-in colon completed by its list, TeX written in Unicode, no two alike, in both editions; and the glossaries of
 * README.md and of the Portuguese edition's LEIAME.md, the tutorial's own words each linked to a section that exists,
 * on the index pages too. And the pages: drawings inline, nothing that would load from another host, the language in
 * `<html lang>` and a link to the twin in the other language.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, finishPage, glossaryHTML, summarize, writeIndex } from "../../scripts/site";
import { drawingImage } from "../../lib/notebook/page-conventions";
import { root, tutorialText } from "../helpers/notebook";

const site = mkdtempSync(join(tmpdir(), "rnn-site-"));
after(() => rmSync(site, { recursive: true, force: true }));

const notebook = (...markdown: string[]) => ({
  metadata: {},
  cells: markdown.map((source) => ({ cell_type: "markdown", source })),
});

test("a summary is made of whole sentences, at most about 420 characters", () => {
  const sentence = (k: number) => `Sentence ${k} says something about recurrent networks and their hidden state, at some length.`;
  const long = Array.from({ length: 8 }, (_, k) => sentence(k)).join(" ");
  const s = summarize(long);
  assert.ok(s.length <= 420, `${s.length} characters`);
  assert.ok(s.endsWith("at some length."), s);
  assert.ok(long.startsWith(s));
  const one = "A single sentence that is longer than the limit ".repeat(12).trim() + ".";
  assert.equal(summarize(one), one, "one sentence is never cut, however long");
});

test("a sentence ending in a colon is completed by the bold leads of the list after it, or left out", () => {
  const para = "Order matters. We go in three steps:";
  const list = "1. **The two equations** of a network.\n2. **Parameter sharing**: one set.\n3. **A very deep network**, drawn.";
  assert.equal(summarize(para, list), "Order matters. We go in three steps: the two equations; parameter sharing; a very deep network.");
  assert.equal(summarize(para, "No list here."), "Order matters.");
  assert.equal(summarize("We go in two steps: first this, then that."), "We go in two steps: first this, then that.");
});

test("TeX becomes Unicode and markdown marks disappear", () => {
  const { title, summary } = describe(
    notebook("# 2 · *Intuition*\n\nThe matrix $W_h$ carries `h_{t-1}` into [the next step](x.html). **Bold** stays as text."),
    "fallback",
  );
  assert.equal(title, "2 · Intuition");
  assert.equal(summary, "The matrix Wₕ carries hₜ₋₁ into the next step. Bold stays as text.");
});

/** The notebooks of an edition's folder, by file name. */
const notebooksOf = (folder: string) => readdirSync(join(root, folder)).filter((n) => n.endsWith(".ipynb"));

test("a summary ends at a sentence that starts with an accented capital too", () => {
  assert.equal(summarize("Primeira frase. É a segunda. " + "Longa demais ".repeat(40) + "."), "Primeira frase. É a segunda.");
});

test("every notebook's summary ends a sentence and keeps no TeX, in both editions", () => {
  for (const [folder, f] of ["notebooks", "notebooks-pt-BR"].flatMap((d) => notebooksOf(d).map((f) => [d, f]))) {
    const { summary } = describe(JSON.parse(readFileSync(join(root, folder, f), "utf8")), f);
    assert.match(summary, /[.!?]$/, `${f}: "${summary}"`);
    assert.doesNotMatch(summary, /[$\\]|…$/, `${f}: "${summary}"`);
    assert.ok(summary.length >= 80, `${f}: "${summary}"`);
  }
});

test("no two notebooks of an edition have the same summary on its index page, nor share their opening sentence", () => {
  for (const folder of ["notebooks", "notebooks-pt-BR"]) {
    const summaries = notebooksOf(folder).map((f) => describe(JSON.parse(readFileSync(join(root, folder, f), "utf8")), f).summary);
    const openings = summaries.map((s) => s.split(/(?<=\.)\s/)[0].replace(/\d|(Motivação|Intuição|Aplicações|Matemática)/g, ""));
    assert.equal(new Set(openings).size, summaries.length, openings.join("\n"));
  }
});

const readme = readFileSync(join(root, "README.md"), "utf8");
const leiame = readFileSync(join(root, "notebooks-pt-BR", "LEIAME.md"), "utf8");
/** The rows of a README's glossary table, each a list of its cells. */
const glossaryRows = (md: string) =>
  /<!-- glossary -->\n([\s\S]*?)\n<!-- \/glossary -->/
    .exec(md)![1]
    .split("\n")
    .slice(2)
    .map((line) =>
      line
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((c) => c.trim()),
    );
const rows = glossaryRows(readme);

/** Fails unless `taught` links to a section of a notebook of `folder` that exists (`prefix` is the link's folder, if any). */
function assertSectionLink(taught: string, folder: string, prefix: string, term: string): void {
  const link = new RegExp(`^\\[[^\\]]+\\]\\(${prefix}([\\w-]+\\.ipynb)#([\\w-]+)\\)$`).exec(taught);
  assert.ok(link, `${term}: "${taught}" is not a link to a notebook's section`);
  const nb = JSON.parse(readFileSync(join(root, folder, link[1]), "utf8")) as { cells: { cell_type: string; source: string[] }[] };
  const cell = nb.cells.find((c) => c.cell_type === "markdown" && c.source.join("").includes(`<a id="${link[2]}"></a>`));
  assert.ok(cell, `${link[1]} has no anchor ${link[2]}`);
  assert.match(cell.source.join(""), /^#{2,3} /m, `${link[1]}#${link[2]} marks a section's heading`);
}

test("the README's glossary quotes the tutorial's own words and links each term to a section of a notebook that exists", () => {
  assert.ok(rows.length >= 15, `${rows.length} terms`);
  const tutorial = tutorialText();
  for (const [pt, en, , taught] of rows) {
    const quotes = [...pt.matchAll(/«([^»]+)»/g)].map((m) => m[1]);
    assert.ok(quotes.length > 0, `${pt}: no term quoted from the tutorial`);
    for (const q of quotes) assert.ok(tutorial.includes(q.toLowerCase()), `«${q}» is not the tutorial's words`);
    assert.ok(en.length > 0);
    assertSectionLink(taught, "notebooks", "notebooks\\/", pt);
  }
});

test("the Portuguese edition's glossary (LEIAME.md) has the README's terms, quotes the tutorial, and links each to its section in a Portuguese notebook", () => {
  const pt = glossaryRows(leiame);
  assert.equal(pt.length, rows.length, "one row per term of the README's glossary");
  const tutorial = tutorialText();
  pt.forEach(([term, here, english, , taught], i) => {
    assert.equal(term, rows[i][0].replace(" in the tutorial", " no tutorial"), "the tutorial's words, as the README gives them");
    for (const q of [...term.matchAll(/«([^»]+)»/g)].map((m) => m[1]))
      assert.ok(tutorial.includes(q.toLowerCase()), `«${q}» is not the tutorial's words`);
    assert.ok(here.length > 0 && english.length > 0, `${term}: its term here and in English`);
    assertSectionLink(taught, "notebooks-pt-BR", "", term);
    assert.equal(
      /#([\w-]+)\)$/.exec(taught)![1],
      /#([\w-]+)\)$/.exec(rows[i][3])![1],
      `${term}: the same section as the English glossary's`,
    );
  });
});

test("the index pages show the same glossaries, their links turned into links to the pages", () => {
  const html = glossaryHTML(readme);
  assert.equal((html.match(/<tr>/g) ?? []).length, rows.length + 1, "a header and every term");
  assert.match(html, /<td><a href="04-math\.html#bptt">4 · Math, §4<\/a><\/td>/);
  assert.doesNotMatch(html, /\.ipynb/);
  const pt = glossaryHTML(leiame);
  assert.match(pt, /<td><a href="04-matematica\.html#bptt">4 · Matemática, §4<\/a><\/td>/);
  assert.doesNotMatch(pt, /\.ipynb/);
  assert.match(
    glossaryHTML("| a | b |\n| --- | --- |\n| <x> | *y* |".replace(/^/, "<!-- glossary -->\n") + "\n<!-- /glossary -->"),
    /<td>&lt;x&gt;<\/td><td><em>y<\/em><\/td>/,
  );
  assert.equal(glossaryHTML("no glossary here"), "");
});

/** A page as nbconvert 7 writes one, with `head` and `body` inside. */
function page(name: string, head: string, body: string): string {
  writeFileSync(join(site, name), `<!DOCTYPE html>\n<html>\n<head><title>x</title>${head}</head>\n<body>${body}</body>\n</html>\n`);
  return name;
}
const finish = (name: string) => finishPage(site, name, { title: "T", ipynb: "t.ipynb", hasFigures: false });

test("a page says its language in <html lang> and, at the top, links to its twin in the other language", () => {
  const name = page("um.html", "", "<p>texto</p>");
  finishPage(site, name, {
    title: "1 · Motivação",
    ipynb: "um.ipynb",
    hasFigures: false,
    lang: "pt-BR",
    twin: { html: "one.html", title: "1 · Motivation" },
  });
  const html = readFileSync(join(site, name), "utf8");
  assert.match(html, /<html lang="pt-BR">/);
  assert.match(html, /<link rel="alternate" hreflang="en" href="one\.html">/);
  const [top, bottom] = [...html.matchAll(/<nav class="rnn-nav (top|bottom)">(.*?)<\/nav>/g)].map((m) => m[2]);
  assert.match(top, /<a class="rnn-twin" href="one\.html" hreflang="en" lang="en">In English<\/a>/);
  assert.match(top, /<a href="index\.pt-BR\.html">Sumário<\/a>.*Baixar o notebook \(\.ipynb\)/);
  assert.doesNotMatch(bottom, /rnn-twin/);
  const english = page("one.html", "", "<p>text</p>");
  finishPage(site, english, {
    title: "1 · Motivation",
    ipynb: "one.ipynb",
    hasFigures: false,
    twin: { html: "um.html", title: "1 · Motivação" },
  });
  assert.match(
    readFileSync(join(site, english), "utf8"),
    /<html lang="en">[\s\S]*<a class="rnn-twin" href="um\.html" hreflang="pt-BR" lang="pt-BR">Em português<\/a>/,
  );
});

test("each language's contents page: its own words and lang, a link to the other's, and its glossary", () => {
  const pages = [{ html: "um.html", ipynb: "um.ipynb", title: "1 · Motivação", summary: "Resumo." }];
  writeIndex(site, "pt-BR", pages, { glossary: glossaryHTML(leiame), twin: true });
  const html = readFileSync(join(site, "index.pt-BR.html"), "utf8");
  assert.match(html, /<html lang="pt-BR">/);
  assert.match(html, /<h1>Redes neurais recorrentes, em notebooks TypeScript<\/h1>/);
  assert.match(html, /<p class="rnn-twin" lang="en"><a href="index\.html" hreflang="en">English edition/);
  assert.match(html, /<h2 id="glossary">Glossário<\/h2>/);
  assert.match(
    html,
    /<a href="um\.html"><strong>1 · Motivação<\/strong><\/a> <small>\(<a href="um\.ipynb" download>\.ipynb<\/a>\)<\/small>/,
  );
  writeIndex(site, "en", [], {});
  const english = readFileSync(join(site, "index.html"), "utf8");
  assert.match(english, /<html lang="en">[\s\S]*<li>No notebooks yet\.<\/li>/);
  assert.doesNotMatch(english, /rnn-twin|Glossary/, "no Portuguese edition exported, no link to it; no glossary given, none shown");
});

test("a page's drawings go back inline as SVG, and nbconvert's mermaid loader (a CDN import) is dropped", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" aria-label="Figure 1 · Wₕ"><text>Wₕ &amp; x</text></svg>';
  const mermaid =
    '<script type="module">\n  document.addEventListener("DOMContentLoaded", async () => {\n' +
    '    const diagrams = document.querySelectorAll(".jp-Mermaid > pre.mermaid");\n' +
    '    const mermaid = (await import("https://cdnjs.cloudflare.com/ajax/libs/mermaid/11.10.0/mermaid.esm.min.mjs")).default;\n  });\n</script>';
  const name = page("drawing.html", `<script>var keep = 1;</script>${mermaid}`, `<p>before</p>${drawingImage(svg)}<p>after</p>`);
  finish(name);
  const html = readFileSync(join(site, name), "utf8");
  assert.ok(html.includes(`<p>before</p>${svg}<p>after</p>`), "the SVG is inline, byte for byte");
  assert.doesNotMatch(html, /<img|mermaid|cdnjs/);
  assert.ok(html.includes("<script>var keep = 1;</script>"), "other scripts stay");
});

test("a page that would import a module from another host is refused, naming it", () => {
  const name = page("remote.html", "", '<script type="module">import("https://example.com/x.mjs");</script>');
  assert.throws(() => finish(name), /remote\.html would load a file from another host \(import\("https:\/\/example\.com\/x\.mjs/);
});
