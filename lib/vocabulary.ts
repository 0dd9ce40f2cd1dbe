/**
 * Text as numbers: a character vocabulary (char ↔ id), encoding and decoding, one-hot vectors, and
 * one-hot windows of a long stream of ids cut into T-step pieces for truncated backpropagation through time.
 */
import { checkPositiveInt } from "./check";
import { describeValue, ValueError } from "./errors";
import { Matrix } from "./matrix";

/**
 * The distinct characters (Unicode code points) of a text, sorted, each with an id 0 … V−1.
 *
 * @example
 * const vocab = new Vocabulary("hello");
 * vocab.chars;               // ["e", "h", "l", "o"]
 * vocab.encode("hole");      // [1, 3, 2, 0]
 * vocab.decode([1, 0, 2, 2, 3]); // "hello"
 */
export class Vocabulary {
  /** chars[id] is the character with that id */
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(text: string) {
    if (typeof text !== "string" || text.length === 0) {
      throw new ValueError(`Vocabulary: text must be a non-empty string, got ${describeValue(text)}`);
    }
    this.chars = [...new Set(Array.from(text))].sort();
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** V, the number of distinct characters. */
  get size(): number {
    return this.chars.length;
  }

  /** Whether `char` is in the vocabulary. */
  has(char: string): boolean {
    return this.ids.has(char);
  }

  /** The id of one character; throws for a character the text did not contain. */
  id(char: string): number {
    const i = this.ids.get(char);
    if (i === undefined) throw new ValueError(`character ${JSON.stringify(char)} is not in the vocabulary of ${this.size} characters`);
    return i;
  }

  /** The ids of every character of `text`, in order (length = number of code points). */
  encode(text: string): number[] {
    if (typeof text !== "string") throw new ValueError(`encode: text is ${describeValue(text)}, expected a string`);
    const out: number[] = [];
    let pos = 0;
    for (const c of text) {
      const i = this.ids.get(c);
      if (i === undefined) {
        throw new ValueError(
          `encode: character ${JSON.stringify(c)} at position ${pos} is not in the vocabulary of ${this.size} characters`,
        );
      }
      out.push(i);
      pos++;
    }
    return out;
  }

  /** The text spelled by `ids`. */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let t = 0; t < ids.length; t++) s += this.char(ids[t]);
    return s;
  }

  /** The character with id `i`. */
  char(i: number): string {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new ValueError(`id ${describeValue(i)} is not a character id: expected an integer in [0, ${this.size - 1}]`);
    }
    return this.chars[i];
  }

  /** One-hot rows: an n×V matrix with a 1 in column ids[r] of row r. */
  oneHot(ids: ArrayLike<number>): Matrix {
    const m = new Matrix(ids.length, this.size);
    for (let r = 0; r < ids.length; r++) {
      this.char(ids[r]); // throws for an id outside [0, V)
      m.data[r * this.size + ids[r]] = 1;
    }
    return m;
  }
}

/**
 * The one-hot vector of class `k` among `size`: 1 at index k, 0 elsewhere.
 *
 * @example
 * oneHot(2, 4); // [0, 0, 1, 0]
 */
export function oneHot(k: number, size: number): number[] {
  checkPositiveInt("size", size);
  if (!Number.isInteger(k) || k < 0 || k >= size) throw new ValueError(`k is ${describeValue(k)}, expected an integer in [0, ${size - 1}]`);
  return Array.from({ length: size }, (_, j) => (j === k ? 1 : 0));
}

/** T one-hot inputs (each n×V) and the T next-character targets (each n ids). */
export interface OneHotWindow {
  xs: Matrix[];
  targets: number[][];
}

/**
 * One training window of n parallel streams: row r of step t reads ids[starts[r] + t] and its target
 * is the next id, ids[starts[r] + t + 1]. Every start must leave T + 1 ids.
 *
 * @example
 * const ids = vocab.encode(text);
 * const { xs, targets } = oneHotWindow(ids, vocab.size, [0, 1000], 25); // xs: 25 × (2×V)
 */
export function oneHotWindow(ids: ArrayLike<number>, V: number, starts: readonly number[], T: number): OneHotWindow {
  checkPositiveInt("T (seqLength)", T);
  checkPositiveInt("V (vocabulary size)", V);
  for (const s of starts) {
    if (!Number.isInteger(s) || s < 0 || s + T + 1 > ids.length) {
      throw new ValueError(`start ${describeValue(s)}: a window of T = ${T} needs ids[start … start+T], but there are ${ids.length} ids`);
    }
  }
  const n = starts.length;
  const xs: Matrix[] = [],
    targets: number[][] = [];
  for (let t = 0; t < T; t++) {
    const x = new Matrix(n, V); // n×V
    const y: number[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const c = ids[starts[r] + t];
      if (!Number.isInteger(c) || c < 0 || c >= V)
        throw new ValueError(`ids[${starts[r] + t}] = ${describeValue(c)} is not in [0, ${V - 1}]`);
      x.data[r * V + c] = 1;
      y[r] = ids[starts[r] + t + 1];
    }
    xs.push(x);
    targets.push(y);
  }
  return { xs, targets };
}
