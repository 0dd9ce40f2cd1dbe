/**
 * Tests of lib/data/text.ts: the novel loads from a cache folder with no network, decoded as UTF-8;
 * a tampered copy is refused with a clear error; a download is verified before it enters the cache
 * (served from a local HTTP server in a child process, never from the internet).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { ChecksumError, DataError, loadMemorias } from "../lib";
import { sha256 } from "../lib/data/download";
import { dataDir, MEMORIAS } from "../lib/data/text";
import { serve } from "./helpers/serve";

const shared = resolve(process.env.RNN_DATA_DIR ?? join(__dirname, "..", "..", "shared", "data"));
const original = join(shared, MEMORIAS.file);
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "memorias-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("loadMemorias", () => {
  it("reads a cached copy with no network (download: false) and decodes UTF-8", () => {
    const dir = tempDir();
    copyFileSync(original, join(dir, MEMORIAS.file));
    const text = loadMemorias({ dir, download: false });
    assert.equal(text.slice(0, 31), "Memórias Póstumas de Brás Cubas");
    assert.equal(Array.from(text).length, 354375);
    assert.ok(!text.includes("\uFFFD"), "no replacement characters");
    assert.ok(text.includes("“") && text.includes("—") && text.includes("ç"));
  });

  it("uses the folder named by RNN_DATA_DIR", () => {
    const dir = tempDir();
    copyFileSync(original, join(dir, MEMORIAS.file));
    const before = process.env.RNN_DATA_DIR;
    process.env.RNN_DATA_DIR = dir;
    try {
      assert.equal(dataDir(), dir);
      assert.equal(loadMemorias({ download: false }).length, 354375);
    } finally {
      if (before === undefined) delete process.env.RNN_DATA_DIR;
      else process.env.RNN_DATA_DIR = before;
    }
  });

  it("refuses a tampered copy, naming the file and both hashes", () => {
    const dir = tempDir();
    const bytes = readFileSync(original);
    bytes[1000] ^= 1; // one flipped bit
    writeFileSync(join(dir, MEMORIAS.file), bytes);
    assert.throws(
      () => loadMemorias({ dir, download: false }),
      (e: Error) =>
        e instanceof ChecksumError &&
        e.message.includes(join(dir, MEMORIAS.file)) &&
        e.message.includes(MEMORIAS.sha256) &&
        e.message.includes(sha256(bytes)),
    );
  });

  it("says where it looked when the file is missing and download is off", () => {
    const dir = tempDir();
    assert.throws(() => loadMemorias({ dir, download: false }), new RegExp(`memoriasBras.txt is not in ${dir}.*RNN_DATA_DIR`));
  });

  it("downloads, verifies and moves a good copy into the cache", async () => {
    const dir = join(tempDir(), "nested", "cache");
    const { url, child } = await serve(readFileSync(original));
    try {
      const text = loadMemorias({ dir, url: `${url}/memoriasBras.txt` });
      assert.equal(text.length, 354375);
      assert.deepEqual(readdirSync(dir), [MEMORIAS.file]);
      assert.equal(sha256(readFileSync(join(dir, MEMORIAS.file))), MEMORIAS.sha256);
    } finally {
      child.kill();
    }
  });

  it("never caches a corrupted or truncated download, and leaves no partial file", async () => {
    const dir = tempDir();
    const truncated = readFileSync(original).subarray(0, 200_000);
    const { url, child } = await serve(Buffer.from(truncated));
    try {
      assert.throws(() => loadMemorias({ dir, url: `${url}/memoriasBras.txt` }), ChecksumError);
      assert.throws(() => loadMemorias({ dir, url: `${url}/missing` }), /HTTP 404 Not Found from .*missing/);
      assert.deepEqual(readdirSync(dir), []);
      assert.ok(!existsSync(join(dir, MEMORIAS.file)));
    } finally {
      child.kill();
    }
  });
});

/** Runs `f` with RNN_DATA_DIR set to `value`, then restores it. */
function withDataDir<T>(value: string, f: () => T): T {
  const before = process.env.RNN_DATA_DIR;
  process.env.RNN_DATA_DIR = value;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.RNN_DATA_DIR;
    else process.env.RNN_DATA_DIR = before;
  }
}

