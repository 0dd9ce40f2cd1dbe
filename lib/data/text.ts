/**
 * The text corpus: Machado de Assis's *Memórias Póstumas de Brás Cubas* (public domain, UTF-8).
 * The file is not shipped: it is read from a cache folder and, when absent, downloaded to a temporary
 * file, checked against its SHA-256 and only then renamed into the cache.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ChecksumError, DataError } from "../errors";

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

/** Why a download failed, as the child process that ran it reports it. */
type DownloadFailure = { kind: "http"; status: number; statusText: string } | { kind: "network"; code: string; host: string };

/**
 * Downloads `url` into a temporary file beside `target`, checks its SHA-256 and renames it to `target`
 * (a rename within one folder is atomic, so an interrupted or corrupted download never becomes `target`).
 * Node has no synchronous HTTP, so the transfer runs in a child Node process; this keeps
 * `loadMemorias()` a plain function a notebook cell can call. Each failure has its own DataError: a
 * folder it cannot write, an HTTP error, a time-out, no network; a wrong hash is a ChecksumError.
 */
export function downloadVerified(url: string, target: string, expectedSha256: string, timeoutMs = 120_000): void {
  const part = `${target}.${process.pid}.${Date.now()}.part`;
  try {
    closeSync(openSync(part, "w")); // fails now, with the folder's name, if the folder cannot be written
  } catch (e) {
    throw cannotWrite(dirname(target), e);
  }
  const script =
    "const [url, out] = process.argv.slice(1); const fail = (f) => { console.error(JSON.stringify(f)); process.exit(1); };" +
    "fetch(url).then(async (r) => { if (!r.ok) fail({ kind: 'http', status: r.status, statusText: r.statusText });" +
    " require('node:fs').writeFileSync(out, Buffer.from(await r.arrayBuffer())); })" +
    ".catch((e) => { const c = (e && e.cause) || e; fail({ kind: 'network', code: String(c.code || c.message || e), host: new URL(url).host }); });";
  try {
    try {
      execFileSync(process.execPath, ["-e", script, url, part], { stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs });
    } catch (e) {
      if ((e as { code?: string }).code === "ETIMEDOUT") {
        throw new DataError(
          `the download of ${url} did not finish within ${timeoutMs / 1000} s (a slow or blocked network). ${offlineAdvice()}`,
          { cause: e },
        );
      }
      const stderr = String((e as { stderr?: Buffer }).stderr ?? "").trim();
      let failure: DownloadFailure | undefined;
      try {
        failure = JSON.parse(stderr.split("\n").pop() ?? "") as DownloadFailure;
      } catch {
        failure = undefined;
      }
      if (failure?.kind === "http") {
        throw new DataError(
          `HTTP ${failure.status} ${failure.statusText} from ${url}: ` +
            (failure.status === 404
              ? `the file is not at that address (moved or mistyped). Download ${MEMORIAS.file} yourself, put it in a folder and set ${DATA_DIR_ENV} to it`
              : `the server refused the download; try again later, or put ${MEMORIAS.file} in a folder and set ${DATA_DIR_ENV} to it`),
          { cause: e },
        );
      }
      if (failure?.kind === "network") {
        throw new DataError(`could not reach ${failure.host} (${failure.code}) to download ${url}. ${offlineAdvice()}`, { cause: e });
      }
      throw new DataError(`could not download ${url}: ${stderr || (e as Error).message}`, { cause: e });
    }
    verifySha256(readFileSync(part), expectedSha256, `downloaded ${url}`);
    renameSync(part, target);
  } finally {
    rmSync(part, { force: true });
  }
}

const offlineAdvice = () => `Without a network, put ${MEMORIAS.file} in a folder and set ${DATA_DIR_ENV} to it`;

/** The error for a folder that cannot be created or written (EACCES, EPERM, EROFS…). */
function cannotWrite(dir: string, e: unknown): DataError {
  const code = (e as { code?: string }).code ?? (e as Error).message;
  return new DataError(
    `cannot write to ${dir} (${code}), where ${MEMORIAS.file} would be downloaded: set ${DATA_DIR_ENV} to a folder you can write, ` +
      `or to one that already holds ${MEMORIAS.file}`,
    { cause: e },
  );
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
  const fromEnv = options.dir === undefined && !!process.env[DATA_DIR_ENV];
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
      throw cannotWrite(dir, e);
    }
    downloadVerified(options.url ?? MEMORIAS.url, file, MEMORIAS.sha256, options.timeoutMs);
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
