/**
 * The gated cells drawn by code, as standalone SVG: the LSTM and the GRU with one box per gate (σ or
 * tanh, named as in lib/cells: i, f, g, o and r, z, n), the pointwise operations (⊙, +, 1 −) and the
 * wires between them, the carried state along the top. Each drawing is data (boxes, wires, labels)
 * rendered by one function, wide on a wide page and drawn narrower on a phone (the same cell, its columns
 * closer together, so the labels keep their size); no ids, no scripts, every text escaped.
 */
import { checkOptions } from "../check";
import { escapeHtml } from "./escape";
import { words } from "./words";
import { NARROW, responsive, title as wrappedTitle, type Drawing as Arrangement } from "./diagram";

/** A gate box (σ or tanh, with the gate's name beside it) or a pointwise operation (a circle). */
interface Part {
  kind: "σ" | "tanh" | "op";
  x: number;
  y: number;
  /** the gate's name (i, f, g, o; r, z, n) or the operation (⊙, +, 1−) */
  name: string;
}

/** A wire through `points`, with an arrowhead at the last one unless `head` is false. */
interface Wire {
  points: [number, number][];
  head?: boolean;
}

/** A cell drawing: its parts, its wires, free labels (the states entering and leaving) and its size. */
interface Drawing {
  parts: Part[];
  wires: Wire[];
  labels: { x: number; y: number; text: string; anchor?: "start" | "middle" | "end" }[];
  width: number;
  height: number;
  /** how much its columns were drawn closer together (1: as designed) */
  sx?: number;
}

/** The drawing with every horizontal position multiplied by `sx` (boxes and text keep their size). */
function closer(d: Drawing, sx: number): Drawing {
  const x = (v: number) => Math.round(v * sx * 10) / 10;
  return {
    parts: d.parts.map((p) => ({ ...p, x: x(p.x) })),
    wires: d.wires.map((wire) => ({ ...wire, points: wire.points.map(([px, py]): [number, number] => [x(px), py]) })),
    labels: d.labels.map((l) => ({ ...l, x: x(l.x) })),
    width: x(d.width),
    height: d.height,
    sx,
  };
}

const STYLE = { σ: "#fce5cd", tanh: "#d9d2e9", op: "#ffffff", frame: "#f3f6f4", stroke: "#444" };
const GATE = { w: 44, h: 28, r: 12 };

function label(x: number, y: number, s: string, size = 13, extra = ""): string {
  return `<text x="${x}" y="${y}" font-size="${size}" dominant-baseline="central"${extra}>${escapeHtml(s)}</text>`;
}

function part(p: Part): string {
  if (p.kind === "op") {
    const c = `<circle cx="${p.x}" cy="${p.y}" r="${GATE.r}" fill="${STYLE.op}" stroke="${STYLE.stroke}"/>`;
    return c + label(p.x, p.y, p.name, p.name.length > 1 ? 11 : 15, ' text-anchor="middle"');
  }
  const r = `<rect x="${p.x - GATE.w / 2}" y="${p.y - GATE.h / 2}" width="${GATE.w}" height="${GATE.h}" rx="5" fill="${STYLE[p.kind]}" stroke="${STYLE.stroke}"/>`;
  return (
    r +
    label(p.x, p.y, p.kind, 14, ' text-anchor="middle"') +
    label(p.x - GATE.w / 2 - 4, p.y - GATE.h / 2 - 6, p.name, 14, ' text-anchor="end" font-style="italic" font-weight="bold"')
  );
}

function drawWire(w: Wire): string {
  const pts = w.points.map(([x, y]) => `${x},${y}`).join(" ");
  let out = `<polyline points="${pts}" fill="none" stroke="${STYLE.stroke}" stroke-width="1.5"/>`;
  if (w.head !== false) {
    const [x1, y1] = w.points[w.points.length - 2],
      [x2, y2] = w.points[w.points.length - 1];
    const a = Math.atan2(y2 - y1, x2 - x1),
      s = 7;
    const p = (da: number) => `${(x2 - s * Math.cos(a + da)).toFixed(1)},${(y2 - s * Math.sin(a + da)).toFixed(1)}`;
    out += `<polygon points="${x2},${y2} ${p(0.4)} ${p(-0.4)}" fill="${STYLE.stroke}"/>`;
  }
  return out;
}

