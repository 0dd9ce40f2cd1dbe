/**
 * Truncated backpropagation through time for long streams (text): the stream is cut into windows of
 * T steps; each window starts from the state the previous one ended in (carried forward), but its
 * gradient stops at the window's start, so memory and time per update stay bounded.
 */
import { Matrix } from "./matrix";
import { manyToMany, SequenceOptions, SequenceResult, StepTarget } from "./objectives";
import { Params, SequenceLike } from "./rnn";

/**
 * Carries h across windows.
 *
 * @example
 * const stream = new CarriedState();
 * for (const [xs, ys] of windows) {
 *   const r = stream.window(params, xs, ys, { loss: "crossEntropy" }); // starts from the last h
 *   opt.step(params, r.grads);
 * }
 */
export class CarriedState {
  /** h at the end of the last window, n×h (null before the first or after `reset`) */
  state: Matrix | null = null;

  /** Loss and gradients on one window, starting from the carried state; then carries its last h. */
  window(params: Params, xs: SequenceLike, targets: (StepTarget | null)[], options: Omit<SequenceOptions, "h0"> = {}): SequenceResult {
    const r = manyToMany(params, xs, targets, { ...options, h0: this.state ?? undefined });
    this.state = r.H[r.H.length - 1].clone(); // a value, not a path: the gradient stops here
    return r;
  }

  /** Forget the state (e.g. at the start of a new epoch or document). */
  reset(): void {
    this.state = null;
  }
}
