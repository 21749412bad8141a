"""Figures and tables for stances: who supported or opposed what, country by country, issue by issue.

Every ``plot_*`` function returns a matplotlib ``Figure`` built without pyplot and keeps the numbers
it draws as ``fig.cabletools_data``; a data function beside it returns exactly those numbers, so
tests check data, not pixels:

==================================  ==============================  ===========================================
figure / table                      data                            question
==================================  ==============================  ===========================================
:func:`plot_stance_matrix`          :func:`stance_cells`            who stood where, on which issue?
:func:`plot_positions_over_time`    :func:`positions_over_time`     did one country's positions change?
:func:`plot_countries_side_by_side` :func:`countries_side_by_side`  how do two or more countries differ?
:func:`evidence_table`              :func:`stance_evidence`         what, in the cables, is behind a cell?
==================================  ==============================  ===========================================

Colours are the same everywhere: oppose red, support blue, neutral (and a balance of the two)
grey. A cell's colour is its net position pulled toward neutral when there is little evidence,
(support − oppose) / (n + 2) (:data:`cabletools.stance.analysis.SHRINK`): one supporting cable is a
pale blue (+0.33), ten a deep one (+0.83); the number in the cell is n. All counts come from
:func:`cabletools.stance.stance_counts`, the tables' and figures' one counter, so a figure shows the
numbers ``stance_matrix`` returns for the same `unit`.

Stances come from :func:`cabletools.stance.extract_stances`; issues are those of
:func:`cabletools.stance.issue_labels` (the stances' ``issue`` column, or
:func:`cabletools.stance.issues.assign_issues` when they have none, by default; or
``columns="tags"``, a keyword query with ``issue="cuba|havana"``, a TAG with ``issue="PHUM"``).
By default a cell counts **cables**, not stance rows (``unit="cable"``): a cable whose subject line
and three paragraphs all report Vietnam opposing the same thing is one cable opposing it; a cable
counts once per cell with its net position there (more support than opposition: support, and so
on). Non-state actors are left out unless ``include_non_state=True``.

:class:`StanceView` wires an issue dropdown and a countries list to the matrix and the evidence;
:func:`truth_validation`, :func:`dev_gold_validation` and :func:`un_vote_validation` score the
stances against what is known, and say how to get the reference when it is missing.

>>> import pandas as pd
>>> st = pd.DataFrame({"cable_id": ["A", "A", "B", "C"], "para": [1, 2, 1, 3],
...     "actor": ["VFM Minh", "Minh", "FM Arias", "MFA"],
...     "actor_country": ["Vietnam", "Vietnam", "Costa Rica", "Vietnam"],
...     "target": ["the Iran resolution"] * 4, "stance": ["oppose", "oppose", "support", "neutral"],
...     "cue": ["not support", "rejected", "backs", "will study"], "evidence": ["", "", "", ""]})
>>> stance_cells(st)[["actor_country", "issue", "support", "oppose", "neutral", "n", "net"]].values.tolist()
[['Vietnam', 'Iran', 0, 1, 1, 2, -0.5], ['Costa Rica', 'Iran', 1, 0, 0, 1, 1.0]]
>>> fig = plot_stance_matrix(st)
>>> [t.get_text() for t in fig.axes[0].texts]
['2', '1']
"""
from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter

from cabletools.stance import (STANCE_LABELS, compare_with_un_votes, evaluate_stances, extract_stances,
                               issue_labels, read_stance_gold, read_un_votes, stance_counts)
from cabletools.stance.analysis import COUNT_COLUMNS, SHRINK, drop_non_state
from cabletools.tags import _period_start

__all__ = [
    "STANCE_COLORS",
    "STANCE_CMAP",
    "stance_cells",
    "plot_stance_matrix",
    "positions_over_time",
    "plot_positions_over_time",
    "countries_side_by_side",
    "plot_countries_side_by_side",
    "stance_evidence",
    "EvidenceTable",
    "evidence_table",
    "stance_summary",
    "top_countries",
    "largest_cell",
    "matrix_rows",
    "explain_cable",
    "StanceView",
    "read_truth_stances",
    "truth_validation",
    "dev_gold_validation",
    "un_vote_validation",
]

#: One colour per label, the same in every figure and table.
STANCE_COLORS = {"support": "#2166ac", "oppose": "#c0392b", "neutral": "#9e9e9e"}
#: Net position −1 (all oppose, red) … 0 (neutral or balanced, grey) … +1 (all support, blue).
STANCE_CMAP = LinearSegmentedColormap.from_list(
    "cabletools_stance", [STANCE_COLORS["oppose"], "#e8b4ac", "#cfcfcf", "#a6c4e0", STANCE_COLORS["support"]]
).with_extremes(bad="white")

_COUNT_COLUMNS = COUNT_COLUMNS
_FREQ_WORDS = {"YS": "year", "YE": "year", "Y": "year", "QS": "quarter", "QE": "quarter",
               "MS": "month", "ME": "month", "M": "month", "W": "week", "D": "day"}


# --------------------------------------------------------------------------- helpers
def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _keep(fig: Figure, data: pd.DataFrame) -> Figure:
    fig.cabletools_data = data
    return fig


def _empty(fig: Figure, ax, text: str) -> Figure:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def _text_color(rgba) -> str:
    luminance = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]
    return "white" if luminance < 0.5 else "#222222"


def _as_list(value) -> list | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (Sequence, set, frozenset, np.ndarray, pd.Index)):
        return [value]
    return list(value)


def _labelled(stances: pd.DataFrame, *, index: str, columns: str, issue: str | None,
              cables: pd.DataFrame | None, topics: dict[str, str] | None, min_score: float,
              include_other: bool, dates: bool = False, include_non_state: bool = False) -> pd.DataFrame:
    """`stances` with an ``issue`` column, the `index` column (from `cables` when the stances lack
    it) and, when `dates`, a ``date`` column; rows without an index or issue value dropped, and
    those of non-state actors unless `include_non_state`."""
    st = drop_non_state(stances, include_non_state)
    if min_score and "score" in st.columns:
        st = st[st["score"] >= min_score]
    st = issue_labels(st, columns=columns, issue=issue, cables=cables, topics=topics)
    need = [c for c in ([index] + (["date"] if dates else [])) if c not in st.columns]
    if need:
        meta = _cable_meta(cables, need)
        missing = [c for c in need if meta is None or c not in meta.columns]
        if missing:
            raise ValueError(f"stances have no {missing[0]!r} column: pass cables= holding cable_id and "
                             f"{missing[0]}")
        st = st.merge(meta[["cable_id", *need]].drop_duplicates("cable_id"), on="cable_id", how="left")
    if not include_other and columns == "topic":
        st = st[st["issue"] != "other"]
    return st.dropna(subset=[index, "issue"]).reset_index(drop=True)


