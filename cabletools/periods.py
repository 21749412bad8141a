"""Period binning, in one place: which `freq` period ("YS", "MS", "QS", "W", "D" ...) holds each date.

Bins are pandas' (``resample(freq)``) labelled by their first day: "W" weeks run Monday to
Sunday, "YE" is the calendar year like "YS", "ME" the month like "MS". Tag trends, sender
volumes and the explorer's volume chart all bin through :func:`period_bins`.

>>> import pandas as pd
>>> dates = pd.Series(pd.to_datetime(["2008-03-05", None, "2008-05-31"], utc=True))
>>> [str(d.date()) if pd.notna(d) else None for d in period_start(dates, "MS")]
['2008-03-01', None, '2008-05-01']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["period_bins", "period_start", "utc_naive"]


def utc_naive(values) -> pd.Series:
    """Dates (aware, naive taken as UTC, or strings) as naive UTC timestamps.

    >>> utc_naive(pd.Series(["2008-01-01T05:00:00+05:00"])).tolist()
    [Timestamp('2008-01-01 00:00:00')]
    """
    return pd.Series(pd.to_datetime(values, utc=True)).dt.tz_localize(None)


def _start_anchored(offset: pd.DateOffset) -> pd.DateOffset:
    """The same bins as pandas' resample, anchored at their first day: "YE" -> "YS",
    "ME" -> "MS", "QE" -> "QS", and "W" (weeks ending Sunday) -> weeks starting Monday."""
    off = pd.offsets
    if isinstance(offset, off.YearEnd):
        return off.YearBegin(offset.n, month=offset.month % 12 + 1)
    if isinstance(offset, off.QuarterEnd):
        return off.QuarterBegin(offset.n, startingMonth=offset.startingMonth % 12 + 1)
    if isinstance(offset, off.MonthEnd):
        return off.MonthBegin(offset.n)
    if isinstance(offset, off.Week) and offset.weekday is not None:
        return off.Week(offset.n, weekday=(offset.weekday + 1) % 7)
    return offset


def period_bins(dates, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """(starts, position): `starts` the naive-UTC datetime64[ns] first day of every period from
    the earliest to the latest date (gaps included), `position` per date the index of its period
    in `starts` (-1 where the date is missing).

    >>> starts, position = period_bins(pd.Series(pd.to_datetime(["2008-03-05", "2008-01-02"])), "MS")
    >>> [str(s)[:10] for s in starts], position.tolist()
    (['2008-01-01', '2008-02-01', '2008-03-01'], [2, 0])
    """
    values = utc_naive(dates).to_numpy(dtype="datetime64[ns]")
    present = ~np.isnat(values)
    position = np.full(len(values), -1, dtype=np.int64)
    if not present.any():
        return np.array([], dtype="datetime64[ns]"), position
    offset = _start_anchored(pd.tseries.frequencies.to_offset(freq))
    lo, hi = pd.Timestamp(values[present].min()).normalize(), pd.Timestamp(values[present].max())
    anchor = offset.rollback(lo) if hasattr(offset, "rollback") else lo
    edges = pd.date_range(anchor, hi + offset, freq=offset).to_numpy(dtype="datetime64[ns]")
    position[present] = np.searchsorted(edges, values[present], side="right") - 1
    last = int(position[present].max())
    return edges[: last + 1], position


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The UTC start of the `freq` period holding each date (NaT where the date is missing),
    on the index of `dates`.

    >>> period_start(pd.Series(pd.to_datetime(["2008-03-05"], utc=True)), "W").tolist()
    [Timestamp('2008-03-03 00:00:00+0000', tz='UTC')]
    """
    starts, position = period_bins(dates, freq)
    out = np.full(len(position), np.datetime64("NaT"), dtype="datetime64[ns]")
    known = position >= 0
    out[known] = starts[position[known]]
    return pd.Series(out, index=dates.index).dt.tz_localize("UTC")
