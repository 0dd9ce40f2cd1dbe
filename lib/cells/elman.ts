/**
 * The Elman cell, the tutorial's equation, as a cell the unrolled pass and BPTT can swap for another:
 *   h_t = φ(b_h + x_t W_x + h_{t−1} W_h)          Wx d×h, Wh h×h, bh 1×h;  h_{−1} = 0
 * lib/rnn.ts and lib/bptt.ts write the same equation as one readable loop each; the tests hold the two equal.
 */
import { activation, ActivationName } from "../activations";
import { addRowVector, matMul, matMulTransB } from "../matrix";
import { Cell, gateShapes, initFromShapes } from "./cell";

/**
 * The Elman cell with nonlinearity φ (default tanh).
 *
 * @example
 * const fwd = cellForward(elman("relu"), params, xs);
 */
export function elman(name: ActivationName = "tanh"): Cell {
  const act = activation(name);
  return {
    name: "elman",
    blocks: ["h"],
    state: ["h"],
    split: false,
    keeps: 0,
    activation: act.name,
    shapes: (sizes) => gateShapes(sizes, 1, false),
    init: (sizes, rng, recurrentScale) => initFromShapes(gateShapes(sizes, 1, false), sizes.hiddenSize, rng, recurrentScale),

    forward(p, s) {
      // z_t = x_t W_x + h_{t−1} W_h + b_h     (s.a holds x_t W_x on entry and becomes z_t)
      const z = matMul(s.hPrev, p.Wh, s.a, true);
      addRowVector(z, p.bh);
      // h_t = φ(z_t)
      s.h.data.set(z.data);
      act.apply(s.h.data);
    },

    backward(p, s, g) {
      // h_t = φ(z_t)  ⇒  dz_t = dh_t ⊙ φ'(z_t), with φ' written through h_t (for tanh, 1 − h_t²)
      const dz = g.da.data,
        dh = g.dh.data,
        hd = s.h.data,
        df = act.df;
      for (let i = 0; i < dz.length; i++) dz[i] = dh[i] * df(hd[i]);
      // z_t = … + h_{t−1} W_h  ⇒  ∂L/∂h_{t−1} = dz_t W_hᵀ
      matMulTransB(g.da, p.Wh, g.dhPrev);
    },
  };
}
