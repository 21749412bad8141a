"""TAGS analytics: which codes dominate where and when, which travel together, which rise.

TAGS (Traffic Analysis by Geography and Subject) are the index codes a drafter puts on
every cable: subject tags (PREL, PHUM), program tags (KIRF), organizations (UNSC) and
geographic FIPS codes (VM, RS). All functions take the cable frame (a ``tags`` list
column plus ``date``, ``origin`` ...) and count *cables*: a cable that lists a tag twice
counts once. They work on the Arrow list column with vectorised numpy, so a quarter of a
million cables takes well under a second.

>>> import pandas as pd
>>> df = pd.DataFrame({
...     "cable_id": ["08HANOI1", "08HANOI2", "09HANOI3"],
...     "origin": ["Embassy Hanoi"] * 3,
...     "date": pd.to_datetime(["2008-03-01", "2008-07-01", "2009-01-05"], utc=True),
...     "tags": [["PREL", "PHUM", "VM"], ["PREL", "VM"], ["ECON", "VM"]],
... })
>>> tag_counts(df, kind="subject")[["tag", "n_cables"]].values.tolist()
[['PREL', 2], ['ECON', 1], ['PHUM', 1]]
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cabletools.periods import period_start, utc_naive
from cabletools.refdata import tag_kind
from cabletools.refdata import tag_table as _refdata_tag_table
from cabletools.views import is_dask_frame

__all__ = ["explode_tags", "tag_cooccurrence", "tag_counts", "tag_table", "tag_trends", "flat_tags", "tag_lists",
           # the tables the figures of cabletools.plots.tags draw
           "FOCUS_CATEGORIES", "countries_by_post", "geographic_focus", "subject_mix", "tag_label", "tag_pairs",
           "tags_over_time", "top_tags", "trending_tags"]

#: Cable columns carried into the long view when present.
LONG_COLUMNS = ("cable_id", "date", "origin", "station", "country", "classification")


def tag_table() -> pd.DataFrame:
    """Every TAGS code with kind, meaning, country, iso2 (see :func:`cabletools.refdata.tag_table`).

    >>> tag_table().set_index("code").loc["PHUM", "meaning"]
    'Human rights'
    """
    return _refdata_tag_table()


# --------------------------------------------------------------------------- internals
class _Flat:
    """The tags of a cable frame, flattened: one entry per distinct (cable, tag).

    `parent` is the cable's row position, `code` an index into `tags` (the distinct
    tag strings), both numpy arrays in the frame's order.
    """

    __slots__ = ("parent", "code", "tags", "n_cables")

    def __init__(self, parent: np.ndarray, code: np.ndarray, tags: np.ndarray, n_cables: int):
        self.parent, self.code, self.tags, self.n_cables = parent, code, tags, n_cables

    def kinds(self) -> np.ndarray:
        return np.array([tag_kind(t) for t in self.tags], dtype=object)

    def only(self, kind: str | Sequence[str] | None) -> _Flat:
        """Keep the tags of `kind` (one kind or several)."""
        if kind is None:
            return self
        wanted = [kind] if isinstance(kind, str) else list(kind)
        keep_tag = np.isin(self.kinds(), wanted)
        keep = keep_tag[self.code] if len(self.code) else np.zeros(0, dtype=bool)
        return _Flat(self.parent[keep], self.code[keep], self.tags, self.n_cables)


def tag_lists(column) -> pa.ListArray | pa.LargeListArray:
    """A TAGS column (pandas Series of lists, Arrow-backed or not) as one Arrow list array, without
    copying an Arrow-backed one that is in one chunk.

    >>> tag_lists(pd.Series([["PREL", "VM"], None])).to_pylist()
    [['PREL', 'VM'], None]
    """
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        arr = column
    elif isinstance(column.dtype, pd.ArrowDtype):  # the public Arrow protocol: no copy
        arr = pa.array(column.array)
    else:  # object column of lists/tuples/None, e.g. a frame built by hand
        values = [list(v) if isinstance(v, (list, tuple, np.ndarray)) else None for v in column.tolist()]
        arr = pa.array(values, type=pa.list_(pa.large_string()))
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
        raise TypeError(f"the tags column must hold lists of codes, not {arr.type}")
    return arr


def flat_tags(lists) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """Every listed tag of a TAGS column (`tag_lists` of it, or the column): (code of each listed
    tag into `tags`, -1 for a missing one; `tags` the distinct codes as Arrow large strings in order
    of first appearance; the row each listed tag belongs to). The one flattening the tag counts,
    the TAG filter and the explorer's TAG bars share.

    >>> code, tags, parent = flat_tags(pd.Series([["PREL", "VM"], [], ["PREL", None]]))
    >>> code.tolist(), tags.to_pylist(), parent.tolist()
    ([0, 1, 0, -1], ['PREL', 'VM'], [0, 0, 2, 2])
    """
    arr = tag_lists(lists)
    flat = pc.list_flatten(arr)
    if flat.type != pa.large_string():
        flat = flat.cast(pa.large_string())
    encoded = pc.dictionary_encode(flat)
    code = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    parent = pc.list_parent_indices(arr).to_numpy(zero_copy_only=False).astype(np.int64)
    return code, encoded.dictionary, parent


def _need_pandas(df, name: str) -> None:
    """A clear error for a Dask frame given to a function that needs every cable at once."""
    if is_dask_frame(df):
        raise TypeError(f"{name} needs a pandas DataFrame, not a Dask one: call it on ddf.compute() "
                        f"(or on a filtered part, e.g. ddf[ddf['origin'] == 'Embassy Hanoi'].compute()); "
                        f"explode_tags(ddf) works lazily on a Dask frame")


def _flatten(df: pd.DataFrame, column: str = "tags") -> _Flat:
    """Flatten the list column `column` of a cable frame (no Python loop over rows): the listed
    tags that are not missing or empty, each (cable, tag) once."""
    if column not in df.columns:
        raise KeyError(f"the frame has no {column!r} column (expected the cable frame of read_cables)")
    code, dictionary, parent = flat_tags(df[column])
    names = np.asarray(dictionary.to_pylist(), dtype=object)
    listed = code >= 0
    listed[listed] = names[code[listed]] != ""
    used = np.zeros(len(names), dtype=bool)
    used[code[listed]] = True
    renumber = np.cumsum(used) - 1  # codes of the tags kept, in order of first appearance
    parent, code, tags = parent[listed], renumber[code[listed]], names[used]
    # a cable that repeats a tag ("MARR MOPS IT MARR MOPS IT") counts once
    if len(code):
        first = ~pd.Series(parent * max(len(tags), 1) + code).duplicated().to_numpy()
        parent, code = parent[first], code[first]
    return _Flat(parent, code, tags, len(df))


def _cable_view(df: pd.DataFrame) -> tuple[pd.DataFrame, _Flat]:
    """(cable-level frame, flattened tags) from a cable frame or from a long tag frame."""
    if "tags" in df.columns:
        return df, _flatten(df)
    if "tag" not in df.columns:
        raise KeyError("expected a cable frame (column 'tags') or a long frame of explode_tags (column 'tag')")
    # a long frame: one row per (cable, tag), cables identified by the index
    cable_pos, cable_index = pd.factorize(df.index)
    first = pd.Series(np.arange(len(df))).groupby(cable_pos).first().to_numpy()
    cables = df.iloc[first]
    tag_codes, tags = pd.factorize(df["tag"].astype(object), use_na_sentinel=True)
    keep = tag_codes >= 0
    parent, code = cable_pos[keep].astype(np.int64), tag_codes[keep].astype(np.int64)
    dup = pd.Series(parent * max(len(tags), 1) + code).duplicated().to_numpy()
    flat = _Flat(parent[~dup], code[~dup], np.asarray(tags, dtype=object), len(cables))
    return cables, flat


#: Kept for cabletools/plots/stance.py (stance-views helper) until it imports periods.period_start.
_period_start = period_start


def _key_column(cables: pd.DataFrame, name: str, date: str) -> pd.Series:
    if name in cables.columns:
        return cables[name]
    if name == "year" and date in cables.columns:
        return utc_naive(cables[date]).dt.year.astype("Int64")
    if name == "kind":
        raise KeyError("group by kind with kind=...; 'kind' is not a cable column")
    raise KeyError(f"no column {name!r} to group by (columns: {', '.join(map(str, cables.columns))})")


def _group_ids(cables: pd.DataFrame, by: list[str], freq: str | None, date: str
               ) -> tuple[np.ndarray, pd.DataFrame]:
    """One compact group id per cable and the group table (one row per id, key columns)."""
    keys: dict[str, pd.Series] = {}
    for name in by:
        keys[name] = _key_column(cables, name, date).reset_index(drop=True)
    if freq is not None:
        if date not in cables.columns:
            raise KeyError(f"freq={freq!r} needs a {date!r} column")
        keys[date] = period_start(cables[date], freq).reset_index(drop=True)
    n = len(cables)
    if not keys:
        return np.zeros(n, dtype=np.int64), pd.DataFrame(index=range(1))
    combined = np.zeros(n, dtype=np.int64)
    for values in keys.values():
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        combined = combined * (len(uniques) + 1) + codes
    gid, _ = pd.factorize(combined)
    first = np.unique(gid, return_index=True)[1]
    groups = pd.DataFrame({name: values.iloc[first].reset_index(drop=True) for name, values in keys.items()})
    return gid.astype(np.int64), groups


def _meanings(tags: np.ndarray) -> tuple[list[str], list[object]]:
    table = _refdata_tag_table().set_index("code")["meaning"]
    kinds = [tag_kind(t) for t in tags]
    meanings = [table.get(str(t).upper(), pd.NA) for t in tags]
    return kinds, meanings


def _tag_countries(tags: np.ndarray) -> list[object]:
    table = _refdata_tag_table().set_index("code")["country"]
    return [table.get(str(t).upper(), pd.NA) for t in tags]


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


# --------------------------------------------------------------------------- public API
def explode_tags(df: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (cable, tag): cable_id, tag, kind, meaning, tag_country, date, year,
    origin, station, country, classification (those the frame has), or the cable
    columns in `columns`.

    `tag_country` is the country of a geographic tag (VM -> Vietnam), so
    ``long["tag_country"] == long["country"]`` tells a post's reporting on its host
    country from its reporting on others. The index is the cable's index in `df`; a
    tag a cable lists twice appears once.

    >>> df = pd.DataFrame({"cable_id": ["08HANOI1", "08HANOI2"],
    ...                    "date": pd.to_datetime(["2008-03-01", "2009-01-05"], utc=True),
    ...                    "tags": [["PREL", "VM", "PREL"], ["UNSC"]]})
    >>> explode_tags(df)[["cable_id", "tag", "kind", "year"]].values.tolist()
    [['08HANOI1', 'PREL', 'subject', 2008], ['08HANOI1', 'VM', 'geographic', 2008], ['08HANOI2', 'UNSC', 'organization', 2009]]

    A Dask frame gives a lazy Dask frame, one partition of the long view per partition of cables.
    """
    if is_dask_frame(df):
        return df.map_partitions(explode_tags, columns=columns)
    flat = _flatten(df)
    keep = [c for c in (columns if columns is not None else LONG_COLUMNS) if c in df.columns and c != "tags"]
    out = df[keep].iloc[flat.parent]
    kinds, meanings = _meanings(flat.tags)
    tag_cat = pd.Categorical.from_codes(flat.code, categories=pd.Index(flat.tags, dtype=object)) \
        if len(flat.tags) else pd.Categorical([])
    out = out.assign(
        tag=pd.array(np.asarray(tag_cat, dtype=object), dtype="string"),
        kind=pd.array(np.asarray(kinds, dtype=object)[flat.code] if len(flat.code) else [], dtype="string"),
        meaning=pd.array(np.asarray(meanings, dtype=object)[flat.code] if len(flat.code) else [], dtype="string"),
        tag_country=pd.array(np.asarray(_tag_countries(flat.tags), dtype=object)[flat.code]
                             if len(flat.code) else [], dtype="string"),
    )
    if "date" in out.columns and columns is None:
        out["year"] = utc_naive(out["date"]).dt.year.astype("Int64")
    first = [c for c in ("cable_id", "tag", "kind", "meaning", "tag_country") if c in out.columns]
    return out[first + [c for c in out.columns if c not in first]]


