/**
 * lib/notebook/animation.ts: an animated figure shows its last frame until played, has one slider step
 * per frame and fixed axes, Plotly's play and stop forms on its buttons, and refuses malformed frames.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { animatedChart } from "../lib/notebook/animation";

test("bad frames raise an error that names the frame and what was expected", () => {
  assert.throws(() => animatedChart([]), /frames is an empty array/);
  assert.throws(
    () =>
      animatedChart([
        { name: "a", data: [{ y: [1] }] },
        { name: "b", data: [] },
      ]),
    /frames\[1\]\.data has 0 traces, expected 1/,
  );
});

test("animatedChart shows its last frame until played, one slider step per frame, fixed axes", () => {
  const frames = [0, 1, 2].map((t) => ({ name: `t = ${t}`, data: [{ type: "scatter", x: [0, 1], y: [t, -t] }] }));
  const fig = animatedChart(frames, { title: "Figure 2 · Steps" });
  assert.deepEqual(fig.data[0].y, [2, -2], "a reader who never presses Play sees the whole story");
  assert.equal(fig.layout.sliders[0].active, 2, "the slider sits on the frame drawn");
  assert.deepEqual(animatedChart(frames, { start: "first" }).data[0].y, [0, -0]);
  assert.equal(fig.frames?.length, 3);
  assert.deepEqual(
    fig.layout.sliders[0].steps.map((s: { label: string }) => s.label),
    ["t = 0", "t = 1", "t = 2"],
  );
  const [lo, hi] = fig.layout.yaxis.range;
  assert.ok(lo < -2 && hi > 2, `y range ${lo}…${hi} covers every frame`);
  assert.throws(
    () => animatedChart(frames, { start: "middle" as "first" }),
    /opts\.start is the string "middle", expected "first" or "last"/,
  );
});

test("▶ Play uses Plotly's play form [null, …] and ❚❚ Pause its stop form [[null], …]", () => {
  const fig = animatedChart([0, 1].map((t) => ({ name: `t${t}`, data: [{ type: "bar", y: [t] }] })));
  const [play, pause] = fig.layout.updatemenus[0].buttons;
  assert.match(play.label, /Play/);
  assert.equal(play.args[0], null, "null (not [null]) animates every frame");
  assert.equal(play.args[1].fromcurrent, true);
  assert.ok(play.args[1].frame.duration > 0);
  assert.match(pause.label, /Pause/);
  assert.deepEqual(pause.args[0], [null], "[null] interrupts the running animation");
  const slider = fig.layout.sliders[0],
    menu = fig.layout.updatemenus[0];
  assert.ok(slider.pad.t - menu.pad.t >= 35, "the buttons sit on a row of their own above the slider");
});