/** The DataError message `f` throws (failing the test if it throws anything else or nothing). */
function dataError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    return (e as DataError).message;
  }
  assert.fail("expected a DataError, nothing was thrown");
}

describe("loadMemorias says what is wrong with the data, one message per case", () => {
  const messages = new Map<string, string>();

  it("a mistyped RNN_DATA_DIR is named and never created", () => {
    const missing = join(tempDir(), "no-such-folder");
    const m = withDataDir(missing, () => dataError(() => loadMemorias()));
    assert.match(m, new RegExp(`RNN_DATA_DIR is ${missing}, which does not exist`));
    assert.ok(!existsSync(missing), "the folder was not created");
    messages.set("missing folder", m);
  });

  it("RNN_DATA_DIR pointing at the file itself is named as such", () => {
    const dir = tempDir();
    copyFileSync(original, join(dir, MEMORIAS.file));
    const m = withDataDir(join(dir, MEMORIAS.file), () => dataError(() => loadMemorias()));
    assert.match(m, /RNN_DATA_DIR points at a file .*memoriasBras\.txt.*set it to the folder that holds it/);
    messages.set("a file", m);
  });

  it("a folder where the novel's file should be is named, with its path", () => {
    const dir = tempDir();
    mkdirSync(join(dir, MEMORIAS.file));
    const m = dataError(() => loadMemorias({ dir, download: false }));
    assert.match(m, new RegExp(`${join(dir, MEMORIAS.file)} is a folder, expected the file memoriasBras\\.txt`));
    assert.doesNotMatch(m, /EISDIR/);
  });

  it("a misspelt option is named with the one it resembles", () => {
    assert.throws(() => loadMemorias({ directory: "/tmp" } as object), /unknown option `directory` of loadMemorias/);
    assert.throws(() => loadMemorias({ dwnload: false } as object), /unknown option `dwnload` of loadMemorias — did you mean `download`\?/);
  });

  it("a folder it cannot write says so, not 'without a network'", () => {
    const dir = tempDir();
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const script = `const { loadMemorias } = require(${JSON.stringify(join(__dirname, "..", "lib", "data", "text.ts"))});
      try { loadMemorias({ dir: ${JSON.stringify(dir)}, url: "http://127.0.0.1:9/x" }); } catch (e) { console.log(e.name + ": " + e.message); }`;
    if (!asUser.length) spawnSync("chmod", ["0555", dir]);
    const [cmd, ...args] = [...asUser, process.execPath, "--import", "tsx", "-e", script];
    const r = spawnSync(cmd, args, { encoding: "utf8", cwd: join(__dirname, "..") });
    assert.match(r.stdout, /^DataError: cannot write to .* \(EACCES\)/, r.stderr);
    assert.doesNotMatch(r.stdout, /Without a network/);
    messages.set("EACCES", r.stdout);
  });

  it("HTTP 404, a timeout and no network each get their own message", async () => {
    const { url, child } = await serve(readFileSync(original));
    try {
      const notFound = dataError(() => loadMemorias({ dir: tempDir(), url: `${url}/missing` }));
      assert.match(notFound, /HTTP 404 .*missing: the file is not at that address/);
      assert.doesNotMatch(notFound, /Without a network/);
      messages.set("404", notFound);
      const slow = dataError(() => loadMemorias({ dir: tempDir(), url: `${url}/hang`, timeoutMs: 1500 }));
      assert.match(slow, /did not finish within 1\.5 s/);
      assert.doesNotMatch(slow, /ETIMEDOUT|spawnSync/);
      messages.set("timeout", slow);
    } finally {
      child.kill();
    }
    const port = await new Promise<number>((ok) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => ok(port)); // nothing listens there any more: the connection is refused
      });
    });
    const offline = dataError(() => loadMemorias({ dir: tempDir(), url: `http://127.0.0.1:${port}/memoriasBras.txt` }));
    assert.match(
      offline,
      /could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\).*Without a network, put memoriasBras\.txt in a folder and set RNN_DATA_DIR to it/,
    );
    messages.set("no network", offline);
    const withoutPaths = [...messages.values()].map((m) => m.replace(/\/\S*/g, "…"));
    assert.equal(new Set(withoutPaths).size, 6, "six cases, six messages");
  });
});
