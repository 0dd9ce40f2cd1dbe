/**
 * Notebook display helpers: the only code that knows about tslab, Plotly and LaTeX display.
 * Build a figure (`lineChart`, `heatmap`, …), then `show` it; equations go through `showTex`.
 */
export * from "./figures";
export { animatedChart, type AnimatedChartOptions } from "./animation";
export { show, figureHTML, figureBundle, plotlyJSON, PLOTLY_MIME } from "./plotly";
export { wrapPlotlyBundle, BUNDLE_MARKER, FIGURE_CLASS } from "./page-conventions";
export { showHTML, showSVG, showTex, matrixTex, texNumber, showTable } from "./rich";
export { liveTraining, type LiveTraining, type LiveTrainingOptions } from "./live";
export { setDisplaySink, type DisplaySink, type DisplayHandle, type MimeBundle } from "./display";
export { texToUnicode, sub, sup } from "./notation";
export { escapeHtml } from "./escape";
export {
  subscript,
  rnnDiagram,
  sequenceShapesDiagram,
  SEQUENCE_SHAPES,
  type StepSelection,
  type StepLabels,
  type RnnDiagramOptions,
} from "./diagram";
export { rolledUnrolledDiagram } from "./diagram-rolled";
export * from "./gates";
export { formatNumber, locale, setLocale, DEFAULT_LOCALE } from "./locale";
export { say, sentence, escapeMarkdown, type SayValue } from "./say";
export { mean, std, correlation, slope, argmax } from "./stats";
export { trainLive, type TrainLiveOptions } from "./train-live";
export { sideBySide, type PanelOptions } from "./panels";
export { textHeatmap, textLineChart, textLines, visibleChar, type TextPanelOptions } from "./text-panels";
export { shadedText, type Shading } from "./shaded-text";
export { highlight, BACKGROUND_GREY } from "./highlight";
export { sourceBlock, sourceLines, listing, showEquationsBeside, type SourceLine, type EquationRow } from "./source";
export { trainingMultiplyAdds, type NetworkSizes } from "./multiply-adds";
