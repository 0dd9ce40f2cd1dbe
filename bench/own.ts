/**
 * The library as the benchmark measures it: the built package (dist/), which is what a notebook's
 * `import … from ".."` loads, not its sources compiled on the fly by tsx (the same code ran 5–9 % slower
 * that way, W1 to W4 side by side in one process). `npm run bench` builds it first; run directly, the
 * benchmark refuses a dist/ older than the sources rather than time old code under the library's name.
 */
import { libraryIsFresh } from "../scripts/build-library.mjs";

if (!libraryIsFresh()) throw new Error("dist/ is older than lib/: run `npm run build` (or `npm run bench`, which builds first)");

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const own = require("..") as typeof import("../lib");
/** The build's kernel module, for what loading it cost. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ownKernels = require("../dist/kernels/wasm") as typeof import("../lib/kernels/wasm");
