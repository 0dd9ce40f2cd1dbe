/**
 * The static site's pieces: shared assets (Plotly, RequireJS, the MathJax files a page needs, styles),
 * the clean-up of an executed notebook (the inline Plotly bundle becomes one shared file), the
 * post-processing of nbconvert's pages (shared CSS, navigation, the link to the page's twin in the other
 * language) and the index page of each language.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BUNDLE_MARKER,
  escapeHtml,
  FIGURE_CLASS,
  inlineDrawings,
  plotlyBundlePath,
  wrapPlotlyBundle,
} from "../lib/notebook/page-conventions";
import { texToUnicode } from "../lib/notebook/notation";
import { root } from "./jupyter-home.mjs";

/** The site's own words, in each language it is written in: English ("en") and Brazilian Portuguese ("pt-BR"). */
export const SITE_WORDS = {
  en: {
    title: "Recurrent neural networks, in TypeScript notebooks",
    intro: "Vanilla (Elman) recurrent neural networks, section by section: every claim is shown by code that ran to make these pages.",
    contents: "Contents",
    download: "Download the notebook (.ipynb)",
    twin: "Em português",
    twinIndex: "Edição em português: os mesmos notebooks, o mesmo código e os mesmos números, em português.",
    none: "No notebooks yet.",
    glossary: "Glossary (Glossário)",
    glossaryIntro:
      "The tutorial's Portuguese terms beside the notebooks' English ones and their symbols, each linked to the section that teaches it.",
  },
  "pt-BR": {
    title: "Redes neurais recorrentes, em notebooks TypeScript",
    intro:
      "Redes neurais recorrentes simples (de Elman), seção por seção: cada afirmação é mostrada por código que rodou para fazer estas páginas.",
    contents: "Sumário",
    download: "Baixar o notebook (.ipynb)",
    twin: "In English",
    twinIndex: "English edition: the same notebooks, the same code and the same numbers, in English.",
    none: "Nenhum notebook ainda.",
    glossary: "Glossário",
    glossaryIntro:
      "Os termos do tutorial ao lado dos termos destes notebooks, dos da edição em inglês e dos seus símbolos, cada um com um link para a seção que o ensina.",
  },
} as const;
export type SiteLang = keyof typeof SITE_WORDS;
/** The contents page of each language. */
export const INDEX_PAGE: Record<SiteLang, string> = { en: "index.html", "pt-BR": "index.pt-BR.html" };

/** URL (relative to a page) of MathJax with the configuration nbconvert's template expects. */
export const MATHJAX_URL = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe";
export const REQUIRE_URL = "assets/require.js";

/** MathJax 2 files a page can load with TeX-AMS_CHTML-full: input TeX, CommonHTML output, TeX fonts. */
const MATHJAX_PARTS = [
  "MathJax.js",
  "config/TeX-AMS_CHTML-full.js",
  "config/Safe.js",
  "jax/input/TeX",
  "jax/output/CommonHTML",
  "jax/element",
  "fonts/HTML-CSS/TeX/woff",
  "extensions/TeX",
];

const SITE_CSS = `body { margin: 0; }
.rnn-nav { display: flex; flex-wrap: wrap; gap: 0.3em 1.5em; align-items: baseline; padding: 0.6em 1.2em; background: #f5f5f5;
  border-bottom: 1px solid #ddd; font: 15px/1.4 "DejaVu Sans", Arial, sans-serif; }
.rnn-nav.bottom { border-top: 1px solid #ddd; border-bottom: 0; margin-top: 2em; }
.rnn-nav a { color: #1a5fb4; text-decoration: none; } .rnn-nav a:hover { text-decoration: underline; }
.rnn-nav .spacer { flex: 1; }
.rnn-index { max-width: 48em; margin: 2em auto; padding: 0 1em; font: 16px/1.5 "DejaVu Sans", Arial, sans-serif; color: #222; }
.rnn-index li { margin: 0.8em 0; } .rnn-index .desc { color: #555; } .rnn-index a { color: #1a5fb4; }
.rnn-index .rnn-twin { padding: 0.5em 0.8em; background: #f5f5f5; border-left: 3px solid #1a5fb4; }
.rnn-glossary { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; font-size: 15px; }
.rnn-glossary th, .rnn-glossary td { text-align: left; vertical-align: top; padding: 4px 10px 4px 0; border-bottom: 1px solid #e5e5e5; }
/* Text outputs break between words, never inside a number or a word that fits on a line (Jupyter's style breaks anywhere). */
.jp-OutputArea-output pre { word-break: normal; overflow-wrap: break-word; }
/* Code wider than its column scrolls inside its block (nbconvert's editor style hides the overflow: .cm-editor
   in nbconvert 7, .CodeMirror in 6). */
.jp-InputArea-editor .cm-editor, .jp-InputArea-editor .CodeMirror { overflow-x: auto; }
/* Wide equations and tables scroll inside their own box; the page itself never scrolls sideways. */
.MathJax_Display, .MJXc-display { overflow-x: auto; overflow-y: hidden; }
.jp-RenderedHTMLCommon > table { display: block; max-width: 100%; overflow-x: auto; }
.rnn-figure { max-width: 100%; }
@media (max-width: 640px) {
  /* A phone: the In [ ] prompts go above their cells instead of taking a column, margins shrink. */
  body.jp-Notebook { padding: 6px 8px; }
  .jp-Cell { padding: 2px 0; }
  .jp-Cell-inputWrapper, .jp-Cell-outputWrapper { flex-direction: column; }
  .jp-InputArea, .jp-OutputArea-child { flex-direction: column; }
  .jp-InputPrompt, .jp-OutputPrompt { flex: 0 0 auto; width: auto; min-width: 0; text-align: left; padding: 0 0 2px; font-size: 11px; }
  .jp-InputPrompt:empty, .jp-OutputPrompt:empty, .jp-MarkdownCell .jp-InputPrompt { display: none; }
  .jp-Collapser { display: none; }
  .jp-OutputArea-output { margin-left: 0; }
  .rnn-nav { gap: 0.3em 1em; padding: 0.5em 0.8em; font-size: 14px; margin: 0 -8px; }
  .rnn-nav.top { margin-top: -6px; }
  .rnn-nav .spacer { display: none; }
}
`;

