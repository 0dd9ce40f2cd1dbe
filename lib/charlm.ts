/**
 * A character-level language model: a recurrent network (Elman, LSTM or GRU) reads one-hot characters
 * and predicts the next one (softmax over the vocabulary); it reads, scores and samples text. It is scored
 * like any LanguageModel (bigram.ts): mean log-likelihood per character and perplexity. Training is
 * charlm-train.ts.
 */
import { checkScorable, LanguageModel } from "./bigram";
import { Cell } from "./cells/cell";
import { checkedParams } from "./cells/params";
import { CellName, cellOf } from "./cells/registry";
import { checkOptions, checkPositive, checkPositiveInt } from "./check";
import { CellStepper } from "./engine/stepper";
import { describeValue, ShapeError, ValueError } from "./errors";
import { softmaxRow } from "./loss";
import { Matrix } from "./matrix";
import { Random } from "./random";
import { CellParams, CellParamsLike } from "./shapes";
import { Vocabulary } from "./vocabulary";

/** What `CharLM.run` records along a text. */
export interface CharLMTrace {
  /** H[t] = h_t after reading character t (h values) */
  H: Float64Array[];
  /** probs[t] = p(c_{t+1} | c_0 … c_t), V values */
  probs: Float64Array[];
  /** logProbs[t] = log p(c_{t+1} | …) of the character that actually follows (N − 1 values) */
  logProbs: number[];
}

/** Options of `CharLM.sample`. */
export interface SampleOptions {
  /** text to read first (its last character starts the generation); default: one character drawn from the vocabulary */
  prompt?: string;
  /** characters to generate after the prompt */
  length: number;
  /** softmax temperature τ > 0: p ∝ exp(logit / τ); below 1 is more conservative, above 1 more adventurous (default 1) */
  temperature?: number;
  /** seed of the sampler's Random (default 0) */
  seed?: number;
}

/** Options of the `CharLM` constructor. */
export interface CharLMOptions {
  /** the recurrent cell: "elman" (default), "lstm", "gru" or a cell of your own; the parameters must be of its shapes */
  cell?: CellName | Cell | null;
}

/**
 * A trained character-level RNN: parameters { Wx V×Gh, Wh h×Gh, bh 1×Gh, Wo h×V, bo 1×V } of its cell
 * (Gh = h for Elman, 4h for the LSTM, 3h for the GRU, which also has bx) and its vocabulary.
 * Reading a character c is x_t = onehot(c), so x_t W_x is simply row c of W_x; each step is the
 * cell's own forward step (lib/cells), run by a CellStepper.
 */
export class CharLM implements LanguageModel {
  /** the parameters (converted and checked: finite, consistent shapes); training updates them in place */
  readonly params: CellParams;
  /** the recurrent cell */
  readonly cell: Cell;
  /** the cell stepped on one stream over these parameters (shared by run, sample and step) */
  private readonly stepper: CellStepper;

  constructor(
    readonly vocab: Vocabulary,
    paramsIn: CellParams | CellParamsLike,
    options: CharLMOptions = {},
  ) {
    if (!(vocab instanceof Vocabulary)) throw new ValueError(`CharLM: vocab is ${describeValue(vocab)}, expected a Vocabulary`);
    checkOptions("CharLM", options, ["cell"]);
    const cell = (this.cell = cellOf(options?.cell));
    const params = (this.params = checkedParams(cell, paramsIn));
    if (params.Wx.rows !== vocab.size || params.Wo.cols !== vocab.size) {
      const Gh = params.Wh.cols === params.Wh.rows ? "h" : `${params.Wh.cols / params.Wh.rows}h`;
      throw new ShapeError(
        `CharLM: Wx must be V×${Gh} and Wo h×V with V = ${vocab.size}, got Wx ${params.Wx.shape} and Wo ${params.Wo.shape}`,
      );
    }
    this.stepper = new CellStepper(cell, params);
  }

  /** h, the number of hidden units. */
  get hiddenSize(): number {
    return this.params.Wh.rows;
  }

  /** The number of values in the state `step` reads and writes: h, or 2h for a cell that carries c (h, then c). */
  get stateSize(): number {
    return this.cell.state.length * this.hiddenSize;
  }

