"""Figures for TAGS: which codes dominate, when, where, together, and which rise or fall.

Every ``plot_*`` function returns a matplotlib ``Figure`` built without pyplot (nothing is
shown or kept open behind the caller's back) and has a data function beside it that returns
exactly the numbers it draws, so tests check data, not pixels:

==============================  ==============================  ==========================================
figure                          data                            question
==============================  ==============================  ==========================================
:func:`plot_tag_counts`         :func:`top_tags`                which TAGS dominate?
:func:`plot_tags_over_time`     :func:`tags_over_time`          when? (share of each period's cables)
:func:`plot_subject_mix`        :func:`subject_mix`             what does each post report about?
:func:`plot_geographic_focus`   :func:`geographic_focus`        host country or elsewhere?
:func:`plot_countries_by_post`  :func:`countries_by_post`       which countries does each post tag?
:func:`plot_tag_pairs`          :func:`tag_pairs`               which TAGS travel together?
:func:`plot_tag_trends`         :func:`trending_tags`           which TAGS rise or fall?
==============================  ==============================  ==========================================

The data functions live in :mod:`cabletools.tags` (this module only draws).

A code never stands alone on an axis: :func:`cabletools.tags.tag_label` writes "PREL — External political
relations" (and says so when the package does not know a code). The numbers come from
:mod:`cabletools.tags`; each figure keeps its data frame as ``fig.cabletools_data``.

>>> import pandas as pd
>>> df = pd.DataFrame({"tags": [["PREL", "VM"], ["PREL", "PHUM"], ["ECON"]]})
>>> top_tags(df, top=2)[["tag", "n_cables", "label"]].values.tolist()
[['PREL', 2, 'PREL — External political relations'], ['ECON', 1, 'ECON — Economic conditions']]
>>> fig = plot_tag_counts(df, top=2)
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['PREL — External political relations', 'ECON — Economic conditions']
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, PercentFormatter

from cabletools.words import counted
from cabletools.tags import (FOCUS_CATEGORIES, countries_by_post, geographic_focus, subject_mix, tag_pairs,
                             tags_over_time, top_tags, trending_tags)

__all__ = [
    "plot_tag_counts",
    "plot_tags_over_time",
    "plot_subject_mix",
    "plot_geographic_focus",
    "plot_countries_by_post",
    "plot_tag_pairs",
    "plot_tag_trends",
]


_FOCUS_COLORS = ("#2f6f9f", "#7fb0d3", "#d98c3b", "#cfcfcf")

_FREQ_WORDS = {"YS": "year", "YE": "year", "Y": "year", "QS": "quarter", "QE": "quarter",
               "MS": "month", "ME": "month", "M": "month", "W": "week", "D": "day"}


# --------------------------------------------------------------------------- labels


# --------------------------------------------------------------------------- helpers
def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _empty(fig: Figure, ax, text: str) -> Figure:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def _cell_text_colors(image) -> np.ndarray:
    """White or near-black for text on each cell of an AxesImage, by the cell's luminance."""
    rgba = image.to_rgba(image.get_array())
    luminance = 0.2126 * rgba[..., 0] + 0.7152 * rgba[..., 1] + 0.0722 * rgba[..., 2]
    return np.where(luminance < 0.5, "white", "#222222")


def _kind_words(kind) -> str:
    if kind is None:
        return ""
    return (kind if isinstance(kind, str) else "/".join(kind)) + " "


def _keep(fig: Figure, data: pd.DataFrame) -> Figure:
    fig.cabletools_data = data
    return fig


# --------------------------------------------------------------------------- top tags


