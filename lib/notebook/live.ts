/**
 * Live training output: one display, updated in place (tslab's `newDisplay`), with the loss curve
 * growing and a progress line (epoch, loss, steps/s, time left). Updates are throttled so drawing
 * never slows training; `finish` leaves a static figure with no timings, the same on every run, sent
 * like `show`'s figures as HTML and Plotly JSON.
 */
import type { EpochInfo, StepInfo } from "../train";
import { checkOptions, checkPositiveInt } from "../check";
import { describeValue, ValueError } from "../errors";
import { fmtCompact } from "../format";
import { escapeHtml } from "./escape";
import { lineChart } from "./figures";
import { ensurePlotly, figureBundle, figureHTML, figureId } from "./plotly";
import { sink, type DisplayHandle } from "./display";
import { words } from "./words";

/**
 * Options of `liveTraining`: the figure's title, the planned number of epochs, a log loss axis. The title
 * should not say the figure is live: while training it reads "… (updating)", and the figure that stays
 * (in the saved notebook and the exported page) carries the title as given.
 */
export interface LiveTrainingOptions {
  title?: string;
  epochs: number;
  logY?: boolean;
  /** axis titles (default "epochs completed" — a count, so the first point is at 1 — and "loss", in the notebook's language) */
  xTitle?: string;
  yTitle?: string;
}

/** Callbacks for `train({ onStep, onEpoch })`, or `point` for a hand-written loop; `finish` ends it. */
export interface LiveTraining {
  onStep(info: StepInfo): void;
  onEpoch(info: EpochInfo): void;
  point(x: number, values: Record<string, number>, progress?: { done: number; total: number }): void;
  finish(): void;
}

/** The x axis of `train`'s curves: epochs are indexed from 0, so the loss after epoch e is drawn at e + 1 epochs completed. */
const xTitle = (opts: LiveTrainingOptions) => opts.xTitle ?? words().epochsCompleted;

