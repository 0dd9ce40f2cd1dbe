/**
 * Diagrams drawn by code, as standalone SVG strings: an RNN unrolled over T steps (input, hidden and
 * output boxes per step, arrows xₜ → hₜ → ŷₜ and hₜ₋₁ → hₜ), and the five sequence shapes side by side.
 * No ids, no scripts, every text escaped and its TeX (`h_{t-1}`, `W_h`) written in Unicode.
 */
import { checkOptions } from "../check";
import { describeValue, ShapeError, ValueError } from "../errors";
import { escapeHtml } from "./escape";
import { sub, texToUnicode } from "./notation";
import { words } from "./words";

/** Which steps have an input (or an output): one flag per step, or a shorthand. */
export type StepSelection = boolean[] | "all" | "first" | "last" | "none";

/** Per-step labels: a base name gets the step number as a subscript ("x" → x₀, x₁, …); an array is used as is. */
export type StepLabels = string | string[];

export interface RnnDiagramOptions {
  /** T, the number of unrolled steps (1 … 40) */
  steps: number;
  /** steps that read an input x_t (default "all") */
  inputs?: StepSelection;
  /** steps that emit an output ŷ_t (default "all") */
  outputs?: StepSelection;
  /** box labels (defaults "x", "h", "ŷ") */
  labels?: { x?: StepLabels; h?: StepLabels; y?: StepLabels };
  /** a title above the drawing */
  title?: string;
  /** name the shared weights on the first arrows: W_x, W_h, W_o (default false) */
  weights?: boolean;
  /** draw the initial state h₋₁ = 0 entering step 0 (default false) */
  initialState?: boolean;
}

export const BOX = { w: 46, h: 30 };
const COL = 76; // horizontal distance between steps
export const ROW = { y: 40, h: 110, x: 180 }; // vertical centres of the output, hidden and input rows (before the title)
export const COLORS = { x: "#f4cccc", h: "#d9ead3", y: "#cfe2f3", stroke: "#444" };

/** The integer t written with Unicode subscript digits (−1 → ₋₁). */
export function subscript(t: number): string {
  return sub(t);
}

function selection(name: string, sel: StepSelection | undefined, T: number): boolean[] {
  if (sel === undefined || sel === "all") return new Array<boolean>(T).fill(true);
  if (sel === "none") return new Array<boolean>(T).fill(false);
  if (sel === "first" || sel === "last") return Array.from({ length: T }, (_, t) => t === (sel === "first" ? 0 : T - 1));
  const expected = `expected "all", "first", "last", "none" or ${T} booleans (one per step), got ${JSON.stringify(sel)}`;
  if (!Array.isArray(sel) || sel.some((b) => typeof b !== "boolean")) throw new ValueError(`${name}: ${expected}`);
  if (sel.length !== T) throw new ShapeError(`${name}: ${expected}`);
  return sel;
}

function labelsFor(name: string, l: StepLabels | undefined, base: string, T: number): string[] {
  if (l === undefined || typeof l === "string") return Array.from({ length: T }, (_, t) => (l ?? base) + subscript(t));
  if (!Array.isArray(l) || l.length !== T)
    throw new ShapeError(`labels.${name}: expected a base name or ${T} strings, got ${JSON.stringify(l)}`);
  return l.map(String);
}

export function text(x: number, y: number, s: string, size = 14, extra = ""): string {
  return `<text x="${x}" y="${y}" font-size="${size}" text-anchor="middle" dominant-baseline="central"${extra}>${escapeHtml(texToUnicode(s))}</text>`;
}

/** Average advance of a bold sans-serif character, in font sizes: enough to keep a wrapped title inside. */
const CHAR_WIDTH = 0.62;