def plot_tag_counts(df: pd.DataFrame, top: int = 20, kind: str | Sequence[str] | None = "subject", *,
                    title: str | None = None, width: float = 8.0) -> Figure:
    """Horizontal bars: cables per TAG for the `top` TAGS, most frequent on top, each bar
    labelled with the share of all cables. Data: :func:`top_tags`.

    >>> fig = plot_tag_counts(pd.DataFrame({"tags": [["PREL"], ["PREL", "PHUM"]]}))
    >>> [float(p.get_width()) for p in fig.axes[0].patches]
    [2.0, 1.0]
    """
    data = top_tags(df, top=top, kind=kind)
    fig = _figure(width, max(2.0, 0.28 * len(data) + 1.1))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, f"no {_kind_words(kind)}TAGS"), data)
    y = np.arange(len(data))
    ax.barh(y, data["n_cables"].to_numpy(dtype=float), color="#3b6ea5")
    ax.set_yticks(y, data["label"].tolist(), fontsize=9)
    ax.invert_yaxis()
    for yi, n, share in zip(y, data["n_cables"], data["share"]):
        ax.annotate(f" {share:.0%}", (n, yi), va="center", fontsize=8, color="#444")
    ax.set_xlim(right=data["n_cables"].max() * 1.12)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel(f"cables (label: share of all {len(df):,} cables)")
    ax.set_title(title or f"Top {len(data)} {_kind_words(kind)}TAGS", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _keep(fig, data)


# --------------------------------------------------------------------------- over time


def _period_text(date: pd.Timestamp, freq: str) -> str:
    word = _FREQ_WORDS.get(freq, "")
    if word == "year":
        return f"{date:%Y}"
    if word == "quarter":
        return f"{date:%Y}Q{(date.month - 1) // 3 + 1}"
    if word == "month":
        return f"{date:%Y-%m}"
    return f"{date:%Y-%m-%d}"


def plot_tags_over_time(df: pd.DataFrame, tags: Sequence[str] | None = None, top: int = 12,
                        kind: str | Sequence[str] | None = "subject", freq: str = "YS",
                        min_period_cables: int = 20, trim: bool = True, *, title: str | None = None,
                        width: float = 9.0) -> Figure:
    """Heatmap: rows are TAGS, columns periods, colour the share of the period's cables that
    carry the TAG (so a year with many cables does not look like a surge). Periods with fewer
    than `min_period_cables` cables are hatched; the number of cables is under each period.
    With `trim`, thin periods before the first and after the last well-filled one are left
    out (Cablegate: a few cables a year before 2004) and the axis says how many cables that
    drops. The image array is :func:`tags_over_time` pivoted (NaN where hatched), and
    ``fig.cabletools_data`` the rows drawn."""
    data = tags_over_time(df, tags=tags, top=top, kind=kind, freq=freq, min_period_cables=min_period_cables)
    dropped = 0
    if trim and data["enough"].any():
        dense = data.loc[data["enough"], "date"]
        inside = data["date"].between(dense.min(), dense.max())
        dropped = int(data.loc[~inside].drop_duplicates("date")["n_period"].sum())
        data = data[inside].reset_index(drop=True)
    n_rows = data["tag"].nunique() if len(data) else 0
    fig = _figure(width, max(2.2, 0.32 * n_rows + 1.6))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, "no dated cables with these TAGS"), data)
    order = list(dict.fromkeys(data["tag"].astype(str)))
    shares = data.assign(share=data["share"].where(data["enough"])) \
        .pivot(index="tag", columns="date", values="share").reindex(order)
    labels = data.drop_duplicates("tag").set_index("tag")["label"].reindex(order)
    periods = shares.columns
    n_period = data.drop_duplicates("date").set_index("date")["n_period"].reindex(periods)
    image = ax.imshow(shares.to_numpy(dtype=float), aspect="auto", interpolation="nearest", cmap="magma_r",
                      vmin=0)
    ax.set_yticks(range(len(order)), labels.tolist(), fontsize=9)
    step = max(1, int(np.ceil(len(periods) / 24)))
    ticks = list(range(0, len(periods), step))
    upright = len(ticks) <= 14  # rotated labels keep period and count on one line: stacked, they collide
    ax.set_xticks(ticks, [f"{_period_text(periods[i], freq)}{chr(10) if upright else ' · '}{n_period.iloc[i]:,}"
                          for i in ticks], fontsize=8, rotation=0 if upright else 90)
    ax.set_xlabel(f"{_FREQ_WORDS.get(freq, freq)} and its number of cables; hatched: fewer than "
                  f"{min_period_cables} cables" + (f"\n({counted(dropped, 'cable')} in thin periods before or after "
                                                   f"not shown)" if dropped else ""), fontsize=9)
    ax.patch.set(facecolor="white", edgecolor="#bbbbbb", hatch="///")
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.01)
    bar.set_label("share of the period's cables")
    bar.formatter = PercentFormatter(1.0, decimals=0)
    bar.update_ticks()
    ax.set_title(title or f"{_kind_words(kind).capitalize()}TAGS over time: share of cables per "
                          f"{_FREQ_WORDS.get(freq, freq)}", fontsize=11)
    return _keep(fig, data)


