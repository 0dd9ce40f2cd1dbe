// Prepares a clone for `npm start`, `npm test` and `npm run lab`, doing only what is missing: npm
// dependencies, the library build (dist/), Jupyter (the user's own, else Debian's packages when root),
// and the tslab kernel spec in the project-local prefix .jupyter/ (nothing is written to $HOME).
// Plain Node with no npm dependencies, because it runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { buildLibrary, libraryIsFresh } from "./build-library.mjs";
import { jupyterDir, jupyterEnv, kernelSpecFile, root, setupFile } from "./jupyter-home.mjs";

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

// 3. Jupyter: a Python with nbclient and nbconvert (and Notebook or JupyterLab for `npm run lab`).
const probe =
  "import sys, nbclient, nbconvert, jupyter_client; import importlib.util as u; print(sys.executable); " +
  "print('lab' if u.find_spec('jupyterlab') else 'notebook' if u.find_spec('notebook') else 'none')";
function pythonOf(jupyter) {
  try {
    const line = readFileSync(jupyter, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(line);
    if (!m) return undefined;
    return m[1].endsWith("/env") && m[2] ? m[2] : m[1];
  } catch {
    return undefined;
  }
}
function findJupyter() {
  const candidates = [];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const j = join(dir, "jupyter");
    if (dir && existsSync(j)) candidates.push(pythonOf(j));
  }
  // A `jupyter` that is a shell shim (pyenv, conda) names no Python: try the python3 on PATH, then Debian's.
  candidates.push("python3", "/usr/bin/python3");
  for (const python of candidates) {
    if (!python) continue;
    const r = spawnSync(python, ["-c", probe], { encoding: "utf8" });
    if (r.status === 0) {
      const [executable, ui] = r.stdout.trim().split("\n");
      return { python: executable || python, ui };
    }
  }
  return undefined;
}
let jupyter = findJupyter();
if (!jupyter) {
  const debianPackages = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient"];
  const osRelease = existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "";
  const debian = /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease) && existsSync("/usr/bin/apt-get");
  const command = `apt-get install -y ${debianPackages.join(" ")}`;
  if (debian && process.getuid?.() === 0) {
    say(`installing Jupyter from Debian's packages (${command})…`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (!run("apt-get", ["install", "-y", ...debianPackages], { env })) {
      run("apt-get", ["update"], { env });
      if (!run("apt-get", ["install", "-y", ...debianPackages], { env })) fail(`"${command}" failed (see above).`);
    }
    jupyter = findJupyter();
  }
  if (!jupyter)
    fail(
      "Jupyter (with nbclient and nbconvert) is not installed. Install it, then run this command again:\n\n" +
        (debian ? `    sudo ${command}\n` : `    python3 -m pip install notebook nbconvert nbclient\n`),
    );
}
say(`Jupyter: ${jupyter.python} (${jupyter.ui === "lab" ? "JupyterLab" : jupyter.ui === "notebook" ? "Notebook" : "no notebook UI"})`);

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

writeFileSync(setupFile, `${JSON.stringify({ python: jupyter.python, ui: jupyter.ui, tslab: binary }, null, 2)}\n`);
say("ready");
