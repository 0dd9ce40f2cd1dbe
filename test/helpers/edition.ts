/**
 * The two editions of a notebook, English and Brazilian Portuguese, for the notebook tests: each test file runs its
 * assertions once per edition, on that edition's executed notebook, with that edition's words for the sentences it
 * reads. The assertions are shared; only the sentences differ.
 */
import { join, relative } from "node:path";
import { EDITION, editionTables } from "../../scripts/edition";
import { executeNotebook, root, saidPattern, type ExecutedNotebook } from "./notebook";

export interface Edition {
  /** "en" or "pt-BR" */
  lang: string;
  /** the locale its numbers are written in */
  locale: string;
  /** the notebook, relative to the project root */
  file: string;
  /** a number as `say` writes it in this edition, for a group of a regular expression: `(${ed.N})` */
  N: string;
  /** this edition's one of two texts (or patterns, or anything): the English and the Portuguese */
  t<T>(en: T, pt: T): T;
  /** "Figure" or "Figura": the word a figure's title starts with */
  figure: string;
}

const english: Edition = {
  lang: "en",
  locale: "en-GB",
  file: "",
  N: saidPattern("en-GB"),
  t: (en) => en,
  figure: "Figure",
};
const portuguese: Edition = {
  lang: EDITION.lang,
  locale: "pt-BR",
  file: "",
  N: saidPattern("pt-BR"),
  t: (_, pt) => pt,
  figure: "Figura",
};

/** The English notebook `name` ("01-motivation") and its Portuguese twin, as editions. */
export function editionsOf(name: string): Edition[] {
  const entry = editionTables().find((e) => e.english.endsWith(`${name}.ipynb`));
  if (!entry) throw new Error(`no string table for ${name} in editions/pt-BR/`);
  return [
    { ...english, file: `notebooks/${name}.ipynb` },
    { ...portuguese, file: relative(root, join(EDITION.notebooks, entry.table.notebook)) },
  ];
}

/** Each edition of notebook `name` with its executed notebook (run once, or read from the execution cache). */
export function executedEditions(name: string): { ed: Edition; nb: ExecutedNotebook }[] {
  return editionsOf(name).map((ed) => ({ ed, nb: executeNotebook(ed.file) }));
}
