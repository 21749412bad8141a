"""Interactive filtering for notebooks: a `FilterPanel` and the explorer views built on it.

The panel only wires controls -> `FilterSpec` -> `filter_mask` -> `.filtered`; the views
(`ResultsTable`, `CableReader`, the two charts of `Explorer`) only show what they are given.
All the logic lives in `cabletools.filters` and `cabletools.plots.explorer`, tested without a
kernel. Cable text is always HTML-escaped before it reaches the page.

>>> import cabletools.widgets as W
>>> from cabletools.schema import empty_frame
>>> panel = W.FilterPanel(empty_frame())
>>> panel.count_text
'0 of 0 cables'
"""
from __future__ import annotations

import html
import traceback
from typing import Callable, Mapping

import ipywidgets as w
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cabletools.filters import FilterSpec, filter_mask, literal_pattern, regex_plan, search_terms, select_rows
from cabletools.plots.explorer import VolumeChart, figure_png, tag_bars_html
from cabletools.plots.senders import plot_volume_heatmap
from cabletools.schema import CLASSIFICATIONS
from cabletools.selection_counts import TagCounter, VolumeBins, top_tag_counts
from cabletools.senders import volume_heatmap_data
from cabletools.tags import tag_table
from cabletools.words import counted

__all__ = ["CableReader", "ChartView", "Explorer", "FilterPanel", "ResultsTable", "SenderVolumeView", "tag_meanings"]

#: what the country filter means (a tooltip on its title; the notebooks say it too)
COUNTRY_HINT = ("the country of the post that sent the cable, not the country a cable is about: "
                "for that, pick its geographic TAG (e.g. VM for Vietnam)")

#: At most this many TAGS are listed in the picker at once; typing narrows the list.
MAX_TAG_OPTIONS = 300


def tag_meanings() -> dict[str, str]:
    """TAG code -> meaning from the package's own tag table (`cabletools.tags.tag_table`).

    >>> tag_meanings()["PREL"]
    'External political relations'
    """
    table = tag_table().dropna(subset=["code", "meaning"])
    return dict(zip(table["code"].astype(str), table["meaning"].astype(str)))


def _counted_options(series: pd.Series) -> list[tuple[str, str]]:
    """(label with count, value) for each distinct non-empty value, sorted by value."""
    counts = series.dropna().value_counts()
    counts = counts[counts.index.astype(str).str.strip() != ""]
    return [(f"{value} ({n:,})", value) for value, n in sorted(counts.items(), key=lambda kv: str(kv[0]))]


def _error_html(exc: BaseException, where: str) -> str:
    trace = "".join(traceback.format_exception(exc))
    return (f'<div class="ct-error" style="color:#b00020"><b>{html.escape(where)}: '
            f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</b>"
            f"<details><summary>traceback</summary><pre>{html.escape(trace)}</pre></details></div>")


def _bundle(widget: w.Widget, text: str, **kwargs) -> dict:
    """The widget's display bundle with a readable text/plain (what a static render shows)."""
    bundle = widget._repr_mimebundle_(**kwargs)
    if isinstance(bundle, tuple):  # (data, metadata) from some ipywidgets versions
        bundle = bundle[0]
    return {**bundle, "text/plain": text}


def _box(title: str, *children: w.Widget, width: str | None = None, tooltip: str = "") -> w.VBox:
    layout = w.Layout(width=width) if width else w.Layout()
    hover = f' title="{html.escape(tooltip)}"' if tooltip else ""
    return w.VBox([w.HTML(f"<b{hover}>{html.escape(title)}</b>"), *children], layout=layout)


