/**
 * The TensorFlow.js peer: the same equations on its pure-JavaScript CPU backend (float32, which is
 * all that backend offers), gradients by tf.variableGrads, the optimisers from tf.train.
 */
import * as tf from "@tensorflow/tfjs";
import { Step, Workload } from "./workloads";

export async function tfjsReady(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

export function tfjsStep(w: Workload): Step {
  const v = {
    Wx: tf.variable(tf.tensor2d(w.params.Wx)),
    Wh: tf.variable(tf.tensor2d(w.params.Wh)),
    bh: tf.variable(tf.tensor2d(w.params.bh)),
    Wo: tf.variable(tf.tensor2d(w.params.Wo)),
    bo: tf.variable(tf.tensor2d(w.params.bo)),
  };
  if (w.X && w.y) {
    const X = w.X.map((x) => tf.tensor2d(x)),
      y = tf.tensor2d(w.y);
    const opt = tf.train.sgd(w.optimizer.lr);
    // h_t = tanh(b_h + x_t W_x + h_{t−1} W_h);  ŷ = b_o + h_{T−1} W_o;  L = mean((ŷ − y)²)
    const loss = () => {
      let h: tf.Tensor2D = tf.zeros([w.n, w.h]);
      for (const x of X) h = tf.tanh(tf.add(tf.add(tf.matMul(x, v.Wx), tf.matMul(h, v.Wh)), v.bh)) as tf.Tensor2D;
      return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(h, v.Wo), v.bo), y))) as tf.Scalar;
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
    let h: tf.Tensor2D = tf.zeros([1, w.h]);
    const logits: tf.Tensor2D[] = [];
    for (const id of ids) {
      h = tf.tanh(tf.add(tf.add(tf.gather(v.Wx, id), tf.matMul(h, v.Wh)), v.bh)) as tf.Tensor2D;
      logits.push(tf.add(tf.matMul(h, v.Wo), v.bo));
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
