"""TAG figures: the data each one draws (counted by hand on eight cables), that the figure draws
exactly that data, that no TAG code stands bare on an axis, and independent counts on the sample."""
from __future__ import annotations

import collections
import math
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from cabletools import tags as T
from cabletools.plots import tags as P
from cabletools.refdata import tag_kind
from cabletools.schema import empty_frame, records_to_table, table_to_frame
from cabletools.tags import tag_table

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


HANOI = dict(origin="Embassy Hanoi", country="Vietnam")
MOSCOW = dict(origin="Embassy Moscow", country="Russia")
STATE = dict(origin="Secretary of State", country=None)
# Eight cables: host-only, host+other, other-only and regional-only (XF) reporting from Hanoi;
# a Moscow cable without TAGS; a Department cable (no host country); one without origin or date.
CABLES = [
    dict(cable_id="08HANOI1", date=_utc(2008, 3, 1), tags=("PREL", "PHUM", "VM"), **HANOI),
    dict(cable_id="08HANOI2", date=_utc(2008, 11, 30), tags=("PREL", "VM", "CH"), **HANOI),
    dict(cable_id="09HANOI3", date=_utc(2009, 2, 1), tags=("ECON", "CH"), **HANOI),
    dict(cable_id="09HANOI4", date=_utc(2009, 4, 1), tags=("ECON", "XF"), **HANOI),
    dict(cable_id="09MOSCOW5", date=_utc(2009, 5, 5), tags=("PREL", "RS", "UNSC"), **MOSCOW),
    dict(cable_id="09MOSCOW6", date=_utc(2009, 6, 6), tags=(), **MOSCOW),
    dict(cable_id="09STATE7", date=_utc(2009, 7, 7), tags=("PREL", "VM", "RS"), **STATE),
    dict(cable_id=None, date=None, tags=("PHUM",), origin=None, country=None),
]


@pytest.fixture
def cables() -> pd.DataFrame:
    return table_to_frame(records_to_table([dict(c, is_partial=False) for c in CABLES]))


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    import cabletools as ct

    return ct.read_cables(SAMPLE, progress=False)


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    out = []
    for rec in frame[columns].itertuples(index=False):
        out.append(tuple(None if (not isinstance(v, (list, tuple)) and pd.isna(v)) else
                         (round(float(v), 4) if isinstance(v, (float, np.floating)) else
                          (int(v) if isinstance(v, (np.integer,)) else v)) for v in rec))
    return out


def _ticks(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels()]


# --------------------------------------------------------------------------- labels
@pytest.mark.parametrize("code, meaning, kind, expected", [
    ("PREL", None, None, "PREL — External political relations"),
    ("VM", None, None, "VM — Vietnam"),
    ("XF", None, None, "XF — Middle East (region)"),
    ("PREL", "politics", None, "PREL — politics"),
    ("PREL", pd.NA, None, "PREL — External political relations"),
    ("KXYZ", None, None, "KXYZ — program code, meaning unknown"),
    ("ZZZZ", None, "subject", "ZZZZ — subject code, meaning unknown"),
    ("CLINTON, HILLARY", None, None, "CLINTON, HILLARY — person"),
    ("IBRD", "World Bank (International Bank for Reconstruction and Development)", None,
     "IBRD — World Bank (International Bank for Reco…"),
])
def test_tag_label(code, meaning, kind, expected):
    assert T.tag_label(code, meaning, kind) == expected


# --------------------------------------------------------------------------- top tags
@pytest.mark.parametrize("kwargs, expected", [
    (dict(kind="subject"), [(1, "PREL", 4, 8, 0.5), (2, "ECON", 2, 8, 0.25), (3, "PHUM", 2, 8, 0.25)]),
    (dict(kind=None, top=3), [(1, "PREL", 4, 8, 0.5), (2, "VM", 3, 8, 0.375), (3, "CH", 2, 8, 0.25)]),
    (dict(kind="geographic", top=2), [(1, "VM", 3, 8, 0.375), (2, "CH", 2, 8, 0.25)]),
    (dict(kind="organization"), [(1, "UNSC", 1, 8, 0.125)]),
])
def test_top_tags_by_hand(cables, kwargs, expected):
    out = T.top_tags(cables, **kwargs)
    assert _rows(out, ["rank", "tag", "n_cables", "n_total", "share"]) == expected
    assert all(" — " in label for label in out["label"])