def tag_counts(df: pd.DataFrame, kind: str | Sequence[str] | None = None,
               by: str | Sequence[str] | None = None, freq: str | None = None,
               normalize: bool = False, *, date: str = "date") -> pd.DataFrame:
    """Number of cables carrying each tag, overall or per group and period.

    `kind` keeps one kind of tag ("subject", "geographic", "organization", "program",
    "person") or a list of kinds. `by` is a column or list of columns ("origin",
    "country", "classification" ...; "year" is derived from `date`). `freq` is a pandas
    offset alias ("YS", "QS", "MS", "W") binning `date`; the period start goes in the
    `date` column. Cables with a missing key form their own group (NA), never vanish.

    Returns the group keys, tag, kind, meaning, n_cables (cables in the group with the
    tag) and n_group (cables in the group); with ``normalize=True`` also share =
    n_cables / n_group, the share of the group's cables (tagged or not) that carry the
    tag. Sorted by group, then most frequent tag first. Also accepts the long frame of
    :func:`explode_tags` (then n_group counts the cables that have a tag).

    >>> df = pd.DataFrame({
    ...     "origin": ["Embassy Hanoi", "Embassy Hanoi", "Embassy Moscow"],
    ...     "date": pd.to_datetime(["2008-03-01", "2009-07-01", "2009-01-05"], utc=True),
    ...     "tags": [["PREL", "VM"], ["PREL", "PHUM", "VM"], ["PREL", "RS"]]})
    >>> out = tag_counts(df, kind="subject", by="origin", normalize=True)
    >>> out[["origin", "tag", "n_cables", "share"]].values.tolist()
    [['Embassy Hanoi', 'PREL', 2, 1.0], ['Embassy Hanoi', 'PHUM', 1, 0.5], ['Embassy Moscow', 'PREL', 1, 1.0]]
    >>> tag_counts(df, kind="geographic", freq="YS")[["date", "tag", "n_cables"]].astype(str).values.tolist()
    [['2008-01-01 00:00:00+00:00', 'VM', '1'], ['2009-01-01 00:00:00+00:00', 'RS', '1'], ['2009-01-01 00:00:00+00:00', 'VM', '1']]
    """
    _need_pandas(df, "tag_counts")
    cables, flat = _cable_view(df)
    flat = flat.only(kind)
    by_list = _as_list(by)
    gid, groups = _group_ids(cables, by_list, freq, date)
    n_tags = max(len(flat.tags), 1)
    combined = gid[flat.parent] * n_tags + flat.code
    pair, n = np.unique(combined, return_counts=True)
    g_out, t_out = np.divmod(pair, n_tags)
    group_size = np.bincount(gid, minlength=len(groups))
    kinds, meanings = _meanings(flat.tags)
    out = groups.iloc[g_out].reset_index(drop=True)
    out["tag"] = pd.array(flat.tags[t_out] if len(t_out) else [], dtype="string")
    out["kind"] = pd.array(np.asarray(kinds, dtype=object)[t_out] if len(t_out) else [], dtype="string")
    out["meaning"] = pd.array(np.asarray(meanings, dtype=object)[t_out] if len(t_out) else [], dtype="string")
    out["n_cables"] = n.astype(np.int64)
    out["n_group"] = group_size[g_out].astype(np.int64)
    if normalize:
        out["share"] = out["n_cables"] / out["n_group"]
    # order: groups in their key order, then most frequent tag first, ties by code
    g_rank = np.zeros(len(groups), dtype=np.int64)
    if by_list or freq:
        rank = groups.reset_index(drop=True).sort_values(list(groups.columns), na_position="last", kind="stable")
        g_rank[rank.index.to_numpy()] = np.arange(len(groups))
    tag_rank = np.empty(len(flat.tags), dtype=np.int64)
    tag_rank[np.argsort(flat.tags.astype(str), kind="stable")] = np.arange(len(flat.tags))
    idx = np.lexsort((tag_rank[t_out], -n, g_rank[g_out]))
    return out.take(idx).reset_index(drop=True)


