/**
 * Property-based tests (fast-check, seeded) over the public API: random shapes and sizes, and random
 * bad values (NaN, ±∞, strings, holes, null, undefined, negative and fractional sizes, ragged rows) in
 * every argument. Property: either an RNNError whose message names the faulty argument, or a finite
 * result that agrees with a plain reference computation written here. Set FC_SEED to replay a failure.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  animatedChart,
  backward,
  BigramModel,
  CarriedState,
  cellOf,
  CELLS,
  CellName,
  CharLM,
  clipByGlobalNorm,
  clipByValue,
  encoderDecoder,
  fitLeastSquares,
  forward,
  gradCheck,
  heatmap,
  iceCreamDataset,
  iceCreamSeries,
  iceCreamWindows,
  initParams,
  laggedFeatures,
  lineChart,
  liveTraining,
  loadMemorias,
  loadSP500Daily,
  loadUnemploymentPanel,
  lstmDiagram,
  manyToMany,
  manyToOne,
  manyToOneMSE,
  Matrix,
  matMul,
  matMulTransA,
  matMulTransB,
  meanSquaredError,
  memoryShares,
  mse,
  oneHotWindow,
  oneToMany,
  optimizer,
  predictLinear,
  Random,
  RNNError,
  rnnDiagram,
  rolledUnrolledDiagram,
  scaleOf,
  setKernels,
  softmaxCrossEntropy,
  stepsOf,
  toParams,
  train,
  trainCharLM,
  ValueError,
  Vocabulary,
  windows,
} from "../lib";
import { asMatrix } from "../lib/matrix";
import {
  atMostOneFault,
  bad,
  brokenMatrix,
  cleanMatrix,
  FaultyArg,
  maybeBrokenMatrix,
  numberArg,
  numbers,
  refForward,
  sizeArg,
} from "./helpers/property";
import { assertClose } from "./helpers/close";

const SEED = Number(process.env.FC_SEED ?? 20240611);
let cases = 0;

/** Runs `runs` seeded cases of `prop`. */
function property<T>(arb: fc.Arbitrary<T>, runs: number, prop: (v: T) => void): void {
  fc.assert(
    fc.property(arb, (v) => {
      cases++;
      prop(v);
    }),
    { seed: SEED, numRuns: runs },
  );
}

/**
 * The property itself: with no fault `run` must return and `verify` must accept the result; with a
 * fault it must throw an RNNError whose message contains `fault` (the argument's name).
 */
function outcome<R>(fault: string | null, run: () => R, verify: (r: R) => void): void {
  let r: R;
  try {
    r = run();
  } catch (e) {
    if (!(e instanceof RNNError)) throw new Error(`expected an RNNError${fault ? ` naming ${fault}` : ""}, got ${String(e)}`, { cause: e });
    if (fault === null) throw new Error(`valid input refused: ${e.message}`, { cause: e });
    if (!e.message.includes(fault)) throw new Error(`the message does not name ${fault}: ${e.message}`, { cause: e });
    return;
  }
  if (fault !== null) throw new Error(`bad ${fault} accepted`);
  verify(r);
}

/** Results against their references to 1e-9, relative above 1. */
const tol = { abs: 1e-9, rel: 1e-9 };
/** The fault of the one broken argument, if any. */
const faultOf = (args: FaultyArg[]) => args.find((a) => a.fault !== null)?.fault ?? null;
const values = (args: FaultyArg[]) => args.map((a) => a.value);

const dims = fc.record({
  T: fc.integer({ min: 1, max: 4 }),
  n: fc.integer({ min: 1, max: 3 }),
  d: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 1, max: 3 }),
});

/** Wx, Wh, bh, Wo, bo, then x_0 … x_{T−1}, then y: at most one of them broken. */
const problem = dims.chain(({ T, n, d, h, k }) => {
  const m = (name: string, r: number, c: number, shape: "rows" | "cols" | "both" | false = "both", whole?: unknown[]) => ({
    clean: cleanMatrix(r, c),
    broken: brokenMatrix(name, r, c, { shape, whole }),
  });
  return atMostOneFault([
    m("params.Wx", d, h, false),
    m("params.Wh", h, h),
    m("params.bh", 1, h),
    m("params.Wo", h, k, "rows"),
    m("params.bo", 1, k),
    ...Array.from({ length: T }, (_, t) => m(`X[${t}]`, n, d, t === 0 ? "cols" : "both")),
    m(`targets[${T - 1}]`, n, k, "both", [undefined, "y", 5, []]), // a null target means "no loss at this step"
  ]).map((args) => ({ T, n, d, h, k, args }));
});
const paramsOf = (args: FaultyArg[]) => {
  const [Wx, Wh, bh, Wo, bo] = values(args);
  return { Wx, Wh, bh, Wo, bo } as never;
};

