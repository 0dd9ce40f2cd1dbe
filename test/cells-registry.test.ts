/**
 * Tests of lib/cells/registry.ts: cells chosen by name (Elman by default, with its φ), a cell object passed
 * as it is, and unknown names refused with the known ones and the closest.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELLS, cellOf } from "../lib";
import { gru } from "../lib/cells/gru";
import { lstm } from "../lib/cells/lstm";

describe("cells/registry", () => {
  it("lists the cells it knows by name", () => {
    assert.deepEqual(CELLS, ["elman", "lstm", "gru"]);
  });

  it("chooses a cell by name, Elman by default with its φ", () => {
    assert.equal(cellOf().name, "elman");
    assert.equal(cellOf(), cellOf("elman", "tanh"), "one Elman cell per φ");
    assert.notEqual(cellOf("elman", "relu"), cellOf("elman"));
    assert.equal(cellOf("elman", "relu"), cellOf("elman", "relu"));
    assert.equal(cellOf("lstm"), lstm);
    assert.equal(cellOf("gru"), gru);
    assert.equal(cellOf(gru), gru);
  });

  it("rejects an unknown cell name, listing the known ones", () => {
    assert.throws(() => cellOf("rnn" as "gru"), /unknown cell "rnn", expected one of "elman", "lstm", "gru"/);
    assert.throws(() => cellOf("lsmt" as "lstm"), /unknown cell "lsmt" \(did you mean "lstm"\?\)/);
  });

  it("rejects an activation for a gated cell", () => {
    assert.throws(() => cellOf("lstm", "relu"), /activation "relu" is for the Elman cell: the lstm cell's gates use σ and tanh/);
  });

  it("passes a cell object through, and refuses an activation beside one", () => {
    assert.equal(cellOf(gru), gru);
    assert.throws(
      () => cellOf(gru, "relu"),
      /activation "relu" names φ of the cell called "elman"; a cell given as an object \(gru\) brings its own/,
    );
  });
});
