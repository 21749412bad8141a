"""Shared by the benchmarks: best-of-N wall time of a call, printed with the rows it returned."""
from __future__ import annotations

import time


def timed(label: str, fn, repeat: int, width: int = 58) -> float:
    """Run `fn` `repeat` times; print and return the best wall time in seconds."""
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<{width}} {best:6.2f} s   ({len(out):,} rows out)")
    return best