describe("properties of the public API (fast-check)", () => {
  it("Matrix.from and asMatrix copy a clean array exactly and name any fault", () => {
    const arb = fc
      .record({ r: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 1, max: 5 }) })
      .chain(({ r, c }) => maybeBrokenMatrix("W", r, c, { shape: false }));
    property(arb, 2000, (m) => {
      outcome(
        m.fault,
        () => Matrix.from(m.value as number[][], "W"),
        (M) => assert.deepEqual(M.toArray(), m.value),
      );
      outcome(
        m.fault,
        () => asMatrix(m.value as number[][], "W"),
        (M) => assert.deepEqual(M.toArray(), m.value),
      );
    });
  });

  it("matMul, matMulTransA and matMulTransB agree with a triple loop or name the kernel whose operands do not fit", () => {
    const size = fc.integer({ min: 1, max: 6 });
    const arb = fc.tuple(size, size, size, fc.oneof(size, fc.constant(-1)), fc.boolean(), fc.integer({ min: 0, max: 2 }));
    property(arb, 1000, ([m, p, q, p2In, accumulate, kernel]) => {
      const p2 = p2In < 0 ? p : p2In; // mostly matching inner sizes
      const rng = new Random(m * 1000 + p * 100 + q * 10 + p2);
      const rand = (r: number, c: number) =>
        new Matrix(
          r,
          c,
          Float64Array.from({ length: r * c }, () => rng.normal()),
        );
      const A = rand(m, p),
        B = rand(p2, q),
        out = rand(m, q);
      const start = out.data.slice();
      const run = () =>
        kernel === 0
          ? matMul(A, B, out, accumulate)
          : kernel === 1
            ? matMulTransA(transpose(A), B, out, accumulate)
            : matMulTransB(A, transpose(B), out, accumulate);
      outcome(p === p2 ? null : ["matMul", "matMulTransA", "matMulTransB"][kernel], run, (o) => {
        for (let i = 0; i < m; i++)
          for (let j = 0; j < q; j++) {
            let ref = accumulate ? start[i * q + j] : 0;
            for (let kk = 0; kk < p; kk++) ref += A.get(i, kk) * B.get(kk, j);
            assertClose(o.get(i, j), ref, { abs: 1e-12, rel: 1e-12 });
          }
      });
    });
  });

  it("initParams draws finite weights within Glorot's limit or names the bad size or seed", () => {
    const args = atMostOneFault([
      sizeArg("inputSize", 1, 4, { huge: [1e8] }),
      sizeArg("hiddenSize", 1, 6, { huge: [1e5, 16384] }),
      sizeArg("outputSize"),
      numberArg("seed", fc.integer({ min: 0, max: 1e6 }), [0.5, NaN, "1", null, Infinity]),
    ]);
    property(args, 1000, (a) => {
      const [d, h, k, seed] = values(a) as number[];
      outcome(
        faultOf(a),
        () => initParams({ inputSize: d, hiddenSize: h, outputSize: k }, seed),
        (p) => {
          assert.equal(p.Wh.shape, `${h}×${h}`);
          assert.equal(p.Wo.shape, `${h}×${k}`);
          const limit = Math.sqrt(6 / (d + h));
          assert.ok(Array.from(p.Wx.data).every((v) => Math.abs(v) <= limit));
        },
      );
    });
  });

  it("manyToOneMSE and manyToMany agree with a plain forward pass or name the faulty argument", () => {
    property(problem, 2500, ({ T, args }) => {
      const params = paramsOf(args);
      const X = values(args.slice(5, 5 + T)) as number[][][];
      const y = args[5 + T].value as number[][];
      outcome(
        faultOf(args)?.replace(/^targets\[\d+\]/, "y") ?? null,
        () => manyToOneMSE(params, X, y),
        (r) => {
          const yHat = refForward(params, X).yHat[T - 1].flat();
          const loss = yHat.reduce((s, v, i) => s + (v - y.flat()[i]) ** 2, 0) / yHat.length;
          assertClose(r.loss, loss, tol, "loss");
          assertClose(r.yHat.data, yHat, tol);
        },
      );
      const targets = [...Array<null>(T - 1).fill(null), y];
      outcome(
        faultOf(args),
        () => manyToMany(params, X, targets).H,
        (H) => assertClose(H[T - 1].data, refForward(params, X).H[T - 1].flat(), tol),
      );
    });
  });

  it("with a cell option, manyToOneMSE agrees with a plain LSTM or GRU forward pass or names the faulty argument, the cell's name included", () => {
    const cellProblem = fc.tuple(dims, fc.constantFrom<CellName>(...CELLS)).chain(([{ T, n, d, h, k }, cell]) => {
      const G = cellOf(cell).blocks.length;
      const m = (name: string, r: number, c: number, shape: "rows" | "cols" | "both" | false = "both", whole?: unknown[]) => ({
        clean: cleanMatrix(r, c),
        broken: brokenMatrix(name, r, c, { shape, whole }),
      });
      return atMostOneFault([
        {
          clean: fc.constant<FaultyArg>({ value: cell, fault: null }),
          broken: numberArg("cell", fc.constant(cell), ["rnn", "LSTM", "", 5]).broken,
        },
        m("params.Wx", d, G * h, false),
        m("params.Wh", h, G * h),
        m("params.bh", 1, G * h),
        m("params.Wo", h, k, "rows"),
        m("params.bo", 1, k),
        m("params.bx", 1, cell === "gru" ? G * h : 1),
        ...Array.from({ length: T }, (_, t) => m(`X[${t}]`, n, d, t === 0 ? "cols" : "both")),
        m(`targets[${T - 1}]`, n, k, "both", [undefined, "y", 5, []]),
      ]).map((args) => ({ T, cell, args }));
    });
    property(cellProblem, 1500, ({ T, cell, args }) => {
      const [name, Wx, Wh, bh, Wo, bo, bx] = values(args);
      // only the GRU has bx: for the others a clean bx is left out, and a broken one is not a fault of theirs
      if (cell !== "gru" && args[6].fault !== null) return;
      const params = (cell === "gru" ? { Wx, Wh, bx, bh, Wo, bo } : { Wx, Wh, bh, Wo, bo }) as never;
      const X = values(args.slice(7, 7 + T)) as number[][][];
      const y = args[7 + T].value as number[][];
      outcome(
        faultOf(args)?.replace(/^targets\[\d+\]/, "y") ?? null,
        () => manyToOneMSE(params, X, y, { cell: name as CellName }),
        (r) => {
          const yHat = refForward(params, X, cell).yHat[T - 1].flat();
          const loss = yHat.reduce((s, v, i) => s + (v - y.flat()[i]) ** 2, 0) / yHat.length;
          assertClose(r.loss, loss, tol, `${cell}: loss`);
          assertClose(r.yHat.data, yHat, tol);
          assert.deepEqual(Object.keys(r.grads), Object.keys(params));
        },
      );
    });
  });

  it("initParams with a cell draws G blocks of h columns within Glorot's limit per block, or names the bad cell or size", () => {
    const args = atMostOneFault([
      numberArg("cell", fc.constantFrom<CellName>(...CELLS), ["rnn", "Elman", 3, {}]),
      sizeArg("inputSize", 1, 4),
      sizeArg("hiddenSize", 1, 6, { huge: [5000] }),
      sizeArg("outputSize"),
    ]);
    property(args, 800, (a) => {
      const [cell, d, h, k] = values(a) as [CellName, number, number, number];
      outcome(
        faultOf(a),
        () => initParams({ cell, inputSize: d, hiddenSize: h, outputSize: k }, 5),
        (p) => {
          const G = cellOf(cell).blocks.length;
          assert.equal(p.Wx.shape, `${d}×${G * h}`);
          assert.equal(p.Wh.shape, `${h}×${G * h}`);
          assert.equal(p.bx !== undefined, cell === "gru");
          const limit = Math.sqrt(6 / (d + h)); // each block is a d×h layer
          assert.ok(Array.from(p.Wx.data).every((v) => Math.abs(v) <= limit));
          assert.ok(Array.from(p.bh.data).every((v, j) => v === (cell === "lstm" && j >= h && j < 2 * h ? 1 : 0)));
        },
      );
    });
  });

  it("oneToMany and encoderDecoder name the faulty parameter or input and otherwise return a finite loss", () => {
    property(problem, 500, ({ T, k, args }) => {
      const params = paramsOf(args);
      const x0 = args[5];
      const outs = Array.from({ length: T }, () => null as null | number[][]);
      outs[T - 1] = args[5 + T].fault === null ? (args[5 + T].value as number[][]) : null;
      if (outs[T - 1] === null) outs[0] = Array.from({ length: (x0.value as unknown[])?.length || 1 }, () => new Array<number>(k).fill(0));
      const fault = faultOf(args.slice(0, 6));
      outcome(
        fault?.replace("X[0]", "x") ?? null,
        () => oneToMany(params, x0.value as number[][], outs),
        (r) => assert.ok(Number.isFinite(r.loss)),
      );
      const h = (args[1].value as unknown[] | null)?.length || 1;
      const decoder = initParams({ inputSize: 1, hiddenSize: h, outputSize: 1 }, 0);
      const X = values(args.slice(5, 5 + T)) as number[][][];
      const n = (X[0] as unknown[] | null)?.length || 1;
      const zeros = [Array.from({ length: n }, () => [0])];
      outcome(
        faultOf(args.slice(0, 5 + T)),
        () => encoderDecoder({ encoder: params, decoder }, X, [zeros[0]], zeros),
        (r) => assert.ok(Number.isFinite(r.loss)),
      );
    });
  });

  it("train returns a finite history of at most `epochs` entries or names the bad option", () => {
    const args = atMostOneFault([
      sizeArg("epochs", 1, 3, { optional: true }),
      numberArg("validationSplit", fc.double({ min: 0, max: 0.5, noNaN: true }), [1, -0.1, NaN, "0.2"]),
      sizeArg("batchSize", 1, 8, { optional: true }),
      numberArg("clipNorm", fc.double({ min: 0.1, max: 10, noNaN: true }), [0, -1, NaN, Infinity, "5"]),
      sizeArg("earlyStopping.patience", 1, 3, { optional: true }),
      numberArg("earlyStopping.minDelta", fc.double({ min: 0, max: 0.1, noNaN: true }), [NaN, Infinity, -1, "0"]),
      numberArg("lr", fc.double({ min: 1e-4, max: 0.1, noNaN: true }), [0, -1, NaN, Infinity, "0.1"]),
    ]);
    const X = [
      [[1], [0.5], [-1], [0.2]],
      [[0.3], [-0.4], [0.9], [0]],
    ];
    const Y = [[0.5], [-0.2], [0.1], [0.3]];
    property(args, 500, (a) => {
      const [epochs, validationSplit, batchSize, clipNorm, patience, minDelta, lr] = values(a) as number[];
      const params = initParams({ inputSize: 1, hiddenSize: 3, outputSize: 1 }, 1);
      const run = () =>
        train({
          params,
          size: 4,
          epochs,
          batchSize,
          validationSplit,
          clipNorm,
          earlyStopping: { patience, minDelta },
          optimizer: "sgd",
          optimizerOptions: { lr },
          objective: (p, idx) =>
            manyToOneMSE(
              p,
              X.map((step) => idx.map((i) => step[i])),
              idx.map((i) => Y[i]),
            ),
        });
      outcome(faultOf(a), run, (h) =>
        assert.ok(h.trainLoss.length >= 1 && h.trainLoss.length <= epochs && h.trainLoss.every(Number.isFinite)),
      );
    });
  });

  it("optimizer: one SGD step is θ − ηg and one Adam step is θ − η·g/(|g| + ε); a bad name or rate is named", () => {
    const args = atMostOneFault([
      numberArg("lr", fc.double({ min: 1e-3, max: 1, noNaN: true }), [0, -0.5, NaN, "0.1"]),
      {
        clean: fc.constantFrom("sgd", "adam").map((v): FaultyArg => ({ value: v, fault: null })),
        broken: fc.constantFrom<FaultyArg>({ value: "sgdx", fault: '"sgdx"' }, { value: 3, fault: "optimizer 3" }),
      },
    ]);
    property(fc.tuple(numbers(4), numbers(4), args), 1000, ([theta, g, a]) => {
      const [lr, name] = values(a) as [number, "sgd" | "adam"];
      const p = { w: Matrix.row(theta) };
      outcome(
        faultOf(a),
        () => optimizer(name, { lr }).step(p, { w: Matrix.row(g) }),
        () => {
          const expected = theta.map((t, i) => (name === "sgd" ? t - lr * g[i] : t - (lr * g[i]) / (Math.abs(g[i]) + 1e-8)));
          assertClose(p.w.data, expected, { abs: 1e-7, rel: 1e-7 });
        },
      );
    });
  });

  it("gradCheck agrees with central differences on manyToOneMSE or names the bad option", () => {
    const args = atMostOneFault([
      numberArg("eps", fc.constantFrom(1e-5, 1e-6), [0, -1e-5, NaN, "1e-5"]),
      sizeArg("maxEntries", 1, 5, { optional: true }),
    ]);
    property(fc.tuple(dims, args), 200, ([{ T, n, d, h, k }, a]) => {
      const [eps, maxEntries] = values(a) as number[];
      const p = initParams({ inputSize: d, hiddenSize: h, outputSize: k }, T + n);
      const rng = new Random(d + h);
      const X = Array.from({ length: T }, () => Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal())));
      const y = Array.from({ length: n }, () => Array.from({ length: k }, () => rng.normal()));
      outcome(
        faultOf(a),
        () => gradCheck(p, (q) => manyToOneMSE(q, X, y), { eps, maxEntries }),
        (rows) => {
          assert.deepEqual(
            rows.map((r) => r.name),
            ["Wx", "Wh", "bh", "Wo", "bo"],
          );
          assert.ok(
            rows.every((r) => r.relError < 1e-5),
            rows.map((r) => r.relError).join(", "),
          );
        },
      );
    });
  });

  it("clipByGlobalNorm and clipByValue match their definitions or name the bad threshold", () => {
    const t = numberArg("clip", fc.double({ min: 0.01, max: 20, noNaN: true }), [0, -1, NaN, Infinity, "1", null]);
    property(fc.tuple(numbers(5), atMostOneFault([t])), 1000, ([g, a]) => {
      const [c] = values(a) as number[];
      const norm = Math.hypot(...g);
      const grads = { a: Matrix.row(g.slice(0, 2)), b: Matrix.row(g.slice(2)) };
      outcome(
        faultOf(a),
        () => clipByGlobalNorm(grads, c),
        (before) => {
          assertClose(before, norm, tol);
          const s = norm > c ? c / norm : 1;
          assertClose(
            [...grads.a.data, ...grads.b.data],
            g.map((v) => v * s),
            tol,
          );
        },
      );
      const flat = { a: Matrix.row(g) };
      outcome(
        faultOf(a),
        () => clipByValue(flat, c),
        () =>
          assertClose(
            flat.a.data,
            g.map((v) => Math.min(c, Math.max(-c, v))),
            tol,
          ),
      );
    });
  });

  it("softmaxCrossEntropy and mse agree with their formulas or name the bad logits, class or target", () => {
    const arb = fc.record({ n: fc.integer({ min: 1, max: 4 }), V: fc.integer({ min: 1, max: 5 }) }).chain(({ n, V }) =>
      atMostOneFault([
        { clean: cleanMatrix(n, V), broken: brokenMatrix("logits", n, V, { shape: false }) },
        {
          clean: fc
            .array(fc.integer({ min: 0, max: V - 1 }), { minLength: n, maxLength: n })
            .map((v): FaultyArg => ({ value: v, fault: null })),
          broken: fc
            .tuple(
              fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: n, maxLength: n }),
              fc.integer({ min: 0, max: n - 1 }),
              fc.constantFrom<unknown>(V, -1, 0.5, NaN, "0", null),
            )
            .map(([c, i, v]): FaultyArg => {
              const broken: unknown[] = [...c];
              broken[i] = v;
              return { value: broken, fault: `targets[${i}]` };
            }),
        },
        { clean: cleanMatrix(n, V), broken: brokenMatrix("y (target)", n, V) },
      ]),
    );
    property(arb, 1500, ([logits, classes, y]) => {
      const z = logits.value as number[][];
      outcome(
        logits.fault ?? classes.fault,
        () => softmaxCrossEntropy(z, classes.value as number[]).loss,
        (loss) => {
          const c = classes.value as number[];
          const ref = z.reduce((s, row, i) => s + Math.log(row.reduce((a, v) => a + Math.exp(v), 0)) - row[c[i]], 0) / z.length;
          assertClose(loss, ref, tol);
        },
      );
      outcome(
        logits.fault?.replace("logits", "yHat") ?? y.fault,
        () => mse(z, y.value as number[][]).loss,
        (loss) => {
          const a = z.flat(),
            b = (y.value as number[][]).flat();
          assertClose(loss, a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length, tol);
        },
      );
    });
  });

  it("Vocabulary round-trips text and oneHotWindow puts a 1 at each id, or they name the bad size or start", () => {
    const arb = fc.tuple(
      fc.string({ unit: fc.constantFrom("a", "b", "c", "ç", "—", " "), minLength: 1, maxLength: 30 }),
      atMostOneFault([sizeArg("T (seqLength)", 1, 4), numberArg("start", fc.integer({ min: 0, max: 3 }), [-1, 0.5, NaN, "0", null, 1000])]),
    );
    property(arb, 1000, ([text, a]) => {
      const vocab = new Vocabulary(text);
      const ids = vocab.encode(text);
      assert.equal(vocab.decode(ids), text);
      const [T, start] = values(a) as number[];
      const tooShort = faultOf(a) === null && start + T + 1 > ids.length;
      outcome(
        tooShort ? "start" : faultOf(a),
        () => oneHotWindow(ids, vocab.size, [start], T),
        ({ xs, targets }) =>
          xs.forEach((x, t) => {
            assert.equal(x.get(0, ids[start + t]), 1);
            assert.equal(
              x.data.reduce((s, v) => s + v, 0),
              1,
            );
            assert.equal(targets[t][0], ids[start + t + 1]);
          }),
      );
    });
  });

  it("CharLM.sample returns `length` characters of its vocabulary and step matches the equations, or they name the bad option", () => {
    const vocab = new Vocabulary("abcdé ");
    const model = new CharLM(vocab, initParams({ inputSize: vocab.size, hiddenSize: 4, outputSize: vocab.size }, 3));
    const args = atMostOneFault([
      sizeArg("length", 1, 12),
      numberArg("temperature", fc.double({ min: 0.1, max: 3, noNaN: true }), [0, -1, NaN, Infinity, "1"]),
      numberArg("prompt", fc.constantFrom("ab", "é", "a b"), ["", 5]),
    ]);
    const c = atMostOneFault([
      numberArg("character id", fc.integer({ min: 0, max: vocab.size - 1 }), [-1, vocab.size, 0.5, NaN, "1", null]),
    ]);
    property(fc.tuple(args, c), 500, ([a, [id]]) => {
      const [length, temperature, prompt] = values(a) as [number, number, string];
      outcome(
        faultOf(a),
        () => model.sample({ length, temperature, prompt, seed: 1 }),
        (s) => {
          assert.equal(Array.from(s).length, length);
          assert.ok(Array.from(s).every((ch) => vocab.has(ch)));
        },
      );
      const logits = new Float64Array(vocab.size);
      outcome(
        id.fault,
        () => model.step(new Float64Array(4), id.value as number, logits),
        (h) => {
          const ref = refForward(model.params, [vocab.oneHot([id.value as number]).toArray()]);
          assertClose(h, ref.H[0][0], tol);
          assertClose(logits, ref.yHat[0][0], tol);
        },
      );
    });
  });

  it("fitLeastSquares leaves a residual orthogonal to every column of [1 X], or names the bad entry", () => {
    const arb = fc.record({ n: fc.integer({ min: 3, max: 8 }), p: fc.integer({ min: 1, max: 2 }) }).chain(({ n, p }) =>
      atMostOneFault([
        {
          // integer features: exact collinearity is allowed (any minimiser then passes), near-collinearity is not generated
          clean: cleanMatrix(n, p).map((a) => ({ ...a, value: (a.value as number[][]).map((r) => r.map((v) => Math.round(2 * v))) })),
          broken: brokenMatrix("X", n, p, { shape: false, whole: [null, "X"] }),
        },
        {
          clean: numbers(n).map((v): FaultyArg => ({ value: v, fault: null })),
          broken: fc.tuple(numbers(n), fc.integer({ min: 0, max: n - 1 }), bad).map(([v, i, b]): FaultyArg => {
            const broken: unknown[] = [...v];
            broken[i] = b;
            return { value: broken, fault: `y[${i}]` };
          }),
        },
      ]),
    );
    property(arb, 600, ([X, y]) => {
      const xs = X.value as number[][],
        yv = y.value as number[];
      outcome(
        faultOf([X, y]),
        () => fitLeastSquares(xs, yv),
        (fit) => {
          const r = xs.map((row, i) => yv[i] - row.reduce((s, v, j) => s + v * fit.coefficients[j], fit.intercept));
          const columns = [xs.map(() => 1), ...xs[0].map((_, j) => xs.map((row) => row[j]))];
          const scale = 1 + Math.abs(fit.intercept) + Math.max(...fit.coefficients.map(Math.abs));
          for (const col of columns)
            assertClose(
              col.reduce((s, v, i) => s + v * r[i], 0),
              0,
              { abs: 1e-9 * scale * xs.length * 16 },
            );
        },
      );
    });
  });

  it("memoryShares returns shares in [0, 1] whose rows sum to 1, or names the faulty argument", () => {
    property(problem, 300, ({ T, args }) => {
      const fault = faultOf(args.slice(0, 5 + T))?.replace(/^X\[/, "xs[") ?? null;
      outcome(
        fault,
        () => memoryShares(paramsOf(args), values(args.slice(5, 5 + T)) as number[][][]),
        ({ share }) =>
          share.forEach((row, t) => {
            assertClose(
              row.reduce((s, v) => s + v, 0),
              1,
              { abs: 1e-12, rel: 1e-12 },
            );
            assert.ok(row.every((v, j) => v >= 0 && v <= 1 + 1e-12 && (j <= t || v === 0)));
          }),
      );
    });
  });

  it("heatmap and lineChart copy clean data into the figure or name the bad value", () => {
    const arb = fc
      .record({ r: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 6 }) })
      .chain(({ r, c }) =>
        fc.tuple(maybeBrokenMatrix("z", r, c, { shape: false }), maybeBrokenMatrix("series[0].y", 1, c, { shape: false, whole: [] })),
      );
    property(arb, 800, ([z, y]) => {
      outcome(
        z.fault,
        () => heatmap(z.value as number[][]),
        (fig) => assert.deepEqual(fig.data[0].z, z.value),
      );
      const row = (y.value as unknown[][])[0];
      const fault = y.fault?.replace("series[0].y[0]", "series[0].y") ?? null;
      outcome(
        fault,
        () => lineChart([{ y: row as number[] }]),
        (fig) => assert.deepEqual(fig.data[0].y, row),
      );
    });
  });

  it("Random.categorical draws an index of positive weight or names the bad weight", () => {
    const arb = fc.tuple(
      fc.array(fc.constantFrom(0, 0.5, 1, 2.5), { minLength: 1, maxLength: 5 }),
      fc.option(fc.tuple(fc.nat(), bad), { freq: 3 }),
      fc.integer({ min: 0, max: 1000 }),
    );
    property(arb, 500, ([w, broken, seed]) => {
      const weights: unknown[] = [...w];
      if (broken) weights[broken[0] % w.length] = broken[1];
      const fault = broken ? `weights[${broken[0] % w.length}]` : w.every((v) => v === 0) ? "weights" : null;
      outcome(
        fault,
        () => new Random(seed).categorical(weights as number[]),
        (i) => assert.ok(Number.isInteger(i) && w[i] > 0),
      );
    });
  });

  it("every options object refuses an unknown key, naming it and, for a slip of a known key, suggesting one", () => {
    const entries = optionTakers();
    const slip = (key: string, at: number, kind: number) => {
      const i = at % (key.length + 1);
      if (kind === 0) return key.slice(0, i) + key.slice(i + 1); // a letter dropped
      if (kind === 1) return key.slice(0, i) + "x" + key.slice(i); // one added
      return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : key + "s"; // two swapped
    };
    const arb = fc.tuple(
      fc.integer({ min: 0, max: entries.length - 1 }),
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }).map((s) => ({ key: `q${s}`, from: null as string | null })),
        fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 2 })).map(([k, at, kind]) => ({ key: "", from: `${k}:${at}:${kind}` })),
      ),
    );
    property(arb, 1500, ([which, { key, from }]) => {
      const [name, known, call] = entries[which];
      let typo = key,
        original: string | null = null;
      if (from !== null) {
        const [k, at, kind] = from.split(":").map(Number);
        original = known[k % known.length];
        typo = slip(original, at, kind);
      }
      if (known.includes(typo) || typo === "__proto__") return; // a slip that lands on another known key is not a slip
      try {
        call({ [typo]: 1 });
      } catch (e) {
        assert.ok(e instanceof ValueError, `${name}: ${String(e)}`);
        assert.ok(e.message.includes(`unknown option \`${typo}\``), `${name}: ${e.message}`);
        if (original !== null && original.length >= 3) {
          const m = /did you mean `([^`]+)`\?/.exec(e.message);
          assert.ok(m && known.includes(m[1]), `${name}: no suggestion for \`${typo}\` (a slip of \`${original}\`): ${e.message}`);
        }
        return;
      }
      assert.fail(`${name} accepted the unknown option \`${typo}\``);
    });
  });

  it("every list argument names a hole or a bad entry at its index instead of computing with it", () => {
    const takers = listTakers();
    const arb = fc.tuple(
      fc.integer({ min: 0, max: takers.length - 1 }),
      fc.nat(),
      fc.constantFrom<unknown>("hole", NaN, Infinity, "1", null),
    );
    property(arb, 1500, ([which, at, fault]) => {
      const [name, make, call, accepted = []] = takers[which];
      if (accepted.includes(fault)) return; // a null target means "no loss at this step"
      const list = make();
      const i = at % list.length;
      if (fault === "hole") delete list[i];
      else list[i] = fault;
      try {
        call(list);
      } catch (e) {
        assert.ok(e instanceof RNNError, `${name}: ${String(e)}`);
        assert.ok(e.message.includes(`[${i}]`), `${name}: the message does not name entry ${i}: ${e.message}`);
        if (fault === "hole") assert.match(e.message, /missing|hole/, name);
        return;
      }
      assert.fail(`${name} accepted ${fault === "hole" ? "a hole" : String(fault)} at ${i}`);
    });
  });

  it("matMul, matMulTransA and matMulTransB into an out that shares memory with an operand give the reference result", () => {
    const arb = fc.record({
      kernel: fc.integer({ min: 0, max: 2 }),
      m: fc.integer({ min: 1, max: 12 }),
      accumulate: fc.boolean(),
      alias: fc.constantFrom("A", "B", "A and B", "a view"),
      simd: fc.boolean(),
      seed: fc.nat(),
    });
    property(arb, 600, ({ kernel, m, accumulate, alias, simd, seed }) => {
      const rng = new Random(seed);
      const square = (r: number) =>
        new Matrix(
          r,
          r,
          Float64Array.from({ length: r * r }, () => rng.normal()),
        );
      // square operands so that out (m×m) can be either of them
      const A = square(m),
        B = alias === "A and B" ? A : square(m);
      const product = [matMul, matMulTransA, matMulTransB][kernel];
      const out = alias === "B" ? B : alias === "a view" ? new Matrix(m, m, A.data) : A;
      const reference = product(A.clone(), B === A ? A.clone() : B.clone(), accumulate ? out.clone() : new Matrix(m, m), accumulate);
      const before = setKernels(simd ? "simd" : "typescript");
      try {
        product(A, B, out, accumulate);
      } finally {
        setKernels(before);
      }
      assertClose(
        out.data,
        reference.data,
        { abs: 1e-12, rel: 1e-12 },
        `${["matMul", "matMulTransA", "matMulTransB"][kernel]} into ${alias}`,
      );
    });
  });

  it("ran at least 10,000 generated cases", () => {
    assert.ok(cases >= 10_000, `${cases} cases`);
  });
});

