/**
 * A Python peer of the benchmark, driven from Node: spawns a script with the first Python that has what
 * it needs and exchanges one JSON line per command, so its rounds interleave with the JavaScript peers'
 * (torch.ts, kernels.ts).
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { venvPython } from "../scripts/python-env.mjs";

/**
 * Pythons a peer may run on, in order: the project's .venv/ (where `npm run setup -- --bench` installs
 * PyTorch 2.13.0 and numpy from requirements-bench.txt), then the python3 on PATH, then Debian's.
 */
export const PYTHONS = [venvPython, "python3", "/usr/bin/python3"];

/** The first of PYTHONS that can `import <module>`, or undefined. */
export function pythonWith(module: string): string | undefined {
  return PYTHONS.find((python) => {
    try {
      execFileSync(python, ["-c", `import ${module}`], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  });
}

/** Why no Python here can `import <module>`, or null when one can. */
export function pythonMissing(module: string): string | null {
  return pythonWith(module)
    ? null
    : `not available (no Python of ${PYTHONS.join(", ")} can import ${module}; \`npm run setup -- --bench\` adds it to .venv/)`;
}

export interface PythonPeer {
  /** the first line the script prints (what it loaded) */
  hello: Record<string, string>;
  /** sends one command and waits for its one-line answer */
  ask<T>(cmd: object): Promise<T>;
  close(): void;
}

/** Starts `script` with `args` on `python`; resolves once it has printed its first line. */
export async function pythonPeer(
  python: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonPeer> {
  const child: ChildProcessWithoutNullStreams = spawn(python, [script, ...args], { env });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const reply = async <T>(): Promise<T> => {
    const next = await lines.next();
    if (next.done) throw new Error(`the benchmark process ${script} ended early:\n${stderr}`);
    return JSON.parse(next.value) as T;
  };
  const hello = await reply<Record<string, string>>();
  return {
    hello,
    ask: <T>(cmd: object) => {
      child.stdin.write(JSON.stringify(cmd) + "\n");
      return reply<T>();
    },
    close: () => child.stdin.end(),
  };
}
