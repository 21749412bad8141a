"""Figures for sender timelines. Every function returns a matplotlib Figure
(built without pyplot, so nothing is shown or kept open behind the caller's
back); the numbers drawn come from `cabletools.senders`.

>>> import pandas as pd
>>> df = pd.DataFrame({"origin": ["Embassy A", "Embassy A", "Embassy B"],
...     "date": pd.to_datetime(["2008-01-05", "2008-03-01", "2008-01-31"], utc=True)})
>>> fig = plot_volume_heatmap(df, top=2)
>>> int(fig.axes[0].images[0].get_array().sum())
3
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from cabletools.senders import busiest_posts, reporting_gaps, sender_volume, volume_heatmap_data

__all__ = [
    "plot_volume_heatmap",
    "plot_post_volume",
    "plot_signer_gantt",
    "plot_sender_mix",
    "plot_reporting_gaps",
]

ROLE_COLORS = {"chief of mission": "#1f77b4", "chargé": "#ff7f0e", "principal officer": "#2ca02c",
               "other": "#9a9a9a"}


def plot_volume_heatmap(df: pd.DataFrame, top: int = 20, by: str = "origin", freq: str = "MS",
                        posts=None, figsize=(11, None)) -> Figure:
    """Cables per period (columns) for the `top` busiest posts (rows, busiest
    first) as a heatmap; pass `posts` to choose the rows. The image's array is
    the `sender_volume(..., wide=True)` pivot, transposed."""
    wide = volume_heatmap_data(df, top=top, by=by, freq=freq, posts=posts)
    rows = list(wide.columns)
    height = figsize[1] or max(2.5, 0.3 * len(rows) + 1.5)
    fig = Figure(figsize=(figsize[0], height), layout="constrained")
    ax = fig.add_subplot()
    if wide.empty:
        ax.text(0.5, 0.5, "no dated cables", ha="center", va="center", transform=ax.transAxes)
        return fig
    data = wide.T.to_numpy(dtype=float)
    x0, x1 = mdates.date2num(wide.index[0]), mdates.date2num(wide.index[-1])
    step = (x1 - x0) / max(len(wide) - 1, 1) if len(wide) > 1 else 30
    # a log scale with empty cells left white: over decades of sparse releases a linear scale
    # paints every cell but the few busiest ones the colour of zero
    shown = np.ma.masked_less(data, 1)
    im = ax.imshow(shown, aspect="auto", interpolation="nearest", cmap="YlGnBu",
                   norm=LogNorm(vmin=1, vmax=max(float(np.nanmax(data)), 2.0)),
                   extent=(x0 - step / 2, x1 + step / 2, len(rows) - 0.5, -0.5))
    ax.set_facecolor("white")
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    ax.xaxis_date()
    noun = "post" if by == "origin" else by
    ax.set_title(f"Cables per {_freq_word(freq)}, the {len(rows)} busiest {noun}{'' if len(rows) == 1 else 's'} "
                 f"(white: none)")
    bar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.01)
    bar.set_label(f"cables per {_freq_word(freq)} (log scale)")
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    return fig


def _freq_word(freq: str) -> str:
    return {"MS": "month", "M": "month", "QS": "quarter", "YS": "year", "W": "week", "D": "day"}.get(freq, freq)


def _events_frame(events) -> pd.DataFrame:
    """Events as a frame of date, label from a mapping, a frame with date/label
    columns, or a `compare_tenures` result (official starts of matched chiefs)."""
    if events is None:
        return pd.DataFrame(columns=["date", "label"])
    if isinstance(events, Mapping):
        ev = pd.DataFrame({"date": list(events.keys()), "label": list(events.values())})
    elif isinstance(events, pd.DataFrame) and "official_start" in events.columns:
        chiefs = events[events["official_start"].notna()]
        ev = pd.DataFrame({"date": chiefs["official_start"],
                           "label": chiefs["surname"].astype(str) + " presents credentials"})
    else:
        ev = events.rename(columns={"event": "label"})[["date", "label"]]
    ev["date"] = pd.to_datetime(ev["date"])
    if getattr(ev["date"].dt, "tz", None) is not None:
        ev["date"] = ev["date"].dt.tz_convert(None)
    return ev.sort_values("date").reset_index(drop=True)


def plot_post_volume(df: pd.DataFrame, origin: str, by: str = "origin", freq: str = "MS",
                     events=None, split: str | None = None) -> Figure:
    """One post's cables per period (stacked by `split` if given), with events
    marked as vertical lines: `events` is {date: label}, a frame with date and
    label columns, or a `compare_tenures` result (the official starts of the
    post's chiefs of mission; a frame with a `by` column is cut to `origin`).
    """
    if isinstance(events, pd.DataFrame) and by in events.columns:
        events = events[events[by] == origin]
    sub = df[df[by] == origin]
    wide = sender_volume(sub, by=by, freq=freq, split=split, wide=True)
    fig = Figure(figsize=(11, 3.8), layout="constrained")
    ax = fig.add_subplot()
    width = {"MS": 25, "QS": 80, "YS": 330, "W": 6, "D": 0.9}.get(freq, 25)
    if split is None:
        series = wide[origin] if origin in wide.columns else pd.Series(dtype="int64")
        ax.bar(series.index, series.to_numpy(), width=width, align="edge", color="#1f77b4", label="cables")
    else:
        bottom = np.zeros(len(wide))
        for col in wide.columns:
            values = wide[col].to_numpy()
            ax.bar(wide.index, values, width=width, align="edge", bottom=bottom, label=str(col[-1]))
            bottom = bottom + values
        ax.legend(fontsize="x-small", ncols=3, loc="upper left", framealpha=0.8)
    ev = _events_frame(events)
    for row in ev.itertuples():
        ax.axvline(row.date, color="crimson", lw=1, ls="--")
        ax.annotate(str(row.label), (mdates.date2num(row.date), 1), xycoords=("data", "axes fraction"),
                    rotation=90, va="top", ha="right", fontsize="x-small", color="crimson")
    ax.set_ylabel(f"cables per {_freq_word(freq)}")
    ax.set_title(origin)
    return fig


def plot_signer_gantt(tenures: pd.DataFrame, origin: str, comparison: pd.DataFrame | None = None,
                      by: str = "origin", min_cables: int = 1) -> Figure:
    """Signers of one post as horizontal bars from first to last signed cable,
    coloured by role guess, labelled with the number of cables; with a
    `compare_tenures` result, each chief of mission's official tenure is drawn
    as a hatched bar just below the inferred one (unmatched chiefs get a row of
    their own)."""
    t = tenures[(tenures[by] == origin) & (tenures["n_cables"] >= min_cables)].sort_values("first")
    rows: list[tuple[str, pd.Timestamp | None, pd.Timestamp | None, object]] = []
    official: dict[str, tuple] = {}
    extra: list[tuple] = []
    if comparison is not None and len(comparison):
        c = comparison[(comparison[by] == origin) & comparison["chief_id"].notna()]
        for r in c.itertuples():
            item = (r.official_start, r.official_end, r.full_name)
            if isinstance(r.signer, str):
                official[r.signer] = item
            else:
                extra.append(item)
    fig = Figure(figsize=(11, max(2.5, 0.45 * (len(t) + len(extra)) + 1.5)), layout="constrained")
    ax = fig.add_subplot()
    labels = []
    y = 0
    naive = lambda v: pd.Timestamp(v).tz_convert(None) if pd.Timestamp(v).tzinfo else pd.Timestamp(v)  # noqa: E731
    for r in t.itertuples():
        start, end = naive(r.first), naive(r.last)
        x0 = mdates.date2num(start)
        w = max(mdates.date2num(end) - x0, 3)
        ax.barh(y, w, left=x0, height=0.5, color=ROLE_COLORS.get(r.role, "#9a9a9a"))
        ax.annotate(f"{r.n_cables}", (x0 + w, y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize="x-small")
        if r.signer in official:
            os_, oe, name = official[r.signer]
            _official_bar(ax, y + 0.38, os_, oe, t["last"].max())
        labels.append(str(r.signer))
        rows.append((r.signer, start, end, r.role))
        y += 1
    for os_, oe, name in extra:
        _official_bar(ax, y, os_, oe, t["last"].max() if len(t) else None)
        labels.append(f"{name} (no signer)")
        y += 1
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.xaxis_date()
    handles = [Patch(color=c, label=k) for k, c in ROLE_COLORS.items()]
    if comparison is not None:
        handles.append(Patch(facecolor="none", edgecolor="k", hatch="///", label="official tenure"))
    ax.legend(handles=handles, fontsize="small", loc="lower left")
    ax.set_title(f"Signers of {origin}: inferred (bars) and official (hatched) tenures")
    return fig


def _official_bar(ax, y, start, end, fallback_end) -> None:
    if pd.isna(start):
        return
    start = pd.Timestamp(start)
    end = pd.Timestamp(end) if not pd.isna(end) else pd.Timestamp(fallback_end or start)
    if end.tzinfo:
        end = end.tz_convert(None)
    x0 = mdates.date2num(start)
    ax.barh(y, max(mdates.date2num(end) - x0, 3), left=x0, height=0.22, facecolor="none",
            edgecolor="k", hatch="///", lw=0.6)


def plot_sender_mix(df: pd.DataFrame, posts=None, top: int = 6, split: str = "classification",
                    by: str = "origin", freq: str = "QS", normalize: bool = True) -> Figure:
    """Classification (or precedence: ``split="precedence"``) mix per post over
    time: one panel per post (the `top` busiest unless `posts` is given),
    stacked areas of the share (``normalize=True``) or the count per period."""
    rows = busiest_posts(df, by, top, posts)
    fig = Figure(figsize=(11, 2.2 * len(rows) + 0.8), layout="constrained")
    axes = fig.subplots(len(rows), 1, sharex=True, squeeze=False)[:, 0] if rows else []
    levels = list(df[split].cat.categories) if isinstance(df[split].dtype, pd.CategoricalDtype) \
        else sorted(df[split].dropna().unique().tolist())
    for ax, post in zip(axes, rows):
        wide = sender_volume(df[df[by] == post], by=by, freq=freq, split=split, wide=True)
        wide = wide.droplevel(0, axis=1) if wide.columns.nlevels > 1 else wide
        wide = wide.reindex(columns=levels, fill_value=0)
        if normalize:
            total = wide.sum(axis=1).replace(0, np.nan)
            wide = wide.div(total, axis=0).fillna(0)
        if len(wide):
            ax.stackplot(wide.index, wide.T.to_numpy(), labels=[str(c) for c in levels], step="post")
        ax.set_ylabel("share" if normalize else "cables", fontsize="small")
        ax.set_title(str(post), fontsize="small", loc="left")
    if len(rows):
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, fontsize="x-small", ncols=min(len(labels), 6) or 1, loc="outside lower center")
    fig.suptitle(f"{split.capitalize()} mix per {_freq_word(freq)}")
    return fig


def plot_reporting_gaps(df: pd.DataFrame, posts=None, top: int = 15, by: str = "origin",
                        min_days: float = 60) -> Figure:
    """Each post's cables as ticks on a time line, with silences of at least
    `min_days` (from `reporting_gaps`) shaded red."""
    rows = busiest_posts(df, by, top, posts)
    gaps = reporting_gaps(df[df[by].isin(rows)], by=by, min_days=min_days)
    fig = Figure(figsize=(11, max(2.5, 0.35 * len(rows) + 1.5)), layout="constrained")
    ax = fig.add_subplot()
    dated = df[df["date"].notna() & df[by].isin(rows)]
    for y, post in enumerate(rows):
        d = dated.loc[dated[by] == post, "date"].dt.tz_convert(None)
        ax.plot(d, np.full(len(d), y), "|", color="#1f77b4", ms=8, alpha=0.5)
        for g in gaps[gaps[by] == post].itertuples():
            s, e = g.start.tz_convert(None), g.end.tz_convert(None)
            ax.barh(y, mdates.date2num(e) - mdates.date2num(s), left=mdates.date2num(s), height=0.6,
                    color="crimson", alpha=0.35)
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.set_title(f"Cables (ticks) and silences of {min_days:g}+ days (red)")
    return fig


# cable text in these figures is literal: no mathtext (a TAG or post such as $\FRAC{A}{B}$ stays as written)
from cabletools.plots.literal import literal_module  # noqa: E402

literal_module(globals())
