"""The explorer's numbers: cables per period and per TAG, for a frame or for any selection of
its rows (worked out once per frame, so a filter change is one `bincount`). The charts of
:mod:`cabletools.plots.explorer` draw them.

>>> import pandas as pd
>>> df = pd.DataFrame({"date": pd.to_datetime(["2008-01-05", "2008-03-09"], utc=True)})
>>> volume_counts(df, freq="MS").tolist()
[1, 0, 1]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from cabletools.periods import period_bins, utc_naive
from cabletools.tags import flat_tags

__all__ = ["TagCounter", "VolumeBins", "auto_freq", "top_tag_counts", "volume_counts"]



def auto_freq(df: pd.DataFrame) -> str:
    """A bin size that suits the period the cables span: days up to ~3 months, then months.

    >>> auto_freq(pd.DataFrame({"date": pd.to_datetime(["2008-01-01", "2008-02-01"], utc=True)}))
    'D'
    """
    dates = df["date"]
    if dates.notna().sum() == 0:
        return "MS"
    span = dates.max() - dates.min()
    return "D" if span <= pd.Timedelta(days=92) else "MS"


def volume_counts(df: pd.DataFrame, freq: str = "MS") -> pd.Series:
    """Number of dated cables per period (index: UTC start of each period, gaps filled with 0).

    `freq` is a pandas frequency, binned by :func:`cabletools.periods.period_bins`.
    Cables without a date are not counted.
    """
    starts, position = period_bins(df["date"], freq)
    return _selection_counts(starts, position)


def _selection_counts(starts: np.ndarray, position: np.ndarray) -> pd.Series:
    """Cables per period from period positions (-1: undated), first to last counted period."""
    counts = np.bincount(position[position >= 0], minlength=len(starts))
    used = np.flatnonzero(counts)
    if len(used) == 0:
        return pd.Series([], index=pd.DatetimeIndex([], tz="UTC"), dtype="int64", name="cables")
    span = slice(used[0], used[-1] + 1)
    index = pd.DatetimeIndex(starts[span]).tz_localize("UTC")
    return pd.Series(counts[span].astype("int64"), index=index, name="cables")


class VolumeBins:
    """The period of every row of a frame, worked out once per bin size, so the volume of any
    selection of its rows is one `bincount` (what the explorer redraws on every filter change).

    >>> df = pd.DataFrame({"date": pd.to_datetime(["2008-01-05", None, "2008-03-09"], utc=True)})
    >>> bins = VolumeBins(df["date"])
    >>> bins.counts([0, 1, 2], "MS").equals(volume_counts(df, "MS")), bins.counts([2], "MS").tolist()
    (True, [1])
    """

    def __init__(self, dates: pd.Series) -> None:
        self._dates = pd.Series(dates).reset_index(drop=True)
        values = utc_naive(self._dates).to_numpy(dtype="datetime64[ns]")
        self._dated = ~np.isnat(values)
        self._values = values  # datetime64[ns] (UTC), NaT where undated
        self._bins: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def counts(self, positions, freq: str = "MS") -> pd.Series:
        """`volume_counts(df.iloc[positions], freq)`, for row positions of the frame."""
        positions = np.asarray(positions, dtype=np.int64)
        bins = self._bins.get(freq)
        if bins is None:
            bins = self._bins[freq] = period_bins(self._dates, freq)
        starts, position = bins
        return _selection_counts(starts, position[positions])

    def auto_freq(self, positions) -> str:
        """`auto_freq(df.iloc[positions])`."""
        positions = np.asarray(positions, dtype=np.int64)
        dates = self._values[positions[self._dated[positions]]]
        if len(dates) == 0:
            return "MS"
        return "D" if dates.max() - dates.min() <= np.timedelta64(92, "D") else "MS"


def top_tag_counts(df: pd.DataFrame, top: int | None = 15) -> pd.Series:
    """The `top` (None: all) most frequent TAGS: tag -> number of cables listing it, most frequent first
    (ties by code). The loader normalizes TAGS, so a tag appears at most once per cable.

    >>> top_tag_counts(pd.DataFrame({"tags": [["PREL", "VM"], ["PREL"], []]}), top=5).to_dict()
    {'PREL': 2, 'VM': 1}
    """
    return TagCounter(df["tags"]).top(np.arange(len(df)), top)


class TagCounter:
    """The TAGS of a frame listed once, so the top TAGS of any selection of its rows is one
    `bincount` (what the explorer redraws on every filter change).

    >>> df = pd.DataFrame({"tags": [["PREL", "VM"], ["PREL"], []]})
    >>> TagCounter(df["tags"]).top([0, 1, 2]).equals(top_tag_counts(df)), TagCounter(df["tags"]).top([0]).to_dict()
    (True, {'PREL': 1, 'VM': 1})
    """

    def __init__(self, tags: pd.Series) -> None:
        codes, dictionary, parents = flat_tags(tags)
        self._rows = len(tags)
        listed = codes >= 0
        self._codes = codes[listed]
        self._parents = parents[listed]
        self._tags = dictionary.to_pylist()

    def top(self, positions, top: int | None = 15) -> pd.Series:
        """`top_tag_counts(df.iloc[positions], top)`, for row positions of the frame."""
        kept = np.zeros(self._rows, dtype=bool)
        kept[np.asarray(positions, dtype=np.int64)] = True
        counts = np.bincount(self._codes[kept[self._parents]], minlength=len(self._tags))
        listed = np.flatnonzero(counts)
        if len(listed) == 0:
            return pd.Series([], dtype="int64", name="cables")
        out = pd.Series(counts[listed], index=[self._tags[i] for i in listed], name="cables", dtype="int64")
        out = out.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        return out if top is None else out.iloc[:top]
