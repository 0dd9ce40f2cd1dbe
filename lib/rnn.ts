/**
 * The tutorial's Elman network as two plain loops, in the spirit of min-char-rnn: the forward pass
 * h_t = φ(b_h + x_t W_x + h_{t−1} W_h), ŷ_t = b_o + h_t W_o, and backpropagation through time. This is the
 * reference, not a second engine: the library runs every cell, this one included, through lib/engine/, and
 * test/rnn.test.ts holds that engine to these loops bit for bit. Notebook 4 prints the forward loop.
 * Nothing here checks its input: give it what `toParams` and `toSequence` return.
 */
import { Activation } from "./activations";
import { addColumnSums, addRowVector, allocate, block, Matrix, matMul, matMulTransA, matMulTransB, rowsOf } from "./matrix";
import type { Params } from "./shapes";

/** What the reference forward pass keeps: every h_t and ŷ_t, and the steps stacked for the backward loop. */
export interface ReferenceForward {
  /** H[t] = h_t and yHat[t] = ŷ_t, n×h and n×k */
  H: Matrix[];
  yHat: Matrix[];
  /** X = [x_0; …; x_{T−1}] (T·n×d) and S = [h_{−1}; h_0; …; h_{T−1}] ((T+1)·n×h), of which H[t] are views */
  X: Matrix;
  S: Matrix;
}

/**
 * The forward pass over T steps of n×d inputs, from h_{−1} = `h0` (zeros if absent). x_t W_x and h_t W_o do
 * not depend on h_{t−1}: each is one product over the stacked steps, around the loop that must go step by step.
 */
export function referenceForward(params: Params, xs: Matrix[], φ: Activation, h0?: Matrix): ReferenceForward {
  const T = xs.length,
    n = xs[0].rows,
    d = params.Wx.rows,
    h = params.Wh.rows,
    k = params.Wo.cols;
  const [S, Xs, Ys] = allocate([
    [(T + 1) * n, h],
    [T * n, d],
    [T * n, k],
  ]);
  if (h0) S.data.set(h0.data);
  xs.forEach((x, t) => Xs.data.set(x.data, t * n * d));
  const Hs = rowsOf(S, n, T * n); // block t is x_t W_x, then h_t

  /** h_t = φ(b_h + x_t W_x + h_{t−1} W_h);  ŷ_t = b_o + h_t W_o   for t = 0 … T−1 */
  function unrolled(prev: Matrix): Matrix[] {
    matMul(Xs, params.Wx, Hs); // x_t W_x for every t
    const H: Matrix[] = [];
    for (let t = 0; t < T; t++) {
      const z = block(Hs, t, n); // n×h
      matMul(prev, params.Wh, z, true);
      addRowVector(z, params.bh);
      φ.apply(z.data); // z becomes h_t in place
      H[t] = prev = z;
    }
    addRowVector(matMul(Hs, params.Wo, Ys), params.bo); // ŷ_t for every t
    return H;
  }

  const H = unrolled(block(S, 0, n));
  return { H, yHat: H.map((_, t) => block(Ys, t, n)), X: Xs, S };
}

/** The reference backward pass's result: the gradients keyed like the parameters, ∂L/∂h_t for every t and ∂L/∂h_{−1}. */
export interface ReferenceBackward {
  grads: Params;
  dH: Matrix[];
  dh0: Matrix;
}

/**
 * Backpropagation through time: one explicit loop from the last step back to the first, carrying
 * dhNext = ∂L/∂h_{t−1} between steps, from dYhat[t] = ∂L/∂ŷ_t (null where step t has no loss) and the
 * gradient `dhLast` reaching h_{T−1} from outside. The shared Wx, Wh, bh collect one contribution per step.
 */
export function referenceBackward(
  params: Params,
  fwd: ReferenceForward,
  φ: Activation,
  dYhat: (Matrix | null)[],
  dhLast?: Matrix,
): ReferenceBackward {
  const T = fwd.H.length,
    n = fwd.H[0].rows,
    h = params.Wh.rows,
    k = params.Wo.cols;
  const { X, S } = fwd;
  const [Wx, Wh, bh, Wo, bo, DY, DZ, DH, D0, D1] = allocate([
    ...(["Wx", "Wh", "bh", "Wo", "bo"] as const).map((key) => [params[key].rows, params[key].cols] as const),
    [T * n, k],
    [T * n, h],
    [T * n, h],
    [n, h],
    [n, h],
  ]);
  dYhat.forEach((dy, t) => dy && DY.data.set(dy.data, t * n * k));
  // The states before each step (H₋) and after (H) are two views of S = [h_{−1}; h_0; …; h_{T−1}].
  const Hprev = rowsOf(S, 0, T * n),
    H = rowsOf(S, n, T * n),
    dH: Matrix[] = [];
  // ŷ_t = b_o + h_t W_o  ⇒  dh_t gets dŷ_t W_oᵀ, known before the loop: one product for all steps, into DH.
  matMulTransB(DY, params.Wo, DH);
  let dhNext = dhLast ?? D0; // ∂L/∂h_t arriving from step t+1 (zero after the last step)
  for (let t = T - 1; t >= 0; t--) {
    // dh_t = dŷ_t W_oᵀ + dhNext;  h_t = φ(z_t)  ⇒  dz_t = dh_t ⊙ φ'(z_t), for tanh φ' = 1 − h_t²
    const dh = block(DH, t, n),
      dz = block(DZ, t, n);
    const dhd = dh.data,
      dzd = dz.data,
      up = dhNext.data,
      hs = H.data,
      at = t * n * h; // h_t's first entry in H
    for (let i = 0; i < dzd.length; i++) dzd[i] = (dhd[i] += up[i]) * φ.df(hs[at + i]);
    dH[t] = dh;
    // z_t = b_h + x_t W_x + h_{t−1} W_h  ⇒  the signal for the step before: ∂L/∂h_{t−1} = dz_t W_hᵀ
    dhNext = matMulTransB(dz, params.Wh, dhNext === D0 ? D1 : D0);
  }
  // The shared weights collect one contribution per step, summed as one product over the stack:
  //   dWx = Σ_t x_tᵀ dz_t = Xᵀ DZ,   dWh = Σ_t h_{t−1}ᵀ dz_t = H₋ᵀ DZ,   dbh = Σ_t Σ_rows dz_t
  //   dWo = Σ_t h_tᵀ dŷ_t = Hᵀ DY,   dbo = Σ_t Σ_rows dŷ_t
  const grads = {
    Wx: matMulTransA(X, DZ, Wx),
    Wh: matMulTransA(Hprev, DZ, Wh),
    bh: addColumnSums(DZ, bh),
    Wo: matMulTransA(H, DY, Wo),
    bo: addColumnSums(DY, bo),
  };
  return { grads, dH, dh0: dhNext };
}
