/**
 * The TensorFlow.js peer: the same equations on its pure-JavaScript CPU backend (float32, which is
 * all that backend offers), gradients by tf.variableGrads, the optimisers from tf.train. The LSTM is
 * written from its equations with tf ops, in the library's gate order [i | f | g | o].
 */
import * as tf from "@tensorflow/tfjs";
import { Step, Workload } from "./workloads";

export async function tfjsReady(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

type Vars = Record<"Wx" | "Wh" | "bh" | "Wo" | "bo", tf.Variable>;
interface State {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

/** One step of the workload's cell from a_t = x_t W_x: the new h (and c). */
function cellStep(w: Workload, v: Vars, a: tf.Tensor2D, s: State): State {
  const z = tf.add(tf.add(a, tf.matMul(s.h, v.Wh)), v.bh) as tf.Tensor2D;
  // Elman: h_t = tanh(b_h + x_t W_x + h_{t−1} W_h)
  if (w.cell === "elman") return { h: tf.tanh(z), c: s.c };
  // LSTM: i, f, o = σ(·), g = tanh(·);  c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
  const [zi, zf, zg, zo] = tf.split(z, 4, 1);
  const c = tf.add(tf.mul(tf.sigmoid(zf), s.c), tf.mul(tf.sigmoid(zi), tf.tanh(zg))) as tf.Tensor2D;
  return { h: tf.mul(tf.sigmoid(zo), tf.tanh(c)) as tf.Tensor2D, c };
}

export function tfjsStep(w: Workload): Step {
  const v: Vars = {
    Wx: tf.variable(tf.tensor2d(w.params.Wx)),
    Wh: tf.variable(tf.tensor2d(w.params.Wh)),
    bh: tf.variable(tf.tensor2d(w.params.bh)),
    Wo: tf.variable(tf.tensor2d(w.params.Wo)),
    bo: tf.variable(tf.tensor2d(w.params.bo)),
  };
  const zeros = (): State => ({ h: tf.zeros([w.n, w.h]), c: tf.zeros([w.n, w.h]) });
  if (w.X && w.y) {
    const X = w.X.map((x) => tf.tensor2d(x)),
      y = tf.tensor2d(w.y);
    const opt = tf.train.sgd(w.optimizer.lr);
    // ŷ = b_o + h_{T−1} W_o;  L = mean((ŷ − y)²)
    const loss = () => {
      let s = zeros();
      for (const x of X) s = cellStep(w, v, tf.matMul(x, v.Wx), s);
      return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(s.h, v.Wo), v.bo), y))) as tf.Scalar;
    };
    return () => {
      const cost = opt.minimize(loss, true)!;
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    };
  }
  const ids = w.ids!.map((c) => tf.tensor1d([c], "int32"));
  const labels = tf.oneHot(tf.tensor1d(w.next!, "int32"), w.k);
  const opt = tf.train.adagrad(w.optimizer.lr, 1e-8);
  // x_t W_x for a one-hot x_t is row c_t of W_x: tf.gather, the idiomatic (sparse) form
  const loss = () => {
    let s = zeros();
    const logits: tf.Tensor2D[] = [];
    for (const id of ids) {
      s = cellStep(w, v, tf.gather(v.Wx, id) as tf.Tensor2D, s);
      logits.push(tf.add(tf.matMul(s.h, v.Wo), v.bo));
    }
    return tf.losses.softmaxCrossEntropy(labels, tf.concat(logits, 0)) as tf.Scalar; // mean over the T steps
  };
  return () => {
    let value = 0;
    tf.tidy(() => {
      const { value: l, grads } = tf.variableGrads(loss);
      value = l.dataSync()[0];
      // clip by global norm: g ← g · min(1, c / ‖g‖)
      const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0], 0));
      const scale = Math.min(1, w.optimizer.clipNorm! / norm);
      opt.applyGradients(Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, scale) })));
    });
    return value;
  };
}
