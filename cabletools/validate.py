"""Checks against development data: the ground truth a synthetic corpus (`cabletools synth --truth`)
keeps beside its cables, and the official chiefs of mission the inferred tenures are compared with.
Every function takes paths (or tables), never the layout of a particular checkout.

>>> find_truth_tenures("/nonexistent/cables.csv") is None
True
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from cabletools.senders import ORGANIZATION_MISSIONS, compare_tenures, official_chiefs, read_chiefs_of_mission

__all__ = ["TRUTH_CHIEF_ROLES", "chiefs_from_truth", "find_truth_tenures", "load_official_chiefs",
           "official_comparison"]



#: Roles in a synthetic corpus's ``tenures.tsv`` that the Office of the Historian
#: would list as chiefs of mission (chargés and consuls general it does not list).
TRUTH_CHIEF_ROLES = ("ambassador", "permanent representative")


def find_truth_tenures(corpus) -> Path | None:
    """The ground-truth ``tenures.tsv`` that `cabletools synth --truth` wrote
    beside a synthetic corpus, or None: looked for in ``<corpus>/truth/``,
    ``<corpus>/`` and ``<corpus>/../truth/`` (the bundled sample keeps it in
    ``data/sample/truth/``). `corpus` is what was passed to `read_cables`; a
    list or a glob is not searched.

    >>> find_truth_tenures("/nonexistent/cables.csv") is None
    True
    """
    if corpus is None or not isinstance(corpus, (str, Path)):
        return None
    path = Path(corpus)
    if any(ch in str(corpus) for ch in "*?["):
        return None
    folder = path if path.is_dir() else path.parent
    for candidate in (folder / "truth" / "tenures.tsv", folder / "tenures.tsv",
                      folder.parent / "truth" / "tenures.tsv"):
        if candidate.is_file():
            return candidate
    return None


def chiefs_from_truth(path, stations: pd.DataFrame | None = None) -> pd.DataFrame:
    """A synthetic corpus's ground-truth tenures (``tenures.tsv``: origin,
    signer, start, end, role, name) as a chiefs-of-mission table in the form
    `read_chiefs_of_mission` returns, so `compare_tenures` can check the
    inferred tenures against it exactly as against the Office of the
    Historian's list. Only ambassadors and permanent representatives are kept
    (`TRUTH_CHIEF_ROLES`): POCOM lists no chargés or consuls general.

    An embassy is keyed by its country's FIPS and ISO codes from `stations`
    (default `cabletools.refdata.station_table()`, joined on origin); a
    mission to an organisation by `ORGANIZATION_MISSIONS`. Origins the station
    table does not know are dropped.

    >>> import io
    >>> tsv = io.StringIO("origin\\tsigner\\tstart\\tend\\trole\\tname\\n"
    ...     "Embassy Hanoi\\tASHFORD\\t2004-01-05\\t2007-06-30\\tambassador\\tRuth A. Ashford\\n"
    ...     "Embassy Hanoi\\tBRILL\\t2007-07-01\\t2007-09-30\\tchargé d'affaires a.i.\\tTom Brill\\n")
    >>> chiefs_from_truth(tsv)[["fips", "surname", "start"]].values.tolist()
    [['VM', 'Ashford', Timestamp('2004-01-05 00:00:00')]]
    """
    if stations is None:
        from cabletools.refdata import station_table

        stations = station_table()
    truth = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[""])
    truth = truth[truth["role"].isin(TRUTH_CHIEF_ROLES)]
    st = stations.drop_duplicates("origin").set_index("origin")
    station = truth["origin"].map(st["station"])
    post_type = truth["origin"].map(st["post_type"]).astype("string")
    org = station.map(ORGANIZATION_MISSIONS)
    embassy = post_type.str.lower().eq("embassy").fillna(False) & org.isna()
    keep = (embassy | org.notna()).to_numpy()
    truth, station, org, embassy = truth[keep], station[keep], org[keep], embassy[keep]
    start = pd.to_datetime(truth["start"])
    out = pd.DataFrame({
        "chief_id": (station.astype(str) + "-" + start.dt.strftime("%Y-%m-%d") + "-"
                     + truth["signer"].str.lower()),
        "mission_id": org.where(org.notna(), truth["origin"]),
        "mission_kind": np.where(embassy, "country", "organization"),
        "country": truth["origin"].map(st["country"]),
        "fips": truth["origin"].map(st["fips"]).where(embassy),
        "iso2": truth["origin"].map(st["iso2"]).where(embassy),
        "full_name": truth["name"].fillna(truth["signer"].str.title()),
        "surname": truth["signer"].str.title(),
        "role_title": truth["role"],
        "start": start,
        "end": pd.to_datetime(truth["end"]),
        "start_source": "started",
    })
    for c in out.columns:
        if c not in ("start", "end"):
            out[c] = out[c].astype("string")
    return out.reset_index(drop=True)


def load_official_chiefs(chiefs=None, corpus=None) -> tuple[pd.DataFrame, str]:
    """The official chiefs of mission to compare inferred tenures with, and a
    sentence saying where they come from: the table at `chiefs` (read with
    `read_chiefs_of_mission`) when given; else the synthetic ground truth
    beside `corpus` (`find_truth_tenures`, `chiefs_from_truth`); else the
    package's own table of the cable era (`official_chiefs`).

    >>> table, source = load_official_chiefs(None, "/nonexistent/cables.csv")
    >>> len(table) > 3000, source.startswith("official chiefs of mission: the Office of the Historian")
    (True, True)
    """
    if chiefs is not None and str(chiefs) != "":
        table = read_chiefs_of_mission(chiefs)
        return table, f"official chiefs of mission: {len(table):,} rows from {chiefs}"
    truth = find_truth_tenures(corpus)
    if truth is not None:
        table = chiefs_from_truth(truth)
        return table, (f"official chiefs of mission: {len(table):,} ambassadors and permanent "
                       f"representatives from the synthetic ground truth ({truth.name})")
    table = official_chiefs()
    return table, (f"official chiefs of mission: the Office of the Historian's list, {len(table):,} "
                   "chiefs serving 1960-2011 (the package's own table; set CABLETOOLS_CHIEFS to use another)")


def official_comparison(tenures: pd.DataFrame, cables: pd.DataFrame, chiefs=None, corpus=None,
                        **kwargs) -> tuple[pd.DataFrame, str]:
    """`compare_tenures(tenures, official chiefs, cables)` with the chiefs from
    `load_official_chiefs(chiefs, corpus)`, and the sentence saying where they
    come from. Extra keyword arguments go to `compare_tenures`.

    >>> empty, why = official_comparison(pd.DataFrame(), pd.DataFrame(), None, "/nonexistent")
    >>> len(empty), why.startswith("official chiefs of mission")
    (0, True)
    """
    table, source = load_official_chiefs(chiefs, corpus)
    return compare_tenures(tenures, table, cables, **kwargs), source
