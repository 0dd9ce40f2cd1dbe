/**
 * The index page's summaries: whole sentences of a notebook's opening paragraph, never cut in the middle,
 * a lead-in colon completed by its list, TeX written in Unicode, no two alike; and the glossary of README.md, the
 * tutorial's own words each linked to a section that exists, on the index page too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, glossaryHTML, summarize } from "../../scripts/site";
import { root, tutorialText } from "../helpers/notebook";

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

test("every notebook's summary ends a sentence and keeps no TeX", () => {
  for (const f of readdirSync(join(root, "notebooks")).filter((n) => n.endsWith(".ipynb"))) {
    const { summary } = describe(JSON.parse(readFileSync(join(root, "notebooks", f), "utf8")), f);
    assert.match(summary, /[.!?]$/, `${f}: "${summary}"`);
    assert.doesNotMatch(summary, /[$\\]|…$/, `${f}: "${summary}"`);
    assert.ok(summary.length >= 80, `${f}: "${summary}"`);
  }
});

test("no two notebooks have the same summary on the index page, nor share their opening sentence", () => {
  const summaries = readdirSync(join(root, "notebooks"))
    .filter((n) => n.endsWith(".ipynb"))
    .map((f) => describe(JSON.parse(readFileSync(join(root, "notebooks", f), "utf8")), f).summary);
  const openings = summaries.map((s) => s.split(/(?<=\.)\s/)[0].replace(/\d|\b(Motivação|Intuição|Aplicações|Matemática)\b/g, ""));
  assert.equal(new Set(openings).size, summaries.length, openings.join("\n"));
});

const readme = readFileSync(join(root, "README.md"), "utf8");
const rows = /<!-- glossary -->\n([\s\S]*?)\n<!-- \/glossary -->/
  .exec(readme)![1]
  .split("\n")
  .slice(2)
  .map((line) =>
    line
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim()),
  );

test("the README's glossary quotes the tutorial's own words and links each term to a section of a notebook that exists", () => {
  assert.ok(rows.length >= 15, `${rows.length} terms`);
  const tutorial = tutorialText();
  for (const [pt, en, , taught] of rows) {
    const quotes = [...pt.matchAll(/«([^»]+)»/g)].map((m) => m[1]);
    assert.ok(quotes.length > 0, `${pt}: no term quoted from the tutorial`);
    for (const q of quotes) assert.ok(tutorial.includes(q.toLowerCase()), `«${q}» is not the tutorial's words`);
    assert.ok(en.length > 0);
    const link = /^\[[^\]]+\]\(notebooks\/([\w-]+\.ipynb)#([\w-]+)\)$/.exec(taught);
    assert.ok(link, `${pt}: "${taught}" is not a link to a notebook's section`);
    const nb = JSON.parse(readFileSync(join(root, "notebooks", link[1]), "utf8")) as { cells: { cell_type: string; source: string[] }[] };
    const cell = nb.cells.find((c) => c.cell_type === "markdown" && c.source.join("").includes(`<a id="${link[2]}"></a>`));
    assert.ok(cell, `${link[1]} has no anchor ${link[2]}`);
    assert.match(cell.source.join(""), /^#{2,3} /m, `${link[1]}#${link[2]} marks a section's heading`);
  }
});

test("the index page shows the same glossary, its links turned into links to the pages", () => {
  const html = glossaryHTML(readme);
  assert.equal((html.match(/<tr>/g) ?? []).length, rows.length + 1, "a header and every term");
  assert.match(html, /<td><a href="04-math\.html#bptt">4 · Math, §4<\/a><\/td>/);
  assert.doesNotMatch(html, /\.ipynb/);
  assert.match(
    glossaryHTML("| a | b |\n| --- | --- |\n| <x> | *y* |".replace(/^/, "<!-- glossary -->\n") + "\n<!-- /glossary -->"),
    /<td>&lt;x&gt;<\/td><td><em>y<\/em><\/td>/,
  );
  assert.equal(glossaryHTML("no glossary here"), "");
});
