/**
 * The text corpus: Machado de Assis's *Memórias Póstumas de Brás Cubas* (public domain, UTF-8).
 * The file is not shipped: it is read from a cache folder and, when absent, downloaded to a temporary
 * file, checked against its SHA-256 and only then renamed into the cache.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ChecksumError } from "../errors";

/** Where the novel comes from and how to recognise it. */
export const MEMORIAS = {
  file: "memoriasBras.txt",
  url: "https://raw.githubusercontent.com/luxedo/dataset-machado-de-assis/master/txt/romance/memoriasBras.txt",
  sha256: "3cb24e357d9c5ae7c95b4efb4949e7b8838a528577281bc875f6e8e9a9780bba",
  bytes: 365645,
} as const;

/** The environment variable naming the cache folder (tests and CI point it at a shared copy). */
export const DATA_DIR_ENV = "RNN_DATA_DIR";

export { ChecksumError, DataError } from "../errors";

/**
 * The cache folder: `$RNN_DATA_DIR` if set (a relative path is taken from the current directory, which
 * for a notebook kernel is the notebook's folder), else `node_modules/.cache/rnn-notebooks/data` under
 * the project (ignored by git, like other tools' caches).
 */
export function dataDir(): string {
  const fromEnv = process.env[DATA_DIR_ENV];
  return fromEnv ? resolve(fromEnv) : join(__dirname, "..", "..", "node_modules", ".cache", "rnn-notebooks", "data");
}

/** The hex SHA-256 of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Throws a ChecksumError naming the file and both hashes unless `bytes` hash to `expected`. */
export function verifySha256(bytes: Uint8Array, expected: string, file: string): void {
  const got = sha256(bytes);
  if (got !== expected) {
    throw new ChecksumError(
      `${file}: SHA-256 is ${got} (${bytes.length} bytes), expected ${expected}. ` +
        `The file is corrupted or is not the expected text; delete it to download a fresh copy.`,
    );
  }
}

/**
 * Downloads `url` into a temporary file beside `target`, checks its SHA-256 and renames it to `target`
 * (a rename within one folder is atomic, so an interrupted or corrupted download never becomes `target`).
 * Node has no synchronous HTTP, so the transfer runs in a child Node process; this keeps
 * `loadMemorias()` a plain function a notebook cell can call.
 */
export function downloadVerified(url: string, target: string, expectedSha256: string, timeoutMs = 120_000): void {
  const part = `${target}.${process.pid}.${Date.now()}.part`;
  const script =
    "const [url, out] = process.argv.slice(1);" +
    "fetch(url).then(async (r) => { if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`);" +
    " require('node:fs').writeFileSync(out, Buffer.from(await r.arrayBuffer())); })" +
    ".catch((e) => { const c = e && e.cause; console.error(String((e && e.message) || e) + (c ? ` (${c.code || c.message})` : '')); process.exit(1); });";
  try {
    try {
      execFileSync(process.execPath, ["-e", script, url, part], { stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs });
    } catch (e) {
      const stderr = String((e as { stderr?: Buffer }).stderr ?? "").trim();
      throw new Error(`could not download ${url}: ${stderr || (e as Error).message}`, { cause: e });
    }
    verifySha256(readFileSync(part), expectedSha256, `downloaded ${url}`);
    renameSync(part, target);
  } finally {
    rmSync(part, { force: true });
  }
}

/** Where to look for the novel and what to do when it is missing. */
export interface LoadOptions {
  /** cache folder (default `dataDir()`: `$RNN_DATA_DIR` or the project's cache) */
  dir?: string;
  /** download when the file is missing (default true); false throws instead */
  download?: boolean;
  /** source URL (default the repository's raw URL); the SHA-256 is checked whatever the source */
  url?: string;
}

/**
 * The full text of *Memórias Póstumas de Brás Cubas* as a string (354,375 characters, UTF-8 decoded;
 * 109 distinct characters including accented letters, “ ” and —). Reads the cached copy, checking its
 * SHA-256 (no network needed); downloads it first if it is not cached. Throws a ChecksumError for a
 * cached or downloaded file whose hash does not match.
 *
 * @example
 * const text = loadMemorias();       // uses $RNN_DATA_DIR when set
 * text.slice(0, 31);                  // "Memórias Póstumas de Brás Cubas"
 */
export function loadMemorias(options: LoadOptions = {}): string {
  const dir = options.dir ?? dataDir();
  const file = join(dir, MEMORIAS.file);
  if (!existsSync(file)) {
    if (options.download === false) {
      throw new Error(`${MEMORIAS.file} is not in ${dir} and download is false: set ${DATA_DIR_ENV} to a folder that holds it`);
    }
    mkdirSync(dir, { recursive: true });
    try {
      downloadVerified(options.url ?? MEMORIAS.url, file, MEMORIAS.sha256);
    } catch (e) {
      if (e instanceof ChecksumError) throw e;
      throw new Error(`${(e as Error).message}. Without a network, put ${MEMORIAS.file} in a folder and set ${DATA_DIR_ENV} to it`, {
        cause: e,
      });
    }
  }
  const bytes = readFileSync(file);
  verifySha256(bytes, MEMORIAS.sha256, file);
  // fatal: invalid UTF-8 throws instead of turning into U+FFFD; the BOM, if any, is dropped.
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes).normalize("NFC");
}