  /**
   * One step of inference on a single stream: reads character `c` from `state` (h, or for the LSTM h
   * then c: `stateSize` values), writes the logits b_o + h_t W_o to `logits` and returns the new state.
   *
   * @example
   * let state = new Float64Array(model.stateSize);
   * state = model.step(state, vocab.id("a"), logits);
   */
  step(state: Float64Array, c: number, logits: Float64Array): Float64Array {
    const V = this.vocab.size,
      h = this.hiddenSize,
      size = this.stateSize;
    if (!Number.isInteger(c) || c < 0 || c >= V) throw new ValueError(`step: character id ${describeValue(c)} is not in [0, ${V - 1}]`);
    if (!(state instanceof Float64Array)) {
      throw new ValueError(`step: state is ${describeValue(state)}, expected a Float64Array of ${size}`);
    }
    if (state.length !== size) {
      const what = size > h ? `2h = ${size} (h, then the ${this.cell.name} cell's c)` : `the hidden size ${size}`;
      throw new ShapeError(`step: state has ${state.length} values, expected ${what}`);
    }
    if (!(logits instanceof Float64Array)) {
      throw new ValueError(`step: logits is ${describeValue(logits)}, expected a Float64Array of V = ${V} to write into`);
    }
    if (logits.length !== V) throw new ShapeError(`step: logits has ${logits.length} values, expected V = ${V} (one per character)`);
    const s = this.stepper;
    s.reset(new Matrix(1, h, state.slice(0, h)), size > h ? new Matrix(1, h, state.slice(h)) : undefined);
    logits.set(s.readIds([c]).data);
    return stateOf(s);
  }

  /**
   * Reads `text` from a zero state and records every h_t, every next-character distribution and the
   * log-probability of each character that actually follows.
   *
   * @example
   * const { H, probs } = model.run("O defunto autor"); // H: 15 states of h values
   */
  run(text: string, options: { keep?: boolean | null } = {}): CharLMTrace {
    checkOptions("run", options, ["keep"]);
    const ids = this.vocab.encode(text);
    const keep = options?.keep ?? true;
    const s = this.stepper;
    s.reset();
    const logits = new Float64Array(this.vocab.size);
    const trace: CharLMTrace = { H: [], probs: [], logProbs: [] };
    for (let t = 0; t < ids.length; t++) {
      logits.set(s.readIds([ids[t]]).data);
      const p = softmaxInPlace(checkLogits(logits, t), 1);
      if (keep) {
        trace.H.push(s.h.data.slice());
        trace.probs.push(p.slice());
      }
      if (t + 1 < ids.length) trace.logProbs.push(Math.log(p[ids[t + 1]]));
    }
    return trace;
  }

  logLikelihood(text: string): number {
    checkScorable(text, this.vocab);
    const { logProbs } = this.run(text, { keep: false });
    return logProbs.reduce((s, v) => s + v, 0) / logProbs.length;
  }

  /**
   * Generates text: reads the prompt, then repeatedly draws the next character from softmax(logits/τ)
   * and feeds it back. Returns only the generated characters (not the prompt).
   *
   * @example
   * model.sample({ prompt: "Marcela ", length: 80, temperature: 0.7, seed: 1 });
   */
  sample(options: SampleOptions): string {
    if (options === null || typeof options !== "object") {
      throw new ValueError(`sample: options is ${describeValue(options)}, expected { length, prompt?, temperature?, seed? }`);
    }
    checkOptions("sample", options, ["prompt", "length", "temperature", "seed"]);
    const { length } = options;
    const temperature = options.temperature ?? 1;
    checkPositiveInt("length", length);
    checkPositive("temperature", temperature);
    const rng = new Random(options.seed ?? 0);
    const prompt = options.prompt ?? this.vocab.char(rng.int(this.vocab.size));
    if (typeof prompt !== "string" || prompt.length === 0) {
      throw new ValueError(`prompt must be a non-empty string (or omitted), got ${describeValue(prompt)}`);
    }
    const ids = this.vocab.encode(prompt);
    const s = this.stepper;
    s.reset();
    const logits = new Float64Array(this.vocab.size);
    let out = "";
    for (const c of ids) logits.set(s.readIds([c]).data);
    for (let i = 0; i < length; i++) {
      const c = rng.categorical(softmaxInPlace(checkLogits(logits, i), temperature));
      out += this.vocab.chars[c];
      logits.set(s.readIds([c]).data);
    }
    return out;
  }
}

/** A stepper's state as one array: h, then c for a cell that carries c. */
function stateOf(s: CellStepper): Float64Array {
  const out = new Float64Array(s.h.cols + s.c.cols);
  out.set(s.h.data);
  out.set(s.c.data, s.h.cols);
  return out;
}

/** Throws unless every logit is finite: NaN parameters would otherwise sample one character forever. */
function checkLogits(logits: Float64Array, t: number): Float64Array {
  let probe = 0;
  for (let j = 0; j < logits.length; j++) probe += logits[j] * 0; // 0 unless some logit is NaN or ±Infinity
  if (probe !== 0) throw new ValueError(`CharLM: the logits of step ${t} are not finite: the parameters hold NaN or ±Infinity`);
  return logits;
}

/** softmax(z/τ) written over z. */
function softmaxInPlace(z: Float64Array, temperature: number): Float64Array {
  softmaxRow(z, z, 0, z.length, temperature);
  return z;
}
