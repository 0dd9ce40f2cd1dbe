/**
 * The LSTM cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000), in row
 * vectors and PyTorch's gate order, so every number can be checked against torch.nn.LSTM:
 *   z_t = x_t W_x + h_{t−1} W_h + b_h               Wx d×4h, Wh h×4h, bh 1×4h; blocks [i | f | g | o]
 *   i = σ(z_i),  f = σ(z_f),  g = tanh(z_g),  o = σ(z_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g                       the cell state: a sum, so its gradient is only scaled by f
 *   h_t = o ⊙ tanh(c_t)                              h_{−1} = c_{−1} = 0
 * PyTorch's two biases b_ih + b_hh are one bias here: bh = b_ih + b_hh.
 */
import { applyBlocks, σ, tanh } from "../activations";
import { fastLstmBackward, fastLstmForward } from "../kernels/dispatch";
import { addRowVector, matMul, matMulTransB, weightOf } from "../matrix";
import { Cell, gateShapes, initFromShapes } from "./cell";

/**
 * The LSTM cell.
 *
 * @example
 * const p = lstm.init({ inputSize: 8, hiddenSize: 64, outputSize: 1 }, new Random(0));
 * const fwd = forward(p, xs, { cell: lstm }); // fwd.H[t] = h_t, fwd.C[t] = c_t
 */
export const lstm: Cell = {
  name: "lstm",
  blocks: ["i", "f", "g", "o"],
  state: ["h", "c"],
  split: false,
  keeps: 1,
  shapes: (sizes) => gateShapes(sizes, 4, false),

  init(sizes, rng, recurrentScale) {
    const h = sizes.hiddenSize;
    const p = initFromShapes(gateShapes(sizes, 4, false), h, rng, recurrentScale);
    // The forget gate starts at f = σ(1) ≈ 0.73 rather than σ(0) = 0.5: c_t keeps most of c_{t−1} from the
    // first update, so the gradient through c is not halved at every step before training has begun
    // (Gers et al. 2000; Jozefowicz et al. 2015).
    p.bh.data.fill(1, h, 2 * h);
    return p;
  },

  forward(p, s) {
    const h = s.h.cols,
      n = s.h.rows;
    // z_t = x_t W_x + h_{t−1} W_h + b_h     (s.a holds x_t W_x on entry and becomes z_t)
    const z = matMul(s.hPrev, p.Wh, s.a, true);
    addRowVector(z, p.bh);
    // i, f, o = σ(·), g = tanh(·): the gate values replace z_t, which the backward step does not need
    applyBlocks(z.data, [σ, σ, tanh, σ], h); // blocks [i | f | g | o]
    const gates = z.data,
      cPrev = s.cPrev.data,
      cd = s.c.data,
      hd = s.h.data,
      tanhC = s.kept.data;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < h; j++) {
        const zi = r * 4 * h + j, // gate i; f, g, o follow h, 2h and 3h columns later
          u = r * h + j;
        const i = gates[zi],
          f = gates[zi + h],
          g = gates[zi + 2 * h];
        // c_t = f ⊙ c_{t−1} + i ⊙ g
        cd[u] = f * cPrev[u] + i * g;
      }
    }
    // h_t = o ⊙ tanh(c_t)    (tanh c_t is kept for the backward step)
    tanhC.set(cd);
    tanh.apply(tanhC);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < h; j++) {
        const u = r * h + j,
          o = gates[r * 4 * h + 3 * h + j];
        hd[u] = o * tanhC[u];
      }
    }
  },

  backward(p, s, grads) {
    const h = s.h.cols,
      n = s.h.rows;
    const gates = s.a.data,
      cPrev = s.cPrev.data,
      tanhC = s.kept.data,
      dh = grads.dh.data,
      dc = grads.dc.data, // ∂L/∂c_t from step t+1 on entry, ∂L/∂c_{t−1} on exit
      dz = grads.da.data;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < h; j++) {
        const zi = r * 4 * h + j,
          u = r * h + j;
        const i = gates[zi],
          f = gates[zi + h],
          g = gates[zi + 2 * h],
          o = gates[zi + 3 * h];
        // h_t = o ⊙ tanh(c_t)  ⇒  do = dh ⊙ tanh(c_t),  and c_t also gets dh ⊙ o ⊙ (1 − tanh²(c_t))
        const dO = dh[u] * tanhC[u];
        const dC = dc[u] + dh[u] * o * (1 - tanhC[u] * tanhC[u]);
        // c_t = f ⊙ c_{t−1} + i ⊙ g  ⇒  di = dc ⊙ g,  df = dc ⊙ c_{t−1},  dg = dc ⊙ i,  ∂L/∂c_{t−1} = dc ⊙ f
        const dI = dC * g,
          dF = dC * cPrev[u],
          dG = dC * i;
        dc[u] = dC * f;
        // i, f, o = σ(z)  ⇒  dz = d· ⊙ σ(1 − σ);   g = tanh(z_g)  ⇒  dz_g = dg ⊙ (1 − g²)
        dz[zi] = dI * i * (1 - i);
        dz[zi + h] = dF * f * (1 - f);
        dz[zi + 2 * h] = dG * (1 - g * g);
        dz[zi + 3 * h] = dO * o * (1 - o);
      }
    }
    // z_t = … + h_{t−1} W_h  ⇒  ∂L/∂h_{t−1} = dz_t W_hᵀ
    matMulTransB(grads.da, p.Wh, grads.dhPrev);
  },

  // The steps above, all T in one WebAssembly call where their products and tanh run in WebAssembly anyway:
  // the same operations in the same order, so the same bits (test/kernels-fused.test.ts).
  fused: {
    forward: (p, t, T, n) =>
      fastLstmForward(weightOf(p.Wh), weightOf(p.bh).values, { Z: t.A.data, S: t.S.data, C: t.Sc.data, K: t.K.data }, T, n, p.Wh.rows),
    backward: (p, t, g, T, n) =>
      fastLstmBackward(
        weightOf(p.Wh),
        { Z: t.A.data, S: t.S.data, C: t.Sc.data, K: t.K.data },
        { DH: g.DH.data, DZ: g.DA.data, dc: g.dc.data, dh: g.dh.data },
        T,
        n,
        p.Wh.rows,
      ),
  },
};
