/**
 * Scoring a language model — mean log-likelihood per character and perplexity — and the simplest model
 * worth beating: character bigrams, counts of adjacent pairs with add-α smoothing. Any model with a
 * vocabulary and `logLikelihood` (e.g. the RNN of charlm.ts) is scored the same way.
 */
import { checkOptions, checkPositive } from "./check";
import { describeValue, ValueError } from "./errors";
import { Vocabulary } from "./vocabulary";

/** Anything that scores text: the mean natural-log probability of each character given those before it. */
export interface LanguageModel {
  readonly vocab: Vocabulary;
  /** (1/(N−1)) Σ_{i=1}^{N−1} log p(c_i | c_0 … c_{i−1}) for a text of N ≥ 2 characters, in nats */
  logLikelihood(text: string): number;
}

/**
 * Perplexity exp(−mean log-likelihood): the size of a uniform choice that would be as surprised as the
 * model. A uniform guess over V characters scores V; lower is better.
 *
 * @example
 * perplexity(new BigramModel(train), heldOut); // ≈ 11 on the novel
 */
export function perplexity(model: LanguageModel, text: string): number {
  return Math.exp(-model.logLikelihood(text));
}

/** The ids of a text to score, which needs at least one character to read and one to predict. */
export function checkScorable(text: string, vocab: Vocabulary): number[] {
  if (typeof text !== "string" || Array.from(text).length < 2) {
    throw new ValueError(`text to score must have at least 2 characters (one to read, one to predict), got ${describeValue(text)}`);
  }
  return vocab.encode(text);
}

/**
 * The character-bigram model p(c_i | c_{i−1}) = (count(c_{i−1} c_i) + α) / (count(c_{i−1}) + αV):
 * counts of adjacent pairs with add-α smoothing, so unseen pairs keep a small probability. Only the pairs
 * that occur are stored, so a vocabulary of tens of thousands of characters (a Chinese text) costs no more
 * than the text.
 *
 * @example
 * const bigram = new BigramModel(train, { vocab });
 * perplexity(bigram, heldOut);
 */
export class BigramModel implements LanguageModel {
  readonly vocab: Vocabulary;
  readonly alpha: number;
  /** pairs.get(a)?.get(b): how often b follows a in the training text (absent: never) */
  private readonly pairs = new Map<number, Map<number, number>>();
  /** totals[a] = count(a followed by anything) */
  private readonly totals: Float64Array;

  constructor(text: string, options: { vocab?: Vocabulary | null; alpha?: number | null } = {}) {
    checkOptions("BigramModel", options, ["vocab", "alpha"]);
    if (options?.vocab != null && !(options.vocab instanceof Vocabulary)) {
      throw new ValueError(`BigramModel: vocab is ${describeValue(options.vocab)}, expected a Vocabulary`);
    }
    this.vocab = options?.vocab ?? new Vocabulary(text);
    this.alpha = options?.alpha ?? 0.1;
    checkPositive("alpha (smoothing)", this.alpha);
    const ids = this.vocab.encode(text);
    this.totals = new Float64Array(this.vocab.size);
    for (let i = 1; i < ids.length; i++) {
      const a = ids[i - 1],
        b = ids[i];
      let row = this.pairs.get(a);
      if (!row) this.pairs.set(a, (row = new Map()));
      row.set(b, (row.get(b) ?? 0) + 1);
      this.totals[a]++;
    }
  }

  /** How often `next` follows `prev` in the training text (characters or ids). */
  count(prev: string | number, next: string | number): number {
    return this.pairs.get(this.idOf(prev))?.get(this.idOf(next)) ?? 0;
  }

  /** p(· | prev), a distribution over the V characters. */
  probs(prev: string | number): Float64Array {
    const a = this.idOf(prev),
      V = this.vocab.size,
      total = this.totals[a] + this.alpha * V;
    const p = new Float64Array(V).fill(this.alpha / total);
    for (const [b, c] of this.pairs.get(a) ?? []) p[b] = (c + this.alpha) / total;
    return p;
  }

  logLikelihood(text: string): number {
    const ids = checkScorable(text, this.vocab);
    const V = this.vocab.size;
    let sum = 0;
    for (let i = 1; i < ids.length; i++) {
      const a = ids[i - 1],
        c = this.pairs.get(a)?.get(ids[i]) ?? 0;
      sum += Math.log((c + this.alpha) / (this.totals[a] + this.alpha * V));
    }
    return sum / (ids.length - 1);
  }

  /** A character's id (an id is checked to be in [0, V)). */
  private idOf(c: string | number): number {
    if (typeof c === "number") {
      this.vocab.char(c); // throws for an id outside [0, V)
      return c;
    }
    return this.vocab.id(c);
  }
}
