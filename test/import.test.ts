/**
 * The package's entry (`require` of the built dist/, as a notebook's first `import … from ".."` does)
 * loads no heavy dependency it does not need: mathjs is loaded on the first call that uses it.
 * `npm test` builds dist/ first (scripts/setup.mjs); run `npm run build` before running this file alone.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { root } from "./helpers/notebook";

/** Runs `code` in a fresh Node after requiring the package; returns what it printed as JSON. */
function inFreshNode(code: string): { mathjs: boolean; modules: number; value?: unknown } {
  const script =
    `const lib = require(${JSON.stringify(root)});` +
    `const loaded = () => Object.keys(require.cache);` +
    `const before = { mathjs: loaded().some((f) => f.includes("node_modules/mathjs/")), modules: loaded().length };` +
    `${code};` +
    `console.log(JSON.stringify(before));`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("requiring the package does not load mathjs, and loads few modules", () => {
  const { mathjs, modules } = inFreshNode("");
  assert.equal(mathjs, false, "mathjs is not loaded until it is used");
  assert.ok(modules < 100, `${modules} modules loaded on require`);
});

test("the functions that use mathjs load it on first use and work", () => {
  const script =
    `const fit = lib.fitLeastSquares([[0], [1], [2]], [1, 3, 5]);` +
    `if (Math.abs(fit.intercept - 1) > 1e-12 || Math.abs(fit.coefficients[0] - 2) > 1e-12) throw new Error(JSON.stringify(fit));` +
    `if (!loaded().some((f) => f.includes("node_modules/mathjs/"))) throw new Error("mathjs was not loaded by fitLeastSquares")`;
  inFreshNode(script);
});

test("a figure from the built package carries the page program without dist/'s source-map comment", () => {
  const code = `process.stdout.write(require(${JSON.stringify(`${root}/dist/notebook/plotly.js`)}).figureHTML({ data: [{ y: [1, 2] }], layout: {} }))`;
  const r = spawnSync(process.execPath, ["-e", code], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /function drawFigure\(/);
  assert.doesNotMatch(r.stdout, /sourceMappingURL/);
});