/** The drawing's markup under its title (wrapped to its width): a frame for the cell, then wires under parts, then labels. */
function render(d: Drawing, title: string | undefined): Arrangement {
  const heading = title ? wrappedTitle(d.width / 2, 14, title, 15, d.width - 8) : { svg: "", height: 0 };
  const top = title ? heading.height + 12 : 0,
    sx = d.sx ?? 1;
  let inner = `<rect x="${40 * sx}" y="20" width="${d.width - 80 * sx}" height="${d.height - 50}" rx="14" fill="${STYLE.frame}" stroke="#aab"/>`;
  inner += d.wires.map(drawWire).join("") + d.parts.map(part).join("");
  inner += d.labels.map((l) => label(l.x, l.y, l.text, 14, ` text-anchor="${l.anchor ?? "middle"}" font-style="italic"`)).join("");
  return { inner: heading.svg + `<g transform="translate(0,${top})">${inner}</g>`, width: d.width, height: d.height + top };
}

/** One standalone `<svg>`: the drawing as designed on a wide page, its columns closer together (no wider than NARROW) on a phone. */
function both(cls: string, d: Drawing, title: string | undefined, what: string): string {
  return responsive(cls, title ?? what, render(d, title), render(closer(d, NARROW / d.width), title));
}

/** Heights: the carried state along the top, the middle row, the gate boxes, and the bus where h_{t−1} meets x_t. */
const [TOP, MID, GATES, BUS] = [50, 110, 175, 250];
const RIGHT = 590;

/** A wire through the points (x₀, y₀, x₁, y₁, …), with an arrowhead at the end. */
function w(...xy: number[]): Wire {
  return { points: Array.from({ length: xy.length / 2 }, (_, i): [number, number] => [xy[2 * i], xy[2 * i + 1]]) };
}

/** The carried state along the top: from the left edge through the operations at `xs` to the right edge. */
function stateLine(xs: number[]): Wire[] {
  const ends = [10, ...xs.flatMap((x) => [x - GATE.r, x + GATE.r]), RIGHT];
  return xs.map((_, i) => w(ends[2 * i], TOP, ends[2 * i + 1], TOP)).concat(w(ends[ends.length - 2], TOP, RIGHT, TOP));
}

/** x_t joining h_{t−1} on the bus from below, and a wire up into every gate box at `xs`. */
function gateInputs(xs: number[]): Wire[] {
  return [w(90, 310, 90, BUS), ...xs.map((x) => w(x, BUS, x, GATES + GATE.h / 2))];
}

/** The states entering at the left and leaving at the right, and x_t below. */
function stateLabels(top: string, bottom: string | null): Drawing["labels"] {
  return [
    { x: 12, y: TOP - 16, text: `${top}ₜ₋₁`, anchor: "start" },
    { x: RIGHT - 2, y: TOP - 16, text: `${top}ₜ`, anchor: "end" },
    ...(bottom ? [{ x: 12, y: BUS - 14, text: `${bottom}ₜ₋₁`, anchor: "start" as const }] : []),
    { x: RIGHT - 2, y: BUS + 6, text: "hₜ", anchor: "end" },
    { x: 104, y: 305, text: "xₜ", anchor: "start" },
  ];
}

/**
 * The LSTM cell: c_{t−1} runs along the top, scaled by the forget gate f and added to i ⊙ g; h_t is
 * o ⊙ tanh(c_t). The four gate boxes read [h_{t−1}, x_t]; f stands first, under the product it feeds
 * (the blocks of W_x and W_h are in PyTorch's order [i | f | g | o]).
 *
 * @example
 * showSVG(lstmDiagram({ title: "Figure 1 · The LSTM cell" }));
 */
