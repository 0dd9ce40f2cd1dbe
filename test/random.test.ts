/**
 * Tests of lib/random.ts: one seed reproduces every draw bit for bit, the distributions have the
 * moments they promise, and bad arguments are refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random, ValueError } from "../lib";
import { toRandom } from "../lib/random";
import { assertClose } from "./helpers/close";

const draws = (r: Random) => [r.uint32(), r.uniform(), r.normal(), r.normal(), r.int(10), r.categorical([1, 2, 3]), ...r.permutation(6)];

describe("random", () => {
  it("repeats the same sequence for the same seed, on every kind of draw", () => {
    assert.deepEqual(draws(new Random(123)), draws(new Random(123)));
    assert.notDeepEqual(draws(new Random(123)), draws(new Random(124)));
  });

  it("draws uniforms in [lo, hi) with mean and variance of the uniform law", () => {
    const r = new Random(1),
      N = 20000;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < N; i++) {
      const u = r.uniform(-1, 3);
      assert.ok(u >= -1 && u < 3);
      s += u;
      s2 += u * u;
    }
    const mean = s / N,
      variance = s2 / N - mean * mean;
    assertClose(mean, 1, { abs: 0.05 }, `mean ${mean}`);
    assertClose(variance, 16 / 12, { abs: 0.05 }, `variance ${variance}`);
  });

  it("draws normals with the requested mean and standard deviation", () => {
    const r = new Random(2),
      N = 20000;
    const xs = Array.from({ length: N }, () => r.normal(5, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / N);
    assertClose(mean, 5, { abs: 0.06 }, "mean");
    assertClose(std, 2, { abs: 0.06 }, "standard deviation");
  });

  it("draws integers in [0, n) covering every value", () => {
    const r = new Random(3),
      seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = r.int(7);
      assert.ok(Number.isInteger(v) && v >= 0 && v < 7);
      seen.add(v);
    }
    assert.equal(seen.size, 7);
  });

  it("shuffles in place into a permutation", () => {
    const items = [10, 20, 30, 40, 50];
    const out = new Random(4).shuffle(items);
    assert.equal(out, items);
    assert.deepEqual([...items].sort(), [10, 20, 30, 40, 50]);
    assert.deepEqual(
      new Random(5).permutation(8).sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
  });

  it("samples categories in proportion to their weights, never a zero-weight one", () => {
    const r = new Random(6),
      counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.categorical([1, 0, 3])]++;
    assert.equal(counts[1], 0);
    assertClose(counts[2] / counts[0], 3, { abs: 0.2 }, `counts ${counts}: third over first`);
  });

  it("forks independent but reproducible streams", () => {
    const a = new Random(7),
      b = new Random(7);
    const fa = a.fork(),
      fb = b.fork();
    assert.deepEqual(draws(fa), draws(fb));
    assert.notDeepEqual(draws(a.fork()), draws(a.fork()));
  });

  it("accepts a seed or a generator where randomness is needed", () => {
    const r = new Random(8);
    assert.equal(toRandom(r), r);
    assert.deepEqual(draws(toRandom(9)), draws(new Random(9)));
  });

  it("rejects a seed that is not an integer and n that is not a positive integer", () => {
    assert.throws(() => new Random(1.5), /seed must be an integer, got 1.5/);
    assert.throws(() => new Random(NaN), /seed must be an integer, got NaN/);
    assert.throws(() => new Random(1).int(0), /n must be a positive integer, got 0/);
    assert.throws(() => new Random(1).int(2.5), /n must be a positive integer, got 2.5/);
  });
});

describe("Random.categorical refuses weights it cannot draw from", () => {
  it("names the bad weight or the zero total instead of returning the last index", () => {
    const rng = new Random(0);
    for (const [weights, message] of [
      [[NaN, NaN, NaN], /weights\[0\] is NaN, expected a finite number ≥ 0/],
      [[0.5, -0.1], /weights\[1\] is -0\.1, expected a finite number ≥ 0/],
      [[1, Infinity], /weights\[1\] is Infinity/],
      [[0, 0, 0], /weights sum to 0, expected at least one positive weight/],
      [[], /weights is empty/],
    ] as const) {
      assert.throws(
        () => rng.categorical(weights),
        (e: unknown) => e instanceof ValueError && message.test(e.message),
        String(weights),
      );
    }
    assert.equal(rng.categorical([0, 0, 2]), 2);
  });
});
