/**
 * `npm start`'s command line: the notebooks to export (default: every one of both editions, in notebooks/ and
 * notebooks-pt-BR/) and the options, checked, with a usage text for `--help` and for a bad command line.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DATA_DIR_ENV } from "../lib/data/text";
import { root } from "./jupyter-home.mjs";

export const USAGE = `Usage: npm start -- [options] [NOTEBOOK.ipynb …]   (or: node --import tsx scripts/export.ts …)

Executes the notebooks (default: every notebook of both editions, in notebooks/ and notebooks-pt-BR/), two at a
time, and writes the HTML site.
  --fresh            run every notebook again, even one unchanged since its last run
  --timeout SECONDS  time limit of one cell, a whole number of seconds ≥ 1 (default 900)
  --jobs N           notebooks executed at a time (default 2)
  --out DIR          where to write the site (default site/)
  -h, --help         print this help
The novel is read from ${DATA_DIR_ENV} (or the project's cache), checked before any notebook runs.`;

/** A bad command line: printed with the usage, without a stack trace. */
export class UsageError extends Error {}

export function options(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        fresh: { type: "boolean", default: false },
        timeout: { type: "string", default: "900" },
        jobs: { type: "string", default: "2" },
        out: { type: "string", default: join(root, "site") },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const whole = (name: string, text: string) => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${text}"`);
    return Number(text);
  };
  const notebooks = positionals.map((p) => {
    if (!p.endsWith(".ipynb")) throw new UsageError(`"${p}" is not a notebook (.ipynb)`);
    if (!existsSync(p)) throw new UsageError(`notebook "${p}" does not exist`);
    return resolve(p);
  });
  if (notebooks.length === 0)
    for (const dir of [join(root, "notebooks"), join(root, "notebooks-pt-BR")])
      if (existsSync(dir)) for (const f of readdirSync(dir).sort()) if (f.endsWith(".ipynb")) notebooks.push(join(dir, f));
  return {
    help: values.help,
    fresh: values.fresh,
    timeout: whole("timeout", values.timeout),
    jobs: whole("jobs", values.jobs),
    out: resolve(values.out),
    notebooks,
  };
}

/** The checked options of one export. */
export type Options = ReturnType<typeof options>;