/** Milliseconds between two redraws of the live display. */
const REDRAW_MS = 500;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The curves drawn, by name ("train", "validation", or a hand-written loop's own). */
type Curves = Map<string, { x: number[]; y: number[] }>;

/** Where training is: steps done of the planned total, the epoch (1-based, 0 before the first) and the last loss. */
interface Progress {
  done: number;
  total: number;
  epoch: number;
  loss: number;
}

/** The progress line while training: "epoch 3/30 · loss 0.1234 · 850 steps/s · 12 s left", parts known so far. */
function progressText(progress: Progress, epochs: number, seconds: number): string {
  const rate = progress.done / seconds;
  const w = words();
  const parts = [
    progress.epoch > 0 ? `${w.epoch} ${progress.epoch}/${epochs}` : "",
    Number.isFinite(progress.loss) ? `${w.loss} ${fmtCompact(progress.loss)}` : "",
    progress.done > 0 ? `${rate.toFixed(rate < 10 ? 1 : 0)} ${w.stepsPerSecond}` : "",
    progress.total > progress.done && progress.done > 0 ? w.left(duration((progress.total - progress.done) / rate)) : "",
  ];
  return parts.filter(Boolean).join(" · ");
}

/** The line that stays under the finished figure, with no timings: "finished · epochs completed 30 · train 0.1 · validation 0.2". */
function finishedText(series: Curves, xTitle: string): string {
  const last = [...series].map(([name, s]) => `${name} ${fmtCompact(s.y[s.y.length - 1])}`);
  const x = [...series.values()][0]?.x;
  const where = x ? `${xTitle} ${x[x.length - 1]}` : words().noPoints;
  return [words().finished, where, ...last].join(" · ");
}

/** Appends the point (x, value) to each named series, checking the values are finite (and positive on a log axis). */
function addPoints(series: Curves, x: number, values: Record<string, number>, logY?: boolean): void {
  if (!Number.isFinite(x)) throw new ValueError(`liveTraining: x is ${describeValue(x)}, expected a finite number`);
  for (const [name, v] of Object.entries(values)) {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ValueError(`liveTraining: values.${name} is ${describeValue(v)} at x = ${x}, expected a finite number`);
    if (logY && v <= 0) throw new ValueError(`liveTraining: values.${name} is ${v} at x = ${x}, expected a positive number on a log axis`);
    if (!series.has(name)) series.set(name, { x: [], y: [] });
    series.get(name)!.x.push(x);
    series.get(name)!.y.push(v);
  }
}

/** The curves drawn so far; while `live`, the title says the figure is still updating. */
function lossChart(series: Curves, opts: LiveTrainingOptions, live: boolean) {
  const lines = [...series].map(([name, s]) => ({ x: s.x, y: s.y, name, mode: "lines+markers" as const }));
  const title = live && opts.title !== undefined ? `${opts.title} ${words().updating}` : opts.title;
  return lineChart(lines, { title, xTitle: xTitle(opts), yTitle: opts.yTitle ?? words().loss, logY: opts.logY });
}

/** Where `train`'s step report puts training, counting steps over the planned epochs. */
function stepProgress(info: StepInfo, epochs: number): Progress {
  return {
    done: info.epoch * info.stepsPerEpoch + info.step + 1,
    total: epochs * info.stepsPerEpoch,
    epoch: info.epoch + 1,
    loss: info.loss,
  };
}

/**
 * A live loss curve. Example:
 * `const live = liveTraining({ title: "Figure 5 · Loss while training", epochs: 30, logY: true });`
 * `train({ …, epochs: 30, onStep: live.onStep, onEpoch: live.onEpoch }); live.finish();`
 */
export function liveTraining(opts: LiveTrainingOptions): LiveTraining {
  checkOptions("liveTraining", opts, ["title", "epochs", "logY", "xTitle", "yTitle"]);
  if (!opts || typeof opts !== "object") throw new ValueError(`liveTraining: opts is ${describeValue(opts)}, expected { epochs, … }`);
  checkPositiveInt("liveTraining: opts.epochs (the planned number of epochs)", opts.epochs);
  const series: Curves = new Map();
  const started = performance.now();
  let handle: DisplayHandle | undefined;
  let lastDraw = -Infinity;
  let progress: Progress = { done: 0, total: 0, epoch: 0, loss: NaN };
  let finished = false;

  // One id for the figure that stays, from the options and the rank of this figure in the session (so a
  // rebuild is byte-identical); redraws while training get ids of their own, which no saved page keeps.
  const id = figureId({ liveTraining: opts });
  let redraws = 0;

  function draw(line: string, final: boolean): void {
    ensurePlotly();
    handle ??= sink().newDisplay();
    const progressLine = `<div class="rnn-progress" style="font-family:monospace;margin:4px 0">${escapeHtml(line)}</div>\n`;
    if (series.size === 0) handle.display({ "text/html": progressLine });
    else if (!final) handle.display({ "text/html": progressLine + figureHTML(lossChart(series, opts, true), `${id}-${++redraws}`) });
    else {
      const fig = lossChart(series, opts, false);
      handle.display(figureBundle(fig, progressLine + figureHTML(fig, id)));
    }
    lastDraw = performance.now();
  }

  function maybeDraw(): void {
    if (finished || performance.now() - lastDraw < REDRAW_MS) return;
    draw(progressText(progress, opts.epochs, (performance.now() - started) / 1000), false);
  }
  const add = (x: number, values: Record<string, number>) => addPoints(series, x, values, opts.logY);

  const live: LiveTraining = {
    onStep(info: StepInfo) {
      progress = stepProgress(info, opts.epochs);
      maybeDraw();
    },
    onEpoch(info: EpochInfo) {
      const w = words();
      add(
        info.epoch + 1,
        Number.isFinite(info.valLoss) ? { [w.train]: info.trainLoss, [w.validation]: info.valLoss } : { [w.train]: info.trainLoss },
      );
      progress = { ...progress, epoch: info.epoch + 1, loss: info.trainLoss };
      maybeDraw();
      if (info.epoch + 1 >= opts.epochs) live.finish();
    },
    point(x, values, p) {
      add(x, values);
      const first = Object.values(values)[0];
      if (p) progress = { ...progress, done: p.done, total: p.total, loss: first ?? progress.loss };
      else progress = { ...progress, loss: first ?? progress.loss };
      maybeDraw();
    },
    finish() {
      if (finished) return;
      draw(finishedText(series, xTitle(opts)), true);
      finished = true;
    },
  };
  return live;
}
