/**
 * A display sink for tests of lib/notebook: installs itself and records every display, and every state
 * of each display updated in place, so a test can read what a notebook would show.
 */
import { setDisplaySink, type DisplaySink, type MimeBundle } from "../../lib/notebook/display";

/** A sink that records every display; `updates[k]` holds every state of the k-th live display. */
export function recorder() {
  const shown: { kind: string; text: string; bundle: MimeBundle }[] = [];
  const updates: MimeBundle[][] = [];
  const kind = (b: MimeBundle) => (b["text/latex"] !== undefined ? "latex" : b["text/markdown"] !== undefined ? "markdown" : "html");
  const sink: DisplaySink = {
    display: (bundle) =>
      shown.push({ kind: kind(bundle), text: String(bundle["text/html"] ?? bundle["text/latex"] ?? bundle["text/markdown"]), bundle }),
    newDisplay: () => {
      const states: MimeBundle[] = [];
      updates.push(states);
      return { display: (bundle) => states.push(bundle) };
    },
  };
  setDisplaySink(sink);
  return { shown, updates };
}

export const html = (b: MimeBundle) => String(b["text/html"]);