export function lstmDiagram(options: { title?: string } = {}): string {
  checkOptions("lstmDiagram", options, ["title"]);
  options ??= {};
  const [fx, ix, gx, ox, tx] = [150, 240, 320, 420, 500]; // forget, input, candidate, output, tanh(c_t)
  const d: Drawing = {
    width: 600,
    height: 320,
    parts: [
      { kind: "σ", x: ix, y: GATES, name: "i" },
      { kind: "σ", x: fx, y: GATES, name: "f" },
      { kind: "tanh", x: gx, y: GATES, name: "g" },
      { kind: "σ", x: ox, y: GATES, name: "o" },
      { kind: "op", x: fx, y: TOP, name: "⊙" },
      { kind: "op", x: gx, y: TOP, name: "+" },
      { kind: "op", x: gx, y: MID, name: "⊙" },
      { kind: "tanh", x: tx, y: MID, name: "" },
      { kind: "op", x: tx, y: GATES, name: "⊙" },
    ],
    wires: [
      // c_{t−1} → ⊙ f → + i ⊙ g → c_t
      ...stateLine([fx, gx]),
      // h_{t−1} along the bus, read by every gate with x_t
      { ...w(10, BUS, ox, BUS), head: false },
      ...gateInputs([fx, ix, gx, ox]),
      // f scales c_{t−1}; i and g meet in ⊙, which feeds +
      w(fx, GATES - GATE.h / 2, fx, TOP + GATE.r),
      w(ix, GATES - GATE.h / 2, ix, MID, gx - GATE.r, MID),
      w(gx, GATES - GATE.h / 2, gx, MID + GATE.r),
      w(gx, MID - GATE.r, gx, TOP + GATE.r),
      // h_t = o ⊙ tanh(c_t)
      w(tx, TOP, tx, MID - GATE.h / 2),
      w(tx, MID + GATE.h / 2, tx, GATES - GATE.r),
      w(ox + GATE.w / 2, GATES, tx - GATE.r, GATES),
      w(tx, GATES + GATE.r, tx, BUS + 20, RIGHT, BUS + 20),
    ],
    labels: stateLabels("c", "h"),
  };
  return both("rnn-lstm", d, options.title, words().lstmCell);
}

/**
 * The GRU cell: h_{t−1} runs along the top, kept in proportion z and replaced in proportion 1 − z by
 * the candidate n = tanh(a_n + r ⊙ b_n), whose recurrent part the reset gate r scales. The three
 * gate boxes read [h_{t−1}, x_t] and stand in the order of their blocks [r | z | n].
 *
 * @example
 * showSVG(gruDiagram({ title: "Figure 2 · The GRU cell" }));
 */
export function gruDiagram(options: { title?: string } = {}): string {
  checkOptions("gruDiagram", options, ["title"]);
  options ??= {};
  const [rx, zx, ox, nx] = [150, 260, 340, 420]; // reset, update, 1 − z, candidate
  const d: Drawing = {
    width: 600,
    height: 320,
    parts: [
      { kind: "σ", x: rx, y: GATES, name: "r" },
      { kind: "σ", x: zx, y: GATES, name: "z" },
      { kind: "tanh", x: nx, y: GATES, name: "n" },
      { kind: "op", x: zx, y: TOP, name: "⊙" },
      { kind: "op", x: nx, y: TOP, name: "+" },
      { kind: "op", x: ox, y: MID, name: "1−" },
      { kind: "op", x: nx, y: MID, name: "⊙" },
    ],
    wires: [
      // h_{t−1} → ⊙ z → + (1 − z) ⊙ n → h_t
      ...stateLine([zx, nx]),
      // h_{t−1} also goes down to the bus, read by every gate with x_t
      { ...w(60, TOP, 60, BUS, nx, BUS), head: false },
      ...gateInputs([rx, zx, nx]),
      // z keeps h_{t−1}; 1 − z lets the candidate in
      w(zx, GATES - GATE.h / 2, zx, TOP + GATE.r),
      w(zx, MID, ox - GATE.r, MID),
      w(ox + GATE.r, MID, nx - GATE.r, MID),
      w(nx, GATES - GATE.h / 2, nx, MID + GATE.r),
      w(nx, MID - GATE.r, nx, TOP + GATE.r),
      // r scales the recurrent part b_n of the candidate
      w(rx, GATES - GATE.h / 2, rx, 140, 380, 140, 380, GATES, nx - GATE.w / 2, GATES),
      // h_t also leaves downwards, to the output
      w(540, TOP, 540, BUS + 20, RIGHT, BUS + 20),
    ],
    labels: [...stateLabels("h", null), { x: 200, y: 128, text: "r ⊙ bₙ" }],
  };
  return both("rnn-gru", d, options.title, words().gruCell);
}
