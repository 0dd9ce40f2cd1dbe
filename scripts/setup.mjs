// Prepares a clone for `npm start`, `npm test` and `npm run lab`, doing only what is missing: npm
// dependencies, the library build (dist/), Jupyter in the project's own Python environment .venv/, and
// the tslab kernel spec in the project-local prefix .jupyter/. Nothing needs root; nothing is written to
// $HOME. `--bench` adds PyTorch and numpy (requirements-bench.txt) to .venv/ for `npm run bench`.
// Plain Node with no npm dependencies, because it runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildLibrary, libraryIsFresh } from "./build-library.mjs";
import { jupyterDir, jupyterEnv, kernelSpecFile, root, setupFile } from "./jupyter-home.mjs";
import { addBenchPackages, jupyterPython } from "./python-env.mjs";

const quiet = process.argv.includes("--quiet");
const say = (msg) => quiet || console.log(`setup: ${msg}`);
const fail = (msg) => {
  console.error(`\nsetup: ${msg}`);
  process.exit(1);
};
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  return r.status === 0;
};

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

// 1. Node and npm dependencies.
const major = Number(process.versions.node.split(".")[0]);
if (major < 20) fail(`Node.js ${process.versions.node} is too old: install Node.js 20 or newer.`);
const installed = join(root, "node_modules", ".package-lock.json");
if (mtime(installed) < Math.max(mtime(join(root, "package.json")), mtime(join(root, "package-lock.json")))) {
  say("installing npm dependencies (npm install)…");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  if (!run(npm, ["install", "--no-audit", "--no-fund"])) fail("npm install failed (see above).");
} else say("npm dependencies are installed");

// 2. The library build, when any source is newer than the last successful build (the stamp that
// build-library.mjs writes on success only, whether setup or `npm run build` ran it).
// First the WebAssembly kernels: lib/kernels/products.wat compiles to a generated source in lib/.
const kernels = join(root, "lib", "kernels", "products-wasm.ts");
const kernelBuild = join(root, "scripts", "build-kernels.mjs");
if (mtime(kernels) < Math.max(mtime(join(root, "lib", "kernels", "products.wat")), mtime(kernelBuild))) {
  say("compiling the WebAssembly kernels (scripts/build-kernels.mjs)…");
  if (!run(process.execPath, [kernelBuild])) fail("compiling lib/kernels/products.wat failed (see above).");
}
if (!libraryIsFresh()) {
  say("building the library (scripts/build-library.mjs)…");
  if (!buildLibrary()) fail("the library build failed (see the TypeScript errors above).");
} else say("the library build is up to date");

// 3. Jupyter: the project's own Python environment .venv/, with the exact versions of requirements.txt
// (or the Python named by RNN_JUPYTER_PYTHON, a Jupyter the user already runs). See scripts/python-env.mjs.
const jupyter = jupyterPython({ say, fail, run });
say(`Jupyter: ${jupyter.python} (${jupyter.versions})`);
if (process.argv.includes("--bench")) addBenchPackages(jupyter.python, { say, fail, run });

// 4. The tslab kernel spec in .jupyter/share/jupyter/kernels/tslab, pointing at this clone's tslab.
const binary = join(root, "node_modules", ".bin", "tslab");
let current;
try {
  current = JSON.parse(readFileSync(kernelSpecFile, "utf8"));
} catch {
  current = undefined;
}
if (current?.argv?.[0] !== binary) {
  say("installing the tslab kernel spec into .jupyter/…");
  mkdirSync(jupyterDir, { recursive: true });
  const ok = run(binary, ["install", `--python=${jupyter.python}`, `--binary=${binary}`, `--prefix=${jupyterDir}`], {
    env: jupyterEnv(),
  });
  if (!ok || !existsSync(kernelSpecFile)) fail("tslab install failed (see above).");
} else say("the tslab kernel spec is installed in .jupyter/");

// 5. JupyterLab's settings for this project (in .jupyter/config, where jupyterEnv points it): no news feed and no
// update check, which would reach for the internet and ask about it in a pop-up on first start. Written once:
// what a user changes in the Settings editor afterwards stays.
const notification = join(
  jupyterDir,
  "config",
  "lab",
  "user-settings",
  "@jupyterlab",
  "apputils-extension",
  "notification.jupyterlab-settings",
);
if (!existsSync(notification)) {
  mkdirSync(join(notification, ".."), { recursive: true });
  writeFileSync(notification, `${JSON.stringify({ fetchNews: "false", checkForUpdates: false }, null, 2)}\n`);
}

writeFileSync(setupFile, `${JSON.stringify({ python: jupyter.python, ui: jupyter.ui, tslab: binary }, null, 2)}\n`);
say("ready");
