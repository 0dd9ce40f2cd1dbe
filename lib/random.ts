/**
 * Seeded pseudo-random numbers: one seed reproduces parameters, shuffles and samples bit for bit.
 * Written here rather than taken from a package because it is 30 lines (SFC32 seeded by SplitMix32,
 * both public-domain algorithms), has no dependency and `fork` derives independent child streams from one seed
 * (the tests draw parameters and data from one seed this way).
 */
import { checkPositiveInt } from "./check";
import { describeValue, ValueError } from "./errors";

/**
 * A seeded generator. The same seed gives the same sequence on every machine.
 *
 * @example
 * const rng = new Random(42);
 * rng.uniform();      // in [0, 1)
 * rng.normal(0, 0.1); // Gaussian
 * rng.shuffle([1, 2, 3]);
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed)) throw new ValueError(`seed must be an integer, got ${describeValue(seed)}`);
    // SplitMix32 spreads one integer over the four words of state.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32(); // warm up away from the seed
  }

  /** The next 32-bit unsigned integer (SFC32). */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [lo, hi), default [0, 1). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * (this.uint32() / 4294967296);
  }

  /** Gaussian with the given mean and standard deviation (Box–Muller, pairs cached). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    const u = 1 - this.uniform(); // (0, 1], so log(u) is finite
    const r = Math.sqrt(-2 * Math.log(u)),
      theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    checkPositiveInt("n", n);
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A random permutation of 0 … n−1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /**
   * An index drawn with probability proportional to `weights[i]` (need not sum to 1). Every weight must
   * be finite and ≥ 0 with a positive sum: a NaN (e.g. from a diverged model) is refused, not drawn.
   */
  categorical(weights: ArrayLike<number>): number {
    if (weights === null || typeof weights !== "object" || typeof weights.length !== "number") {
      throw new ValueError(`weights is ${describeValue(weights)}, expected a list of finite numbers ≥ 0`);
    }
    if (weights.length === 0) throw new ValueError("weights is empty, expected at least one weight");
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
        const what = Array.isArray(weights) && !(i in weights) ? "missing (a hole in the array)" : describeValue(w);
        throw new ValueError(`weights[${i}] is ${what}, expected a finite number ≥ 0`);
      }
      total += w;
    }
    if (!(total > 0 && total < Infinity)) {
      throw new ValueError(`weights sum to ${total}, expected at least one positive weight and a finite sum`);
    }
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** A new generator whose seed is drawn from this one: independent streams from one seed. */
  fork(): Random {
    return new Random(this.uint32());
  }
}

/** Accepts a seed or a generator: functions that need randomness take either. */
export type SeedOrRandom = number | Random;

export function toRandom(seed: SeedOrRandom): Random {
  return seed instanceof Random ? seed : new Random(seed);
}
