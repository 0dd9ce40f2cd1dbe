/**
 * The index page's summaries: whole sentences of a notebook's opening paragraph, never cut in the middle,
 * a lead-in colon completed by its list, TeX written in Unicode.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, summarize } from "../../scripts/site";
import { root } from "../helpers/notebook";

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
