/**
 * lib/notebook/say.ts: a sentence's slots are filled with numbers in the notebook's locale, words chosen
 * by a comparison, plurals and lists; maths is left alone, data is escaped, and a slot without a value
 * (or a value without a slot) is an error, never a silent blank.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink } from "../lib/notebook/display";
import { locale, setLocale } from "../lib/notebook/locale";
import { escapeMarkdown, say, sentence } from "../lib/notebook/say";
import { recorder } from "./helpers/display-recorder";

test("numbers are written with the slot's format, words are chosen by a yes/no, counts take the right plural", () => {
  const lstm = 7.289,
    elman = 7.372;
  assert.equal(
    sentence("The {winner} wins, {a:.2f} against {b:.2f}: {lower?lower|higher} by {gap:.1%}.", {
      winner: lstm < elman ? "LSTM" : "Elman network",
      a: Math.min(lstm, elman),
      b: Math.max(lstm, elman),
      lower: lstm < elman,
      gap: 1 - lstm / elman,
    }),
    "The LSTM wins, 7.29 against 7.37: lower by 1.1\u00a0%.",
  );
  assert.equal(sentence("{n:d} {n#unit keeps|units keep} it.", { n: 1 }), "1 unit keeps it.");
  assert.equal(sentence("{n:d} {n#unit keeps|units keep} it.", { n: 3 }), "3 units keep it.");
  assert.equal(sentence("{ok?|not }yet", { ok: false }), "not yet", "either choice may be empty");
});

test("lists are joined as the language joins them, each number in the slot's format", () => {
  assert.equal(sentence("Lengths {T:d}.", { T: [4, 8, 16] }), "Lengths 4, 8 and 16.");
  assert.equal(sentence("Errors {e:.1f}.", { e: [0.123, 2] }), "Errors 0.1 and 2.0.");
  assert.equal(sentence("{who}.", { who: ["Elman", "LSTM"] }), "Elman and LSTM.");
});

test("another locale writes the same sentence's numbers and lists its own way", () => {
  const previous = locale();
  setLocale("pt-BR");
  try {
    assert.equal(
      sentence("A LSTM vence, {a:.2f} contra {b:.2f}; {T:d}.", { a: 7.289, b: 7.372, T: [1752, 4] }),
      "A LSTM vence, 7,29 contra 7,37; 1.752 e 4.",
    );
  } finally {
    setLocale(previous);
  }
});

test("maths keeps its braces, and text values are escaped so data shows as written", () => {
  assert.equal(sentence("At $h_{t}$ and $\\frac{1}{n}$ it is {v:.1f}.", { v: 0.24 }), "At $h_{t}$ and $\\frac{1}{n}$ it is 0.2.");
  assert.equal(sentence("The sample reads «{s}».", { s: "a *b* [c] $5 <i>" }), "The sample reads «a \\*b\\* \\[c\\] \\$5 \\<i\\>».");
  assert.equal(escapeMarkdown("x_1 | y"), "x\\_1 \\| y");
});

test("a missing value, an unused value or a value of the wrong kind is refused by name", () => {
  assert.throws(() => sentence("It is {x:.2f}.", {}), /the template's slot \{x:\.2f\} has no value; values has none/);
  assert.throws(() => sentence("It is {x:.2f}.", { x: 1, y: 2 }), /values\.y is not used by the template/);
  assert.throws(() => sentence("It {ok?is|is not}.", { ok: 1 }), /values\.ok is 1, expected true or false/);
  assert.throws(() => sentence("It is {x:.2f}.", { x: "high" }), /values\.x is the string "high", expected a number/);
  assert.throws(() => sentence("It is {x}.", { x: true }), /a yes\/no needs \{name\?yes\|no\}/);
  assert.throws(() => sentence("", {}), /template is the string "", expected a sentence/);
});

test("say shows the sentence as Markdown under the cell, and returns nothing (a cell ending with it prints no more)", () => {
  const { shown } = recorder();
  const returned: unknown = say("Accuracy {a:.1%} on {n:d} sequences.", { a: 0.9871, n: 500 });
  setDisplaySink(undefined);
  assert.equal(returned, undefined);
  const text = "Accuracy 98.7\u00a0% on 500 sequences.";
  assert.equal(shown.length, 1);
  assert.equal(shown[0].kind, "markdown");
  assert.equal(shown[0].bundle["text/markdown"], text);
  assert.equal(shown[0].bundle["text/plain"], text);
});
