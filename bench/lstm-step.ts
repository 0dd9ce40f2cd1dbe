/**
 * One LSTM training step of the library against torch.nn.LSTM (1 thread, float64), in the same run:
 * T = 25, n = 16, d = 8, h = 64, k = 1, MSE on the last output, SGD. Rounds alternate between the two
 * and each keeps its best, so load from other processes touches both alike.
 * `npx tsx bench/lstm-step.ts [--rounds 5] [--seconds 1]` (seconds per round and peer).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Matrix, mse, optimizer, Random } from "../lib";
import { cellBackward, cellForward, initCellParams, lstm } from "../lib/cells";
import { timeSteps } from "./workloads";

const arg = (flag: string, fallback: number) =>
  process.argv.includes(flag) ? Number(process.argv[process.argv.indexOf(flag) + 1]) : fallback;
const rounds = arg("--rounds", 5),
  seconds = arg("--seconds", 1);
const T = 25,
  n = 16,
  d = 8,
  h = 64,
  k = 1,
  lr = 0.01;

const rng = new Random(3);
const params = initCellParams(lstm, { inputSize: d, hiddenSize: h, outputSize: k }, 33);
const X = Array.from({ length: T }, () => Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal())));
const y = Array.from({ length: n }, (_, i) => [Math.tanh(X.reduce((s, x) => s + x[i][0] - 0.5 * x[i][1], 0))]);

/** The library's step on its own copy of the parameters. */
function libraryStep(): () => number {
  const p = Object.fromEntries(Object.entries(params).map(([key, m]) => [key, (m as Matrix).clone()])) as unknown as typeof params;
  const xs = X.map((x) => Matrix.from(x)),
    target = Matrix.from(y),
    opt = optimizer("sgd", { lr });
  const none = new Array<Matrix | null>(T - 1).fill(null);
  return () => {
    const fwd = cellForward(lstm, p, xs);
    const { loss, grad } = mse(fwd.yHat[T - 1], target);
    opt.step(p, cellBackward(p, fwd, [...none, grad]).grads);
    return loss;
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lstm-step-"));
  const spec = join(dir, "w.json");
  const asArrays = Object.fromEntries(Object.entries(params).map(([key, m]) => [key, (m as Matrix).toArray()]));
  writeFileSync(spec, JSON.stringify({ params: asArrays, X, y, lr }));
  const child = spawn("/usr/bin/python3", [join(__dirname, "torch_lstm_step.py"), spec], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async <R>(cmd: unknown): Promise<R> => {
    if (cmd !== undefined) child.stdin.write(JSON.stringify(cmd) + "\n");
    const next = await lines.next();
    if (next.done) throw new Error("the PyTorch process ended early");
    return JSON.parse(next.value) as R;
  };
  try {
    const { version } = await ask<{ version: string }>(undefined);
    const step = libraryStep();
    const ours = step(),
      theirs = await ask<number>("first");
    console.log(`first loss: library ${ours}, PyTorch ${version} ${theirs} (relative difference ${Math.abs(ours - theirs) / theirs})`);
    timeSteps(step, 0.5); // warm-up
    await ask(0.5); // and PyTorch's
    let bestOurs = 0,
      bestTheirs = 0;
    for (let r = 0; r < rounds; r++) {
      const a = timeSteps(step, seconds);
      const b = await ask<{ steps: number; seconds: number }>(seconds);
      bestOurs = Math.max(bestOurs, a.steps / a.seconds);
      bestTheirs = Math.max(bestTheirs, b.steps / b.seconds);
      console.log(
        `round ${r + 1}: library ${(a.steps / a.seconds).toFixed(1)} steps/s, PyTorch ${(b.steps / b.seconds).toFixed(1)} steps/s`,
      );
    }
    console.log(
      `LSTM step (T=${T}, n=${n}, d=${d}, h=${h}, k=${k}, MSE, SGD), best of ${rounds}: library ${bestOurs.toFixed(1)} steps/s, ` +
        `PyTorch nn.LSTM 1 thread f64 ${bestTheirs.toFixed(1)} steps/s, ratio ${(bestOurs / bestTheirs).toFixed(2)}×`,
    );
  } finally {
    child.stdin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
