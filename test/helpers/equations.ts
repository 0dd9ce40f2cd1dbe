/**
 * The Elman network's equations written out in mathjs, an oracle independent of the library's kernels:
 * h_t = φ(1·b_h + x_t W_x + h_{t−1} W_h), ŷ_t = 1·b_o + h_t W_o, with 1 a column of ones spreading the bias over the n rows.
 */
import * as math from "mathjs";
import { ActivationName, Matrix, Params } from "../../lib";

/** φ of each activation, as mathjs writes it. */
export const phi: Record<ActivationName, string> = {
  tanh: "tanh(z)",
  relu: "max(z, 0)",
  sigmoid: "1 / (1 + exp(-z))",
  identity: "z",
};

/**
 * The equations, written out in mathjs: h_t = φ(1·b_h + x_t W_x + h_{t−1} W_h), ŷ_t = 1·b_o + h_t W_o,
 * with 1 a column of ones spreading the bias over the n rows.
 */
export function mathjsForward(p: Params, xs: Matrix[], act: ActivationName, h0?: Matrix): { H: number[][][]; yHat: number[][][] } {
  const n = xs[0].rows;
  const scope: Record<string, unknown> = {
    Wx: math.matrix(p.Wx.toArray()),
    Wh: math.matrix(p.Wh.toArray()),
    bh: math.matrix(p.bh.toArray()),
    Wo: math.matrix(p.Wo.toArray()),
    bo: math.matrix(p.bo.toArray()),
    one: math.ones(n, 1),
    h: math.matrix(h0 ? h0.toArray() : (math.zeros(n, p.Wh.rows) as math.Matrix).toArray()),
  };
  const f = math.compile(phi[act]);
  const H: number[][][] = [],
    yHat: number[][][] = [];
  for (const x of xs) {
    scope.x = math.matrix(x.toArray());
    const z = math.evaluate("one * bh + x * Wx + h * Wh", scope) as math.Matrix;
    scope.h = math.map(z, (v: number) => f.evaluate({ z: v }) as number);
    H.push((scope.h as math.Matrix).toArray() as number[][]);
    yHat.push((math.evaluate("one * bo + h * Wo", scope) as math.Matrix).toArray() as number[][]);
  }
  return { H, yHat };
}

/** The forward pass against the oracle to 1e-12, relative above 1. */
export const tol = { abs: 1e-12, rel: 1e-12 };
