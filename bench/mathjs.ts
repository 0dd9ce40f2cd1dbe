/**
 * The mathjs peer: the equations and backpropagation through time written the straightforward way,
 * one mathjs operation per symbol (what the Math notebook does by hand), on float64 dense matrices.
 */
import * as math from "mathjs";
import { Step, Workload } from "./workloads";

type M = math.Matrix;
const mul = (a: M, b: M) => math.multiply(a, b) as M;
const T = (a: M) => math.transpose(a) as M;
const add = (a: M, b: M) => math.add(a, b) as M;
const sub = (a: M, b: M) => math.subtract(a, b) as M;
const emul = (a: M, b: M) => math.dotMultiply(a, b) as M;
const scale = (a: M, s: number) => math.multiply(a, s) as M;
const sumSq = (a: M) => math.sum(math.dotPow(a, 2)) as number;

interface Net {
  Wx: M;
  Wh: M;
  bh: M;
  Wo: M;
  bo: M;
}
type Key = keyof Net;
const KEYS: Key[] = ["Wx", "Wh", "bh", "Wo", "bo"];

export function mathjsStep(w: Workload): Step {
  const p = Object.fromEntries(KEYS.map((key) => [key, math.matrix(w.params[key])])) as unknown as Net;
  const ones = math.ones(w.n, 1) as M; // spreads a 1×h bias over the n rows
  const X = w.X
    ? w.X.map((x) => math.matrix(x))
    : w.ids!.map((c) => math.matrix([Array.from({ length: w.d }, (_, j) => (j === c ? 1 : 0))]));
  const y = w.y ? math.matrix(w.y) : null;
  const steps = X.length;

  /** Forward, loss and BPTT; returns the loss and the gradients. */
  const lossAndGrads = (): { loss: number; g: Net } => {
    const H: M[] = [math.zeros(w.n, w.h) as M]; // H[t + 1] = h_t
    const Y: M[] = [];
    for (const x of X) {
      // h_t = tanh(1·b_h + x_t W_x + h_{t−1} W_h);  ŷ_t = 1·b_o + h_t W_o
      const z = add(add(mul(ones, p.bh), mul(x, p.Wx)), mul(H[H.length - 1], p.Wh));
      H.push(math.map(z, Math.tanh) as M);
      Y.push(add(mul(ones, p.bo), mul(H[H.length - 1], p.Wo)));
    }
    // dŷ_t for each step with a loss
    let loss = 0;
    const dY: (M | null)[] = Y.map(() => null);
    if (y) {
      const e = sub(Y[steps - 1], y); // MSE on the last step: L = mean(e²), dŷ = 2e/N
      loss = sumSq(e) / (w.n * w.k);
      dY[steps - 1] = scale(e, 2 / (w.n * w.k));
    } else {
      Y.forEach((logits, t) => {
        // softmax cross-entropy, mean over the T steps: dŷ_t = (softmax(ŷ_t) − onehot(c_t)) / T
        const row = (logits.toArray() as number[][])[0];
        const max = Math.max(...row);
        const e = math.matrix([row.map((v) => Math.exp(v - max))]);
        const s = math.sum(e) as number;
        loss += (Math.log(s) + max - row[w.next![t]]) / steps;
        const prob = scale(e, 1 / s);
        prob.set([0, w.next![t]], (prob.get([0, w.next![t]]) as number) - 1);
        dY[t] = scale(prob, 1 / steps);
      });
    }
    const g = Object.fromEntries(KEYS.map((key) => [key, math.zeros(math.size(p[key]) as unknown as number[]) as M])) as unknown as Net;
    let dhNext = math.zeros(w.n, w.h) as M;
    for (let t = steps - 1; t >= 0; t--) {
      let dh = dhNext;
      const dy = dY[t];
      if (dy) {
        g.Wo = add(g.Wo, mul(T(H[t + 1]), dy));
        g.bo = add(g.bo, mul(T(ones), dy));
        dh = add(dh, mul(dy, T(p.Wo)));
      }
      const dz = emul(dh, math.subtract(1, math.dotPow(H[t + 1], 2)) as M); // tanh' = 1 − h²
      g.Wx = add(g.Wx, mul(T(X[t]), dz));
      g.Wh = add(g.Wh, mul(T(H[t]), dz));
      g.bh = add(g.bh, mul(T(ones), dz));
      dhNext = mul(dz, T(p.Wh));
    }
    return { loss, g };
  };

  const G = Object.fromEntries(KEYS.map((key) => [key, math.zeros(math.size(p[key]) as unknown as number[]) as M])) as unknown as Net;
  const { lr, clipNorm } = w.optimizer;
  return () => {
    const { loss, g } = lossAndGrads();
    if (w.optimizer.name === "sgd") {
      for (const key of KEYS) p[key] = sub(p[key], scale(g[key], lr));
      return loss;
    }
    const norm = Math.sqrt(KEYS.reduce((s, key) => s + sumSq(g[key]), 0));
    const c = clipNorm! < norm ? clipNorm! / norm : 1;
    for (const key of KEYS) {
      const gk = scale(g[key], c);
      G[key] = add(G[key], math.dotPow(gk, 2) as M); // Adagrad: G ← G + g², θ ← θ − η g / (√G + ε)
      p[key] = sub(p[key], math.dotDivide(scale(gk, lr), math.add(math.map(G[key], Math.sqrt), 1e-8)) as M);
    }
    return loss;
  };
}
