/**
 * The human-language texts of a notebook's code cell — string literals, template literals and comments — found
 * with the TypeScript parser, so the Portuguese edition can swap them for its own and a test can compare two
 * editions' code with them masked. Everything else in a cell is code, and the two editions share it.
 */
import ts from "typescript";

/** One text in a cell: where it is, what kind, and its key in an edition's string table. */
export interface CodeText {
  start: number;
  end: number;
  kind: "string" | "template" | "comment";
  /** a string literal's value; a template literal's text between the backticks, `${…}` included; a comment as written */
  key: string;
  /** the quote of a string literal (`"` or `'`); the template's `${…}` expressions, in order */
  quote?: string;
  expressions?: string[];
}

/** Every string literal, template literal and comment of `source` (one cell), in order. */
export function codeTexts(source: string): CodeText[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const texts: CodeText[] = [];
  const comments = new Map<number, CodeText>();
  const addComments = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) comments.set(r.pos, { start: r.pos, end: r.end, kind: "comment", key: source.slice(r.pos, r.end) });
  };
  const visit = (node: ts.Node): void => {
    addComments(ts.getLeadingCommentRanges(source, node.pos));
    addComments(ts.getTrailingCommentRanges(source, node.end));
    if (ts.isStringLiteral(node)) {
      const start = node.getStart(file);
      texts.push({ start, end: node.end, kind: "string", key: node.text, quote: source[start] });
      return;
    }
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const start = node.getStart(file);
      const expressions = ts.isTemplateExpression(node) ? node.templateSpans.map((s) => s.expression.getText(file)) : [];
      texts.push({ start, end: node.end, kind: "template", key: source.slice(start + 1, node.end - 1), expressions });
      return; // a `${…}` is code, and compared as part of the template's key
    }
    for (const child of node.getChildren(file)) visit(child); // every token, commas included: a comment may follow any of them
  };
  visit(file);
  addComments(ts.getLeadingCommentRanges(source, file.endOfFileToken.pos));
  return [...texts, ...comments.values()].sort((a, b) => a.start - b.start);
}

/** Whether a text is words a reader reads (it has a letter), rather than punctuation or spacing. */
export const hasWords = (t: CodeText) => /\p{L}/u.test(t.kind === "template" ? t.key.replace(/\$\{[^}]*\}/g, "") : t.key);

/** `source` with every text replaced by a mark of its kind: what two editions of a cell must share exactly. */
export function masked(source: string): string {
  let out = "",
    at = 0;
  for (const t of codeTexts(source)) {
    out +=
      source.slice(at, t.start) +
      (t.kind === "comment" ? "/*…*/" : t.kind === "string" ? '"…"' : `\`${t.expressions!.map((e) => `\${${e}}`).join("…")}\``);
    at = t.end;
  }
  return out + source.slice(at);
}

/** The text `t` written as `translation` says, checked to be the same kind, with the same `${…}` expressions in order. */
export function rewrite(t: CodeText, translation: string): string {
  if (t.kind === "string") {
    const q = t.quote!;
    const escaped = translation.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(new RegExp(q, "g"), `\\${q}`);
    return q + escaped + q;
  }
  if (t.kind === "template") {
    const made = codeTexts("`" + translation + "`")[0];
    const expressions = made?.kind === "template" ? made.expressions! : [];
    if (JSON.stringify(expressions) !== JSON.stringify(t.expressions))
      throw new Error(
        `the translation of \`${t.key}\` has the expressions ${JSON.stringify(expressions)}, expected ${JSON.stringify(t.expressions)}`,
      );
    return "`" + translation + "`";
  }
  const style = (c: string) => (c.startsWith("/**") ? "/**" : c.startsWith("/*") ? "/*" : "//");
  if (style(translation) !== style(t.key) || (style(t.key) !== "//" && !translation.endsWith("*/")))
    throw new Error(`the translation of the comment ${t.key} is not a comment of the same kind: ${translation}`);
  return translation;
}
