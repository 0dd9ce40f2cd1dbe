/**
 * Tests of the LSTM's fused recurrence (lib/kernels/products.wat's lstm_forward and lstm_backward, through
 * lib/cells/lstm.ts's `fused`): every number of a forward and a backward pass is the same, to the bit, as the
 * cell's TypeScript steps run one by one over the same kernels; it runs exactly where those steps' products
 * and tanh would all run in WebAssembly, and the steps run everywhere else.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { backward, type Cell, forward, initParams, kernelInfo, Matrix, Random, setKernels } from "../lib";
import { lstm } from "../lib/cells/lstm";

/** The LSTM without its fused kernel: the engine steps through lstm.forward and lstm.backward. */
const stepwise: Cell = { ...lstm, fused: undefined };

const random = (rows: number, cols: number, rng: Random, scale = 1) =>
  Matrix.from(Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.uniform(-1, 1))));

/** One forward and backward pass of `cell` on seeded data; every matrix it returns, flattened. */
function pass(cell: Cell, T: number, n: number, d: number, h: number, extras: boolean, seed = 1) {
  const rng = new Random(seed);
  const p = initParams({ cell: lstm, inputSize: d, hiddenSize: h, outputSize: 3 }, seed);
  const xs = Array.from({ length: T }, () => random(n, d, rng, 2));
  const options = extras ? { h0: random(n, h, rng), c0: random(n, h, rng, 3) } : {};
  const fwd = forward(p, xs, { cell, ...options });
  const dY = fwd.yHat.map((_, t) => (t % 3 === 2 || t === T - 1 ? random(n, 3, rng) : null));
  const back = backward(
    p,
    fwd,
    dY,
    extras ? { dhLast: random(n, h, rng), dcLast: random(n, h, rng), perStep: true, inputGrads: true } : {},
  );
  const named: [string, Matrix[]][] = [
    ["H", fwd.H],
    ["C", fwd.C],
    ["yHat", fwd.yHat],
    ["gates", [fwd.tape.A]],
    ["tanh c", [fwd.tape.K]],
    ["dH", back.dH],
    ["dh0", [back.dh0]],
    ["dc0", [back.dc0!]],
    ...Object.entries(back.grads).map(([k, g]) => [`d${k}`, [g]] as [string, Matrix[]]),
    ...(back.steps ?? []).map((s, t) => [`step ${t}`, [s.Wx, s.Wh, s.bh]] as [string, Matrix[]]),
    ["dX", back.dX ?? []],
  ];
  return named.map(([name, ms]) => [name, Float64Array.from(ms.flatMap((m) => Array.from(m.data)))] as const);
}

/** Asserts two passes' numbers are the same bits, naming the first that is not. */
function assertSameBits(a: ReturnType<typeof pass>, b: ReturnType<typeof pass>) {
  assert.equal(a.length, b.length);
  a.forEach(([name, x], i) => {
    const y = b[i][1];
    assert.equal(x.length, y.length, `${name}: lengths`);
    for (let j = 0; j < x.length; j++) assert.ok(Object.is(x[j], y[j]), `${name}[${j}]: fused ${x[j]} vs stepwise ${y[j]}`);
  });
}

/** How many fused or kernel calls `run` made in WebAssembly (kernelInfo's count). */
function calls(run: () => void): number {
  const before = kernelInfo().simdCalls;
  run();
  return kernelInfo().simdCalls - before;
}

describe("kernels: the LSTM's fused recurrence", () => {
  afterEach(() => setKernels("auto"));

  const sizes: [string, number, number, number, number][] = [
    ["the bench's W3 (T = 25, n = 16, d = 8, h = 64)", 25, 16, 8, 64],
    ["one stream, as the character models (T = 12, n = 1, d = 20, h = 128)", 12, 1, 20, 128],
    ["an odd batch (T = 7, n = 5, d = 3, h = 12)", 7, 5, 3, 12],
    ["a single step (T = 1, n = 4, d = 2, h = 32)", 1, 4, 2, 32],
  ];
  for (const [what, T, n, d, h] of sizes)
    for (const extras of [false, true])
      it(`gives the steps' bits, forward and backward: ${what}${extras ? ", with h0, c0, dhLast, dcLast, per-step shares and dX" : ""}`, () => {
        if (!kernelInfo().simd) return assert.fail("this engine has no WebAssembly SIMD: " + kernelInfo().unavailable);
        assert.ok(lstm.fused, "the LSTM has a fused kernel");
        let fused!: ReturnType<typeof pass>;
        // one fused call forward and one backward, besides the products outside the recurrence
        const withFused = calls(() => (fused = pass(lstm, T, n, d, h, extras)));
        const withSteps = calls(() => assertSameBits(fused, pass(stepwise, T, n, d, h, extras)));
        assert.ok(withSteps > withFused + T, `the steps made ${withSteps} WebAssembly calls, the fused pass ${withFused}`);
      });

  it('gives the steps\' bits under setKernels("simd"), where even a 4-unit, 1-stream LSTM runs fused', () => {
    setKernels("simd");
    let fused!: ReturnType<typeof pass>;
    const withFused = calls(() => (fused = pass(lstm, 6, 1, 2, 4, true, 3)));
    const withSteps = calls(() => assertSameBits(fused, pass(stepwise, 6, 1, 2, 4, true, 3)));
    assert.ok(withSteps > withFused + 6, `the steps made ${withSteps} WebAssembly calls, the fused pass ${withFused}`);
  });

  it("leaves sizes it does not take to the steps: h not a multiple of 4, or too small for WebAssembly under auto", () => {
    const fwd = (T: number, n: number, d: number, h: number) => {
      const p = initParams({ cell: lstm, inputSize: d, hiddenSize: h, outputSize: 1 }, 2);
      const xs = Array.from({ length: T }, () => Matrix.from(Array.from({ length: n }, () => Array<number>(d).fill(0.5))));
      return lstm.fused!.forward(p, forward(p, xs, { cell: stepwise }).tape, T, n);
    };
    assert.equal(fwd(3, 4, 2, 10), false, "h = 10");
    assert.equal(fwd(3, 2, 2, 8), false, "n·h = 16 < 32: the steps' tanh runs as Math.tanh");
    assert.equal(fwd(3, 4, 2, 8), true, "n·h = 32, 4·n·h² = 1024: every kernel in WebAssembly");
    setKernels("typescript");
    assert.equal(fwd(3, 4, 2, 8), false, 'under setKernels("typescript")');
  });
});
