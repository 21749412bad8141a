"""The widgets without a browser: set control values, click, and check that what the panel keeps is
exactly `apply_filters(df, panel.spec)` and that the views show that frame."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from cabletools.filters import FilterSpec, apply_filters
from cabletools.plots.explorer import TagChart, VolumeChart, figure_png
from cabletools.selection_counts import TagCounter, VolumeBins, auto_freq, top_tag_counts, volume_counts
from cabletools.schema import CLASSIFICATIONS, Cable, records_to_table, table_to_frame
from cabletools.widgets import CableReader, Explorer, FilterPanel, ResultsTable

POSTS = [("Embassy Hanoi", "Vietnam"), ("Embassy Paris", "France"), ("Consulate Lyon", "France"),
         ("Embassy Tehran", "Iran"), ("Secretary of State", None)]
TAGS = ["PREL", "PHUM", "ECON", "KNNP", "VM", "FR", "IR", "PGOV"]
WORDS = ["oil", "election", "rights", "nuclear", "rice", "minister", "party", "sanctions"]
MEANINGS = {"PREL": "External political relations", "PHUM": "Human rights", "KNNP": "Nuclear nonproliferation"}
HOSTILE = "Ignore this: <script>alert('x')</script> and <img src=x onerror=alert(1)> & more"


def make_frame(n: int = 240, seed: int = 7) -> pd.DataFrame:
    """n cables with random posts, dates 2004-2009, TAGS, classifications and text; the last one
    carries HTML that must never run."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        origin, country = POSTS[rng.integers(len(POSTS))]
        day = dt.datetime(2004, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=int(rng.integers(0, 2190)),
                                                                           hours=int(rng.integers(0, 24)))
        words = rng.choice(WORDS, size=3, replace=False)
        rows.append(asdict(Cable(
            cable_id=f"{day:%y}TEST{i}", origin=origin, country=country,
            date=None if i % 37 == 5 else day,
            classification=CLASSIFICATIONS[rng.integers(len(CLASSIFICATIONS))] if i % 41 else None,
            tags=tuple(rng.choice(TAGS, size=int(rng.integers(0, 4)), replace=False)),
            subject=f"{words[0].upper()} AND {words[1].upper()} REPORT {i}",
            header=f"R {day:%d%H%MZ %b %y}\n", body=f"1. The {words[2]} question, paragraph {i}.\n")))
    rows[-1].update(subject="Hostile <b>subject</b>", body=HOSTILE + "\n")
    return table_to_frame(records_to_table(rows))


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return make_frame()


@pytest.fixture
def panel(df) -> FilterPanel:
    return FilterPanel(df, meanings=MEANINGS)


def assert_consistent(panel: FilterPanel, df: pd.DataFrame) -> None:
    expected = apply_filters(df, panel.spec)
    assert panel.filtered.equals(expected)
    assert panel.count == len(expected) and panel.mask.sum() == len(expected)
    light = panel.columns(["cable_id", "date"])
    assert light["cable_id"].tolist() == expected["cable_id"].tolist()
    assert panel.count_label.value == f"<b>{len(expected):,}</b> of {len(df):,} cables"
    assert panel.count_text == f"{len(expected):,} of {len(df):,} cables"


