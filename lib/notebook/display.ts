/**
 * Where displays go: the running tslab kernel (found among the loaded modules, so the library never
 * loads tslab itself), or a sink a test installs. Outside a kernel a one-line text note is printed.
 * One display is a MIME bundle: a figure goes out as HTML and as Plotly JSON in the same output.
 */
import { randomBytes } from "node:crypto";
import { ValueError } from "../errors";

/** One output in several forms, MIME type → content: `{ "text/html": "<b>hi</b>", "text/plain": "hi" }`. */
export type MimeBundle = Record<string, unknown>;

/** One output area; each `display` replaces what it shows (used by live training). */
export interface DisplayHandle {
  display(bundle: MimeBundle): void;
}

/** Receives every display: plain outputs, and handles that update one output in place. */
export interface DisplaySink {
  display(bundle: MimeBundle): void;
  newDisplay(): DisplayHandle;
}

/** The kernel's display-data writer: tslab's public `display.raw` wraps it with a single MIME type. */
type WriteDisplayData = (
  msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

let installed: DisplaySink | undefined;
let kernel: { lastWriteDisplayData?: WriteDisplayData | null } | undefined;

/** Sends displays to `sink` instead of the kernel (tests, other front-ends); `undefined` restores the kernel. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  installed = sink;
}

/** The exports of tslab's jupyter module in the kernel running this code, if any (read live: tslab resets the writer per cell). */
function findKernel(): typeof kernel {
  if (kernel) return kernel;
  for (const [file, mod] of Object.entries(require.cache))
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file) && mod?.exports && "lastWriteDisplayData" in mod.exports)
      return (kernel = mod.exports as typeof kernel);
  return undefined;
}

/** The writer of the cell now running; tslab sets it when a cell starts. */
function writer(k: NonNullable<typeof kernel>): WriteDisplayData {
  if (!k.lastWriteDisplayData) throw new ValueError("display: the tslab kernel is not running a cell, so there is no output to write to");
  return k.lastWriteDisplayData;
}

const textNote = (bundle: MimeBundle) => {
  const what = Object.keys(bundle).includes("application/vnd.plotly.v1+json") ? "figure" : "display";
  console.log(`[${what}: shown in a Jupyter notebook under the tslab kernel]`);
};

/** The current sink: an installed one, else the tslab kernel, else text notes on stdout. */
export function sink(): DisplaySink {
  if (installed) return installed;
  const k = findKernel();
  if (k)
    return {
      display: (data) => writer(k)({ data, metadata: {}, transient: {} }, false),
      newDisplay: () => {
        // The id lives only in the message's transient part: Jupyter uses it to update the output, never saves it.
        const id = randomBytes(8).toString("hex");
        let shown = false;
        return {
          display(data) {
            writer(k)({ data, metadata: {}, transient: { display_id: id } }, shown);
            shown = true;
          },
        };
      },
    };
  return { display: textNote, newDisplay: () => ({ display: textNote }) };
}