def test_plot_tag_counts_draws_its_data(cables):
    fig = P.plot_tag_counts(cables, top=5, kind=None)
    data = fig.cabletools_data
    assert isinstance(fig, Figure)
    assert [p.get_width() for p in fig.axes[0].patches] == data["n_cables"].tolist()
    assert _ticks(fig.axes[0].yaxis) == data["label"].tolist()
    assert data.equals(T.top_tags(cables, top=5, kind=None))


# --------------------------------------------------------------------------- over time
def test_tags_over_time_by_hand(cables):
    out = T.tags_over_time(cables, freq="YS", min_period_cables=3)
    assert _rows(out.assign(year=out["date"].dt.year), ["tag", "year", "n_cables", "n_period", "share", "enough"]) == [
        ("PREL", 2008, 2, 2, 1.0, False), ("PREL", 2009, 2, 5, 0.4, True),
        ("ECON", 2008, 0, 2, 0.0, False), ("ECON", 2009, 2, 5, 0.4, True),
        ("PHUM", 2008, 1, 2, 0.5, False), ("PHUM", 2009, 0, 5, 0.0, True),
    ]


def test_tags_over_time_chosen_tags_and_unknown_codes(cables):
    out = T.tags_over_time(cables, tags=["VM", "KXYZ"], freq="YS", min_period_cables=1)
    assert _rows(out, ["tag", "n_cables", "share", "label"]) == [
        ("VM", 2, 1.0, "VM — Vietnam"), ("VM", 1, 0.2, "VM — Vietnam"),
        ("KXYZ", 0, 0.0, "KXYZ — program code, meaning unknown"),
        ("KXYZ", 0, 0.0, "KXYZ — program code, meaning unknown"),
    ]


def test_tags_over_time_quarters(cables):
    out = T.tags_over_time(cables, tags=["PREL"], freq="QS", min_period_cables=1)
    got = [(str(d.date()), n, t) for d, n, t in zip(out["date"], out["n_cables"], out["n_period"])]
    # quarters that hold cables only: 2008Q1, 2008Q4, 2009Q1, 2009Q2, 2009Q3
    assert got == [("2008-01-01", 1, 1), ("2008-10-01", 1, 1), ("2009-01-01", 0, 1),
                   ("2009-04-01", 1, 3), ("2009-07-01", 1, 1)]


def test_plot_tags_over_time_blanks_thin_periods(cables):
    fig = P.plot_tags_over_time(cables, freq="YS", min_period_cables=3, trim=False)
    image = fig.axes[0].images[0].get_array()
    expected = np.array([[np.nan, 0.4], [np.nan, 0.4], [np.nan, 0.0]])
    np.testing.assert_allclose(np.ma.filled(image, np.nan), expected)
    assert _ticks(fig.axes[0].yaxis) == ["PREL — External political relations", "ECON — Economic conditions",
                                         "PHUM — Human rights"]
    assert _ticks(fig.axes[0].xaxis) == ["2008\n2", "2009\n5"]


def test_plot_tags_over_time_trims_thin_periods_at_the_ends(cables):
    # quarters: 2008Q1 (1 cable), 2008Q4 (1), 2009Q1 (1), 2009Q2 (3), 2009Q3 (1); well filled: >= 2
    fig = P.plot_tags_over_time(cables, tags=["PREL", "ECON"], freq="QS", min_period_cables=2)
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), [[1 / 3], [1 / 3]])
    assert _ticks(fig.axes[0].xaxis) == ["2009Q2\n3"]
    assert "4 cables in thin periods" in fig.axes[0].get_xlabel()
    assert fig.cabletools_data["date"].dt.month.unique().tolist() == [4]
    # a thin year between well-filled ones stays, hatched (NaN)
    years = [2006] + [2007] * 3 + [2008] + [2009] * 3
    gap = pd.DataFrame({"date": pd.to_datetime([f"{y}-06-01" for y in years], utc=True),
                        "tags": [["PREL"]] * len(years)})
    fig = P.plot_tags_over_time(gap, freq="YS", min_period_cables=3)
    np.testing.assert_allclose(np.ma.filled(fig.axes[0].images[0].get_array(), np.nan), [[1.0, np.nan, 1.0]])
    assert _ticks(fig.axes[0].xaxis) == ["2007\n3", "2008\n1", "2009\n3"]


