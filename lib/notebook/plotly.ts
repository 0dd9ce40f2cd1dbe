/**
 * Plotly on the page: the bundle from `plotly.js-dist-min` (never a CDN) sent once per kernel session,
 * wrapped so RequireJS and CommonJS globals cannot capture it; each figure sent both as HTML (a `<div>` and
 * a script that waits for `window.Plotly`, for nbconvert and the classic Notebook) and as Plotly JSON
 * (drawn natively by JupyterLab and VS Code, even in a reopened notebook whose scripts do not run).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describeValue, ValueError } from "../errors";
import { escapeHtml, jsonForScript } from "./escape";
import { BUNDLE_MARKER, FIGURE_CLASS, plotlyBundlePath, wrapPlotlyBundle } from "./page-conventions";
import type { Figure } from "./figures";
import { sink, type MimeBundle } from "./display";
import { plotlySeparators, words } from "./words";

/** The MIME type JupyterLab and VS Code draw with their own Plotly, as plotly.py sends it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let bundleSent = false;

/** Sends the bundle as its own output the first time a kernel session shows a figure. */
export function ensurePlotly(): void {
  if (bundleSent) return;
  const source = wrapPlotlyBundle(readFileSync(plotlyBundlePath(), "utf8"));
  sink().display({ "text/html": `<script type="text/javascript" ${BUNDLE_MARKER}="1">\n${source}</script>` });
  bundleSent = true;
}

let figuresMade = 0;

/**
 * A div id from a figure's content and its rank in this kernel session: two runs of a notebook give the
 * same ids (byte-identical rebuilds), and a cell run again in a live kernel still gets a fresh one.
 */
export function figureId(content: unknown): string {
  const hash = createHash("sha256")
    .update(JSON.stringify(content) ?? "")
    .digest("hex")
    .slice(0, 10);
  return `rnn-fig-${hash}-${++figuresMade}`;
}

function checkFigure(fig: Figure): void {
  if (!fig || !Array.isArray(fig.data) || typeof fig.layout !== "object" || fig.layout === null)
    throw new ValueError(`show: expected a Figure { data: object[], layout: object }, got ${describeValue(fig)}`);
}

/** The figure as plotly.py sends it in `application/vnd.plotly.v1+json`: `{ data, layout, config }` (and `frames`). */
export function plotlyJSON(fig: Figure): { data: Figure["data"]; layout: Figure["layout"]; frames?: Figure["frames"]; config: object } {
  checkFigure(fig);
  const separators = fig.layout.separators === undefined ? plotlySeparators() : undefined; // 0,5 and 1.000 in Portuguese
  return {
    data: fig.data,
    layout: separators === undefined ? fig.layout : { ...fig.layout, separators },
    ...(fig.frames?.length ? { frames: fig.frames } : {}),
    // No toolbar: on a touch screen it stays over the first line of the title (drag to zoom, double-click to reset, still work).
    config: { responsive: true, displaylogo: false, displayModeBar: false },
  };
}

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/** The seconds a figure waits for Plotly before it says the library is missing. */
const WAIT_SECONDS = 30;

/**
 * Runs in the page before each draw, for the width the figure gets: wraps a long title onto lines (Plotly
 * never wraps one); on a phone, stacks panels that sit side by side; and grows the figure by the height
 * the title's lines and a legend below (or above) the plot take, so the plot keeps the height it was given.
 */
const FIT = `function fit(fig, width) {
    var l = fig.layout, font = l.font || {}, ctx = document.createElement("canvas").getContext("2d");
    var measure = function (s, size) { ctx.font = size + "px " + (font.family || "sans-serif"); return ctx.measureText(String(s)).width; };
    var layout = Object.assign({}, l), height = l.height || 400, top = (l.margin && l.margin.t) || 0, titleHeight = 0, legendHeight = 0;
    var t = l.title, text = t && t.text && String(t.text).replace(/<br>/g, " ");
    if (text) {
      var size = (t.font && t.font.size) || Math.round((font.size || 12) * 1.4), words = text.split(" "), lines = [words[0]];
      for (var i = 1; i < words.length; i++) {
        var more = lines[lines.length - 1] + " " + words[i];
        if (measure(more, size) > width - 24) lines.push(words[i]); else lines[lines.length - 1] = more;
      }
      var pad = 10 + (lines.length - 1) * 6; // Plotly anchors a multi-line title's top a little too high
      layout.title = Object.assign({}, t, { text: lines.join("<br>"), y: 1, yref: "container", yanchor: "top", pad: { t: pad } });
      titleHeight = pad + 14 + lines.length * size * 1.25;
    }
    var panels = Object.keys(l).filter(function (k) { return /^xaxis\\d*$/.test(k) && l[k] && l[k].domain; }).sort();
    var sideBySide = panels.length > 1 && panels.every(function (k, i) { return i === 0 || l[k].domain[0] >= l[panels[i - 1]].domain[1]; });
    if (width < 600 && sideBySide) {
      // Panels side by side are too narrow on a phone: stack them, each across the whole width.
      // Every panel equally tall, the same gap (a share of the figure's height) between each two.
      var n = panels.length, gap = Math.min(0.16, 0.24 / (n - 1)), band = (1 - gap * (n - 1)) / n;
      panels.forEach(function (k, i) {
        var y = "yaxis" + ((l[k].anchor || "y").slice(1)), top = 1 - i * (band + gap);
        layout[k] = Object.assign({}, l[k], { domain: [0, 1] });
        layout[y] = Object.assign({}, l[y], { domain: [Math.max(0, top - band), top] });
      });
      height = height * n * 0.8;
    }
    var named = fig.data.filter(function (d) { return d.showlegend !== false && d.name !== undefined; });
    var horizontal = l.legend && l.legend.orientation === "h", below = horizontal && l.legend.yref === "container";
    var above = horizontal && l.legend.yref !== "container" && l.legend.y >= 1;
    if ((below || above) && l.showlegend !== false && (l.showlegend === true || named.length > 1)) {
      var ls = (l.legend.font && l.legend.font.size) || font.size || 12, rows = 1, x = 0;
      named.forEach(function (d) {
        var w = measure(d.name, ls) + 50;
        if (x > 0 && x + w > width - 20) { rows++; x = 0; }
        x += w;
      });
      legendHeight = rows * ls * 1.6 + 12;
    }
    // The top margin holds the title's lines (and a legend above the plot); the figure grows by what they
    // and a legend below the plot take, so the plot keeps the height it was given.
    var newTop = Math.max(top, titleHeight + (above ? legendHeight : 0));
    layout.margin = Object.assign({}, l.margin, { t: newTop });
    layout.height = height + (newTop - top) + (below ? legendHeight : 0);
    return Object.assign({}, fig, { layout: layout });
  }`;

