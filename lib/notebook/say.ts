/**
 * Results said in words: `say(template, values)` fills a sentence's {slots} with numbers written in the
 * notebook's locale, words chosen by a comparison, plurals and lists, and shows it as Markdown under the
 * cell. A sentence is one string, so an edition in another language swaps the string and keeps the code.
 */
import { describeValue, ValueError } from "../errors";
import { sink } from "./display";
import { formatNumber, locale } from "./locale";

/** What a slot can be filled with: a number, text, a yes/no (for {name?yes|no}), or a list of numbers or texts. */
export type SayValue = number | string | boolean | readonly number[] | readonly string[];

/**
 * A slot: {name} or {name:spec} (a number in `formatNumber`'s format, or a list of them), {name?yes|no}
 * (the first words when `name` is true), {name#one|other} (the words for `name` as a count: "1 unit", "3 units").
 */
const SLOT = /\{([A-Za-z]\w*)(?::([^{}?#|]*)|\?([^{}|]*)\|([^{}]*)|#([^{}|]*)\|([^{}]*))?\}/g;
/** Inline and display maths: no slot is filled inside it, so TeX braces ($h_{t}$, \frac{1}{n}) stay as written. */
const MATH = /(\$\$[\s\S]+?\$\$|\$[^$\n]+\$)/;

/** Text with the characters Markdown (and MathJax) would read as markup escaped, so data shows as written. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>$|#]/g, (c) => `\\${c}`);
}

function fill(template: string, values: Record<string, SayValue>, used: Set<string>): string {
  const tag = locale();
  return template.replace(SLOT, (whole, name: string, spec?: string, yes?: string, no?: string, one?: string, other?: string) => {
    if (!(name in values))
      throw new ValueError(`say: the template's slot ${whole} has no value; values has ${Object.keys(values).join(", ") || "none"}`);
    used.add(name);
    const v = values[name];
    const wrong = (expected: string) =>
      new ValueError(`say: values.${name} is ${describeValue(v)}, expected ${expected} for the slot ${whole}`);
    if (yes !== undefined) {
      if (typeof v !== "boolean") throw wrong("true or false");
      return v ? yes : (no ?? "");
    }
    if (one !== undefined) {
      if (typeof v !== "number") throw wrong("a number (a count)");
      return new Intl.PluralRules(tag).select(v) === "one" ? one : (other ?? "");
    }
    const word = (x: unknown): string => {
      if (typeof x === "number") return formatNumber(x, spec ?? "", tag);
      if (typeof x === "string" && spec === undefined) return escapeMarkdown(x);
      throw wrong(spec === undefined ? "a number, a text or a list of them" : `a number (or a list of numbers) to write as "${spec}"`);
    };
    if (Array.isArray(v)) {
      if (v.length === 0) throw wrong("a non-empty list");
      return new Intl.ListFormat(tag, { type: "conjunction" }).format(v.map(word));
    }
    if (typeof v === "boolean") throw wrong("a number or a text (a yes/no needs {name?yes|no})");
    return word(v);
  });
}

/**
 * The sentence `template` with its slots filled, as Markdown; nothing is shown. `$…$` maths is left as written.
 *
 * @example
 * sentence("The {winner} wins, {a:.2f} against {b:.2f}.", { winner: "LSTM", a: 7.29, b: 7.37 });
 * // "The LSTM wins, 7.29 against 7.37."
 * sentence("{n:d} {n#unit|units} {few?stay|stays} open.", { n: 3, few: true }); // "3 units stay open."
 */
export function sentence(template: string, values: Record<string, SayValue> = {}): string {
  if (typeof template !== "string" || template.trim() === "")
    throw new ValueError(`say: template is ${describeValue(template)}, expected a sentence with {slots}`);
  const used = new Set<string>();
  const text = template
    .split(MATH)
    .map((part, i) => (i % 2 === 1 ? part : fill(part, values, used)))
    .join("");
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0)
    throw new ValueError(`say: values.${unused[0]} is not used by the template ${JSON.stringify(template.slice(0, 60))}`);
  return text;
}

/**
 * Shows the sentence `template` with its slots filled (see `sentence`) as Markdown. It returns nothing, so a cell
 * that ends with it prints nothing more; `sentence` gives the text itself.
 *
 * @example
 * say("The RNN's error is {ratio:.1%} of the best lagged model's: it is {within?within|not within} 10 % of it.",
 *   { ratio: 1.04, within: true });
 */
export function say(template: string, values: Record<string, SayValue> = {}): void {
  const text = sentence(template, values);
  sink().display({ "text/markdown": text, "text/plain": text });
}