# --------------------------------------------------------------------------- per post
def test_subject_mix_by_hand(cables):
    out = T.subject_mix(cables, top_origins=2, top_tags_n=2)
    assert _rows(out, ["origin", "tag", "n_cables", "n_group", "share", "corpus_share", "lift"]) == [
        ("Embassy Hanoi", "PREL", 2, 4, 0.5, 0.5, 1.0),
        ("Embassy Hanoi", "ECON", 2, 4, 0.5, 0.25, 2.0),
        ("Embassy Moscow", "PREL", 1, 2, 0.5, 0.5, 1.0),
        ("Embassy Moscow", "ECON", 0, 2, 0.0, 0.25, 0.0),
    ]


def test_subject_mix_chosen_posts_and_tags(cables):
    out = T.subject_mix(cables, origins=["Secretary of State", "Embassy Hanoi"], tags=["PHUM", "RS", "KXYZ"])
    assert _rows(out, ["origin", "tag", "n_cables", "share", "corpus_share", "lift"]) == [
        ("Secretary of State", "PHUM", 0, 0.0, 0.25, 0.0),
        ("Secretary of State", "RS", 1, 1.0, 0.25, 4.0),
        ("Secretary of State", "KXYZ", 0, 0.0, 0.0, None),
        ("Embassy Hanoi", "PHUM", 1, 0.25, 0.25, 1.0),
        ("Embassy Hanoi", "RS", 0, 0.0, 0.25, 0.0),
        ("Embassy Hanoi", "KXYZ", 0, 0.0, 0.0, None),
    ]


@pytest.mark.parametrize("value", ["share", "lift"])
def test_plot_subject_mix_draws_its_data(cables, value):
    fig = P.plot_subject_mix(cables, top_origins=2, top_tags_n=2, value=value)
    data = fig.cabletools_data
    image = np.ma.filled(fig.axes[0].images[0].get_array(), np.nan)
    # rows: PREL, ECON; columns: Hanoi, Moscow
    if value == "share":
        np.testing.assert_allclose(image, [[0.5, 0.5], [0.5, 0.0]])
    else:  # zero lift is drawn at the colour scale's floor
        np.testing.assert_allclose(image[0], [1.0, 1.0])
        assert image[1, 0] == 2.0 and 0 < image[1, 1] < 1.0
    assert [t.get_text() for t in fig.axes[0].texts] == ["50%", "50%", "50%", "0%"]
    assert _ticks(fig.axes[0].yaxis) == ["PREL — External political relations", "ECON — Economic conditions"]
    assert _ticks(fig.axes[0].xaxis) == ["Embassy Hanoi (4)", "Embassy Moscow (2)"]
    assert len(data) == 4


def test_plot_subject_mix_rejects_unknown_value(cables):
    with pytest.raises(ValueError, match="share"):
        P.plot_subject_mix(cables, value="count")


def test_geographic_focus_by_hand(cables):
    out = T.geographic_focus(cables, top=3)
    assert _rows(out, ["origin", "country", "n_cables", "host_only", "host_and_other", "other_only",
                       "no_country", "share_host_only", "top_other"]) == [
        ("Embassy Hanoi", "Vietnam", 4, 1, 1, 1, 1, 0.25, "China (2)"),
        ("Embassy Moscow", "Russia", 2, 1, 0, 0, 1, 0.5, ""),
        ("Secretary of State", None, 1, 0, 0, 1, 0, 0.0, "Russia (1); Vietnam (1)"),
    ]
    shares = out[[f"share_{k}" for k in ("host_only", "host_and_other", "other_only", "no_country")]]
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_geographic_focus_ignores_the_frame_index(cables):
    shuffled = cables.set_axis([10, 3, 7, 7, 1, 2, 5, 0])  # a filtered frame keeps odd labels
    assert T.geographic_focus(shuffled, top=3).equals(T.geographic_focus(cables, top=3))


def test_plot_geographic_focus_draws_its_data(cables):
    fig = P.plot_geographic_focus(cables, top=3)
    data = fig.cabletools_data
    widths = np.array([p.get_width() for p in fig.axes[0].patches]).reshape(4, 3).T
    np.testing.assert_allclose(widths, data[["share_host_only", "share_host_and_other", "share_other_only",
                                             "share_no_country"]].to_numpy(dtype=float))
    assert _ticks(fig.axes[0].yaxis) == ["Embassy Hanoi (4)", "Embassy Moscow (2)", "Secretary of State (1)"]
    assert [t.get_text().strip() for t in fig.axes[0].texts] == ["China (2)", "Russia (1); Vietnam (1)"]


