/**
 * Generators for the property-based tests: clean arguments, and the same arguments with one fault
 * (a bad entry, a hole, a ragged row, a wrong type, a wrong shape, a bad size) together with the name
 * the library's error must give. Also a plain forward pass (nested loops) as the reference.
 */
import fc from "fast-check";

/** An argument and the name its error must contain, or null if it is valid. */
export interface FaultyArg {
  value: unknown;
  fault: string | null;
}

/** Values no numeric argument accepts. */
export const bad = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, "0.1", null, undefined, true, {});

/** `n` finite numbers in [−2, 2]. */
export const numbers = (n: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });

const clean = (r: number, c: number) => fc.array(numbers(c), { minLength: r, maxLength: r });
/** A copy to break: fast-check keeps generated values for shrinking, so they are never mutated. */
const copy = (m: number[][]) => m.map((row) => [...row]);

export interface MatrixFaults {
  /** wrong numbers of rows and/or columns count as faults of this argument (default both) */
  shape?: "rows" | "cols" | "both" | false;
  /** values that replace the whole argument (default null, undefined, a string, a number, []) */
  whole?: unknown[];
}

/** An r×c nested array with exactly one fault, named after `name`. */
export function brokenMatrix(name: string, r: number, c: number, opts: MatrixFaults = {}): fc.Arbitrary<FaultyArg> {
  const shape = opts.shape ?? "both";
  const at = fc.tuple(fc.integer({ min: 0, max: r - 1 }), fc.integer({ min: 0, max: c - 1 }));
  const kinds: fc.Arbitrary<FaultyArg>[] = [
    fc.tuple(clean(r, c).map(copy), at, bad).map(([m, [i, j], v]) => {
      m[i][j] = v as number;
      return { value: m, fault: `${name}[${i}][${j}]` };
    }),
    fc.tuple(clean(r, c).map(copy), at).map(([m, [i, j]]) => {
      delete m[i][j]; // a hole, as in [1, , 3]
      return { value: m, fault: `${name}[${i}][${j}]` };
    }),
  ];
  const whole = opts.whole ?? [null, undefined, name, 5, []];
  if (whole.length > 0) kinds.push(fc.constantFrom(...whole).map((v) => ({ value: v, fault: name })));
  if (r > 1)
    kinds.push(
      fc.tuple(clean(r, c).map(copy), fc.integer({ min: 1, max: r - 1 })).map(([m, i]) => {
        m[i] = c > 1 ? m[i].slice(1) : [...m[i], 0]; // ragged
        return { value: m, fault: name };
      }),
    );
  if (shape === "rows" || shape === "both") kinds.push(clean(r + 1, c).map((m) => ({ value: m, fault: name })));
  if (shape === "cols" || shape === "both") kinds.push(clean(r, c + 1).map((m) => ({ value: m, fault: name })));
  return fc.oneof(...kinds);
}

/** A clean r×c nested array. */
export const cleanMatrix = (r: number, c: number): fc.Arbitrary<FaultyArg> => clean(r, c).map((m) => ({ value: m, fault: null }));

/** Mostly clean, sometimes one fault: for a single-argument property. */
export const maybeBrokenMatrix = (name: string, r: number, c: number, opts: MatrixFaults = {}) =>
  fc.oneof({ arbitrary: cleanMatrix(r, c), weight: 2 }, { arbitrary: brokenMatrix(name, r, c, opts), weight: 1 });

/** Several arguments of which at most one (chosen at random) is broken, so the expected error is unambiguous. */
export function atMostOneFault(args: { clean: fc.Arbitrary<FaultyArg>; broken: fc.Arbitrary<FaultyArg> }[]): fc.Arbitrary<FaultyArg[]> {
  return fc
    .integer({ min: -args.length, max: args.length - 1 }) // about half the cases are clean
    .chain((which) => fc.tuple(...args.map((a, i) => (i === which ? a.broken : a.clean))));
}

/** A valid value from `good`, or one of `bads` named `name`. */
export function numberArg<T>(name: string, good: fc.Arbitrary<T>, bads: unknown[]) {
  return {
    clean: good.map((v): FaultyArg => ({ value: v, fault: null })),
    broken: fc.constantFrom(...bads).map((v): FaultyArg => ({ value: v, fault: name })),
  };
}

