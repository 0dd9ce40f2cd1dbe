/**
 * lib/notebook/display.ts: displays go to an installed sink, else (outside a tslab kernel) a one-line
 * note on stdout that says what would be shown; removing the sink restores that default.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDisplaySink, sink, type MimeBundle } from "../lib/notebook/display";

/** What `run` prints with console.log. */
function printed(run: () => void): string[] {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  try {
    run();
  } finally {
    console.log = log;
  }
  return lines;
}

test("an installed sink receives every display and every update of a display in place", () => {
  const got: string[] = [];
  setDisplaySink({
    display: (b: MimeBundle) => void got.push(`out ${b["text/html"]}`),
    newDisplay: () => ({ display: (b: MimeBundle) => void got.push(`update ${b["text/html"]}`) }),
  });
  sink().display({ "text/html": "a" });
  const handle = sink().newDisplay();
  handle.display({ "text/html": "b" });
  handle.display({ "text/html": "c" });
  setDisplaySink(undefined);
  assert.deepEqual(got, ["out a", "update b", "update c"]);
});

test("outside a kernel a figure or a display prints one line saying where it would be shown", () => {
  const lines = printed(() => {
    sink().display({ "application/vnd.plotly.v1+json": {}, "text/html": "<div></div>" });
    sink().display({ "text/html": "<b>hi</b>" });
    sink().newDisplay().display({ "text/html": "x" });
  });
  assert.deepEqual(lines, [
    "[figure: shown in a Jupyter notebook under the tslab kernel]",
    "[display: shown in a Jupyter notebook under the tslab kernel]",
    "[display: shown in a Jupyter notebook under the tslab kernel]",
  ]);
});
