/**
 * lib/notebook/train-live.ts: training with a live loss curve gives the same history as `train` alone,
 * leaves one finished figure titled as asked, and still calls the caller's own callbacks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink } from "../lib/notebook/display";
import { trainLive } from "../lib/notebook/train-live";
import { PLOTLY_MIME } from "../lib/notebook/plotly";
import { train } from "../lib/train";
import { initParams } from "../lib/cells/params";
import { manyToOne } from "../lib/objectives";
import { html, recorder } from "./helpers/display-recorder";

const xs = [
  [
    [0.5, -1],
    [1, 0],
    [0, 0.3],
  ],
  [
    [1, 1],
    [-0.5, 0.2],
    [0.1, 0],
  ],
]; // T × n × d = 2 × 3 × 2
const y = [[0.2], [-0.4], [0.7]];
const options = () => ({
  params: initParams({ inputSize: 2, hiddenSize: 4, outputSize: 1 }, 1),
  size: 3,
  epochs: 5,
  batchSize: 2,
  validationSplit: 1 / 3,
  objective: (p: ReturnType<typeof initParams>, idx: number[]) =>
    manyToOne(
      p,
      xs.map((step) => idx.map((i) => step[i])),
      idx.map((i) => y[i]),
    ),
});

test("the history is train's, the figure that stays has every epoch's losses and the title given", () => {
  const { updates } = recorder();
  let epochsSeen = 0;
  const history = trainLive({ ...options(), onEpoch: () => void epochsSeen++, live: { title: "Figure 9 · Loss", logY: true } });
  setDisplaySink(undefined);
  assert.deepEqual(history, train(options()), "the same training as train alone");
  assert.equal(epochsSeen, 5, "the caller's onEpoch still runs");
  assert.equal(updates.length, 1, "one live display");
  const final = updates[0].at(-1)!;
  const fig = final[PLOTLY_MIME] as { data: { name: string; y: number[] }[]; layout: { title: { text: string } } };
  assert.equal(fig.layout.title.text, "Figure 9 · Loss");
  assert.deepEqual(fig.data.find((t) => t.name === "train")!.y, history.trainLoss);
  assert.deepEqual(fig.data.find((t) => t.name === "validation")!.y, history.valLoss);
  assert.match(html(final), /finished · epochs completed 5/);
});

test("without live options it refuses, naming what is missing", () => {
  assert.throws(() => trainLive({ ...options() } as never), /trainLive: options\.live is undefined, expected the live figure's options/);
});
