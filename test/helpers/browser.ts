/**
 * Headless Chromium for the browser tests, driven by playwright-core (never a browser download), with
 * background networking off so the only requests are the page's own. The browser is the one named by
 * RNN_CHROMIUM, else the first of the usual places (Debian's /usr/bin/chromium first).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The environment variable that names a Chromium or Chrome executable. */
export const CHROMIUM_ENV = "RNN_CHROMIUM";

/** Where Chromium and Chrome install themselves on Debian/Ubuntu, other Linux and macOS. */
export const USUAL_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** The browser to drive: RNN_CHROMIUM (which must exist), else the first usual path that does; throws saying how to get one. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env, paths = USUAL_PATHS): string {
  const named = env[CHROMIUM_ENV];
  if (named) {
    if (!existsSync(named)) throw new Error(`${CHROMIUM_ENV}=${named}: no such file; name a Chromium or Chrome executable, or unset it`);
    return named;
  }
  const found = paths.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    `The browser tests need Chromium or Chrome and found none (looked at ${paths.join(", ")}). ` +
      `Install it (Debian/Ubuntu: sudo apt-get install chromium) or set ${CHROMIUM_ENV} to its executable.`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}
