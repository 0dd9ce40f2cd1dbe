"""Executes one notebook with nbclient under the tslab kernel, printing one JSON line per event.

Usage: python3 execute.py IN.ipynb OUT.ipynb TIMEOUT_SECONDS
Events on stdout: {"event": "start", "cells": n}, {"event": "cell", "cell": i, "done": k, "total": n},
{"event": "done"}, or {"event": "error", "cell": i, "ename": ..., "evalue": ..., "stderr": ...} and exit 3.
Cell numbers count every cell (markdown included) from 1, as Jupyter shows them top to bottom.
"""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def emit(**event):
    print(json.dumps(event), flush=True)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    try:
        timeout = int(sys.argv[3])  # nbclient's timeout is an integer number of seconds
    except ValueError:
        print(f"TIMEOUT_SECONDS must be a whole number of seconds, got {sys.argv[3]!r}", file=sys.stderr)
        sys.exit(2)
    nb = nbformat.read(src, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    state = {"current": None, "done": 0, "error": None}

    def on_start(cell, cell_index):
        state["current"] = cell_index

    def on_executed(cell, cell_index, execute_reply):
        if cell_index in code:
            state["done"] += 1
            emit(event="cell", cell=cell_index + 1, done=state["done"], total=len(code))

    def on_error(cell, cell_index, execute_reply):
        content = execute_reply.get("content", {})
        stderr = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
        state["error"] = dict(cell=cell_index + 1, ename=content.get("ename", "Error"), evalue=content.get("evalue", ""), stderr=stderr)

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="tslab",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
        on_cell_start=on_start,
        on_cell_executed=on_executed,
        on_cell_error=on_error,
    )
    emit(event="start", cells=len(code))
    try:
        client.execute()
    except CellExecutionError as e:
        emit(event="error", **(state["error"] or dict(cell=(state["current"] or 0) + 1, ename=e.ename, evalue=e.evalue, stderr="")))
        sys.exit(3)
    except CellTimeoutError:
        emit(event="error", cell=(state["current"] or 0) + 1, ename="Timeout", evalue=f"the cell ran longer than {timeout} s", stderr="")
        sys.exit(3)
    except DeadKernelError as e:
        emit(event="error", cell=(state["current"] or 0) + 1, ename="DeadKernel", evalue=str(e), stderr="")
        sys.exit(3)
    nbformat.write(nb, dst)
    emit(event="done")


if __name__ == "__main__":
    main()
