/**
 * One RNN drawn twice: rolled (one cell whose state loops back into itself through W_h) and unrolled over
 * T steps (one copy of the cell per step, the loop become a chain hₜ₋₁ → hₜ). Side by side on a wide page,
 * the rolled cell above the unrolled chain on a phone, so the labels keep their size.
 */
import { checkOptions } from "../check";
import { describeValue, ValueError } from "../errors";
import { arrow, box, BOX, COLORS, drawRnn, responsive, ROW, text, title, type Drawing, type StepSelection } from "./diagram";
import { words } from "./words";

/** Room above the drawings for a one-line heading ("rolled", "unrolled over 4 steps"), as `drawRnn` leaves it. */
const HEADING = 26;

/** The rolled cell with its heading, top-left corner at (x0, y0): x below, h with a loop on its right, ŷ above. */
function rolledCell(x0: number, y0: number): Drawing {
  const cx = x0 + 16 + BOX.w / 2,
    [yy, yh, yx] = [y0 + HEADING + ROW.y, y0 + HEADING + ROW.h, y0 + HEADING + ROW.x];
  const r = cx + BOX.w / 2,
    loop = 34;
  let inner = text(cx + 24, y0 + 12, words().rolled, 14, ' font-weight="bold"');
  inner += box(cx, yx, COLORS.x, "xₜ") + arrow(cx, yx - BOX.h / 2, cx, yh + BOX.h / 2, "Wₓ");
  inner += box(cx, yy, COLORS.y, "ŷₜ") + arrow(cx, yh - BOX.h / 2, cx, yy + BOX.h / 2, "Wₒ");
  inner += box(cx, yh, COLORS.h, "hₜ");
  // the recurrent loop: out of h's right side, round, and back into it just below; labelled like every other weight
  inner += `<path d="M${r},${yh - 7} C${r + loop},${yh - 30} ${r + loop},${yh + 30} ${r + 7},${yh + 9}" fill="none" stroke="${COLORS.stroke}" stroke-width="1.5"/>`;
  inner += `<polygon points="${r},${yh + 7} ${r + 9},${yh + 4} ${r + 6},${yh + 13}" fill="${COLORS.stroke}"/>`;
  inner += text(r + loop + 14, yh, "Wₕ", 14, ' font-style="italic" fill="#222"');
  return { inner, width: r + loop + 32 - x0, height: HEADING + ROW.x + BOX.h / 2 + 10 };
}

/** The drawings next to each other (`wide`) or one above the other (narrow), joined by an "=", under the title. */
function arrange(options: { steps: number; title?: string; outputs?: StepSelection }, wide: boolean): Drawing {
  const unrolledTitle = words().unrolledOver(options.steps);
  const probe = drawRnn({ steps: options.steps, outputs: options.outputs, weights: true, initialState: true, title: unrolledTitle }, 0, 0);
  const rolledWidth = rolledCell(0, 0).width;
  const width = wide ? rolledWidth + 34 + probe.width : Math.max(rolledWidth, probe.width);
  const heading = options.title ? title(width / 2, 14, options.title, 15, width - 8) : { svg: "", height: 0 };
  const top = options.title ? heading.height + 12 : 0;
  const rolledX = wide ? 0 : (width - rolledWidth) / 2;
  const rolled = rolledCell(rolledX, top);
  const [unrolledX, unrolledY] = wide ? [rolledWidth + 34, top] : [(width - probe.width) / 2, top + rolled.height + 30];
  const unrolled = drawRnn(
    { steps: options.steps, outputs: options.outputs, weights: true, initialState: true, title: unrolledTitle },
    unrolledX,
    unrolledY,
  );
  const equals = wide
    ? text(rolledWidth + 14, top + HEADING + ROW.h, "=", 26, ' fill="#555"')
    : text(width / 2, top + rolled.height + 12, "=", 26, ' fill="#555"');
  return { inner: heading.svg + rolled.inner + equals + unrolled.svg, width, height: unrolledY + unrolled.height };
}

/**
 * The same RNN drawn rolled and unrolled over `steps` steps. The loop drawing hides that h changes at every
 * step; the chain shows it.
 *
 * @example
 * showSVG(rolledUnrolledDiagram({ steps: 4, title: "Rolled and unrolled" }));
 */
export function rolledUnrolledDiagram(options: { steps: number; title?: string; outputs?: StepSelection }): string {
  checkOptions("rolledUnrolledDiagram", options, ["steps", "title", "outputs"]);
  if (options === null || typeof options !== "object") {
    throw new ValueError(`rolledUnrolledDiagram: options is ${describeValue(options)}, expected { steps, title?, outputs? }`);
  }
  const wide = arrange(options, true),
    narrow = arrange(options, false);
  return responsive("rnn-rolled", options.title ?? words().rnnRolledAndUnrolled, wide, narrow);
}
