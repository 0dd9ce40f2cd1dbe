/**
 * The layers of lib/, read from its import graph (every `import` and `export … from`, type-only ones
 * included): no file reaches itself again through its imports; the kernels are reached only through the
 * matrix products and the activations; the shapes sit below the cells, the cells below the engine, the
 * engine below what uses it; nothing runs the reference loops of lib/rnn.ts; and only the front door
 * imports the notebook display code's barrel.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

const lib = resolve(__dirname, "..", "lib");

/** Every source file of lib/ (TypeScript, and the page script), as paths relative to lib/. */
function sources(dir = lib): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts") ? [relative(lib, path)] : [];
  });
}

/** The lib/ files `file` imports or re-exports from (relative specifiers only: packages are not layers). */
function importsOf(file: string, files: Set<string>): string[] {
  const text = readFileSync(join(lib, file), "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/gms)].map((m) => m[1]);
  return specifiers.map((s) => {
    const base = relative(lib, resolve(dirname(join(lib, file)), s));
    const hit = [`${base}.ts`, `${base}/index.ts`, base].find((c) => files.has(c));
    assert.ok(hit, `${file} imports "${s}", which is not a file of lib/`);
    return hit;
  });
}

const files = new Set(sources());
const graph = new Map([...files].map((f) => [f, importsOf(f, files)]));

/** Strongly connected components with more than one file (or a file importing itself): the import circles. */
function circles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    onStack = new Set<string>(),
    found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The files that `file` reaches through its imports, itself excluded. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  for (const next of graph.get(file)!) if (!seen.has(next)) reach(next, seen.add(next));
  return seen;
}

const importers = (target: (f: string) => boolean) =>
  [...graph]
    .filter(([, deps]) => deps.some(target))
    .map(([f]) => f)
    .sort();

describe("the import graph of lib/", () => {
  it("reads every file of lib/, and finds their imports", () => {
    assert.ok(files.size > 40, `${files.size} files`);
    assert.ok(graph.get("engine/forward.ts")!.includes("cells/registry.ts"), "the engine imports the registry");
  });

  it("has no import circles", () => {
    assert.deepEqual(circles(), []);
  });

  it("reaches the kernels only through the matrix products, the activations, the cells' fused steps, the optimisers' updates and the front door's kernel settings", () => {
    // the built-in cells plug their whole-sequence kernels into the cell's `fused` member; the engine knows
    // nothing of WebAssembly
    assert.deepEqual(
      importers((f) => f.startsWith("kernels/")).filter((f) => !f.startsWith("kernels/")),
      ["activations.ts", "cells/elman.ts", "cells/gru.ts", "cells/lstm.ts", "index.ts", "matrix.ts", "optim.ts"],
    );
    for (const file of files) {
      if (file.startsWith("kernels/")) assert.ok(![...reach(file)].includes("matrix.ts"), `${file} is below matrix.ts`);
    }
  });

  it("puts the shapes below the cells, the cells below the engine, and the engine below what uses it", () => {
    const layer = (f: string) => (f === "shapes.ts" ? 0 : f.startsWith("cells/") ? 1 : f.startsWith("engine/") ? 2 : -1);
    for (const [file, deps] of graph) {
      for (const dep of deps) {
        if (layer(file) >= 0 && layer(dep) >= 0)
          assert.ok(layer(dep) <= layer(file), `${file} (layer ${layer(file)}) imports ${dep} (layer ${layer(dep)})`);
      }
    }
    for (const file of ["shapes.ts", "budget.ts", "check.ts", "errors.ts", "format.ts"]) {
      assert.deepEqual(
        [...reach(file)].filter((f) => f.startsWith("cells/") || f.startsWith("engine/")),
        [],
        `${file} reaches no cell or engine file`,
      );
    }
  });

  it("has one registry of cells: only it imports the cell files", () => {
    for (const cell of ["cells/elman.ts", "cells/lstm.ts", "cells/gru.ts"]) {
      assert.deepEqual(
        importers((f) => f === cell),
        ["cells/registry.ts"],
        `who imports ${cell}`,
      );
    }
  });

  it("runs nothing through the reference loops of lib/rnn.ts, and only the front door imports the barrels", () => {
    assert.deepEqual(
      importers((f) => f === "rnn.ts"),
      [],
    );
    assert.deepEqual(
      importers((f) => f === "notebook/index.ts"),
      ["index.ts"],
    );
    assert.deepEqual(
      importers((f) => f === "index.ts"),
      [],
    );
  });
});
