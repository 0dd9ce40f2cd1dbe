/**
 * A Python peer of the benchmark, driven from Node: spawns a script with Debian's python3 and exchanges
 * one JSON line per command, so its rounds interleave with the JavaScript peers' (torch.ts, kernels.ts).
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export const PYTHON = "/usr/bin/python3";

/** Why `import <module>` fails with Debian's python3, or null when it works. */
export function pythonMissing(module: string, pkg: string): string | null {
  try {
    execFileSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore" });
    return null;
  } catch {
    return `not available (${PYTHON} -c "import ${module}" failed; Debian's ${pkg} provides it)`;
  }
}

export interface PythonPeer {
  /** the first line the script prints (what it loaded) */
  hello: Record<string, string>;
  /** sends one command and waits for its one-line answer */
  ask<T>(cmd: object): Promise<T>;
  close(): void;
}

/** Starts `script` with `args`; resolves once it has printed its first line. */
export async function pythonPeer(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<PythonPeer> {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [script, ...args], { env });
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
