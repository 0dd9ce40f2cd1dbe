/**
 * A cell stepped one input at a time, for generation and for reading long texts: it holds the state
 * of n streams and reuses its buffers, so reading character by character allocates nothing per step.
 * The parameters are checked once, when the stepper is made.
 */
import { Cell, gateOf, StepValues } from "../cells/cell";
import { checkedParams } from "../cells/params";
import { CellName, cellOf } from "../cells/registry";
import { checkPositiveInt } from "../check";
import { describeValue, ShapeError, ValueError } from "../errors";
import { addRowVector, allocate, Matrix, MatrixLike, matMul } from "../matrix";
import type { CellParams, CellParamsLike } from "../shapes";
import { state } from "./forward";

/**
 * Steps `cell` on n streams at once.
 *
 * @example
 * const stepper = new CellStepper("lstm", params); // n = 1, h = c = 0
 * const logits = stepper.readIds([vocab.id("a")]); // ŷ_t, 1×V
 * stepper.gate("f");                                // the forget gate's values at this step, 1×h
 */
export class CellStepper {
  /** h_t (and c_t), n×h: the state after the last step */
  readonly h: Matrix;
  readonly c: Matrix;
  /** ŷ_t = b_o + h_t W_o, n×k */
  readonly yHat: Matrix;
  private readonly p: CellParams;
  private readonly values: StepValues;

  /** the cell it steps */
  readonly cell: Cell;

  constructor(
    cell: CellName | Cell,
    params: CellParams | CellParamsLike,
    readonly n = 1,
  ) {
    this.cell = cellOf(cell);
    checkPositiveInt("CellStepper: n (streams)", n);
    this.p = checkedParams(this.cell, params);
    const h = this.p.Wh.rows,
      Gh = this.p.Wh.cols,
      hc = this.cell.state.includes("c") ? h : 0;
    const [a, b, hPrev, hNow, cPrev, c, kept, yHat] = allocate([
      [n, Gh],
      [this.cell.split ? n : 0, Gh],
      [n, h],
      [n, h],
      [n, hc],
      [n, hc],
      [n, this.cell.keeps * h],
      [n, this.p.Wo.cols],
    ]);
    this.values = { a, b: this.cell.split ? b : a, hPrev, h: hNow, cPrev, c, kept };
    this.h = hNow;
    this.c = c;
    this.yHat = yHat;
  }

  /** Sets the state to h0 (and c0), n×h each, or to zeros. */
  reset(h0?: MatrixLike | null, c0?: MatrixLike | null): void {
    const h = state(this.cell, "h0", h0, this.n, this.h.cols),
      c = state(this.cell, "c0", c0, this.n, this.h.cols, true);
    if (h) this.h.data.set(h.data);
    else this.h.data.fill(0);
    if (c) this.c.data.set(c.data);
    else this.c.data.fill(0);
  }

  /** One step on the inputs x_t (n×d). Returns ŷ_t (a view that the next step overwrites). */
  read(x: Matrix): Matrix {
    if (!(x instanceof Matrix))
      throw new ValueError(`read: x is ${describeValue(x)}, expected a Matrix of n×d = ${this.n}×${this.p.Wx.rows}`);
    if (x.rows !== this.n || x.cols !== this.p.Wx.rows) {
      throw new ShapeError(`expected x_t of n×d = ${this.n}×${this.p.Wx.rows}, got ${x.shape}`);
    }
    // x_t W_x
    matMul(x, this.p.Wx, this.values.a);
    return this.advance();
  }

  /**
   * One step on one-hot inputs given by their indices (one per stream): x_t W_x is then row ids[r]
   * of W_x. Returns ŷ_t (a view that the next step overwrites).
   */
  readIds(ids: ArrayLike<number>): Matrix {
    const { Wx } = this.p,
      Gh = Wx.cols,
      a = this.values.a.data,
      w = Wx.data;
    if (ids === null || typeof ids !== "object" || ids.length !== this.n)
      throw new ShapeError(`expected ${this.n} input indices (one per stream), got ${ids?.length ?? describeValue(ids)}`);
    for (let r = 0; r < this.n; r++) {
      const id = ids[r];
      if (!Number.isInteger(id) || id < 0 || id >= Wx.rows) {
        throw new ValueError(`input index ids[${r}] = ${describeValue(id)} is not in [0, ${Wx.rows - 1}] (d = ${Wx.rows} inputs)`);
      }
      a.set(w.subarray(id * Gh, (id + 1) * Gh), r * Gh);
    }
    return this.advance();
  }

  /** The values of gate `name` (e.g. "f" of the LSTM, "z" of the GRU) at the last step, n×h (a copy). */
  gate(name: string): Matrix {
    return gateOf(this.cell, this.values.a, name);
  }

  /** The rest of a step once x_t W_x is in place: the state moves back one step, the cell steps, ŷ_t is read out. */
  private advance(): Matrix {
    const v = this.values;
    v.hPrev.data.set(v.h.data);
    v.cPrev.data.set(v.c.data);
    this.cell.forward(this.p, v);
    // ŷ_t = b_o + h_t W_o
    return addRowVector(matMul(v.h, this.p.Wo, this.yHat), this.p.bo);
  }
}
