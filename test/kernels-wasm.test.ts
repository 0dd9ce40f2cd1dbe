/**
 * Tests of lib/kernels/wasm.ts (and products.wat behind it): the WebAssembly SIMD products against the
 * TypeScript reference kernels over many shapes — 1×1, sizes that are not multiples of the tiles, one-hot
 * and zero rows, accumulate on and off, views into a larger buffer, weights resident or copied —, its tanh
 * against Math.tanh, and the same bits on every run and in a fresh process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelInfo, Matrix, matMul, matMulTransA, matMulTransB, Random, setKernels } from "../lib";
import { activation } from "../lib/activations";
import { block } from "../lib/matrix";
import { digest } from "./helpers/kernel-digest";
import { root } from "./helpers/notebook";
import { assertClose } from "./helpers/close";

type Kernel = typeof matMul;
const KERNELS: [string, Kernel][] = [
  ["matMul", matMul],
  ["matMulTransA", matMulTransA],
  ["matMulTransB", matMulTransB],
];

/** m×p by p×q: 1×1, below and above the 2-row, 8-column and 16-column tiles, odd p, and RNN sizes. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 9],
  [2, 1, 8],
  [1, 3, 7],
  [3, 2, 5],
  [2, 7, 3],
  [5, 4, 16],
  [4, 9, 24],
  [7, 5, 17],
  [1, 17, 33],
  [3, 64, 40],
  [9, 31, 23],
  [32, 8, 8],
  [1, 128, 128],
  [25, 64, 128],
];

const rng = new Random(21);

/** A rows×cols matrix of normals with a fraction of zeros; `oneHot` makes each row a single 1. */
function random(rows: number, cols: number, zeroFraction = 0, oneHot = false): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    if (oneHot) M.set(i, rng.int(cols), 1);
    else for (let j = 0; j < cols; j++) M.set(i, j, rng.uniform() < zeroFraction ? 0 : rng.normal());
  }
  return M;
}

/** Operands of kernel `name` for an m×p by p×q product: A is p×m for matMulTransA, B is q×p for matMulTransB. */
function operands(name: string, m: number, p: number, q: number, zeros = 0, oneHot = false): [Matrix, Matrix] {
  const A = name === "matMulTransA" ? random(p, m, zeros, oneHot) : random(m, p, zeros, oneHot);
  return [A, name === "matMulTransB" ? random(q, p) : random(p, q)];
}

/** Runs `f` with the given kernels chosen. */
function using<T>(choice: "simd" | "typescript", f: () => T): T {
  const previous = setKernels(choice);
  try {
    return f();
  } finally {
    setKernels(previous);
  }
}

/** The second of two calls of `f`: a B seen twice unchanged is resident in WebAssembly memory the second time. */
function twice(f: () => Matrix): Matrix {
  f();
  return f();
}

/** Products agree to 1e-12 relative to the entry's size (at least 1: sums that cancel to ~0). */
const tol = { abs: 1e-12, rel: 1e-12 };

/** The product by both paths from the same starting out; SIMD also with B resident. */
function compare(name: string, kernel: Kernel, A: Matrix, B: Matrix, out: Matrix, accumulate: boolean, label: string): void {
  const reference = using("typescript", () => kernel(A, B, out.clone(), accumulate));
  const copied = using("simd", () => kernel(A, B, out.clone(), accumulate));
  const resident = using("simd", () => twice(() => kernel(A, B, out.clone(), accumulate)));
  assertClose(copied, reference, tol, `${name} ${label}`);
  assertClose(resident, reference, tol, `${name} ${label}, B resident`);
}