/** A new matrix holding the transpose of M. */
function transpose(M: Matrix): Matrix {
  const t = new Matrix(M.cols, M.rows);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) t.set(j, i, M.get(i, j));
  return t;
}

/** Every public function that takes an options object: its name, its known keys, and a call with given options. */
function optionTakers(): [string, readonly string[], (o: object) => unknown][] {
  const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 2 }, 0);
  const xs = [[[1, 0]], [[0, 1]]],
    y = [[1, 0]];
  const fwd = forward(p, xs);
  const vocab = new Vocabulary("abcd ");
  const model = new CharLM(vocab, initParams({ inputSize: 5, hiddenSize: 3, outputSize: 5 }, 0));
  const sequence = ["loss", "cell", "activation", "h0", "c0", "dhLast", "dcLast", "perStep"];
  const chart = ["title", "xTitle", "yTitle", "y2Title", "logX", "logY", "logY2", "width", "height"];
  const series = iceCreamSeries({ days: 30 });
  return [
    [
      "train",
      [
        "params",
        "size",
        "objective",
        "evaluate",
        "epochs",
        "batchSize",
        "optimizer",
        "optimizerOptions",
        "seed",
        "validationSplit",
        "clipNorm",
        "clipValue",
        "earlyStopping",
        "onStep",
        "onEpoch",
      ],
      (o) => train({ params: p, size: 1, objective: (q) => manyToOneMSE(q, xs, y), epochs: 1, ...o }),
    ],
    ['optimizer("adam")', ["lr", "beta1", "beta2", "eps"], (o) => optimizer("adam", o)],
    ['optimizer("sgd")', ["lr", "momentum"], (o) => optimizer("sgd", o)],
    [
      "initParams",
      ["cell", "inputSize", "hiddenSize", "outputSize"],
      (o) => initParams({ inputSize: 1, hiddenSize: 1, outputSize: 1, ...o }, 0),
    ],
    ["toParams", ["cell"], (o) => toParams(p, o)],
    ["forward", ["cell", "activation", "h0", "c0"], (o) => forward(p, xs, o)],
    ["backward", ["dhLast", "dcLast", "perStep", "inputGrads"], (o) => backward(p, fwd, [null, y], o)],
    ["memoryShares", ["cell", "activation", "h0", "c0", "of"], (o) => memoryShares(p, xs, o)],
    ["manyToOne", sequence, (o) => manyToOne(p, xs, y, o)],
    ["manyToMany", sequence, (o) => manyToMany(p, xs, [null, y], o)],
    ["oneToMany", sequence, (o) => oneToMany(p, xs[0], [null, y], o)],
    ["encoderDecoder", ["loss", "cell", "activation", "perStep"], (o) => encoderDecoder({ encoder: p, decoder: p }, xs, xs, [null, y], o)],
    ["manyToOneMSE", ["cell", "activation"], (o) => manyToOneMSE(p, xs, y, o)],
    ["window", ["loss", "cell", "activation", "dhLast", "dcLast", "perStep"], (o) => new CarriedState().window(p, xs, [null, y], o)],
    ["gradCheck", ["eps", "maxEntries", "seed"], (o) => gradCheck(p, (q) => manyToOneMSE(q, xs, y), { maxEntries: 1, ...o })],
    ["CharLM", ["cell"], (o) => new CharLM(vocab, model.params, o)],
    ["run", ["keep"], (o) => model.run("abc", o)],
    ["sample", ["prompt", "length", "temperature", "seed"], (o) => model.sample({ length: 2, ...o })],
    [
      "trainCharLM",
      [
        "text",
        "vocab",
        "cell",
        "hiddenSize",
        "seqLength",
        "batchSize",
        "steps",
        "optimizer",
        "lr",
        "clipNorm",
        "seed",
        "onProgress",
        "progressEvery",
      ],
      (o) => trainCharLM({ text: "abcd ".repeat(20), steps: 1, hiddenSize: 2, seqLength: 3, batchSize: 2, ...o }),
    ],
    ["BigramModel", ["vocab", "alpha"], (o) => new BigramModel("abcab", o)],
    ["iceCreamSeries", ["days", "seed", "truth"], (o) => iceCreamSeries({ days: 10, ...o })],
    ["iceCreamWindows", ["window", "demandScale", "temperatureScale"], (o) => iceCreamWindows(series, o)],
    ["iceCreamDataset", ["days", "seed", "truth", "window", "validationFraction"], (o) => iceCreamDataset({ days: 30, ...o })],
    ["windows", ["stride", "horizon"], (o) => windows([1, 2, 3, 4], 2, o)],
    ["loadSP500Daily", ["column", "from", "to"], (o) => loadSP500Daily(o)],
    ["loadUnemploymentPanel", ["measure"], (o) => loadUnemploymentPanel(o)],
    ["loadMemorias", ["dir", "download", "url", "timeoutMs"], (o) => loadMemorias({ download: false, ...o })],
    ["lineChart", chart, (o) => lineChart([{ y: [1] }], o)],
    ["heatmap", [...chart, "x", "y", "zTitle", "colorscale", "zmin", "zmax"], (o) => heatmap([[1]], o)],
    ["animatedChart", [...chart, "start"], (o) => animatedChart([{ name: "a", data: [{ y: [1] }] }], o)],
    ["liveTraining", ["title", "epochs", "logY", "xTitle", "yTitle"], (o) => liveTraining({ epochs: 1, ...o })],
    ["rnnDiagram", ["steps", "inputs", "outputs", "labels", "title", "weights", "initialState"], (o) => rnnDiagram({ steps: 2, ...o })],
    ["rolledUnrolledDiagram", ["steps", "title", "outputs"], (o) => rolledUnrolledDiagram({ steps: 2, ...o })],
    ["lstmDiagram", ["title"], (o) => lstmDiagram(o)],
  ];
}

