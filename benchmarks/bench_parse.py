"""Parser speed on one core over the real shared corpus, beside the rate of merely reading and
decoding the same files, in one run.

    python benchmarks/bench_parse.py [--limit N]

Prints cables/s and MB/s for: read+decode only, read+decode+one regex scan, and parse_cable.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import time
from pathlib import Path

import cabletools as ct


def shared_corpus() -> Path:
    root = Path(os.environ.get("CABLETOOLS_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    return root / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    files = sorted(shared_corpus().glob("*/txt/*.txt"))
    files = [f for f in files if not f.name.endswith(".plusd_metadata.txt")][: args.limit]
    total_bytes = sum(f.stat().st_size for f in files)
    mb = total_bytes / 1e6
    print(f"{len(files):,} cables, {mb:.1f} MB from {shared_corpus()}")

    print(f"{'':<28} {'wall clock':>30} {'CPU time (one core)':>32}")

    def timed(label: str, work) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{label:<28} {len(files) / wall:>10,.0f} cables/s {mb / wall:>7.1f} MB/s"
              f"  {len(files) / cpu:>10,.0f} cables/s {mb / cpu:>7.1f} MB/s")

    texts: list[str] = []
    timed("read + decode", lambda: texts.extend(f.read_bytes().decode("utf-8") for f in files))
    scan = re.compile(r"^TAGS:[^\n]*", re.M)
    timed("read + decode + 1 regex", lambda: [scan.search(f.read_bytes().decode("utf-8")) for f in files])
    timed("parse_cable", lambda: [ct.parse_cable(t) for t in texts])
    timed("read + parse_cable", lambda: [ct.parse_cable(f.read_bytes().decode("utf-8")) for f in files])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB; cablemap (Python 2): about 190 cables/s")


if __name__ == "__main__":
    main()