def tag_cooccurrence(df: pd.DataFrame, kind: str | Sequence[str] | None = None,
                     min_count: int = 5) -> pd.DataFrame:
    """Pairs of tags that appear on the same cables, with lift and PMI.

    Counts over the cables carrying at least one tag of `kind` (N). For each pair
    seen on at least `min_count` cables: n_ab (cables with both), n_a, n_b,
    expected = n_a*n_b/N, lift = n_ab/expected, pmi = log2(lift), npmi = pmi /
    -log2(n_ab/N) (1 = always together, 0 = independent) and p_value, the one-sided
    hypergeometric probability of seeing n_ab or more by chance. Sorted by lift.

    >>> df = pd.DataFrame({"tags": [["PREL", "PHUM"], ["PREL", "PHUM"], ["PREL", "ECON"], ["ECON", "EFIN"]]})
    >>> out = tag_cooccurrence(df, min_count=1)
    >>> out[["tag_a", "tag_b", "n_ab", "lift"]].values.tolist()
    [['ECON', 'EFIN', 1, 2.0], ['PHUM', 'PREL', 2, 1.3333333333333333], ['ECON', 'PREL', 1, 0.6666666666666666]]
    """
    from scipy import sparse
    from scipy.stats import hypergeom

    _need_pandas(df, "tag_cooccurrence")
    _, flat = _cable_view(df)
    flat = flat.only(kind)
    columns = ["tag_a", "tag_b", "meaning_a", "meaning_b", "n_ab", "n_a", "n_b",
               "expected", "lift", "pmi", "npmi", "p_value"]
    if not len(flat.code):
        return pd.DataFrame(columns=columns)
    rows, _ = pd.factorize(flat.parent)
    n_cables = int(rows.max()) + 1
    # order tags alphabetically so each pair is reported once as (a, b) with a < b
    order = np.argsort(flat.tags.astype(str))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    tags_sorted = flat.tags[order]
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, rank[flat.code])),
                          shape=(n_cables, len(tags_sorted)))
    co = (x.T @ x).tocoo()
    n_single = np.asarray(x.sum(axis=0)).ravel()
    upper = (co.row < co.col) & (co.data >= min_count)
    a, b, n_ab = co.row[upper], co.col[upper], co.data[upper].astype(np.int64)
    n_a, n_b = n_single[a], n_single[b]
    expected = n_a * n_b / n_cables
    lift = n_ab / expected
    pmi = np.log2(lift)
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(n_ab < n_cables, pmi / -np.log2(n_ab / n_cables), 1.0)
    p_value = hypergeom.sf(n_ab - 1, n_cables, n_a, n_b)
    _, meanings = _meanings(tags_sorted)
    meanings = np.asarray(meanings, dtype=object)
    out = pd.DataFrame({
        "tag_a": pd.array(tags_sorted[a], dtype="string"),
        "tag_b": pd.array(tags_sorted[b], dtype="string"),
        "meaning_a": pd.array(meanings[a], dtype="string"),
        "meaning_b": pd.array(meanings[b], dtype="string"),
        "n_ab": n_ab, "n_a": n_a.astype(np.int64), "n_b": n_b.astype(np.int64),
        "expected": expected, "lift": lift, "pmi": pmi, "npmi": npmi, "p_value": p_value,
    })
    return out.sort_values(["lift", "n_ab", "tag_a", "tag_b"], ascending=[False, False, True, True],
                           ignore_index=True)


