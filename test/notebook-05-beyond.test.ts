/**
 * Tests of notebooks/05-beyond.ipynb, executed under the real tslab kernel: the gradient-norm slopes
 * have the signs the spectral radius predicts, the plain RNN fails the long memory task, clipping
 * helps, and the character model beats the bigram baseline (recomputed here) with perplexity below 10.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, it } from "node:test";
import { loadMemorias } from "../lib/data/text";
import { BigramModel, perplexity } from "../lib/bigram";
import { Vocabulary } from "../lib/text";
import { executeNotebook, ExecutedNotebook, root } from "./helpers/notebook";

const file = "notebooks/05-beyond.ipynb";
// Absolute, because the kernel runs in notebooks/ and would resolve a relative folder from there.
process.env.RNN_DATA_DIR = resolve(root, process.env.RNN_DATA_DIR ?? join("..", "shared", "data"));

/** The numbers on the first printed line matching `re`. */
function numbers(stdout: string, re: RegExp): number[] {
  const m = stdout.match(re);
  assert.ok(m, `no line matching ${re} in:\n${stdout}`);
  return m.slice(1).map(Number);
}

describe("notebook 05 · Beyond", () => {
  let nb: ExecutedNotebook;
  before(() => {
    nb = executeNotebook(file, { timeoutSeconds: 600 });
  });

  it("is committed clean, with ids and the tslab kernel", () => {
    const raw = JSON.parse(readFileSync(join(root, file), "utf8"));
    assert.equal(raw.metadata.kernelspec.name, "tslab");
    assert.equal(raw.nbformat, 4);
    assert.ok(raw.nbformat_minor >= 5);
    for (const c of raw.cells) {
      assert.match(c.id, /^[\w-]+$/);
      if (c.cell_type === "code") {
        assert.deepEqual(c.outputs, []);
        assert.equal(c.execution_count, null);
      }
    }
    const code = raw.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
    assert.ok(!/Math\.random|Date\.now/.test(code), "every random choice comes from a seeded Random");
  });

  it("runs top to bottom without errors", () => {
    assert.equal(nb.stderr, "");
  });

  it("numbers its figures 1 to 8", () => {
    const html = nb.html.join("\n");
    for (let k = 1; k <= 8; k++) assert.ok(html.includes(`Figure ${k} ·`), `Figure ${k}`);
  });

  it("shows gradient-norm slopes negative below and at ρ = 1, positive above, as predicted", () => {
    const rows = [
      ...nb.stdout.matchAll(
        /ρ = (\d\.\d+) \(measured ρ = (\d\.\d+), σ_max = (\d\.\d+)\): fitted slope ([-+]\d\.\d+) per step; .* = ([-+]\d\.\d+);/g,
      ),
    ];
    assert.equal(rows.length, 3);
    for (const [, rho, measured, sigma, fitted, predicted] of rows.map((r) => r.map(Number))) {
      assert.ok(Math.abs(measured - rho) < 1e-3 && Math.abs(sigma - rho) < 1e-3, `ρ and σ_max measured as ${measured}, ${sigma}`);
      if (rho < 1) assert.ok(fitted < -0.02, `ρ = ${rho}: slope ${fitted}`);
      else if (rho === 1) assert.ok(fitted < 0 && fitted > -0.02, `ρ = 1: slope ${fitted}`);
      else assert.ok(fitted > 0, `ρ = ${rho}: slope ${fitted}`);
      assert.equal(Math.sign(predicted), Math.sign(fitted));
      if (rho <= 1) assert.ok(Math.abs(fitted - predicted) < 0.005, `ρ = ${rho}: fitted ${fitted}, predicted ${predicted}`);
    }
  });

  it("finds a memory length the plain RNN cannot learn, after shorter ones it can", () => {
    const [T, acc] = numbers(nb.stdout, /stops learning the task at T = (\d+) \(mean test accuracy (\d\.\d+)\)/);
    assert.ok(T > 8 && acc < 0.9, `T = ${T}, accuracy ${acc}`);
  });

  it("shows clipping keeping training on track", () => {
    const [big, lossNoClip] = numbers(
      nb.stdout,
      /Without clipping: largest gradient norm (\d+\.\d) \(step \d+\), mean loss over the last 50 steps (\d+\.\d+)/,
    );
    const [, lossClip] = numbers(
      nb.stdout,
      /Clipped at 1: largest gradient norm (\d+\.\d) \(step \d+\), mean loss over the last 50 steps (\d+\.\d+)/,
    );
    assert.ok(big > 10, `largest norm ${big}`);
    assert.ok(lossClip < 0.05 && lossNoClip > 4 * lossClip, `loss ${lossNoClip} without, ${lossClip} with clipping`);
  });

  it("trains a character model with held-out perplexity below 10 and below the bigram model", () => {
    const [rnn] = numbers(nb.stdout, /Held-out perplexity, character RNN: (\d+\.\d+)/);
    const [bigram] = numbers(nb.stdout, /Held-out perplexity, character bigram: (\d+\.\d+)/);
    assert.ok(rnn < 10, `RNN perplexity ${rnn}`);
    assert.ok(rnn < bigram, `RNN ${rnn} vs bigram ${bigram}`);
    // The bigram number is recomputed here from the library, on the notebook's split.
    const text = loadMemorias({ download: false });
    const cut = Math.floor(text.length * 0.95);
    const vocab = new Vocabulary(text);
    assert.equal(perplexity(new BigramModel(text.slice(0, cut), { vocab, alpha: 0.1 }), text.slice(cut)).toFixed(2), bigram.toFixed(2));
  });

  it("prints samples during training and at three temperatures, and completes a prompt", () => {
    assert.equal([...nb.stdout.matchAll(/— after (\d+) updates/g)].length, 4);
    assert.equal([...nb.stdout.matchAll(/— τ = \d\.\d:\nVirgília /g)].length, 3);
    assert.match(nb.stdout, /Prompt: {6}".+"\nModel: {7}".+"\nMachado: {5}".+"/);
  });

  it("finds a hidden unit that tracks a recognisable feature", () => {
    const m = nb.stdout.match(
      /Unit (\d+) has correlation (-?\d\.\d+) with "([^"]+)": its mean activation is (-?\d\.\d+) where that holds and (-?\d\.\d+) elsewhere/,
    );
    assert.ok(m, nb.stdout);
    assert.ok(Math.abs(Number(m[2])) > 0.4, `correlation ${m[2]}`);
    assert.ok(Number(m[4]) * Number(m[5]) < 0, `mean activations ${m[4]} and ${m[5]} have opposite signs`);
  });
});
