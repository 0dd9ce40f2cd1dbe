/**
 * Real time series from the npm package `vega-datasets`: daily and monthly S&P 500 prices and the
 * monthly unemployment-across-industries panel, plus the few helpers a forecast needs (sliding windows
 * and the T × n × d layout the RNN reads).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "csv-parse/sync";
import { checkEntry, checkFiniteNumber, checkOneOf, checkOptions, checkPositiveInt, checkString } from "../check";
import { DataError, describeValue, ShapeError, ValueError } from "../errors";
import { Matrix } from "../matrix";

/** One dated series: `dates[i]` (ISO "YYYY-MM-DD") goes with `values[i]`. */
export interface TimeSeries {
  name: string;
  dates: string[];
  values: number[];
}

/** Several series on the same dates: `values[s][i]` is series `names[s]` on `dates[i]`. */
export interface Panel {
  names: string[];
  dates: string[];
  values: number[][];
}

/**
 * The absolute path of a file in `vega-datasets`' data folder. The package is ESM-only and its
 * `exports` hide package.json, so the folder is found next to the resolved entry (build/ → ../data).
 *
 * @example
 * vegaDataPath("sp500-2000.csv"); // "/…/node_modules/vega-datasets/data/sp500-2000.csv"
 */
export function vegaDataPath(file: string): string {
  checkString("file", file);
  let entry: string;
  try {
    entry = require.resolve("vega-datasets");
  } catch (e) {
    throw new DataError(
      `vegaDataPath: cannot resolve the package "vega-datasets" (is it installed? run npm install): ${(e as Error).message}`,
      { cause: e },
    );
  }
  const full = path.join(path.dirname(entry), "..", "data", file);
  if (!fs.existsSync(full)) throw new DataError(`vegaDataPath: file "${file}" not found in vega-datasets (looked at ${full})`);
  return full;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(vegaDataPath(file), "utf8"), { columns: true, skip_empty_lines: true, trim: true });
}

function toNumber(raw: string | undefined, where: string): number {
  const v = Number(raw);
  if (raw === undefined || raw === "" || !Number.isFinite(v))
    throw new DataError(`${where}: expected a number, got ${JSON.stringify(raw)}`);
  return v;
}

function checkDate(name: string, v: string | null | undefined): void {
  if (v != null && (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)))
    throw new ValueError(`${name} must be an ISO date "YYYY-MM-DD", got ${describeValue(v)}`);
}

/** Columns of sp500-2000.csv. */
export const SP500_COLUMNS = ["open", "high", "low", "close", "adjclose", "volume"] as const;
export type SP500Column = (typeof SP500_COLUMNS)[number];

/**
 * Daily S&P 500 from sp500-2000.csv: trading days from 2000-01-03 to 2020-04-17 (5,105 rows).
 * `from`/`to` (inclusive, ISO dates) cut a period; `column` picks the price (default "close").
 *
 * @example
 * const s = loadSP500Daily({ from: "2015-01-01" });
 * s.values.length === s.dates.length; // true
 */
