/**
 * Tests of the fused recurrences (lib/kernels/products.wat's lstm_, gru_ and elman_forward and _backward, through
 * the cells' `fused` members): every number of a forward and a backward pass is the same,
 * to the bit, as the cell's TypeScript steps run one by one over the same kernels; they run exactly where those
 * steps' products and tanh would all run in WebAssembly, and the steps run everywhere else.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { backward, type Cell, forward, initParams, kernelInfo, Matrix, Random, setKernels } from "../lib";
import { elman } from "../lib/cells/elman";
import { gru } from "../lib/cells/gru";
import { lstm } from "../lib/cells/lstm";

/** A cell without its fused kernel: the engine steps through its forward and backward. */
const stepwise = (cell: Cell): Cell => ({ ...cell, fused: undefined });
const tanhElman = elman("tanh");

const random = (rows: number, cols: number, rng: Random, scale = 1) =>
  Matrix.from(Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.uniform(-1, 1))));

/** One forward and backward pass of `cell` on seeded data; every matrix it returns, flattened. */
function pass(cell: Cell, T: number, n: number, d: number, h: number, extras: boolean, seed = 1) {
  const rng = new Random(seed);
  const p = initParams({ cell, inputSize: d, hiddenSize: h, outputSize: 3 }, seed);
  const hasC = cell.state.includes("c");
  const xs = Array.from({ length: T }, () => random(n, d, rng, 2));
  const options = extras ? { h0: random(n, h, rng), c0: hasC ? random(n, h, rng, 3) : null } : {};
  const fwd = forward(p, xs, { cell, ...options });
  const dY = fwd.yHat.map((_, t) => (t % 3 === 2 || t === T - 1 ? random(n, 3, rng) : null));
  const back = backward(
    p,
    fwd,
    dY,
    extras ? { dhLast: random(n, h, rng), dcLast: hasC ? random(n, h, rng) : null, perStep: true, inputGrads: true } : {},
  );
  const named: [string, Matrix[]][] = [
    ["H", fwd.H],
    ["C", fwd.C],
    ["yHat", fwd.yHat],
    ["gates", [fwd.tape.A]],
    ["tanh c", [fwd.tape.K]],
    ["dH", back.dH],
    ["dh0", [back.dh0]],
    ["dc0", back.dc0 ? [back.dc0] : []],
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

describe("kernels: the fused recurrences", () => {
  afterEach(() => setKernels("auto"));

  const sizes: [Cell, string, number, number, number, number][] = [
    [lstm, "the bench's W3 (T = 25, n = 16, d = 8, h = 64)", 25, 16, 8, 64],
    [lstm, "one stream, as the character models (T = 12, n = 1, d = 20, h = 128)", 12, 1, 20, 128],
    [lstm, "an odd batch (T = 7, n = 5, d = 3, h = 12)", 7, 5, 3, 12],
    [lstm, "a single step (T = 1, n = 4, d = 2, h = 32)", 1, 4, 2, 32],
    [lstm, "an odd h, as notebook 6's character model (T = 25, n = 8, d = 30, h = 27)", 25, 8, 30, 27],
    [lstm, "h = 6: gate blocks and rows padded apart (T = 5, n = 9, d = 2, h = 6)", 5, 9, 2, 6],
    [gru, "the bench's W3 sizes (T = 25, n = 16, d = 8, h = 64)", 25, 16, 8, 64],
    [gru, "one stream (T = 12, n = 1, d = 20, h = 128)", 12, 1, 20, 128],
    [gru, "an odd h, as notebook 6's character model (T = 9, n = 8, d = 30, h = 33)", 9, 8, 30, 33],
    [gru, "a single step (T = 1, n = 3, d = 2, h = 32)", 1, 3, 2, 32],
    [tanhElman, "the bench's W1 (T = 4, n = 32, d = 2, h = 8)", 4, 32, 2, 8],
    [tanhElman, "one stream (T = 25, n = 1, d = 64, h = 128)", 25, 1, 64, 128],
    [tanhElman, "an odd h and batch (T = 9, n = 7, d = 3, h = 13)", 9, 7, 3, 13],
    [tanhElman, "h = 10, padded apart in every product (T = 6, n = 11, d = 2, h = 10)", 6, 11, 2, 10],
  ];
  for (const [cell, what, T, n, d, h] of sizes)
    for (const extras of [false, true])
      it(`${cell.name}: gives the steps' bits, forward and backward: ${what}${extras ? ", with h0, c0, dhLast, dcLast, per-step shares and dX" : ""}`, () => {
        if (!kernelInfo().simd) return assert.fail("this engine has no WebAssembly SIMD: " + kernelInfo().unavailable);
        assert.ok(cell.fused, "the cell has a fused kernel");
        let fused!: ReturnType<typeof pass>;
        // one fused call forward and one backward, besides the products outside the recurrence
        const withFused = calls(() => (fused = pass(cell, T, n, d, h, extras)));
        const withSteps = calls(() => assertSameBits(fused, pass(stepwise(cell), T, n, d, h, extras)));
        assert.ok(withSteps > withFused + T, `the steps made ${withSteps} WebAssembly calls, the fused pass ${withFused}`);
      });

  for (const [cell, h] of [
    [lstm, 3],
    [gru, 3],
    [tanhElman, 3],
  ] as const)
    it(`${cell.name}: gives the steps' bits under setKernels("simd"), where even ${h} units and 1 stream run fused`, () => {
      setKernels("simd");
      let fused!: ReturnType<typeof pass>;
      const withFused = calls(() => (fused = pass(cell, 6, 1, 2, h, true, 3)));
      const withSteps = calls(() => assertSameBits(fused, pass(stepwise(cell), 6, 1, 2, h, true, 3)));
      assert.ok(withSteps > withFused + 6, `the steps made ${withSteps} WebAssembly calls, the fused pass ${withFused}`);
    });

  /** Whether `cell`'s fused forward runs for T steps of n streams, d inputs and h units. */
  const runs = (cell: Cell, T: number, n: number, d: number, h: number) => {
    const p = initParams({ cell, inputSize: d, hiddenSize: h, outputSize: 1 }, 2);
    const xs = Array.from({ length: T }, () => Matrix.from(Array.from({ length: n }, () => Array<number>(d).fill(0.5))));
    return cell.fused!.forward(p, forward(p, xs, { cell: stepwise(cell) }).tape, T, n);
  };

  it("lstm: leaves sizes too small for WebAssembly under auto to the steps", () => {
    assert.equal(runs(lstm, 3, 64, 2, 3), false, "h = 3: dz_t W_hᵀ has fewer than 4 columns, so it runs in TypeScript");
    assert.equal(runs(lstm, 3, 2, 2, 8), false, "n·h = 16 < 32: the steps' tanh runs as Math.tanh");
    assert.equal(runs(lstm, 3, 5, 2, 7), false, "4·n·h² = 980 < 1024");
    assert.equal(runs(lstm, 3, 6, 2, 7), true, "h = 7, n·h = 42, 4·n·h² = 1176: every kernel in WebAssembly");
    assert.equal(runs(lstm, 3, 4, 2, 8), true, "n·h = 32, 4·n·h² = 1024: every kernel in WebAssembly");
    setKernels("typescript");
    assert.equal(runs(lstm, 3, 4, 2, 8), false, 'under setKernels("typescript")');
  });

  it("gru: leaves h < 32 to the steps under auto (their tanh runs row by row, h entries at a time, as Math.tanh)", () => {
    assert.equal(runs(gru, 3, 64, 2, 31), false, "h = 31");
    assert.equal(runs(gru, 3, 1, 2, 32), true, "h = 32, one stream");
    setKernels("typescript");
    assert.equal(runs(gru, 3, 1, 2, 32), false, 'under setKernels("typescript")');
  });

  it("elman: fuses tanh only, and leaves sizes too small for WebAssembly under auto to the steps", () => {
    assert.equal(elman("relu").fused, undefined, "relu");
    assert.equal(elman("sigmoid").fused, undefined, "sigmoid");
    assert.equal(runs(tanhElman, 3, 64, 2, 4), false, "h = 4: dz_t W_hᵀ sums fewer than 8 terms, so it runs in TypeScript");
    assert.equal(runs(tanhElman, 3, 15, 2, 8), false, "n·h² = 960 < 1024");
    assert.equal(runs(tanhElman, 3, 16, 2, 8), true, "n·h² = 1024");
    setKernels("typescript");
    assert.equal(runs(tanhElman, 3, 16, 2, 8), false, 'under setKernels("typescript")');
  });
});
