"""Time the TAG analyses (and the data behind the TAG figures) on 250,000 cables.

The frame is the bundled sample (2,000 synthetic cables, parsed by `read_cables`) repeated
until it has `--rows` rows. Each copy's dates move back by a random number of days (up to
five years) and its 40 posts are renamed to other posts of the station table, so the frame
has Cablegate's number of posts (~270) and the sample's realistic TAG mix without repeating
exactly. Only the columns the analyses read are kept (no text). Run:

    .venv/bin/python benchmarks/bench_tags.py [--rows 250000] [--repeat 3]

Issue 4 asks for tag_counts(by="origin", freq="YS") <= 2 s on 250k cables.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cabletools as ct  # noqa: E402
from cabletools.refdata import station_table  # noqa: E402
from cabletools.tags import geographic_focus, subject_mix, tag_pairs, tags_over_time  # noqa: E402
from cabletools.tags import tag_cooccurrence, tag_counts, tag_trends  # noqa: E402
from _timing import size_args, timed

COLUMNS = ["cable_id", "origin", "station", "country", "date", "classification", "tags"]
TARGET_SECONDS = 2.0


def make_frame(rows: int = 250_000, seed: int = 0) -> pd.DataFrame:
    """The sample's cables repeated to `rows` rows; per copy, dates moved back and posts renamed."""
    sample = ct.read_cables(ROOT / "data" / "sample", progress=False)[COLUMNS]
    copies = -(-rows // len(sample))
    frame = pd.concat([sample] * copies, ignore_index=True).iloc[:rows]
    rng = np.random.default_rng(seed)
    copy = np.repeat(np.arange(copies), len(sample))[:rows]
    frame["date"] = frame["date"] - pd.to_timedelta(rng.integers(0, 5 * 365, size=copies)[copy], unit="D")
    posts = station_table().drop_duplicates("origin")[["origin", "country"]].reset_index(drop=True)
    own, _ = pd.factorize(frame["origin"])
    pick = (own + copy * 41) % len(posts)          # copy 0 keeps 40 posts, later copies move on
    frame["origin"] = pd.array(posts["origin"].to_numpy()[pick], dtype=frame["origin"].dtype)
    frame["country"] = pd.array(posts["country"].to_numpy()[pick], dtype=frame["country"].dtype)
    return frame.reset_index(drop=True)


def main(argv=None) -> int:
    args = size_args(__doc__, argv)

    t0 = time.perf_counter()
    df = make_frame(args.rows)
    n_tags = int(df["tags"].list.len().sum())
    print(f"{len(df):,} cables, {n_tags:,} TAGS, {df['origin'].nunique()} posts, "
          f"{df['date'].min():%Y}-{df['date'].max():%Y} (built in {time.perf_counter() - t0:.1f} s)")

    counts = timed('tag_counts(by="origin", freq="YS")', lambda: tag_counts(df, by="origin", freq="YS"),
                   args.repeat)
    timed('tag_counts(kind="subject", by="country", normalize=True)',
          lambda: tag_counts(df, kind="subject", by="country", normalize=True), args.repeat)
    timed('tag_counts(by=["origin", "classification"], freq="MS")',
          lambda: tag_counts(df, by=["origin", "classification"], freq="MS"), args.repeat)
    timed('tag_cooccurrence(kind="subject", min_count=5)',
          lambda: tag_cooccurrence(df, kind="subject", min_count=5), args.repeat)
    timed("tag_cooccurrence(kind=None, min_count=5)", lambda: tag_cooccurrence(df, min_count=5), args.repeat)
    timed('tag_trends(freq="YS")', lambda: tag_trends(df, freq="YS"), args.repeat)
    timed('tag_trends(freq="MS", method="kendall")', lambda: tag_trends(df, freq="MS", method="kendall"),
          args.repeat)
    print("data behind the figures of notebooks/02_tag_frequency:")
    timed("  tags_over_time(top=12)", lambda: tags_over_time(df), args.repeat)
    timed("  subject_mix(top_origins=12)", lambda: subject_mix(df), args.repeat)
    timed("  geographic_focus(top=15)", lambda: geographic_focus(df), args.repeat)
    timed("  tag_pairs(min_count=10)", lambda: tag_pairs(df, min_count=10), args.repeat)
    ok = counts <= TARGET_SECONDS
    print(f'tag_counts(by="origin", freq="YS"): {counts:.2f} s '
          f'{"<=" if ok else ">"} {TARGET_SECONDS:.0f} s target: {"ok" if ok else "TOO SLOW"}')
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
