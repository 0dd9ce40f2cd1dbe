/**
 * `npm run lab`: JupyterLab 4 (`--notebook`: Notebook 7) from the project's environment, serving
 * notebooks/ with the project's tslab kernel, bound to 127.0.0.1 and protected by a fresh random token.
 * The token reaches Jupyter through JUPYTER_TOKEN, not argv (where `ps` shows it to every user), and
 * Jupyter's runtime files are private (0700 folder, 0600 files). Other arguments go to Jupyter.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { freePort } from "./free-port";
import { jupyterDir, jupyterEnv, root } from "./jupyter-home.mjs";
import { JUPYTER_PYTHON_ENV } from "./python-env.mjs";
import { setupInfo } from "./setup-info";

const USAGE = `Usage: npm run lab -- [FOLDER] [--notebook] [--port N] [Jupyter options…]
Starts JupyterLab on 127.0.0.1 with the tslab kernel and a fresh token, serving notebooks/ or FOLDER (a
folder directly inside the project, such as a copy of notebooks/: notebooks import the library as "..").
  --notebook           Notebook 7 instead of JupyterLab
  --port N, --port=N   the port (default: the first free one from 8888)
  -h, --help           print this help
Other options go to Jupyter as they are, e.g. --no-browser.`;

/** `--port N` or `--port=N` taken out of the arguments (checked), and the rest for Jupyter. */
function portOption(argv: string[]): { port?: number; rest: string[] } {
  const rest: string[] = [];
  let text: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port") text = argv[++i] ?? "";
    else if (a.startsWith("--port=")) text = a.slice("--port=".length);
    else rest.push(a);
  }
  if (text === undefined) return { rest };
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    console.error(`lab: --port must be a whole number from 1 to 65535, got "${text}"\n\n${USAGE}`);
    process.exit(2);
  }
  return { port, rest };
}

/** The folder to serve: notebooks/, or the one argument that names a folder (checked), taken out of `argv`. */
function folderOption(argv: string[]): { folder: string; rest: string[] } {
  const k = argv.findIndex((a) => !a.startsWith("-") && existsSync(a) && statSync(a).isDirectory());
  if (k < 0) return { folder: join(root, "notebooks"), rest: argv };
  const folder = resolve(argv[k]);
  if (dirname(folder) !== root) {
    console.error(
      `lab: ${argv[k]} is not a folder directly inside ${root}; notebooks there could not import the library as ".."\n\n${USAGE}`,
    );
    process.exit(2);
  }
  return { folder, rest: argv.filter((_, i) => i !== k) };
}

/** Makes the files already in .jupyter/runtime (0700 since `jupyterEnv`) readable by their owner only. */
function privateRuntime(): void {
  const runtime = join(jupyterDir, "runtime");
  for (const f of readdirSync(runtime)) chmodSync(join(runtime, f), 0o600);
}

/** Whether `python` can start Notebook 7 (Notebook 6 and older run on another server and are not supported). */
function hasNotebook7(python: string): boolean {
  const code = "import importlib.metadata as m; import notebook; raise SystemExit(int(m.version('notebook').split('.')[0]) < 7)";
  return spawnSync(python, ["-c", code]).status === 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const { python, ui: available } = setupInfo();
  const ui = argv.includes("--notebook") ? "notebook" : "lab";
  const name = ui === "lab" ? "JupyterLab" : "Notebook 7";
  if ((ui === "lab" && available !== "lab") || (ui === "notebook" && !hasNotebook7(python))) {
    console.error(
      `lab: ${python} has no ${name}. Unset ${JUPYTER_PYTHON_ENV} to use the project's own environment, or install ${ui === "lab" ? "jupyterlab" : "notebook>=7"} for that Python.`,
    );
    process.exit(1);
  }
  const { folder, rest: others } = folderOption(argv.filter((a) => a !== "--notebook"));
  const { port: asked, rest } = portOption(others);
  const port = asked ?? (await freePort(8888));
  const token = randomBytes(24).toString("hex");
  const args = [
    "-m",
    ui === "lab" ? "jupyterlab" : "notebook",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.root_dir=${folder}`,
    "--MultiKernelManager.default_kernel_name=tslab",
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...rest,
  ];
  const env = { ...jupyterEnv(), JUPYTER_TOKEN: token };
  privateRuntime();
  console.log(`Starting ${name} on 127.0.0.1 with the tslab kernel (Ctrl+C stops it).`);
  console.log(`Open http://127.0.0.1:${port}/${ui === "lab" ? "lab" : "tree"}?token=${token}`);
  process.umask(0o077); // files Jupyter creates (server info, kernel connection files) are readable by their owner only
  const child = spawn(python, args, { cwd: folder, env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main();
