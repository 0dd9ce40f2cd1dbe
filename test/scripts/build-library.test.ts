/**
 * `npm run build` and `npm run typecheck` (scripts/build-library.mjs): they run the TypeScript the
 * project declares, not the older copy tslab puts on node_modules/.bin/tsc, and a failed build is never
 * taken for a fresh one by setup, although tsc still writes its files.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLibrary, libraryIsFresh, tsc } from "../../scripts/build-library.mjs";
import { root } from "../../scripts/jupyter-home.mjs";

const work = mkdtempSync(join(tmpdir(), "rnn-build-"));
after(() => rmSync(work, { recursive: true, force: true }));

const declared = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies.typescript as string;
const versionOf = (out: string) => /Version (\S+)/.exec(out)?.[1];

test("npm run typecheck and the library build run the declared TypeScript", () => {
  const typecheck = execFileSync("npm", ["run", "-s", "typecheck", "--", "-v"], { cwd: root, encoding: "utf8" });
  assert.ok(versionOf(typecheck)?.startsWith(`${declared}.`), `typecheck ran TypeScript ${versionOf(typecheck)}, declared ${declared}`);
  const build = execFileSync(process.execPath, [tsc, "-v"], { encoding: "utf8" });
  assert.ok(versionOf(build)?.startsWith(`${declared}.`), `the build runs TypeScript ${versionOf(build)}, declared ${declared}`);
  assert.match(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.build, /node scripts\/build-library\.mjs/);
});

test("a failed build leaves dist/ stale, even where tsc wrote its files; a good one makes it fresh", () => {
  const lib = join(work, "lib");
  mkdirSync(lib, { recursive: true });
  writeFileSync(
    join(work, "tsconfig.build.json"),
    JSON.stringify({ compilerOptions: { strict: true, rootDir: "lib", outDir: "dist" }, include: ["lib"] }),
  );
  const source = (text: string, seconds: number) => {
    writeFileSync(join(lib, "index.ts"), text);
    const t = new Date(Date.now() + seconds * 1000); // later than any stamp written so far
    utimesSync(join(lib, "index.ts"), t, t);
  };
  source(`export const n: number = "one";\n`, 0);
  assert.equal(buildLibrary(work, "pipe"), false);
  assert.ok(existsSync(join(work, "dist", "index.js")), "tsc wrote dist/ despite the type error");
  assert.equal(libraryIsFresh(work), false);
  source(`export const n: number = 1;\n`, 0);
  assert.equal(buildLibrary(work, "pipe"), true);
  assert.equal(libraryIsFresh(work), true);
  source(`export const n: number = "two";\n`, 5);
  assert.equal(buildLibrary(work, "pipe"), false);
  assert.equal(libraryIsFresh(work), false, "the stamp of the earlier good build does not cover the broken source");
});

test("a build leaves no file in dist/ whose source is gone, and a JavaScript file of lib/ counts as a source", () => {
  const dir = join(work, "two");
  const lib = join(dir, "lib");
  mkdirSync(lib, { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.build.json"),
    JSON.stringify({ compilerOptions: { strict: true, allowJs: true, rootDir: "lib", outDir: "dist" }, include: ["lib"] }),
  );
  writeFileSync(join(lib, "index.ts"), "export const n = 1;\n");
  writeFileSync(join(lib, "gone.ts"), "export const g = 2;\n");
  assert.equal(buildLibrary(dir, "pipe"), true);
  assert.ok(existsSync(join(dir, "dist", "gone.js")));
  rmSync(join(lib, "gone.ts"));
  assert.equal(buildLibrary(dir, "pipe"), true);
  assert.equal(existsSync(join(dir, "dist", "gone.js")), false, "the output of a deleted source is gone too");
  assert.equal(libraryIsFresh(dir), true);
  writeFileSync(join(lib, "page.js"), "var x = 1;\n");
  const later = new Date(Date.now() + 10_000);
  utimesSync(join(lib, "page.js"), later, later);
  assert.equal(libraryIsFresh(dir), false, "a newer .js in lib/ makes the build stale");
});
