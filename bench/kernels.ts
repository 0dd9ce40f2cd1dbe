/**
 * The matrix products alone, in GFLOP/s (2·m·p·q per call): the TypeScript reference, the WebAssembly SIMD
 * kernel (operands copied in and out on every call, and with B resident, as a weight that comes back unchanged stays),
 * and numpy on one thread, whose BLAS is OpenBLAS where Debian's libopenblas0-pthread is installed (or
 * `--blas-dir` names a folder holding its libblas.so.3). Interleaved rounds, best kept.
 * Part of `npm run bench`; alone (after `npm run build`): `npx tsx bench/kernels.ts [--seconds s] [--rounds r] [--blas-dir dir]`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { own, ownKernels } from "./own";
import { pythonMissing, pythonPeer, pythonWith } from "./python";

const { kernelInfo, Matrix, matMul, matMulTransA, matMulTransB, Random, setKernels } = own,
  { moduleLoad } = ownKernels;
type Matrix = InstanceType<typeof Matrix>;
type Random = InstanceType<typeof Random>;

type Product = "matMul" | "matMulTransA" | "matMulTransB";
interface Shape {
  product: Product;
  m: number;
  p: number;
  q: number;
  /** where training meets it */
  use: string;
}

/** The forward pass's products at the sizes the issue names, and the backward pass's at W2's and the notebook's. */
export const SHAPES: Shape[] = [
  { product: "matMul", m: 1, p: 128, q: 128, use: "h·W_h, one stream, h = 128" },
  { product: "matMul", m: 4, p: 128, q: 128, use: "h·W_h, 4 streams" },
  { product: "matMul", m: 16, p: 64, q: 256, use: "16 streams, 4 gates of 64" },
  { product: "matMul", m: 32, p: 128, q: 128, use: "h·W_h, 32 streams" },
  { product: "matMulTransB", m: 1, p: 128, q: 128, use: "dz·W_hᵀ, one stream (W2)" },
  { product: "matMulTransB", m: 25, p: 64, q: 128, use: "DY·W_oᵀ, T = 25 (W2)" },
  { product: "matMulTransA", m: 128, p: 25, q: 128, use: "H₋ᵀ·DZ = dW_h (W2)" },
  { product: "matMulTransA", m: 64, p: 400, q: 64, use: "dW_h, T·n = 25·16, h = 64 (notebook 5)" },
];

/** Targets of the issue: matMul against OpenBLAS at two sizes. */
const TARGETS: { m: number; p: number; q: number; ratio: number }[] = [
  { m: 1, p: 128, q: 128, ratio: 0.6 },
  { m: 32, p: 128, q: 128, ratio: 0.22 },
];

const KERNEL = { matMul, matMulTransA, matMulTransB };

/** Operands of a shape: A and B as the product's signature wants them, and out. */
function operands(s: Shape, rng: Random): { A: Matrix; B: Matrix; out: Matrix } {
  const fill = (rows: number, cols: number) => {
    const M = new Matrix(rows, cols);
    for (let i = 0; i < M.data.length; i++) M.data[i] = rng.normal();
    return M;
  };
  const A = s.product === "matMulTransA" ? fill(s.p, s.m) : fill(s.m, s.p);
  const B = s.product === "matMulTransB" ? fill(s.q, s.p) : fill(s.p, s.q);
  return { A, B, out: new Matrix(s.m, s.q) };
}

/** Calls per second of `f` for about `seconds`. */
function rate(f: () => void, seconds: number): number {
  let calls = 0,
    elapsed = 0;
  const start = performance.now();
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 10; i++) f();
    calls += 10;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

/** Where Debian's OpenBLAS keeps its libblas.so.3, if installed; numpy loads it through LD_LIBRARY_PATH. */
function blasDir(): string | undefined {
  const i = process.argv.indexOf("--blas-dir");
  if (i >= 0) return process.argv[i + 1];
  const debian = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
  return existsSync(join(debian, "libblas.so.3")) ? debian : undefined;
}

const fixed = (v: number, digits = 2) => v.toFixed(digits);

