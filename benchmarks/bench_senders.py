"""Time sender_volume and signer_tenures on a 250,000-cable frame.

The frame is generated here (no corpus needed): 250 posts, each with a run of
chiefs of mission and chargés signing in turn, a Classified By line in the body
of most cables, bodies of ~1.5 KB. Run:

    .venv/bin/python benchmarks/bench_senders.py [--rows 250000] [--repeat 3]

Issue 5 asks for signer_tenures <= 3 s on 250k cables.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cabletools.schema import CLASSIFICATION_DTYPE, CLASSIFICATIONS, PRECEDENCE_DTYPE, PRECEDENCES  # noqa: E402
from cabletools.senders import sender_volume, signer_tenures  # noqa: E402
from _timing import size_args, timed

SYLLABLES = ["BAR", "KEL", "MOR", "TAN", "RIV", "SOL", "DEN", "GAR", "LIN", "WEST", "HAM", "FORD", "ER", "SON"]


def make_frame(rows: int = 250_000, posts: int = 250, seed: int = 0) -> pd.DataFrame:
    """A cable-like frame: origin, station, date, signer, classified_by, body, classification, precedence."""
    rng = np.random.default_rng(seed)
    names = np.array(sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "S", "E")}))
    start, end = pd.Timestamp("2000-01-01", tz="UTC"), pd.Timestamp("2010-02-28", tz="UTC")
    span = (end - start).total_seconds()
    post = rng.integers(0, posts, rows)
    seconds = np.sort(rng.random(rows)) * span
    date = start + pd.to_timedelta(seconds, unit="s")
    # per post: an ambassador every ~3 years, a chargé (the DCM) signing ~15% of cables
    term = ((seconds / span) * 3.4 + rng.random(posts)[post]).astype(int)
    chief = names[(post * 7 + term * 13) % len(names)]
    dcm = names[(post * 11 + term * 5 + 3) % len(names)]
    charge = rng.random(rows) < 0.15
    signer = np.where(charge, dcm, chief).astype(object)
    signer[rng.random(rows) < 0.2] = None                       # partial extracts, unparsed signatures
    title = np.where(charge, "CDA, a.i.", "Ambassador")
    who = np.where(charge, dcm, chief)
    classified = rng.random(rows) < 0.6
    cb_line = np.char.add(np.char.add(title.astype(str), " "), who.astype(str))
    filler = "1. (C) " + "Text of the cable, wrapped at sixty-five columns as usual. " * 25
    body = np.where(classified,
                    np.char.add(np.char.add("CONFIDENTIAL\n\nClassified By: ", cb_line), " for reasons 1.4 (b)\n\n"),
                    "UNCLASSIFIED\n\n").astype(object)
    body = pd.Series(body, dtype="string") + filler
    return pd.DataFrame({
        "origin": pd.Series([f"Embassy {n}" for n in names[:posts]], dtype="string").take(post).to_numpy(),
        "station": pd.Series([n for n in names[:posts]]).take(post).to_numpy(),
        "date": date,
        "signer": pd.Series(signer, dtype="string"),
        "classified_by": pd.Series(np.where(classified, who, None), dtype="string"),
        "body": body,
        "classification": pd.Categorical.from_codes(rng.integers(0, len(CLASSIFICATIONS), rows),
                                                    dtype=CLASSIFICATION_DTYPE),
        "precedence": pd.Categorical.from_codes(rng.integers(0, len(PRECEDENCES), rows), dtype=PRECEDENCE_DTYPE),
    })


def main(argv=None) -> int:
    args = size_args(__doc__, argv)
    t0 = time.perf_counter()
    df = make_frame(args.rows)
    print(f"generated {len(df):,} cables, {df['origin'].nunique()} posts in {time.perf_counter() - t0:.1f} s")
    tenures = timed("signer_tenures(df)", lambda: signer_tenures(df), args.repeat)
    timed("sender_volume(df)  (tidy, monthly)", lambda: sender_volume(df), args.repeat)
    timed("sender_volume(df, wide=True)", lambda: sender_volume(df, wide=True), args.repeat)
    timed("sender_volume(df, split='classification')", lambda: sender_volume(df, split="classification"),
          args.repeat)
    print(f"signer_tenures budget 3 s: {'OK' if tenures <= 3 else 'OVER'}")
    return 0 if tenures <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
