/**
 * Tests of lib/vocabulary.ts: the vocabulary maps characters to ids and back (on the whole novel), one-hot
 * rows and training windows have the shapes and targets the equations need, and bad input is named.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { oneHot, oneHotWindow, Vocabulary } from "../lib/vocabulary";

const novel = readFileSync(resolve(process.env.RNN_DATA_DIR ?? join(__dirname, "..", "..", "shared", "data"), "memoriasBras.txt"), "utf8");

describe("Vocabulary", () => {
  it("lists each distinct character once, sorted, with ids 0 … V−1", () => {
    const v = new Vocabulary("banana");
    assert.deepEqual(v.chars, ["a", "b", "n"]);
    assert.equal(v.size, 3);
    assert.deepEqual(v.encode("nab"), [2, 0, 1]);
    assert.equal(v.decode([1, 0, 2, 0, 2, 0]), "banana");
  });

  it("round-trips the whole novel, accents, dashes and quotation marks included", () => {
    const v = new Vocabulary(novel);
    assert.equal(v.size, 109);
    for (const c of "ãçé—“”\n ") assert.ok(v.has(c), JSON.stringify(c));
    assert.equal(v.decode(v.encode(novel)), novel);
  });

  it("counts characters outside the basic plane as one character", () => {
    const v = new Vocabulary("a😀b");
    assert.equal(v.size, 3);
    assert.equal(v.encode("😀").length, 1);
  });

  it("names an unknown character and its position", () => {
    const v = new Vocabulary("abc");
    assert.throws(() => v.encode("abz"), /character "z" at position 2 is not in the vocabulary of 3 characters/);
    assert.throws(() => v.char(3), /id 3 is not a character id: expected an integer in \[0, 2\]/);
    assert.throws(() => new Vocabulary(""), /non-empty string/);
  });

  it("makes one-hot rows", () => {
    const m = new Vocabulary("abc").oneHot([2, 0]);
    assert.deepEqual(m.toArray(), [
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });
});

describe("oneHot", () => {
  it("puts a single 1 at index k", () => {
    assert.deepEqual(oneHot(2, 4), [0, 0, 1, 0]);
    assert.deepEqual(oneHot(0, 1), [1]);
  });

  it("names a class outside [0, size) or a bad size", () => {
    assert.throws(() => oneHot(4, 4), /k is 4, expected an integer in \[0, 3\]/);
    assert.throws(() => oneHot(1.5, 4), /k is 1.5/);
    assert.throws(() => oneHot(0, 0), /size must be a positive integer, got 0/);
  });
});

describe("oneHotWindow", () => {
  const ids = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

  it("gives T inputs of n×V and targets shifted by one character", () => {
    const { xs, targets } = oneHotWindow(ids, 10, [0, 5], 4);
    assert.equal(xs.length, 4);
    assert.equal(xs[0].shape, "2×10");
    assert.deepEqual(
      xs.map((x) => [x.data.indexOf(1), x.data.indexOf(1, 10) - 10]),
      [
        [0, 5],
        [1, 6],
        [2, 7],
        [3, 8],
      ],
    );
    assert.deepEqual(targets, [
      [1, 6],
      [2, 7],
      [3, 8],
      [4, 9],
    ]);
    for (const x of xs)
      assert.equal(
        x.data.reduce((s, v) => s + v, 0),
        2,
      ); // one 1 per row
  });

  it("refuses a window that runs past the end", () => {
    assert.throws(() => oneHotWindow(ids, 10, [6], 4), /start 6: a window of T = 4 needs ids\[start … start\+T\], but there are 10 ids/);
    assert.throws(() => oneHotWindow([0, 12, 1], 10, [0], 2), /ids\[1\] = 12 is not in \[0, 9\]/);
  });
});