# (what the user does, the spec it must produce)
INTERACTIONS = [
    (lambda p: setattr(p.start_picker, "value", dt.date(2006, 1, 1)), FilterSpec(start="2006-01-01")),
    (lambda p: (setattr(p.start_picker, "value", dt.date(2006, 1, 1)),
                setattr(p.end_picker, "value", dt.date(2006, 12, 31))),
     FilterSpec(start="2006-01-01", end="2006-12-31")),
    (lambda p: setattr(p.origin_select, "value", ("Embassy Paris", "Consulate Lyon")),
     FilterSpec(origins=["Embassy Paris", "Consulate Lyon"])),
    (lambda p: setattr(p.country_select, "value", ("Iran",)), FilterSpec(countries=["Iran"])),
    (lambda p: setattr(p.tag_select, "value", ("PREL", "KNNP")), FilterSpec(tags=["PREL", "KNNP"])),
    (lambda p: (setattr(p.tag_select, "value", ("PREL", "KNNP")), setattr(p.tag_mode_toggle, "value", "all")),
     FilterSpec(tags=["PREL", "KNNP"], tag_mode="all")),
    (lambda p: (setattr(p.classification_boxes["SECRET"], "value", True),
                setattr(p.classification_boxes["CONFIDENTIAL"], "value", True)),
     FilterSpec(classifications=["CONFIDENTIAL", "SECRET"])),
    (lambda p: setattr(p.text_box, "value", "oil rights"), FilterSpec(text="oil rights")),
    (lambda p: (setattr(p.regex_box, "value", True), setattr(p.text_box, "value", r"^(OIL|RICE) AND")),
     FilterSpec(text=r"^(OIL|RICE) AND", regex=True)),
    (lambda p: (setattr(p.country_select, "value", ("France",)), setattr(p.tag_select, "value", ("FR",)),
                setattr(p.start_picker, "value", dt.date(2007, 6, 1)), setattr(p.text_box, "value", "party")),
     FilterSpec(countries=["France"], tags=["FR"], start="2007-06-01", text="party")),
]


@pytest.mark.parametrize(("act", "expected_spec"), INTERACTIONS, ids=[s.describe() for _, s in INTERACTIONS])
def test_controls_make_the_spec_and_filtered_follows(panel, df, act, expected_spec):
    act(panel)
    assert panel.spec == expected_spec
    assert_consistent(panel, df)
    assert 0 < len(panel.filtered) < len(df)  # the fixture frame makes every case narrow, not empty
    assert panel.summary_label.value.endswith(f"{expected_spec.describe()}</span>")


def test_reset_button_clears_every_control(panel, df):
    for act, _ in INTERACTIONS:
        act(panel)
    panel.tag_search.value = "rights"
    assert len(panel.filtered) < len(df)
    calls = []
    panel.observe(calls.append)
    panel.reset_button.click()
    assert panel.spec == FilterSpec() and panel.filtered.equals(df)
    assert calls == [panel]  # one update for the whole reset, not one per control
    assert panel.origin_select.value == () and panel.tag_select.value == () and panel.text_box.value == ""
    assert not any(box.value for box in panel.classification_boxes.values())
    assert panel.tag_search.value == "" and len(panel.tag_select.options) == df["tags"].explode().nunique()


def test_set_spec_round_trips_and_rejects_values_not_in_the_data(panel, df):
    spec = FilterSpec(start="2005-01-01", origins=["Embassy Hanoi"], tags=["VM", "PREL"], tag_mode="all",
                      classifications=["SECRET"], text="party")
    panel.set_spec(spec)
    assert panel.spec == spec
    assert_consistent(panel, df)
    with pytest.raises(ValueError, match="not in the data"):
        panel.set_spec(FilterSpec(origins=["Embassy Atlantis"]))


def test_options_carry_counts_and_tag_meanings(panel, df):
    paris = int((df["origin"] == "Embassy Paris").sum())
    assert ("Embassy Paris (%s)" % f"{paris:,}", "Embassy Paris") in panel.origin_select.options
    assert [v for _, v in panel.origin_select.options] == sorted(df["origin"].dropna().unique())
    prel = int(df["tags"].apply(lambda t: "PREL" in list(t)).sum())
    labels = dict((v, label) for label, v in panel.tag_select.options)
    assert labels["PREL"] == f"PREL — External political relations ({prel:,})"
    assert labels["VM"].startswith("VM (")  # no meaning known: the code alone
    secret = int((df["classification"] == "SECRET").sum())
    assert panel.classification_boxes["SECRET"].description == f"SECRET ({secret:,})"
    # without a tag table the picker degrades to codes
    bare = FilterPanel(df, meanings={})
    assert all(" — " not in label for label, _ in bare.tag_select.options)


