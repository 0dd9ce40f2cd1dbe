/**
 * scripts/setup-info.ts: setup's record of the Python with Jupyter is read back checked. A missing or
 * damaged file is an error naming the file and what is wrong, never a silent switch to another Python.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupInfo } from "../../scripts/setup-info";

const work = mkdtempSync(join(tmpdir(), "rnn-setup-info-"));
after(() => rmSync(work, { recursive: true, force: true }));

const withText = (name: string, text: string) => {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
};

test("a well-formed record gives its Python and notebook UI", () => {
  const file = withText("good.json", JSON.stringify({ python: "/opt/py/bin/python3", ui: "lab", tslab: "/x/tslab" }));
  assert.deepEqual(setupInfo(file), { python: "/opt/py/bin/python3", ui: "lab" });
});

test("a missing, unreadable or incomplete record is an error naming the file and the fault", () => {
  const cases: [string, RegExp][] = [
    [join(work, "absent.json"), /absent\.json does not exist: run `npm run setup`/],
    [withText("broken.json", "{ python: "), /broken\.json is not valid JSON .*: run `npm run setup`/],
    [withText("list.json", "[]"), /list\.json holds \[\], expected an object \{ python, ui \}/],
    [withText("nopython.json", JSON.stringify({ ui: "notebook" })), /nopython\.json: "python" is undefined, expected the path of a Python/],
    [
      withText("badui.json", JSON.stringify({ python: "/usr/bin/python3", ui: "vim" })),
      /badui\.json: "ui" is "vim", expected "lab", "notebook" or "none"/,
    ],
  ];
  for (const [file, message] of cases) assert.throws(() => setupInfo(file), message);
});
