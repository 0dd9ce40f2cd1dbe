/**
 * Where displays go: the running tslab kernel (found among the loaded modules, so the library never
 * loads tslab itself), or a sink a test installs. Outside a kernel a one-line text note is printed.
 */
import { createRequire } from "node:module";

/** One output area; `update` replaces what it shows (used by live training). */
export interface DisplayHandle {
  html(html: string): void;
}

/** Receives every display: plain outputs, and handles that update one output in place. */
export interface DisplaySink {
  html(html: string): void;
  latex(latex: string): void;
  newDisplay(): DisplayHandle;
}

interface TslabDisplay {
  html(s: string): void;
  latex(s: string): void;
}
interface TslabPublic {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

let installed: DisplaySink | undefined;
let kernel: TslabPublic | undefined;

/** Sends displays to `sink` instead of the kernel (tests, other front-ends); `undefined` restores the kernel. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  installed = sink;
}

/** tslab's public module as loaded by the kernel running this code, if any. */
function findKernel(): TslabPublic | undefined {
  if (kernel) return kernel;
  for (const [file, mod] of Object.entries(require.cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file) && mod?.exports?.lastWriteDisplayData) {
      kernel = createRequire(file)("./public.js") as TslabPublic;
      return kernel;
    }
  }
  return undefined;
}

const textNote = (what: string) => ({
  html: () => console.log(`[${what}: shown in a Jupyter notebook under the tslab kernel]`),
});

/** The current sink: an installed one, else the tslab kernel, else text notes on stdout. */
export function sink(): DisplaySink {
  if (installed) return installed;
  const k = findKernel();
  if (k)
    return {
      html: (s) => k.display.html(s),
      latex: (s) => k.display.latex(s),
      newDisplay: () => k.newDisplay(),
    };
  return {
    html: textNote("HTML").html,
    latex: textNote("equation").html,
    newDisplay: () => textNote("live figure"),
  };
}
