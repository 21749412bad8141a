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
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from cabletools.plots.explorer import counted
from cabletools.senders import (ORGANIZATION_MISSIONS, compare_tenures,
                                official_chiefs, read_chiefs_of_mission, reporting_gaps, sender_volume)

__all__ = [
    "plot_volume_heatmap",
    "volume_heatmap_data",
    "plot_post_volume",
    "plot_signer_gantt",
    "plot_sender_mix",
    "plot_reporting_gaps",
    "find_truth_tenures",
    "chiefs_from_truth",
    "load_official_chiefs",
    "official_comparison",
    "comparison_summary",
    "busiest_post_with_chiefs",
    "chiefs_of_top_posts",
    "recent_period",
    "SenderVolumeView",
]

ROLE_COLORS = {"chief of mission": "#1f77b4", "chargé": "#ff7f0e", "principal officer": "#2ca02c",
               "other": "#9a9a9a"}


def _top(df: pd.DataFrame, by: str, top: int | None, posts=None) -> list:
    if posts is not None:
        return list(posts)
    counts = df.loc[df["date"].notna(), by].value_counts()
    return list(counts.index[:top] if top else counts.index)


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


def volume_heatmap_data(df: pd.DataFrame, top: int = 20, by: str = "origin", freq: str = "MS",
                        posts=None) -> pd.DataFrame:
    """What `plot_volume_heatmap` draws: the `sender_volume(..., wide=True)`
    pivot (periods x posts) of the `top` busiest posts, busiest first, or of
    `posts` in the order given (a post without cables is a column of zeros).

    >>> df = pd.DataFrame({"origin": ["A", "B", "B"],
    ...     "date": pd.to_datetime(["2008-01-05", "2008-01-07", "2008-02-01"], utc=True)})
    >>> volume_heatmap_data(df, top=2).to_dict("list")
    {'B': [1, 1], 'A': [1, 0]}
    """
    rows = _top(df, by, top, posts)
    wide = sender_volume(df[df[by].isin(rows)], by=by, freq=freq, wide=True)
    return wide.reindex(columns=rows, fill_value=0)


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
    rows = _top(df, by, top, posts)
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
    rows = _top(df, by, top, posts)
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


# --------------------------------------------------------------------------- official tenures
#: Roles in a synthetic corpus's ``tenures.tsv`` that the Office of the Historian
#: would list as chiefs of mission (chargés and consuls general it does not list).
TRUTH_CHIEF_ROLES = ("ambassador", "permanent representative")


def find_truth_tenures(corpus) -> Path | None:
    """The ground-truth ``tenures.tsv`` that `cabletools synth --truth` wrote
    beside a synthetic corpus, or None: looked for in ``<corpus>/truth/``,
    ``<corpus>/`` and ``<corpus>/../truth/`` (the bundled sample keeps it in
    ``data/sample/truth/``). `corpus` is what was passed to `read_cables`; a
    list or a glob is not searched.

    >>> find_truth_tenures("/nonexistent/cables.csv") is None
    True
    """
    if corpus is None or not isinstance(corpus, (str, Path)):
        return None
    path = Path(corpus)
    if any(ch in str(corpus) for ch in "*?["):
        return None
    folder = path if path.is_dir() else path.parent
    for candidate in (folder / "truth" / "tenures.tsv", folder / "tenures.tsv",
                      folder.parent / "truth" / "tenures.tsv"):
        if candidate.is_file():
            return candidate
    return None


def chiefs_from_truth(path, stations: pd.DataFrame | None = None) -> pd.DataFrame:
    """A synthetic corpus's ground-truth tenures (``tenures.tsv``: origin,
    signer, start, end, role, name) as a chiefs-of-mission table in the form
    `read_chiefs_of_mission` returns, so `compare_tenures` can check the
    inferred tenures against it exactly as against the Office of the
    Historian's list. Only ambassadors and permanent representatives are kept
    (`TRUTH_CHIEF_ROLES`): POCOM lists no chargés or consuls general.

    An embassy is keyed by its country's FIPS and ISO codes from `stations`
    (default `cabletools.refdata.station_table()`, joined on origin); a
    mission to an organisation by `ORGANIZATION_MISSIONS`. Origins the station
    table does not know are dropped.

    >>> import io
    >>> tsv = io.StringIO("origin\\tsigner\\tstart\\tend\\trole\\tname\\n"
    ...     "Embassy Hanoi\\tASHFORD\\t2004-01-05\\t2007-06-30\\tambassador\\tRuth A. Ashford\\n"
    ...     "Embassy Hanoi\\tBRILL\\t2007-07-01\\t2007-09-30\\tchargé d'affaires a.i.\\tTom Brill\\n")
    >>> chiefs_from_truth(tsv)[["fips", "surname", "start"]].values.tolist()
    [['VM', 'Ashford', Timestamp('2004-01-05 00:00:00')]]
    """
    if stations is None:
        from cabletools.refdata import station_table

        stations = station_table()
    truth = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[""])
    truth = truth[truth["role"].isin(TRUTH_CHIEF_ROLES)]
    st = stations.drop_duplicates("origin").set_index("origin")
    station = truth["origin"].map(st["station"])
    post_type = truth["origin"].map(st["post_type"]).astype("string")
    org = station.map(ORGANIZATION_MISSIONS)
    embassy = post_type.str.lower().eq("embassy").fillna(False) & org.isna()
    keep = (embassy | org.notna()).to_numpy()
    truth, station, org, embassy = truth[keep], station[keep], org[keep], embassy[keep]
    start = pd.to_datetime(truth["start"])
    out = pd.DataFrame({
        "chief_id": (station.astype(str) + "-" + start.dt.strftime("%Y-%m-%d") + "-"
                     + truth["signer"].str.lower()),
        "mission_id": org.where(org.notna(), truth["origin"]),
        "mission_kind": np.where(embassy, "country", "organization"),
        "country": truth["origin"].map(st["country"]),
        "fips": truth["origin"].map(st["fips"]).where(embassy),
        "iso2": truth["origin"].map(st["iso2"]).where(embassy),
        "full_name": truth["name"].fillna(truth["signer"].str.title()),
        "surname": truth["signer"].str.title(),
        "role_title": truth["role"],
        "start": start,
        "end": pd.to_datetime(truth["end"]),
        "start_source": "started",
    })
    for c in out.columns:
        if c not in ("start", "end"):
            out[c] = out[c].astype("string")
    return out.reset_index(drop=True)


