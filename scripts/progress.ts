/**
 * The export's progress with several notebooks running at once: one permanent line per finished
 * notebook, and a status line naming each running notebook with its cells done. On a terminal the
 * status line is redrawn in place (cut to the terminal's width); in a log it is printed every 10 s.
 */

export interface ProgressBoard {
  start(k: number, label: string): void;
  update(k: number, done: number, total: number): void;
  /** prints the notebook's final line (`label  note  seconds`) */
  end(k: number, label: string, note: string): void;
  /** prints a line of its own (e.g. a batch of pages converted), the status line redrawn under it */
  log(line: string): void;
  close(): void;
}

export function progressBoard(out: NodeJS.WriteStream = process.stdout): ProgressBoard {
  const tty = out.isTTY;
  const running = new Map<number, { label: string; done: number; total: number; started: number }>();
  const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
  let lastLog = performance.now();
  const status = () =>
    [...running.values()]
      .map((r) => `${r.label.trim()}  ${r.total ? `cells ${r.done}/${r.total}` : "starting the kernel"}  ${seconds(r.started)} s`)
      .join("  ·  ");
  const draw = () => {
    if (running.size === 0) return;
    if (tty) out.write(`\r  ${status()}`.slice(0, (out.columns || 120) - 1) + "\x1b[K");
    else if (performance.now() - lastLog > 10_000) {
      out.write(`  running: ${status()}\n`);
      lastLog = performance.now();
    }
  };
  const clear = () => tty && out.write("\r\x1b[K");
  const ticker = setInterval(draw, 1000); // the seconds keep counting while a long cell runs
  ticker.unref();
  return {
    start(k, label) {
      running.set(k, { label, done: 0, total: 0, started: performance.now() });
      draw();
    },
    update(k, done, total) {
      const r = running.get(k);
      if (!r) return;
      Object.assign(r, { done, total });
      draw();
    },
    end(k, label, note) {
      const r = running.get(k);
      running.delete(k);
      clear();
      out.write(`${label}  ${note}${r ? `  ${seconds(r.started)} s` : ""}\n`);
      draw();
    },
    log(line) {
      clear();
      out.write(`${line}\n`);
      draw();
    },
    close() {
      clearInterval(ticker);
      clear();
      running.clear();
    },
  };
}
