// The project's own Python environment, .venv/: made with `python3 -m venv` and filled with the exact
// versions of requirements.txt, and marked ready only once pip succeeded (a stamp holding the hash of
// the requirements), so a failed or interrupted install is never taken for a ready environment. A user
// with a Jupyter of their own can name its Python in RNN_JUPYTER_PYTHON instead. Plain JS: setup.mjs
// runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./jupyter-home.mjs";

export const venvDir = join(root, ".venv");
export const venvPython = join(venvDir, ...(process.platform === "win32" ? ["Scripts", "python.exe"] : ["bin", "python"]));
export const requirementsFile = join(root, "requirements.txt");
export const benchRequirementsFile = join(root, "requirements-bench.txt");
/** Written into .venv/ after a successful install: the hash of requirements.txt it was made from. */
const stampFile = join(venvDir, ".requirements-sha256");
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

/** Makes .venv/ anew from requirements.txt; stamps it only when pip succeeded, and removes it when not. */
function makeVenv({ say, fail, run }) {
  const python = basePython(fail);
  rmSync(venvDir, { recursive: true, force: true });
  say(`making the project's Python environment .venv/ with ${python} (pip install -r requirements.txt, about a minute)…`);
  if (!run(python, ["-m", "venv", venvDir])) {
    rmSync(venvDir, { recursive: true, force: true });
    fail(`"${python} -m venv .venv" failed (see above).`);
  }
  const pip = [venvPython, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-input", "-r", requirementsFile];
  if (!run(pip[0], pip.slice(1))) {
    rmSync(venvDir, { recursive: true, force: true });
    fail("pip could not install requirements.txt into .venv/ (see above); .venv/ was removed, so the next run starts afresh.");
  }
  writeFileSync(stampFile, `${sha256(requirementsFile)}\n`);
}

/**
 * The Python that runs Jupyter, nbclient and nbconvert, with a line of their versions: RNN_JUPYTER_PYTHON's
 * when set (checked, never installed into), else .venv/'s, made or remade when requirements.txt changed.
 */
export function jupyterPython(tools) {
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
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : "";
  if (stamp !== sha256(requirementsFile) || !existsSync(venvPython)) makeVenv(tools);
  else tools.say("the Python environment .venv/ is up to date");
  const versions = jupyterVersions(venvPython);
  if (!versions) tools.fail(`.venv/ cannot import nbclient and nbconvert: delete .venv/ and run this command again.`);
  return { python: venvPython, versions, ui: uiOf(venvPython) };
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
  say("adding PyTorch and numpy for the bench (pip install -r requirements-bench.txt)…");
  if (!run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r", benchRequirementsFile]))
    fail("pip could not install requirements-bench.txt (see above).");
}
