/**
 * lib/notebook/locale.ts: numbers written the way a notebook's language writes them, in one small format
 * language; another locale changes separators and grouping, never the digits.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_LOCALE, formatNumber, locale, setLocale } from "../lib/notebook/locale";

test("each format writes the number as its name says, in British English by default", () => {
  assert.equal(locale(), DEFAULT_LOCALE);
  assert.equal(formatNumber(0.94213, ".2f"), "0.94");
  assert.equal(formatNumber(2, ".1f"), "2.0");
  assert.equal(formatNumber(1752, "d"), "1,752");
  assert.equal(formatNumber(1752), "1,752", "whole numbers default to d");
  assert.equal(formatNumber(3.14159), "3.142", "other numbers default to four significant digits");
  assert.equal(formatNumber(0.012345, ".3g"), "0.0123");
  assert.equal(formatNumber(1.5, ".4g"), "1.5", "no trailing zeros");
  assert.equal(formatNumber(0.1234, ".1%"), "12.3\u00a0%");
  assert.equal(formatNumber(9.18e-11, ".1e"), "9.2\u00a0×\u00a010⁻¹¹");
  assert.equal(formatNumber(6.1e3, ".1e"), "6.1\u00a0×\u00a010³");
  assert.equal(formatNumber(2.5, ".1e"), "2.5", "no × 10⁰");
});

test("negative numbers take a minus sign, positive ones a plus when asked, and a rounded zero has no sign", () => {
  assert.equal(formatNumber(-0.0412, ".3f"), "−0.041");
  assert.equal(formatNumber(0.0412, "+.3f"), "+0.041");
  assert.equal(formatNumber(-0.0412, "+.3f"), "−0.041");
  assert.equal(formatNumber(-0.0004, ".2f"), "0.00");
  assert.equal(formatNumber(-3, "d"), "−3");
});

test("another locale writes its own separators: 0,94 and 1.752 in Brazilian Portuguese", () => {
  assert.equal(formatNumber(0.94213, ".2f", "pt-BR"), "0,94");
  assert.equal(formatNumber(1752, "d", "pt-BR"), "1.752");
  assert.equal(formatNumber(0.1234, ".1%", "pt-BR"), "12,3\u00a0%");
  const previous = locale();
  setLocale("pt-BR");
  try {
    assert.equal(formatNumber(-1234.5, ".1f"), "−1.234,5", "the session's locale is the default");
  } finally {
    setLocale(previous);
  }
  assert.equal(formatNumber(-1234.5, ".1f"), "−1,234.5");
});

test("a bad number, format or locale is refused with what was given", () => {
  assert.throws(() => formatNumber(NaN, ".2f"), /v is NaN, expected a finite number/);
  assert.throws(() => formatNumber(2.5, "d"), /v is 2\.5 for the format "d", expected a whole number/);
  assert.throws(() => formatNumber(1, "%.2"), /spec is the string "%\.2", expected "", "d", "\.Nf"/);
  assert.throws(() => setLocale("not a locale!"), /locale is the string "not a locale!", expected a locale tag/);
  assert.equal(locale(), DEFAULT_LOCALE, "a refused locale changes nothing");
});