/**
 * A positive integer in [min, max], or a bad size (0, negative, fractional, NaN, a string, ∞, and `huge`
 * if given; null too unless the size is an optional setting, where null means its default).
 */
export function sizeArg(name: string, min = 1, max = 4, opts: { huge?: number[]; optional?: boolean } = {}) {
  return numberArg(name, fc.integer({ min, max }), [
    0,
    -1,
    2.5,
    NaN,
    "3",
    Infinity,
    ...(opts.optional ? [] : [null]),
    ...(opts.huge ?? []),
  ]);
}

type Nested = number[][];
const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Plain forward pass on nested arrays, written from the equations of each cell (lib/cells' contract):
 *   elman: h_t = tanh(b_h + x_t W_x + h_{t−1} W_h)
 *   lstm:  z = x_t W_x + h_{t−1} W_h + b_h in blocks [i | f | g | o]; c_t = σ(z_f) c_{t−1} + σ(z_i) tanh(z_g); h_t = σ(z_o) tanh(c_t)
 *   gru:   a = x_t W_x + b_x, b = h_{t−1} W_h + b_h in blocks [r | z | n]; r = σ(a_r + b_r), z = σ(a_z + b_z),
 *          n = tanh(a_n + r b_n); h_t = (1 − z) n + z h_{t−1}
 * and ŷ_t = b_o + h_t W_o.
 */
export function refForward(
  p: { Wx: unknown; Wh: unknown; bh: unknown; Wo: unknown; bo: unknown; bx?: unknown },
  xs: Nested[],
  cell: "elman" | "lstm" | "gru" = "elman",
): { H: Nested[]; yHat: Nested[] } {
  const arr = (m: unknown): Nested => (Array.isArray(m) ? (m as Nested) : (m as { toArray(): Nested }).toArray());
  const [Wx, Wh, bh, Wo, bo] = [p.Wx, p.Wh, p.bh, p.Wo, p.bo].map(arr);
  const bx = cell === "gru" ? arr(p.bx) : null;
  const h = Wh.length,
    k = bo[0].length,
    G = Wh[0].length / h;
  let prev = xs[0].map(() => new Array<number>(h).fill(0));
  let cPrev = xs[0].map(() => new Array<number>(h).fill(0));
  const H: Nested[] = [],
    yHat: Nested[] = [];
  /** column j of v W + b, for a row v */
  const affine = (v: number[], W: Nested, b: Nested | null, j: number) => v.reduce((s, x, a) => s + x * W[a][j], b ? b[0][j] : 0);
  for (const x of xs) {
    const Ct: Nested = [];
    const Ht = x.map((row, i) =>
      Array.from({ length: h }, (_, j) => {
        if (cell === "elman") return Math.tanh(affine(row, Wx, bh, j) + affine(prev[i], Wh, null, j));
        if (cell === "lstm") {
          const z = [0, 1, 2, 3].map((g) => affine(row, Wx, bh, g * h + j) + affine(prev[i], Wh, null, g * h + j));
          const c = sigma(z[1]) * cPrev[i][j] + sigma(z[0]) * Math.tanh(z[2]);
          (Ct[i] ??= [])[j] = c;
          return sigma(z[3]) * Math.tanh(c);
        }
        const a = [0, 1, 2].map((g) => affine(row, Wx, bx, g * h + j)),
          b = [0, 1, 2].map((g) => affine(prev[i], Wh, bh, g * h + j));
        const r = sigma(a[0] + b[0]),
          z = sigma(a[1] + b[1]),
          n = Math.tanh(a[2] + r * b[2]);
        return (1 - z) * n + z * prev[i][j];
      }),
    );
    if (G !== { elman: 1, lstm: 4, gru: 3 }[cell]) throw new Error(`refForward: W_h has ${G} blocks for the ${cell} cell`);
    yHat.push(Ht.map((row) => Array.from({ length: k }, (_, j) => affine(row, Wo, bo, j))));
    H.push(Ht);
    prev = Ht;
    cPrev = Ct;
  }
  return { H, yHat };
}
