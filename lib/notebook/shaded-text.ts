/**
 * Text with a number behind every character, shown as the character's background: a hidden unit's
 * activation (red above zero, blue below) or a gate's value (darker nearer 1), with a caption. The text
 * wraps between words like any paragraph, so it reads on a phone.
 */
import { describeValue, ShapeError, ValueError } from "../errors";
import { escapeHtml } from "./escape";

/** How values become colours: "signed" for values in [−1, 1] (red positive, blue negative), "share" for [0, 1]. */
export type Shading = "signed" | "share";

const opacity = (v: number) => Math.min(1, Math.abs(v)).toFixed(2);

/** The background (and text colour, for contrast) of one value. */
function colours(v: number, shading: Shading): string {
  if (shading === "signed") return `background:${v > 0 ? "rgba(214,39,40," : "rgba(31,119,180,"}${opacity(v)})`;
  return `background:rgba(31,119,180,${opacity(v)});color:${v > 0.6 ? "white" : "black"}`;
}

/**
 * HTML for `text` with each character on a background set by its value, and `caption` (escaped) below it.
 * Example: `showHTML(shadedText(text, activation, { shading: "signed", caption: "Figure 8 · …" }))`.
 */
export function shadedText(text: string, values: ArrayLike<number>, opts: { shading: Shading; caption: string }): string {
  const chars = Array.from(typeof text === "string" ? text : "");
  if (chars.length === 0) throw new ValueError(`shadedText: text is ${describeValue(text)}, expected a non-empty string`);
  if (!values || values.length !== chars.length)
    throw new ShapeError(
      `shadedText: text has ${chars.length} characters and values ${values?.length ?? describeValue(values)}, expected one value per character`,
    );
  if (opts?.shading !== "signed" && opts?.shading !== "share")
    throw new ValueError(`shadedText: opts.shading is ${describeValue(opts?.shading)}, expected "signed" or "share"`);
  const spans = chars.map((c, t) => {
    const v = values[t];
    if (!Number.isFinite(v)) throw new ValueError(`shadedText: values[${t}] is ${describeValue(v)}, expected a finite number`);
    return `<span style="${colours(v, opts.shading)}">${escapeHtml(c === "\n" ? "⏎\n" : c)}</span>`;
  });
  return (
    `<div class="rnn-shaded-text" style="font-family:'DejaVu Sans Mono',monospace;line-height:1.9;white-space:pre-wrap;overflow-wrap:break-word">` +
    `${spans.join("")}</div><p><em>${escapeHtml(opts.caption)}</em></p>`
  );
}
