/**
 * `npm run lab`: JupyterLab if it is installed, else the classic Notebook, serving notebooks/ with the
 * project's tslab kernel, bound to 127.0.0.1 and protected by a fresh random token (never an open port).
 * Extra arguments go to Jupyter, e.g. `npm run lab -- --no-browser`; `--port=N` picks the port.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePort, jupyterEnv, root, setupInfo } from "./jupyter";

async function main(): Promise<void> {
  const { python, ui } = setupInfo();
  if (ui === "none") {
    console.error(
      `Neither JupyterLab nor Notebook is installed for ${python}. Install one (e.g. \`sudo apt-get install jupyter-notebook\`) and retry.`,
    );
    process.exit(1);
  }
  const extra = process.argv.slice(2);
  const portArg = extra.find((a) => a.startsWith("--port="));
  const port = portArg ? Number(portArg.slice("--port=".length)) : await freePort(8888);
  const token = randomBytes(24).toString("hex");
  const app = ui === "lab" ? "ServerApp" : "NotebookApp";
  const args = [
    "-m",
    ui === "lab" ? "jupyterlab" : "notebook",
    "--ip=127.0.0.1",
    `--port=${port}`,
    `--${app}.port_retries=0`,
    `--${app}.token=${token}`,
    `--notebook-dir=${join(root, "notebooks")}`,
    "--MultiKernelManager.default_kernel_name=tslab",
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...extra.filter((a) => a !== portArg),
  ];
  console.log(`Starting ${ui === "lab" ? "JupyterLab" : "Jupyter Notebook"} on 127.0.0.1 with the tslab kernel (Ctrl+C stops it).`);
  console.log(`Open http://127.0.0.1:${port}/${ui === "lab" ? "lab" : "tree"}?token=${token}`);
  const child = spawn(python, args, { cwd: join(root, "notebooks"), env: jupyterEnv(), stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main();
