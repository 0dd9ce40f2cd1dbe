/**
 * What scripts/setup.mjs found, read back for the export, the lab launcher and the tests: the Python
 * with Jupyter (nbclient, nbconvert) and which notebook UI it has. The file is checked field by field;
 * a missing or damaged one is an error that says what to run, never a guess at some other Python.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { root, setupFile } from "./jupyter-home.mjs";

export interface SetupInfo {
  /** the Python that runs nbclient, nbconvert and Jupyter */
  python: string;
  /** the notebook UI that Python has */
  ui: "lab" | "notebook" | "none";
}

const UIS: readonly string[] = ["lab", "notebook", "none"];

/** `file`'s setup record, checked; throws an Error naming the file and what is wrong with it. */
export function setupInfo(file = setupFile): SetupInfo {
  const name = relative(root, file) || file;
  const fix = "run `npm run setup` to write it again";
  if (!existsSync(file)) throw new Error(`${name} does not exist: ${fix}`);
  let info: unknown;
  try {
    info = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${name} is not valid JSON (${(e as Error).message}): ${fix}`, { cause: e });
  }
  if (typeof info !== "object" || info === null || Array.isArray(info))
    throw new Error(`${name} holds ${JSON.stringify(info)}, expected an object { python, ui }: ${fix}`);
  const { python, ui } = info as Record<string, unknown>;
  if (typeof python !== "string" || python === "")
    throw new Error(`${name}: "python" is ${JSON.stringify(python)}, expected the path of a Python with Jupyter: ${fix}`);
  if (typeof ui !== "string" || !UIS.includes(ui))
    throw new Error(`${name}: "ui" is ${JSON.stringify(ui)}, expected "lab", "notebook" or "none": ${fix}`);
  return { python, ui: ui as SetupInfo["ui"] };
}
