/**
 * Tests of lib/data/download.ts: the hash check names both hashes; a download is verified before it takes
 * the target's place and leaves nothing behind when it fails; the module runs as the child program that
 * fetches (served from a local HTTP server, never from the internet).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ChecksumError, DataError } from "../lib";
import { downloadVerified, sha256, verifySha256 } from "../lib/data/download";
import { serve } from "./helpers/serve";

const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "download-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const advice = { file: "body.txt", env: "SOME_DIR" };
const body = Buffer.from("o defunto autor\n".repeat(100));

describe("data/download", () => {
  it("hashes with SHA-256 and names the file and both hashes when they differ", () => {
    assert.equal(sha256(Buffer.from("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    verifySha256(body, sha256(body), "body.txt");
    assert.throws(
      () => verifySha256(body, "0".repeat(64), "body.txt"),
      (e: unknown) => e instanceof ChecksumError && (e as Error).message.startsWith(`body.txt: SHA-256 is ${sha256(body)}`),
    );
  });

  it("puts a verified download in place, and nothing when the hash differs or the server refuses", async () => {
    const dir = tempDir();
    const { url, child } = await serve(body);
    try {
      downloadVerified(`${url}/body.txt`, join(dir, "body.txt"), sha256(body), advice);
      assert.deepEqual(readFileSync(join(dir, "body.txt")), body);
      const other = join(tempDir(), "body.txt");
      assert.throws(() => downloadVerified(`${url}/body.txt`, other, "0".repeat(64), advice), ChecksumError);
      assert.throws(
        () => downloadVerified(`${url}/missing`, other, sha256(body), advice),
        (e: unknown) => e instanceof DataError && /HTTP 404 .*set SOME_DIR to it/.test((e as Error).message),
      );
      assert.ok(!existsSync(other));
      assert.deepEqual(readdirSync(join(other, "..")), [], "no partial file is left");
    } finally {
      child.kill();
    }
  });

  it("runs as the child program: fetches URL into OUT, or reports the failure as JSON on stderr", async () => {
    const out = join(tempDir(), "out");
    const module = join(__dirname, "..", "lib", "data", "download.ts");
    const { url, child } = await serve(body);
    try {
      const ok = spawnSync(process.execPath, ["--import", "tsx", module, `${url}/x`, out], { encoding: "utf8" });
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(readFileSync(out), body);
      const refused = spawnSync(process.execPath, ["--import", "tsx", module, `${url}/missing`, out], { encoding: "utf8" });
      assert.equal(refused.status, 1);
      assert.deepEqual(JSON.parse(refused.stderr.trim().split("\n").pop()!), { kind: "http", status: 404, statusText: "Not Found" });
    } finally {
      child.kill();
    }
  });
});
