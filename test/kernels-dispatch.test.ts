/**
 * Tests of lib/kernels/dispatch.ts: which path a product takes (the size threshold, forcing either path),
 * the fallback to the TypeScript kernels where WebAssembly is missing (a Node started with --jitless has
 * none), and what kernelInfo reports.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { afterEach, describe, it } from "node:test";
import { kernelInfo, Matrix, matMul, matMulTransA, matMulTransB, setKernels, ValueError } from "../lib";
import { activation } from "../lib/activations";
import { SIMD_THRESHOLD, TANH_THRESHOLD } from "../lib/kernels/dispatch";
import { root } from "./helpers/notebook";

/** How many products the call runs in WebAssembly. */
function simdCallsIn(f: () => void): number {
  const before = kernelInfo().simdCalls;
  f();
  return kernelInfo().simdCalls - before;
}

const ones = (rows: number, cols: number) => new Matrix(rows, cols, new Float64Array(rows * cols).fill(1));

describe("kernels/dispatch", () => {
  afterEach(() => setKernels("auto"));

  it("starts on auto and reports SIMD on this Node", () => {
    const info = kernelInfo();
    assert.equal(info.choice, "auto");
    assert.equal(info.simd, true);
  });

  it("under auto, sends products of at least SIMD_THRESHOLD multiply-adds to WebAssembly and smaller ones to TypeScript", () => {
    const q = 8,
      p = 8,
      big = Math.ceil(SIMD_THRESHOLD / (p * q)),
      small = Math.floor((SIMD_THRESHOLD - 1) / (p * q));
    assert.equal(
      simdCallsIn(() => matMul(ones(big, p), ones(p, q), new Matrix(big, q))),
      1,
    );
    assert.equal(
      simdCallsIn(() => matMul(ones(small, p), ones(p, q), new Matrix(small, q))),
      0,
    );
    assert.equal(
      simdCallsIn(() => matMulTransA(ones(p, big), ones(p, q), new Matrix(big, q))),
      1,
    );
    assert.equal(
      simdCallsIn(() => matMulTransB(ones(big, p), ones(q, p), new Matrix(big, q))),
      1,
    );
  });

  it("under auto, keeps narrow products (q < 4, p < 2, or p < 8 for A·Bᵀ) in TypeScript, where SIMD does not pay", () => {
    assert.equal(
      simdCallsIn(() => matMul(ones(512, 8), ones(8, 1), new Matrix(512, 1))),
      0,
    );
    assert.equal(
      simdCallsIn(() => matMulTransB(ones(512, 1), ones(8, 1), new Matrix(512, 8))),
      0,
    );
    assert.equal(
      simdCallsIn(() => matMulTransB(ones(64, 4), ones(8, 4), new Matrix(64, 8))),
      0,
    );
    assert.equal(
      simdCallsIn(() => matMulTransB(ones(16, 8), ones(8, 8), new Matrix(16, 8))),
      1,
    );
  });

  it("under auto, sends tanh of at least TANH_THRESHOLD entries to WebAssembly and shorter arrays to Math.tanh", () => {
    const tanh = activation("tanh");
    assert.equal(
      simdCallsIn(() => tanh.apply(new Float64Array(TANH_THRESHOLD))),
      1,
    );
    const short = Float64Array.from({ length: TANH_THRESHOLD - 1 }, (_, i) => i / 7);
    assert.equal(
      simdCallsIn(() => tanh.apply(short)),
      0,
    );
    short.forEach((v, i) => assert.equal(v, Math.tanh(i / 7)));
  });

  it('"typescript" forces the reference and "simd" forces WebAssembly, whatever the size, with the same results', () => {
    const A = ones(2, 3),
      B = ones(3, 4);
    assert.equal(setKernels("typescript"), "auto");
    const big = ones(64, 64);
    assert.equal(
      simdCallsIn(() => matMul(big, big, new Matrix(64, 64))),
      0,
    );
    const reference = matMul(A, B, new Matrix(2, 4));
    assert.equal(setKernels("simd"), "typescript");
    let fast = new Matrix(2, 4);
    assert.equal(
      simdCallsIn(() => (fast = matMul(A, B, fast))),
      1,
    );
    assert.deepEqual(fast.toArray(), reference.toArray());
    assert.deepEqual(fast.toArray(), [
      [3, 3, 3, 3],
      [3, 3, 3, 3],
    ]);
  });

  it("runs empty products (a dimension of 0) in TypeScript even when SIMD is forced", () => {
    setKernels("simd");
    const out = ones(2, 3);
    assert.equal(
      simdCallsIn(() => matMul(new Matrix(2, 0), new Matrix(0, 3), out)),
      0,
    );
    assert.deepEqual(out.toArray(), [
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("rejects an unknown choice, naming what it got and what it accepts", () => {
    assert.throws(
      () => setKernels("fast" as never),
      /unknown kernel choice \(setKernels\) "fast", expected one of "auto", "simd", "typescript"/,
    );
    assert.equal(kernelInfo().choice, "auto");
  });

  it("reports the choice, whether SIMD runs here and why not, the calls made there and the weights resident", () => {
    const info = kernelInfo();
    assert.deepEqual(Object.keys(info).sort(), ["choice", "residents", "simd", "simdCalls", "unavailable"]);
    assert.equal(info.unavailable, info.simd ? "" : info.unavailable);
    assert.throws(
      () => setKernels("wasm" as "simd"),
      (e: unknown) => e instanceof ValueError && /unknown kernel choice/.test((e as Error).message),
    );
  });

  it("falls back to the TypeScript kernels where WebAssembly is missing (node --jitless), and refuses to force SIMD there", () => {
    const script = [
      'const { kernelInfo, setKernels } = require("./lib/kernels/dispatch");',
      "const info = kernelInfo();",
      "let refused = '';",
      "try { setKernels('simd'); } catch (e) { refused = String(e); }",
      "console.log(JSON.stringify({ ...info, refused }));",
    ].join("\n");
    const child = spawnSync(process.execPath, ["--jitless", "--import", "tsx", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const info = JSON.parse(child.stdout) as { simd: boolean; choice: string; refused: string };
    assert.equal(info.simd, false);
    assert.equal(info.choice, "auto");
    assert.match(info.refused, /ValueError: setKernels: "simd" is not available here: /);
    // and the products there are right: the digest helper compares them with a triple loop
    const digest = spawnSync(process.execPath, ["--jitless", "--import", "tsx", "test/helpers/kernel-digest.ts"], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(digest.status, 0, digest.stderr);
    const report = JSON.parse(digest.stdout) as { simd: boolean; error: number };
    assert.equal(report.simd, false);
    assert.ok(report.error <= 1e-12, `products within 1e-12 of a triple loop without WebAssembly, got ${report.error}`);
  });
});