def test_countries_by_post_by_hand(cables):
    out = T.countries_by_post(cables, top_origins=3, top_countries=3)
    assert _rows(out, ["origin", "post_country", "tag_country", "n_cables", "n_group", "share", "is_host"]) == [
        ("Embassy Hanoi", "Vietnam", "Vietnam", 2, 4, 0.5, True),
        ("Embassy Hanoi", "Vietnam", "China", 2, 4, 0.5, False),
        ("Embassy Hanoi", "Vietnam", "Russia", 0, 4, 0.0, False),
        ("Embassy Moscow", "Russia", "Vietnam", 0, 2, 0.0, False),
        ("Embassy Moscow", "Russia", "China", 0, 2, 0.0, False),
        ("Embassy Moscow", "Russia", "Russia", 1, 2, 0.5, True),
        ("Secretary of State", None, "Vietnam", 1, 1, 1.0, False),
        ("Secretary of State", None, "China", 0, 1, 0.0, False),
        ("Secretary of State", None, "Russia", 1, 1, 1.0, False),
    ]


def test_plot_countries_by_post_outlines_host_countries(cables):
    fig = P.plot_countries_by_post(cables, top_origins=3, top_countries=3)
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.images[0].get_array(), [[0.5, 0.5, 0], [0, 0, 0.5], [1, 0, 1]])
    outlined = sorted((p.get_y() + 0.5, p.get_x() + 0.5) for p in ax.patches)
    assert outlined == [(0.0, 0.0), (1.0, 2.0)]  # Hanoi-Vietnam, Moscow-Russia
    assert _ticks(ax.xaxis) == ["Vietnam", "China", "Russia"]


# --------------------------------------------------------------------------- pairs
@pytest.mark.parametrize("rank_by", ["lift", "n_ab", "npmi"])
def test_tag_pairs_by_hand(cables, rank_by):
    # 7 cables have TAGS; PREL on 4, VM on 3, RS on 2: lift(PREL,VM) = 3 / (4*3/7) = 1.75,
    # lift(PREL,RS) = 2 / (4*2/7) = 1.75; the tie goes to the pair on more cables.
    out = T.tag_pairs(cables, kind=None, min_count=2, rank_by=rank_by)
    assert _rows(out, ["label", "meanings", "n_ab", "lift"]) == [
        ("PREL + VM", "External political relations + Vietnam", 3, 1.75),
        ("PREL + RS", "External political relations + Russia", 2, 1.75),
    ]


def test_tag_pairs_rejects_unknown_ranking(cables):
    with pytest.raises(ValueError, match="rank_by"):
        T.tag_pairs(cables, rank_by="p")


@pytest.mark.parametrize("rank_by, widths", [
    ("lift", [1.75, 1.75]),
    ("npmi", [math.log2(1.75) / -math.log2(3 / 7), math.log2(1.75) / -math.log2(2 / 7)]),
    ("n_ab", [3, 2]),
])
def test_plot_tag_pairs_draws_its_data(cables, rank_by, widths):
    fig = P.plot_tag_pairs(cables, kind=None, min_count=2, rank_by=rank_by)
    assert [p.get_width() for p in fig.axes[0].patches] == pytest.approx(widths)
    assert _ticks(fig.axes[0].yaxis) == ["PREL + VM\nExternal political relations + Vietnam",
                                         "PREL + RS\nExternal political relations + Russia"]
    assert [t.get_text().strip() for t in fig.axes[0].texts] == ["3 cables (chance: 1.7)",
                                                                "2 cables (chance: 1.1)"]


# --------------------------------------------------------------------------- trends
@pytest.fixture
def trending() -> pd.DataFrame:
    """40 cables a year 2003-2008: PTER on 2, 6, 10 ... of them (rising), ECON on 30, 26, ...
    (falling), PREL on all of them, PHUM on 5 every year (flat)."""
    rows = []
    for k, year in enumerate(range(2003, 2009)):
        for i in range(40):
            tags = ["PREL"]
            tags += ["PTER"] if i < 2 + 4 * k else []
            tags += ["ECON"] if i >= 10 + 4 * k else []
            tags += ["PHUM"] if i % 8 == 0 else []
            rows.append(dict(date=_utc(year, 6, 1), tags=tuple(tags), origin="Embassy Hanoi", is_partial=False))
    return table_to_frame(records_to_table(rows))


