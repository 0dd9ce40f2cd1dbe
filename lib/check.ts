/**
 * Argument checks shared by the library. Every message names the argument, what was received and
 * what was expected (`expected x_t of n×d = 32×2, got 32×3`, `lr must be …, got the string "0.1"`),
 * so a notebook user can fix the call. Shapes throw ShapeError; values and names throw ValueError.
 */
import { describeValue, ShapeError, ValueError } from "./errors";

interface Shaped {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * Whether every entry of `values` is finite: v·0 is 0 unless v is NaN or ±Infinity, so the sums stay 0 until one
 * is. One pass, no branch per entry, and four sums, not one: each addition waits for the one before it in the same
 * sum, so four independent chains check twice as fast (it runs on every parameter at every call of the engine).
 */
export function allFinite(values: ArrayLike<number>): boolean {
  const n = values.length;
  let a = 0,
    b = 0,
    c = 0,
    d = 0,
    i = 0;
  for (; i + 4 <= n; i += 4) {
    a += values[i] * 0;
    b += values[i + 1] * 0;
    c += values[i + 2] * 0;
    d += values[i + 3] * 0;
  }
  for (; i < n; i++) a += values[i] * 0;
  return a + b + c + d === 0;
}

/** Throws if any entry of `m` is NaN or ±Infinity, naming the first one found. */
export function checkFinite(name: string, m: Shaped): void {
  const d = m.data;
  if (allFinite(d)) return;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const r = Math.floor(i / m.cols),
        c = i % m.cols;
      throw new ValueError(`${name}[${r}][${c}] is ${d[i]}, expected a finite number`);
    }
  }
}

/** Throws unless `v` is a finite number (a plain value, e.g. a loss or an entry of a list). */
export function checkFiniteNumber(name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${name} is ${describeValue(v)}, expected a finite number`);
}

/** Throws unless `list[i]` is a finite number, naming a hole as one: "values[3] is missing (a hole in the array)". */
export function checkEntry(name: string, list: ArrayLike<unknown>, i: number): void {
  if (Array.isArray(list) && !(i in list)) throw new ValueError(`${name}[${i}] is missing (a hole in the array), expected a finite number`);
  checkFiniteNumber(`${name}[${i}]`, list[i]);
}

/** Throws unless `m` is rows×cols; `what` says what the dimensions mean, e.g. "n×d". */
export function checkShape(name: string, m: { rows: number; cols: number }, rows: number, cols: number, what = "rows×cols"): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`expected ${name} of ${what} = ${rows}×${cols}, got ${m.rows}×${m.cols}`);
  }
}

/** Throws unless `v` is an integer ≥ 1. */
export function checkPositiveInt(name: string, v: unknown): asserts v is number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new ValueError(`${name} must be a positive integer, got ${describeValue(v)}`);
}

/** Throws unless `v` is an integer ≥ `min` (a size with a floor above 1, e.g. days of a series). */
export function checkIntAtLeast(name: string, v: unknown, min: number): asserts v is number {
  if (!Number.isInteger(v) || (v as number) < min) throw new ValueError(`${name} must be an integer ≥ ${min}, got ${describeValue(v)}`);
}

/** Throws unless `v` is a finite number > 0 (learning rates, clip thresholds, temperatures). */
export function checkPositive(name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new ValueError(`${name} must be a positive finite number, got ${describeValue(v)}`);
  }
}

/** Throws unless `v` is in [lo, hi) (or [lo, hi] with `inclusive`). */
export function checkRange(name: string, v: unknown, lo: number, hi: number, inclusive = false): asserts v is number {
  const ok = typeof v === "number" && v >= lo && (inclusive ? v <= hi : v < hi);
  if (!ok) throw new ValueError(`${name} must be in [${lo}, ${hi}${inclusive ? "]" : ")"}, got ${describeValue(v)}`);
}

/** Throws unless `v` is a function; `signature` says what it is called with and returns, e.g. "(params) => { loss, grads }". */
export function checkFunction(name: string, v: unknown, signature: string): asserts v is (...args: never[]) => unknown {
  if (typeof v !== "function") throw new ValueError(`${name} is ${describeValue(v)}, expected a function ${signature}`);
}

/** Throws unless `v` is a string (a text, a name). */
export function checkString(name: string, v: unknown): asserts v is string {
  if (typeof v !== "string") throw new ValueError(`${name} is ${describeValue(v)}, expected a string`);
}

/** Throws unless `name` is one of `allowed`, suggesting the closest one. */
export function checkOneOf<T extends string>(what: string, name: unknown, allowed: readonly T[]): asserts name is T {
  if (!(allowed as readonly unknown[]).includes(name)) {
    const got = typeof name === "string" ? `"${name}"` : describeValue(name);
    const near = typeof name === "string" ? closest(name, allowed) : undefined;
    const hint = near ? ` (did you mean "${near}"?)` : "";
    throw new ValueError(`unknown ${what} ${got}${hint}, expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
}

/**
 * Throws unless `options` is undefined, null or a plain object whose keys are all in `known`: an unknown key is
 * named with the closest known one ("unknown option `epoch` of train — did you mean `epochs`?"), so a typo
 * never silently falls back to a default. `where` names the function ("train", "sample").
 */
export function checkOptions(where: string, options: unknown, known: readonly string[], what = "options"): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new ValueError(`${where}: ${what} is ${describeValue(options)}, expected an object { ${known.join(", ")} }`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    const hint = near ? ` — did you mean \`${near}\`?` : "";
    throw new ValueError(`unknown option \`${key}\` of ${where}${hint} (its ${what}: ${known.map((k) => `\`${k}\``).join(", ")})`);
  }
}

/**
 * The entry of `known` nearest to `name`, if it is near enough to be a slip: by Damerau–Levenshtein distance
 * (ignoring case) of at most a third of the longer name, or as an abbreviation — a prefix (`temp` for
 * `temperature`) or the initials of a longer name (`lr` for `learningRate`) — which counts as one edit.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const a = name.toLowerCase();
  const initials = (s: string) => s.replace(/[^A-Z]/g, "").toLowerCase();
  let best: string | undefined,
    bestDistance = Infinity;
  for (const candidate of known) {
    const b = candidate.toLowerCase();
    const abbreviated =
      (a.length >= 2 && b.length >= 2 && (b.startsWith(a) || a.startsWith(b))) ||
      b === a[0] + initials(name) ||
      a === b[0] + initials(candidate);
    const d = abbreviated ? Math.min(1, editDistance(a, b)) : editDistance(a, b);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const longer = Math.max(name.length, best?.length ?? 0);
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(longer / 3)) ? best : undefined;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
