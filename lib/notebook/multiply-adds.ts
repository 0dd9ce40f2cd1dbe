/**
 * The work of one training update, counted in multiply-adds of its matrix products: a measure of training
 * budget that is the same on every machine, unlike seconds, so models of different cells can be trained for
 * equal work and a rebuilt notebook prints the same numbers.
 */
import { cellOf, type CellName } from "../cells/registry";
import { describeValue, ValueError } from "../errors";

/** A network's sizes: its cell, inputs d, hidden units h and outputs k. */
export interface NetworkSizes {
  cell?: CellName;
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
}

function checkCount(name: string, v: unknown): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new ValueError(`trainingMultiplyAdds: ${name} is ${describeValue(v)}, expected a positive integer`);
}

/**
 * Multiply-adds of the matrix products of one update on `rows` sequences of `steps` steps, for a cell with G gate
 * blocks (Elman 1, GRU 3, LSTM 4), inputs counted dense (a one-hot row as d numbers):
 *   forward   x_t W_x: d·Gh,  h_{t−1} W_h: h·Gh,  h_t W_o: h·k
 *   backward  dW_x = Xᵀ·dA: d·Gh,  dW_h = H₋ᵀ·dB: h·Gh,  dh_{t−1} = dB·W_hᵀ: h·Gh,  dW_o = Hᵀ·dŶ: h·k,  dh_t = dŶ·W_oᵀ: h·k
 * per sequence and step: 2·d·Gh + 3·h·Gh + 3·h·k. The pointwise work of the gates (a few operations per unit) is left out.
 *
 * @example
 * trainingMultiplyAdds({ cell: "lstm", inputSize: 109, hiddenSize: 27, outputSize: 109 }, { steps: 25, rows: 8 });
 */
export function trainingMultiplyAdds(sizes: NetworkSizes, batch: { steps: number; rows: number }): number {
  const { inputSize: d, hiddenSize: h, outputSize: k } = sizes;
  checkCount("inputSize", d);
  checkCount("hiddenSize", h);
  checkCount("outputSize", k);
  checkCount("steps", batch?.steps);
  checkCount("rows", batch.rows);
  const G = cellOf(sizes.cell ?? "elman").blocks.length;
  return batch.rows * batch.steps * (2 * d * G * h + 3 * h * G * h + 3 * h * k);
}