def _cable_meta(cables: pd.DataFrame | None, need: list[str]) -> pd.DataFrame | None:
    """cable_id and the columns of `need` that `cables` has (``year`` from ``date``)."""
    if cables is None or "cable_id" not in cables.columns:
        return None
    wanted = [c for c in dict.fromkeys(["cable_id", "date", *need]) if c in cables.columns]
    meta = cables[wanted].drop_duplicates("cable_id")
    if "date" in meta.columns and "year" not in meta.columns:
        meta["year"] = pd.to_datetime(meta["date"], utc=True, errors="coerce").dt.year.astype("Int64")
    return meta


def _count(st: pd.DataFrame, keys: list[str], unit: str) -> pd.DataFrame:
    """:func:`cabletools.stance.stance_counts` of labelled stances `st` grouped by two `keys`, one
    of them ``issue`` (one row per group, the columns in `keys` order)."""
    row_key = next(k for k in keys if k != "issue")
    counts = stance_counts(st, index=row_key, columns="issue", unit=unit, include_non_state=True)
    return counts[[*keys, *_COUNT_COLUMNS]]


def _totals(st: pd.DataFrame, key: str, unit: str) -> pd.DataFrame:
    """n per value of `key` over all issues at once (`key`, n): with ``unit="cable"`` a cable
    reporting a country on three issues counts once in that country's total, not three times."""
    if st.empty:
        return pd.DataFrame({key: [], "n": []})
    everything = st.assign(issue="all issues")
    return stance_counts(everything, index=key, columns="issue", unit=unit, include_non_state=True)[[key, "n"]]


def _order(counts: pd.DataFrame, key: str, chosen, top: int | None) -> list:
    """`chosen` values as given, else the `top` values of `key` with the most stances (ties by name)."""
    if chosen is not None:
        return _as_list(chosen)
    totals = counts.groupby(key, observed=True)["n"].sum()
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [k for k, _ in (ranked if top is None else ranked[:top])]


def _grid(counts: pd.DataFrame, keys: list[str], values: list[list]) -> pd.DataFrame:
    """`counts` on the full product of `values` (empty cells: zeros, net NaN), in that order."""
    grid = pd.MultiIndex.from_product(values, names=keys)
    out = counts.set_index(keys).reindex(grid)
    for c in [*STANCE_LABELS, "n", "n_cables"]:
        out[c] = out[c].fillna(0).astype(np.int64)
    out["net"] = out["net"].astype(float)
    out["net_shrunk"] = out["net_shrunk"].astype(float)
    return out.reset_index()


# --------------------------------------------------------------------------- matrix
def stance_cells(stances: pd.DataFrame, index: str = "actor_country", columns: str = "topic", *,
                 issue: str | None = None, cables: pd.DataFrame | None = None,
                 topics: dict[str, str] | None = None, countries: Sequence[str] | None = None,
                 issues: Sequence[str] | None = None, top_countries: int | None = 15,
                 top_issues: int | None = 12, min_count: int = 1, min_score: float = 0.0,
                 unit: str = "cable", include_other: bool = False,
                 include_non_state: bool = False) -> pd.DataFrame:
    """The cells of a country × issue matrix, one row per cell (tidy), empty cells included.

    Rows of the matrix are values of `index` (countries by default: `countries`, else the
    `top_countries` with the most stances), columns are issues (`issues`, else the `top_issues`
    with the most stances among those countries; the catch-all topic "other" only with
    `include_other`). `columns`, `issue`, `cables`, `topics` mean what they mean in
    :func:`cabletools.stance.stance_matrix`. Columns: `index`, issue, support, oppose, neutral,
    n (= their sum), n_cables, net = (support − oppose) / n, shown (n >= `min_count`: the
    matrix colours only those cells) and row_total (the row's cables, or stance rows, over all
    issues, also those not shown: the number beside its label; a cable on two issues counts once).
    `unit="cable"` counts each cable once per cell with its net position there; `unit="stance"`
    counts stance rows. Countries with the largest row_total first, then issues by their n.

    >>> st = pd.DataFrame({"cable_id": ["A", "A", "B"], "para": [1, 2, 1], "stance": ["oppose"] * 3,
    ...     "actor_country": ["Vietnam"] * 3, "target": ["Cuba embargo", "Cuba", "Cuba"]})
    >>> stance_cells(st)[["oppose", "n", "n_cables"]].values.tolist()
    [[2, 2, 2]]
    >>> stance_cells(st, unit="stance")[["oppose", "n", "n_cables"]].values.tolist()
    [[3, 3, 2]]
    """
    st = _labelled(stances, index=index, columns=columns, issue=issue, cables=cables, topics=topics,
                   min_score=min_score, include_other=include_other, include_non_state=include_non_state)
    if countries is not None:
        st = st[st[index].isin(_as_list(countries))]
    counts = _count(st, [index, "issue"], unit)
    totals = _totals(st, index, unit)
    rows = _order(totals, index, countries, top_countries)
    cols = _order(counts[counts[index].isin(rows)], "issue", issues, top_issues)
    if not rows or not cols:
        return pd.DataFrame(columns=[index, "issue", *_COUNT_COLUMNS, "shown", "row_total"])
    out = _grid(counts, [index, "issue"], [rows, cols])
    out["shown"] = (out["n"] >= max(min_count, 1)).to_numpy(dtype=bool)
    out["row_total"] = out[index].map(totals.set_index(index)["n"]).fillna(0).astype(np.int64)
    return out


