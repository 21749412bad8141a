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

A code never stands alone on an axis: :func:`tag_label` writes "PREL — External political
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

from cabletools.plots.explorer import counted
from cabletools.refdata import tag_kind
from cabletools.tags import _period_start, explode_tags, tag_cooccurrence, tag_counts, tag_table, tag_trends

__all__ = [
    "tag_label",
    "top_tags",
    "plot_tag_counts",
    "tags_over_time",
    "plot_tags_over_time",
    "subject_mix",
    "plot_subject_mix",
    "geographic_focus",
    "plot_geographic_focus",
    "countries_by_post",
    "plot_countries_by_post",
    "tag_pairs",
    "plot_tag_pairs",
    "trending_tags",
    "plot_tag_trends",
    "FOCUS_CATEGORIES",
]

#: Longest meaning shown on an axis before it is cut with "…".
MAX_MEANING = 40

#: How :func:`geographic_focus` sorts each cable, in drawing order.
FOCUS_CATEGORIES = ("host country only", "host and other countries", "other countries only",
                    "no country tag")
_FOCUS_COLORS = ("#2f6f9f", "#7fb0d3", "#d98c3b", "#cfcfcf")

_FREQ_WORDS = {"YS": "year", "YE": "year", "Y": "year", "QS": "quarter", "QE": "quarter",
               "MS": "month", "ME": "month", "M": "month", "W": "week", "D": "day"}


# --------------------------------------------------------------------------- labels
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


def _cables(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with a plain 0..n-1 index (explode_tags keys rows by the index)."""
    return df.reset_index(drop=True)


def _top_values(series: pd.Series, top: int | None) -> list:
    counts = series.dropna().value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return list(counts.index if top is None else counts.index[:top])


# --------------------------------------------------------------------------- top tags
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
    period = _period_start(df["date"], freq) if len(df) else pd.Series([], dtype="datetime64[ns, UTC]")
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
