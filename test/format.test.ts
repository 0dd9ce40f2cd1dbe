/**
 * Tests of lib/format.ts: fixed decimals, significant digits without trailing zeros, percentages, and
 * the error for something that is not a number.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fmt, fmtSignificant, pct } from "../lib";

test("fmt prints a fixed number of decimals, three by default", () => {
  assert.equal(fmt(0.123456), "0.123");
  assert.equal(fmt(2, 1), "2.0");
  assert.equal(fmt(-1.5, 0), "-2");
});

test("fmtSignificant keeps four significant digits by default and drops trailing zeros", () => {
  assert.equal(fmtSignificant(1234.56), "1235");
  assert.equal(fmtSignificant(0.0123), "0.0123");
  assert.equal(fmtSignificant(1.23456, 2), "1.2");
});

test("pct prints a share as a percentage with one decimal, also when mapped over a list", () => {
  assert.equal(pct(0.1234), "12.3 %");
  assert.deepEqual([0.5, 0.25, 1].map(pct), ["50.0 %", "25.0 %", "100.0 %"]);
});

test("a value that is not a number is named", () => {
  assert.throws(() => fmt("0.1" as unknown as number), /expected a number to format, got the string "0.1"/);
  assert.throws(() => pct(undefined as unknown as number), /got undefined/);
});
