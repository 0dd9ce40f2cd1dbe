/**
 * A free local port for a Jupyter server (`npm run lab` and its test): the first one from a start on
 * which 127.0.0.1 accepts a listener.
 */
import { createServer } from "node:net";

/** The first port from `start` on which 127.0.0.1 accepts a listener. */
export function freePort(start: number): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(freePort(start + 1)));
    server.listen(start, "127.0.0.1", () => server.close(() => resolvePort(start)));
  });
}