/** Every public function that takes a list (of numbers, rows, steps or targets): a fresh valid list, and a call with it. */
function listTakers(): [string, () => unknown[], (list: unknown[]) => unknown, unknown[]?][] {
  const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 2 }, 0);
  const xs = () => [[[1, 0]], [[0, 1]], [[1, 1]]];
  return [
    ["Matrix.row", () => [1, 2, 3], (l) => Matrix.row(l as number[])],
    ["Matrix.from (a row)", () => [1, 2, 3], (l) => Matrix.from([l as number[]])],
    ["meanSquaredError", () => [1, 2, 3], (l) => meanSquaredError(l as number[], [0, 0, 0])],
    ["scaleOf", () => [1, 2, 3], (l) => scaleOf(l as number[])],
    ["windows", () => [1, 2, 3, 4, 5], (l) => windows(l as number[], 2)],
    ["stepsOf", () => [1, 2, 3], (l) => stepsOf([l as number[]])],
    ["forward's sequence", xs, (l) => forward(p, l as number[][][])],
    ["manyToMany's targets", () => [[[1, 0]], [[0, 1]], [[1, 1]]], (l) => manyToMany(p, xs(), l as number[][][]), [null]],
    ["softmaxCrossEntropy's classes", () => [0, 1, 1], (l) => softmaxCrossEntropy(new Matrix(3, 2), l as number[])],
    ["laggedFeatures", () => [1, 2, 3, 4, 5], (l) => laggedFeatures({ v: l as number[] }, "v", 1)],
    ["fitLeastSquares' y", () => [1, 2, 3, 5], (l) => fitLeastSquares([[0], [1], [2], [3]], l as number[])],
    ["predictLinear's row", () => [1, 2], (l) => predictLinear({ intercept: 0, coefficients: [1, 1] }, [l as number[]])],
    ["lineChart's y", () => [1, 2, 3], (l) => lineChart([{ y: l as number[] }])],
    ["heatmap's row", () => [1, 2, 3], (l) => heatmap([l as number[]])],
    ["Random.categorical", () => [1, 2, 3], (l) => new Random(0).categorical(l as number[])],
  ];
}
