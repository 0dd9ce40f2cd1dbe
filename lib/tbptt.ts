/**
 * Truncated backpropagation through time for long streams (text): the stream is cut into windows of
 * T steps; each window starts from the state the previous one ended in (carried forward: h, and the
 * LSTM's c), but its gradient stops at the window's start, so memory and time per update stay bounded.
 */
import { checkOptions } from "./check";
import { Matrix } from "./matrix";
import { AnyParams, manyToMany, SequenceOptions, SequenceResult, StepTarget } from "./objectives";
import { SequenceLike } from "./shapes";

/**
 * Carries the state across windows.
 *
 * @example
 * const stream = new CarriedState();
 * for (const [xs, ys] of windows) {
 *   const r = stream.window(params, xs, ys, { loss: "crossEntropy", cell: "lstm" }); // starts from the last h and c
 *   opt.step(params, r.grads);
 * }
 */
export class CarriedState {
  /** h at the end of the last window, n×h (null before the first or after `reset`) */
  state: Matrix | null = null;
  /** the LSTM's c at the end of the last window, n×h (null for cells that carry h only) */
  cellState: Matrix | null = null;

  /** Loss and gradients on one window, starting from the carried state; then carries its last h (and c). */
  window(
    params: AnyParams,
    xs: SequenceLike,
    targets: (StepTarget | null)[],
    options: Omit<SequenceOptions, "h0" | "c0"> = {},
  ): SequenceResult {
    checkOptions("window", options, ["loss", "cell", "activation", "dhLast", "dcLast", "perStep"]);
    const r = manyToMany(params, xs, targets, { ...options, h0: this.state, c0: this.cellState });
    const last = r.H.length - 1;
    // values, not paths: the gradient stops here
    this.state = r.H[last].clone();
    this.cellState = r.C.length > 0 ? r.C[last].clone() : null;
    return r;
  }

  /** Forget the state (e.g. at the start of a new epoch or document). */
  reset(): void {
    this.state = null;
    this.cellState = null;
  }
}
