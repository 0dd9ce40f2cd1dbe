// Types of scripts/python-env.mjs, for the TypeScript scripts and tests that import it.
export declare const venvDir: string;
export declare const venvPython: string;
export declare function pythonIn(dir: string): string;
export declare const requirementsFile: string;
export declare const benchRequirementsFile: string;
export declare const JUPYTER_PYTHON_ENV: string;
interface Tools {
  say(msg: string): void;
  fail(msg: string): never;
  run(cmd: string, args: string[], opts?: object): boolean;
}
export declare function jupyterPython(
  tools: Tools,
  where?: { dir: string; requirements: string },
): { python: string; versions: string; ui: "lab" | "notebook" | "none" };
export declare function addBenchPackages(python: string, tools: Tools): void;
