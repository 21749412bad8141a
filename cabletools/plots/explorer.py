"""The two charts of the explorer: how many cables per period, and which TAGS they carry.

Each `plot_*` function returns a matplotlib `Figure` built without pyplot (no global figure
state, nothing shown twice in a notebook, safe to redraw from a widget callback). The numbers
come from :mod:`cabletools.selection_counts`, so tests check data, not pixels.

>>> import pandas as pd
>>> df = pd.DataFrame({"date": pd.to_datetime(["2008-01-05", "2008-03-09"], utc=True)})
>>> plot_cable_volume(df, freq="MS").axes[0].get_ylabel() != ""
True
"""
from __future__ import annotations

import html
from typing import Mapping

import numpy as np
import pandas as pd
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullFormatter, NullLocator, StrMethodFormatter

from cabletools.selection_counts import auto_freq, top_tag_counts, volume_counts
from cabletools.words import counted

__all__ = [
    "TagChart",
    "VolumeChart",
    "figure_png",
    "plot_cable_volume",
    "plot_top_tag_counts",
    "plot_top_tags",
    "plot_volume_counts",
    "tag_bars_html",
]

# pandas frequency -> the word the volume chart's axis label uses
_FREQ_WORDS = {"D": "day", "MS": "month", "M": "month", "ME": "month", "YS": "year", "Y": "year", "YE": "year",
               "AS": "year"}


def _figure(width: float, height: float, left_inches: float = 0.6) -> tuple[Figure, object]:
    """A pyplot-free figure with fixed margins (a layout engine would double the redraw time)."""
    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(left=min(0.6, left_inches / width), right=0.97,
                        bottom=min(0.35, 0.45 / height), top=1 - min(0.3, 0.32 / height))
    return fig, fig.add_subplot()


def plot_cable_volume(df: pd.DataFrame, freq: str | None = None, *, title: str | None = None,
                      width: float = 6.0, height: float = 2.8) -> Figure:
    """Cables per day/month/year as bars (a filled step line when there are many periods).

    >>> fig = plot_cable_volume(pd.DataFrame({"date": pd.to_datetime(["2008-01-05"], utc=True)}))
    >>> fig.axes[0].get_ylabel()
    'cables per day'
    """
    freq = freq or auto_freq(df)
    return plot_volume_counts(volume_counts(df, freq), freq, title=title, width=width, height=height)


def plot_volume_counts(counts: pd.Series, freq: str = "MS", *, title: str | None = None,
                       width: float = 6.0, height: float = 2.8) -> Figure:
    """Draw counts from `volume_counts(df, freq)` (so a caller that keeps the numbers counts once)."""
    return VolumeChart(width, height).draw(counts, freq, title=title)


def plot_top_tags(df: pd.DataFrame, top: int = 15, *, meanings: Mapping[str, str] | None = None,
                  title: str | None = None, width: float = 6.0, height: float | None = None) -> Figure:
    """Horizontal bars of the most frequent TAGS, labelled "CODE  meaning" when meanings are given.

    >>> fig = plot_top_tags(pd.DataFrame({"tags": [["PREL"], ["PREL", "VM"]]}), meanings={"PREL": "politics"})
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['PREL  politics', 'VM']
    """
    return plot_top_tag_counts(top_tag_counts(df, top), meanings=meanings, title=title,
                               width=width, height=height)


def plot_top_tag_counts(counts: pd.Series, *, meanings: Mapping[str, str] | None = None,
                        title: str | None = None, width: float = 6.0, height: float | None = None) -> Figure:
    """Draw counts from `top_tag_counts(df, top)`, most frequent at the top."""
    return TagChart(max(len(counts), 1), width, height, meanings=meanings).draw(counts, title=title)


class VolumeChart:
    """A cable-volume figure that can be redrawn with new counts. Building a matplotlib figure
    (its axes, its tick objects) costs more than drawing it; the explorer redraws on every filter
    change, so it keeps one figure per chart and swaps only the bars.

    >>> chart = VolumeChart()
    >>> counts = volume_counts(pd.DataFrame({"date": pd.to_datetime(["2008-01-05"], utc=True)}), "MS")
    >>> chart.draw(counts, "MS") is chart.draw(counts.iloc[:0], "MS")
    True
    """

    def __init__(self, width: float = 6.0, height: float = 2.8) -> None:
        self.figure, self.ax = _figure(width, height, left_inches=0.85)
        self.ax.spines[["top", "right"]].set_visible(False)
        self.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        self.ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        self._drawn: list = []

    def draw(self, counts: pd.Series, freq: str = "MS", *, title: str | None = None) -> Figure:
        ax = self.ax
        for artist in self._drawn:
            artist.remove()
        self._drawn = []
        word = _FREQ_WORDS.get(freq, freq)
        if counts.empty:
            self._drawn.append(ax.text(0.5, 0.5, "no dated cables", ha="center", va="center",
                                       transform=ax.transAxes))
            # (ConciseDateFormatter fails on zero ticks, so the date axis is switched off entirely)
            ax.xaxis.set_major_locator(NullLocator())
            ax.xaxis.set_major_formatter(NullFormatter())
            ax.set_ylim(0, 1)
        else:
            x = counts.index.tz_localize(None)
            values = counts.to_numpy()
            step = x[-1] - x[-2] if len(x) > 1 else pd.Timedelta(days=1)
            if len(counts) <= 60:
                widths = np.diff(np.append(x.values, (x[-1] + step).to_datetime64()))
                self._drawn.append(ax.bar(x, values, width=widths * 0.85, align="edge", color="#3b6ea5"))
            else:
                self._drawn.append(ax.fill_between(x, values, step="post", color="#3b6ea5", linewidth=0))
            ax.xaxis.set_major_locator(mdates.AutoDateLocator())
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
            ax.set_xlim(x[0] - step * 0.1, x[-1] + step * 1.1)
            ax.set_ylim(0, max(1, values.max()) * 1.05)
        ax.set_ylabel(f"cables per {word}")
        ax.set_title(title or f"{int(counts.sum()):,} dated cables", fontsize=10)
        return self.figure