/** Writes site/assets/: the wrapped Plotly bundle, RequireJS, MathJax's needed files, site.css. */
export function writeAssets(site: string): void {
  const assets = join(site, "assets");
  mkdirSync(assets, { recursive: true });
  const plotly = readFileSync(plotlyBundlePath(), "utf8");
  writeFileSync(join(assets, "plotly.min.js"), wrapPlotlyBundle(plotly));
  cpSync(require.resolve("requirejs/require.js"), join(assets, "require.js"));
  const mathjax = join(root, "node_modules", "mathjax");
  for (const part of MATHJAX_PARTS) cpSync(join(mathjax, part), join(assets, "mathjax", part), { recursive: true });
  cpSync(join(mathjax, "LICENSE"), join(assets, "mathjax", "LICENSE"));
  for (const f of readdirSync(join(mathjax, "extensions")))
    if (f.endsWith(".js")) cpSync(join(mathjax, "extensions", f), join(assets, "mathjax", "extensions", f));
  writeFileSync(join(assets, "site.css"), SITE_CSS);
}

type Output = { output_type: string; data?: Record<string, unknown> };
type Notebook = { cells: { cell_type: string; source: string | string[]; outputs?: Output[] }[]; metadata: Record<string, unknown> };
const text = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));

/** Drops the inline Plotly bundle outputs (pages load assets/plotly.min.js instead); says whether figures remain. */
export function stripBundle(nb: Notebook): { hasFigures: boolean } {
  let hasFigures = false;
  for (const cell of nb.cells) {
    if (!cell.outputs) continue;
    cell.outputs = cell.outputs.filter((o) => !text(o.data?.["text/html"]).includes(BUNDLE_MARKER));
    if (cell.outputs.some((o) => text(o.data?.["text/html"]).includes(`class="${FIGURE_CLASS}"`))) hasFigures = true;
  }
  return { hasFigures };
}