/**
 * HTML for one figure: a `<div>` with an id from its content and a script that draws `fig` once both the
 * div and `window.Plotly` exist, refitting the title when the width changes. Every value reaches the page
 * as escaped JSON.
 */
export function figureHTML(fig: Figure, id?: string): string {
  checkFigure(fig);
  id ??= figureId(fig);
  const figure = { ...plotlyJSON(fig), frames: fig.frames ?? [] };
  const height = Number.isFinite(fig.layout.height) ? fig.layout.height : 400;
  const title =
    typeof fig.layout.title?.text === "string" ? fig.layout.title.text.replace(/&lt;|&gt;|&amp;/g, (e: string) => ENTITIES[e]) : "";
  // What the div says until the script draws the figure (all that remains where scripts do not run), and without Plotly.
  const { drawing, plotlyMissing: missing, restartKernel: inNotebook } = words();
  return `<div id="${escapeHtml(id)}" class="${FIGURE_CLASS}" data-traces="${fig.data.length}" aria-label="${escapeHtml(title)}" style="width:100%;min-height:${height}px">${drawing}</div>
<script type="text/javascript">
(function () {
  var id = ${jsonForScript(id)}, fig = ${jsonForScript(figure)}, start = Date.now(), drawnAt = 0;
  ${FIT}
  // Plotly sizes an autosized figure from its div whenever it redraws (each animation frame): the div must
  // hold the fitted height, or the figure shrinks back mid-animation and loses a click on its slider.
  function sized(f) {
    var el = document.getElementById(id);
    if (el && f.layout.height) el.style.minHeight = f.layout.height + "px";
    return f;
  }
  function draw() {
    var el = document.getElementById(id);
    if (el && window.Plotly) {
      el.textContent = "";
      drawnAt = el.clientWidth;
      window.Plotly.newPlot(el, sized(fit(fig, drawnAt))).then(function () {
        // ❚❚ Pause interrupts ▶ Play, and Plotly rejects the interrupted animation's promise with nothing,
        // which its buttons never catch: keep that one non-error out of the console.
        el.on("plotly_animationinterrupted", function () { window.rnnAnimationInterrupted = Date.now(); });
        if (window.rnnQuietPause) return;
        window.rnnQuietPause = true;
        window.addEventListener("unhandledrejection", function (e) {
          if (e.reason === undefined && Date.now() - (window.rnnAnimationInterrupted || 0) < 1000) e.preventDefault();
        });
      });
      window.addEventListener("resize", function () {
        if (!document.body.contains(el) || Math.abs(el.clientWidth - drawnAt) < 40) return;
        drawnAt = el.clientWidth;
        window.Plotly.react(el, sized(fit(fig, drawnAt)));
      });
      return;
    }
    if (!el && window.Plotly && Date.now() - start > 5000) return; // the output was replaced (a live update)
    if (Date.now() - start > ${WAIT_SECONDS * 1000}) {
      var live = window.Jupyter || document.querySelector(".jp-NotebookPanel, .jp-LinkedOutputView");
      if (el) el.textContent = ${jsonForScript(missing)} + (live ? ${jsonForScript(inNotebook)} : "");
      return;
    }
    setTimeout(draw, 50);
  }
  draw();
})();
</script>`;
}

/** One figure as a display: HTML (for nbconvert and Notebook) and Plotly JSON (for JupyterLab and VS Code). */
export function figureBundle(fig: Figure, html = figureHTML(fig)): MimeBundle {
  return { "text/html": html, [PLOTLY_MIME]: plotlyJSON(fig) };
}

/**
 * Displays a figure in the notebook (the Plotly bundle is sent before the first one).
 * Example: `show(lineChart([{ y: [1, 0.5, 0.2] }], { title: "Figure 1 · Loss" }))`.
 */
export function show(fig: Figure): void {
  const bundle = figureBundle(fig);
  ensurePlotly();
  sink().display(bundle);
}
