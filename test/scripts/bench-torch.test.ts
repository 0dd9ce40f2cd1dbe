/**
 * bench/torch.ts: the benchmark says which PyTorch it ran against — the version requirements-bench.txt pins,
 * from the project's .venv/, or another one from whichever Python could import torch, said as such.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pinnedTorch, torchOrigin } from "../../bench/torch";
import { venvPython } from "../../scripts/python-env.mjs";

test("the pin is read from requirements-bench.txt, and is absent from a file without one", () => {
  assert.match(pinnedTorch() ?? "", /^\d+\.\d+\.\d+$/);
  assert.equal(pinnedTorch("numpy==2.4.6\n# torch==9.9.9 is not a pin\n"), undefined);
  assert.equal(pinnedTorch("numpy==2.4.6\ntorch==2.13.0\n"), "2.13.0");
});

test("the pinned CPU build from .venv/ is named as the pin, from the project's environment", () => {
  const line = torchOrigin("2.13.0+cpu", venvPython, "2.13.0");
  assert.match(line, /^PyTorch 2\.13\.0\+cpu, the pinned torch==2\.13\.0, from the project's \.venv\//);
});

test("another version from another Python is said to be neither, with how to get the pinned one", () => {
  const line = torchOrigin("1.13.0", "/usr/bin/python3", "2.13.0");
  assert.match(line, /^PyTorch 1\.13\.0, not the pinned torch==2\.13\.0 \(`npm run setup -- --bench` installs it into \.venv\/\)/);
  assert.match(line, /from the first Python that imports torch, \/usr\/bin\/python3$/);
});