/** `title` broken at spaces into lines of at most `width` pixels at `size`, each drawn centred on `cx`. */
export function title(cx: number, y: number, s: string, size: number, width: number): { svg: string; height: number } {
  const perLine = Math.max(8, Math.floor(width / (size * CHAR_WIDTH)));
  const lines: string[] = [];
  for (const word of texToUnicode(s).split(/[^\S\u00a0]+/)) {
    // a no-break space never breaks a line
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const lineHeight = Math.round(size * 1.3);
  const svg = lines.map((l, i) => text(cx, y + i * lineHeight, l, size, ' font-weight="bold"')).join("");
  return { svg, height: lines.length * lineHeight };
}

export function box(cx: number, cy: number, fill: string, label: string): string {
  const r = `<rect x="${cx - BOX.w / 2}" y="${cy - BOX.h / 2}" width="${BOX.w}" height="${BOX.h}" rx="5" fill="${fill}" stroke="${COLORS.stroke}"/>`;
  return r + text(cx, cy, label, 15, ' font-style="italic"');
}

/** A straight arrow from (x1, y1) to (x2, y2) with a filled head, optionally labelled at its middle. */
export function arrow(x1: number, y1: number, x2: number, y2: number, label?: string): string {
  const a = Math.atan2(y2 - y1, x2 - x1),
    s = 7;
  const p = (da: number) => `${(x2 - s * Math.cos(a + da)).toFixed(1)},${(y2 - s * Math.sin(a + da)).toFixed(1)}`;
  let out = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${COLORS.stroke}" stroke-width="1.5"/>`;
  out += `<polygon points="${x2},${y2} ${p(0.4)} ${p(-0.4)}" fill="${COLORS.stroke}"/>`;
  if (label) {
    const vertical = Math.abs(x2 - x1) < 1;
    out += text((x1 + x2) / 2 + (vertical ? 18 : 0), (y1 + y2) / 2 - (vertical ? 0 : 12), label, 14, ' font-style="italic" fill="#222"');
  }
  return out;
}

/**
 * The drawing of one unrolled RNN, placed with its top-left corner at (x0, y0), its title wrapped to the
 * wider of the drawing and `titleWidth`; returns markup and size.
 */
export function drawRnn(o: RnnDiagramOptions, x0: number, y0: number, titleWidth = 0): { svg: string; width: number; height: number } {
  const T = o.steps;
  if (!Number.isInteger(T) || T < 1 || T > 40) throw new ValueError(`steps must be an integer in 1 … 40, got ${describeValue(T)}`);
  const ins = selection("inputs", o.inputs, T),
    outs = selection("outputs", o.outputs, T);
  const xs = labelsFor("x", o.labels?.x, "x", T),
    hs = labelsFor("h", o.labels?.h, "h", T),
    ys = labelsFor("y", o.labels?.y, "ŷ", T);
  const left = o.initialState ? 56 : 16;
  const width = left + (T - 1) * COL + BOX.w + 16;
  const heading = o.title ? title(x0 + width / 2, y0 + 12, o.title, 14, Math.max(width, titleWidth) - 8) : { svg: "", height: 0 };
  const top = y0 + (o.title ? heading.height + 8 : 0);
  const cx = (t: number) => x0 + left + BOX.w / 2 + t * COL;
  const [yy, yh, yx] = [top + ROW.y, top + ROW.h, top + ROW.x];
  const W = o.weights === true;
  let svg = heading.svg;
  if (o.initialState) svg += text(x0 + 20, yh, "h" + subscript(-1), 13, ' font-style="italic"') + arrow(x0 + 34, yh, cx(0) - BOX.w / 2, yh);
  for (let t = 0; t < T; t++) {
    svg += box(cx(t), yh, COLORS.h, hs[t]);
    if (t > 0) svg += arrow(cx(t - 1) + BOX.w / 2, yh, cx(t) - BOX.w / 2, yh, W && t === 1 ? "Wₕ" : undefined);
    if (ins[t])
      svg +=
        box(cx(t), yx, COLORS.x, xs[t]) +
        arrow(cx(t), yx - BOX.h / 2, cx(t), yh + BOX.h / 2, W && t === ins.indexOf(true) ? "Wₓ" : undefined);
    if (outs[t])
      svg +=
        box(cx(t), yy, COLORS.y, ys[t]) +
        arrow(cx(t), yh - BOX.h / 2, cx(t), yy + BOX.h / 2, W && t === outs.indexOf(true) ? "Wₒ" : undefined);
  }
  return { svg, width, height: top - y0 + ROW.x + BOX.h / 2 + 10 };
}

/** How much larger than its drawing units a diagram is shown (it still shrinks to fit a narrow column). */
export const SCALE = 1.4;

export function wrap(inner: string, width: number, height: number, label: string): string {
  const [w, h] = [Math.round(width * SCALE), Math.round(height * SCALE)];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${width} ${height}" style="max-width:100%;height:auto" role="img" ` +
    `aria-label="${escapeHtml(label)}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${inner}</svg>`
  );
}

/**
 * An RNN unrolled over `steps` steps as a standalone `<svg>`: per step a hidden box h_t, an input box
 * x_t below it where `inputs` says so and an output box ŷ_t above it where `outputs` says so.
 *
 * @example
 * showSVG(rnnDiagram({ steps: 4, inputs: "all", outputs: "last", title: "Many-to-one", weights: true }));
 */
export function rnnDiagram(options: RnnDiagramOptions): string {
  checkOptions("rnnDiagram", options, ["steps", "inputs", "outputs", "labels", "title", "weights", "initialState"]);
  if (options === null || typeof options !== "object")
    throw new ValueError(`rnnDiagram: options is ${describeValue(options)}, expected { steps, … }`);
  checkOptions("rnnDiagram's labels", options.labels, ["x", "h", "y"], "labels");
  const d = drawRnn(options, 0, 0);
  return wrap(d.svg, d.width, d.height, options.title ?? words().rnnUnrolled(options.steps));
}