def test_tag_search_narrows_options_and_keeps_the_selection(panel, df):
    panel.tag_select.value = ("VM",)
    before = panel.filtered
    panel.tag_search.value = "rights"  # matches PHUM by its meaning
    assert [v for _, v in panel.tag_select.options] == ["VM", "PHUM"]
    assert panel.tag_select.value == ("VM",) and panel.filtered.equals(before)
    panel.tag_search.value = "knn"  # matches by code, case-insensitively
    assert [v for _, v in panel.tag_select.options] == ["VM", "KNNP"]
    panel.tag_select.value = ("VM", "KNNP")
    assert panel.spec.tags == ("VM", "KNNP")
    assert_consistent(panel, df)
    small = FilterPanel(df, meanings=MEANINGS, max_tag_options=3)
    assert len(small.tag_select.options) == 3 and "5 not listed" in small.tag_hint.value


def test_text_box_is_debounced_and_tag_search_is_live(panel):
    assert panel.text_box.continuous_update is False
    assert panel.tag_search.continuous_update is True


def test_invalid_regex_is_reported_and_the_last_result_kept(panel, df):
    panel.origin_select.value = ("Embassy Hanoi",)
    panel.regex_box.value = True
    kept = panel.filtered
    panel.text_box.value = "(unclosed"
    assert "invalid regular expression" in panel.message.value
    assert panel.filtered is kept and panel.spec == FilterSpec(origins=["Embassy Hanoi"], regex=True)
    panel.text_box.value = "(closed)"
    assert panel.message.value == "" and panel.spec.text == "(closed)"
    assert_consistent(panel, df)


def test_observers_get_the_panel_and_their_errors_are_shown(panel):
    seen = []

    @panel.observe
    def record(p):
        seen.append(len(p.filtered))

    def broken(p):
        raise RuntimeError("view exploded <b>")

    panel.observe(broken)
    panel.country_select.value = ("Vietnam",)
    assert seen == [len(panel.filtered)]
    assert "RuntimeError: view exploded &lt;b&gt;" in panel.message.value
    assert isinstance(panel.errors[-1], RuntimeError)
    panel.unobserve(broken)
    panel.country_select.value = ("Iran",)
    assert panel.message.value == "" and len(seen) == 2


def test_panel_displays_as_its_widget(panel):
    bundle = panel._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.widget.model_id


def expected_order(frame: pd.DataFrame, key: str, descending: bool) -> list[str]:
    """Independent of the table's pyarrow sort: pandas, missing keys last, ties by cable id."""
    ordered = frame.assign(_missing=frame[key].isna()).sort_values(
        ["_missing", key, "cable_id"], ascending=[True, not descending, True], kind="stable")
    return ordered["cable_id"].tolist()


@pytest.mark.parametrize(("key", "descending"), [("date", True), ("date", False), ("subject", False),
                                                 ("origin", True), ("cable_id", False)])
def test_results_table_sorts_and_pages(df, key, descending):
    table = ResultsTable(df, page_size=25)
    table.sort_select.value = key
    table.descending_box.value = descending
    order = expected_order(df, key, descending)
    assert table.page_frame["cable_id"].tolist() == order[:25]
    table.next_button.click()
    assert table.page_frame["cable_id"].tolist() == order[25:50]
    assert table.page_label.value == f"cables 26–50 of {len(df):,} · page 2 of {-(-len(df) // 25)}"
    for _ in range(20):
        table.next_button.click()
    assert table.page_frame["cable_id"].tolist() == order[(table.n_pages - 1) * 25:]
    assert table.next_button.disabled and not table.previous_button.disabled
    rendered = table.table_html.value
    assert rendered.count("<tr>") == len(table.page_frame) + 1


@pytest.mark.parametrize(("key", "descending"), [("date", True), ("date", False), ("subject", False),
                                                 ("origin", True), ("cable_id", True)])
@pytest.mark.parametrize("share", [1.0, 0.5, 0.05])
def test_results_table_cuts_selections_out_of_the_base_order(df, key, descending, share):
    """Given `base`, the table sorts it once and cuts each selection's order out of it: the same
    pages as sorting the selection itself."""
    table = ResultsTable(page_size=len(df), base=df)
    table.sort_select.value = key
    table.descending_box.value = descending
    rng = np.random.default_rng(int(share * 100))
    for _ in range(3):
        positions = np.flatnonzero(rng.random(len(df)) < share)
        selection = df.iloc[positions].set_axis(pd.Index(positions, dtype="int64"), axis=0)
        table.update(selection)
        assert table.page_frame["cable_id"].tolist() == expected_order(selection, key, descending)
    assert len(table._base_orders) == 1  # one sort of the base for this key and direction
    table.update(df.iloc[[3, 1]])  # rows in another order than in the base
    assert table.page_frame["cable_id"].tolist() == expected_order(df.iloc[[3, 1]], key, descending)


