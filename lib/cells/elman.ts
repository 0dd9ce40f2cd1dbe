/**
 * The Elman cell, the tutorial's equation, as a cell the sequence engine runs like any other:
 *   h_t = φ(b_h + x_t W_x + h_{t−1} W_h)          Wx d×h, Wh h×h, bh 1×h;  h_{−1} = 0
 * lib/rnn.ts writes the same network as the tutorial's two loops; the tests hold the engine to them bit for bit.
 */
import { activation, ActivationName } from "../activations";
import { fastElmanBackward, fastElmanForward } from "../kernels/dispatch";
import { matMul, matMulTransB, weightOf } from "../matrix";
import { Cell, FusedSteps, gateShapes, initFromShapes } from "./cell";

/**
 * The Elman cell with nonlinearity φ (default tanh).
 *
 * @example
 * const fwd = forward(params, xs, { cell: elman("relu") });
 */
export function elman(name: ActivationName = "tanh"): Cell {
  const φ = activation(name);
  return {
    name: "elman",
    blocks: ["h"],
    state: ["h"],
    split: false,
    keeps: 0,
    shapes: (sizes) => gateShapes(sizes, 1, false),
    init: (sizes, rng, recurrentScale) => initFromShapes(gateShapes(sizes, 1, false), sizes.hiddenSize, rng, recurrentScale),

    forward(p, s) {
      // z_t = x_t W_x + h_{t−1} W_h + b_h     (s.a holds x_t W_x on entry; b_h is added as z_t is written into h)
      const xh = matMul(s.hPrev, p.Wh, s.a, true).data,
        b = p.bh.data,
        h = s.h.data,
        width = b.length;
      for (let r = 0; r < h.length; r += width) for (let j = 0; j < width; j++) h[r + j] = xh[r + j] + b[j];
      // h_t = φ(z_t), in place
      φ.apply(h);
    },

    backward(p, s, g) {
      // h_t = φ(z_t)  ⇒  dz_t = dh_t ⊙ φ'(z_t), with φ' written through h_t (for tanh, 1 − h_t²)
      const dz = g.da.data,
        dh = g.dh.data,
        h = s.h.data;
      for (let i = 0; i < dz.length; i++) dz[i] = dh[i] * φ.df(h[i]);
      // z_t = … + h_{t−1} W_h  ⇒  ∂L/∂h_{t−1} = dz_t W_hᵀ
      matMulTransB(g.da, p.Wh, g.dhPrev);
    },

    fused: name === "tanh" ? fusedTanh : undefined,
  };
}

// The steps above with φ = tanh, all T in one WebAssembly call where their products and tanh run in WebAssembly
// anyway: the same operations in the same order, so the same bits (test/kernels-fused.test.ts).
const fusedTanh: FusedSteps = {
  forward: (p, t, T, n) => fastElmanForward(weightOf(p.Wh), weightOf(p.bh).values, t.A.data, t.S.data, T, n, p.Wh.rows),
  backward: (p, t, g, T, n) =>
    fastElmanBackward(weightOf(p.Wh), t.S.data, { DH: g.DH.data, DZ: g.DA.data, dc: g.dc.data, dh: g.dh.data }, T, n, p.Wh.rows),
};
