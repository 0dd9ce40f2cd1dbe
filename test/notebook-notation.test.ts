/**
 * Equation notation as plain Unicode text: subscripts and superscripts where Unicode has them, TeX
 * commands as their symbols, and anything Unicode cannot write left exactly as typed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sub, sup, texToUnicode } from "../lib/notebook/notation";

test("subscripts and superscripts, braced or of one character", () => {
  assert.equal(texToUnicode("h_{t−1} → h_t are W_h"), "hₜ₋₁ → hₜ are Wₕ");
  assert.equal(texToUnicode("W^T and e^{-1}"), "Wᵀ and e⁻¹");
  assert.equal(texToUnicode("$\\hat y_t = b_o + h_t W_o$"), "ŷₜ = bₒ + hₜ Wₒ");
  assert.equal(sub("t-1") + sup(2), "ₜ₋₁²");
});

test("TeX commands become their symbols; fractions become a/b", () => {
  assert.equal(texToUnicode("\\frac{\\partial L}{\\partial W_h}"), "∂L/∂Wₕ");
  assert.equal(texToUnicode("\\frac{\\partial L}{\\partial h_{t-1}}"), "∂L/∂hₜ₋₁");
  assert.equal(texToUnicode("\\frac{a+b}{2}"), "(a+b)/2");
  assert.equal(texToUnicode("\\|W_h\\| \\approx \\sigma_{max}"), "‖Wₕ‖ ≈ σₘₐₓ");
  assert.equal(texToUnicode("\\text{loss} \\cdot \\tanh(z_t)"), "loss · tanh(zₜ)");
});

test("what Unicode cannot write, and words with underscores, are left as typed", () => {
  assert.equal(texToUnicode("h_T"), "h_T", "no subscript capital T in Unicode");
  assert.equal(texToUnicode("x_{b}"), "x_{b}");
  assert.equal(texToUnicode("train_loss and demand_t"), "train_loss and demandₜ");
  assert.equal(texToUnicode("\\mathcal{L}"), "\\mathcal{L}");
  assert.throws(() => sub("T"), /sub: "T" has a character with no Unicode subscript/);
  assert.throws(() => sup("q"), /sup: "q" has a character with no Unicode superscript/);
});