def test_results_table_escapes_cells_and_picks_cables(df):
    table = ResultsTable(df.tail(3), page_size=10)
    assert "Hostile &lt;b&gt;subject&lt;/b&gt;" in table.table_html.value
    assert "<b>subject" not in table.table_html.value
    hostile = [pos for label, pos in table.read_select.options if "Hostile" in label][0]
    table.read_select.value = hostile
    assert table.selected_cable()["cable_id"] == df["cable_id"].iloc[-1]
    table.update(df.iloc[:0])
    assert table.page_label.value == "no cables" and table.read_select.options == ()


def test_reader_shows_hostile_html_as_text(df):
    reader = CableReader()
    reader.show(df.iloc[-1])
    shown = reader.html.value
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in shown
    assert "<script" not in shown and "<img" not in shown and "<b>subject" not in shown
    assert "Hostile &lt;b&gt;subject&lt;/b&gt;" in shown
    assert f"<th style='text-align:left;padding:1px 10px 1px 0;vertical-align:top'>Cable</th><td>" \
           f"{df['cable_id'].iloc[-1]}</td>" in shown


def test_explorer_views_follow_the_panel(df):
    explorer = Explorer(df, meanings=MEANINGS, page_size=10, freq="MS")
    panel = explorer.panel
    panel.tag_select.value = ("PREL",)
    panel.start_picker.value = dt.date(2007, 1, 1)
    expected = apply_filters(df, FilterSpec(tags=["PREL"], start="2007-01-01"))
    assert explorer.filtered.equals(expected)
    assert explorer.volume_data.equals(volume_counts(expected, "MS"))
    assert explorer.tag_data.equals(top_tag_counts(expected, 15))
    assert explorer.table.frame["cable_id"].tolist() == expected["cable_id"].tolist()
    assert explorer.table.frame.index.tolist() == [df.index.get_loc(i) for i in expected.index]
    assert explorer.table.page_frame["cable_id"].tolist() == expected_order(expected, "date", True)[:10]
    assert bytes(explorer.volume_view.image.value).startswith(b"\x89PNG")
    bars = explorer.tag_view.image.value
    assert bars.count("<tr") == len(explorer.tag_data) > 0
    top_code, top_n = next(iter(explorer.tag_data.items()))
    assert f">{top_code}</td>" in bars and f">{top_n:,}</td>" in bars and "width:100.0%" in bars
    assert explorer.volume_view.error.value == explorer.tag_view.error.value == ""
    explorer.table.read_select.value = 0
    first = expected.set_index("cable_id").loc[expected_order(expected, "date", True)[0]]
    assert f"<td>{first.name}</td>" in explorer.reader.html.value
    assert first["body"] in explorer.reader.html.value  # the full text comes from the panel's frame
    panel.text_box.value = "nuclear"  # a new filter result resets the reader
    assert "Pick a cable" in explorer.reader.html.value
    assert explorer._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        explorer.widget.model_id


def test_explorer_shows_a_failing_view_in_place(df, monkeypatch):
    explorer = Explorer(df, meanings=MEANINGS)

    def fail(frame):
        raise ValueError("cannot draw")

    monkeypatch.setattr(explorer, "_draw_tags", fail)
    explorer.panel.country_select.value = ("Vietnam",)
    assert "ValueError: cannot draw" in explorer.tag_view.error.value
    assert explorer.tag_view.image.layout.display == "none"
    assert "TAG chart: ValueError: cannot draw" in explorer.panel.message.value
    # the other views still follow, and the chart comes back once drawing works again
    monkeypatch.undo()
    explorer.panel.country_select.value = ("Iran",)
    assert explorer.tag_view.error.value == "" and explorer.tag_view.image.layout.display is None
    explorer.panel.country_select.value = ("Vietnam",)
    assert explorer.table.frame["cable_id"].tolist() == \
        apply_filters(df, FilterSpec(countries=["Vietnam"]))["cable_id"].tolist()


