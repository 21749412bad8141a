"""Time `ct.paragraphs` (and the other long views) and print the process's peak memory.

Issue 15 asks for paragraphs on the 7,081-cable shared cables.csv in <= 3 s at <= 1.5 GB peak RSS,
and on 250k synthetic cables in <= 60 s at <= 6 GB. Run one corpus per process (peak RSS is
per process):

    .venv/bin/python benchmarks/bench_views.py ../shared/corpus/cables_csv__none-later/cables.csv
    .venv/bin/python benchmarks/bench_views.py /tmp/synth250k      # cabletools synth --n 250000 …
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cabletools as ct  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    args = parser.parse_args()
    t0 = time.perf_counter()
    df = ct.read_cables(args.corpus, progress=False)
    print(f"read_cables  {len(df):>9,} cables  {time.perf_counter() - t0:7.2f} s  peak {peak_rss_mb():7.0f} MB")
    mb = df["body"].str.len().sum() / 1e6
    for name, view in (("paragraphs", ct.paragraphs), ("references", ct.references),
                       ("recipients", ct.recipients)):
        t0 = time.perf_counter()
        out = view(df)
        dt = time.perf_counter() - t0
        print(f"{name:<12} {len(out):>9,} rows    {dt:7.2f} s  {len(df) / dt:9,.0f} cables/s  "
              f"{mb / dt:6.0f} MB/s  peak {peak_rss_mb():7.0f} MB")
        del out


if __name__ == "__main__":
    main()