# --------------------------------------------------------------------------- per post


def plot_subject_mix(df: pd.DataFrame, top_origins: int = 12, top_tags_n: int = 10,
                     kind: str | Sequence[str] | None = "subject", by: str = "origin",
                     value: str = "share", origins: Sequence[str] | None = None,
                     tags: Sequence[str] | None = None, *, title: str | None = None,
                     width: float = 9.0) -> Figure:
    """Heatmap: TAGS (rows) by post (columns), each cell the share of the post's cables with
    the TAG (annotated in %). ``value="lift"`` colours by share relative to the corpus (red:
    more than the corpus, blue: less, log scale) to show what sets a post apart.
    Data: :func:`subject_mix`; the image array is its `value` pivoted."""
    if value not in ("share", "lift"):
        raise ValueError(f"value must be 'share' or 'lift', not {value!r}")
    data = subject_mix(df, top_origins=top_origins, top_tags_n=top_tags_n, kind=kind, by=by,
                       origins=origins, tags=tags)
    n_tags = data["tag"].nunique() if len(data) else 0
    fig = _figure(width, max(2.4, 0.36 * n_tags + 2.2))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, "no cables"), data)
    posts = list(dict.fromkeys(data[by]))
    tag_order = list(dict.fromkeys(data["tag"].astype(str)))
    grid = data.assign(tag=data["tag"].astype(str)).pivot(index="tag", columns=by, values=value) \
        .reindex(index=tag_order, columns=posts)
    share = data.assign(tag=data["tag"].astype(str)).pivot(index="tag", columns=by, values="share") \
        .reindex(index=tag_order, columns=posts).to_numpy(dtype=float)
    values = grid.to_numpy(dtype=float)
    if value == "lift":
        finite = values[np.isfinite(values) & (values > 0)]
        # colour range: symmetric in log2, at least 1/2..2, at most 1/8..8 (beyond: the end colours)
        span = min(3.0, max(1.0, float(np.abs(np.log2(finite)).max()) if finite.size else 1.0))
        shown = np.where(values > 0, values, 2.0 ** -span)
        image = ax.imshow(shown, aspect="auto", interpolation="nearest", cmap="RdBu_r",
                          norm=LogNorm(vmin=2.0 ** -span, vmax=2.0 ** span))
        label = "share relative to the corpus (1 = same)"
    else:
        image = ax.imshow(values, aspect="auto", interpolation="nearest", cmap="Blues", vmin=0)
        label = "share of the post's cables"
    colors = _cell_text_colors(image)
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            ax.text(j, i, f"{share[i, j]:.0%}", ha="center", va="center", fontsize=7, color=colors[i, j])
    labels = data.drop_duplicates("tag").set_index(data.drop_duplicates("tag")["tag"].astype(str))["label"]
    ax.set_yticks(range(len(tag_order)), labels.reindex(tag_order).tolist(), fontsize=9)
    n_group = data.drop_duplicates(by).set_index(by)["n_group"].reindex(posts)
    ax.set_xticks(range(len(posts)), [f"{p} ({n:,})" for p, n in zip(posts, n_group)],
                  rotation=40, ha="right", fontsize=8)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.01)
    bar.set_label(label)
    if value == "share":
        bar.formatter = PercentFormatter(1.0, decimals=0)
        bar.update_ticks()
    else:
        steps = [2.0 ** k for k in range(-3, 4) if abs(k) <= span + 1e-9]
        bar.set_ticks(steps, labels=[f"×{v:g}" if v >= 1 else f"×1/{1 / v:g}" for v in steps])
        bar.ax.minorticks_off()
    noun = "post" if by == "origin" else by
    ax.set_title(title or (f"What each {noun} reports about: share of its cables with each "
                           f"{_kind_words(kind)}TAG" if value == "share" else
                           f"What sets each {noun} apart: share of its cables (colour: against the corpus)"),
                 fontsize=11)
    return _keep(fig, data)


