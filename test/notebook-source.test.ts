/**
 * lib/notebook/source.ts: the library lines a notebook prints are found by content in the real source, with
 * their true line numbers, and a marker that is gone is an error naming the file and the text looked for.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setDisplaySink } from "../lib/notebook/display";
import { listing, showEquationsBeside, sourceBlock, sourceLines } from "../lib/notebook/source";
import { recorder } from "./helpers/display-recorder";

const rnn = readFileSync(join(__dirname, "..", "lib", "rnn.ts"), "utf8").split("\n");

test("a block runs from its doc comment to the brace that closes it, with the file's line numbers", () => {
  const block = sourceBlock("rnn.ts", "h_t = φ(b_h + x_t W_x");
  assert.match(block[0].text, /^\/\*\* h_t = φ\(b_h \+ x_t W_x/);
  assert.match(block.at(-1)!.text, /^\}\)?;?$/, "it ends with the closing brace");
  for (const l of block) assert.equal(rnn[l.line - 1].trim(), l.text.trim(), `line ${l.line}`);
  assert.ok(
    block.some((l) => /matMul\(prev, params\.Wh, z, true\)/.test(l.text)),
    "the recurrent product is inside",
  );
  assert.equal(block[0].text, block[0].text.trimStart(), "unindented");
});

test("lines under a comment are found by the code they contain", () => {
  const [line] = sourceLines("cells/lstm.ts", "c_t = f ⊙ c_{t−1} + i ⊙ g", ["cd[u] = f * cPrev[u] + i * g"]);
  const lstm = readFileSync(join(__dirname, "..", "lib", "cells", "lstm.ts"), "utf8").split("\n");
  assert.equal(lstm[line.line - 1].trim(), line.text);
  assert.equal(listing([line, { line: 7, text: "x" }]), `${line.line}│ ${line.text}\n${" ".repeat(String(line.line).length - 1)}7│ x`);
});

test("a marker, comment or piece of code that is not there is an error naming the file and the text", () => {
  assert.throws(() => sourceBlock("rnn.ts", "no such comment"), /lib\/rnn\.ts has no doc comment containing "no such comment"/);
  assert.throws(() => sourceLines("rnn.ts", "no such comment", ["x"]), /lib\/rnn\.ts has no comment with "no such comment"/);
  assert.throws(
    () => sourceLines("cells/lstm.ts", "c_t = f ⊙ c_{t−1} + i ⊙ g", ["not in the file"]),
    /has no line with "not in the file" after the comment/,
  );
});

test("equations are shown beside their lines, escaped, in code that scrolls rather than wraps", () => {
  const { shown } = recorder();
  showEquationsBeside("The LSTM <cell>", [
    ["c_t = f \\odot c_{t-1}", "cells/lstm.ts", "c_t = f ⊙ c_{t−1} + i ⊙ g", ["cd[u] = f * cPrev[u] + i * g"]],
  ]);
  setDisplaySink(undefined);
  assert.equal(shown.length, 1);
  assert.match(shown[0].text, /<em>The LSTM &lt;cell&gt;<\/em>/);
  assert.match(shown[0].text, /\\\(c_t = f \\odot c_\{t-1\}\\\)/);
  assert.match(shown[0].text, /<pre style="[^"]*white-space:pre;[^"]*">\s*\d+│ cd\[u\] = f \* cPrev\[u\] \+ i \* g;<\/pre>/);
});