def plot_stance_matrix(stances: pd.DataFrame, index: str = "actor_country", columns: str = "topic", *,
                       issue: str | None = None, cables: pd.DataFrame | None = None,
                       topics: dict[str, str] | None = None, countries: Sequence[str] | None = None,
                       issues: Sequence[str] | None = None, top_countries: int | None = 15,
                       top_issues: int | None = 12, min_count: int = 1, min_score: float = 0.0,
                       unit: str = "cable", include_other: bool = False, include_non_state: bool = False,
                       highlight: str | None = None, title: str | None = None,
                       width: float | None = None) -> Figure:
    """Heatmap: countries (rows) × issues (columns), each cell coloured by its net position pulled
    toward neutral when n is small (red oppose … grey neutral … blue support; `net_shrunk`) with
    its count n written in it; cells with fewer than `min_count` are left white. `highlight`
    outlines one issue's column. Data: :func:`stance_cells`; the image array is its `net_shrunk`
    pivoted (NaN where not `shown`), the texts its `n`."""
    data = stance_cells(stances, index, columns, issue=issue, cables=cables, topics=topics, countries=countries,
                        issues=issues, top_countries=top_countries, top_issues=top_issues, min_count=min_count,
                        min_score=min_score, unit=unit, include_other=include_other,
                        include_non_state=include_non_state)
    rows = list(dict.fromkeys(data[index])) if len(data) else []
    cols = list(dict.fromkeys(data["issue"])) if len(data) else []
    fig = _figure(width or max(5.0, 0.62 * len(cols) + 3.6), max(2.4, 0.34 * len(rows) + 2.2))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, "no stances to show"), data)
    net = data["net_shrunk"].where(data["shown"])
    grid = pd.Series(net.to_numpy(dtype=float), index=pd.MultiIndex.from_frame(data[[index, "issue"]])) \
        .unstack("issue").reindex(index=rows, columns=cols).to_numpy(dtype=float)
    counts = data.set_index([index, "issue"])["n"]
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=STANCE_CMAP, vmin=-1, vmax=1, aspect="auto",
                      interpolation="nearest")
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            if not np.isnan(grid[i, j]):
                color = _text_color(image.cmap(image.norm(grid[i, j])))
                ax.text(j, i, f"{counts[(r, c)]:,}", ha="center", va="center", fontsize=8, color=color,
                        in_layout=False)  # inside its cell: the layout need not measure it
    n_rows = data.drop_duplicates(index).set_index(index)["row_total"].reindex(rows)
    ax.set_yticks(range(len(rows)), [f"{r} ({n:,})" for r, n in zip(rows, n_rows)], fontsize=9)
    ax.set_xticks(range(len(cols)), [str(c) for c in cols], rotation=40, ha="right", fontsize=9)
    # white lines between the cells (drawn as lines: minor ticks would add labels to measure)
    ax.vlines(np.arange(0.5, len(cols) - 1), -0.5, len(rows) - 0.5, colors="white", lw=1.5)
    ax.hlines(np.arange(0.5, len(rows) - 1), -0.5, len(cols) - 0.5, colors="white", lw=1.5)
    if highlight is not None and highlight in cols:
        j = cols.index(highlight)
        ax.add_patch(Rectangle((j - 0.5, -0.5), 1, len(rows), fill=False, edgecolor="#222", lw=2))
    bar = fig.colorbar(image, ax=ax, fraction=0.035, pad=0.02, ticks=[-1, 0, 1])
    bar.ax.set_yticklabels(["all oppose", "neutral /\nbalanced", "all support"], fontsize=8)
    what = "cables" if unit == "cable" else "stances"
    bar.set_label(f"(support − oppose) / (n + {SHRINK}): few {what}, paler", fontsize=8)
    ax.set_title(title or f"Positions by {'country' if index == 'actor_country' else index} and issue "
                          f"(number in a cell: {what} with a stance)", fontsize=10)
    return _keep(fig, data)


# --------------------------------------------------------------------------- over time
def positions_over_time(stances: pd.DataFrame, country: str, *, index: str = "actor_country",
                        columns: str = "topic", issue: str | None = None, cables: pd.DataFrame | None = None,
                        topics: dict[str, str] | None = None, issues: Sequence[str] | None = None,
                        top: int | None = 8, freq: str = "YS", min_score: float = 0.0, unit: str = "cable",
                        include_other: bool = False, include_non_state: bool = False) -> pd.DataFrame:
    """One country's positions per issue and period (tidy: only periods with stances).

    Dates come from the stances' ``date`` column or from `cables` (cable_id, date); undated stances
    are left out. Issues: `issues`, else the country's `top` issues by number of stances. Columns:
    issue, date (start of the pandas `freq` period, UTC), support, oppose, neutral, n, n_cables, net.
    Issues most reported first, then periods in time order.

    >>> st = pd.DataFrame({"cable_id": ["A", "B", "C"], "para": [1, 1, 1], "actor_country": ["Vietnam"] * 3,
    ...     "target": ["the Iran resolution"] * 3, "stance": ["oppose", "neutral", "support"],
    ...     "date": pd.to_datetime(["2007-03-01", "2007-11-01", "2009-02-01"], utc=True)})
    >>> out = positions_over_time(st, "Vietnam")
    >>> [(d.year, n, net) for d, n, net in zip(out["date"], out["n"], out["net"])]
    [(2007, 2, -0.5), (2009, 1, 1.0)]
    """
    st = _labelled(stances, index=index, columns=columns, issue=issue, cables=cables, topics=topics,
                   min_score=min_score, include_other=include_other, dates=True,
                   include_non_state=include_non_state)
    st = st[st[index] == country]
    st = st.assign(date=_period_start(pd.to_datetime(st["date"], utc=True, errors="coerce"), freq))
    st = st.dropna(subset=["date"])
    counts = _count(st, ["issue", "date"], unit) if len(st) else pd.DataFrame(columns=["issue", "date",
                                                                                        *_COUNT_COLUMNS])
    columns_out = ["issue", "date", *_COUNT_COLUMNS]
    chosen = _order(counts, "issue", issues, top)
    if counts.empty or not chosen:
        return pd.DataFrame(columns=columns_out)
    counts = counts[counts["issue"].isin(chosen)]
    counts = counts.assign(_rank=counts["issue"].map({k: i for i, k in enumerate(chosen)}))
    return counts.sort_values(["_rank", "date"], kind="stable")[columns_out].reset_index(drop=True)