def plot_geographic_focus(df: pd.DataFrame, top: int = 15, by: str = "origin",
                          origins: Sequence[str] | None = None, n_other: int = 3, *,
                          title: str | None = None, width: float = 9.0) -> Figure:
    """Stacked horizontal bars per post: the share of its cables tagged with only its host
    country, the host and others, only other countries, or no country; the other countries
    it tags most are written beside each bar. Data: :func:`geographic_focus`."""
    data = geographic_focus(df, top=top, by=by, origins=origins, n_other=n_other)
    fig = _figure(width, max(2.2, 0.34 * len(data) + 1.6))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, "no cables"), data)
    y = np.arange(len(data))
    left = np.zeros(len(data))
    keys = ["host_only", "host_and_other", "other_only", "no_country"]
    for key, name, color in zip(keys, FOCUS_CATEGORIES, _FOCUS_COLORS):
        values = data[f"share_{key}"].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=color, label=name, height=0.75)
        left = left + values
    for yi, text in zip(y, data["top_other"]):
        if isinstance(text, str) and text:
            ax.annotate(f"  {text}", (1.0, yi), va="center", fontsize=7.5, color="#444",
                        annotation_clip=False)
    names = [f"{p} ({n:,})" for p, n in zip(data[by], data["n_cables"])]
    ax.set_yticks(y, names, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of the post's cables, by the countries their geographic TAGS name "
                  "(right: other countries tagged most)")
    ax.legend(ncols=4, loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, frameon=False)
    ax.set_title(title or "Host country or elsewhere? Geographic TAGS against the post's own country",
                 fontsize=11, pad=22)
    ax.spines[["top", "right"]].set_visible(False)
    return _keep(fig, data)


def plot_countries_by_post(df: pd.DataFrame, top_origins: int = 12, top_countries: int = 15,
                           by: str = "origin", origins: Sequence[str] | None = None, *,
                           title: str | None = None, width: float = 9.0) -> Figure:
    """Heatmap: posts (rows) by the countries their geographic TAGS name (columns), colour the
    share of the post's cables tagging that country; the post's own country is outlined.
    Data: :func:`countries_by_post`; the image array is its `share` pivoted."""
    data = countries_by_post(df, top_origins=top_origins, top_countries=top_countries, by=by, origins=origins)
    n_posts = data[by].nunique() if len(data) else 0
    fig = _figure(width, max(2.4, 0.34 * n_posts + 2.0))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, "no geographic TAGS"), data)
    posts = list(dict.fromkeys(data[by]))
    countries = list(dict.fromkeys(data["tag_country"].astype(str)))
    grid = data.assign(tag_country=data["tag_country"].astype(str)) \
        .pivot(index=by, columns="tag_country", values="share").reindex(index=posts, columns=countries)
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", interpolation="nearest", cmap="Greens", vmin=0)
    for row in data[data["is_host"]].itertuples():
        i, j = posts.index(getattr(row, by)), countries.index(str(row.tag_country))
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#c0392b", lw=2))
    n_group = data.drop_duplicates(by).set_index(by)["n_group"].reindex(posts)
    ax.set_yticks(range(len(posts)), [f"{p} ({n:,})" for p, n in zip(posts, n_group)], fontsize=9)
    ax.set_xticks(range(len(countries)), countries, rotation=40, ha="right", fontsize=8)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.01)
    bar.set_label("share of the post's cables")
    bar.formatter = PercentFormatter(1.0, decimals=0)
    bar.update_ticks()
    ax.legend(handles=[Patch(fill=False, edgecolor="#c0392b", lw=2, label="the post's own country")],
              loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, frameon=False)
    ax.set_title(title or "Which countries each post's geographic TAGS name", fontsize=11, pad=18)
    return _keep(fig, data)


# --------------------------------------------------------------------------- pairs


