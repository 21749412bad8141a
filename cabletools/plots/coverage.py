"""Figures for coverage and the reference network. Each ``plot_*`` function returns a matplotlib
``Figure`` built without pyplot and draws only the table it is given (from
:func:`cabletools.serial_coverage` or :func:`cabletools.reference_graph`); the numbers it
draws are kept as ``fig.cabletools_data`` and come from the ``*_data`` function beside it.

==================================  ==============================  =======================================
figure                              data                            question
==================================  ==============================  =======================================
:func:`plot_coverage_over_time`     :func:`coverage_over_time`      what share of each post's cables do we hold?
:func:`plot_held_vs_estimated`      :func:`held_vs_estimated`       does the held volume follow the traffic?
:func:`plot_top_cited`              :func:`top_cited`               which cables are cited most, held or not?
==================================  ==============================  =======================================

>>> import pandas as pd
>>> from cabletools.coverage import serial_coverage
>>> ids = [f"0{y}ROME{s}" for y in (7, 8) for s in range(10, 200, 19)]
>>> fig = plot_coverage_over_time(serial_coverage(pd.DataFrame({"cable_id": ids})), min_held=5)
>>> fig.cabletools_data[["station", "year", "held"]].values.tolist()
[['ROME', 2007, 10], ['ROME', 2008, 10]]
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

__all__ = ["coverage_over_time", "plot_coverage_over_time", "held_vs_estimated", "plot_held_vs_estimated",
           "top_cited", "plot_top_cited"]


def _empty(fig: Figure, ax, text: str, data: pd.DataFrame) -> Figure:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    fig.cabletools_data = data
    return fig


def coverage_over_time(table: pd.DataFrame, stations: Sequence[str] | None = None, top: int = 6,
                       min_held: int = 20) -> pd.DataFrame:
    """The post-years drawn by :func:`plot_coverage_over_time`: those with an estimate, of
    `stations` or else of the `top` posts holding the most serials in post-years of at least
    `min_held` serials (the best-measured posts).

    >>> t = pd.DataFrame({"station": ["A", "A", "B"], "year": [2007, 2008, 2008], "held": [30, 25, 3],
    ...                   "est_total": [300.0, 250.0, None]})
    >>> coverage_over_time(t).station.tolist()
    ['A', 'A']
    """
    rows = table[table["est_total"].notna()]
    if stations is None:
        busy = rows[rows["held"] >= min_held].groupby("station")["held"].sum()
        stations = busy.sort_values(ascending=False, kind="stable").index[:top].tolist()
    rows = rows[rows["station"].isin(list(stations))]
    return rows.sort_values(["station", "year"], ignore_index=True)


def plot_coverage_over_time(table: pd.DataFrame, stations: Sequence[str] | None = None, top: int = 6,
                            min_held: int = 20, figsize=(10, 4.5)) -> Figure:
    """Share of each post's cables held, per year, with its interval (error bars); the year the
    corpus ends in (``partial``: counted up to its end only) is drawn hollow. Lines join
    consecutive years only."""
    data = coverage_over_time(table, stations, top, min_held)
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    if data.empty:
        return _empty(fig, ax, "no post-year with enough serials to estimate", data)
    posts = list(dict.fromkeys(data["station"]))
    width = 0.6 / max(len(posts), 1)
    for i, (post, rows) in enumerate(data.groupby("station", sort=False)):
        x = rows["year"].to_numpy() + (i - (len(posts) - 1) / 2) * width
        share = rows["share_held"].to_numpy()
        err = np.vstack([share - rows["share_low"].to_numpy(), rows["share_high"].to_numpy() - share])
        color = f"C{i % 10}"
        ax.errorbar(x, share, yerr=err, fmt="none", capsize=2, lw=1, color=color, label=post)
        gap = np.r_[False, np.diff(rows["year"].to_numpy()) > 1]          # no line across missing years
        ax.plot(np.insert(x, np.flatnonzero(gap), np.nan).astype(float),
                np.insert(share, np.flatnonzero(gap), np.nan).astype(float), "-", color=color, lw=1)
        partial = rows["partial"].to_numpy(dtype=bool)
        ax.plot(x[~partial], share[~partial], "o", color=color, ms=5)
        ax.plot(x[partial], share[partial], "o", mfc="white", color=color, ms=5)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share of the post's cables held")
    level = 1 - table.attrs.get("alpha", 0.05)
    ax.set_title(f"Coverage from serial numbers ({level:.0%} intervals; hollow: the year the corpus ends in)")
    ax.legend(title="post", fontsize="small", ncols=2)
    fig.cabletools_data = data
    return fig


def held_vs_estimated(table: pd.DataFrame, station: str) -> pd.DataFrame:
    """One post's years: cables held (distinct serials) and the estimated total with its interval.

    >>> t = pd.DataFrame({"station": ["A", "A"], "year": [2008, 2007], "held": [25, 30],
    ...                   "est_total": [250.0, 300.0], "low": [240.0, 290.0], "high": [290.0, 330.0], "partial": [True, False]})
    >>> held_vs_estimated(t, "A").year.tolist()
    [2007, 2008]
    """
    rows = table[table["station"] == station]
    return rows[["year", "held", "est_total", "low", "high", "partial"]].sort_values("year", ignore_index=True)


def plot_held_vs_estimated(table: pd.DataFrame, station: str, figsize=(10, 4)) -> Figure:
    """Cables held per year (bars) beside the estimated number sent (dots and interval, log
    scale): a volume chart of held cables shows the first, not the second."""
    data = held_vs_estimated(table, station)
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    if data.empty:
        return _empty(fig, ax, f"no cables with serials from {station}", data)
    years = data["year"].to_numpy()
    ax.bar(years, data["held"], color="#9ecae1", label="held (distinct serials)")
    est = data[data["est_total"].notna()]
    partial = est["partial"].to_numpy(dtype=bool)
    if not est.empty:
        err = np.vstack([est["est_total"] - est["low"], est["high"] - est["est_total"]])
        ax.errorbar(est["year"], est["est_total"], yerr=err, fmt="none", color="#08519c", capsize=3)
        ax.plot(est["year"][~partial], est["est_total"][~partial], "o", color="#08519c",
                label=f"estimated sent ({1 - table.attrs.get('alpha', 0.05):.0%} interval)")
    if partial.any():                 # hollow, and no filled dot beneath it
        ax.plot(est["year"][partial], est["est_total"][partial], "o", mfc="white", color="#08519c",
                label="the year the corpus ends in (sent up to its end)")
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("cables (log scale)")
    ax.set_title(f"{station}: cables held and cables sent")
    ax.legend(fontsize="small")
    fig.cabletools_data = data
    return fig


def top_cited(graph: pd.DataFrame, top: int = 15, in_corpus: bool | None = None) -> pd.DataFrame:
    """The `top` most-cited references of a :func:`cabletools.reference_graph`: reference,
    cited (citing cables), in_corpus; `in_corpus` True or False keeps held or missing ones only.

    >>> g = pd.DataFrame({"cable_id": ["a", "b", "c"], "reference": ["X", "X", "Y"], "in_corpus": [False, False, True]})
    >>> top_cited(g).values.tolist()
    [['X', 2, False], ['Y', 1, True]]
    """
    counts = graph.groupby("reference", sort=True).agg(cited=("cable_id", "size"), in_corpus=("in_corpus", "first"))
    counts = counts.reset_index().sort_values(["cited", "reference"], ascending=[False, True], kind="stable")
    if in_corpus is not None:
        counts = counts[counts["in_corpus"] == in_corpus]
    return counts.head(top).reset_index(drop=True)


def plot_top_cited(graph: pd.DataFrame, top: int = 15, figsize=(9, None)) -> Figure:
    """The most-cited cables as bars, held ones dark, missing ones light."""
    data = top_cited(graph, top)
    fig = Figure(figsize=(figsize[0], figsize[1] or max(2.5, 0.3 * len(data) + 1.2)), layout="constrained")
    ax = fig.add_subplot()
    if data.empty:
        return _empty(fig, ax, "no references", data)
    colors = np.where(data["in_corpus"].to_numpy(dtype=bool), "#08519c", "#9ecae1")
    ax.barh(range(len(data)), data["cited"], color=colors)
    ax.set_yticks(range(len(data)), data["reference"].astype(str).tolist())
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("cables citing it")
    ax.set_title("Most-cited cables (dark: in the corpus; light: missing)")
    fig.cabletools_data = data
    return fig


# cable text in these figures is literal: no mathtext (a TAG or post such as $\FRAC{A}{B}$ stays as written)
from cabletools.plots.literal import literal_module  # noqa: E402

literal_module(globals())
