// Builds dist/ with the TypeScript the project declares (node_modules/typescript, not the older one tslab
// bundles, which owns node_modules/.bin/tsc) and stamps dist/ only when the build succeeded, so a failed
// build — whose files tsc still writes — is never taken for a fresh one. `npm run build` and setup run it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The declared compiler's command-line entry, run with `node` (never `.bin/tsc`). */
export const tsc = join(projectRoot, "node_modules", "typescript", "bin", "tsc");

const stampOf = (root) => join(root, "dist", ".build-stamp");
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** Newest modification time (ms) among files under `paths` with one of `exts`. */
function newest(paths, exts) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory())
      t = Math.max(
        t,
        newest(
          readdirSync(p).map((f) => join(p, f)),
          exts,
        ),
      );
    else if (exts.some((e) => p.endsWith(e))) t = Math.max(t, mtime(p));
  }
  return t;
}

/** Whether dist/ holds a successful build of the current sources: its stamp is newer than every source. */
export function libraryIsFresh(root = projectRoot) {
  const sources = newest(
    ["lib", "tsconfig.json", "tsconfig.build.json", "package.json"].map((p) => join(root, p)),
    [".ts", ".js", ".json"],
  );
  return existsSync(stampOf(root)) && existsSync(join(root, "dist", "index.js")) && mtime(stampOf(root)) >= sources;
}

/**
 * Runs `tsc -p tsconfig.build.json` in `root` into an empty dist/ (so no file whose source is gone lingers
 * there); stamps dist/ and returns true only when it succeeded.
 */
export function buildLibrary(root = projectRoot, stdio = "inherit") {
  rmSync(join(root, "dist"), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio });
  if (r.status !== 0) return false;
  writeFileSync(stampOf(root), `${new Date().toISOString()}\n`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!buildLibrary()) {
    console.error("build-library: the library build failed (see the TypeScript errors above).");
    process.exit(1);
  }
}
