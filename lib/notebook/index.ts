/**
 * Notebook display helpers: the only code that knows about tslab, Plotly and LaTeX display.
 * Build a figure (`lineChart`, `heatmap`, …), then `show` it; equations go through `showTex`.
 */
export * from "./figures";
export { animatedChart } from "./animation";
export { show, figureHTML, wrapPlotlyBundle, BUNDLE_MARKER, FIGURE_CLASS } from "./plotly";
export { showHTML, showSVG, showTex, matrixTex, showTable } from "./rich";
export { liveTraining, type LiveTraining, type LiveTrainingOptions } from "./live";
export { setDisplaySink, type DisplaySink, type DisplayHandle } from "./display";
export { escapeHtml } from "./escape";
export * from "./diagram";
export * from "./gates";
