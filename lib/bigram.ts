/**
 * Scoring a language model — mean log-likelihood per character and perplexity — and the simplest model
 * worth beating: character bigrams, counts of adjacent pairs with add-α smoothing. Any model with a
 * vocabulary and `logLikelihood` (e.g. the RNN of charlm.ts) is scored the same way.
 */
import { checkPositive } from "./check";
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
 * counts of adjacent pairs with add-α smoothing, so unseen pairs keep a small probability.
 *
 * @example
 * const bigram = new BigramModel(train, { vocab });
 * perplexity(bigram, heldOut);
 */
export class BigramModel implements LanguageModel {
  readonly vocab: Vocabulary;
  /** counts[a][b]: how often b follows a in the training text, V×V */
  readonly counts: Float64Array[];
  readonly alpha: number;

  constructor(text: string, options: { vocab?: Vocabulary; alpha?: number } = {}) {
    this.vocab = options.vocab ?? new Vocabulary(text);
    this.alpha = options.alpha ?? 0.1;
    checkPositive("alpha (smoothing)", this.alpha);
    const V = this.vocab.size,
      ids = this.vocab.encode(text);
    this.counts = Array.from({ length: V }, () => new Float64Array(V));
    for (let i = 1; i < ids.length; i++) this.counts[ids[i - 1]][ids[i]]++;
  }

  /** p(· | prev), a distribution over the V characters. */
  probs(prev: string | number): Float64Array {
    if (typeof prev === "number") this.vocab.char(prev); // throws for an id outside [0, V)
    const row = this.counts[typeof prev === "number" ? prev : this.vocab.id(prev)];
    const V = this.vocab.size;
    const total = row.reduce((s, c) => s + c, 0) + this.alpha * V;
    return row.map((c) => (c + this.alpha) / total);
  }

  logLikelihood(text: string): number {
    const ids = checkScorable(text, this.vocab);
    const rows = new Map<number, Float64Array>();
    let sum = 0;
    for (let i = 1; i < ids.length; i++) {
      let p = rows.get(ids[i - 1]);
      if (!p) rows.set(ids[i - 1], (p = this.probs(ids[i - 1])));
      sum += Math.log(p[ids[i]]);
    }
    return sum / (ids.length - 1);
  }
}