class FilterPanel:
    """Controls for every field of a `FilterSpec`, a live "N of M cables" label and a reset button.

    `.spec` is the current spec, `.filtered` the rows of `df` it keeps (always equal to
    `apply_filters(df, panel.spec)`), `.widget` the box to display (displaying the panel itself
    works too). `panel.observe(callback)` calls `callback(panel)` after every change.
    Options come from the data with counts in their labels; no option selected (no box ticked)
    means no restriction. The text box updates on Enter or when it loses focus, never per keystroke.

    >>> from cabletools.schema import empty_frame
    >>> panel = FilterPanel(empty_frame())
    >>> panel.text_box.value = "oil"
    >>> panel.spec.describe(), len(panel.filtered)
    ('text: oil', 0)
    """

    def __init__(self, df: pd.DataFrame, *, meanings: Mapping[str, str] | None = None,
                 max_tag_options: int = MAX_TAG_OPTIONS) -> None:
        self.df = df
        self.meanings = dict(tag_meanings() if meanings is None else meanings)
        self.max_tag_options = max_tag_options
        self.errors: list[BaseException] = []
        self._callbacks: list[Callable[[FilterPanel], None]] = []
        self._quiet = False  # True while the panel itself sets several controls
        self._spec = FilterSpec()
        self._mask = filter_mask(df, self._spec)
        self._filtered: pd.DataFrame | None = None  # materialised on first use: text columns are big
        self._text_masks: dict[tuple[str, bool], np.ndarray] = {}  # (text, regex) -> rows it matches

        dates = df["date"].dropna()
        first, last = (dates.min().date(), dates.max().date()) if len(dates) else (None, None)
        self.start_picker = w.DatePicker(description="From", value=None, layout=w.Layout(width="210px"))
        self.end_picker = w.DatePicker(description="To", value=None, layout=w.Layout(width="210px"))
        self.start_picker.add_class("ct-start")
        self.end_picker.add_class("ct-end")
        span = f"cables dated {first} to {last}" if first else "no dated cables"
        self.date_hint = w.HTML(f'<span style="color:#666">{span}</span>')

        self.text_box = w.Text(description="Text", placeholder="words (all must occur) or a regex",
                               continuous_update=False, layout=w.Layout(width="340px"))
        self.text_box.add_class("ct-text")
        self.regex_box = w.Checkbox(description="regex", value=False, indent=False,
                                    layout=w.Layout(width="80px"))
        self.reset_button = w.Button(description="Reset", icon="undo", layout=w.Layout(width="90px"))
        self.reset_button.add_class("ct-reset")

        self.origin_select = w.SelectMultiple(options=_counted_options(df["origin"]), rows=9,
                                              layout=w.Layout(width="260px"))
        self.origin_select.add_class("ct-origins")
        self.country_select = w.SelectMultiple(options=_counted_options(df["country"]), rows=9,
                                               layout=w.Layout(width="200px"))
        self.country_select.add_class("ct-countries")

        self._tag_counts = top_tag_counts(df, top=None)
        self._tag_labels = {
            code: (f"{code} — {self.meanings[code]} ({n:,})" if code in self.meanings else f"{code} ({n:,})")
            for code, n in self._tag_counts.items()
        }
        self._tag_search_keys = [(code, f"{code} {self.meanings.get(code, '')}".lower())
                                 for code in self._tag_counts.index]
        self.tag_search = w.Text(placeholder="search TAGS: code or meaning", continuous_update=True,
                                 layout=w.Layout(width="330px"))
        self.tag_search.add_class("ct-tag-search")
        self.tag_select = w.SelectMultiple(rows=7, layout=w.Layout(width="330px"))
        self.tag_select.add_class("ct-tags")
        self.tag_hint = w.HTML()
        self.tag_mode_toggle = w.ToggleButtons(options=[("any of these", "any"), ("all of these", "all")],
                                               value="any", style={"button_width": "112px"})
        self.classification_boxes = {
            label: w.Checkbox(description=f"{label} ({n:,})", value=False, indent=False,
                              layout=w.Layout(width="max-content"))
            for label, n in df["classification"].value_counts().reindex(CLASSIFICATIONS, fill_value=0).items()
        }
        self.count_label = w.HTML()
        self.count_label.add_class("ct-count")
        self.summary_label = w.HTML()
        self.summary_label.add_class("ct-summary")
        self.message = w.HTML()
        self.message.add_class("ct-message")
        self._refresh_tag_options()

        for control in self._value_controls():
            control.observe(self._on_control, names="value")
        self.tag_search.observe(self._on_tag_search, names="value")
        self.reset_button.on_click(self._on_reset)

        self.widget = w.VBox([
            w.HBox([self.start_picker, self.end_picker, self.text_box, self.regex_box, self.reset_button]),
            self.date_hint,
            w.HBox([
                _box("Posts", self.origin_select),
                _box("Sent from (country)", self.country_select, tooltip=COUNTRY_HINT),
                _box("TAGS", self.tag_search, self.tag_select, self.tag_mode_toggle, self.tag_hint),
            ], layout=w.Layout(flex_flow="row wrap", grid_gap="12px")),
            _box("Classification (none ticked = all)",
                 w.HBox(list(self.classification_boxes.values()),
                        layout=w.Layout(flex_flow="row wrap", grid_gap="4px 16px"))),
            w.HBox([self.count_label, self.summary_label], layout=w.Layout(grid_gap="16px")),
            self.message,
        ])
        self.widget.add_class("ct-filter-panel")
        self._show_count()

    # ------------------------------------------------------------------ public API
    @property
    def spec(self) -> FilterSpec:
        """The FilterSpec the controls currently describe (the last valid one)."""
        return self._spec

    @property
    def filtered(self) -> pd.DataFrame:
        """The cables passing `.spec`: `apply_filters(panel.df, panel.spec)` (built when first asked
        for after a change, since copying the text of many cables takes time)."""
        if self._filtered is None:
            self._filtered = select_rows(self.df, self._mask)
        return self._filtered

    @property
    def mask(self) -> np.ndarray:
        """One bool per row of `.df`: `filter_mask(panel.df, panel.spec)`. Do not modify it."""
        return self._mask

    @property
    def count(self) -> int:
        """How many cables pass `.spec`."""
        return int(self._mask.sum())

    def columns(self, names: list[str]) -> pd.DataFrame:
        """Only some columns of the kept cables, indexed by their row positions in `.df` (cheap:
        what views that do not need the text use)."""
        positions = np.flatnonzero(self._mask)
        frame = select_rows(self.df[names], self._mask)
        return frame.set_axis(pd.Index(positions, dtype="int64"), axis=0)

    @property
    def count_text(self) -> str:
        """The label's text, e.g. '1,204 of 250,000 cables'."""
        return f"{self.count:,} of {len(self.df):,} cables"

    def observe(self, callback: Callable[[FilterPanel], None]) -> Callable[[FilterPanel], None]:
        """Call `callback(panel)` after every change of `.filtered`; returns the callback (usable as
        a decorator). Exceptions in callbacks are shown in the panel, not lost."""
        self._callbacks.append(callback)
        return callback

    def unobserve(self, callback: Callable[[FilterPanel], None]) -> None:
        """Stop calling `callback`."""
        self._callbacks.remove(callback)

    def set_spec(self, spec: FilterSpec) -> None:
        """Set every control from `spec` (values the data lacks are an error), then update once."""
        unknown = [("posts", v) for v in spec.origins if v not in self._option_values(self.origin_select)]
        unknown += [("countries", v) for v in spec.countries if v not in self._option_values(self.country_select)]
        if unknown:
            raise ValueError(f"not in the data: {unknown}")
        quiet, self._quiet = self._quiet, True
        try:
            self.start_picker.value = spec.start
            self.end_picker.value = spec.end
            self.origin_select.value = spec.origins
            self.country_select.value = spec.countries
            self.tag_search.value = ""
            self._refresh_tag_options(selected=spec.tags)
            self.tag_select.value = spec.tags
            self.tag_mode_toggle.value = spec.tag_mode
            for label, box in self.classification_boxes.items():
                box.value = label in spec.classifications
            self.regex_box.value = spec.regex
            self.text_box.value = spec.text
        finally:
            self._quiet = quiet
        self._update()

    def reset(self) -> None:
        """Clear every control: all cables again."""
        self.set_spec(FilterSpec())

    def _repr_mimebundle_(self, **kwargs):
        return _bundle(self.widget, f"FilterPanel: {self.count_text} (the controls need a live kernel)", **kwargs)

    # ------------------------------------------------------------------ wiring
    def _value_controls(self) -> list[w.Widget]:
        return [self.start_picker, self.end_picker, self.origin_select, self.country_select,
                self.tag_select, self.tag_mode_toggle, *self.classification_boxes.values(),
                self.text_box, self.regex_box]

    @staticmethod
    def _option_values(select: w.SelectMultiple) -> set:
        return {value for _, value in select.options}

    def _spec_from_controls(self) -> FilterSpec:
        return FilterSpec(
            start=self.start_picker.value,
            end=self.end_picker.value,
            origins=self.origin_select.value,
            countries=self.country_select.value,
            tags=self.tag_select.value,
            tag_mode=self.tag_mode_toggle.value,
            classifications=[label for label, box in self.classification_boxes.items() if box.value],
            text=self.text_box.value,
            regex=self.regex_box.value,
        )

    def _on_control(self, change) -> None:
        if not self._quiet:
            self._update()

    def _on_reset(self, button) -> None:
        try:
            self.reset()
        except Exception as exc:  # shown, not swallowed
            self._report(exc, "reset")

    def _on_tag_search(self, change) -> None:
        quiet, self._quiet = self._quiet, True
        try:
            self._refresh_tag_options()
        except Exception as exc:
            self._report(exc, "TAG search")
        finally:
            self._quiet = quiet

    def _refresh_tag_options(self, selected: tuple[str, ...] | None = None) -> None:
        """List the selected TAGS first, then those matching the search box, most frequent first."""
        selected = tuple(self.tag_select.value if selected is None else selected)
        query = self.tag_search.value.strip().lower()
        matches = [code for code, key in self._tag_search_keys if not query or query in key]
        unselected = [c for c in matches if c not in selected]
        shown = unselected[: self.max_tag_options]
        hidden = len(unselected) - len(shown)
        options = [(self._tag_labels.get(c, c), c) for c in selected] + [(self._tag_labels[c], c) for c in shown]
        if list(options) != list(self.tag_select.options):
            self.tag_select.options = options
            self.tag_select.value = selected
        found = f"{counted(len(matches), 'TAG', 'TAGS')} match{'es' if len(matches) == 1 else ''}"
        more = f"; type to narrow ({hidden:,} not listed)" if hidden > 0 else ""
        self.tag_hint.value = f'<span style="color:#666">{found}{more}</span>'


    def _update(self) -> None:
        try:
            spec = self._spec_from_controls()
        except (ValueError, TypeError) as exc:  # e.g. an unfinished regex: say so, keep the last result
            self.message.value = f'<span class="ct-invalid" style="color:#b00020">{html.escape(str(exc))}</span>'
            return
        try:
            self._mask = self._mask_for(spec)
            self._spec = spec
            self._filtered = None
            self.message.value = ""
            self._show_count()
        except Exception as exc:
            self._report(exc, "filtering")
            return
        for callback in list(self._callbacks):
            try:
                callback(self)
            except Exception as exc:
                self._report(exc, getattr(callback, "__qualname__", repr(callback)))

    def _mask_for(self, spec: FilterSpec) -> np.ndarray:
        """`filter_mask(df, spec)`, with the text search of the last few texts kept: the criteria
        combine with AND, so changing a date or a TAG need not search the text again."""
        if not spec.text:
            return filter_mask(self.df, spec)
        key = (spec.text, spec.regex)
        text_mask = self._text_masks.pop(key, None)
        if text_mask is None:
            text_mask = filter_mask(self.df, FilterSpec(text=spec.text, regex=spec.regex))
        self._text_masks[key] = text_mask  # most recent last
        while len(self._text_masks) > 4:
            self._text_masks.pop(next(iter(self._text_masks)))
        return filter_mask(self.df, spec.replace(text="", regex=False)) & text_mask

    def _show_count(self) -> None:
        n, total = self.count, len(self.df)
        self.count_label.value = f"<b>{n:,}</b> of {total:,} cables"
        self.summary_label.value = f'<span style="color:#444">{html.escape(self._spec.describe())}</span>'

    def _report(self, exc: BaseException, where: str) -> None:
        self.errors.append(exc)
        self.message.value += _error_html(exc, where)


