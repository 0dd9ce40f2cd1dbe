/**
 * Escaping for everything the display helpers put on a page: HTML text and attributes, JSON inside a
 * `<script>`, and Plotly's own pseudo-HTML labels. Written here (a few lines) rather than pulled from a
 * package because each context needs a slightly different rule and all three must hold together.
 */

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content or a quoted attribute: `escapeHtml("<b>")` → `"&lt;b&gt;"`. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * JSON that is safe inside `<script>…</script>`: `<`, `>`, `&` and the JS line separators are written
 * as `\u` escapes, so no string value can close the script or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A label for Plotly, which reads `<b>`, `<br>`, `<a href>` … in titles, names and tick labels as markup:
 * entities make it show the text exactly as given (`plotlyText("a<b")` → `"a&lt;b"`).
 */
export function plotlyText(text: string): string {
  return String(text).replace(/[&<>]/g, (c) => HTML_ENTITIES[c]);
}