/** Markdown as one line of plain text: no emphasis, code marks or link targets, TeX written in Unicode. */
function plainText(md: string): string {
  return texToUnicode(md.replace(/\$\$?([^$]*)\$\$?/g, (_, tex: string) => tex))
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The longest a summary on the index grows by adding whole sentences. */
const SUMMARY_CHARS = 420;

/**
 * A summary made of whole sentences of `paragraph` (at least one, at most about SUMMARY_CHARS). A sentence
 * that ends in a colon before a list is completed by the list's bold leads ("…in five steps: order carries
 * information; …"), or left out if that would be too long.
 */
export function summarize(paragraph: string, next = ""): string {
  const sentences = plainText(paragraph)
    .split(/(?<=[.!?:])\s+(?=[\p{Lu}0-9“"(])/u)
    .filter(Boolean);
  const leads = [...next.matchAll(/^\s*(?:\d+\.|[-*])\s+\*\*(.+?)\*\*/gm)].map((m) =>
    plainText(m[1])
      .replace(/[.:;,]+$/, "")
      .replace(/^(\p{Lu})(?=[\p{Ll}\s])/u, (c) => c.toLowerCase()),
  );
  let summary = "";
  for (const [i, sentence] of sentences.entries()) {
    let s = sentence;
    if (s.endsWith(":")) {
      if (i < sentences.length - 1 || leads.length === 0) continue;
      s = `${s} ${leads.join("; ")}.`;
    }
    const longer = summary ? `${summary} ${s}` : s;
    if (summary && longer.length > SUMMARY_CHARS) break;
    summary = longer;
  }
  return summary || (sentences[0] ?? "");
}

/** The notebook's title (its first Markdown heading) and the opening of its first paragraph, for the index and page titles. */
export function describe(nb: Notebook, fallback: string): { title: string; summary: string } {
  const md = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source));
  const first = md.join("\n\n");
  const title = /^#{1,2}\s+(.+)$/m.exec(first)?.[1].trim() ?? fallback;
  const blocks = first.split(/\n\s*\n/).map((p) => p.trim());
  const k = blocks.findIndex((p) => p && !p.startsWith("#") && !p.startsWith("```") && !p.startsWith("|") && !p.startsWith("<"));
  return { title: title.replace(/[*_`]/g, ""), summary: k < 0 ? "" : summarize(blocks[k], blocks[k + 1]) };
}

export interface PageLink {
  html: string;
  title: string;
}

/**
 * Rewrites one nbconvert page: its `<style>` blocks move to shared files in assets/css/ (same content,
 * same file), drawings go inline, Plotly and site.css are linked, the title is the notebook's, `<html lang>` is its
 * language's, and navigation goes on top and at the bottom, the top one with a link to the page's twin in the other
 * language. Throws if the page would load anything from another host.
 */
export function finishPage(
  site: string,
  page: string,
  opts: { title: string; ipynb: string; hasFigures: boolean; prev?: PageLink; next?: PageLink; lang?: SiteLang; twin?: PageLink },
): void {
  const lang = opts.lang ?? "en";
  const words = SITE_WORDS[lang];
  const otherLang: SiteLang = lang === "en" ? "pt-BR" : "en";
  const file = join(site, page);
  const html = readFileSync(file, "utf8");
  const bodyAt = html.indexOf("<body");
  if (bodyAt < 0) throw new Error(`${page}: nbconvert wrote no <body>`);
  let head = html.slice(0, bodyAt);
  // Drawings travel in notebooks as images of their SVG (drawable anywhere, untrusted included); on the
  // site's own pages they go back inline, where their text is selectable and their layout follows the page.
  let body = inlineDrawings(html.slice(bodyAt));
  mkdirSync(join(site, "assets", "css"), { recursive: true });
  head = head.replace(/<style\b[^>]*>([\s\S]*?)<\/style>/g, (_, css: string) => {
    const name = `nb-${createHash("sha256").update(css).digest("hex").slice(0, 12)}.css`;
    writeFileSync(join(site, "assets", "css", name), css);
    return `<link rel="stylesheet" href="assets/css/${name}">`;
  });
  // MathJax must not break an equation across lines on a narrow page (W_h = on one line, its matrix on the
  // next); a wide equation scrolls inside its box instead (site.css).
  head = head.replace(/(linebreaks:\s*\{\s*automatic:\s*)true/, (_, before: string) => `${before}false`);
  // nbconvert 7 adds a loader that would import mermaid.js from a CDN for a page with a Mermaid diagram; these
  // pages have none, and the site loads nothing from another host.
  head = head.replace(/<script type="module">(?:(?!<\/script>)[\s\S])*?\.jp-Mermaid[\s\S]*?<\/script>/, "");
  head = head.replace(/<title>[\s\S]*?<\/title>/, () => `<title>${escapeHtml(opts.title)}</title>`); // a function: "$&" in a title stays as typed
  head = head.replace(/<html\b[^>]*>/, `<html lang="${lang}">`);
  const alternate = opts.twin ? `<link rel="alternate" hreflang="${otherLang}" href="${escapeHtml(opts.twin.html)}">\n` : "";
  const extra = `${alternate}<link rel="stylesheet" href="assets/site.css">\n${opts.hasFigures ? `<script src="assets/plotly.min.js"></script>\n` : ""}`;
  head = head.replace(/<\/head>\s*$/, () => `${extra}</head>\n`);
  const link = (l: PageLink | undefined, label: string) =>
    l ? `<a href="${escapeHtml(l.html)}">${label.replace("%", () => escapeHtml(l.title))}</a>` : "";
  const twin =
    opts.twin &&
    `<a class="rnn-twin" href="${escapeHtml(opts.twin.html)}" hreflang="${otherLang}" lang="${otherLang}">${escapeHtml(words.twin)}</a>`;
  const nav = (where: string) =>
    `<nav class="rnn-nav ${where}">${link(opts.prev, "← %")}<a href="${INDEX_PAGE[lang]}">${words.contents}</a>${link(opts.next, "% →")}` +
    `<span class="spacer"></span>${where === "top" && twin ? twin : ""}<a href="${escapeHtml(opts.ipynb)}" download>${words.download}</a></nav>`;
  body = body
    .replace(/^<body[^>]*>/, (tag) => `${tag}\n${nav("top")}`)
    .replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${nav("bottom")}\n</body>`);
  const remote = /<(?:script|img|iframe|link|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/i.exec(
    (head + body).replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>"),
  );
  const imported = /\bimport\(\s*["'](?:https?:)?\/\/[^"']+/.exec(head + body);
  if (remote || imported)
    throw new Error(`${page} would load a file from another host (${(remote ?? imported)![0].slice(0, 120)}); the site must work offline`);
  writeFileSync(file, head + body);
}

/**
 * The glossary of a README (the table between `<!-- glossary -->` and `<!-- /glossary -->`: README.md's, or the
 * Portuguese edition's LEIAME.md) as an HTML table for the index page: each cell escaped, its *emphasis* and links
 * kept, a link to a notebook (`notebooks/NAME.ipynb#anchor`, `NAME.ipynb#anchor`) made one to the page
 * `NAME.html#anchor`. Empty when the README has no glossary.
 */
export function glossaryHTML(readme: string): string {
  const table = /<!-- glossary -->\n([\s\S]*?)\n<!-- \/glossary -->/.exec(readme)?.[1];
  if (!table) return "";
  const inline = (md: string) =>
    escapeHtml(md.trim())
      .replace(
        /\[([^\]]+)\]\((?:[\w-]+\/)?([\w-]+)\.ipynb(#[\w-]+)?\)/g,
        (_, text: string, name: string, hash = "") => `<a href="${name}.html${hash}">${text}</a>`,
      )
      .replace(/\*([^*]+)\*/g, "<em>$1</em>");
  const [head, , ...rows] = table.split("\n").map((line) => line.replace(/^\||\|$/g, "").split("|"));
  const row = (cells: string[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${inline(c)}</${tag}>`).join("")}</tr>`;
  return `<table class="rnn-glossary">\n<thead>${row(head, "th")}</thead>\n<tbody>\n${rows.map((r) => row(r, "td")).join("\n")}\n</tbody>\n</table>`;
}

/** The contents page of one language: one line per notebook with its summary, page and notebook download, a link to the other language's contents, then the glossary (HTML) if any. */
export function writeIndex(
  site: string,
  lang: SiteLang,
  pages: { html: string; ipynb: string; title: string; summary: string }[],
  opts: { glossary?: string; twin?: boolean } = {},
): void {
  const words = SITE_WORDS[lang];
  const otherLang: SiteLang = lang === "en" ? "pt-BR" : "en";
  const items = pages
    .map(
      (p) =>
        `<li><a href="${escapeHtml(p.html)}"><strong>${escapeHtml(p.title)}</strong></a> <small>(<a href="${escapeHtml(p.ipynb)}" download>.ipynb</a>)</small>` +
        `${p.summary ? `<br><span class="desc">${escapeHtml(p.summary)}</span>` : ""}</li>`,
    )
    .join("\n");
  const twin = opts.twin
    ? `<p class="rnn-twin" lang="${otherLang}"><a href="${INDEX_PAGE[otherLang]}" hreflang="${otherLang}">${escapeHtml(words.twinIndex)}</a></p>\n`
    : "";
  const alternate = opts.twin ? `<link rel="alternate" hreflang="${otherLang}" href="${INDEX_PAGE[otherLang]}">\n` : "";
  writeFileSync(
    join(site, INDEX_PAGE[lang]),
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
      `<title>${escapeHtml(words.title)}</title>\n${alternate}<link rel="stylesheet" href="assets/site.css">\n</head>\n<body>\n<main class="rnn-index">\n` +
      `<h1>${escapeHtml(words.title)}</h1>\n<p>${escapeHtml(words.intro)}</p>\n${twin}<ol>\n${items || `<li>${escapeHtml(words.none)}</li>`}\n</ol>\n` +
      (opts.glossary
        ? `<h2 id="glossary">${escapeHtml(words.glossary)}</h2>\n<p>${escapeHtml(words.glossaryIntro)}</p>\n${opts.glossary}\n`
        : "") +
      `</main>\n</body>\n</html>\n`,
  );
}

/** Total size in bytes of the files under `dir`. */
export function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    const st = statSync(p);
    return n + (st.isDirectory() ? sizeOf(p) : st.size);
  }, 0);
}
