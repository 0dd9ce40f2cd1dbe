/**
 * Backpropagation through time: one explicit loop from the last step back to the first, carrying
 * dhNext = ∂L/∂h_{t−1} between steps. The shared Wx, Wh, bh collect one contribution per step.
 */
import { activation } from "./activations";
import { checkShape } from "./check";
import { addColumnSums, Matrix, matMulTransA, matMulTransB } from "./matrix";
import { ForwardResult, Params } from "./rnn";

/** Gradients keyed like the parameters: grads.Wx is ∂L/∂Wx, and so on. */
export type Grads = Params;

export interface BackwardResult {
  grads: Grads;
  /** ∂L/∂h_{−1}, n×h: feeds an encoder when this network is a decoder */
  dh0: Matrix;
  /** dH[t] = ∂L/∂h_t, n×h (everything that reaches h_t: from ŷ_t and from step t+1) */
  dH: Matrix[];
  /** with `perStep`: each step's own contribution to the shared Wx, Wh, bh (they sum to grads) */
  steps?: Pick<Grads, "Wx" | "Wh" | "bh">[];
}

export interface BackwardOptions {
  /** gradient reaching the last state h_{T−1} from outside (a decoder that starts from it), n×h */
  dhLast?: Matrix;
  /** also return each step's contribution to Wx, Wh, bh */
  perStep?: boolean;
}

/** Zero gradients shaped like `params`. */
export function zerosLike(params: Params): Grads {
  const z = (m: Matrix) => new Matrix(m.rows, m.cols);
  return { Wx: z(params.Wx), Wh: z(params.Wh), bh: z(params.bh), Wo: z(params.Wo), bo: z(params.bo) };
}

/**
 * Gradients of a loss whose derivative with respect to each ŷ_t is `dYhat[t]` (null where step t
 * has no loss). `xs` and `fwd` are the inputs and result of `forward`.
 *
 * @example
 * const fwd = forward(p, xs);
 * const { grad } = mse(fwd.yHat[T - 1], y);
 * const { grads } = backward(p, xs, fwd, [...Array(T - 1).fill(null), grad]);
 */
export function backward(
  params: Params,
  xs: Matrix[],
  fwd: ForwardResult,
  dYhat: (Matrix | null)[],
  options: BackwardOptions = {},
): BackwardResult {
  const act = activation(fwd.activation);
  const T = fwd.H.length,
    n = fwd.h0.rows,
    h = params.Wh.rows;
  const grads = zerosLike(params);
  const dH: Matrix[] = new Array(T);
  const steps: Pick<Grads, "Wx" | "Wh" | "bh">[] = [];
  let dhNext = options.dhLast ?? new Matrix(n, h); // ∂L/∂h_t arriving from step t+1
  checkShape("dhLast", dhNext, n, h, "n×h");
  for (let t = T - 1; t >= 0; t--) {
    const ht = fwd.H[t],
      hPrev = t > 0 ? fwd.H[t - 1] : fwd.h0;
    // ŷ_t = b_o + h_t W_o  ⇒  dWo += h_tᵀ dŷ_t,  dbo += Σ_rows dŷ_t,  dh_t += dŷ_t W_oᵀ
    const dh = dhNext.clone(); // n×h
    const dy = dYhat[t];
    if (dy) {
      checkShape(`dYhat[${t}]`, dy, n, params.Wo.cols, "n×k");
      matMulTransA(ht, dy, grads.Wo, true);
      addColumnSums(dy, grads.bo);
      matMulTransB(dy, params.Wo, dh, true);
    }
    dH[t] = dh;
    // h_t = φ(z_t)  ⇒  dz_t = dh_t ⊙ φ'(z_t); for tanh φ' = 1 − h_t²
    const dz = new Matrix(n, h);
    for (let i = 0; i < dz.data.length; i++) dz.data[i] = dh.data[i] * act.df(ht.data[i]);
    // z_t = b_h + x_t W_x + h_{t−1} W_h  ⇒  dWx += x_tᵀ dz,  dWh += h_{t−1}ᵀ dz,  dbh += Σ_rows dz
    if (options.perStep) {
      const s = {
        Wx: matMulTransA(xs[t], dz, new Matrix(params.Wx.rows, h)),
        Wh: matMulTransA(hPrev, dz, new Matrix(h, h)),
        bh: addColumnSums(dz, new Matrix(1, h)),
      };
      steps.unshift(s);
      s.Wx.data.forEach((v, i) => (grads.Wx.data[i] += v));
      s.Wh.data.forEach((v, i) => (grads.Wh.data[i] += v));
      s.bh.data.forEach((v, i) => (grads.bh.data[i] += v));
    } else {
      matMulTransA(xs[t], dz, grads.Wx, true);
      matMulTransA(hPrev, dz, grads.Wh, true);
      addColumnSums(dz, grads.bh);
    }
    // …and the signal for the step before: ∂L/∂h_{t−1} = dz W_hᵀ
    dhNext = matMulTransB(dz, params.Wh, new Matrix(n, h));
  }
  return { grads, dh0: dhNext, dH, ...(options.perStep ? { steps } : {}) };
}