def load_official_chiefs(chiefs=None, corpus=None) -> tuple[pd.DataFrame, str]:
    """The official chiefs of mission to compare inferred tenures with, and a
    sentence saying where they come from: the table at `chiefs` (read with
    `read_chiefs_of_mission`) when given; else the synthetic ground truth
    beside `corpus` (`find_truth_tenures`, `chiefs_from_truth`); else the
    package's own table of the cable era (`official_chiefs`).

    >>> table, source = load_official_chiefs(None, "/nonexistent/cables.csv")
    >>> len(table) > 3000, source.startswith("official chiefs of mission: the Office of the Historian")
    (True, True)
    """
    if chiefs is not None and str(chiefs) != "":
        table = read_chiefs_of_mission(chiefs)
        return table, f"official chiefs of mission: {len(table):,} rows from {chiefs}"
    truth = find_truth_tenures(corpus)
    if truth is not None:
        table = chiefs_from_truth(truth)
        return table, (f"official chiefs of mission: {len(table):,} ambassadors and permanent "
                       f"representatives from the synthetic ground truth ({truth.name})")
    table = official_chiefs()
    return table, (f"official chiefs of mission: the Office of the Historian's list, {len(table):,} "
                   "chiefs serving 1960-2011 (the package's own table; set CABLETOOLS_CHIEFS to use another)")


def official_comparison(tenures: pd.DataFrame, cables: pd.DataFrame, chiefs=None, corpus=None,
                        **kwargs) -> tuple[pd.DataFrame, str]:
    """`compare_tenures(tenures, official chiefs, cables)` with the chiefs from
    `load_official_chiefs(chiefs, corpus)`, and the sentence saying where they
    come from. Extra keyword arguments go to `compare_tenures`.

    >>> empty, why = official_comparison(pd.DataFrame(), pd.DataFrame(), None, "/nonexistent")
    >>> len(empty), why.startswith("official chiefs of mission")
    (0, True)
    """
    table, source = load_official_chiefs(chiefs, corpus)
    return compare_tenures(tenures, table, cables, **kwargs), source


def chiefs_of_top_posts(df: pd.DataFrame, tenures: pd.DataFrame, top: int = 5, by: str = "origin") -> str:
    """Plain text: the `top` posts by number of dated cables (most first, ties by
    name), each with its span and the signers `signer_tenures` guessed to be
    its chief of mission (principal officer at a consulate), in order of their
    first signed cable, with first and last date and cables signed.

    >>> df = pd.DataFrame({"origin": ["Embassy X"] * 4,
    ...     "date": pd.to_datetime(["2008-01-01", "2008-03-01", "2008-05-01", "2008-07-01"], utc=True),
    ...     "signer": ["SMITH"] * 4})
    >>> from cabletools.senders import signer_tenures
    >>> print(chiefs_of_top_posts(df, signer_tenures(df)))
    Embassy X: 4 cables, 2008-01-01 to 2008-07-01
      chief of mission SMITH 2008-01-01 to 2008-07-01 (4 signed)
    """
    dated = df[df["date"].notna()]
    counts = dated[by].astype(object).value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    lines = []
    heads = tenures[tenures["role"].isin(["chief of mission", "principal officer"])]
    for post, n in order:
        dates = dated.loc[dated[by] == post, "date"]
        lines.append(f"{post}: {counted(n, 'cable')}, {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}")
        rows = heads[heads[by] == post].sort_values(["first", "signer"], kind="stable")
        if not len(rows):
            lines.append("  no signer taken for a chief of mission")
        for r in rows.itertuples():
            lines.append(f"  {r.role} {r.signer} {r.first:%Y-%m-%d} to {r.last:%Y-%m-%d} ({r.n_cables:,} signed)")
    return "\n".join(lines)


