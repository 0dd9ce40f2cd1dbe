/**
 * The library's own training steps for the benchmark workloads, written as a notebook would write
 * them: public API only, the cell chosen with `{ cell }`. The same steps run another build of the library
 * (`--baseline DIR`: its dist/ folder, required as a notebook requires the package) for a side-by-side comparison.
 */
import { own } from "./own";
import { Step, Workload } from "./workloads";

/** What the steps use of the library: its build here (bench/own.ts), or another build's dist/. */
export type Library = Pick<typeof own, "clipByGlobalNorm" | "manyToMany" | "manyToOneMSE" | "Matrix" | "optimizer">;

export function libraryStep(w: Workload, lib: Library = own): Step {
  const { clipByGlobalNorm, manyToMany, manyToOneMSE, Matrix, optimizer } = lib;
  const p = {
    Wx: Matrix.from(w.params.Wx),
    Wh: Matrix.from(w.params.Wh),
    bh: Matrix.from(w.params.bh),
    Wo: Matrix.from(w.params.Wo),
    bo: Matrix.from(w.params.bo),
  };
  const { cell } = w;
  const opt = optimizer(w.optimizer.name, { lr: w.optimizer.lr });
  if (w.X && w.y) {
    const X = w.X.map((x) => Matrix.from(x)),
      y = Matrix.from(w.y);
    return () => {
      const { loss, grads } = manyToOneMSE(p, X, y, { cell });
      opt.step(p, grads);
      return loss;
    };
  }
  const xs = w.ids!.map((c) => {
    const x = new Matrix(1, w.d); // one-hot row
    x.data[c] = 1;
    return x;
  });
  const targets = w.next!.map((c) => [c]);
  return () => {
    const { loss, grads } = manyToMany(p, xs, targets, { loss: "crossEntropy", cell });
    clipByGlobalNorm(grads, w.optimizer.clipNorm!);
    opt.step(p, grads);
    return loss;
  };
}