def _format_date(value) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _format_list(value) -> str:
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return ""
    return ", ".join(str(v) for v in value)


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)) \
        else str(value)


def _display_order(frame: pd.DataFrame, key: str, descending: bool) -> np.ndarray:
    """Row numbers of `frame` sorted by `key` (missing values last in both directions), ties by
    cable id, then by position."""
    direction = "descending" if descending else "ascending"
    values = (pa.array(frame["date"].to_numpy(dtype="datetime64[ns]"), pa.timestamp("ns"))
              if key == "date" else pa.array(frame[key]))
    # missing values last in both directions (an explicit key: works on every pyarrow version)
    columns = {"missing": pc.is_null(values, nan_is_null=True), "key": values}
    keys = [("missing", "ascending"), ("key", direction)]
    if key != "cable_id":
        columns["id"] = pa.array(frame["cable_id"])
        keys.append(("id", "ascending"))
    return pc.sort_indices(pa.table(columns), sort_keys=keys).to_numpy()


class ResultsTable:
    """The cables of a frame as a paged HTML table (date, cable, post, subject, TAGS), sortable
    by a column; a "Read" menu picks one of the page's cables for a `CableReader`.

    With `base` (the explorer passes its panel's frame), frames given to `update` are rows of
    `base` indexed by their positions in it (as `FilterPanel.columns` gives them): the table then
    sorts `base` once per sort key and cuts each frame's order out of it (~1 ms instead of a sort
    of every selection).

    >>> from cabletools.schema import empty_frame
    >>> table = ResultsTable(empty_frame(), page_size=10)
    >>> table.page_label.value
    'no cables'
    """

    SORT_KEYS = (("date", "date"), ("post", "origin"), ("subject", "subject"), ("cable id", "cable_id"))

    def __init__(self, frame: pd.DataFrame | None = None, *, page_size: int = 20,
                 base: pd.DataFrame | None = None) -> None:
        self.page_size = page_size
        self.page = 0
        self.frame: pd.DataFrame | None = None
        self.base = base
        self._base_orders: dict[tuple[str, bool], np.ndarray] = {}  # (key, descending) -> positions
        self._order = np.arange(0)
        self.sort_select = w.Dropdown(options=self.SORT_KEYS, value="date", description="Sort by",
                                      layout=w.Layout(width="190px"))
        self.descending_box = w.Checkbox(value=True, description="descending", indent=False,
                                         layout=w.Layout(width="110px"))
        self.previous_button = w.Button(description="previous", icon="chevron-left",
                                        layout=w.Layout(width="110px"))
        self.next_button = w.Button(description="next", icon="chevron-right", layout=w.Layout(width="90px"))
        self.page_label = w.HTML()
        self.page_label.add_class("ct-page")
        self.table_html = w.HTML()
        self.table_html.add_class("ct-table")
        self.read_select = w.Dropdown(description="Read", options=[], layout=w.Layout(width="640px"))
        self.read_select.add_class("ct-read")
        self.sort_select.observe(self._on_sort, names="value")
        self.descending_box.observe(self._on_sort, names="value")
        self.previous_button.on_click(lambda _: self.show_page(self.page - 1))
        self.next_button.on_click(lambda _: self.show_page(self.page + 1))
        self.widget = w.VBox([
            w.HBox([self.sort_select, self.descending_box, self.previous_button, self.next_button,
                    self.page_label], layout=w.Layout(grid_gap="8px", align_items="center")),
            self.table_html,
            self.read_select,
        ])
        self.widget.add_class("ct-results")
        self.update(frame)

    @property
    def n_pages(self) -> int:
        return max(1, -(-len(self._order) // self.page_size))

    @property
    def page_frame(self) -> pd.DataFrame:
        """The rows shown on the current page, in display order."""
        if self.frame is None:
            return pd.DataFrame()
        start = self.page * self.page_size
        return self.frame.iloc[self._order[start:start + self.page_size]]

    def update(self, frame: pd.DataFrame | None) -> None:
        """Show `frame` (sorted by the chosen key) from its first page."""
        self.frame = frame
        self._sort()
        self.show_page(0)

    def show_page(self, page: int) -> None:
        """Show page `page` (0-based, clipped to the pages there are)."""
        self.page = min(max(0, page), self.n_pages - 1)
        rows = self.page_frame
        total = 0 if self.frame is None else len(self.frame)
        if total == 0:
            self.page_label.value = "no cables"
        else:
            first = self.page * self.page_size + 1
            self.page_label.value = (f"cables {first:,}–{first + len(rows) - 1:,} of {total:,} · "
                                     f"page {self.page + 1:,} of {self.n_pages:,}")
        self.previous_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= self.n_pages - 1
        self.table_html.value = self.render(rows)
        self.read_select.options = [(self._pick_label(row), position)
                                    for position, row in enumerate(rows.itertuples(index=False))]
        self.read_select.value = None

    @staticmethod
    def render(rows: pd.DataFrame) -> str:
        """The HTML table of `rows`; every cell escaped."""
        head = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>"
                       for h in ("date", "cable", "post", "subject", "TAGS"))
        body = []
        for row in rows.itertuples(index=False):
            cells = (_format_date(row.date), _text(row.cable_id), _text(row.origin), _text(row.subject),
                     _format_list(row.tags))
            body.append("<tr>" + "".join(
                f"<td style='padding:2px 8px;vertical-align:top{';white-space:nowrap' if i < 2 else ''}'>"
                f"{html.escape(c)}</td>" for i, c in enumerate(cells)) + "</tr>")
        return (f"<table class='ct-results-table' style='border-collapse:collapse;font-size:90%'>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    def selected_cable(self) -> pd.Series | None:
        """The row chosen in the Read menu, or None."""
        position = self.read_select.value
        if position is None:
            return None
        return self.page_frame.iloc[position]

    @staticmethod
    def _pick_label(row) -> str:
        subject = _text(row.subject)
        subject = subject if len(subject) <= 70 else subject[:69] + "…"
        return f"{_text(row.cable_id) or '(no id)'} · {_format_date(row.date)} · {subject}"

    def _on_sort(self, change) -> None:
        self._sort()
        self.show_page(0)

    def _sort(self) -> None:
        """Order rows by the sort key (missing values last), ties by cable id, then by position."""
        if self.frame is None or len(self.frame) == 0:
            self._order = np.arange(0)
            return
        key, descending = self.sort_select.value, self.descending_box.value
        positions = self._positions_in_base(self.frame)
        if positions is None:
            self._order = _display_order(self.frame, key, descending)
            return
        ordered = self._base_orders.get((key, descending))
        if ordered is None:
            ordered = self._base_orders[(key, descending)] = _display_order(self.base, key, descending)
        kept = np.zeros(len(self.base), dtype=bool)
        kept[positions] = True
        row_of = np.empty(len(self.base), dtype=np.int64)
        row_of[positions] = np.arange(len(positions))
        self._order = row_of[ordered[kept[ordered]]]

    def _positions_in_base(self, frame: pd.DataFrame) -> np.ndarray | None:
        """frame's index as positions in `base`, when it can be one (else None: sort the frame)."""
        if self.base is None or not pd.api.types.is_integer_dtype(frame.index.dtype):
            return None
        positions = frame.index.to_numpy()
        if positions.min() < 0 or positions.max() >= len(self.base) or not frame.index.is_unique:
            return None
        return positions


_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"  # control characters no cable text keeps (removed first)


def highlight_pattern(spec: FilterSpec) -> str | None:
    """The RE2 pattern that finds what `spec`'s text search looks for, ignoring case, or None.

    >>> highlight_pattern(FilterSpec(text="oil gas"))
    '[oO][iI][lL]|[gG][aA][sS]'
    """
    if not spec.text:
        return None
    if spec.regex:
        plan = regex_plan(spec.text)
        return f"(?i:{plan.pattern})" if plan.ignore_case else plan.pattern
    return "|".join(literal_pattern(term) for term in search_terms(spec.text)) or None


def highlighted_html(text: str, pattern: str | None) -> str:
    """`text` HTML-escaped, every match of the RE2 `pattern` (linear time) wrapped in <mark>.

    >>> highlighted_html("Oil & <gas> oil", "[oO][iI][lL]")
    '<mark>Oil</mark> &amp; &lt;gas&gt; <mark>oil</mark>'
    """
    text = text.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    if pattern:
        marked = pc.replace_substring_regex(pa.array([text], pa.large_string()), pattern,
                                            replacement=f"{_MARK_OPEN}\\0{_MARK_CLOSE}")[0].as_py()
        text = marked.replace(_MARK_OPEN + _MARK_CLOSE, "")  # empty matches ("a*") mark nothing
    return html.escape(text).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


class CableReader:
    """One cable: its citation, its main fields, then its full text, all HTML-escaped (a cable
    quoting `<script>` shows those characters; nothing in it runs). `show(cable, highlight=)`
    marks the matches of a search pattern. Each reference gets a button that opens the
    referenced cable here when `lookup(cable_id)` finds it in the corpus, and says so when not.

    >>> reader = CableReader()
    >>> reader.show(pd.Series({"cable_id": "X", "header": "", "body": "<script>alert(1)</script>"}))
    >>> "&lt;script&gt;" in reader.html.value and "<script>" not in reader.html.value
    True
    """

    FIELDS = (
        ("cable_id", "Cable"), ("ref", "Reference"), ("date", "Date"), ("origin", "From"),
        ("country", "Country"), ("classification", "Classification"), ("caveats", "Caveats"),
        ("precedence", "Precedence"), ("tags", "TAGS"), ("subject", "Subject"),
        ("references", "References"), ("signer", "Signed"), ("source", "Source"), ("problems", "Problems"),
    )

    def __init__(self, lookup: Callable[[str], pd.Series | None] | None = None,
                 citers: Callable[[str], list[str]] | None = None) -> None:
        self.lookup = lookup
        self.citers = citers  # cable id -> ids of the held cables whose REF lines cite it
        self.highlight: str | None = None
        self.cable: pd.Series | Mapping | None = None
        self.html = w.HTML()
        self.html.add_class("ct-reader")
        self.citation = w.HTML()
        self.citation.add_class("ct-citation")
        self.reference_box = w.HBox(layout=w.Layout(flex_flow="row wrap", grid_gap="4px"))
        self.reference_box.add_class("ct-references")
        self.widget = w.VBox([self.citation, self.reference_box, self.html])
        self.show(None)

    def show(self, cable: pd.Series | Mapping | None, highlight: str | None = None) -> None:
        """Show `cable` (a row of the cable DataFrame), or a hint when None; `highlight` is an RE2
        pattern whose matches in the text are marked (see `highlight_pattern`)."""
        self.cable, self.highlight = cable, highlight
        if cable is None:
            self.html.value = "<i>Pick a cable in the table's Read menu to show it here.</i>"
            self.citation.value = ""
            self.reference_box.children = ()
            return
        self._show_citation(cable)
        self._show_references(cable)
        get = cable.get
        rows = []
        for column, title in self.FIELDS:
            value = get(column)
            if column == "date":
                date = _format_date(value)
                text = f"{pd.Timestamp(value):%Y-%m-%d %H:%M} UTC" if date else ""
            elif isinstance(value, (list, tuple, np.ndarray)):
                text = _format_list(value)
            else:
                text = _text(value)
            if text:
                rows.append(f"<tr><th style='text-align:left;padding:1px 10px 1px 0;vertical-align:top'>"
                            f"{title}</th><td>{html.escape(text)}</td></tr>")
        full_text = _text(get("header")) + _text(get("body"))
        self.html.value = (
            f"<div class='ct-cable'><table>{''.join(rows)}</table>"
            f"<pre class='ct-cable-text' style='white-space:pre-wrap;max-height:32em;overflow:auto;"
            f"background:#f7f7f4;padding:8px'>{highlighted_html(full_text, highlight)}</pre></div>")

    def open_reference(self, cable_id: str) -> bool:
        """Show the referenced cable `cable_id` (the search stays highlighted); False when the
        corpus does not hold it."""
        row = self.lookup(cable_id) if self.lookup else None
        if row is None:
            return False
        self.show(row, highlight=self.highlight)
        return True

    def _show_citation(self, cable) -> None:
        from cabletools.cite import cablegate_url, cite, plusd_url

        links = [(name, url) for name, url in (("WikiLeaks PlusD", plusd_url(_text(cable.get("cable_id")))),
                                               ("cablegate site", cablegate_url(_text(cable.get("cable_id")),
                                                                                cable.get("date")))) if url]
        anchors = " · ".join(f"<a href='{html.escape(url)}' target='_blank' rel='noopener'>{name}</a>"
                             for name, url in links)
        self.citation.value = (f"<div style='font-size:90%;color:#333'><b>Cite:</b> {html.escape(cite(cable))}"
                               f"{' · ' + anchors if anchors else ''}</div>")

    def _show_references(self, cable) -> None:
        refs = [str(r) for r in (cable.get("references") if cable.get("references") is not None else [])]
        children: list[w.Widget] = [w.HTML("<b>REF:</b>")] if refs else []
        for ref in refs:
            known = self.lookup is not None and self.lookup(ref) is not None
            button = w.Button(description=ref, icon="external-link" if known else "ban", disabled=not known,
                              tooltip="open this cable" if known else "not in this corpus",
                              layout=w.Layout(width="auto"))
            button.add_class("ct-ref" if known else "ct-ref-missing")
            if known:
                button.on_click(lambda _, ref=ref: self.open_reference(ref))
            children.append(button)
            if not known:
                children.append(w.HTML("<span style='color:#777'>(not in this corpus)</span>"))
        self.reference_box.children = tuple(children + self._citing_buttons(_text(cable.get("cable_id"))))

    def _citing_buttons(self, cable_id: str, most: int = 12) -> list:
        """'Cited by:' and a button per held cable whose REF lines name `cable_id` (earliest first)."""
        citing = self.citers(cable_id) if self.citers and cable_id else []
        if not citing:
            return []
        buttons: list[w.Widget] = [w.HTML("<b>Cited by:</b>")]
        for ref in citing[:most]:
            button = w.Button(description=ref, icon="reply", tooltip="open the cable that cites this one",
                              layout=w.Layout(width="auto"))
            button.add_class("ct-cited-by")
            button.on_click(lambda _, ref=ref: self.open_reference(ref))
            buttons.append(button)
        if len(citing) > most:
            buttons.append(w.HTML(f"<span style='color:#777'>and {len(citing) - most:,} more</span>"))
        return buttons

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class ChartView:
    """One chart of the explorer: a PNG `Image` widget (or an `HTML` one for charts drawn as HTML),
    replaced whole on each redraw (no flicker, nothing captured through an Output area, so it
    behaves the same in JupyterLab, Voilà and nbclient), and an error area that shows the
    traceback in place when drawing fails."""

    def __init__(self, css_class: str, *, kind: str = "png") -> None:
        self.image = (w.Image(format="png", layout=w.Layout(width="100%", max_width="600px")) if kind == "png"
                      else w.HTML(layout=w.Layout(width="100%", max_width="600px")))
        self.error = w.HTML()
        self.widget = w.VBox([self.image, self.error], layout=w.Layout(width="50%", min_width="420px"))
        self.widget.add_class(css_class)

    def show(self, content: bytes | str) -> None:
        self.image.value = content
        self.image.layout.display = None
        self.error.value = ""

    def fail(self, exc: BaseException, name: str) -> None:
        self.image.layout.display = "none"
        self.error.value = _error_html(exc, name)


class Explorer:
    """A FilterPanel driving a volume chart, a top-TAGS chart, a `ResultsTable` and a `CableReader`.

    Each chart is a `ChartView` (a PNG image swapped whole on redraw); a failing view shows its
    traceback in place and in the panel. `.volume_data` / `.tag_data` hold the numbers last drawn.

    >>> from cabletools.schema import empty_frame
    >>> explorer = Explorer(empty_frame())
    >>> explorer.volume_data.sum(), len(explorer.tag_data)
    (np.int64(0), 0)
    """

    def __init__(self, df: pd.DataFrame, *, page_size: int = 20, top_tags: int = 15,
                 freq: str | None = None, meanings: Mapping[str, str] | None = None) -> None:
        self.panel = FilterPanel(df, meanings=meanings)
        self.top_tags = top_tags
        self.freq = freq
        self.volume_view = ChartView("ct-volume")
        self.tag_view = ChartView("ct-tag-chart", kind="html")
        self.table = ResultsTable(page_size=page_size, base=self.panel.df)
        self.reader = CableReader(lookup=self.cable_by_id, citers=self.citing_cables)
        self._positions_by_id: dict[str, int] | None = None  # built when a reference is first looked up
        self._reference_graph: pd.DataFrame | None = None     # built when a cable is first read
        self.export_format = w.Dropdown(options=[("CSV", "csv"), ("Parquet", "parquet"), ("BibTeX", "bibtex"),
                                                 ("CSL-JSON", "csl-json")], value="csv",
                                        layout=w.Layout(width="120px"))
        self.export_name = w.Text(value="selection", description="File", layout=w.Layout(width="260px"))
        self.export_button = w.Button(description="Export selection", icon="download",
                                      layout=w.Layout(width="160px"))
        self.export_button.add_class("ct-export")
        self.export_message = w.HTML()
        self.export_message.add_class("ct-export-message")
        self.export_button.on_click(lambda _: self._view(None, "export", self.export_selection))
        self.volume_data = pd.Series(dtype="int64")
        self.tag_data = pd.Series(dtype="int64")
        self.volume_chart = VolumeChart()
        self._volume_bins = VolumeBins(df["date"])  # selections counted by bincount, not grouped anew
        self._tag_counter = TagCounter(df["tags"])
        self.panel.observe(self._redraw)
        self.table.read_select.observe(self._on_read, names="value")
        self.widget = w.VBox([
            self.panel.widget,
            w.HBox([self.volume_view.widget, self.tag_view.widget], layout=w.Layout(flex_flow="row wrap")),
            w.HTML("<b>Cables</b>"),
            self.table.widget,
            w.HBox([self.export_name, self.export_format, self.export_button, self.export_message],
                   layout=w.Layout(grid_gap="8px", align_items="center")),
            w.HTML("<b>Reader</b>"),
            self.reader.widget,
        ])
        self.widget.add_class("ct-explorer")
        self._redraw(self.panel)

    @property
    def filtered(self) -> pd.DataFrame:
        return self.panel.filtered

    def _repr_mimebundle_(self, **kwargs):
        return _bundle(self.widget, f"Explorer: {self.panel.count_text} (the widgets need a live kernel)",
                       **kwargs)

    #: the columns the views need; the text columns stay in `panel.df` until a cable is read
    VIEW_COLUMNS = ["date", "cable_id", "origin", "subject", "tags"]

    def _redraw(self, panel: FilterPanel) -> None:
        frame = panel.columns(self.VIEW_COLUMNS)
        self._view(self.volume_view, "volume chart", lambda: self._draw_volume(frame))
        self._view(self.tag_view, "TAG chart", lambda: self._draw_tags(frame))
        self._view(None, "results table", lambda: self.table.update(frame))
        self._view(None, "reader", lambda: self.reader.show(None))

    def _draw_volume(self, frame: pd.DataFrame) -> bytes:
        """`frame` is indexed by row positions in the panel's frame (see `FilterPanel.columns`)."""
        positions = frame.index.to_numpy()
        freq = self.freq or self._volume_bins.auto_freq(positions)
        self.volume_data = self._volume_bins.counts(positions, freq)
        return figure_png(self.volume_chart.draw(self.volume_data, freq))

    def _draw_tags(self, frame: pd.DataFrame) -> str:
        self.tag_data = self._tag_counter.top(frame.index.to_numpy(), self.top_tags)
        return tag_bars_html(self.tag_data, meanings=self.panel.meanings)

    def _view(self, view: ChartView | None, name: str, draw: Callable[[], object]) -> None:
        """Run one view's update; a failure is shown in place (charts) and in the panel."""
        try:
            result = draw()
        except Exception as exc:
            self.panel._report(exc, name)
            if view is not None:
                view.fail(exc, name)
            return
        if view is not None:
            view.show(result)

    #: file suffix of each export format
    EXPORT_SUFFIXES = {"csv": ".csv", "parquet": ".parquet", "bibtex": ".bib", "csl-json": ".json"}

    def export_selection(self, path=None, format: str | None = None):
        """Write the panel's current selection with `cabletools.cite.export` (default: the file
        named in the export controls, in the format chosen there, in the working directory) and
        show a link to it; returns the path.

        >>> explorer.export_selection("selection.bib")                # doctest: +SKIP
        PosixPath('selection.bib')
        """
        from pathlib import Path

        from cabletools.cite import export

        fmt = format or self.export_format.value
        if path is None:
            name = self.export_name.value.strip() or "selection"
            path = Path(name if Path(name).suffix else name + self.EXPORT_SUFFIXES[fmt])
        written = export(self.panel.filtered, path, format=fmt)
        link = html.escape(str(written))
        self.export_message.value = (f"wrote {counted(self.panel.count, 'cable')} to "
                                     f"<a href='{link}' download class='ct-export-link'>{link}</a>")
        return written

    def citing_cables(self, cable_id: str) -> list[str]:
        """Ids of the corpus's cables whose REF lines cite `cable_id`, earliest first (the
        reference graph is built once, when the first cable is read)."""
        from cabletools.reference_network import cited_by, reference_graph

        if self._reference_graph is None:
            self._reference_graph = reference_graph(self.panel.df)
        return cited_by(self.panel.df, cable_id, graph=self._reference_graph)["cable_id"].tolist()

    def cable_by_id(self, cable_id: str) -> pd.Series | None:
        """The corpus's cable with id `cable_id` (a row of the panel's frame), or None."""
        if self._positions_by_id is None:
            ids = self.panel.df["cable_id"].tolist()
            self._positions_by_id = {cid: i for i, cid in reversed(list(enumerate(ids))) if isinstance(cid, str)}
        position = self._positions_by_id.get(cable_id)
        return None if position is None else self.panel.df.iloc[position]

    def _on_read(self, change) -> None:
        def show():
            row = self.table.selected_cable()  # a row of the light frame: its name is the position in df
            self.reader.show(None if row is None else self.panel.df.iloc[int(row.name)],
                             highlight=highlight_pattern(self.panel.spec))

        self._view(None, "reader", show)



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
        frame = panel.columns(self.COLUMNS)
        posts = list(panel.spec.origins) or None
        self.data = volume_heatmap_data(frame, top=self.top, freq=self.freq, posts=posts)
        fig = plot_volume_heatmap(frame, top=self.top, freq=self.freq, posts=posts)
        self.image.value = figure_png(fig, dpi=self.dpi)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