def test_charts_redraw_through_empty_and_back(df):
    """The explorer reuses its figures: any sequence of selections, empty ones included, must draw
    (found by the browser test: a selection of one undated cable broke the date axis)."""
    volume, tags = VolumeChart(), TagChart(5)
    undated = df[df["date"].isna()]
    for frame in (df, undated, df.iloc[:0], df.iloc[:3], undated, df):
        counts = volume_counts(frame, "MS")
        assert figure_png(volume.draw(counts, "MS")).startswith(b"\x89PNG")
        drawn = volume.ax.patches or volume.ax.collections
        assert bool(drawn) == (counts.sum() > 0)
        top = top_tag_counts(frame, 5)
        assert figure_png(tags.draw(top)).startswith(b"\x89PNG")
        assert [t.get_text() for t in tags.ax.get_yticklabels()] == list(top.index)
        assert [round(p.get_width()) for p in tags.ax.patches] == top.tolist()


def test_text_search_is_reused_when_other_controls_change(panel, df, monkeypatch):
    import cabletools.widgets as widgets

    searched = []
    real = widgets.filter_mask
    monkeypatch.setattr(widgets, "filter_mask",
                        lambda frame, spec: searched.append(spec.text) or real(frame, spec))
    panel.text_box.value = "oil"
    panel.country_select.value = ("France",)
    panel.start_picker.value = dt.date(2006, 1, 1)
    assert searched.count("oil") == 1  # searched once, then reused
    assert_consistent(panel, df)
    panel.regex_box.value = True  # a regex is another search
    assert searched.count("oil") == 2
    assert_consistent(panel, df)


def in_chunks(series: pd.Series, rows_per_chunk: int) -> pd.Series:
    """An Arrow column cut into chunks, as read_cables gives them (one per 1,000-cable part)."""
    whole = series.array.__arrow_array__().combine_chunks()
    chunks = [whole.slice(i, rows_per_chunk) for i in range(0, len(whole), rows_per_chunk)]
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(chunks, type=whole.type)), index=series.index)


@pytest.mark.parametrize("share", [1.0, 0.3, 0.02, 0.0])
@pytest.mark.parametrize("rows_per_chunk", [None, 7])
def test_explorer_counts_selections_as_the_plain_functions_do(df, share, rows_per_chunk):
    """VolumeBins and TagCounter work out periods and TAGS once; any selection's counts must be
    exactly what volume_counts / top_tag_counts / auto_freq give for that selection."""
    tags = df["tags"] if rows_per_chunk is None else in_chunks(df["tags"], rows_per_chunk)
    bins, counter = VolumeBins(df["date"]), TagCounter(tags)
    rng = np.random.default_rng(int(share * 100))
    for _ in range(3):
        positions = np.flatnonzero(rng.random(len(df)) < share)
        selection = df.iloc[positions]
        for freq in ("D", "MS", "YS", "QS"):
            assert bins.counts(positions, freq).equals(volume_counts(selection, freq)), freq
        assert bins.auto_freq(positions) == auto_freq(selection)
        for top in (None, 3, 15):
            assert counter.top(positions, top).equals(top_tag_counts(selection, top))
    near = df.iloc[df["date"].to_numpy().argsort()[:2]]  # the two earliest cables: counted by day
    assert bins.auto_freq(near.index.to_numpy()) == auto_freq(near) == "D"


def test_country_filter_says_it_is_the_sending_posts_country():
    from cabletools.schema import empty_frame
    from cabletools.widgets import COUNTRY_HINT, FilterPanel

    titles = [child.children[0].value for child in FilterPanel(empty_frame()).widget.children[2].children]
    country = [t for t in titles if "Sent from (country)" in t]
    assert country and "not the country a cable is about" in COUNTRY_HINT and "sent the cable" in country[0]


@pytest.mark.parametrize("n, singular, plural, expected", [
    (0, "country", None, "0 countries"), (1, "country", None, "1 country"), (2, "day", None, "2 days"),
    (1, "TAG", "TAGS", "1 TAG"), (1204, "cable", None, "1,204 cables"),
])
def test_counted(n, singular, plural, expected):
    from cabletools.widgets import counted

    assert counted(n, singular, plural) == expected


