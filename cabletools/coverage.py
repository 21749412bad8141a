"""How much of the record do we hold? Coverage estimated from serial numbers.

Each post numbers its outgoing telegrams serially within a calendar year: ``08HANOI1002`` is
Embassy Hanoi's 1,002nd cable of 2008, and the series restarts at 1 each January. If the
cables we hold are a random draw from a post-year's series 1..N, the highest serial held, m,
and the number of distinct serials held, k, estimate N (the "German tank" problem; Gill and
Spirling, "Estimating the severity of the WikiLeaks U.S. diplomatic cables disclosure",
Political Analysis 23(2), 2015, who put the released share at about 5%):

- estimate: the minimum-variance unbiased estimator ``N_hat = m + m / k - 1``;
- interval: N is at least m; the (1 - alpha) upper bound is the largest N that leaves the observed
  maximum a probability of at least alpha, ``P(max <= m | N) = C(m, k) / C(N, k) >= alpha`` (the
  exact law of the maximum of k serials drawn without replacement from 1..N, so the interval
  covers N in at least 1 - alpha of post-years; ``m * alpha ** (-1 / k)``, the bound for a draw
  with replacement, is wider, the more so the larger the share held);
- share held: ``k / N_hat``, with the interval ``[k / upper, k / m]``;
- a random draw: given m, the other serials are spread evenly over 1..m-1; a Kolmogorov-Smirnov
  test of that (``spread_p``) flags post-years whose held cables bunch in part of the year, as
  when a post's cables reached the leaked network only from some month on;
- the year the corpus ends in (Cablegate's 2010, cut on 28 February) is ``partial``: its serials
  are a draw from those numbered up to the end, so the estimate is of those, not the whole year.

>>> import pandas as pd
>>> df = pd.DataFrame({"cable_id": [f"08HANOI{s}" for s in (3, 11, 17, 24, 30, 38)] + ["07HANOI5", "BADID"]})
>>> t = serial_coverage(df)
>>> t[["station", "year", "held", "max_serial", "est_total"]].round(1).values.tolist()
[['HANOI', 2007, 1, 5, nan], ['HANOI', 2008, 6, 38, 43.3]]
>>> t.note.tolist()
['only 1 serial held: too few to estimate', "the corpus's last year: it may end inside it, and the estimate then counts the cables numbered up to its end, not the whole year"]
>>> t.attrs["without_serial"]
1
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["SERIAL_PATTERN", "serial_parts", "serial_coverage", "coverage_totals", "busiest_station"]

#: A cable id's parts (RE2, linear time): year (2 digits, or 4 as in PlusD's "1973STATE097844_b"),
#: station letters, serial without leading zeros, and an optional suffix ("_B", the Secretary's
#: travel series on a STATE serial as in "90STATE255723TOSEC140328", or one letter).
SERIAL_PATTERN = (r"^(?P<year>19\d\d|20\d\d|\d\d)(?P<station>[A-Z]+)0*(?P<serial>[1-9]\d{0,6})"
                  r"(?P<suffix>_[A-Z0-9]+|TOSEC\d{1,6}|[A-Z])?$")

#: Below this many distinct serials in a post-year no estimate is given.
MIN_SERIALS = 5

#: Below this p-value the serials under the highest are too unevenly spread over 1..m to be a
#: random draw (a Kolmogorov-Smirnov test), and the post-year's note says so.
SPREAD_P = 0.01


def serial_parts(ids) -> pd.DataFrame:
    """Split cable ids into year, station, serial and suffix (NA where an id has no serial).

    Accepts a cable frame (its ``cable_id``) or a Series/list of ids; the index follows the input.

    >>> serial_parts(["08HANOI1002", "1973STATE097844_b", "75LIBREVILLE"]).values.tolist()
    [['08HANOI1002', 2008, 'HANOI', 1002, <NA>], ['1973STATE097844_b', 1973, 'STATE', 97844, '_B'], ['75LIBREVILLE', <NA>, <NA>, <NA>, <NA>]]
    """
    if isinstance(ids, pd.DataFrame):
        ids = ids["cable_id"]
    index = ids.index if isinstance(ids, pd.Series) else pd.RangeIndex(len(ids))
    arr = pa.array(ids.array if isinstance(ids, pd.Series) else list(ids), type=pa.large_string(),
                   from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = pa.concat_arrays([c.cast(pa.large_string()) for c in arr.chunks] or [pa.array([], pa.large_string())])
    parts = pc.extract_regex(pc.utf8_upper(arr), SERIAL_PATTERN)
    matched = parts.is_valid()

    def field(name: str) -> pa.Array:  # a struct's null rows still hold "" in their fields
        values = parts.field(name)
        return pc.if_else(pc.and_(matched, pc.not_equal(values, "")), values, pa.scalar(None, values.type))

    year = pc.cast(field("year"), pa.int64())
    year = pc.if_else(pc.less(year, 100), pc.add(year, pc.if_else(pc.greater_equal(year, 50), 1900, 2000)), year)
    return pd.DataFrame({
        "cable_id": ids.array if isinstance(ids, pd.Series) else list(ids),
        "year": _int_array(year),
        "station": pd.arrays.ArrowExtensionArray(field("station")),
        "serial": _int_array(pc.cast(field("serial"), pa.int64())),
        "suffix": pd.arrays.ArrowExtensionArray(field("suffix")),
    }, index=index)


def _int_array(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """An Arrow int64 array with nulls -> pandas Int64 (NA where null), without a Python int per row."""
    mask = pc.is_null(values).to_numpy(zero_copy_only=False)
    data = pc.fill_null(values, 0).to_numpy(zero_copy_only=False)
    return pd.arrays.IntegerArray(data.astype("int64"), mask)


def _group_stats(parts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: rows, distinct serials (k), highest (m) and second-highest distinct serial."""
    cables = parts.groupby(keys, sort=True, observed=True, dropna=False).size().rename("cables")
    distinct = parts.drop_duplicates(keys + ["serial"]).sort_values(keys + ["serial"], kind="stable")
    grouped = distinct.groupby(keys, sort=True, observed=True, dropna=False)["serial"]
    stats = pd.DataFrame({"held": grouped.size(), "max_serial": grouped.max()})
    second = distinct.loc[grouped.nth(-2).index].set_index(keys)["serial"]
    stats["next_serial"] = second.reindex(stats.index)
    stats["spread_p"] = _spread_p(distinct, keys).reindex(stats.index)
    return stats.join(cables).reset_index()


