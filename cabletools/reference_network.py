"""The reference network: which cable answers which, and which cited cables we do not hold.

A cable's REF lines name the cables it answers or follows up ("REF: A. STATE 12345 B. HANOI
1002"); the parser turns them into canonical ids in the ``references`` list column, and
:func:`cabletools.references` gives them one row per (cable, reference). Here they become a
directed graph, citing cable -> cited cable, whose absent targets are the candidates for a
records request. (The module is not called ``references``: a submodule of that name would
replace the function :func:`cabletools.references` on the package once imported.)

A reference says a drafter pointed to an earlier cable; it does not say the later cable agrees
with it, answers all of it, or that the two are about the same thing beyond that pointer.

>>> import pandas as pd
>>> df = pd.DataFrame({"cable_id": ["08HANOI5", "08HANOI9", "08STATE7"],
...                    "references": [["08STATE7"], ["08STATE7", "08HANOI5", "07HANOI88"], []]})
>>> reference_graph(df)[["cable_id", "reference", "in_corpus"]].values.tolist()
[['08HANOI5', '08STATE7', True], ['08HANOI9', '08STATE7', True], ['08HANOI9', '08HANOI5', True], ['08HANOI9', '07HANOI88', False]]
>>> cited_by(df, "08STATE7").cable_id.tolist()
['08HANOI5', '08HANOI9']
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cabletools.coverage import serial_parts
from cabletools.ids import canonical_id
from cabletools.views import references as reference_rows

__all__ = ["reference_graph", "cited_but_absent", "cited_by", "reference_thread", "serial_keys"]

#: Columns of the cable frame shown beside a citing cable (those the frame has).
CITING_COLUMNS = ("cable_id", "date", "station", "origin", "subject")


def reference_graph(df: pd.DataFrame, citing=None) -> pd.DataFrame:
    """Edges citing cable -> cited cable: cable_id, reference, in_corpus, and the cited
    cable's station and year as read from its id (NA when the id has no serial).

    `citing` (a boolean mask over `df`'s rows, e.g. ``df.station == "HANOI"`` or a
    :func:`cabletools.filter_mask`) keeps the references of those cables only: the network of
    a post or an issue, with ``in_corpus`` still checked against all of `df`, by post, year and
    serial (:func:`serial_keys`: a cable held under another form of its id counts as held). A reference listed
    twice in one cable is one edge; cables without an id give no edges.

    >>> df = pd.DataFrame({"cable_id": ["08HANOI5", "08STATE7"], "references": [["08STATE7", "08STATE7"], ["07X1"]]})
    >>> reference_graph(df).values.tolist()
    [['08HANOI5', '08STATE7', True, 'STATE', 2008], ['08STATE7', '07X1', False, 'X', 2007]]
    >>> reference_graph(df, citing=df.cable_id == "08HANOI5").reference.tolist()
    ['08STATE7']
    """
    source = df if citing is None else df.loc[_mask(citing, len(df)), ["cable_id", "references"]]
    edges = reference_rows(source)
    edges = edges[edges["cable_id"].notna() & edges["reference"].notna()]
    edges = edges.drop_duplicates(["cable_id", "reference"], ignore_index=True)
    held = pd.Index(pd.unique(serial_keys(df["cable_id"].dropna())))
    parts = serial_parts(edges["reference"])
    edges["in_corpus"] = held.get_indexer(serial_keys(parts)) >= 0
    edges["station"] = parts["station"].to_numpy()
    edges["year"] = parts["year"].array
    return edges


def serial_keys(ids) -> np.ndarray:
    """One key per cable whatever form its id takes: "YEAR STATION SERIAL" read from the id (so
    PlusD's 1973STATE097844_b, a TOSEC id and 73STATE97844 are one cable), else the id itself.
    Accepts ids or a :func:`cabletools.coverage.serial_parts` frame.

    >>> serial_keys(["1973STATE097844_b", "73STATE97844", "75LIBREVILLE"]).tolist()
    ['1973 STATE 97844', '1973 STATE 97844', '75LIBREVILLE']
    """
    parts = ids if isinstance(ids, pd.DataFrame) and "serial" in ids.columns else serial_parts(ids)

    def text(column: str) -> pa.Array:
        return pa.array(parts[column].array, from_pandas=True).cast(pa.large_string())

    joined = pc.binary_join_element_wise(text("year"), text("station"), text("serial"),
                                         pa.scalar(" ", pa.large_string()))          # null if any part is
    return pc.coalesce(joined, text("cable_id")).to_numpy(zero_copy_only=False)


def _mask(citing, n: int) -> np.ndarray:
    """A boolean mask (Series, array or list) as a numpy bool array; NA counts as False."""
    mask = pd.Series(citing).fillna(False).to_numpy(dtype=bool) if not isinstance(citing, np.ndarray) else citing
    if mask.shape != (n,):
        raise ValueError(f"citing must be a boolean mask with one entry per cable ({n}), not shape {mask.shape}")
    return mask.astype(bool)


def cited_but_absent(df: pd.DataFrame, top: int | None = 20, *, graph: pd.DataFrame | None = None) -> pd.DataFrame:
    """The most-cited cables the corpus does not hold: reference, station, year (from the id),
    cited (how many held cables cite it), first_cited_by (the earliest-dated citing cable).

    Pass `graph` (a :func:`reference_graph`) to reuse one; `top=None` lists them all.

    >>> df = pd.DataFrame({"cable_id": ["08A1", "08A2", "08A3"], "date": pd.to_datetime(["2008-03-01", "2008-02-01", "2008-04-01"]),
    ...                    "references": [["08STATE7", "07A9"], ["08STATE7"], ["07A9", "08STATE7"]]})
    >>> cited_but_absent(df).values.tolist()
    [['08STATE7', 'STATE', 2008, 3, '08A2'], ['07A9', 'A', 2007, 2, '08A1']]
    """
    edges = reference_graph(df) if graph is None else graph
    absent = edges[~edges["in_corpus"].to_numpy(dtype=bool)]
    codes, refs = pd.factorize(absent["reference"], sort=True)
    citing = absent["cable_id"].to_numpy(dtype=object)
    if "date" in df.columns:                       # earliest-dated citing cable first
        held = df.drop_duplicates("cable_id")
        pos = pd.Index(held["cable_id"]).get_indexer(citing)
        when = held["date"].to_numpy(dtype="datetime64[ns]").view("int64")[pos]
        when[(pos < 0) | (when == np.iinfo("int64").min)] = np.iinfo("int64").max
    else:
        when = np.zeros(len(citing), dtype="int64")
    order = np.lexsort((citing.astype(str), when, codes))
    first = order[np.r_[True, codes[order][1:] != codes[order][:-1]]] if len(order) else order
    out = pd.DataFrame({
        "reference": np.asarray(refs, dtype=object),
        "station": absent["station"].to_numpy(dtype=object)[first],
        "year": absent["year"].array[first],
        "cited": np.bincount(codes, minlength=len(refs)),
        "first_cited_by": citing[first],
    })
    out = out.sort_values(["cited", "reference"], ascending=[False, True], kind="stable", ignore_index=True)
    return out if top is None else out.head(top)


def _citing_frame(df: pd.DataFrame, ids) -> pd.DataFrame:
    """The rows of `df` for `ids`, the CITING_COLUMNS it has, in date (then id) order."""
    cols = [c for c in CITING_COLUMNS if c in df.columns]
    rows = df.loc[df["cable_id"].isin(pd.Index(ids)).to_numpy(dtype=bool), cols]
    order = [c for c in ("date", "cable_id") if c in cols]
    return rows.sort_values(order, kind="stable", na_position="last", ignore_index=True)


def cited_by(df: pd.DataFrame, cable_id: str, *, graph: pd.DataFrame | None = None) -> pd.DataFrame:
    """The held cables whose REF lines cite `cable_id` (any spelling :func:`canonical_id`
    repairs), with their date, station, origin and subject, earliest first.

    >>> df = pd.DataFrame({"cable_id": ["08HANOI5", "08HANOI9"], "references": [["08STATE7"], []]})
    >>> cited_by(df, "08STATE007").cable_id.tolist()
    ['08HANOI5']
    """
    target = serial_keys([canonical_id(cable_id) or cable_id])[0]
    edges = reference_graph(df) if graph is None else graph
    return _citing_frame(df, edges.loc[serial_keys(edges["reference"]) == target, "cable_id"].unique())


def reference_thread(df: pd.DataFrame, cable_id: str, *, max_depth: int = 10,
                     graph: pd.DataFrame | None = None) -> pd.DataFrame:
    """The thread of reftels around a cable: the edges reachable from it by following
    references back (what it answers, and what those answer) and forward (who answers it,
    and who answers them), up to `max_depth` steps each way.

    Columns: cable_id, reference, in_corpus, direction ("back" or "forward"), depth.

    >>> df = pd.DataFrame({"cable_id": ["08A1", "08A2", "08A3"], "references": [[], ["08A1"], ["08A2", "07X4"]]})
    >>> reference_thread(df, "08A2")[["cable_id", "reference", "direction", "depth"]].values.tolist()
    [['08A2', '08A1', 'back', 1], ['08A3', '08A2', 'forward', 1]]
    """
    edges = reference_graph(df) if graph is None else graph
    start = canonical_id(cable_id) or cable_id
    src = pd.Index(edges["cable_id"].to_numpy(dtype=object))
    dst = pd.Index(edges["reference"].to_numpy(dtype=object))
    parts = []
    for direction, frm, to in (("back", src, dst), ("forward", dst, src)):
        seen, frontier, depth = {start}, [start], 0
        while frontier and depth < max_depth:      # one vectorised step per depth
            depth += 1
            hit = np.flatnonzero(frm.isin(frontier))
            parts.append(pd.DataFrame({"edge": hit, "direction": direction, "depth": depth}))
            frontier = [n for n in pd.unique(to[hit]) if n not in seen]
            seen.update(frontier)
    picked = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"edge": [], "direction": [], "depth": []})
    out = edges.iloc[picked["edge"].to_numpy(dtype=int)][["cable_id", "reference", "in_corpus"]].reset_index(drop=True)
    out["direction"] = picked["direction"].to_numpy()
    out["depth"] = picked["depth"].to_numpy(dtype=int)
    return out
