/**
 * Tests of lib/budget.ts: a network of exactly PARAM_BUDGET parameters passes, one more is refused
 * naming its largest size, and a gated cell's own count is the one checked.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShapeError, PARAM_BUDGET } from "../lib";
import { checkParamBudget } from "../lib/budget";

describe("budget", () => {
  it("lets through exactly PARAM_BUDGET parameters and refuses one more, naming the largest size", () => {
    const sizes = { inputSize: 1, hiddenSize: 1, outputSize: 1 };
    checkParamBudget(sizes, PARAM_BUDGET);
    assert.throws(
      () => checkParamBudget({ inputSize: 7, hiddenSize: 3, outputSize: 5 }, PARAM_BUDGET + 1),
      (e: unknown) => e instanceof ShapeError && e.message.includes("16,777,217 parameters") && /reduce inputSize \(7\)$/.test(e.message),
    );
  });

  it("counts the Elman network's d·h + h·h + h + h·k + k when no count is given", () => {
    // d = k = 1: h = 4095 needs 3·4095 + 4095² + 1 = 16,781,311 > 2²⁴; h = 4094 needs 16,773,119 ≤ 2²⁴
    checkParamBudget({ inputSize: 1, hiddenSize: 4094, outputSize: 1 });
    assert.throws(
      () => checkParamBudget({ inputSize: 1, hiddenSize: 4095, outputSize: 1 }),
      /need 16,781,311 parameters.*reduce hiddenSize \(4095\)/,
    );
  });
});
