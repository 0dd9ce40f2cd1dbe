// Where this clone keeps everything Jupyter writes: the project-local .jupyter/ (kernel spec, runtime
// files, config, IPython's folder, setup's record of the Python it found), and the environment that
// points Jupyter there instead of $HOME. Plain JS: setup.mjs imports it before anything is built.
import { chmodSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const jupyterDir = join(root, ".jupyter");
/** What scripts/setup.mjs found: `{ python, ui, tslab }` (read back by scripts/setup-info.ts). */
export const setupFile = join(jupyterDir, "setup.json");
/** The tslab kernel spec that setup installs. */
export const kernelSpecFile = join(jupyterDir, "share", "jupyter", "kernels", "tslab", "kernel.json");

/** Environment for Jupyter processes: kernels, runtime files, config and data all under .jupyter/. */
export function jupyterEnv() {
  const share = join(jupyterDir, "share", "jupyter");
  for (const d of ["config", "ipython", "runtime"]) mkdirSync(join(jupyterDir, d), { recursive: true });
  chmodSync(join(jupyterDir, "runtime"), 0o700); // it holds tokens and kernel keys: private, as Jupyter's own default
  return {
    ...process.env,
    JUPYTER_PATH: share,
    JUPYTER_DATA_DIR: share,
    JUPYTER_CONFIG_DIR: join(jupyterDir, "config"),
    JUPYTER_RUNTIME_DIR: join(jupyterDir, "runtime"),
    IPYTHONDIR: join(jupyterDir, "ipython"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}