def plot_tag_pairs(df: pd.DataFrame, kind: str | Sequence[str] | None = "subject", min_count: int = 5,
                   top: int = 15, rank_by: str = "npmi", *, title: str | None = None,
                   width: float = 9.0) -> Figure:
    """Horizontal bars of the `rank_by` measure (normalized PMI, lift, PMI or cables) for the
    pairs of :func:`tag_pairs`, each labelled with both codes and meanings and annotated with
    the cables that carry both and how many chance alone would give."""
    data = tag_pairs(df, kind=kind, min_count=min_count, top=top, rank_by=rank_by)
    fig = _figure(width, max(2.2, 0.42 * len(data) + 1.3))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, f"no pair of {_kind_words(kind)}TAGS on {min_count}+ cables"), data)
    y = np.arange(len(data))
    measure = data[rank_by].to_numpy(dtype=float)
    ax.barh(y, measure, color="#6a4c93")
    if rank_by == "lift":
        ax.axvline(1.0, color="#888", lw=1, ls="--")
    ax.set_yticks(y, [f"{lab}\n{m}" for lab, m in zip(data["label"], data["meanings"])], fontsize=8)
    ax.invert_yaxis()
    for yi, x, n_ab, expected in zip(y, measure, data["n_ab"], data["expected"]):
        ax.annotate(f" {n_ab:,} cables (chance: {expected:.1f})", (max(x, 0), yi), va="center", fontsize=7.5,
                    color="#444")
    ax.set_xlim(min(0, measure.min() * 1.1), max(measure.max(), 1e-9) * 1.4)
    ax.set_xlabel({
        "lift": "lift: cables with both TAGS / cables expected if independent (dashed: 1 = chance)",
        "npmi": "normalized PMI: 1 = always together, 0 = independent",
        "pmi": "PMI: log2 of lift (0 = independent)",
        "n_ab": "cables with both TAGS",
    }[rank_by])
    ax.set_title(title or f"{_kind_words(kind).capitalize()}TAGS that travel together "
                          f"(pairs on {min_count}+ cables)", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _keep(fig, data)


# --------------------------------------------------------------------------- trends


def plot_tag_trends(df: pd.DataFrame, freq: str = "YS", kind: str | Sequence[str] | None = "subject",
                    top: int = 8, min_count: int = 10, alpha: float = 0.05,
                    method: str = "cochran-armitage", *, title: str | None = None,
                    width: float = 9.0) -> Figure:
    """Diverging bars: the change of each TAG's share of cables per period (percentage
    points, weighted least squares) for the most rising and most falling TAGS; solid bars
    pass the trend test (q < `alpha`), pale ones do not. Data: :func:`trending_tags`. With
    cables in fewer than two periods the figure says so instead of raising."""
    try:
        data = trending_tags(df, freq=freq, kind=kind, top=top, min_count=min_count, alpha=alpha, method=method)
        why = f"no {_kind_words(kind)}TAGS on {min_count}+ cables"
    except ValueError as exc:  # fewer than two periods: no trend to draw, say why
        if "at least 2 periods" not in str(exc):
            raise
        data, why = pd.DataFrame(columns=["tag", "direction", "significant", "label", "slope", "q_value"]), str(exc)
    fig = _figure(width, max(2.2, 0.32 * len(data) + 1.5))
    ax = fig.add_subplot()
    if data.empty:
        return _keep(_empty(fig, ax, why), data)
    y = np.arange(len(data))
    slope_pp = data["slope"].to_numpy(dtype=float) * 100
    colors = np.where(data["direction"] == "rising", "#c0392b", "#2f6f9f")
    alphas = np.where(data["significant"], 1.0, 0.35)
    for yi, s, c, a in zip(y, slope_pp, colors, alphas):
        ax.barh(yi, s, color=c, alpha=a)
    ax.axvline(0, color="#444", lw=0.8)
    ax.set_yticks(y, data["label"].tolist(), fontsize=9)
    ax.invert_yaxis()
    span = max(np.abs(slope_pp).max(), 1e-9)
    ax.set_xlim(-span * 1.45, span * 1.45)
    for yi, s, q in zip(y, slope_pp, data["q_value"]):
        ax.annotate(f" q={q:.2g} " if q >= 0.001 else " q<0.001 ", (s, yi), va="center",
                    ha="left" if s >= 0 else "right", fontsize=7.5, color="#444")
    word = _FREQ_WORDS.get(freq, freq)
    ax.set_xlabel(f"change in share of cables per {word} (percentage points); "
                  f"solid: trend test q < {alpha:g}")
    ax.legend(handles=[Patch(color="#c0392b", label="rising"), Patch(color="#2f6f9f", label="falling"),
                       Patch(color="#999", alpha=0.35, label="not significant")],
              ncols=3, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    ax.set_title(title or f"Rising and falling {_kind_words(kind)}TAGS ({data['periods'].iloc[0]} {word}s)",
                 fontsize=11, pad=20)
    ax.spines[["top", "right"]].set_visible(False)
    return _keep(fig, data)


# cable text in these figures is literal: no mathtext (a TAG or post such as $\FRAC{A}{B}$ stays as written)
from cabletools.plots.literal import literal_module  # noqa: E402

literal_module(globals())