def test_trending_tags(trending):
    out = T.trending_tags(trending, top=2, min_count=5)
    assert _rows(out, ["tag", "direction", "significant", "share_first", "share_last"]) == [
        ("PTER", "rising", True, 0.05, 0.55),
        ("ECON", "falling", True, 0.75, 0.25),
    ]
    assert out.loc[0, "slope"] == pytest.approx(0.1) and out.loc[1, "slope"] == pytest.approx(-0.1)
    assert out["label"].tolist() == ["PTER — Terrorists and terrorism", "ECON — Economic conditions"]


def test_plot_tag_trends_draws_slopes_in_points(trending):
    fig = P.plot_tag_trends(trending, top=2, min_count=5)
    assert [p.get_width() for p in fig.axes[0].patches if p.get_height() < 1] == pytest.approx([10.0, -10.0])
    assert _ticks(fig.axes[0].yaxis) == ["PTER — Terrorists and terrorism", "ECON — Economic conditions"]


def test_plot_tag_trends_with_one_period_says_why(cables):
    one_year = cables[cables["date"].dt.year == 2009]
    fig = P.plot_tag_trends(one_year)
    assert "at least 2 periods" in fig.axes[0].texts[0].get_text()
    assert fig.cabletools_data.empty


# --------------------------------------------------------------------------- edge cases
PLOTS = [P.plot_tag_counts, P.plot_tags_over_time, P.plot_subject_mix, P.plot_geographic_focus,
         P.plot_countries_by_post, P.plot_tag_pairs, P.plot_tag_trends]


@pytest.mark.parametrize("plot", PLOTS, ids=[p.__name__ for p in PLOTS])
def test_no_cables_gives_a_figure_that_says_so(plot):
    fig = plot(empty_frame())
    assert isinstance(fig, Figure) and fig.cabletools_data.empty
    assert fig.axes[0].texts, "an empty figure must say why it is empty"


# --------------------------------------------------------------------------- the sample
def test_top_tags_equal_an_independent_count_on_the_sample(sample):
    counter = collections.Counter(t for tags in sample["tags"] for t in set(tags) if tag_kind(t) == "subject")
    expected = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    out = T.top_tags(sample, top=10)
    assert list(zip(out["tag"], out["n_cables"])) == expected
    meanings = tag_table().set_index("code")["meaning"]
    assert out["meaning"].tolist() == [meanings[t] for t, _ in expected]


def test_geographic_focus_equals_an_independent_count_on_the_sample(sample):
    country_of = tag_table().dropna(subset=["country"]).set_index("code")["country"].to_dict()
    expected = collections.defaultdict(collections.Counter)
    for origin, host, tags in zip(sample["origin"], sample["country"], sample["tags"]):
        named = {country_of[t] for t in tags if t in country_of}
        host = host if isinstance(host, str) else None
        has_host, has_other = host in named, bool(named - {host})
        key = ("host_and_other" if has_host and has_other else "host_only" if has_host else
               "other_only" if has_other else "no_country")
        expected[origin][key] += 1
    out = T.geographic_focus(sample, top=None)
    assert set(out["origin"]) == set(expected)
    for row in out.itertuples():
        got = {k: getattr(row, k) for k in ("host_only", "host_and_other", "other_only", "no_country")}
        assert {k: v for k, v in got.items() if v} == dict(expected[row.origin]), row.origin


def test_no_bare_code_on_any_axis_of_the_sample(sample):
    figures = [P.plot_tag_counts(sample, kind=None, top=40), P.plot_tags_over_time(sample, kind=None, top=40),
               P.plot_subject_mix(sample, kind=None, top_tags_n=30), P.plot_tag_trends(sample, kind=None)]
    codes = set(tag_table()["code"])
    for fig in figures:
        labels = _ticks(fig.axes[0].yaxis)
        assert labels and all(" — " in t and t.split(" — ")[0] not in ("", None) for t in labels)
        assert not codes & set(labels)