def comparison_summary(comparison: pd.DataFrame, min_cables: int = 10) -> str:
    """Plain text: how many official chiefs of mission a `compare_tenures`
    result holds, how many had at least `min_cables` of their post's cables
    dated in their tenure, the share of those matched to a signer, the median
    number of days from the official start to the first cable the matched
    signer signed, and how many inferred tenures matched no chief.

    >>> cmp = pd.DataFrame({"status": ["matched", "unmatched chief", "unmatched signer"],
    ...     "chief_id": ["a", "b", None], "post_cables_in_tenure": [12, 10, None],
    ...     "start_diff_days": [30.0, None, None]})
    >>> print(comparison_summary(cmp))
    chiefs of mission in the corpus's span: 2
    with >= 10 of their post's cables in tenure: 2, matched to a signer: 1 (50.0%)
    median days from official start to first signed cable (matched, >= 10 cables): 30
    inferred tenures matching no chief: 1
    """
    if not len(comparison):
        return "no comparison: no chiefs-of-mission table"
    chiefs = comparison[comparison["chief_id"].notna()]
    busy = chiefs[pd.to_numeric(chiefs["post_cables_in_tenure"], errors="coerce") >= min_cables]
    matched = busy[busy["status"] == "matched"]
    rate = f"{len(matched) / len(busy):.1%}" if len(busy) else "n/a"
    median = matched["start_diff_days"].median()
    median = "n/a" if pd.isna(median) else f"{median:g}"
    return "\n".join([
        f"chiefs of mission in the corpus's span: {len(chiefs):,}",
        f"with >= {min_cables} of their post's cables in tenure: {len(busy):,}, "
        f"matched to a signer: {len(matched):,} ({rate})",
        f"median days from official start to first signed cable (matched, >= {min_cables} cables): {median}",
        f"inferred tenures matching no chief: {int((comparison['status'] == 'unmatched signer').sum()):,}",
    ])


def busiest_post_with_chiefs(tenures: pd.DataFrame, by: str = "origin") -> str | None:
    """The post whose signers guessed to be chiefs of mission signed the most
    cables (ties: the first by name): a post worth looking at in detail.

    >>> t = pd.DataFrame({"origin": ["A", "A", "B"], "role": ["chief of mission", "chargé", "chief of mission"],
    ...     "n_cables": [5, 20, 6]})
    >>> busiest_post_with_chiefs(t)
    'B'
    """
    heads = tenures[tenures["role"] == "chief of mission"]
    if not len(heads):
        return None
    totals = heads.groupby(heads[by].astype(object))["n_cables"].sum()
    return sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def recent_period(df: pd.DataFrame, years: int = 3) -> tuple:
    """The last `years` calendar years of the corpus, as (first day, last
    cable's day) `datetime.date`s: a period that holds cables on any corpus.

    >>> df = pd.DataFrame({"date": pd.to_datetime(["1999-05-01 08:00", "2010-02-09 13:00"], utc=True)})
    >>> [str(d) for d in recent_period(df)]
    ['2008-01-01', '2010-02-09']
    """
    import datetime

    last = df["date"].dropna().max()
    if pd.isna(last):
        return (None, None)
    return (datetime.date(last.year - years + 1, 1, 1), last.date())


# --------------------------------------------------------------------------- interactive
class SenderVolumeView:
    """A `cabletools.widgets.FilterPanel` over `df` whose posts and period
    (and any other filter) redraw the volume heatmap below it. No post picked:
    the `top` busiest posts among the filtered cables. `.data` holds the
    numbers last drawn (`volume_heatmap_data` of the filtered cables),
    `.image` the PNG widget showing them (replaced whole on each redraw, so it
    works the same in JupyterLab, Voilà and headless), `.widget` the box to
    display (displaying the view itself works too). A failing redraw is shown
    in the panel, not lost.

    >>> from cabletools.schema import empty_frame
    >>> view = SenderVolumeView(empty_frame())
    >>> view.data.shape, view.panel.count_text, bytes(view.image.value[1:4])
    ((0, 0), '0 of 0 cables', b'PNG')
    """

    COLUMNS = ["origin", "date"]

    def __init__(self, df: pd.DataFrame, top: int = 10, freq: str = "MS", dpi: int = 80) -> None:
        import ipywidgets as w

        from cabletools.widgets import FilterPanel

        self.top, self.freq, self.dpi = top, freq, dpi
        self.panel = FilterPanel(df)
        self.image = w.Image(format="png", layout=w.Layout(width="100%", max_width="1100px"))
        self.image.add_class("ct-sender-volume")
        self.data = pd.DataFrame()
        self.panel.observe(self.redraw)
        self.widget = w.VBox([self.panel.widget, self.image])
        self.redraw(self.panel)

    def redraw(self, panel) -> None:
        """Recompute `.data` from the panel's cables and show the heatmap."""
        import io

        frame = panel.columns(self.COLUMNS)
        posts = list(panel.spec.origins) or None
        self.data = volume_heatmap_data(frame, top=self.top, freq=self.freq, posts=posts)
        fig = plot_volume_heatmap(frame, top=self.top, freq=self.freq, posts=posts)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=self.dpi)
        self.image.value = buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
