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


def size_args(doc: str, argv=None, rows: int = 250_000, repeat: int = 3):
    """The benchmarks' common options: --rows (cables in the frame) and --repeat (best of N)."""
    import argparse

    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--rows", type=int, default=rows)
    ap.add_argument("--repeat", type=int, default=repeat)
    return ap.parse_args(argv)
