/**
 * lib/notebook/live.ts: live training updates one display at most a few times a second and ends as a
 * static figure with no timings, for `train`'s callbacks and for a hand-written loop's points.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink } from "../lib/notebook/display";
import { liveTraining } from "../lib/notebook/live";
import { PLOTLY_MIME } from "../lib/notebook/plotly";
import { html, recorder } from "./helpers/display-recorder";

test("a planned number of epochs that is not a positive integer is refused", () => {
  assert.throws(() => liveTraining({ epochs: 0 }), /opts\.epochs \(the planned number of epochs\) must be a positive integer, got 0/);
});

test("live training redraws at most every half second and ends as a static figure without timings", () => {
  const { updates } = recorder();
  const live = liveTraining({ title: "Figure 3 · Loss", epochs: 3 });
  const started = performance.now();
  for (let epoch = 0; epoch < 3; epoch++) {
    for (let step = 0; step < 2000; step++) live.onStep({ epoch, step, stepsPerEpoch: 2000, loss: 1 / (epoch + 1), gradNorm: 1 });
    live.onEpoch({
      epoch,
      epochs: 3,
      trainLoss: 1 / (epoch + 1),
      valLoss: NaN,
      gradNorm: 1,
      history: { trainLoss: [], valLoss: [], gradNorm: [], bestEpoch: 0, stoppedEarly: false },
    });
  }
  live.finish();
  setDisplaySink(undefined);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(updates.length, 1, "one display, updated in place");
  const states = updates[0].map(html);
  assert.ok(states.length <= 2 + seconds * 2 + 1, `${states.length} redraws in ${seconds.toFixed(2)} s`);
  const last = states[states.length - 1];
  assert.match(last, /finished · epochs completed 3 · train 0\.3333/);
  const progressLine = /<div class="rnn-progress"[^>]*>(.*?)<\/div>/.exec(last)?.[1] ?? "";
  assert.doesNotMatch(progressLine, /steps\/s|left/);
  assert.ok(
    states.slice(0, -1).every((s) => /steps\/s/.test(s)),
    "intermediate states show the speed",
  );
  assert.match(last, /"y":\[1,0\.5,0\.333/);
  const final = updates[0][updates[0].length - 1];
  assert.deepEqual(
    (final[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y.slice(0, 2),
    [1, 0.5],
    "the figure that stays carries its JSON",
  );
  assert.ok(
    updates[0].slice(0, -1).every((b) => b[PLOTLY_MIME] === undefined),
    "states while training are HTML only, so JupyterLab shows their progress line",
  );
});

test("live training with point() for a hand-written loop draws each named series", () => {
  const { updates } = recorder();
  const live = liveTraining({ epochs: 1, xTitle: "step", title: "Figure 5 · Loss" });
  live.point(0, { loss: 2, perplexity: 7 }, { done: 1, total: 10 });
  live.point(5, { loss: 1, perplexity: 3 }, { done: 6, total: 10 });
  assert.throws(() => live.point(6, { loss: NaN }), /values\.loss is NaN at x = 6/);
  live.finish();
  setDisplaySink(undefined);
  const last = html(updates[0][updates[0].length - 1]);
  assert.match(last, /finished · step 5 · loss 1\.000 · perplexity 3\.000/);
  assert.match(last, /data-traces="2"/);
  assert.match(html(updates[0][0]), /Figure 5 · Loss \(updating\)/, "while training, the title says the figure is live");
  assert.doesNotMatch(last, /updating/, "the figure that stays does not claim to be live");
});
