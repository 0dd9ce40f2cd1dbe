#!/usr/bin/env python3
"""
The numpy peer of bench/kernels.ts: times one matrix product (float64, on one thread: the caller sets
OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1) per JSON command on stdin,
{"product": "matMul" | "matMulTransA" | "matMulTransB", "m": m, "p": p, "q": q, "seconds": s},
answering {"calls": n, "seconds": t}. The first line it prints names numpy's version and the BLAS library
it loaded, so the table says what it compares against.
"""
import json
import sys
import time

import numpy as np


def blas_library():
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "blas" in line.lower()}
    return sorted(names, key=lambda n: ("openblas" not in n.lower(), n))[0] if names else "unknown"


rng = np.random.default_rng(0)
operands = {}


def product(cmd):
    """A zero-argument function computing the product into a preallocated out, as the library does."""
    kind, m, p, q = cmd["product"], cmd["m"], cmd["p"], cmd["q"]
    key = (kind, m, p, q)
    if key not in operands:
        if kind == "matMul":  # out = A·B, A: m×p, B: p×q
            A, B = rng.standard_normal((m, p)), rng.standard_normal((p, q))
        elif kind == "matMulTransA":  # out = Aᵀ·B, A stored p×m (BLAS reads it transposed, no copy)
            A, B = rng.standard_normal((p, m)).T, rng.standard_normal((p, q))
        else:  # out = A·Bᵀ, B stored q×p
            A, B = rng.standard_normal((m, p)), rng.standard_normal((q, p)).T
        out = np.empty((m, q))
        operands[key] = lambda: np.matmul(A, B, out=out)
    return operands[key]


np.matmul(np.ones((2, 2)), np.ones((2, 2)))  # loads the BLAS before its name is read
print(json.dumps({"numpy": np.__version__, "blas": blas_library()}), flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    f = product(cmd)
    f()  # warm-up
    calls, start = 0, time.perf_counter()
    while True:
        for _ in range(10):
            f()
        calls += 10
        elapsed = time.perf_counter() - start
        if elapsed >= cmd["seconds"]:
            break
    print(json.dumps({"calls": calls, "seconds": elapsed}), flush=True)
