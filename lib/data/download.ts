/**
 * Downloading a file whose SHA-256 is known, so that only the expected bytes ever reach their place: the
 * transfer goes to a temporary file beside the target, is checked, and only then renamed over it (a rename
 * within one folder is atomic). Node has no synchronous HTTP, so the transfer runs in a child Node process
 * started on this very module — run as a program, `node download.js URL OUT`, it fetches URL into OUT — which
 * keeps `loadMemorias()` a plain function a notebook cell can call.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ChecksumError, DataError } from "../errors";

/** Why a download failed, as the child process reports it on its last line of stderr. */
type DownloadFailure = { kind: "http"; status: number; statusText: string } | { kind: "network"; code: string; host: string };

/** What to tell the user when a download fails: where to put the file instead. */
export interface DownloadAdvice {
  /** the file's name, e.g. "memoriasBras.txt" */
  file: string;
  /** the environment variable naming the folder to put it in */
  env: string;
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
 * Downloads `url` into a temporary file beside `target`, checks its SHA-256 and renames it to `target`.
 * Each failure has its own DataError: a folder it cannot write, an HTTP error, a time-out, no network; a
 * wrong hash is a ChecksumError.
 */
export function downloadVerified(url: string, target: string, expectedSha256: string, advice: DownloadAdvice, timeoutMs = 120_000): void {
  const part = `${target}.${process.pid}.${Date.now()}.part`;
  try {
    closeSync(openSync(part, "w")); // fails now, with the folder's name, if the folder cannot be written
  } catch (e) {
    throw cannotWrite(dirname(target), e, advice);
  }
  const offline = `Without a network, put ${advice.file} in a folder and set ${advice.env} to it`;
  // run from the TypeScript sources (the tests), this module needs tsx to load in the child too
  const loader = __filename.endsWith(".ts") ? ["--require", require.resolve("tsx/cjs")] : [];
  try {
    try {
      execFileSync(process.execPath, [...loader, __filename, url, part], { stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs });
    } catch (e) {
      if ((e as { code?: string }).code === "ETIMEDOUT") {
        throw new DataError(`the download of ${url} did not finish within ${timeoutMs / 1000} s (a slow or blocked network). ${offline}`, {
          cause: e,
        });
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
              ? `the file is not at that address (moved or mistyped). Download ${advice.file} yourself, put it in a folder and set ${advice.env} to it`
              : `the server refused the download; try again later, or put ${advice.file} in a folder and set ${advice.env} to it`),
          { cause: e },
        );
      }
      if (failure?.kind === "network") {
        throw new DataError(`could not reach ${failure.host} (${failure.code}) to download ${url}. ${offline}`, { cause: e });
      }
      throw new DataError(`could not download ${url}: ${stderr || (e as Error).message}`, { cause: e });
    }
    verifySha256(readFileSync(part), expectedSha256, `downloaded ${url}`);
    renameSync(part, target);
  } finally {
    rmSync(part, { force: true });
  }
}

/** The error for a folder that cannot be created or written (EACCES, EPERM, EROFS…). */
export function cannotWrite(dir: string, e: unknown, advice: DownloadAdvice): DataError {
  const code = (e as { code?: string }).code ?? (e as Error).message;
  return new DataError(
    `cannot write to ${dir} (${code}), where ${advice.file} would be downloaded: set ${advice.env} to a folder you can write, ` +
      `or to one that already holds ${advice.file}`,
    { cause: e },
  );
}

/** The child's side: fetches `url` into `out`; on failure prints a DownloadFailure as JSON on stderr and exits with 1. */
async function fetchInto(url: string, out: string): Promise<void> {
  const fail = (failure: DownloadFailure) => {
    console.error(JSON.stringify(failure));
    process.exit(1);
  };
  try {
    const response = await fetch(url);
    if (!response.ok) return fail({ kind: "http", status: response.status, statusText: response.statusText });
    writeFileSync(out, Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    const cause = ((e as { cause?: unknown }).cause ?? e) as { code?: string; message?: string };
    fail({ kind: "network", code: String(cause.code ?? cause.message ?? e), host: new URL(url).host });
  }
}

if (require.main === module) void fetchInto(process.argv[2], process.argv[3]);
