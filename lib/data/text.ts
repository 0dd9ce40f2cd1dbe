/**
 * The text corpus: Machado de Assis's *Memórias Póstumas de Brás Cubas* (public domain, UTF-8).
 * The file is not shipped: it is read from a cache folder and, when absent, downloaded (download.ts),
 * checked against its SHA-256 and only then moved into the cache.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkOptions, checkPositive, checkString } from "../check";
import { DataError } from "../errors";
import { cannotWrite, downloadVerified, verifySha256 } from "./download";

/** Where the novel comes from and how to recognise it. */
export const MEMORIAS = {
  file: "memoriasBras.txt",
  url: "https://raw.githubusercontent.com/luxedo/dataset-machado-de-assis/master/txt/romance/memoriasBras.txt",
  sha256: "3cb24e357d9c5ae7c95b4efb4949e7b8838a528577281bc875f6e8e9a9780bba",
  bytes: 365645,
} as const;

/** The environment variable naming the cache folder (tests and CI point it at a shared copy). */
export const DATA_DIR_ENV = "RNN_DATA_DIR";

/**
 * The cache folder: `$RNN_DATA_DIR` if set (a relative path is taken from the current directory, which
 * for a notebook kernel is the notebook's folder), else `node_modules/.cache/rnn-notebooks/data` under
 * the project (ignored by git, like other tools' caches).
 */
export function dataDir(): string {
  const fromEnv = process.env[DATA_DIR_ENV];
  return fromEnv ? resolve(fromEnv) : join(__dirname, "..", "..", "node_modules", ".cache", "rnn-notebooks", "data");
}

/** Where to look for the novel and what to do when it is missing. */
export interface LoadOptions {
  /** cache folder (default `dataDir()`: `$RNN_DATA_DIR` or the project's cache) */
  dir?: string;
  /** download when the file is missing (default true); false throws instead */
  download?: boolean;
  /** source URL (default the repository's raw URL); the SHA-256 is checked whatever the source */
  url?: string;
  /** give up a download after this many milliseconds (default 120,000) */
  timeoutMs?: number;
}

/**
 * The checked path of the novel: `memoriasBras.txt` in the cache folder, downloaded first if it is
 * missing. A folder named by the user (`dir`, or `$RNN_DATA_DIR`) must exist — a mistyped one is named,
 * never created; only the project's own cache folder is created. Throws a DataError per case (missing
 * folder, a file instead of a folder, a folder it cannot write, HTTP error, time-out, no network) and a
 * ChecksumError for a file whose hash does not match.
 *
 * @example
 * memoriasPath(); // "/…/memoriasBras.txt", checked
 */
export function memoriasPath(options: LoadOptions = {}): string {
  checkOptions("loadMemorias", options, ["dir", "download", "url", "timeoutMs"]);
  options ??= {};
  if (options.dir != null) checkString("dir", options.dir);
  if (options.url != null) checkString("url", options.url);
  if (options.timeoutMs != null) checkPositive("timeoutMs", options.timeoutMs);
  const advice = { file: MEMORIAS.file, env: DATA_DIR_ENV };
  const fromEnv = options.dir == null && !!process.env[DATA_DIR_ENV];
  const dir = options.dir ?? dataDir();
  const what = fromEnv ? `${DATA_DIR_ENV} is ${dir}` : `the data folder ${dir}`;
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new DataError(
      `${fromEnv ? `${DATA_DIR_ENV} points at a file` : `the data folder is a file`} (${dir}): set it to the folder that holds it`,
    );
  }
  const file = join(dir, MEMORIAS.file);
  if (!existsSync(file)) {
    if (!existsSync(dir) && fromEnv) {
      throw new DataError(
        `${what}, which does not exist (mistyped?): create it, or set ${DATA_DIR_ENV} to the folder that holds ${MEMORIAS.file}`,
      );
    }
    if (options.download === false) {
      throw new DataError(`${MEMORIAS.file} is not in ${dir} and download is false: set ${DATA_DIR_ENV} to a folder that holds it`);
    }
    try {
      mkdirSync(dir, { recursive: true }); // the project's own cache folder
    } catch (e) {
      throw cannotWrite(dir, e, advice);
    }
    downloadVerified(options.url ?? MEMORIAS.url, file, MEMORIAS.sha256, advice, options.timeoutMs);
  }
  if (statSync(file).isDirectory()) {
    throw new DataError(`${file} is a folder, expected the file ${MEMORIAS.file}: remove or rename the folder`);
  }
  verifySha256(readFileSync(file), MEMORIAS.sha256, file);
  return file;
}

/**
 * The full text of *Memórias Póstumas de Brás Cubas* as a string (354,375 characters, UTF-8 decoded;
 * 109 distinct characters including accented letters, “ ” and —). Reads the cached copy, checking its
 * SHA-256 (no network needed); downloads it first if it is not cached (see `memoriasPath` for what is
 * refused and how).
 *
 * @example
 * const text = loadMemorias();       // uses $RNN_DATA_DIR when set
 * text.slice(0, 31);                  // "Memórias Póstumas de Brás Cubas"
 */
export function loadMemorias(options: LoadOptions = {}): string {
  const bytes = readFileSync(memoriasPath(options));
  // fatal: invalid UTF-8 throws instead of turning into U+FFFD; the BOM, if any, is dropped.
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes).normalize("NFC");
}