describe("kernels/wasm", () => {
  before(() => assert.ok(kernelInfo().simd, "this Node runs WebAssembly SIMD (the fallback has its own test)"));

  for (const [name, kernel] of KERNELS) {
    it(`${name} matches the TypeScript reference on ${SHAPES.length} shapes, dense and sparse, with and without accumulate`, () => {
      const simdBefore = kernelInfo().simdCalls;
      for (const [m, p, q] of SHAPES) {
        for (const zeros of [0, 0.6]) {
          const [A, B] = operands(name, m, p, q, zeros);
          for (const accumulate of [false, true])
            compare(name, kernel, A, B, random(m, q), accumulate, `${m}×${p}×${q}, zeros ${zeros}, accumulate ${accumulate}`);
        }
      }
      assert.ok(kernelInfo().simdCalls - simdBefore >= SHAPES.length * 8, "the SIMD kernel really ran");
    });

    it(`${name} skips the zero rows of one-hot inputs without changing the result`, () => {
      for (const [m, p, q] of [
        [3, 64, 40],
        [25, 64, 128],
        [1, 17, 33],
      ]) {
        const [A, B] = operands(name, m, p, q, 0, true);
        compare(name, kernel, A, B, random(m, q), false, `one-hot ${m}×${p}×${q}`);
        compare(name, kernel, A, B, random(m, q), true, `one-hot ${m}×${p}×${q}, accumulate`);
        const allZero = new Matrix(A.rows, A.cols); // nothing to add: out is zeroed, or kept with accumulate
        compare(name, kernel, allZero, B, random(m, q), false, `zero A ${m}×${p}×${q}`);
        compare(name, kernel, allZero, B, random(m, q), true, `zero A ${m}×${p}×${q}, accumulate`);
      }
    });

    it(`${name} reads and writes views that are subarrays of a larger buffer (block, rowView)`, () => {
      const [m, p, q] = [3, 10, 12];
      const [A0, B0] = operands(name, m, p, q);
      // each operand sits at an odd offset inside a stack of three, as forward's and backward's blocks do
      const stack = (M: Matrix) => {
        const S = random(3 * M.rows, M.cols);
        S.data.set(M.data, M.rows * M.cols);
        return block(S, 1, M.rows);
      };
      const [A, B] = [stack(A0), stack(B0)];
      assert.ok(A.data.byteOffset > 0 && B.data.byteOffset > 0);
      const outStack = random(3 * m, q),
        before = outStack.clone();
      const reference = using("typescript", () => kernel(A0, B0, block(before, 2, m).clone(), true));
      using("simd", () => kernel(A, B, block(outStack, 2, m), true));
      assertClose(block(outStack, 2, m), reference, tol, `${name} on views`);
      assert.deepEqual(outStack.data.subarray(0, 2 * m * q), before.data.subarray(0, 2 * m * q), "rows outside the view are untouched");
      const row = random(4, p).rowView(3); // a 1×p view at the end of its buffer
      if (name === "matMulTransA") compare(name, kernel, row, random(1, q), random(p, q), false, "rowView as A (1×p), Aᵀ·B of p×q");
      else compare(name, kernel, row, B0, random(1, q), false, "rowView as A (1×p)");
    });
  }

  it("grows WebAssembly memory for a large product and stays right for small ones after it", () => {
    const [A, B] = operands("matMul", 300, 310, 290);
    compare("matMul", matMul, A, B, new Matrix(300, 290), false, "300×310×290");
    const [a, b] = operands("matMulTransB", 5, 33, 17);
    compare("matMulTransB", matMulTransB, a, b, random(5, 17), true, "after growing");
  });

  it("keeps a weight that comes back unchanged resident, and copies it again once it changed, through data or a view", () => {
    const W = random(16, 24),
      x = random(2, 16);
    const product = () => using("simd", () => matMul(x, W, new Matrix(2, 24)));
    const reference = () => using("typescript", () => matMul(x, W, new Matrix(2, 24)));
    product();
    assertClose(product(), reference(), tol, "resident");
    assert.ok(kernelInfo().residents > 0, "W is resident after two products that read it unchanged");
    W.data[0] += 1; // a write through data: the next product sees it
    assertClose(product(), reference(), tol, "after a write through data");
    const row = W.rowView(3); // another Matrix over W's buffer
    row.data.fill(7);
    assertClose(product(), reference(), tol, "after a write through a view of W");
    W.set(0, 1, -2);
    assertClose(product(), reference(), tol, "after set()");
    const Wt = random(24, 16), // as B of A·Bᵀ, the recurrent step's backward product
      dz = random(2, 16);
    const backwardProduct = (choice: "simd" | "typescript") => using(choice, () => matMulTransB(dz, Wt, new Matrix(2, 24)));
    backwardProduct("simd");
    assertClose(backwardProduct("simd"), backwardProduct("typescript"), tol, "A·Bᵀ with B resident");
    Wt.data[5] = 3;
    assertClose(backwardProduct("simd"), backwardProduct("typescript"), tol, "A·Bᵀ after B changed");
  });

  it("falls back to the TypeScript kernels when WebAssembly cannot reserve its memory on first use", () => {
    // under a small address-space limit V8 cannot reserve a WebAssembly memory, and instantiation throws
    const script = [
      'const { kernelInfo } = require("./lib/kernels/dispatch");',
      'const { Matrix, matMul } = require("./lib/matrix");',
      "const A = new Matrix(8, 64); A.data.fill(1);",
      "const B = new Matrix(64, 64); B.data.fill(0.5);",
      "const out = matMul(A, B, new Matrix(8, 64));",
      "console.log(JSON.stringify({ ...kernelInfo(), entry: out.get(7, 63) }));",
      "process.exit(0);", // tsx's own WebAssembly lexer fails under this limit too, a moment later: leave before it does
    ].join(" ");
    const child = spawnSync("bash", ["-c", `ulimit -v 3000000 && "${process.execPath}" --import tsx -e '${script}'`], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const info = JSON.parse(child.stdout) as { simd: boolean; unavailable: string; entry: number };
    assert.equal(info.simd, false);
    assert.match(info.unavailable, /could not be instantiated .*memory/i);
    assert.equal(info.entry, 32, "the product, computed in TypeScript");
  });

  describe("tiers", () => {
    // V8 prints a line per compiled function ("Compiled function 0x…#5 using TurboFan, …") through C's stdio, not
    // Node's streams: read through spawnSync's pipe on a loaded machine, some of those lines were lost (18 of 21), and
    // a marker console.log'd between them could land inside one. So the child's stdout goes to a file, its report to
    // stderr, and the products module is found by its lines alone: the module whose compiled functions reach #N−1,
    // N the functions of products.wat (tsx's lexers are modules too).
    const functions = (readFileSync(join(root, "lib", "kernels", "products.wat"), "utf8").match(/^\s*\(func /gm) ?? []).length;
    const trace = (flags: string[], products: boolean) => {
      const script = [
        'const { kernelInfo } = require("./lib/kernels/dispatch");',
        'const { Matrix, matMul } = require("./lib/matrix");',
        'const { activation } = require("./lib/activations");',
        "const simd = kernelInfo().simd;",
        products
          ? "const A = new Matrix(8, 64); A.data.fill(1); const B = new Matrix(64, 8); B.data.fill(0.5); const C = new Matrix(8, 8);" +
            ' for (let i = 0; i < 200; i++) { matMul(A, B, C); activation("tanh").apply(A.data); }'
          : "",
        "console.error(JSON.stringify({ simd, calls: kernelInfo().simdCalls }));",
      ].join(" ");
      const file = join(tmpdir(), `rnn-tiers-${process.pid}.txt`),
        fd = openSync(file, "w");
      const child = spawnSync(process.execPath, [...flags, "--trace-wasm-compilation-times", "--import", "tsx", "-e", script], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", fd, "pipe"],
      });
      closeSync(fd);
      const stdout = readFileSync(file, "utf8");
      rmSync(file, { force: true });
      assert.equal(child.status, 0, child.stderr);
      const byModule = new Map<string, string[]>();
      for (const [, module, index, tier] of stdout.matchAll(/Compiled function (0x[0-9a-f]+)#(\d+) using (\w+)/g))
        byModule.set(module, [...(byModule.get(module) ?? []), `#${index} ${tier}`]);
      const ours = [...byModule.values()].find((lines) => lines.some((l) => l.startsWith(`#${functions - 1} `)));
      const report = JSON.parse(child.stderr.trim().split("\n").at(-1)!) as { simd: boolean; calls: number };
      return { compiled: ours ?? [], all: [...byModule.values()].flat(), report };
    };
    const sorted = (lines: string[]) => lines.map((l) => Number(l.slice(1).split(" ")[0])).sort((x, y) => x - y);
    const indices = Array.from({ length: functions }, (_, i) => i);

    it("compiles every function of the products module with the optimising compiler as it loads, none with the baseline one", () => {
      // loaded and nothing run: a lazy compilation would have compiled nothing yet
      const loaded = trace([], false);
      assert.equal(loaded.report.simd, true);
      assert.deepEqual(sorted(loaded.compiled), indices, `all ${functions} functions as the module loads: ${loaded.compiled.join(", ")}`);
      assert.deepEqual(
        loaded.compiled.filter((c) => !c.endsWith("TurboFan")),
        [],
      );
      // 200 products and tanh later: still each function once (no tier-up), all optimised
      const used = trace([], true);
      assert.ok(used.report.calls >= 400, `products and tanh ran in WebAssembly: ${used.report.calls} calls`);
      assert.deepEqual(sorted(used.compiled), indices, `each function compiled once: ${used.compiled.join(", ")}`);
      assert.deepEqual(
        used.compiled.filter((c) => !c.endsWith("TurboFan")),
        [],
      );
    });

    it("leaves a process's own choice of tiers alone (here --liftoff-only, a V8 testing flag)", () => {
      const { all, report } = trace(["--liftoff-only"], true);
      assert.equal(report.simd, true);
      assert.ok(all.length > 0 && all.every((c) => c.endsWith("Liftoff")), all.join(", "));
    });
  });

  it("tanh agrees with Math.tanh within 4 units in the last place (each is within 2 of the exact value), keeps ±0, ±1 beyond 22, NaN and the sign", () => {
    const special = [0, -0, 1e-300, -5e-324, 1e-9, 0.5493061443340548, 1, -3.7, 19, 22, 44, 1e308, -Infinity, Infinity, NaN];
    const xs = Float64Array.from([...special, ...Array.from({ length: 4001 }, (_, i) => Math.sign(i - 2000) * Math.exp((i - 2000) / 90))]);
    const z = xs.slice();
    const before = kernelInfo().simdCalls;
    using("simd", () => activation("tanh").apply(z));
    assert.equal(kernelInfo().simdCalls, before + 1);
    const ulp = (v: number) => (v === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(Math.abs(v))) - 52));
    xs.forEach((x, i) => {
      const expected = Math.tanh(x);
      if (Number.isNaN(expected) || expected === 0 || Math.abs(expected) === 1)
        assert.ok(Object.is(z[i], expected), `tanh(${x}) = ${z[i]}, Math.tanh gives ${expected}`);
      else assertClose(z[i], expected, { abs: 4 * ulp(expected) }, `tanh(${x}) against Math.tanh`);
    });
  });

  describe("determinism", () => {
    after(() => setKernels("auto"));

    it("gives the same bits on every run, in this process and in a fresh one", () => {
      const first = digest();
      assert.equal(digest(), first);
      const child = spawnSync(process.execPath, ["--import", "tsx", "test/helpers/kernel-digest.ts"], { cwd: root, encoding: "utf8" });
      assert.equal(child.status, 0, child.stderr);
      const report = JSON.parse(child.stdout) as { simd: boolean; digest: string; error: number };
      assert.equal(report.simd, true);
      assert.equal(report.digest, first);
      assert.ok(report.error <= 1e-12, `products within 1e-12 of a triple loop, got ${report.error}`);
    });
  });
});
