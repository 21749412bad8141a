"""Time serial-number coverage and the reference network on 250,000 cables.

The frame is the bundled sample (2,000 synthetic cables, parsed by `read_cables`) repeated
until it has `--rows` rows. Copy c renames every post in its ids and in its references to a
new post ("HANOI" -> "HANOIQB" for c = 1), so ids stay unique, each copy keeps the sample's
serial series and REF network, and the frame has 125 x as many post-years. Only the columns
the functions read are kept (no text). Run:

    .venv/bin/python benchmarks/bench_coverage.py [--rows 250000] [--repeat 3]

Issue 18 asks for serial_coverage, reference_graph and cited_but_absent <= 5 s each on 250k cables.
"""
from __future__ import annotations

import string
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cabletools as ct  # noqa: E402
from cabletools.coverage import serial_coverage  # noqa: E402
from cabletools.reference_network import cited_but_absent, cited_by, reference_graph  # noqa: E402
from _timing import size_args, timed  # noqa: E402

COLUMNS = ["cable_id", "station", "origin", "date", "subject", "references"]
TARGET_SECONDS = 5.0
_ID = r"^(\d\d)([A-Z]+)(\d+)$"


def _tag(copy: int) -> str:
    """0 -> "", 1 -> "QB", 27 -> "QBB": letters only, so the id keeps its shape."""
    if copy == 0:
        return ""
    letters, out = string.ascii_uppercase, ""
    while copy:
        copy, r = divmod(copy, 26)
        out = letters[r] + out
    return "Q" + out


def _rename(ids: pa.Array, copy: int) -> pa.Array:
    return pc.replace_substring_regex(ids, _ID, rf"\1\2{_tag(copy)}\3") if copy else ids


def make_frame(rows: int = 250_000) -> pd.DataFrame:
    """The sample repeated to `rows` rows, each copy's posts renamed in ids and references."""
    sample = ct.read_cables(ROOT / "data" / "sample", progress=False)[COLUMNS]
    ids = pa.array(sample["cable_id"].array).cast(pa.large_string())
    refs = pa.array(sample["references"].array)
    refs = refs.combine_chunks() if isinstance(refs, pa.ChunkedArray) else refs
    offsets, values = refs.offsets, pc.list_flatten(refs).cast(pa.large_string())
    copies = -(-rows // len(sample))
    new_ids, new_refs = [], []
    for c in range(copies):
        new_ids.append(_rename(ids, c))
        new_refs.append(pa.ListArray.from_arrays(offsets, _rename(values, c)))
    frame = pd.concat([sample] * copies, ignore_index=True)
    frame["cable_id"] = pd.arrays.ArrowExtensionArray(pa.chunked_array(new_ids))
    frame["references"] = pd.arrays.ArrowExtensionArray(pa.chunked_array(new_refs))
    return frame.iloc[:rows].reset_index(drop=True)


def main(argv=None) -> int:
    args = size_args(__doc__, argv)

    t0 = time.perf_counter()
    df = make_frame(args.rows)
    n_refs = int(df["references"].list.len().sum())
    print(f"{len(df):,} cables, {n_refs:,} references, {df['cable_id'].nunique():,} distinct ids "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    times = {
        "serial_coverage(df)": timed("serial_coverage(df)", lambda: serial_coverage(df), args.repeat),
        "reference_graph(df)": timed("reference_graph(df)", lambda: reference_graph(df), args.repeat),
        "cited_but_absent(df)": timed("cited_but_absent(df, top=None)",
                                      lambda: cited_but_absent(df, top=None), args.repeat),
    }
    graph = reference_graph(df)
    target = graph["reference"].iloc[len(graph) // 2]
    timed("cited_by(df, id, graph=graph)", lambda: cited_by(df, target, graph=graph), args.repeat)
    timed("cited_by(df, id)", lambda: cited_by(df, target), args.repeat)
    slow = [name for name, t in times.items() if t > TARGET_SECONDS]
    for name, t in times.items():
        print(f"{name}: {t:.2f} s {'<=' if t <= TARGET_SECONDS else '>'} {TARGET_SECONDS:.0f} s target")
    print("ok" if not slow else f"TOO SLOW: {', '.join(slow)}")
    return 0 if not slow else 1


if __name__ == "__main__":
    raise SystemExit(main())
