/**
 * The library's front door: everything a notebook or user imports (`import { … } from ".."`), named one by
 * one and grouped by concept. Each name has one home, the module it comes from; what is not listed here
 * (kernel internals, checks, buffers) is the library's own business.
 */

// Errors: every error the library throws on purpose, one base class and five kinds
export { RNNError, ShapeError, ValueError, TrainingDivergedError, DataError, ChecksumError } from "./errors";

// Matrices and their products (WebAssembly SIMD where it pays: setKernels, kernelInfo)
export { Matrix, matMul, matMulTransA, matMulTransB, type MatrixLike } from "./matrix";
export { kernelInfo, setKernels, type KernelChoice, type KernelInfo } from "./kernels/dispatch";
export { toMathjs, fromMathjs } from "./mathjs-bridge";

// Seeded randomness: one seed reproduces parameters, shuffles and samples
export { Random, type SeedOrRandom } from "./random";

// A network's shapes and parameters, for any cell
export { PARAM_BUDGET } from "./budget";
export type { RNNSizes, Params, ParamsLike, GRUParams, CellParams, CellParamsLike, SequenceLike } from "./shapes";
export { initParams, toParams, paramCount, type InitOptions } from "./cells/params";
export type { ActivationName } from "./activations";

// Cells: chosen by name, or written by you (one forward and one backward step; see the README's "Adding a cell")
export { CELLS, cellOf, type CellName } from "./cells/registry";
export {
  gateShapes,
  initFromShapes,
  type Cell,
  type ParamShape,
  type StepValues,
  type StepGrads,
  type FusedSteps,
  type StackedSteps,
  type StackedGrads,
} from "./cells/cell";

// The sequence engine: one unrolled forward pass and one BPTT loop for every cell, and what reads them
export { forward, gateValues, type ForwardResult, type ForwardOptions, type Tape } from "./engine/forward";
export { backward, type BackwardResult, type BackwardOptions, type StepShare } from "./engine/backward";
export { CellStepper } from "./engine/stepper";
export { memoryShares, type MemoryOptions, type MemoryShares } from "./engine/memory";

// Losses and the ways a network reads and writes a sequence
export { mse, meanSquaredError, softmax, softmaxCrossEntropy, type LossResult } from "./loss";
export {
  manyToOne,
  manyToMany,
  oneToMany,
  encoderDecoder,
  manyToOneMSE,
  type AnyParams,
  type EncoderDecoderOptions,
  type EncoderDecoderResult,
  type LossName,
  type SequenceOptions,
  type SequenceResult,
  type StepTarget,
} from "./objectives";
export { CarriedState } from "./tbptt";

// Training: the loop, optimisers and clipping, and the gradient check
export { train, type TrainOptions, type History, type StepInfo, type EpochInfo } from "./train";
export {
  optimizer,
  clipByGlobalNorm,
  clipByValue,
  globalNorm,
  type Optimizer,
  type BuiltInOptimizer,
  type OptimizerName,
  type OptimizerOptions,
} from "./optim";
export type { ParamTree } from "./param-tree";
export { gradCheck, type GradCheckRow, type GradCheckOptions } from "./gradcheck";

// Text: characters as numbers, and language models scored alike
export { Vocabulary, oneHot, oneHotWindow, type OneHotWindow } from "./vocabulary";
export { BigramModel, perplexity, type LanguageModel } from "./bigram";
export { CharLM, type CharLMOptions, type CharLMTrace, type SampleOptions } from "./charlm";
export { trainCharLM, type TrainCharLMOptions, type CharLMProgress } from "./charlm-train";

// Data: a seeded synthetic series, real series, the novel
export {
  ICE_CREAM_TRUTH,
  iceCreamSeries,
  iceCreamWindows,
  iceCreamDataset,
  scaleOf,
  type IceCreamTruth,
  type IceCreamOptions,
  type IceCreamSeries,
  type IceCreamWindows,
  type IceCreamWindowOptions,
  type IceCreamDataset,
  type IceCreamDatasetOptions,
  type Scale,
} from "./data/icecream";
export {
  loadSP500Daily,
  loadSP500Monthly,
  loadUnemploymentPanel,
  windows,
  stepsOf,
  type SP500Column,
  type TimeSeries,
  type Panel,
  type SequenceStep,
} from "./data/series";
export { loadMemorias, type LoadOptions } from "./data/text";

// The traditional baseline: lagged variables and least squares
export { laggedFeatures, fitLeastSquares, predictLinear, type LaggedDesign, type LinearFit } from "./lagged";

// How the notebooks print numbers
export { fmt, fmtSignificant, pct } from "./format";

// Notebook display: figures, live training, equations, tables, diagrams
export {
  show,
  lineChart,
  scatterChart,
  barChart,
  heatmap,
  animatedChart,
  PALETTE,
  distinctColors,
  liveTraining,
  showHTML,
  showSVG,
  showTex,
  matrixTex,
  texNumber,
  showTable,
  rnnDiagram,
  sequenceShapesDiagram,
  rolledUnrolledDiagram,
  lstmDiagram,
  gruDiagram,
  texToUnicode,
  sub,
  sup,
  escapeHtml,
  setDisplaySink,
  logTicks,
  // panels, a quantity along a text, a few series picked out of many
  sideBySide,
  textHeatmap,
  textLineChart,
  visibleChar,
  highlight,
  shadedText,
  // training with its live loss curve
  trainLive,
  // results said in words, numbers in the notebook's language
  say,
  formatNumber,
  setLocale,
  // the few statistics the notebooks state
  mean,
  std,
  correlation,
  slope,
  argmax,
  // a training budget the same on every machine
  trainingMultiplyAdds,
  // the library's own lines, beside the equations they compute
  sourceBlock,
  sourceLines,
  showEquationsBeside,
  type Figure,
  type PlotlyJSON,
  type Series,
  type ChartOptions,
  type HeatmapOptions,
  type AnimatedChartOptions,
  type LiveTraining,
  type LiveTrainingOptions,
  type RnnDiagramOptions,
  type StepSelection,
  type StepLabels,
  type DisplaySink,
  type DisplayHandle,
  type MimeBundle,
} from "./notebook";