class TagChart:
    """A top-TAGS figure with room for `top` bars that can be redrawn with new counts (see
    `VolumeChart` for why).

    >>> chart = TagChart(3, meanings={"PREL": "politics"})
    >>> fig = chart.draw(pd.Series({"PREL": 2, "VM": 1}))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['PREL  politics', 'VM']
    """

    def __init__(self, top: int = 15, width: float = 6.0, height: float | None = None, *,
                 meanings: Mapping[str, str] | None = None) -> None:
        self.top = top
        self.width = width
        self.meanings = dict(meanings or {})
        self.figure, self.ax = _figure(width, height or max(1.6, 0.2 * top + 0.8))
        self.ax.spines[["top", "right"]].set_visible(False)
        self.ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        self.ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        self.ax.set_xlabel("cables")
        self._drawn: list = []

    def label(self, code: str) -> str:
        meaning = self.meanings.get(code)
        if not meaning:
            return code
        return f"{code}  {meaning if len(meaning) <= 32 else meaning[:31] + '…'}"

    def draw(self, counts: pd.Series, *, title: str | None = None) -> Figure:
        ax = self.ax
        for artist in self._drawn:
            artist.remove()
        self._drawn = []
        counts = counts.iloc[: self.top]
        labels = [self.label(c) for c in counts.index]
        # ~0.06 inch per character at font size 8, plus room for the tick marks
        left = 0.25 + 0.06 * max((len(t) for t in labels), default=4)
        self.figure.subplots_adjust(left=min(0.6, left / self.width))
        if counts.empty:
            self._drawn.append(ax.text(0.5, 0.5, "no TAGS", ha="center", va="center", transform=ax.transAxes))
            ax.set_yticks([])
            ax.set_xlim(0, 1)
        else:
            y = np.arange(len(counts))
            self._drawn.append(ax.barh(y, counts.to_numpy(), color="#a5563b"))
            ax.set_yticks(y, labels, fontsize=8)
            ax.set_xlim(0, max(1, counts.max()) * 1.05)
        ax.set_ylim(self.top - 0.5, -0.5)  # most frequent on top; bars keep their size when fewer
        ax.set_title(title or f"top {counted(len(counts), 'TAG', 'TAGS')}", fontsize=10)
        return self.figure


def tag_bars_html(counts: pd.Series, *, meanings: Mapping[str, str] | None = None,
                  title: str | None = None) -> str:
    """The top-TAGS chart as an HTML table of bars (code, meaning, bar, count), all text escaped.
    The explorer shows this one: the browser lays out the labels, which is ~100x faster than
    rendering them into a PNG on every filter change, and the codes stay selectable text.

    >>> html_text = tag_bars_html(pd.Series({"PREL": 4, "VM": 1}), meanings={"PREL": "politics <&>"})
    >>> "politics &lt;&amp;&gt;" in html_text, html_text.count("<tr")
    (True, 2)
    """
    meanings = meanings or {}
    heading = html.escape(title or f"top {counted(len(counts), 'TAG', 'TAGS')}")
    if counts.empty:
        return f"<div class='ct-tag-bars'><b>{heading}</b><p><i>no TAGS</i></p></div>"
    peak = max(int(counts.max()), 1)
    rows = []
    for code, n in counts.items():
        meaning = meanings.get(code, "")
        width = 100.0 * int(n) / peak
        rows.append(
            f"<tr><td style='padding:1px 6px;font-family:monospace'>{html.escape(str(code))}</td>"
            f"<td style='padding:1px 6px;color:#555;max-width:16em;overflow:hidden;text-overflow:ellipsis;"
            f"white-space:nowrap' title='{html.escape(meaning, quote=True)}'>{html.escape(meaning)}</td>"
            f"<td style='padding:1px 6px;width:45%'><div style='background:#a5563b;height:0.9em;"
            f"width:{width:.1f}%'></div></td>"
            f"<td style='padding:1px 6px;text-align:right'>{int(n):,}</td></tr>")
    return (f"<div class='ct-tag-bars'><b>{heading}</b><table style='width:100%;font-size:85%;"
            f"border-collapse:collapse'>{''.join(rows)}</table></div>")


def figure_png(fig: Figure, dpi: int = 80) -> bytes:
    """The figure as PNG bytes (what the explorer shows in its Output widgets)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# cable text in these figures is literal: no mathtext (a TAG or post such as $\FRAC{A}{B}$ stays as written)
from cabletools.plots.literal import literal_module  # noqa: E402

literal_module(globals())