def _q_values(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (scipy's false_discovery_control) of the p-values that are not NaN."""
    from scipy import stats

    p = np.asarray(p, dtype=float)
    q = np.full(len(p), np.nan)
    tested = ~np.isnan(p)
    if tested.any():
        q[tested] = stats.false_discovery_control(p[tested], method="bh")
    return q


def tag_trends(df: pd.DataFrame, freq: str = "YS", kind: str | Sequence[str] | None = None,
               min_count: int = 10, method: str = "cochran-armitage", alpha: float = 0.05,
               *, date: str = "date") -> pd.DataFrame:
    """Rising and falling tags: the trend in each tag's share of cables per period.

    The share of a period's cables that carry the tag (so the uneven number of cables
    per year does not masquerade as a trend) is tested for a monotone trend over the
    periods of `freq` that have cables:

    * ``method="cochran-armitage"`` (default): the Cochran-Armitage test for trend in
      proportions, z > 0 rising. Powerful, but it treats cables as independent; a burst
      of cables about one event makes it over-confident.
    * ``method="kendall"``: Mann-Kendall (Kendall's tau of share against time), which
      only uses the order of the periods' shares: robust, but needs many periods.

    Tags on fewer than `min_count` cables are skipped. p-values are adjusted for the
    number of tags tested (Benjamini-Hochberg, column q_value); trend is "rising" or
    "falling" when q_value < `alpha`, else "no clear trend". slope is the weighted
    least-squares change of the share per period. Sorted from most rising to most falling.

    >>> dates = pd.to_datetime([f"{y}-06-01" for y in range(2004, 2010) for _ in range(10)], utc=True)
    >>> tags = [["PREL", "PTER"] if i < (y - 2003) * 1.5 else ["PREL"]
    ...         for y in range(2004, 2010) for i in range(10)]
    >>> out = tag_trends(pd.DataFrame({"date": dates, "tags": tags}), min_count=5)
    >>> out[["tag", "trend", "share_first", "share_last"]].values.tolist()
    [['PTER', 'rising', 0.2, 0.9], ['PREL', 'no clear trend', 1.0, 1.0]]
    """
    if method not in ("cochran-armitage", "kendall"):
        raise ValueError(f"method must be 'cochran-armitage' or 'kendall', not {method!r}")
    from scipy import stats

    _need_pandas(df, "tag_trends")
    cables, flat = _cable_view(df)
    flat = flat.only(kind)
    if date not in cables.columns:
        raise KeyError(f"tag_trends needs a {date!r} column")
    period = period_start(cables[date], freq).reset_index(drop=True)
    dated = period.notna().to_numpy()
    codes, periods = pd.factorize(period[dated], sort=True)
    k = len(periods)
    columns = ["tag", "kind", "meaning", "n_cables", "share_first", "share_last", "slope",
               "statistic", "p_value", "q_value", "trend", "periods"]
    if k < 2:
        raise ValueError(f"tag_trends needs cables in at least 2 periods of {freq!r}; found {k}")
    cable_period = np.full(len(cables), -1, dtype=np.int64)
    cable_period[dated] = codes
    totals = np.bincount(codes, minlength=k).astype(float)
    p_of_row = cable_period[flat.parent]
    keep = p_of_row >= 0
    n_tags = max(len(flat.tags), 1)
    counts = np.bincount(flat.code[keep] * k + p_of_row[keep], minlength=n_tags * k).reshape(n_tags, k)
    counts = counts.astype(float)
    n_tag = counts.sum(axis=1)
    sel = np.flatnonzero(n_tag >= min_count)
    counts, n_tag = counts[sel], n_tag[sel]
    shares = counts / totals
    t = np.arange(k, dtype=float)
    # weighted least-squares slope of share on period number (weights = cables per period)
    w = totals / totals.sum()
    t_bar = (w * t).sum()
    slope = (shares * w * (t - t_bar)).sum(axis=1) / (w * (t - t_bar) ** 2).sum()
    if method == "cochran-armitage":
        big_n = totals.sum()
        p_bar = n_tag / big_n
        stat_t = (counts * t).sum(axis=1) - p_bar * (totals * t).sum()
        var = p_bar * (1 - p_bar) * ((totals * t ** 2).sum() - (totals * t).sum() ** 2 / big_n)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(var > 0, stat_t / np.sqrt(var), 0.0)
        statistic = z
        p_value = 2 * stats.norm.sf(np.abs(z))
    else:
        statistic = np.empty(len(sel))
        p_value = np.empty(len(sel))
        for i, row in enumerate(shares):
            if np.all(row == row[0]):
                statistic[i], p_value[i] = 0.0, 1.0
            else:
                res = stats.kendalltau(t, row)
                statistic[i], p_value[i] = res.statistic, res.pvalue
    q_value = _q_values(p_value)
    trend = np.where(q_value < alpha, np.where(statistic > 0, "rising", "falling"), "no clear trend")
    tags = flat.tags[sel]
    kinds, meanings = _meanings(tags)
    out = pd.DataFrame({
        "tag": pd.array(tags, dtype="string"),
        "kind": pd.array(kinds, dtype="string"),
        "meaning": pd.array(meanings, dtype="string"),
        "n_cables": n_tag.astype(np.int64),
        "share_first": shares[:, 0] if len(sel) else [],
        "share_last": shares[:, -1] if len(sel) else [],
        "slope": slope,
        "statistic": statistic,
        "p_value": p_value,
        "q_value": q_value,
        "trend": pd.array(trend, dtype="string"),
        "periods": k,
    }, columns=columns)
    return out.sort_values(["statistic", "tag"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------- tables the plots draw
# (moved from cabletools.plots.tags: the plots draw these frames; labels are 'CODE — meaning')
#: Longest meaning shown on an axis before it is cut with "…".
MAX_MEANING = 40


#: How :func:`geographic_focus` sorts each cable, in drawing order.
FOCUS_CATEGORIES = ("host country only", "host and other countries", "other countries only",
                    "no country tag")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def tag_label(code: str, meaning: object = None, kind: str | None = None, *,
              width: int | None = MAX_MEANING) -> str:
    """A code with what it means, for an axis: never a bare code.

    `meaning` defaults to the package's TAG table; a code the table lacks is labelled
    with its kind ("person", "program code, meaning unknown"). `width` cuts long meanings.

    >>> tag_label("PREL")
    'PREL — External political relations'
    >>> tag_label("VM")
    'VM — Vietnam'
    >>> tag_label("KXYZ")
    'KXYZ — program code, meaning unknown'
    >>> tag_label("CLINTON, HILLARY")
    'CLINTON, HILLARY — person'
    """
    code = str(code)
    if meaning is None or (not isinstance(meaning, str) and pd.isna(meaning)):
        meaning = _meaning_table().get(code.upper())
    if not isinstance(meaning, str) or not meaning.strip():
        kind = kind if isinstance(kind, str) else tag_kind(code)
        meaning = "person" if kind == "person" else f"{kind} code, meaning unknown"
    return f"{code} — {_shorten(meaning, width) if width else meaning}"


_MEANINGS: dict[str, str] | None = None


def _meaning_table() -> dict[str, str]:
    global _MEANINGS
    if _MEANINGS is None:
        t = tag_table().dropna(subset=["meaning"])
        _MEANINGS = dict(zip(t["code"].astype(str), t["meaning"].astype(str)))
    return _MEANINGS


def _labels(frame: pd.DataFrame, width: int | None = MAX_MEANING) -> pd.Series:
    kinds = frame["kind"] if "kind" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    return pd.Series([tag_label(c, m, k, width=width) for c, m, k in
                      zip(frame["tag"], frame["meaning"], kinds)], index=frame.index, dtype="string")


def _cables(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with a plain 0..n-1 index (explode_tags keys rows by the index)."""
    return df.reset_index(drop=True)


def _top_values(series: pd.Series, top: int | None) -> list:
    counts = series.dropna().value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return list(counts.index if top is None else counts.index[:top])


def top_tags(df: pd.DataFrame, top: int | None = 20, kind: str | Sequence[str] | None = "subject") -> pd.DataFrame:
    """The `top` TAGS of `kind` (None: every kind) by number of cables.

    Columns: rank, tag, kind, meaning, label, n_cables, n_total (cables in `df`), share =
    n_cables / n_total. Most frequent first, ties by code (from :func:`tag_counts`).

    >>> df = pd.DataFrame({"tags": [["PREL", "PHUM"], ["PREL"], ["ECON"], []]})
    >>> top_tags(df, top=2)[["rank", "tag", "n_cables", "share"]].values.tolist()
    [[1, 'PREL', 2, 0.5], [2, 'ECON', 1, 0.25]]
    """
    counts = tag_counts(df, kind=kind)
    counts = counts if top is None else counts.head(top)
    out = pd.DataFrame({
        "rank": np.arange(1, len(counts) + 1, dtype=np.int64),
        "tag": counts["tag"], "kind": counts["kind"], "meaning": counts["meaning"],
    })
    out["label"] = _labels(out)
    out["n_cables"] = counts["n_cables"].to_numpy(dtype=np.int64)
    out["n_total"] = np.int64(len(df))
    out["share"] = out["n_cables"] / len(df) if len(df) else np.nan
    return out.reset_index(drop=True)


def tags_over_time(df: pd.DataFrame, tags: Sequence[str] | None = None, top: int = 12,
                   kind: str | Sequence[str] | None = "subject", freq: str = "YS",
                   min_period_cables: int = 20) -> pd.DataFrame:
    """Share of each period's cables that carry each TAG (tidy: one row per tag and period).

    `tags` picks the TAGS (default: the `top` of `kind`). Periods are pandas' `freq` bins
    (labelled by their first day) that hold at least one dated cable. Columns: date, tag,
    kind, meaning, label, n_cables, n_period (dated cables in the period), share =
    n_cables / n_period, and enough = n_period >= `min_period_cables` (a share of a handful
    of cables says little; the heatmap leaves those periods blank). Tags in their given
    (or rank) order, then periods in time order.

    >>> df = pd.DataFrame({"date": pd.to_datetime(["2008-03-01", "2008-07-01", "2009-01-05"], utc=True),
    ...                    "tags": [["PREL"], ["ECON"], ["PREL"]]})
    >>> out = tags_over_time(df, min_period_cables=2)
    >>> out[["tag", "n_cables", "n_period", "share", "enough"]].values.tolist()
    [['PREL', 1, 2, 0.5, True], ['PREL', 1, 1, 1.0, False], ['ECON', 1, 2, 0.5, True], ['ECON', 0, 1, 0.0, False]]
    """
    columns = ["date", "tag", "kind", "meaning", "label", "n_cables", "n_period", "share", "enough"]
    if tags is None:
        chosen = top_tags(df, top=top, kind=kind)[["tag", "kind", "meaning"]]
    else:
        chosen = pd.DataFrame({"tag": pd.array(list(tags), dtype="string")})
        chosen["kind"] = pd.array([tag_kind(t) for t in chosen["tag"]], dtype="string")
        chosen["meaning"] = pd.array([_meaning_table().get(str(t).upper()) for t in chosen["tag"]],
                                     dtype="string")
    period = period_start(df["date"], freq) if len(df) else pd.Series([], dtype="datetime64[ns, UTC]")
    totals = period.value_counts().sort_index()
    if chosen.empty or totals.empty:
        return pd.DataFrame(columns=columns)
    counts = tag_counts(df, kind=None, freq=freq)
    counts = counts[counts["tag"].isin(chosen["tag"]) & counts["date"].notna()]
    grid = pd.MultiIndex.from_product([chosen["tag"].astype(str), totals.index], names=["tag", "date"])
    n = (counts.assign(tag=counts["tag"].astype(str)).set_index(["tag", "date"])["n_cables"]
         .reindex(grid, fill_value=0))
    out = n.rename("n_cables").reset_index()
    info = chosen.assign(tag=chosen["tag"].astype(str)).set_index("tag")
    out["kind"] = pd.array(out["tag"].map(info["kind"]), dtype="string")
    out["meaning"] = pd.array(out["tag"].map(info["meaning"]), dtype="string")
    out["tag"] = pd.array(out["tag"], dtype="string")
    out["label"] = _labels(out)
    out["n_cables"] = out["n_cables"].astype(np.int64)
    out["n_period"] = out["date"].map(totals).astype(np.int64)
    out["share"] = out["n_cables"] / out["n_period"]
    out["enough"] = out["n_period"] >= min_period_cables
    return out[columns]


def subject_mix(df: pd.DataFrame, top_origins: int = 12, top_tags_n: int = 10,
                kind: str | Sequence[str] | None = "subject", by: str = "origin",
                origins: Sequence[str] | None = None, tags: Sequence[str] | None = None) -> pd.DataFrame:
    """What each post reports about: the share of its cables that carry each TAG.

    Rows for the `top_origins` busiest values of `by` (or `origins`) and the corpus's
    `top_tags_n` TAGS of `kind` (or `tags`), zeros included. Columns: `by`, tag, kind, meaning,
    label, n_cables, n_group (the post's cables), share = n_cables / n_group, corpus_share (the
    share over all cables) and lift = share / corpus_share (2.0: the post uses the TAG twice
    as often as the corpus does). Posts busiest first, TAGS in corpus rank order.

    >>> df = pd.DataFrame({"origin": ["Embassy A", "Embassy A", "Embassy B"],
    ...                    "tags": [["PREL"], ["ECON"], ["PREL"]]})
    >>> subject_mix(df)[["origin", "tag", "n_cables", "share", "lift"]].values.tolist()
    [['Embassy A', 'PREL', 1, 0.5, 0.75], ['Embassy A', 'ECON', 1, 0.5, 1.5], ['Embassy B', 'PREL', 1, 1.0, 1.5], ['Embassy B', 'ECON', 0, 0.0, 0.0]]
    """
    columns = [by, "tag", "kind", "meaning", "label", "n_cables", "n_group", "share", "corpus_share", "lift"]
    posts = list(origins) if origins is not None else _top_values(df[by], top_origins)
    if tags is None:
        corpus = top_tags(df, top=top_tags_n, kind=kind)
    else:
        every = top_tags(df, top=None, kind=None).set_index("tag")
        corpus = pd.DataFrame({"tag": pd.array([str(t) for t in tags], dtype="string")})
        corpus["kind"] = pd.array([tag_kind(t) for t in corpus["tag"]], dtype="string")
        corpus["meaning"] = pd.array([_meaning_table().get(t.upper()) for t in corpus["tag"]], dtype="string")
        corpus["share"] = corpus["tag"].map(every["share"]).astype(float).fillna(0.0).to_numpy()
    if not posts or corpus.empty:
        return pd.DataFrame(columns=columns)
    sub = df[df[by].isin(posts)]
    counts = tag_counts(sub, kind=None, by=by)
    n_group = sub[by].value_counts()
    grid = pd.MultiIndex.from_product([posts, corpus["tag"].astype(str)], names=[by, "tag"])
    n = (counts.assign(tag=counts["tag"].astype(str)).set_index([by, "tag"])["n_cables"]
         .reindex(grid, fill_value=0))
    out = n.rename("n_cables").reset_index()
    info = corpus.set_index(corpus["tag"].astype(str))
    out["kind"] = pd.array(out["tag"].map(info["kind"]), dtype="string")
    out["meaning"] = pd.array(out["tag"].map(info["meaning"]), dtype="string")
    out["tag"] = pd.array(out["tag"], dtype="string")
    out["label"] = _labels(out)
    out["n_cables"] = out["n_cables"].astype(np.int64)
    out["n_group"] = out[by].map(n_group).astype(np.int64)
    out["share"] = out["n_cables"] / out["n_group"]
    out["corpus_share"] = out["tag"].astype(str).map(info["share"]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["lift"] = np.where(out["corpus_share"] > 0, out["share"] / out["corpus_share"], np.nan)
    return out[columns]


def _host_frames(df: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cables with a 0..n-1 index, their geographic tags with the tagged country)."""
    cables = _cables(df)
    cols = [c for c in dict.fromkeys([by, "country"]) if c in cables.columns]
    long = explode_tags(cables, columns=cols)
    long = long[long["kind"] == "geographic"]
    return cables, long


def geographic_focus(df: pd.DataFrame, top: int = 15, by: str = "origin",
                     origins: Sequence[str] | None = None, n_other: int = 3) -> pd.DataFrame:
    """Does a post write about its host country or about others? One row per post.

    Each cable of the post falls in one of :data:`FOCUS_CATEGORIES`, from its geographic
    TAGS (FIPS codes, read as countries) against the post's own `country`: only the host
    country, the host and other countries, other countries only, or no country tag (none,
    or only regional codes). Posts without a host country (the Department, USUN) have no
    "host" cables. Columns: `by`, country (the host), n_cables, one count and one share
    column per category (``host_only``, ``host_and_other``, ``other_only``, ``no_country``
    and ``share_…``), and top_other: the `n_other` other countries tagged most often with
    their number of cables ("China (12); Japan (8)"). Busiest posts first.

    >>> df = pd.DataFrame({"origin": ["Embassy Hanoi"] * 4, "country": ["Vietnam"] * 4,
    ...     "tags": [["PREL", "VM"], ["VM", "CH"], ["CH", "PREL"], ["PREL"]]})
    >>> out = geographic_focus(df)
    >>> out[["host_only", "host_and_other", "other_only", "no_country", "top_other"]].values.tolist()
    [[1, 1, 1, 1, 'China (2)']]
    """
    keys = ["host_only", "host_and_other", "other_only", "no_country"]
    columns = [by, "country", "n_cables", *keys, *(f"share_{k}" for k in keys), "top_other"]
    posts = list(origins) if origins is not None else _top_values(df[by], top)
    if not posts:
        return pd.DataFrame(columns=columns)
    sub = df[df[by].isin(posts)]
    cables, long = _host_frames(sub, by)
    host_country = cables["country"] if "country" in cables.columns else pd.Series(pd.NA, index=cables.index)
    tagged = long[long["tag_country"].notna()]
    is_host = (tagged["tag_country"] == tagged["country"]).fillna(False).to_numpy(dtype=bool) \
        if "country" in tagged.columns else np.zeros(len(tagged), dtype=bool)
    has_host = np.zeros(len(cables), dtype=bool)
    has_other = np.zeros(len(cables), dtype=bool)
    has_host[tagged.index.to_numpy()[is_host]] = True
    has_other[tagged.index.to_numpy()[~is_host]] = True
    category = np.select([has_host & ~has_other, has_host & has_other, ~has_host & has_other],
                         keys[:3], default=keys[3])
    per = pd.crosstab(cables[by].to_numpy(), category).reindex(index=posts, columns=keys, fill_value=0)
    out = per.reset_index(names=by)
    out.columns.name = None
    out.insert(1, "country", pd.array([host_country[cables[by] == p].dropna().iloc[0]
                                       if host_country[cables[by] == p].notna().any() else pd.NA
                                       for p in posts], dtype="string"))
    out.insert(2, "n_cables", per.sum(axis=1).to_numpy(dtype=np.int64))
    for k in keys:
        out[k] = out[k].astype(np.int64)
    for k in keys:
        out[f"share_{k}"] = out[k] / out["n_cables"]
    others = tagged[~is_host].reset_index().drop_duplicates(["index", "tag_country"])
    tops = []
    for p in posts:
        counts = others.loc[others[by] == p, "tag_country"].value_counts()
        counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(n_other)
        tops.append("; ".join(f"{c} ({n:,})" for c, n in counts.items()))
    out["top_other"] = pd.array(tops, dtype="string")
    return out[columns]


def countries_by_post(df: pd.DataFrame, top_origins: int = 12, top_countries: int = 15,
                      by: str = "origin", origins: Sequence[str] | None = None) -> pd.DataFrame:
    """Which countries each post's geographic TAGS name (tidy: one row per post and country).

    The `top_origins` busiest posts (or `origins`) against the `top_countries` countries
    tagged most by those posts, zeros included. Columns: `by`, post_country (host),
    tag_country, n_cables (the post's cables tagging that country), n_group (the post's
    cables), share and is_host (the tagged country is the post's own). Posts busiest first,
    countries most tagged first. Regional codes (no single country) are left out.

    >>> df = pd.DataFrame({"origin": ["Embassy Hanoi"] * 2 + ["Embassy Tokyo"],
    ...     "country": ["Vietnam", "Vietnam", "Japan"], "tags": [["VM"], ["VM", "CH"], ["JA", "CH"]]})
    >>> out = countries_by_post(df)
    >>> out[["origin", "tag_country", "n_cables", "is_host"]].values.tolist()
    [['Embassy Hanoi', 'China', 1, False], ['Embassy Hanoi', 'Vietnam', 2, True], ['Embassy Hanoi', 'Japan', 0, False], ['Embassy Tokyo', 'China', 1, False], ['Embassy Tokyo', 'Vietnam', 0, False], ['Embassy Tokyo', 'Japan', 1, True]]
    """
    columns = [by, "post_country", "tag_country", "n_cables", "n_group", "share", "is_host"]
    posts = list(origins) if origins is not None else _top_values(df[by], top_origins)
    if not posts:
        return pd.DataFrame(columns=columns)
    sub = df[df[by].isin(posts)]
    cables, long = _host_frames(sub, by)
    tagged = long[long["tag_country"].notna()].reset_index().drop_duplicates(["index", "tag_country"])
    if tagged.empty:
        return pd.DataFrame(columns=columns)
    countries = _top_values(tagged["tag_country"].astype(str), top_countries)
    counts = tagged.groupby([tagged[by].astype(str), tagged["tag_country"].astype(str)]).size()
    grid = pd.MultiIndex.from_product([posts, countries], names=[by, "tag_country"])
    out = counts.reindex(grid, fill_value=0).rename("n_cables").reset_index()
    n_group = cables[by].value_counts()
    host = (cables.dropna(subset=["country"]).drop_duplicates(by).set_index(by)["country"]
            if "country" in cables.columns else pd.Series(dtype="string"))
    out.insert(1, "post_country", pd.array(out[by].map(host), dtype="string"))
    out["tag_country"] = pd.array(out["tag_country"], dtype="string")
    out["n_cables"] = out["n_cables"].astype(np.int64)
    out["n_group"] = out[by].map(n_group).astype(np.int64)
    out["share"] = out["n_cables"] / out["n_group"]
    out["is_host"] = (out["tag_country"] == out["post_country"]).fillna(False).astype(bool)
    return out[columns]


def tag_pairs(df: pd.DataFrame, kind: str | Sequence[str] | None = "subject", min_count: int = 5,
              top: int = 15, rank_by: str = "npmi") -> pd.DataFrame:
    """The `top` TAG pairs that travel together, from :func:`tag_cooccurrence`.

    Pairs on at least `min_count` cables, ranked by `rank_by` ("npmi", "lift", "pmi" or
    "n_ab"; ties by n_ab then codes); adds `label` ("CASC + CVIS") and `meanings`
    ("Assistance to US citizens + Visas"). Lift 10 means ten times as many cables carry both
    as would if drafters chose the two independently; lift favours rare codes (two codes on 5
    cables each, always together, get a huge lift), normalized PMI (1 = always together,
    0 = independent) less so, which is why it ranks by default.

    >>> df = pd.DataFrame({"tags": [["PREL", "PHUM"], ["PREL", "PHUM"], ["PREL", "ECON"], ["ECON", "EFIN"]]})
    >>> tag_pairs(df, min_count=2, rank_by="lift")[["label", "n_ab", "lift"]].values.tolist()
    [['PHUM + PREL', 2, 1.3333333333333333]]
    """
    if rank_by not in ("lift", "npmi", "n_ab", "pmi"):
        raise ValueError(f"rank_by must be 'npmi', 'lift', 'pmi' or 'n_ab', not {rank_by!r}")
    pairs = tag_cooccurrence(df, kind=kind, min_count=min_count)
    if pairs.empty:
        return pairs.assign(label=pd.Series(dtype="string"), meanings=pd.Series(dtype="string"))
    pairs = pairs.sort_values([rank_by, "n_ab", "tag_a", "tag_b"], ascending=[False, False, True, True],
                              ignore_index=True).head(top)
    pairs["label"] = pd.array(pairs["tag_a"].astype(str) + " + " + pairs["tag_b"].astype(str), dtype="string")

    def meaning(code, m):
        return tag_label(code, m, width=34).split(" — ", 1)[1]

    pairs["meanings"] = pd.array([f"{meaning(a, ma)} + {meaning(b, mb)}" for a, b, ma, mb in
                                  zip(pairs["tag_a"], pairs["tag_b"], pairs["meaning_a"], pairs["meaning_b"])],
                                 dtype="string")
    return pairs


def trending_tags(df: pd.DataFrame, freq: str = "YS", kind: str | Sequence[str] | None = "subject",
                  top: int = 8, min_count: int = 10, alpha: float = 0.05,
                  method: str = "cochran-armitage") -> pd.DataFrame:
    """The `top` most rising and `top` most falling TAGS by their trend statistic, from
    :func:`tag_trends` (share of each period's cables; p-values adjusted for the number of
    TAGS tested). Adds direction ("rising"/"falling" by the sign of the statistic),
    significant (q_value < `alpha`) and label. Rising first (strongest first), then falling
    (strongest last).

    >>> dates = pd.to_datetime([f"{y}-06-01" for y in range(2004, 2010) for _ in range(10)], utc=True)
    >>> tags = [["PREL", "PTER"] if i < (y - 2003) * 1.5 else ["PREL", "ECON"]
    ...         for y in range(2004, 2010) for i in range(10)]
    >>> out = trending_tags(pd.DataFrame({"date": dates, "tags": tags}), min_count=5, top=1)
    >>> out[["tag", "direction", "significant"]].values.tolist()
    [['PTER', 'rising', True], ['ECON', 'falling', True]]
    """
    trends = tag_trends(df, freq=freq, kind=kind, min_count=min_count, method=method, alpha=alpha)
    rising = trends[trends["statistic"] > 0].head(top)
    falling = trends[trends["statistic"] < 0].tail(top)
    out = pd.concat([rising, falling], ignore_index=True)
    out["direction"] = pd.array(np.where(out["statistic"] > 0, "rising", "falling"), dtype="string")
    out["significant"] = (out["q_value"] < alpha).to_numpy(dtype=bool)
    out["label"] = _labels(out)
    return out
