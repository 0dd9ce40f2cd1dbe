/**
 * Backpropagation through time: one explicit loop from the last step back to the first, carrying
 * dhNext = ∂L/∂h_{t−1} between steps. The shared Wx, Wh, bh collect one contribution per step.
 */
import { activation } from "./activations";
import { checkShape } from "./check";
import { withResident } from "./kernels/dispatch";
import { addColumnSums, allocate, block, Matrix, matMulTransA, matMulTransB } from "./matrix";
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

const KEYS = ["Wx", "Wh", "bh", "Wo", "bo"] as const;

/** Zero gradients shaped like `params` (sharing one buffer). */
export function zerosLike(params: Params): Grads {
  const [Wx, Wh, bh, Wo, bo] = allocate(KEYS.map((key) => [params[key].rows, params[key].cols] as const));
  return { Wx, Wh, bh, Wo, bo };
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
    d = params.Wx.rows,
    h = params.Wh.rows,
    k = params.Wo.cols;
  const dH: Matrix[] = new Array(T);
  const steps: Pick<Grads, "Wx" | "Wh" | "bh">[] = [];
  // The steps stacked one under another, (T·n) rows each, as forward left them: S = [h_{−1}; h_0; …; h_{T−1}],
  // so that H₋ (states before each step) and H (states after) are two views of it, and X = [x_0; …].
  // Here DY = [dŷ_0; …] (zero where a step has no loss), and DZ, DH collect dz_t and dh_t as the loop
  // produces them; ∂L/∂h_{t−1} goes to the one of two n×h buffers (D0, D1) that does not hold ∂L/∂h_t.
  // One allocation holds the gradients and these.
  const { X, S } = fwd.stacked;
  const [Wx, Wh, bh, Wo, bo, DY, DZ, DH, D0, D1] = allocate([
    ...KEYS.map((key) => [params[key].rows, params[key].cols] as const),
    [T * n, k],
    [T * n, h],
    [T * n, h],
    [n, h],
    [n, h],
  ]);
  const grads: Grads = { Wx, Wh, bh, Wo, bo };
  const Hprev = new Matrix(T * n, h, S.data.subarray(0, T * n * h)),
    H = new Matrix(T * n, h, S.data.subarray(n * h));
  let dhNext = options.dhLast ?? D0; // ∂L/∂h_t arriving from step t+1 (zero after the last step)
  checkShape("dhLast", dhNext, n, h, "n×h");
  for (let t = 0; t < T; t++) {
    checkShape(`xs[${t}]`, xs[t], n, d, "n×d");
    const dy = dYhat[t];
    if (dy) {
      checkShape(`dYhat[${t}]`, dy, n, k, "n×k");
      DY.data.set(dy.data, t * n * k);
    }
  }
  // ŷ_t = b_o + h_t W_o  ⇒  dh_t gets dŷ_t W_oᵀ, known before the loop: one product for all steps, into DH.
  matMulTransB(DY, params.Wo, DH);
  const hs = H.data;
  withResident([params.Wh], () => {
    for (let t = T - 1; t >= 0; t--) {
      // dh_t = dŷ_t W_oᵀ + dhNext;  h_t = φ(z_t)  ⇒  dz_t = dh_t ⊙ φ'(z_t), for tanh φ' = 1 − h_t²
      const dh = block(DH, t, n), // n×h
        dz = block(DZ, t, n);
      const dhd = dh.data,
        dzd = dz.data,
        up = dhNext.data,
        at = t * n * h; // h_t's first entry in H
      for (let i = 0; i < dzd.length; i++) dzd[i] = (dhd[i] += up[i]) * act.df(hs[at + i]);
      dH[t] = dh;
      if (options.perStep) {
        steps.unshift({
          Wx: matMulTransA(block(X, t, n), dz, new Matrix(d, h)),
          Wh: matMulTransA(block(Hprev, t, n), dz, new Matrix(h, h)),
          bh: addColumnSums(dz, new Matrix(1, h)),
        });
      }
      // z_t = b_h + x_t W_x + h_{t−1} W_h  ⇒  the signal for the step before: ∂L/∂h_{t−1} = dz_t W_hᵀ
      dhNext = matMulTransB(dz, params.Wh, dhNext === D0 ? D1 : D0);
    }
  });
  // The shared weights collect one contribution per step, summed as one product over the stack:
  //   dWx = Σ_t x_tᵀ dz_t = Xᵀ DZ,   dWh = Σ_t h_{t−1}ᵀ dz_t = H₋ᵀ DZ,   dbh = Σ_t Σ_rows dz_t
  //   dWo = Σ_t h_tᵀ dŷ_t = Hᵀ DY,   dbo = Σ_t Σ_rows dŷ_t
  matMulTransA(X, DZ, grads.Wx);
  matMulTransA(Hprev, DZ, grads.Wh);
  addColumnSums(DZ, grads.bh);
  matMulTransA(H, DY, grads.Wo);
  addColumnSums(DY, grads.bo);
  return { grads, dh0: dhNext, dH, ...(options.perStep ? { steps } : {}) };
}