def _spread_p(distinct: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per group of distinct serials sorted within the group: the Kolmogorov-Smirnov p-value that
    the serials under the highest, m, are an even draw from 1..m-1 (which they are, given m, if
    the held cables are a random draw from the year's series), with Stephens' approximation to the
    distribution of the KS statistic D for n points, ``Q((sqrt(n) + 0.12 + 0.11 / sqrt(n)) D)``
    (M. A. Stephens, JRSS B 32, 1970). NaN with fewer than 2 serials.

    >>> d = pd.DataFrame({"g": [1] * 6 + [2] * 6, "serial": [3, 11, 17, 24, 30, 38, 31, 32, 33, 34, 35, 38]})
    >>> _spread_p(d, ["g"]).round(3).tolist()
    [0.986, 0.001]
    """
    from scipy.special import kolmogorov

    grouped = distinct.groupby(keys, sort=True, observed=True, dropna=False)["serial"]
    serial = distinct["serial"].to_numpy(dtype=float)
    rank = grouped.cumcount().to_numpy(dtype=float) + 1
    n = grouped.transform("size").to_numpy(dtype=float) - 1          # serials under the highest
    top = np.maximum(grouped.transform("max").to_numpy(dtype=float) - 1, 1)
    with np.errstate(divide="ignore", invalid="ignore"):             # the ECDF's distance from s/(m-1)
        gap = np.maximum(rank / n - serial / top, (serial - 1) / top - (rank - 1) / n)
    gap = np.where(rank <= n, gap, -np.inf)                          # the highest itself is given
    worst = pd.Series(gap, index=distinct.index).groupby([distinct[k] for k in keys], sort=True, dropna=False).max()
    size = grouped.size().to_numpy(dtype=float) - 1
    p = np.full(len(worst), np.nan)
    ok = size >= 1
    root_n = np.sqrt(size[ok])                    # Stephens' approximation: a ufunc, not a loop per group
    p[ok] = np.clip(kolmogorov((root_n + 0.12 + 0.11 / root_n) * worst.to_numpy()[ok]), 0, 1)
    return pd.Series(p, index=worst.index)


def _upper_bound(m: np.ndarray, k: np.ndarray, alpha: float) -> np.ndarray:
    """The largest N with C(m, k) / C(N, k) >= alpha, per element (k <= m), by bisection over
    integers between m (where the ratio is 1) and m * alpha^(-1/k) + 1 (where (m/N)^k, which is
    larger than the ratio, is already below alpha).

    >>> _upper_bound(np.array([10.0, 200.0]), np.array([10.0, 5.0]), 0.05).tolist()
    [11.0, 362.0]
    """
    from scipy.special import gammaln

    log_alpha = np.log(alpha)
    log_top = gammaln(m + 1) - gammaln(m - k + 1)          # log of m! / (m - k)!
    lo, hi = m.astype(float), np.floor(m * alpha ** (-1 / k)) + 1
    while np.any(hi - lo > 1):
        mid = np.floor((lo + hi) / 2)
        ok = log_top - (gammaln(mid + 1) - gammaln(mid - k + 1)) >= log_alpha - 1e-12
        lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
    return lo


def _corpus_end(df: pd.DataFrame, end) -> pd.Timestamp | None:
    """The date the corpus ends: `end` if given, else the latest ``date`` in `df` (None without one)."""
    if end is not None:
        return pd.Timestamp(end)
    if "date" not in df.columns:
        return None
    latest = pd.to_datetime(df["date"], errors="coerce").max()
    return None if pd.isna(latest) else pd.Timestamp(latest)


def _partial_years(years: np.ndarray, end: pd.Timestamp | None) -> tuple[np.ndarray, str]:
    """Which post-years the end of the corpus cuts short, and the note that says so: the year of
    `end` unless `end` is 31 December; without an end date, the latest year any id carries.

    >>> _partial_years(np.array([2004, 2005]), pd.Timestamp("2005-01-13"))[0].tolist()
    [False, True]
    """
    if end is None:
        last = years.max() if len(years) else None
        return years == last, ("the corpus's last year: it may end inside it, and the estimate then counts "
                               "the cables numbered up to its end, not the whole year")
    if end.month == 12 and end.day == 31:
        return np.zeros(len(years), dtype=bool), ""
    return years == end.year, (f"the corpus ends on {end:%Y-%m-%d}: the estimate counts the cables numbered "
                               "up to then, not the whole year")


def _notes(held: np.ndarray, max_serial: np.ndarray, next_serial: np.ndarray, spread_p: np.ndarray,
           partial: np.ndarray, min_serials: int, partial_note: str) -> list[str]:
    """The `note` column: why there is no estimate, or what to check before trusting one."""
    few = held < min_serials
    jump = ~few & (max_serial > 2 * np.nan_to_num(next_serial, nan=np.inf))
    uneven = ~few & (np.nan_to_num(spread_p, nan=1.0) < SPREAD_P)
    notes = []
    for k, is_few, is_jump, nxt, is_uneven, p, is_partial in zip(held, few, jump, next_serial, uneven,
                                                                  spread_p, partial):
        parts = []
        if is_few:
            parts.append(f"only {k} serial{'s' if k != 1 else ''} held: too few to estimate")
        if is_jump:
            parts.append(f"highest serial is over twice the next ({int(nxt)}): a typo, or little held "
                         "from the year's end?")
        if is_uneven:
            parts.append(f"serials bunched, not spread evenly over 1..max (p = {p:.1g}): not a random draw "
                         "of the year (some months or some kinds of cable only?), the estimate may be off")
        if is_partial:
            parts.append(partial_note)
        notes.append("; ".join(parts))
    return notes


def serial_coverage(df: pd.DataFrame, by: Sequence[str] = ("station", "year"), *, alpha: float = 0.05,
                    min_serials: int = MIN_SERIALS, end=None) -> pd.DataFrame:
    """Per post-year: cables held, highest serial, estimated total sent, and the share held.

    Columns: the `by` keys, ``cables`` (rows, duplicates included), ``held`` (distinct serials,
    k), ``max_serial`` (m), ``est_total`` (m + m/k - 1), ``low``/``high`` (the 1 - `alpha`
    interval [m, the largest N with C(m, k) / C(N, k) >= alpha]), ``spread_p`` (a Kolmogorov-Smirnov
    p-value that the serials under m are spread evenly over 1..m-1, as a random draw's are; the
    note flags one under 0.01), ``share_held`` (k / est_total) with ``share_low``/``share_high``,
    ``partial`` (the year the corpus ends in: its estimate counts the cables numbered up to `end`,
    not the whole year) and ``note``. `end` is the date the corpus ends, by default the latest
    ``date`` in `df` (a corpus ending on 31 December cuts no year short); without dates, the
    latest year of any id is taken as partial. A post whose cables stop earlier (a closed post, a
    quiet consulate) is not partial: its series is what it sent.

    ``station`` and ``year`` are read from the cable id (the serial's own post and year, not the
    date column); other `by` keys are frame columns and must be constant within a post-year
    (``origin``, ``country``), or the series is split. Post-years with fewer than `min_serials`
    distinct serials get no estimate; their ``note`` says so. Ids without a serial are left out
    and counted in ``attrs["without_serial"]``.

    >>> df = pd.DataFrame({"cable_id": ["09ROME%d" % s for s in (40, 80, 120, 160, 200)]})
    >>> serial_coverage(df)[["held", "est_total", "low", "share_held"]].round(2).values.tolist()
    [[5.0, 239.0, 200.0, 0.02]]
    """
    keys = list(by)
    if "station" not in keys or "year" not in keys:
        raise ValueError(f"by must include 'station' and 'year' (a serial series is one post's year), not {keys}")
    parts = serial_parts(df)
    for key in keys:
        if key not in ("station", "year"):
            if key not in df.columns:
                raise KeyError(f"serial_coverage: no column {key!r} in the frame")
            parts[key] = df[key].to_numpy()
    has_serial = parts["serial"].notna().to_numpy()
    without = int((~has_serial).sum())
    parts = parts.loc[has_serial, keys + ["serial"]]
    parts["serial"] = parts["serial"].astype("int64")
    parts["year"] = parts["year"].astype("int64")
    parts["station"] = parts["station"].astype(object)
    stats = _group_stats(parts, keys)
    k = stats["held"].to_numpy(dtype=float)
    m = stats["max_serial"].to_numpy(dtype=float)
    enough = k >= min_serials
    stats["est_total"] = np.where(enough, m + m / k - 1, np.nan)
    stats["low"] = np.where(enough, m, np.nan)
    stats["high"] = np.where(enough, _upper_bound(m, np.maximum(k, 1), alpha), np.nan)
    stats["share_held"] = k / stats["est_total"]
    stats["share_low"] = k / stats["high"]
    stats["share_high"] = k / stats["low"]
    corpus_end = _corpus_end(df, end)
    stats["partial"], partial_note = _partial_years(stats["year"].to_numpy(), corpus_end)
    stats["spread_p"] = np.where(enough, stats["spread_p"], np.nan)
    stats["note"] = _notes(stats["held"].to_numpy(), m, stats["next_serial"].to_numpy(dtype=float),
                           stats["spread_p"].to_numpy(dtype=float), stats["partial"].to_numpy(), min_serials,
                           partial_note)
    out = stats[keys + ["cables", "held", "max_serial", "est_total", "low", "high", "share_held",
                        "share_low", "share_high", "spread_p", "partial", "note"]]
    out.attrs.update({"without_serial": without, "alpha": alpha, "min_serials": min_serials, "end": corpus_end})
    return out


def coverage_totals(table: pd.DataFrame, by: str | Sequence[str] = "year", *,
                    include_partial: bool = False) -> pd.DataFrame:
    """Add up a :func:`serial_coverage` table: serials held and estimated totals per `by`.

    Only post-years with an estimate count (and, unless `include_partial`, not partial ones):
    ``posts`` says how many. The summed bounds ``low``/``high`` are each post-year's interval
    added up, wider than a joint interval would be.

    >>> t = pd.DataFrame({"year": [2008, 2008, 2009], "held": [5, 10, 3], "est_total": [100.0, 100.0, None],
    ...                   "low": [90.0, 95.0, None], "high": [150.0, 130.0, None], "partial": [False] * 3})
    >>> coverage_totals(t).to_dict("records")
    [{'year': 2008, 'posts': 2, 'held': 15, 'est_total': 200.0, 'low': 185.0, 'high': 280.0, 'share_held': 0.075}]
    """
    keys = [by] if isinstance(by, str) else list(by)
    rows = table[table["est_total"].notna() & (include_partial | ~table["partial"].astype(bool))]
    out = rows.groupby(keys, sort=True).agg(posts=("held", "size"), held=("held", "sum"),
                                            est_total=("est_total", "sum"), low=("low", "sum"),
                                            high=("high", "sum")).reset_index()
    out["share_held"] = out["held"] / out["est_total"]
    return out


def busiest_station(table: pd.DataFrame, exclude: Sequence[str] = ("STATE",)) -> str | None:
    """The post with the most serials held in a :func:`serial_coverage` table (Washington's
    ``STATE`` series left out by default: a post's own series is the usual question).

    >>> busiest_station(pd.DataFrame({"station": ["STATE", "ROME", "OSLO"], "held": [90, 20, 10]}))
    'ROME'
    """
    held = table[~table["station"].isin(list(exclude))].groupby("station")["held"].sum()
    return None if held.empty else str(held.sort_values(ascending=False, kind="stable").index[0])
