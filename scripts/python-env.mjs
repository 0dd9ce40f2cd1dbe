// The project's own Python environment, .venv/: made with `python3 -m venv` and filled with the exact
// versions of requirements.txt, and marked ready only once pip succeeded (a stamp holding the hash of
// the requirements), so a failed or interrupted install is never taken for a ready environment. A user
// with a Jupyter of their own can name its Python in RNN_JUPYTER_PYTHON instead. Plain JS: setup.mjs
// runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { root } from "./jupyter-home.mjs";

export const venvDir = join(root, ".venv");
/** The Python of the environment in `dir`. */
export const pythonIn = (dir) => join(dir, ...(process.platform === "win32" ? ["Scripts", "python.exe"] : ["bin", "python"]));
export const venvPython = pythonIn(venvDir);
export const requirementsFile = join(root, "requirements.txt");
export const benchRequirementsFile = join(root, "requirements-bench.txt");
/** Written into the environment after a successful install: the hash of the requirements it was made from. */
const stampOf = (dir) => join(dir, ".requirements-sha256");
/** The environment variable naming the Python of a Jupyter the user runs already. */
export const JUPYTER_PYTHON_ENV = "RNN_JUPYTER_PYTHON";
/** The oldest Python the pinned versions install on (requirements.txt says why). */
const MIN_PYTHON = [3, 11];

const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Runs `python -c code`; its stdout, or undefined when it cannot start or fails. */
function ask(python, code) {
  const r = spawnSync(python, ["-c", code], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** One line naming the Jupyter packages `python` has, or undefined when nbclient or nbconvert is missing. */
function jupyterVersions(python) {
  const code =
    "import importlib.metadata as m, nbclient, nbconvert, jupyter_client\n" +
    "def v(n):\n  try: return n + ' ' + m.version(n)\n  except m.PackageNotFoundError: return None\n" +
    "print(', '.join(x for x in map(v, ['jupyterlab', 'notebook', 'nbconvert', 'nbclient']) if x))";
  return ask(python, code);
}

const HOW_TO_GET_PYTHON = `Install one, then run this command again:
    Debian/Ubuntu:   sudo apt-get install python3 python3-venv
                     (Ubuntu 22.04's python3 is 3.10: sudo apt-get install python3.11 python3.11-venv)
    macOS:           brew install python@3.12   (or the installer from python.org)
    Windows:         use WSL (wsl --install gives Ubuntu), then as on Ubuntu, inside WSL
Setup tries python3, then python3.14 … python3.11, from your PATH.`;

/**
 * A Python that can make .venv/: 3.11 or newer, with venv and ensurepip (which brings pip). Fails in
 * seconds with one message naming what is missing and how to get it.
 */
function basePython(fail) {
  const names = ["python3", "python3.14", "python3.13", "python3.12", "python3.11"];
  const code = "import sys, venv, ensurepip; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])";
  const seen = [];
  for (const name of names) {
    const version = ask(name, "import sys; print('%d.%d.%d' % sys.version_info[:3])");
    if (!version) continue;
    const [major, minor] = version.split(".").map(Number);
    if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
      seen.push(`${name} is Python ${version}, older than ${MIN_PYTHON.join(".")}`);
      continue;
    }
    const ready = ask(name, code);
    if (ready) return ready.split("\n")[0];
    seen.push(`${name} (Python ${version}) has no venv or ensurepip module (on Debian/Ubuntu: the python3-venv package)`);
  }
  fail(
    `Jupyter runs from the project's own environment .venv/, and making it needs Python ${MIN_PYTHON.join(".")} or newer ` +
      `with venv and pip. ${seen.length ? `Found: ${seen.join("; ")}.` : "No python3 is on your PATH."}\n${HOW_TO_GET_PYTHON}`,
  );
}

/** pip's options for every install: no prompt, and no cache in $HOME (nothing is written there). */
const PIP = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir"];

/**
 * Makes the environment `dir` anew from `requirements`; stamps it only when pip succeeded, and removes it
 * when not, so an interrupted or failed install is never taken for a ready one.
 */
function makeVenv(dir, requirements, { say, fail, run }) {
  const python = basePython(fail);
  const name = relative(root, dir) || dir;
  rmSync(dir, { recursive: true, force: true });
  say(`making the project's Python environment ${name}/ with ${python} (pip install -r ${basename(requirements)}, about a minute)…`);
  if (!run(python, ["-m", "venv", dir])) {
    rmSync(dir, { recursive: true, force: true });
    fail(`"${python} -m venv ${name}" failed (see above).`);
  }
  if (!run(pythonIn(dir), [...PIP, "-q", "-r", requirements])) {
    rmSync(dir, { recursive: true, force: true });
    fail(`pip could not install ${basename(requirements)} into ${name}/ (see above); ${name}/ was removed, so the next run starts afresh.`);
  }
  writeFileSync(stampOf(dir), `${sha256(requirements)}\n`);
}

/**
 * The Python that runs Jupyter, nbclient and nbconvert, with a line of their versions: RNN_JUPYTER_PYTHON's
 * when set (checked, never installed into), else .venv/'s, made or remade when requirements.txt changed.
 * `where` names another environment and requirements file (the tests use a temporary one).
 */
export function jupyterPython(tools, where = { dir: venvDir, requirements: requirementsFile }) {
  const own = process.env[JUPYTER_PYTHON_ENV];
  if (own) {
    const versions = jupyterVersions(own);
    if (!versions)
      tools.fail(
        `${JUPYTER_PYTHON_ENV}=${own}: that Python cannot import nbclient, nbconvert and jupyter_client. ` +
          `Name a Python with Jupyter, or unset ${JUPYTER_PYTHON_ENV} to use the project's own .venv/.`,
      );
    return { python: own, versions, ui: uiOf(own) };
  }
  const { dir, requirements } = where;
  const python = pythonIn(dir);
  const stamp = existsSync(stampOf(dir)) ? readFileSync(stampOf(dir), "utf8").trim() : "";
  if (stamp !== sha256(requirements) || !existsSync(python)) makeVenv(dir, requirements, tools);
  else tools.say(`the Python environment ${relative(root, dir) || dir}/ is up to date`);
  const versions = jupyterVersions(python);
  if (!versions) tools.fail(`${relative(root, dir) || dir}/ cannot import nbclient and nbconvert: delete it and run this command again.`);
  return { python, versions, ui: uiOf(python) };
}

/** Which UI `python` serves: JupyterLab, Notebook 7 (both on jupyter_server), or none. */
function uiOf(python) {
  const code =
    "import importlib.util as u, importlib.metadata as m\n" +
    "print('lab' if u.find_spec('jupyterlab') else 'notebook' if u.find_spec('notebook') and int(m.version('notebook').split('.')[0]) >= 7 else 'none')";
  return ask(python, code) ?? "none";
}

/** Adds requirements-bench.txt (PyTorch 2.13.0 CPU, numpy) to the environment, when torch is not there yet. */
export function addBenchPackages(python, { say, fail, run }) {
  if (ask(python, "import torch, numpy") !== undefined) return say("PyTorch and numpy are installed for the bench");
  say("adding PyTorch (CPU, about 200 MB) and numpy for the bench (pip install -r requirements-bench.txt)…");
  if (!run(python, [...PIP, "-r", benchRequirementsFile])) fail("pip could not install requirements-bench.txt (see above).");
}