/** Runs the rounds and prints the table. */
export async function kernelTable(seconds: number, rounds: number): Promise<void> {
  const { simd } = kernelInfo(); // instantiates the module unless a workload did already
  const missing = pythonMissing("numpy");
  const dir = blasDir();
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  if (dir) env.LD_LIBRARY_PATH = [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  const numpy = missing ? null : await pythonPeer(pythonWith("numpy")!, join(__dirname, "numpy_kernels.py"), [], env);
  const rng = new Random(5);
  const cases = SHAPES.map((s) => ({ shape: s, ...operands(s, rng), best: { ts: 0, simd: 0, resident: 0, numpy: 0 } }));
  const before = setKernels("auto");
  const slice = seconds / (rounds * 4);
  try {
    for (let round = 0; round < rounds; round++) {
      process.stderr.write(`  kernels: round ${round + 1}/${rounds}\n`);
      for (const c of cases) {
        const f = () => KERNEL[c.shape.product](c.A, c.B, c.out);
        // touching B's entries moves its version, so the product copies it again, as for a weight just updated
        const copied = () => {
          void c.B.data;
          f();
        };
        setKernels("typescript");
        c.best.ts = Math.max(c.best.ts, rate(f, slice));
        if (simd) {
          setKernels("simd");
          c.best.simd = Math.max(c.best.simd, rate(copied, slice));
          c.best.resident = Math.max(c.best.resident, rate(f, slice));
        }
        if (numpy) {
          const r = await numpy.ask<{ calls: number; seconds: number }>({ ...c.shape, seconds: slice });
          c.best.numpy = Math.max(c.best.numpy, r.calls / r.seconds);
        }
      }
    }
  } finally {
    setKernels(before);
    numpy?.close();
  }

  const blas = numpy ? `numpy ${numpy.hello.numpy}, BLAS ${numpy.hello.blas}` : `numpy ${missing}`;
  console.log(`\nMatrix products in GFLOP/s (2·m·p·q per call), best of ${rounds} interleaved rounds, one thread, float64.`);
  console.log(`SIMD copies A, B and out in and out of WebAssembly memory on each call; "B resident" finds B there`);
  console.log(`(a B that comes back unchanged stays, as W_h does through a forward and a backward pass). ${blas}.`);
  if (!simd) console.log("WebAssembly SIMD is not available here: only the TypeScript reference runs.");
  else
    console.log(
      `WebAssembly module: ${moduleLoad()?.bytes} bytes, decoded, compiled and instantiated on first use in ${fixed(moduleLoad()?.ms ?? 0)} ms.`,
    );
  const header = ["product", "m×p×q", "TS ref", "SIMD", "B resident", "numpy", "SIMD÷numpy", "resident÷numpy", "SIMD÷TS", "in training"];
  const widths = [13, 12, 8, 8, 11, 8, 11, 15, 9, 0];
  const row = (cells: string[]) =>
    console.log(cells.map((c, i) => (i < 2 || i === 9 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" "));
  row(header);
  const lines: string[] = [];
  for (const c of cases) {
    const { m, p, q } = c.shape,
      gf = (callsPerSecond: number) => (2 * m * p * q * callsPerSecond) / 1e9;
    const [ts, sd, rs, np] = [c.best.ts, c.best.simd, c.best.resident, c.best.numpy].map(gf);
    const ratio = (a: number, b: number) => (a > 0 && b > 0 ? `${fixed(a / b)}×` : "n/a");
    row([
      c.shape.product,
      `${m}×${p}×${q}`,
      fixed(ts),
      fixed(sd),
      fixed(rs),
      np ? fixed(np) : "n/a",
      ratio(sd, np),
      ratio(rs, np),
      ratio(sd, ts),
      c.shape.use,
    ]);
    const target = TARGETS.find((t) => c.shape.product === "matMul" && t.m === m && t.p === p && t.q === q);
    if (target && np) {
      const verdict = (v: number) => (v / np >= target.ratio ? "met" : "missed");
      lines.push(
        `  matMul ${m}×${p}×${q} ≥ ${target.ratio}× numpy: SIMD ${verdict(sd)} (${ratio(sd, np)}), B resident ${verdict(rs)} (${ratio(rs, np)})`,
      );
    }
  }
  if (lines.length)
    console.log(
      `Targets (against OpenBLAS${numpy && /openblas/i.test(numpy.hello.blas) ? "" : "; this numpy's BLAS is not OpenBLAS"}):\n${lines.join("\n")}`,
    );
}

if (require.main === module) {
  const option = (flag: string, fallback: number) =>
    process.argv.includes(flag) ? Number(process.argv[process.argv.indexOf(flag) + 1]) : fallback;
  kernelTable(option("--seconds", 4), option("--rounds", 3)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