/** The five shapes drawn by `sequenceShapesDiagram`, with the application each usually stands for (in English; drawn in the notebook's language). */
export const SEQUENCE_SHAPES: { name: string; example: string; diagram: RnnDiagramOptions }[] = [
  { name: "one-to-one", example: "regression", diagram: { steps: 1 } },
  { name: "one-to-many", example: "image captioning", diagram: { steps: 3, inputs: "first" } },
  { name: "many-to-one", example: "text classification", diagram: { steps: 3, outputs: "last" } },
  {
    name: "many-to-many (delayed)",
    example: "translation",
    diagram: { steps: 5, inputs: [true, true, true, false, false], outputs: [false, false, false, true, true] },
  },
  { name: "many-to-many (aligned)", example: "time series, tagging", diagram: { steps: 3 } },
];

/** The shapes packed into rows no wider than `maxWidth` (greedily, in order), under an optional title. */
function packShapes(maxWidth: number, heading?: string): Drawing {
  const cells = SEQUENCE_SHAPES.map((shape) => {
    const said = words();
    const s = { ...shape, name: said.shapeNames[shape.name] ?? shape.name, example: said.shapeExamples[shape.name] ?? shape.example };
    const o = { ...s.diagram, title: s.name };
    const drawn = drawRnn(o, 0, 0);
    const w = Math.max(drawn.width, 8 * s.name.length + 12, 6 * s.example.length + 12); // room for the texts
    return { s, o, w, shift: (w - drawn.width) / 2 };
  });
  const rows: (typeof cells)[] = [];
  for (const c of cells) {
    const row = rows[rows.length - 1];
    if (row && row.reduce((a, r) => a + r.w + 14, 0) + c.w <= maxWidth) row.push(c);
    else rows.push([c]);
  }
  const width = Math.max(...rows.map((row) => row.reduce((a, r) => a + r.w + 14, -14)));
  const top = heading ? title(width / 2, 14, heading, 15, width) : { svg: "", height: 0 };
  let inner = top.svg,
    y = heading ? top.height + 10 : 0;
  for (const row of rows) {
    let x = (width - row.reduce((a, r) => a + r.w + 14, -14)) / 2,
      rowHeight = 0;
    for (const c of row) {
      const d = drawRnn(c.o, x + c.shift, y);
      inner += d.svg + text(x + c.w / 2, y + d.height + 8, c.s.example, 12, ' fill="#333"');
      x += c.w + 14;
      rowHeight = Math.max(rowHeight, d.height + 22);
    }
    y += rowHeight + 10;
  }
  return { inner, width, height: y - 10 };
}

/** Widest drawing, in drawing units, of the narrow arrangement shown on phones. */
export const NARROW = 400;

/**
 * The five ways to read and write sequences (one-to-one, one-to-many, many-to-one, many-to-many
 * delayed and aligned) in one standalone `<svg>`, each titled, with an example application underneath:
 * side by side on a wide page, and in rows no wider than a phone's screen on a narrow one (a CSS media
 * query inside the SVG picks the arrangement, so the text stays readable at both widths).
 *
 * @example
 * showSVG(sequenceShapesDiagram({ title: "Figure 1 · Five shapes" }));
 */
export function sequenceShapesDiagram(options: { title?: string } = {}): string {
  checkOptions("sequenceShapesDiagram", options, ["title"]);
  options ??= {};
  return responsive(
    "rnn-shapes",
    options.title ?? words().sequenceShapes,
    packShapes(Infinity, options.title),
    packShapes(NARROW, options.title),
  );
}

/** A drawing's markup and size, in drawing units. */
export interface Drawing {
  inner: string;
  width: number;
  height: number;
}

/**
 * One standalone `<svg>` holding two arrangements of a drawing: `wide` on a wide page and `narrow` (no wider
 * than a phone's screen) on a narrow one; a CSS media query inside the SVG picks one, so the text stays
 * readable at both widths. Its width and height attributes are the wide arrangement's, the size it takes
 * as an image (`showSVG`); inline, its CSS sizes it to the column.
 */
export function responsive(cls: string, label: string, wide: Drawing, narrow: Drawing): string {
  const view = (which: string, d: Drawing) =>
    `<svg class="${which}" viewBox="0 0 ${d.width} ${d.height}" width="100%" height="100%"><rect width="100%" height="100%" fill="white"/>${d.inner}</svg>`;
  const css =
    `svg.${cls}{width:100%;height:auto;max-width:${Math.round(wide.width * SCALE)}px;aspect-ratio:${wide.width}/${wide.height}}` +
    `svg.${cls}>.rnn-narrow{display:none}` +
    `@media (max-width:${NARROW * 1.6}px){svg.${cls}{max-width:${Math.round(narrow.width * SCALE)}px;aspect-ratio:${narrow.width}/${narrow.height}}` +
    `svg.${cls}>.rnn-wide{display:none}svg.${cls}>.rnn-narrow{display:inline}}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="${Math.round(wide.width * SCALE)}" height="${Math.round(wide.height * SCALE)}" ` +
    `role="img" aria-label="${escapeHtml(label)}" font-family="sans-serif">` +
    `<style>${css}</style>${view("rnn-wide", wide)}${view("rnn-narrow", narrow)}</svg>`
  );
}
