/**
 * The GRU cell (Cho et al. 2014), in row vectors and PyTorch's gate order, so every number can be
 * checked against torch.nn.GRU (b_ih is bx, b_hh is bh):
 *   a_t = x_t W_x + b_x,   b_t = h_{t−1} W_h + b_h      Wx d×3h, Wh h×3h, bx bh 1×3h; blocks [r | z | n]
 *   r = σ(a_r + b_r),  z = σ(a_z + b_z),  n = tanh(a_n + r ⊙ b_n)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}                     h_{−1} = 0
 * The two maps stay apart because the reset gate r scales only the recurrent part b_n of the candidate.
 */
import { applyBlocks, σ, tanh } from "../activations";
import { fastGruBackward, fastGruForward } from "../kernels/dispatch";
import { addRowVector, matMul, matMulTransB, weightOf } from "../matrix";
import type { GRUParams } from "../shapes";
import { Cell, gateShapes, initFromShapes } from "./cell";

/**
 * The GRU cell.
 *
 * @example
 * const p = gru.init({ inputSize: 8, hiddenSize: 64, outputSize: 1 }, new Random(0)); // has bx
 * const fwd = forward(p, xs, { cell: gru });
 */
export const gru: Cell<GRUParams> = {
  name: "gru",
  blocks: ["r", "z", "n"],
  state: ["h"],
  split: true,
  keeps: 0,
  shapes: (sizes) => gateShapes(sizes, 3, true),
  init: (sizes, rng, recurrentScale) => initFromShapes<GRUParams>(gateShapes(sizes, 3, true), sizes.hiddenSize, rng, recurrentScale),

  forward(p, s) {
    const h = s.h.cols,
      n = s.h.rows;
    // a_t = x_t W_x + b_x     (s.a holds x_t W_x on entry)
    addRowVector(s.a, p.bx);
    // b_t = h_{t−1} W_h + b_h
    matMul(s.hPrev, p.Wh, s.b);
    addRowVector(s.b, p.bh);
    const ad = s.a.data, // becomes the gate values [r | z | n], which replace a_t; b_t stays, since ∂n/∂r = (1 − n²) ⊙ b_n
      bd = s.b.data,
      hPrev = s.hPrev.data,
      hd = s.h.data;
    // r = σ(a_r + b_r),  z = σ(a_z + b_z)
    for (let row = 0; row < n; row++) for (let k = row * 3 * h; k < row * 3 * h + 2 * h; k++) ad[k] += bd[k];
    applyBlocks(ad, [σ, σ, null], h);
    // n = tanh(a_n + r ⊙ b_n)
    for (let row = 0; row < n; row++) {
      for (let j = 0; j < h; j++) {
        const ri = row * 3 * h + j; // block r; blocks z and n follow h and 2h columns later
        ad[ri + 2 * h] += ad[ri] * bd[ri + 2 * h];
      }
    }
    applyBlocks(ad, [null, null, tanh], h);
    // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
    for (let row = 0; row < n; row++) {
      for (let j = 0; j < h; j++) {
        const ri = row * 3 * h + j,
          u = row * h + j;
        const z = ad[ri + h],
          nt = ad[ri + 2 * h];
        hd[u] = (1 - z) * nt + z * hPrev[u];
      }
    }
  },

  backward(p, s, grads) {
    const h = s.h.cols,
      n = s.h.rows;
    const gates = s.a.data,
      bd = s.b.data,
      hPrev = s.hPrev.data,
      dh = grads.dh.data,
      da = grads.da.data,
      db = grads.db.data,
      dhPrev = grads.dhPrev.data;
    for (let row = 0; row < n; row++) {
      for (let j = 0; j < h; j++) {
        const ri = row * 3 * h + j,
          u = row * h + j;
        const r = gates[ri],
          z = gates[ri + h],
          nt = gates[ri + 2 * h];
        // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}  ⇒  dn = dh ⊙ (1 − z),  dz = dh ⊙ (h_{t−1} − n),  h_{t−1} gets dh ⊙ z
        const dN = dh[u] * (1 - z),
          dZ = dh[u] * (hPrev[u] - nt);
        dhPrev[u] = dh[u] * z;
        // n = tanh(a_n + r ⊙ b_n)  ⇒  da_n = dn ⊙ (1 − n²),  db_n = da_n ⊙ r,  dr = da_n ⊙ b_n
        const dAn = dN * (1 - nt * nt),
          dR = dAn * bd[ri + 2 * h];
        da[ri + 2 * h] = dAn;
        db[ri + 2 * h] = dAn * r;
        // r = σ(a_r + b_r), z = σ(a_z + b_z)  ⇒  da = db = d· ⊙ σ(1 − σ)
        da[ri] = db[ri] = dR * r * (1 - r);
        da[ri + h] = db[ri + h] = dZ * z * (1 - z);
      }
    }
    // b_t = h_{t−1} W_h + b_h  ⇒  ∂L/∂h_{t−1} = db_t W_hᵀ + dh_t ⊙ z (the direct path, written above)
    matMulTransB(grads.db, p.Wh, grads.dhPrev, true);
  },

  // The steps above, all T in one WebAssembly call where their products and tanh run in WebAssembly anyway:
  // the same operations in the same order, so the same bits (test/kernels-fused.test.ts).
  fused: {
    forward: (p, t, T, n) =>
      fastGruForward(
        weightOf(p.Wh),
        weightOf(p.bx).values,
        weightOf(p.bh).values,
        { A: t.A.data, B: t.B.data, S: t.S.data },
        T,
        n,
        p.Wh.rows,
      ),
    backward: (p, t, g, T, n) =>
      fastGruBackward(
        weightOf(p.Wh),
        { A: t.A.data, B: t.B.data, S: t.S.data },
        { DH: g.DH.data, DZ: g.DA.data, DB: g.DB.data, dc: g.dc.data, dh: g.dh.data },
        T,
        n,
        p.Wh.rows,
      ),
  },
};
