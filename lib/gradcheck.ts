/**
 * Gradient checking: central differences (L(θ+ε) − L(θ−ε)) / 2ε against the analytic gradient,
 * one row per parameter with its relative error ‖a − n‖ / (‖a‖ + ‖n‖).
 */
import { checkFinite, checkFiniteNumber, checkOptions, checkPositive, checkPositiveInt } from "./check";
import { describeValue, ShapeError, ValueError } from "./errors";
import { leaves, ParamTree } from "./param-tree";
import { Random } from "./random";

export interface GradCheckRow {
  /** the parameter's path, e.g. "Wh" or "encoder.Wx" */
  name: string;
  /** the checked entries' flat indices, analytic and numeric derivatives */
  indices: number[];
  analytic: number[];
  numeric: number[];
  /** ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) over the checked entries (0 if both vanish) */
  relError: number;
}

export interface GradCheckOptions {
  /** the finite-difference step ε (default 1e-5) */
  eps?: number;
  /** check at most this many entries per parameter, chosen with `seed` (default: all) */
  maxEntries?: number;
  seed?: number;
}

/**
 * Compares `f(params).grads` with central differences of `f(params).loss`.
 *
 * @example
 * const rows = gradCheck(params, (p) => manyToOneMSE(p, X, y));
 * Math.max(...rows.map((r) => r.relError)); // ~1e-10
 */
export function gradCheck<P extends ParamTree>(
  params: P,
  f: (p: P) => { loss: number; grads: ParamTree },
  options: GradCheckOptions = {},
): GradCheckRow[] {
  checkOptions("gradCheck", options, ["eps", "maxEntries", "seed"]);
  const opts = options ?? {};
  const eps = opts.eps ?? 1e-5;
  checkPositive("eps", eps);
  if (opts.maxEntries != null) checkPositiveInt("maxEntries", opts.maxEntries);
  if (typeof f !== "function") throw new ValueError(`gradCheck: f is ${describeValue(f)}, expected a function (params) => { loss, grads }`);
  const rng = new Random(opts.seed ?? 0);
  const checked = leaves(params); // refuses number[][] leaves before f is ever called
  /** f(params).loss, checked: a NaN would make every numeric derivative NaN and the check meaningless. */
  const lossOf = (r: { loss: number }) => {
    if (r === null || typeof r !== "object") {
      throw new ValueError(`gradCheck: f(params) returned ${describeValue(r)}, expected { loss: number, grads }`);
    }
    checkFiniteNumber("gradCheck: f(params).loss", r.loss);
    return r.loss;
  };
  const first = f(params);
  lossOf(first);
  const grads = new Map(leaves(first.grads, "gradCheck: f(params).grads"));
  return checked.map(([name, m]) => {
    const g = grads.get(name);
    if (!g || g.rows !== m.rows || g.cols !== m.cols) {
      throw new ShapeError(`gradCheck: grads.${name} is ${g ? g.shape : "missing"}, expected ${m.shape} like params.${name}`);
    }
    checkFinite(`gradCheck: f(params).grads.${name}`, g); // a NaN would make its row's relative error NaN, which compares as no error
    const all = Array.from({ length: m.data.length }, (_, i) => i);
    const indices =
      opts.maxEntries && opts.maxEntries < all.length
        ? rng
            .shuffle(all)
            .slice(0, opts.maxEntries)
            .sort((a, b) => a - b)
        : all;
    const analytic = indices.map((i) => g.data[i]);
    const numeric = indices.map((i) => {
      const keep = m.data[i];
      try {
        m.data[i] = keep + eps;
        const up = lossOf(f(params));
        m.data[i] = keep - eps;
        const down = lossOf(f(params));
        return (up - down) / (2 * eps);
      } finally {
        m.data[i] = keep; // restored even when f throws
      }
    });
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const diff = norm(analytic.map((a, j) => a - numeric[j]));
    const scale = norm(analytic) + norm(numeric);
    return { name, indices, analytic, numeric, relError: scale === 0 ? 0 : diff / scale };
  });
}
