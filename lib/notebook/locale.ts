/**
 * Numbers as a notebook's language writes them. One locale per kernel session ("en-GB" by default; an
 * edition in another language calls `setLocale("pt-BR")` once and writes 0,94 and 1.752), and one small
 * format language shared by every helper that puts a number into words: "d", ".2f", ".3g", ".1%", ".1e".
 */
import { describeValue, ValueError } from "../errors";

/** The locale the notebooks are written in. */
export const DEFAULT_LOCALE = "en-GB";
let current = DEFAULT_LOCALE;

/** The locale numbers are written in now. */
export function locale(): string {
  return current;
}

/**
 * Writes numbers (and the display helpers' own words) in `tag`, a BCP 47 tag such as "pt-BR", from now on. It returns
 * nothing, so a notebook cell that ends with it prints nothing; `locale()` gives the one in use.
 */
export function setLocale(tag: string): void {
  checkLocale("setLocale", tag);
  current = tag;
}

/** Whether this engine writes numbers for `tag` (false for a tag that is not well formed, too). */
function isKnown(tag: unknown): boolean {
  try {
    return typeof tag === "string" && Intl.NumberFormat.supportedLocalesOf(tag).length > 0;
  } catch {
    return false;
  }
}

function checkLocale(fn: string, tag: unknown): asserts tag is string {
  if (!isKnown(tag))
    throw new ValueError(`${fn}: locale is ${describeValue(tag)}, expected a locale tag this engine knows, e.g. "en-GB" or "pt-BR"`);
}

/**
 * `spec`: "" (whole numbers as "d", others as ".4g"), "d" (a whole number), ".Nf" (N decimals), ".Ng" (N
 * significant digits, no trailing zeros), ".N%" (a share as a percentage with N decimals), ".Ne" (N decimals
 * times a power of ten); a leading "+" writes the sign of positive numbers too.
 */
const SPEC = /^(\+?)(?:d|\.(\d{1,2})([fge%]))?$/;

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};
/** A no-break space: "12.5 %" and "3.2 × 10⁻⁴" never break across lines. */
const NBSP = "\u00a0";

/**
 * `v` written in `tag`'s way with the format `spec`; negative numbers take a true minus sign (−).
 *
 * @example
 * formatNumber(0.94213, ".2f");          // "0.94"
 * formatNumber(0.94213, ".2f", "pt-BR"); // "0,94"
 * formatNumber(1752, "d");               // "1,752"
 * formatNumber(0.1234, ".1%");           // "12.3 %"
 * formatNumber(9.18e-11, ".1e");         // "9.2 × 10⁻¹¹"
 * formatNumber(-0.0412, "+.3f");         // "−0.041"
 */
export function formatNumber(v: number, spec = "", tag = current): string {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new ValueError(`formatNumber: v is ${describeValue(v)}, expected a finite number`);
  const m = SPEC.exec(spec);
  if (!m)
    throw new ValueError(
      `formatNumber: spec is ${describeValue(spec)}, expected "", "d", ".Nf", ".Ng", ".N%" or ".Ne" (N digits), with an optional leading "+"`,
    );
  checkLocale("formatNumber", tag);
  const [, plus, digits, kind] = m;
  const n = digits === undefined ? 0 : Number(digits);
  const intl = (x: number, o: Intl.NumberFormatOptions) => new Intl.NumberFormat(tag, o).format(x);
  let text: string;
  if (kind === undefined && (spec.endsWith("d") || Number.isInteger(v))) {
    if (!Number.isInteger(v)) throw new ValueError(`formatNumber: v is ${v} for the format "d", expected a whole number`);
    text = intl(v, { maximumFractionDigits: 0 });
  } else if (kind === undefined || kind === "g") text = intl(v, { maximumSignificantDigits: kind ? Math.max(1, n) : 4 });
  else if (kind === "f") text = intl(v, { minimumFractionDigits: n, maximumFractionDigits: n });
  else if (kind === "%") text = intl(100 * v, { minimumFractionDigits: n, maximumFractionDigits: n }) + NBSP + "%";
  else {
    const [mantissa, exponent] = v.toExponential(n).split("e");
    const power = String(Number(exponent)).replace(/./g, (c) => SUPERSCRIPT[c]);
    text =
      intl(Number(mantissa), { minimumFractionDigits: n, maximumFractionDigits: n }) +
      (Number(exponent) === 0 ? "" : `${NBSP}×${NBSP}10${power}`);
  }
  text = text.replace(/^-/, "−");
  if (/^−0([.,]0*)?(\D|$)/.test(text) && !/[1-9]/.test(text)) text = text.slice(1); // never "−0.00"
  return plus && !text.startsWith("−") ? `+${text}` : text;
}
