/**
 * Tests of lib/notebook/draw-figure.js, the program every figure's script runs in the page, evaluated here
 * in a small stand-in for a page (an element, a canvas whose text is 7 px a character, a window that may
 * or may not have Plotly): it wraps a long title to the width, grows the figure by the title's lines, draws
 * once Plotly is there, and says so in the element when it never comes. The exported pages run it in
 * Chromium (test/scripts/browser.test.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runInNewContext } from "node:vm";

type Fig = { data: Record<string, unknown>[]; layout: Record<string, unknown> };

/** The file's two functions, run against a page holding one element `id`, with Plotly or without. */
function page(withPlotly: boolean, inJupyter = false) {
  const el = { textContent: "waiting", clientWidth: 700, style: { minHeight: "" }, on: () => {} };
  const drawn: Fig[] = [];
  const context: Record<string, unknown> = {
    Date,
    setTimeout: () => 0,
    document: {
      getElementById: (id: string) => (id === "fig" ? el : null),
      createElement: () => ({ getContext: () => ({ font: "", measureText: (s: string) => ({ width: 7 * s.length }) }) }),
      querySelector: () => (inJupyter ? {} : null),
      body: { contains: () => true },
    },
  };
  context.window = {
    addEventListener: () => {},
    ...(withPlotly ? { Plotly: { newPlot: (_: unknown, f: Fig) => (drawn.push(f), Promise.resolve()), react: () => {} } } : {}),
  };
  runInNewContext(readFileSync(join(__dirname, "..", "lib", "notebook", "draw-figure.js"), "utf8"), context);
  const { fitFigure, drawFigure } = context as {
    fitFigure: (f: Fig, w: number) => Fig;
    drawFigure: (id: string, f: Fig, t: object) => void;
  };
  return { el, drawn, fitFigure, drawFigure };
}

const title = "Figure 3 · A title long enough to need two lines on a phone but one on a laptop";
const fig: Fig = { data: [{ y: [1] }], layout: { title: { text: title, font: { size: 10 } }, height: 400, margin: { t: 50 } } };

describe("notebook/draw-figure", () => {
  it("wraps a long title to the width and grows the figure by its lines, keeping the plot's height", () => {
    const { fitFigure } = page(true);
    const wide = fitFigure(fig, 1280),
      narrow = fitFigure(fig, 400);
    assert.equal(wide.layout.title && (wide.layout.title as { text: string }).text, title, "one line at 1280 px");
    const lines = (narrow.layout.title as { text: string }).text.split("<br>");
    assert.ok(lines.length >= 2, `${lines.length} lines at 400 px`);
    assert.ok(
      lines.every((l) => 7 * l.length <= 400 - 24 || !l.includes(" ")),
      "each line fits",
    );
    assert.ok((narrow.layout.height as number) > (wide.layout.height as number), "the figure grows by the title's lines");
    assert.equal(fig.layout.title && (fig.layout.title as { text: string }).text, title, "the figure given is left as it was");
  });

  it("draws the fitted figure once Plotly is on the page", () => {
    const { el, drawn, drawFigure } = page(true);
    drawFigure("fig", fig, { missing: "no Plotly", inNotebook: " (restart)", waitMs: 30000 });
    assert.equal(drawn.length, 1);
    assert.equal(el.textContent, "", "the placeholder text is cleared");
    assert.equal(el.style.minHeight, `${drawn[0].layout.height}px`);
  });

  it("says Plotly did not load when it never comes, and speaks of the kernel only inside Jupyter", () => {
    const outside = page(false);
    outside.drawFigure("fig", fig, { missing: "no Plotly", inNotebook: " (restart)", waitMs: -1 });
    assert.equal(outside.el.textContent, "no Plotly");
    const inside = page(false, true);
    inside.drawFigure("fig", fig, { missing: "no Plotly", inNotebook: " (restart)", waitMs: -1 });
    assert.equal(inside.el.textContent, "no Plotly (restart)");
  });
});