export function loadSP500Daily(options: { column?: SP500Column | null; from?: string | null; to?: string | null } = {}): TimeSeries {
  checkOptions("loadSP500Daily", options, ["column", "from", "to"]);
  options ??= {};
  const column = options.column ?? "close";
  checkOneOf("column", column, SP500_COLUMNS);
  checkDate("from", options.from);
  checkDate("to", options.to);
  const dates: string[] = [],
    values: number[] = [];
  for (const [i, row] of readCsv("sp500-2000.csv").entries()) {
    const d = row.date;
    if ((options.from && d < options.from) || (options.to && d > options.to)) continue;
    dates.push(d);
    values.push(toNumber(row[column], `sp500-2000.csv row ${i + 2}, column "${column}"`));
  }
  if (dates.length === 0)
    throw new ValueError(`no S&P 500 trading days between ${options.from ?? "the start"} and ${options.to ?? "the end"}`);
  return { name: `S&P 500 (${column})`, dates, values };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Monthly S&P 500 from sp500.csv (first trading day of each month, January 2000 – March 2010).
 *
 * @example
 * loadSP500Monthly().dates[0]; // "2000-01-01"
 */
export function loadSP500Monthly(): TimeSeries {
  const dates: string[] = [],
    values: number[] = [];
  for (const [i, row] of readCsv("sp500.csv").entries()) {
    const m = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(row.date ?? "");
    if (!m || !MONTHS.includes(m[1]))
      throw new DataError(`sp500.csv row ${i + 2}: expected a date like "Jan 1 2000", got ${JSON.stringify(row.date)}`);
    dates.push(`${m[3]}-${String(MONTHS.indexOf(m[1]) + 1).padStart(2, "0")}-${m[2].padStart(2, "0")}`);
    values.push(toNumber(row.price, `sp500.csv row ${i + 2}, column "price"`));
  }
  return { name: "S&P 500 (monthly)", dates, values };
}

interface UnemploymentRow {
  series: string;
  year: number;
  month: number;
  count: number;
  rate: number;
}

/**
 * The unemployment-across-industries panel: 14 industries, monthly from January 2000 to February 2010
 * (122 months). `measure` is "rate" (percent unemployed, default) or "count" (thousands of people).
 *
 * @example
 * const p = loadUnemploymentPanel();
 * p.names.length; // 14
 * p.values[p.names.indexOf("Construction")][0]; // rate in January 2000
 */
export function loadUnemploymentPanel(options: { measure?: "rate" | "count" | null } = {}): Panel {
  checkOptions("loadUnemploymentPanel", options, ["measure"]);
  const measure = options?.measure ?? "rate";
  checkOneOf("measure", measure, ["rate", "count"] as const);
  const rows = JSON.parse(fs.readFileSync(vegaDataPath("unemployment-across-industries.json"), "utf8")) as UnemploymentRow[];
  const byName = new Map<string, Map<string, number>>();
  const dateSet = new Set<string>();
  for (const r of rows) {
    const date = `${r.year}-${String(r.month).padStart(2, "0")}-01`;
    dateSet.add(date);
    if (!byName.has(r.series)) byName.set(r.series, new Map());
    byName.get(r.series)!.set(date, toNumber(String(r[measure]), `unemployment ${r.series} ${date}, field "${measure}"`));
  }
  const dates = [...dateSet].sort();
  const names = [...byName.keys()];
  const values = names.map((name) =>
    dates.map((d) => {
      const v = byName.get(name)!.get(d);
      if (v === undefined) throw new DataError(`unemployment panel: "${name}" has no value for ${d}`);
      return v;
    }),
  );
  return { names, dates, values };
}

/**
 * Sliding windows for aligned many-to-many forecasting: window i reads `values[s … s+length−1]` and its
 * targets are the same steps moved `horizon` ahead, `values[s+horizon … s+length−1+horizon]`, with
 * s = i·stride.
 *
 * @example
 * windows([1, 2, 3, 4, 5], 3); // { inputs: [[1,2,3],[2,3,4]], targets: [[2,3,4],[3,4,5]] }
 */
export function windows(
  values: number[],
  length: number,
  options: { stride?: number | null; horizon?: number | null } = {},
): { inputs: number[][]; targets: number[][] } {
  checkOptions("windows", options, ["stride", "horizon"]);
  const stride = options?.stride ?? 1,
    horizon = options?.horizon ?? 1;
  if (!Array.isArray(values)) throw new ValueError(`windows: values is ${describeValue(values)}, expected an array of numbers`);
  for (let i = 0; i < values.length; i++) checkEntry("values", values, i);
  checkPositiveInt("length", length);
  checkPositiveInt("stride", stride);
  checkPositiveInt("horizon", horizon);
  if (values.length < length + horizon) {
    throw new ShapeError(`values: need at least length + horizon = ${length + horizon} values, got ${values.length}`);
  }
  const inputs: number[][] = [],
    targets: number[][] = [];
  for (let s = 0; s + length + horizon <= values.length; s += stride) {
    inputs.push(values.slice(s, s + length));
    targets.push(values.slice(s + horizon, s + length + horizon));
  }
  return { inputs, targets };
}

/** One step of a sequence: a scalar (d = 1) or d features. */
export type SequenceStep = number | readonly number[];

/**
 * n sequences of T steps (n × T × d, or n × T scalars for d = 1) in the layout the RNN reads: T matrices
 * x_t of n×d, row i of x_t being step t of sequence i. Ragged input is refused naming the first
 * sequence or step that differs, under `name` (the caller's argument, default "sequences").
 *
 * @example
 * stepsOf([[1, 2, 3], [4, 5, 6]]);             // 3 matrices 2×1: x_0 = [[1], [4]], …
 * stepsOf([[[1, 0], [2, 0]], [[3, 1], [4, 1]]]); // 2 matrices 2×2: x_0 = [[1, 0], [3, 1]], x_1 = [[2, 0], [4, 1]]
 */
export function stepsOf(sequences: readonly (readonly SequenceStep[])[], name = "sequences"): Matrix[] {
  if (!Array.isArray(sequences) || sequences.length === 0) {
    throw new ShapeError(`${name}: expected a non-empty array of sequences (n × T × d), got ${describeValue(sequences)}`);
  }
  const n = sequences.length;
  const first = sequences[0];
  if (!Array.isArray(first) || first.length === 0)
    throw new ShapeError(`${name}[0]: expected a non-empty array of steps, got ${describeValue(first)}`);
  const T = first.length,
    scalars = !Array.isArray(first[0]),
    d = scalars ? 1 : (first[0] as readonly number[]).length;
  if (d === 0) throw new ShapeError(`${name}[0][0]: expected at least one feature, got an empty array`);
  const xs = Array.from({ length: T }, () => new Matrix(n, d));
  for (let i = 0; i < n; i++) {
    const seq = sequences[i];
    if (!(i in sequences)) throw new ValueError(`${name}[${i}] is missing (a hole in the array), expected ${T} steps like ${name}[0]`);
    if (!Array.isArray(seq) || seq.length !== T) {
      throw new ShapeError(`${name}[${i}]: expected ${T} steps like ${name}[0], got ${describeValue(seq)}`);
    }
    for (let t = 0; t < T; t++) {
      const step = seq[t];
      if (!(t in seq)) throw new ValueError(`${name}[${i}][${t}] is missing (a hole in the array), expected step ${t}`);
      if (scalars) {
        checkFiniteNumber(`${name}[${i}][${t}]`, step);
        xs[t].data[i] = step;
        continue;
      }
      if (!Array.isArray(step) || step.length !== d) {
        throw new ShapeError(`${name}[${i}][${t}]: expected ${d} features like ${name}[0][0], got ${describeValue(step)}`);
      }
      for (let j = 0; j < d; j++) {
        checkFiniteNumber(`${name}[${i}][${t}][${j}]`, step[j]);
        xs[t].data[i * d + j] = step[j];
      }
    }
  }
  return xs;
}
