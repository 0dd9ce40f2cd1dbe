/**
 * Tests of lib/errors.ts: the error vocabulary is exported from the package, every kind derives from
 * RNNError, each part of the library throws the same kind for the same fault (shapes → ShapeError,
 * values and names → ValueError, divergence → TrainingDivergedError, data → DataError / ChecksumError),
 * and messages spell out what they got.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as lib from "../lib";
import {
  DataError,
  heatmap,
  initParams,
  liveTraining,
  Matrix,
  matrixTex,
  optimizer,
  Random,
  RNNError,
  ShapeError,
  show,
  showSVG,
  trainCharLM,
  TrainingDivergedError,
  ValueError,
  Vocabulary,
  lineChart,
  ChecksumError,
} from "../lib";
import { describeValue } from "../lib/errors";

/** Asserts that `f` throws an error of class `kind` whose message matches `message`. */
function throwsKind(f: () => unknown, kind: new (...a: never[]) => Error, message: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof kind, `expected a ${kind.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok(e instanceof RNNError, "every kind is an RNNError");
    assert.match((e as Error).message, message);
    return true;
  });
}

describe("the error vocabulary", () => {
  it("exports five kinds under one base class, each named after itself", () => {
    for (const [name, kind] of Object.entries({ ShapeError, ValueError, TrainingDivergedError, DataError, ChecksumError })) {
      assert.equal((lib as Record<string, unknown>)[name], kind, `${name} is exported from the package`);
      assert.ok(kind.prototype instanceof RNNError, `${name} extends RNNError`);
    }
    assert.ok(ChecksumError.prototype instanceof DataError, "a failed checksum is a data error");
    assert.equal(new ValueError("x").name, "ValueError");
    assert.equal(String(new ShapeError("bad")), "ShapeError: bad");
  });

  it("describes what a value is", () => {
    assert.equal(describeValue("0.1"), 'the string "0.1"');
    assert.equal(describeValue(null), "null");
    assert.equal(describeValue(undefined), "undefined");
    assert.equal(describeValue(NaN), "NaN");
    assert.equal(describeValue(-Infinity), "-Infinity");
    assert.equal(describeValue(2.5), "2.5");
    assert.equal(describeValue(true), "true (a boolean)");
    assert.equal(describeValue([]), "an empty array");
    assert.equal(describeValue([[1, 2]]), "a 1×2 array");
    assert.equal(describeValue([1, 2, 3]), "an array of 3");
    assert.equal(describeValue(new Matrix(3, 2)), "a 3×2 matrix");
    assert.equal(describeValue(new Float64Array(4)), "a Float64Array of 4");
    assert.equal(
      describeValue(() => 1),
      "a function",
    );
    assert.equal(describeValue({ a: 1 }), "an object");
  });

  it("unknown names, learning rates, seeds and vocabulary misses are ValueErrors, not ShapeErrors", () => {
    throwsKind(() => optimizer("sgdx" as "sgd"), ValueError, /unknown optimizer "sgdx"/);
    throwsKind(() => optimizer("sgd", { lr: -1 }), ValueError, /lr.*got -1/);
    throwsKind(() => new Random(0.5), ValueError, /seed must be an integer, got 0\.5/);
    throwsKind(() => new Vocabulary("abc").id("q"), ValueError, /character "q" is not in the vocabulary/);
    throwsKind(() => new Vocabulary("abc").encode("aq"), ValueError, /"q" at position 1/);
  });

  it("shape faults stay ShapeErrors", () => {
    throwsKind(() => Matrix.from([[1, 2], [3]]), ShapeError, /ragged/);
    const p = initParams({ inputSize: 2, hiddenSize: 3, outputSize: 1 }, 0);
    throwsKind(() => lib.forward(p, [[[1, 2, 3]]]), ShapeError, /x_0 .* n×d = 1×2, got 1×3/);
  });

  it("the character model's divergence is a TrainingDivergedError, like train's", () => {
    const text = "abcabcabdabcabcabdabcabcabd".repeat(4);
    throwsKind(
      () => trainCharLM({ text, hiddenSize: 4, seqLength: 4, batchSize: 2, steps: 50, optimizer: "adagrad", lr: 1e308, clipNorm: 1e300 }),
      TrainingDivergedError,
      /trainCharLM diverged at step \d+: the loss or gradient became (NaN|Infinity)\. .*lr, now 1e\+308/,
    );
  });

  it("lib/notebook throws the same vocabulary: no bare TypeError or RangeError", () => {
    throwsKind(
      () => liveTraining({ epochs: 0 }),
      ValueError,
      /opts\.epochs \(the planned number of epochs\) must be a positive integer, got 0/,
    );
    throwsKind(() => heatmap([[1, 2]], { zmin: 2, zmax: 1 }), ValueError, /zmin = 2 and zmax = 1, expected zmin < zmax/);
    throwsKind(() => heatmap([[1, 2]], { zmin: NaN }), ValueError, /opts\.zmin is NaN/);
    throwsKind(() => lineChart([{ y: [1, 2] }], { width: 10 }), ValueError, /opts\.width is 10/);
    throwsKind(() => lineChart([{ y: [1, NaN] }]), ValueError, /series\[0\]\.y\[1\] is NaN/);
    throwsKind(() => lineChart([{ y: [1, "2" as unknown as number] }]), ValueError, /series\[0\]\.y\[1\] is the string "2"/);
    throwsKind(() => lineChart([]), ShapeError, /series is an empty array/);
    throwsKind(() => show(null as never), ValueError, /expected a Figure .* got null/);
    throwsKind(() => showSVG("<div/>"), ValueError, /expected "<svg …>"/);
    throwsKind(() => showSVG(42 as unknown as string), ValueError, /svg is 42/);
    throwsKind(() => matrixTex(Matrix.from([[1]]), 40), ValueError, /digits is 40/);
  });

  it("is the only vocabulary lib/ throws: no plain Error, TypeError or RangeError, no hand-rolled unknown-option fallback", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    for (const file of files(join(__dirname, "..", "lib"))) {
      const source = readFileSync(file, "utf8");
      assert.doesNotMatch(source, /new (Error|TypeError|RangeError)\(/, `${file} throws outside the vocabulary`);
    }
  });

  it("names a typo'd option with the one meant, in the same words everywhere", () => {
    throwsKind(
      () => optimizer("adam", { learningRate: 0.1 } as object),
      ValueError,
      /^unknown option `learningRate` of optimizer\("adam"\) — did you mean `lr`\?/,
    );
    throwsKind(
      () => lineChart([{ y: [1] }], { titel: "a" } as object),
      ValueError,
      /^unknown option `titel` of lineChart — did you mean `title`\?/,
    );
    throwsKind(
      () => initParams({ inputSize: 1, hiddenSize: 1, outputSize: 1, seed: 3 } as never, 0),
      ValueError,
      /^unknown option `seed` of initParams \(its sizes: `cell`, `inputSize`, `hiddenSize`, `outputSize`\)/,
    );
  });
});