# --------------------------------------------------------------------------- reading in context
@pytest.mark.parametrize("spec, text, expected", [
    (FilterSpec(text="oil"), "Oil & <oil>", "<mark>Oil</mark> &amp; &lt;<mark>oil</mark>&gt;"),
    (FilterSpec(text='"human rights" vm'), "Human Rights in VM", "<mark>Human Rights</mark> in <mark>VM</mark>"),
    (FilterSpec(text="<b>"), "a <b> tag", "a <mark>&lt;b&gt;</mark> tag"),   # the search itself is escaped
    (FilterSpec(text="s+an", regex=True), "SSANctions", "<mark>SSAN</mark>ctions"),
    (FilterSpec(text="x*", regex=True), "no x here", "no <mark>x</mark> here"),  # empty matches mark nothing
    (FilterSpec(), "plain <text>", "plain &lt;text&gt;"),
    (FilterSpec(text="oil"), "sentinel \x02oil\x03 chars", "sentinel <mark>oil</mark> chars"),
])
def test_highlighting_escapes_then_marks(spec, text, expected):
    from cabletools.widgets import highlight_pattern, highlighted_html

    assert highlighted_html(text, highlight_pattern(spec)) == expected


def references_frame() -> pd.DataFrame:
    rows = [asdict(Cable(cable_id="08HANOI1", subject="FIRST", references=("08HANOI2", "08STATE9"),
                         origin="Embassy Hanoi", to=("SECSTATE WASHDC",), header="", body="REF: A\n1. Oil talks.\n",
                         date=dt.datetime(2008, 3, 1, tzinfo=dt.timezone.utc))),
            asdict(Cable(cable_id="08HANOI2", subject="SECOND", origin="Embassy Hanoi", header="",
                         body="1. More oil.\n", date=dt.datetime(2008, 2, 1, tzinfo=dt.timezone.utc)))]
    return table_to_frame(records_to_table(rows))


def test_explorer_reads_with_highlight_citation_and_reference_links(tmp_path, monkeypatch):
    frame = references_frame()
    explorer = Explorer(frame)
    explorer.panel.text_box.value = "oil"
    labels = dict((label.split(" · ")[0], value) for label, value in explorer.table.read_select.options)
    explorer.table.read_select.value = labels["08HANOI1"]
    reader = explorer.reader
    assert "<mark>Oil</mark> talks" in reader.html.value
    assert "Embassy Hanoi to Secretary of State" in reader.citation.value
    assert "https://wikileaks.org/plusd/cables/08HANOI1_a.html" in reader.citation.value
    buttons = [c for c in reader.reference_box.children if isinstance(c, type(explorer.export_button))]
    assert [(b.description, b.disabled) for b in buttons] == [("08HANOI2", False), ("08STATE9", True)]
    assert "not in this corpus" in "".join(getattr(c, "value", "") for c in reader.reference_box.children)
    buttons[0].click()  # opens the referenced cable, search still highlighted
    assert reader.cable["cable_id"] == "08HANOI2" and "More <mark>oil</mark>." in reader.html.value
    assert reader.open_reference("08STATE9") is False and reader.cable["cable_id"] == "08HANOI2"
    # 08HANOI2 cites nothing, but 08HANOI1 cites it: "Cited by" leads back
    citing = [c for c in reader.reference_box.children if "ct-cited-by" in getattr(c, "_dom_classes", ())]
    assert [c.description for c in citing] == ["08HANOI1"]
    assert "Cited by:" in "".join(getattr(c, "value", "") for c in reader.reference_box.children)
    citing[0].click()
    assert reader.cable["cable_id"] == "08HANOI1"

    monkeypatch.chdir(tmp_path)
    explorer.export_format.value = "bibtex"
    explorer.export_button.click()
    assert not explorer.panel.errors
    written = tmp_path / "selection.bib"
    assert written.read_text().count("@misc{") == explorer.panel.count == 2
    assert "wrote 2 cables to" in explorer.export_message.value and "selection.bib" in explorer.export_message.value
