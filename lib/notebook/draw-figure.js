// @ts-check
/**
 * The program a figure's `<script>` runs in the page (lib/notebook/plotly.ts puts this file's text in every
 * figure's output, then calls `drawFigure`): it waits for the `<div>` and `window.Plotly`, fits the figure to
 * the width it gets, draws it, and fits it again when the width changes. Plain ES5 for any browser that runs
 * a notebook; linted and type-checked with the library, which reads it as text.
 */

/**
 * @typedef {{ data: Array<Record<string, any>>, layout: Record<string, any>, frames?: Array<Record<string, any>>, config?: object }} PlotlyFigure
 * @typedef {{ newPlot(el: HTMLElement, fig: PlotlyFigure): Promise<unknown>, react(el: HTMLElement, fig: PlotlyFigure): unknown, register(module: object): void }} PlotlyLib
 * @typedef {Window & { Plotly?: PlotlyLib, Jupyter?: unknown, rnnQuietPause?: boolean, rnnAnimationInterrupted?: number }} FigureWindow
 */

/**
 * Fits a figure to `width` pixels: wraps a long title onto lines (Plotly never wraps one); on a phone, stacks
 * panels that sit side by side; and grows the figure by the height the title's lines and a legend below (or
 * above) the plot take, so the plot keeps the height it was given.
 * @param {PlotlyFigure} fig
 * @param {number} width
 * @returns {PlotlyFigure}
 */
function fitFigure(fig, width) {
  var l = fig.layout,
    font = l.font || {},
    ctx = /** @type {CanvasRenderingContext2D} */ (document.createElement("canvas").getContext("2d"));
  /** @type {(s: unknown, size: number) => number} */
  var measure = function (s, size) {
    ctx.font = size + "px " + (font.family || "sans-serif");
    return ctx.measureText(String(s)).width;
  };
  var layout = Object.assign({}, l),
    height = l.height || 400,
    top = (l.margin && l.margin.t) || 0,
    titleHeight = 0,
    legendHeight = 0;
  var t = l.title,
    text = t && t.text && String(t.text).replace(/<br>/g, " ");
  if (text) {
    var size = (t.font && t.font.size) || Math.round((font.size || 12) * 1.4),
      words = text.split(" "),
      lines = [words[0]];
    for (var i = 1; i < words.length; i++) {
      var more = lines[lines.length - 1] + " " + words[i];
      if (measure(more, size) > width - 24) lines.push(words[i]);
      else lines[lines.length - 1] = more;
    }
    var pad = 10 + (lines.length - 1) * 6; // Plotly anchors a multi-line title's top a little too high
    layout.title = Object.assign({}, t, { text: lines.join("<br>"), y: 1, yref: "container", yanchor: "top", pad: { t: pad } });
    titleHeight = pad + 14 + lines.length * size * 1.25;
  }
  var panels = Object.keys(l)
    .filter(function (k) {
      return /^xaxis\d*$/.test(k) && l[k] && l[k].domain;
    })
    .sort();
  var sideBySide =
    panels.length > 1 &&
    panels.every(function (k, i) {
      return i === 0 || l[k].domain[0] >= l[panels[i - 1]].domain[1];
    });
  if (width < 600 && sideBySide) {
    // Panels side by side are too narrow on a phone: stack them, each across the whole width.
    // Every panel equally tall, the same gap (a share of the figure's height) between each two.
    var n = panels.length,
      gap = Math.min(0.16, 0.24 / (n - 1)),
      band = (1 - gap * (n - 1)) / n;
    panels.forEach(function (k, i) {
      var y = "yaxis" + (l[k].anchor || "y").slice(1),
        top = 1 - i * (band + gap);
      layout[k] = Object.assign({}, l[k], { domain: [0, 1] });
      layout[y] = Object.assign({}, l[y], { domain: [Math.max(0, top - band), top] });
    });
    height = height * n * 0.8;
  }
  var named = fig.data.filter(function (d) {
    return d.showlegend !== false && d.name !== undefined;
  });
  var horizontal = l.legend && l.legend.orientation === "h",
    below = horizontal && l.legend.yref === "container";
  var above = horizontal && l.legend.yref !== "container" && l.legend.y >= 1;
  if ((below || above) && l.showlegend !== false && (l.showlegend === true || named.length > 1)) {
    var ls = (l.legend.font && l.legend.font.size) || font.size || 12,
      rows = 1,
      x = 0;
    named.forEach(function (d) {
      var w = measure(d.name, ls) + 50;
      if (x > 0 && x + w > width - 20) {
        rows++;
        x = 0;
      }
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
}

/**
 * Draws `fig` into the element `id` once both it and `window.Plotly` exist, refitting it when the width
 * changes; after `waitMs` without Plotly, says so in the element (`texts.missing`, and `texts.inNotebook`
 * inside Jupyter, where restarting the kernel helps). `texts.locale`, when the notebook's language is not
 * Plotly's English, is registered first, so the locale `fig.config` names writes the dates.
 * @param {string} id
 * @param {PlotlyFigure} fig
 * @param {{ missing: string, inNotebook: string, waitMs: number, locale: object | null }} texts
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the script plotly.ts writes after this file
function drawFigure(id, fig, texts) {
  var page = /** @type {FigureWindow} */ (window),
    start = Date.now(),
    drawnAt = 0;
  // Plotly sizes an autosized figure from its div whenever it redraws (each animation frame): the div must
  // hold the fitted height, or the figure shrinks back mid-animation and loses a click on its slider.
  /** @type {(f: PlotlyFigure) => PlotlyFigure} */
  var sized = function (f) {
    var el = document.getElementById(id);
    if (el && f.layout.height) el.style.minHeight = f.layout.height + "px";
    return f;
  };
  var draw = function () {
    var el = /** @type {(HTMLElement & { on(event: string, f: () => void): void }) | null} */ (document.getElementById(id));
    var plotly = page.Plotly;
    if (el && plotly) {
      var drawn = el,
        lib = plotly;
      el.textContent = "";
      drawnAt = el.clientWidth;
      if (texts.locale) lib.register(texts.locale);
      lib.newPlot(el, sized(fitFigure(fig, drawnAt))).then(function () {
        // ❚❚ Pause interrupts ▶ Play, and Plotly rejects the interrupted animation's promise with nothing,
        // which its buttons never catch: keep that one non-error out of the console.
        drawn.on("plotly_animationinterrupted", function () {
          page.rnnAnimationInterrupted = Date.now();
        });
        if (page.rnnQuietPause) return;
        page.rnnQuietPause = true;
        page.addEventListener("unhandledrejection", function (e) {
          if (e.reason === undefined && Date.now() - (page.rnnAnimationInterrupted || 0) < 1000) e.preventDefault();
        });
      });
      page.addEventListener("resize", function () {
        if (!document.body.contains(drawn) || Math.abs(drawn.clientWidth - drawnAt) < 40) return;
        drawnAt = drawn.clientWidth;
        lib.react(drawn, sized(fitFigure(fig, drawnAt)));
      });
      return;
    }
    if (!el && plotly && Date.now() - start > 5000) return; // the output was replaced (a live update)
    if (Date.now() - start > texts.waitMs) {
      var live = page.Jupyter || document.querySelector(".jp-NotebookPanel, .jp-LinkedOutputView");
      if (el) el.textContent = texts.missing + (live ? texts.inNotebook : "");
      return;
    }
    setTimeout(draw, 50);
  };
  draw();
}