def plot_positions_over_time(stances: pd.DataFrame, country: str, *, index: str = "actor_country",
                             columns: str = "topic", issue: str | None = None,
                             cables: pd.DataFrame | None = None, topics: dict[str, str] | None = None,
                             issues: Sequence[str] | None = None, top: int | None = 8, freq: str = "YS",
                             min_score: float = 0.0, unit: str = "cable", include_other: bool = False,
                             include_non_state: bool = False, title: str | None = None,
                             width: float = 9.0) -> Figure:
    """Dot timeline: one row per issue, one dot per period in which the country took a position
    on it; the dot's colour is the net position pulled toward neutral when n is small
    (`net_shrunk`, red oppose … blue support), its area and number the count n. Data: :func:`positions_over_time` (dot i is row i)."""
    data = positions_over_time(stances, country, index=index, columns=columns, issue=issue, cables=cables,
                               topics=topics, issues=issues, top=top, freq=freq, min_score=min_score,
                               unit=unit, include_other=include_other, include_non_state=include_non_state)
    rows = list(dict.fromkeys(data["issue"])) if len(data) else []
    fig = _figure(width, max(2.4, 0.45 * len(rows) + 1.8))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, f"no dated stances of {country}"), data)
    y = data["issue"].map({k: i for i, k in enumerate(rows)}).to_numpy(dtype=float)
    x = mdates.date2num(pd.to_datetime(data["date"], utc=True).dt.tz_localize(None).to_numpy())
    n = data["n"].to_numpy(dtype=float)
    sizes = 60 + 340 * np.sqrt(n / n.max())
    shade = data["net_shrunk"].to_numpy(dtype=float)
    dots = ax.scatter(x, y, s=sizes, c=shade, cmap=STANCE_CMAP, vmin=-1, vmax=1,
                      edgecolors="#555", linewidths=0.6, zorder=3)
    for xi, yi, ni, rgba in zip(x, y, n, dots.to_rgba(shade)):
        ax.text(xi, yi, f"{int(ni)}", ha="center", va="center", fontsize=7, color=_text_color(rgba), zorder=4,
                in_layout=False)
    ax.set_yticks(range(len(rows)), rows, fontsize=9)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", color="#eee", zorder=0)
    ax.xaxis_date()
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    pad = max(40.0, (x.max() - x.min()) * 0.04)
    ax.set_xlim(x.min() - pad, x.max() + pad)
    bar = fig.colorbar(dots, ax=ax, fraction=0.03, pad=0.01, ticks=[-1, 0, 1])
    bar.ax.set_yticklabels(["oppose", "neutral", "support"], fontsize=8)
    word = _FREQ_WORDS.get(freq, freq)
    what = "cables" if unit == "cable" else "stances"
    ax.set_xlabel(f"{word} (dot: {what} with a stance that {word}; colour: (support − oppose) / "
                  f"(n + {SHRINK}), few {what} paler)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"{country}: positions over time, by issue", fontsize=11)
    return _keep(fig, data)


# --------------------------------------------------------------------------- side by side
def countries_side_by_side(stances: pd.DataFrame, countries: Sequence[str], *, index: str = "actor_country",
                           columns: str = "topic", issue: str | None = None, cables: pd.DataFrame | None = None,
                           topics: dict[str, str] | None = None, issues: Sequence[str] | None = None,
                           top: int | None = 10, min_score: float = 0.0, unit: str = "cable",
                           include_other: bool = False, include_non_state: bool = False) -> pd.DataFrame:
    """Two or more countries on the same issues (tidy: one row per issue and country, zeros kept).

    Issues: `issues`, else the `top` issues with the most stances of these countries taken
    together. Columns: issue, `index`, support, oppose, neutral, n, n_cables, net, and the
    share of each label in n (share_support, share_oppose, share_neutral; 0 where n = 0).
    Issues most reported first, countries in the given order.

    >>> st = pd.DataFrame({"cable_id": ["A", "B", "C"], "para": [1, 1, 1],
    ...     "actor_country": ["Vietnam", "Vietnam", "Japan"], "target": ["Iran sanctions"] * 3,
    ...     "stance": ["oppose", "neutral", "support"]})
    >>> countries_side_by_side(st, ["Vietnam", "Japan"])[["actor_country", "share_oppose", "share_support"]].values.tolist()
    [['Vietnam', 0.5, 0.0], ['Japan', 0.0, 1.0]]
    """
    countries = _as_list(countries)
    st = _labelled(stances, index=index, columns=columns, issue=issue, cables=cables, topics=topics,
                   min_score=min_score, include_other=include_other, include_non_state=include_non_state)
    st = st[st[index].isin(countries)]
    counts = _count(st, ["issue", index], unit)
    chosen = _order(counts, "issue", issues, top)
    shares = [f"share_{s}" for s in STANCE_LABELS]
    if not chosen or not countries:
        return pd.DataFrame(columns=["issue", index, *_COUNT_COLUMNS, *shares])
    out = _grid(counts, ["issue", index], [chosen, countries])
    for s in STANCE_LABELS:
        out[f"share_{s}"] = np.where(out["n"] > 0, out[s] / out["n"].where(out["n"] > 0, 1), 0.0)
    return out


def plot_countries_side_by_side(stances: pd.DataFrame, countries: Sequence[str], *,
                                index: str = "actor_country", columns: str = "topic", issue: str | None = None,
                                cables: pd.DataFrame | None = None, topics: dict[str, str] | None = None,
                                issues: Sequence[str] | None = None, top: int | None = 10,
                                min_score: float = 0.0, unit: str = "cable", include_other: bool = False,
                                include_non_state: bool = False, title: str | None = None,
                                width: float | None = None) -> Figure:
    """One panel per country, side by side on the same issues: a diverging bar per issue with the
    share opposing to the left of zero (red), neutral centred on it (grey) and supporting to the
    right (blue); n at the bar's end, "—" where the country took no position. Data:
    :func:`countries_side_by_side` (the panels in `countries` order, bars in issue order)."""
    countries = _as_list(countries)
    data = countries_side_by_side(stances, countries, index=index, columns=columns, issue=issue, cables=cables,
                                  topics=topics, issues=issues, top=top, min_score=min_score, unit=unit,
                                  include_other=include_other, include_non_state=include_non_state)
    rows = list(dict.fromkeys(data["issue"])) if len(data) else []
    n_panels = max(1, len(countries))
    fig = _figure(width or max(6.0, 3.2 * n_panels + 2.0), max(2.4, 0.4 * len(rows) + 1.9))
    if data.empty:
        return _keep(_empty(fig, fig.add_subplot(), "no stances of these countries"), data)
    axes = fig.subplots(1, n_panels, sharey=True, squeeze=False)[0]
    y = np.arange(len(rows))
    for ax, country in zip(axes, countries):
        part = data[data[index] == country].set_index("issue").reindex(rows)
        neutral = part["share_neutral"].to_numpy(dtype=float)
        oppose = part["share_oppose"].to_numpy(dtype=float)
        support = part["share_support"].to_numpy(dtype=float)
        ax.barh(y, oppose, left=-neutral / 2 - oppose, color=STANCE_COLORS["oppose"], height=0.7)
        ax.barh(y, neutral, left=-neutral / 2, color=STANCE_COLORS["neutral"], height=0.7)
        ax.barh(y, support, left=neutral / 2, color=STANCE_COLORS["support"], height=0.7)
        for yi, n, right in zip(y, part["n"], neutral / 2 + support):
            ax.text(min(right, 1.0) + 0.04 if n else 0.0, yi, f"{n:,}" if n else "—", va="center",
                    ha="left" if n else "center", fontsize=7.5, color="#444", in_layout=False)
        ax.axvline(0, color="#444", lw=0.8)
        ax.set_xlim(-1.05, 1.25)
        ax.xaxis.set_major_locator(FixedLocator([-1, -0.5, 0, 0.5, 1]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0%}"))
        ax.set_title(f"{country} ({int(part['n'].sum()):,})", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelsize=8)
    axes[0].set_yticks(y, rows, fontsize=9)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    what = "cables" if unit == "cable" else "stances"
    fig.supxlabel(f"share of the country's {what} on the issue: ← oppose | neutral | support → "
                  f"(number: {what})", fontsize=8)
    fig.legend(handles=[Patch(color=STANCE_COLORS[s], label=s) for s in ("oppose", "neutral", "support")],
               ncols=3, loc="outside upper right", fontsize=8, frameon=False)
    fig.suptitle(title or "Countries side by side, issue by issue", fontsize=11)
    return _keep(fig, data)


# --------------------------------------------------------------------------- evidence
_EVIDENCE_COLUMNS = ["cable_id", "para", "date", "actor", "actor_country", "issue", "stance", "cue", "target",
                     "evidence", "score"]


def stance_evidence(stances: pd.DataFrame, country=None, cell_issue=None, *, index: str = "actor_country",
                    columns: str = "topic", issue: str | None = None, cables: pd.DataFrame | None = None,
                    topics: dict[str, str] | None = None, min_score: float = 0.0,
                    include_other: bool = True, include_non_state: bool = False) -> pd.DataFrame:
    """The stance rows behind a matrix cell: `country` (a value of `index`, or a list, or None for
    all) × `cell_issue` (an issue of the matrix's `columns`, or a list, or None).

    Columns: cable_id, para, date (from `cables` when given), actor, actor_country, issue, stance,
    cue, target, evidence, score — oldest first (undated last), then by cable and paragraph.

    >>> st = pd.DataFrame({"cable_id": ["B", "A"], "para": [2, 5], "actor": ["Minh", "FM"],
    ...     "actor_country": ["Vietnam", "Vietnam"], "target": ["the Iran resolution", "Cuba"],
    ...     "stance": ["oppose", "support"], "cue": ["rejected", "backs"], "evidence": ["x", "y"]})
    >>> stance_evidence(st, "Vietnam", "Iran")[["cable_id", "para", "stance"]].values.tolist()
    [['B', 2, 'oppose']]
    """
    st = _labelled(stances, index=index, columns=columns, issue=issue, cables=cables, topics=topics,
                   min_score=min_score, include_other=include_other, include_non_state=include_non_state,
                   dates=cables is not None and "date" in cables.columns or "date" in stances.columns)
    if country is not None:
        st = st[st[index].isin(_as_list(country))]
    if cell_issue is not None:
        st = st[st["issue"].isin(_as_list(cell_issue))]
    for c in _EVIDENCE_COLUMNS:
        if c not in st.columns:
            st = st.assign(**{c: pd.NaT if c == "date" else None})
    st = st.assign(_dated=st["date"].isna())
    st = st.sort_values(["_dated", "date", "cable_id", "para", "stance"], kind="stable")
    keep = _EVIDENCE_COLUMNS + ([index] if index not in _EVIDENCE_COLUMNS else [])
    return st[keep].reset_index(drop=True)


@dataclass
class EvidenceTable:
    """An HTML table of evidence (all cable text escaped) and the rows it shows.

    ``data`` holds exactly the rows of the table, ``n_total`` how many there were before `limit`;
    in a notebook the object shows as the table.
    """

    data: pd.DataFrame
    html: str
    title: str
    n_total: int = 0
    link: str | None = field(default=None, repr=False)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"EvidenceTable({self.title!r})"

    def __str__(self) -> str:
        return self.title

    def __len__(self) -> int:
        return len(self.data)


def _cell_link(cable_id, para, link: str | None) -> str:
    label = html.escape(f"{cable_id} ¶{para}")
    tip = html.escape(f"cable {cable_id}, paragraph {para}", quote=True)
    if link:
        url = link.format(cable_id=quote(str(cable_id), safe=""), para=quote(str(para), safe=""))
        return (f"<a class='ct-cable-link' href='{html.escape(url, quote=True)}' target='_blank' "
                f"rel='noopener noreferrer' title='{tip}'>{label}</a>")
    # no link: plain text that does not look clickable (a blue, underlined label that does nothing misleads)
    return f"<span class='ct-cable-id' title='{tip}' style='font-family:monospace;white-space:nowrap'>{label}</span>"


def _highlight(evidence: str, cue: str) -> str:
    """`evidence` escaped, with `cue` (when it occurs as written) marked."""
    if cue:
        m = re.search(re.escape(cue), evidence, flags=re.I)
        if m:
            return (html.escape(evidence[:m.start()]) + "<mark>" + html.escape(m.group(0)) + "</mark>"
                    + html.escape(evidence[m.end():]))
    return html.escape(evidence)


def _names(values, plural: str, most: int = 4) -> str:
    """"Vietnam, Japan" for a few values, "12 countries" for many, "all countries" for None."""
    if values is None:
        return f"all {plural}"
    values = _as_list(values)
    return ", ".join(map(str, values)) if len(values) <= most else f"{len(values)} {plural}"


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def evidence_table(stances: pd.DataFrame, country=None, cell_issue=None, *, index: str = "actor_country",
                   columns: str = "topic", issue: str | None = None, cables: pd.DataFrame | None = None,
                   topics: dict[str, str] | None = None, min_score: float = 0.0, limit: int | None = 25,
                   link: str | None = None, include_non_state: bool = False) -> EvidenceTable:
    """The evidence behind one cell (or several) of the matrix as an HTML table: cable and
    paragraph, date, actor, stance, cue and the evidence sentence, the cue marked in it. All cable
    text is HTML-escaped, so a cable quoting ``<script>`` shows those characters and runs nothing.

    `link` turns the cable label into a link: a format string with ``{cable_id}`` and ``{para}``
    (e.g. ``"https://wikileaks.org/plusd/cables/{cable_id}_a.html"`` for Cablegate); without it the
    label is plain text. `limit` caps the rows shown (None: all); the title says how many
    there were. Rows: :func:`stance_evidence`.

    >>> st = pd.DataFrame({"cable_id": ["08X1"], "para": [3], "actor": ["<b>FM</b>"], "actor_country": ["Vietnam"],
    ...     "target": ["Iran"], "stance": ["oppose"], "cue": ["rejected"], "evidence": ["FM rejected <script>"]})
    >>> t = evidence_table(st, "Vietnam", "Iran")
    >>> "<script>" in t.html, "&lt;script&gt;" in t.html, "&lt;b&gt;FM&lt;/b&gt;" in t.html, t.title
    (False, True, True, 'Vietnam × Iran: 1 stance in 1 cable (oppose 1)')
    """
    rows = stance_evidence(stances, country, cell_issue, index=index, columns=columns, issue=issue,
                           cables=cables, topics=topics, min_score=min_score, include_non_state=include_non_state)
    shown = rows if limit is None else rows.head(limit)
    what = " × ".join(_names(v, w) for v, w in ((country, "countries"), (cell_issue, "issues")))
    label_counts = rows["stance"].value_counts()
    mix = ", ".join(f"{s} {int(label_counts[s]):,}" for s in STANCE_LABELS if s in label_counts)
    n_cables = rows["cable_id"].nunique()
    title = (f"{what}: {len(rows):,} stance{'s' if len(rows) != 1 else ''} in {n_cables:,} "
             f"cable{'s' if n_cables != 1 else ''}" + (f" ({mix})" if mix else ""))
    if len(shown) < len(rows):
        title += f"; the first {len(shown):,} shown"
    heads = ("cable ¶", "date", "actor", "stance", "cue", "evidence")
    th = "".join(f"<th style='text-align:left;padding:3px 8px;border-bottom:1px solid #999'>{h}</th>"
                 for h in heads)
    body = []
    for r in shown.itertuples(index=False):
        date = "" if pd.isna(r.date) else f"{pd.Timestamp(r.date):%Y-%m-%d}"
        stance = _text(r.stance)
        color = STANCE_COLORS.get(stance, "#666")
        actor = html.escape(_text(r.actor))
        if _text(r.actor_country):
            actor += f"<br><small style='color:#666'>{html.escape(_text(r.actor_country))}</small>"
        cells = (
            _cell_link(_text(r.cable_id), _text(r.para), link),
            html.escape(date),
            actor,
            f"<span style='color:white;background:{color};padding:0 5px;border-radius:3px'>{html.escape(stance)}</span>",
            html.escape(_text(r.cue)),
            _highlight(_text(r.evidence), _text(r.cue)),
        )
        body.append("<tr>" + "".join(f"<td style='padding:3px 8px;vertical-align:top'>{c}</td>" for c in cells)
                    + "</tr>")
    table = (f"<table class='ct-evidence' style='border-collapse:collapse;font-size:90%'>"
             f"<caption style='text-align:left;font-weight:bold;padding:4px 0'>{html.escape(title)}</caption>"
             f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    return EvidenceTable(data=shown.reset_index(drop=True), html=table, title=title, n_total=len(rows), link=link)


# --------------------------------------------------------------------------- plain-text summary
def _plural(n: int, word: str, plural: str | None = None) -> str:
    """"1 country", "2 countries", "1,200 cables".

    >>> _plural(1, "country", "countries"), _plural(2, "country", "countries"), _plural(1200, "cable")
    ('1 country', '2 countries', '1,200 cables')
    """
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def stance_summary(stances: pd.DataFrame, *, index: str = "actor_country", columns: str = "topic",
                   cables: pd.DataFrame | None = None, topics: dict[str, str] | None = None,
                   top: int = 5, unit: str = "cable", include_other: bool = False,
                   include_non_state: bool = False) -> str:
    """Plain text: stances per label, how many fall under "other" (topics only), then the `top`
    country × issue cells with the largest n (ties by name), each with its counts and net position.

    >>> st = pd.DataFrame({"cable_id": ["A", "B"], "para": [1, 1], "actor_country": ["Vietnam", "Japan"],
    ...     "target": ["Iran", "Cuba"], "stance": ["oppose", "support"]})
    >>> print(stance_summary(st))
    2 stances in 2 cables, 2 countries: support 1, oppose 1, neutral 0
    issues: 0 stances under "other" (no issue found: left out of the matrices)
    top 2 country × issue cells (cables):
      Japan × Cuba: 1 (support 1, oppose 0, neutral 0), net +1.00
      Vietnam × Iran: 1 (support 0, oppose 1, neutral 0), net -1.00
    """
    counts = stances["stance"].value_counts()
    n_countries = stances[index].nunique() if index in stances.columns else 0
    lines = [f"{_plural(len(stances), 'stance')} in {_plural(stances['cable_id'].nunique(), 'cable')}, "
             f"{_plural(n_countries, 'country', 'countries')}: "
             + ", ".join(f"{s} {int(counts.get(s, 0)):,}" for s in STANCE_LABELS)]
    st = _labelled(stances, index=index, columns=columns, issue=None, cables=cables, topics=topics,
                   min_score=0.0, include_other=True, include_non_state=include_non_state)
    if columns == "topic":
        other = int((st["issue"] == "other").sum())
        lines.append(f"issues: {_plural(other, 'stance')} under \"other\" ({other / max(len(st), 1):.0%}; no issue "
                     f"found: left out of the matrices)" if other else
                     'issues: 0 stances under "other" (no issue found: left out of the matrices)')
        if not include_other:
            st = st[st["issue"] != "other"]
    if top:
        cells = _count(st, [index, "issue"], unit) if len(st) else pd.DataFrame(columns=[index, "issue",
                                                                                          *_COUNT_COLUMNS])
        cells = sorted(cells.itertuples(index=False),
                       key=lambda r: (-r.n, str(getattr(r, index)), str(r.issue)))[:top]
        lines.append(f"top {_plural(len(cells), 'country × issue cell')} ({'cables' if unit == 'cable' else 'stances'}):")
        for r in cells:
            lines.append(f"  {getattr(r, index)} × {r.issue}: {r.n:,} (support {r.support:,}, oppose {r.oppose:,}, "
                         f"neutral {r.neutral:,}), net {r.net:+.2f}")
    return "\n".join(lines)


def top_countries(stances: pd.DataFrame, n: int = 2, *, index: str = "actor_country") -> list:
    """The `n` values of `index` (countries) reported in the most cables, ties by name.

    >>> st = pd.DataFrame({"cable_id": ["A", "A", "B", "C", "D"],
    ...                    "actor_country": ["Peru", "Peru", "Japan", "Japan", "Chile"]})
    >>> top_countries(st, 2)
    ['Japan', 'Chile']
    """
    counts = stances.dropna(subset=[index]).groupby(index, observed=True)["cable_id"].nunique()
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]]


def largest_cell(cells: pd.DataFrame, *, index: str = "actor_country") -> tuple | None:
    """(row, issue) of the cell of :func:`stance_cells` with the largest n (first in matrix order
    on ties), or None for an empty matrix.

    >>> cells = pd.DataFrame({"actor_country": ["Chile", "Peru"], "issue": ["Cuba", "Iran"], "n": [1, 3]})
    >>> largest_cell(cells)
    ('Peru', 'Iran')
    """
    if cells.empty or not (cells["n"] > 0).any():
        return None
    row = cells.iloc[int(np.argmax(cells["n"].to_numpy()))]
    return row[index], row["issue"]


def matrix_rows(cells: pd.DataFrame, n: int | None = None, *, index: str = "actor_country") -> list:
    """The rows of a matrix of :func:`stance_cells` in the order drawn (top first), the first `n`.

    >>> cells = pd.DataFrame({"actor_country": ["Peru", "Peru", "Chile"], "issue": ["Cuba", "Iran", "Cuba"]})
    >>> matrix_rows(cells), matrix_rows(cells, 1)
    (['Peru', 'Chile'], ['Peru'])
    """
    rows = list(dict.fromkeys(cells[index])) if len(cells) else []
    return rows if n is None else rows[:n]


def explain_cable(cables: pd.DataFrame, cable_id: str) -> pd.DataFrame:
    """Every cue found in one cable of `cables` and what the extraction decided about it, with the
    reason (:func:`cabletools.stance.explain_stances` on that cable's body, subject and country).

    >>> df = pd.DataFrame({"cable_id": ["08X1"], "country": ["Vietnam"], "subject": [None], "signer": [None],
    ...     "body": ["1. The Ambassador urged Vietnam to condemn Russia. Minh refused to do so."]})
    >>> explain_cable(df, "08X1")[["cue", "stance"]].fillna("-").values.tolist()
    [['urged', '-'], ['condemn', '-'], ['refused', 'oppose']]
    """
    from cabletools.stance import explain_stances

    rows = cables[cables["cable_id"] == cable_id]
    if rows.empty:
        raise KeyError(f"no cable {cable_id!r} in the frame")
    row = rows.iloc[0]
    get = lambda c: row[c] if c in row.index and isinstance(row[c], str) else None  # noqa: E731
    return explain_stances(get("body") or "", subject=get("subject"), country=get("country"),
                           signer=get("signer"), cable_id=cable_id)


# --------------------------------------------------------------------------- interactive view
class StanceView:
    """An issue dropdown and a countries list that redraw the matrix and the evidence below them.

    No country picked: the `top_countries` with the most stances (on the picked issue, if one is).
    The matrix shows the `top_issues` issues of those countries with the picked issue outlined;
    the evidence table lists the stances of the matrix's countries on the picked issue (on all
    issues when none is). ``.data`` holds the matrix cells last drawn (:func:`stance_cells`),
    ``.evidence`` the :class:`EvidenceTable` last shown, ``.image`` the PNG widget,
    ``.evidence_html`` the HTML widget, ``.widget`` the box to display (displaying the view works
    too). A failing redraw is shown in the view, not lost.

    >>> st = pd.DataFrame({"cable_id": ["A", "B"], "para": [1, 1], "actor": ["FM", "PM"],
    ...     "actor_country": ["Vietnam", "Japan"], "target": ["Iran", "Iran"], "stance": ["oppose", "support"],
    ...     "cue": ["", ""], "evidence": ["", ""]})
    >>> view = StanceView(st)
    >>> view.country_select.value = ("Japan",)
    >>> view.data[["actor_country", "issue", "n"]].values.tolist(), view.evidence.title
    ([['Japan', 'Iran', 1]], 'Japan × all issues: 1 stance in 1 cable (support 1)')
    >>> view.country_select.value = ()
    >>> view.evidence.title
    'Japan, Vietnam × all issues: 2 stances in 2 cables (support 1, oppose 1)'
    """

    def __init__(self, stances: pd.DataFrame, cables: pd.DataFrame | None = None, *, columns: str = "topic",
                 issue: str | None = None, topics: dict[str, str] | None = None, top_countries: int = 12,
                 top_issues: int = 12, evidence_rows: int = 15, unit: str = "cable",
                 include_other: bool = False, include_non_state: bool = False, link: str | None = None,
                 dpi: int = 80) -> None:
        import ipywidgets as w

        self.top_countries, self.top_issues, self.evidence_rows = top_countries, top_issues, evidence_rows
        self.unit, self.link, self.dpi = unit, link, dpi
        self.cables = cables
        # issues are labelled once; every redraw groups by the ready "issue" column
        self.labelled = _labelled(stances, index="actor_country", columns=columns, issue=issue, cables=cables,
                                  topics=topics, min_score=0.0, include_other=include_other,
                                  dates=cables is not None and "date" in cables.columns,
                                  include_non_state=include_non_state)
        cells = _count(self.labelled, ["actor_country", "issue"], unit)
        issue_n = cells.groupby("issue")["n"].sum() if len(cells) else pd.Series(dtype=int)
        country_n = _totals(self.labelled, "actor_country", unit).set_index("actor_country")["n"]
        ranked = lambda s: sorted(s.items(), key=lambda kv: (-kv[1], str(kv[0])))  # noqa: E731
        self.issue_select = w.Dropdown(
            description="Issue", options=[("all issues", None)] + [(f"{k} ({v:,})", k) for k, v in ranked(issue_n)],
            value=None, layout=w.Layout(width="320px"))
        self.country_select = w.SelectMultiple(
            description="Countries", options=[(f"{k} ({v:,})", k) for k, v in ranked(country_n)],
            rows=8, layout=w.Layout(width="320px"))
        self.status = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(width="100%", max_width="1000px"))
        self.image.add_class("ct-stance-matrix")
        self.evidence_html = w.HTML()
        self.evidence_html.add_class("ct-stance-evidence")
        self.data = pd.DataFrame()
        self.evidence = EvidenceTable(pd.DataFrame(columns=_EVIDENCE_COLUMNS), "", "")
        self._holding = False
        self.issue_select.observe(self._on_change, names="value")
        self.country_select.observe(self._on_change, names="value")
        self.widget = w.VBox([w.HBox([self.issue_select, self.country_select]), self.status, self.image,
                              self.evidence_html])
        self.redraw()

    def _on_change(self, change) -> None:
        if not self._holding:
            self.redraw()

    def pick(self, issue: str | None = None, countries: Sequence[str] = ()) -> None:
        """Set the issue and the countries together and redraw once (setting the two controls one
        after the other redraws twice)."""
        self._holding = True
        try:
            self.issue_select.value = issue
            self.country_select.value = tuple(countries)
        finally:
            self._holding = False
        self.redraw()

    def redraw(self) -> None:
        """Recompute `.data` and `.evidence` from the controls and show them."""
        try:
            picked_issue = self.issue_select.value
            countries = list(self.country_select.value) or None
            st = self.labelled
            if countries is None:
                pool = st if picked_issue is None else st[st["issue"] == picked_issue]
                countries = _order(_totals(pool, "actor_country", self.unit), "actor_country", None,
                                   self.top_countries)
            kwargs = dict(columns="issue", countries=countries, top_countries=None, top_issues=self.top_issues,
                          unit=self.unit, include_other=True)
            fig = plot_stance_matrix(st, highlight=picked_issue, **kwargs)
            data = fig.cabletools_data
            if picked_issue is not None and len(data) and picked_issue not in set(data["issue"]):
                issues = list(dict.fromkeys(data["issue"]))[: max(self.top_issues - 1, 0)] + [picked_issue]
                fig = plot_stance_matrix(st, highlight=picked_issue, issues=issues, **kwargs)
                data = fig.cabletools_data
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=self.dpi)
            self.data = data
            self.image.value = buffer.getvalue()
            self.evidence = evidence_table(st, countries, picked_issue, columns="issue", limit=self.evidence_rows,
                                           link=self.link)
            self.evidence_html.value = self.evidence.html
            self.status.value = html.escape(self.summary())
        except Exception as exc:  # show it in the view: a widget callback's traceback is otherwise lost
            self.status.value = (f"<pre style='color:#b00020;white-space:pre-wrap'>redraw failed: "
                                 f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>")

    def summary(self) -> str:
        """One line: what the matrix and the evidence now show."""
        rows = self.data["actor_country"].nunique() if len(self.data) else 0
        cols = self.data["issue"].nunique() if len(self.data) else 0
        cells = int(self.data["shown"].sum()) if len(self.data) else 0
        return (f"matrix: {_plural(rows, 'country', 'countries')} × {_plural(cols, 'issue')}, "
                f"{_plural(cells, 'cell')} with stances; evidence: {_plural(self.evidence.n_total, 'stance')}")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


# --------------------------------------------------------------------------- validation
def read_truth_stances(corpus) -> pd.DataFrame | None:
    """The known stances a synthetic corpus ships with (``truth/stances.tsv`` beside its cables, as
    ``python -m cabletools synth --truth`` writes them), or None when there is none.

    `corpus` is the path given to ``read_cables``: the folder holding ``cables/`` and ``truth/``,
    the ``cables`` folder itself, or a file in it.

    >>> read_truth_stances("/nonexistent") is None
    True
    """
    if corpus is None or not isinstance(corpus, (str, os.PathLike)):
        return None
    path = Path(corpus)
    if not path.exists():
        return None
    if path.is_file():
        path = path.parent
    for folder in (path, path.parent):
        truth = folder / "truth" / "stances.tsv"
        if truth.is_file():
            out = pd.read_csv(truth, sep="\t", dtype=str, keep_default_na=False)
            out["para"] = out["para"].astype(np.int64)
            return out
    return None


def truth_validation(stances: pd.DataFrame, cables: pd.DataFrame, corpus) -> tuple[pd.DataFrame | None, str]:
    """Scores of `stances` against a synthetic corpus's known stances, and a sentence saying what
    was scored (or why nothing was).

    Every cable of `cables` is scored, also those with no known stance, at the paragraph level of
    :func:`cabletools.stance.evaluate_stances`. The truth labels numbered paragraphs only, so
    stances read from subject lines and text before paragraph 1 (paragraph 0) are left out.
    """
    truth = read_truth_stances(corpus)
    if truth is None:
        return None, (f"no known stances beside {corpus}: a synthetic corpus made with `python -m cabletools "
                      f"synth --truth DIR` has them in DIR/stances.tsv; a real corpus has none (see the "
                      f"hand-labelled gold above and the UN-votes check below)")
    ids = cables["cable_id"].dropna().astype(str)
    truth = truth[truth["cable_id"].isin(set(ids))]
    gold = pd.concat([truth[["cable_id", "para", "stance"]],
                      pd.DataFrame({"cable_id": ids.to_numpy(), "para": 0, "stance": "none"})], ignore_index=True)
    pred = stances[stances["para"] > 0]
    table = evaluate_stances(pred, gold)
    micro = table.loc["micro"]
    return table, (f"known stances of the synthetic corpus: micro-F1 {micro['f1']:.3f} (precision "
                   f"{micro['precision']:.3f}, recall {micro['recall']:.3f}) over {int(micro['n_gold']):,} known "
                   f"stances in {ids.nunique():,} cables, numbered paragraphs only")


def _shared_folder(shared) -> Path | None:
    if shared is None:
        shared = os.environ.get("CABLETOOLS_SHARED")
    if not shared:
        return None
    path = Path(shared)
    return path if path.is_dir() else None


def dev_gold_validation(shared=None, gold: str = "dev_gold.csv") -> tuple[pd.DataFrame | None, str]:
    """Scores of :func:`cabletools.stance.extract_stances` on a hand-labelled gold file of real
    cables, and a sentence saying the result (or how to get it).

    `shared` is the folder with ``stance/<gold>`` and ``corpus/*/txt/<cable id>.txt`` (default: the
    ``CABLETOOLS_SHARED`` environment variable). Without it nothing is computed.

    >>> table, message = dev_gold_validation("/nonexistent")
    >>> table is None, message.startswith("no hand-labelled gold")
    (True, True)
    """
    folder = _shared_folder(shared)
    gold_path = folder / "stance" / gold if folder else None
    if gold_path is None or not gold_path.is_file():
        return None, ("no hand-labelled gold found: set CABLETOOLS_SHARED to the folder holding "
                      f"stance/{gold} and corpus/, then run this cell again, or run "
                      "`pytest tests/test_stance.py -k gold -s` to print the scores")
    from cabletools import parse_cable

    labels = read_stance_gold(gold_path)
    rows, missing = [], []
    for cid in sorted(set(labels["cable_id"])):
        paths = sorted((folder / "corpus").glob(f"*/txt/{cid}.txt"))
        if not paths:
            missing.append(cid)
            continue
        c = parse_cable(paths[0].read_text(encoding="utf-8"))
        rows.append({"cable_id": cid, "body": c.body, "subject": c.subject, "country": c.country,
                     "signer": c.signer})
    table = evaluate_stances(extract_stances(pd.DataFrame(rows), workers=1), labels)
    micro = table.loc["micro"]
    note = f"; {len(missing)} gold cables not found in corpus/" if missing else ""
    per_label = ", ".join(f"{s} {table.loc[s, 'f1']:.2f}" for s in STANCE_LABELS)
    return table, (f"{gold}: micro-F1 {micro['f1']:.3f} (precision {micro['precision']:.3f}, recall "
                   f"{micro['recall']:.3f}; F1 {per_label}) over {int(micro['n_gold']):,} labelled stances in "
                   f"{len(rows):,} real cables{note}")


def un_vote_validation(stances: pd.DataFrame, cables: pd.DataFrame, unvotes, **kwargs):
    """:func:`cabletools.stance.compare_with_un_votes` against the roll calls in the folder `unvotes`
    (``un_votes*.csv`` and ``un_roll_calls.csv``), and a sentence saying the result (or how to
    provide the votes). Returns (UNVoteComparison or None, message); extra keyword arguments go to
    ``compare_with_un_votes``.

    >>> result, message = un_vote_validation(pd.DataFrame(), pd.DataFrame(), None)
    >>> result is None, message.startswith("no UN votes given")
    (True, True)
    """
    if not unvotes:
        return None, ("no UN votes given: set CABLETOOLS_UNVOTES (or UNVOTES in the parameters cell) to a folder "
                      "holding un_votes.csv (rcid, country, country_code, vote) and un_roll_calls.csv (rcid, "
                      "session, date, unres, amend, para, short, descr) — Voeten's United Nations General "
                      "Assembly Voting Data as the R package 'unvotes' ships it")
    votes, roll_calls = read_un_votes(unvotes)
    result = compare_with_un_votes(stances, votes, roll_calls, cables=cables[["cable_id", "date"]], **kwargs)
    if not len(result.matches):
        return result, "no stance on a UN resolution matched a General Assembly roll call"
    return result, f"UN General Assembly roll calls: {result}"


# cable text in these figures is literal: no mathtext (a TAG or post such as $\FRAC{A}{B}$ stays as written)
from cabletools.plots.literal import literal_module  # noqa: E402

literal_module(globals())
