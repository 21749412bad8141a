"""Tag analytics: counts, long view, co-occurrence and trends.

Small frames with answers computed by hand, then the real corpus against an
independent count (collections.Counter over the manifest's TAGS links).
"""
from __future__ import annotations

import collections
import itertools
import math
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from scipy import stats

from cabletools.refdata import known_tag_codes, station_table, tag_kind
from cabletools.schema import records_to_table, table_to_frame
from cabletools.tags import explode_tags, tag_cooccurrence, tag_counts, tag_table, tag_trends


def _utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


# Six cables: one repeats a tag, one has no tags, one has neither origin nor date.
CABLES = [
    dict(cable_id="08HANOI1", origin="Embassy Hanoi", date=_utc(2008, 3, 1), tags=("PREL", "PHUM", "VM", "PREL")),
    dict(cable_id="08HANOI2", origin="Embassy Hanoi", date=_utc(2008, 11, 30), tags=("PREL", "VM")),
    dict(cable_id="09HANOI3", origin="Embassy Hanoi", date=_utc(2009, 2, 1), tags=("ECON", "VM")),
    dict(cable_id="09MOSCOW4", origin="Embassy Moscow", date=_utc(2009, 5, 5), tags=("PREL", "RS", "UNSC")),
    dict(cable_id="09MOSCOW5", origin="Embassy Moscow", date=_utc(2009, 6, 6), tags=()),
    dict(cable_id=None, origin=None, date=None, tags=("PHUM",)),
]


@pytest.fixture
def cables() -> pd.DataFrame:
    """The cable frame as read_cables builds it (Arrow list column, UTC dates)."""
    return table_to_frame(records_to_table([dict(c, is_partial=False) for c in CABLES]))


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    out = []
    for rec in frame[columns].itertuples(index=False):
        out.append(tuple(None if (not isinstance(v, (list, tuple)) and pd.isna(v)) else
                         (round(v, 4) if isinstance(v, float) else v) for v in rec))
    return out


# --------------------------------------------------------------------------- tag_counts

@pytest.mark.parametrize("kwargs, columns, expected", [
    ({}, ["tag", "n_cables", "n_group"],
     [("PREL", 3, 6), ("VM", 3, 6), ("PHUM", 2, 6), ("ECON", 1, 6), ("RS", 1, 6), ("UNSC", 1, 6)]),
    ({"kind": "subject"}, ["tag", "kind", "n_cables"],
     [("PREL", "subject", 3), ("PHUM", "subject", 2), ("ECON", "subject", 1)]),
    ({"kind": ["geographic", "organization"]}, ["tag", "n_cables"],
     [("VM", 3), ("RS", 1), ("UNSC", 1)]),
    ({"by": "origin", "normalize": True}, ["origin", "tag", "n_cables", "n_group", "share"],
     [("Embassy Hanoi", "VM", 3, 3, 1.0), ("Embassy Hanoi", "PREL", 2, 3, 0.6667),
      ("Embassy Hanoi", "ECON", 1, 3, 0.3333), ("Embassy Hanoi", "PHUM", 1, 3, 0.3333),
      ("Embassy Moscow", "PREL", 1, 2, 0.5), ("Embassy Moscow", "RS", 1, 2, 0.5),
      ("Embassy Moscow", "UNSC", 1, 2, 0.5),
      (None, "PHUM", 1, 1, 1.0)]),
    ({"by": "year", "kind": "subject"}, ["year", "tag", "n_cables", "n_group"],
     [(2008, "PREL", 2, 2), (2008, "PHUM", 1, 2), (2009, "ECON", 1, 3), (2009, "PREL", 1, 3),
      (None, "PHUM", 1, 1)]),
    ({"freq": "MS", "kind": "geographic"}, ["date", "tag", "n_cables"],
     [(pd.Timestamp("2008-03-01", tz="UTC"), "VM", 1), (pd.Timestamp("2008-11-01", tz="UTC"), "VM", 1),
      (pd.Timestamp("2009-02-01", tz="UTC"), "VM", 1), (pd.Timestamp("2009-05-01", tz="UTC"), "RS", 1)]),
    ({"by": "origin", "freq": "YS", "kind": "subject"}, ["origin", "date", "tag", "n_cables", "n_group"],
     [("Embassy Hanoi", pd.Timestamp("2008-01-01", tz="UTC"), "PREL", 2, 2),
      ("Embassy Hanoi", pd.Timestamp("2008-01-01", tz="UTC"), "PHUM", 1, 2),
      ("Embassy Hanoi", pd.Timestamp("2009-01-01", tz="UTC"), "ECON", 1, 1),
      ("Embassy Moscow", pd.Timestamp("2009-01-01", tz="UTC"), "PREL", 1, 2),
      (None, None, "PHUM", 1, 1)]),
])
def test_tag_counts_by_hand(cables, kwargs, columns, expected):
    assert _rows(tag_counts(cables, **kwargs), columns) == expected


def test_tag_counts_carries_meanings(cables):
    out = tag_counts(cables).set_index("tag")
    assert out.loc["PREL", "meaning"] == "External political relations"
    assert out.loc["VM", ["kind", "meaning"]].tolist() == ["geographic", "Vietnam"]


def test_tag_counts_accepts_python_lists(cables):
    plain = pd.DataFrame({"origin": [c["origin"] for c in CABLES],
                          "date": pd.to_datetime([c["date"] for c in CABLES], utc=True),
                          "tags": [list(c["tags"]) for c in CABLES]})
    cols = ["origin", "date", "tag", "n_cables", "n_group"]
    pd.testing.assert_frame_equal(
        tag_counts(plain, by="origin", freq="YS")[cols].astype(str),
        tag_counts(cables, by="origin", freq="YS")[cols].astype(str))


def test_tag_counts_of_the_long_view(cables):
    """The long view gives the same counts; its groups only know the cables with tags."""
    wide = tag_counts(cables, by="origin")
    long = tag_counts(explode_tags(cables), by="origin")
    cols = ["origin", "tag", "n_cables"]
    pd.testing.assert_frame_equal(wide[cols].astype(str), long[cols].astype(str))
    assert long.loc[long["origin"] == "Embassy Moscow", "n_group"].unique().tolist() == [1]


def test_tag_counts_errors(cables):
    with pytest.raises(KeyError, match="no column 'embassy'"):
        tag_counts(cables, by="embassy")
    with pytest.raises(KeyError, match="'tags'"):
        tag_counts(pd.DataFrame({"x": [1]}))


def test_tag_counts_of_no_cables():
    empty = table_to_frame(records_to_table([]))
    out = tag_counts(empty, by="origin", freq="YS")
    assert len(out) == 0 and {"tag", "n_cables"} <= set(out.columns)


# --------------------------------------------------------------------------- explode_tags

def test_explode_tags(cables):
    long = explode_tags(cables)
    assert _rows(long, ["cable_id", "tag", "kind", "origin", "year"])[:4] == [
        ("08HANOI1", "PREL", "subject", "Embassy Hanoi", 2008),
        ("08HANOI1", "PHUM", "subject", "Embassy Hanoi", 2008),
        ("08HANOI1", "VM", "geographic", "Embassy Hanoi", 2008),   # the repeated PREL is gone
        ("08HANOI2", "PREL", "subject", "Embassy Hanoi", 2008),
    ]
    # index = the cable's index in the frame; the untagged cable (4) has no row
    assert long.index.tolist() == [0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 5]
    assert long.loc[3, "tag"].tolist() == ["PREL", "RS", "UNSC"]
    assert list(long.columns[:5]) == ["cable_id", "tag", "kind", "meaning", "tag_country"]
    assert long.loc[3, "tag_country"].tolist()[1] == "Russia"
    assert long["tag_country"].isna().sum() == 7      # 11 rows; only VM x3 and RS are countries


def test_explode_tags_chosen_columns(cables):
    long = explode_tags(cables, columns=["cable_id"])
    assert list(long.columns) == ["cable_id", "tag", "kind", "meaning", "tag_country"]


# --------------------------------------------------------------------------- co-occurrence

COOC = pd.DataFrame({"tags": [["PREL", "PHUM"], ["PREL", "PHUM"], ["PREL", "ECON"], ["ECON", "EFIN"],
                              ["VM"], []]})


def test_cooccurrence_by_hand():
    # N = 5 cables with a tag; PREL 3, PHUM 2, ECON 2, EFIN 1
    out = tag_cooccurrence(COOC, kind="subject", min_count=1)
    got = _rows(out, ["tag_a", "tag_b", "n_ab", "n_a", "n_b", "expected", "lift", "p_value"])
    # with kind="subject" the VM-only cable does not count: N = 4
    assert got == [
        ("ECON", "EFIN", 1, 2, 1, 0.5, 2.0, 0.5),      # P(X>=1) drawing 1 of 4 with 2 ECON = 1/2
        ("PHUM", "PREL", 2, 2, 3, 1.5, 1.3333, 0.5),   # P(X=2) = C(2,2)C(2,1)/C(4,3) = 1/2
        ("ECON", "PREL", 1, 2, 3, 1.5, 0.6667, 1.0),   # 3 of 4 cables have PREL: overlap certain
    ]
    row = out.iloc[0]
    assert row["pmi"] == pytest.approx(1.0)
    assert row["npmi"] == pytest.approx(1.0 / 2.0)   # pmi / -log2(1/4)


def test_cooccurrence_min_count_and_kind():
    out = tag_cooccurrence(COOC, min_count=2)
    assert _rows(out, ["tag_a", "tag_b", "n_ab"]) == [("PHUM", "PREL", 2)]
    # with every kind, N = 5 (the VM cable counts): PHUM-PREL expected 2*3/5
    assert out.loc[0, "expected"] == pytest.approx(1.2)
    assert len(tag_cooccurrence(COOC, kind="organization")) == 0


# --------------------------------------------------------------------------- trends

def _trend_frame(shares: dict[str, list[float]], per_period: int, start: int = 2004) -> pd.DataFrame:
    """per_period cables a year; tag t on the first round(share*per_period) of them."""
    years = len(next(iter(shares.values())))
    dates, tags = [], []
    for y in range(years):
        for i in range(per_period):
            dates.append(f"{start + y}-06-01")
            tags.append([t for t, s in shares.items() if i < round(s[y] * per_period)])
    return pd.DataFrame({"date": pd.to_datetime(dates, utc=True), "tags": tags})


def test_cochran_armitage_with_two_periods_is_the_chi_square_test():
    df = _trend_frame({"PTER": [0.2, 0.4], "PREL": [1.0, 1.0]}, per_period=100)
    out = tag_trends(df, min_count=1).set_index("tag")
    chi2, p, _, _ = stats.chi2_contingency([[20, 80], [40, 60]], correction=False)
    assert out.loc["PTER", "statistic"] ** 2 == pytest.approx(chi2)
    assert out.loc["PTER", "p_value"] == pytest.approx(p)
    assert out.loc["PTER", "slope"] == pytest.approx(0.2)
    assert (out.loc["PTER", "share_first"], out.loc["PTER", "share_last"]) == (0.2, 0.4)
    assert out.loc["PREL", "p_value"] == 1.0 and out.loc["PREL", "trend"] == "no clear trend"


def test_trends_rising_falling_flat():
    df = _trend_frame({"PTER": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
                       "PHUM": [0.6, 0.5, 0.4, 0.3, 0.2, 0.1],
                       "ECON": [0.3, 0.3, 0.3, 0.3, 0.3, 0.3]}, per_period=50)
    out = tag_trends(df, freq="YS")
    assert out["tag"].tolist() == ["PTER", "ECON", "PHUM"]        # most rising first
    assert out.set_index("tag")["trend"].to_dict() == {
        "PTER": "rising", "ECON": "no clear trend", "PHUM": "falling"}
    assert (out["periods"] == 6).all()
    assert out.set_index("tag").loc["PTER", "slope"] == pytest.approx(0.1)
    assert (out["q_value"] >= out["p_value"]).all()


def test_trends_kendall():
    df = _trend_frame({"PTER": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], "ECON": [0.3, 0.2, 0.3, 0.2, 0.3, 0.2]},
                      per_period=20)
    out = tag_trends(df, method="kendall", min_count=1).set_index("tag")
    assert out.loc["PTER", "statistic"] == pytest.approx(1.0)
    assert out.loc["PTER", "p_value"] == pytest.approx(stats.kendalltau(range(6), range(6)).pvalue)
    assert out.loc["PTER", "trend"] == "rising" and out.loc["ECON", "trend"] == "no clear trend"


def test_trends_min_count_and_errors():
    df = _trend_frame({"PTER": [0.1, 0.2, 0.3], "RARE": [0.0, 0.0, 0.1]}, per_period=20)
    assert tag_trends(df, min_count=3)["tag"].tolist() == ["PTER"]
    with pytest.raises(ValueError, match="at least 2 periods"):
        tag_trends(df.iloc[:20])
    with pytest.raises(ValueError, match="method"):
        tag_trends(df, method="magic")


def test_tag_table_reexport():
    assert tag_table().set_index("code").loc["KIRF", "kind"] == "program"


# --------------------------------------------------------------------------- the real corpus

@pytest.fixture(scope="module")
def manifest_cables(shared) -> pd.DataFrame:
    """The avilaroman manifest as a cable frame: reference_id, origin, created, TAGS links."""
    m = pd.read_csv(shared / "corpus" / "cablegate_html__avilaroman" / "manifest.csv",
                    dtype=str, keep_default_na=False)
    return pd.DataFrame({
        "cable_id": m["reference_id"],
        "origin": m["origin"],
        "date": pd.to_datetime(m["created"], utc=True),
        "tags": [[t for t in links.split("|") if t] for links in m["wl_tag_links"]],
    })


def _counter(df: pd.DataFrame, key) -> collections.Counter:
    """Independent count: cables per (key..., tag), each tag once per cable."""
    c: collections.Counter = collections.Counter()
    for rec in df.itertuples(index=False):
        for tag in set(rec.tags):
            c[key(rec) + (tag,)] += 1
    return c


def _as_counter(out: pd.DataFrame, columns: list[str]) -> collections.Counter:
    return collections.Counter({tuple(r[:-1]): r[-1] for r in out[columns + ["n_cables"]].itertuples(index=False)})


@pytest.mark.shared
@pytest.mark.parametrize("kwargs, columns, key", [
    ({}, ["tag"], lambda r: ()),
    ({"by": "origin"}, ["origin", "tag"], lambda r: (r.origin,)),
    ({"by": "year"}, ["year", "tag"], lambda r: (r.date.year,)),
    ({"freq": "MS"}, ["date", "tag"], lambda r: (pd.Timestamp(r.date.year, r.date.month, 1, tz="UTC"),)),
    ({"by": ["origin", "year"]}, ["origin", "year", "tag"], lambda r: (r.origin, r.date.year)),
    ({"by": "origin", "freq": "YS"}, ["origin", "date", "tag"],
     lambda r: (r.origin, pd.Timestamp(r.date.year, 1, 1, tz="UTC"))),
])
def test_tag_counts_equal_an_independent_count(manifest_cables, kwargs, columns, key):
    expected = _counter(manifest_cables, key)
    got = _as_counter(tag_counts(manifest_cables, **kwargs), columns)
    assert sum(expected.values()) > 20_000
    assert got == expected


@pytest.mark.shared
def test_tag_counts_subject_shares_on_the_corpus(manifest_cables):
    per_origin = collections.Counter(manifest_cables["origin"])
    expected = {k: v for k, v in _counter(manifest_cables, lambda r: (r.origin,)).items()
                if tag_kind(k[1]) == "subject"}
    out = tag_counts(manifest_cables, kind="subject", by="origin", normalize=True)
    assert _as_counter(out, ["origin", "tag"]) == collections.Counter(expected)
    share = {(o, t): s for o, t, s in out[["origin", "tag", "share"]].itertuples(index=False)}
    for (origin, tag), n in expected.items():
        assert share[(origin, tag)] == pytest.approx(n / per_origin[origin])


@pytest.mark.shared
def test_cooccurrence_equals_an_independent_count(manifest_cables):
    pairs: collections.Counter = collections.Counter()
    for tags in manifest_cables["tags"]:
        pairs.update(itertools.combinations(sorted(set(tags)), 2))
    out = tag_cooccurrence(manifest_cables, min_count=20)
    got = {(a, b): n for a, b, n in out[["tag_a", "tag_b", "n_ab"]].itertuples(index=False)}
    assert got == {p: n for p, n in pairs.items() if n >= 20}
    n_tagged = sum(1 for tags in manifest_cables["tags"] if tags)
    single = collections.Counter(t for tags in manifest_cables["tags"] for t in set(tags))
    row = out.set_index(["tag_a", "tag_b"]).loc[("PHUM", "PREL")]
    assert row["lift"] == pytest.approx(pairs[("PHUM", "PREL")] * n_tagged / (single["PHUM"] * single["PREL"]))


@pytest.mark.shared
def test_trends_on_the_corpus(manifest_cables):
    recent = manifest_cables[manifest_cables["date"] >= pd.Timestamp("2005-01-01", tz="UTC")]
    out = tag_trends(recent, freq="YS", min_count=30).set_index("tag")
    # recompute one tag's Cochran-Armitage z from plain counts
    years = recent["date"].dt.year
    totals = years.value_counts().sort_index()
    has = recent["tags"].map(lambda t: "PREL" in t)
    counts = years[has].value_counts().reindex(totals.index, fill_value=0)
    t = np.arange(len(totals), dtype=float)
    n, big_n = counts.to_numpy(float), totals.to_numpy(float)
    p = n.sum() / big_n.sum()
    z = ((n * t).sum() - p * (big_n * t).sum()) / math.sqrt(
        p * (1 - p) * ((big_n * t * t).sum() - (big_n * t).sum() ** 2 / big_n.sum()))
    assert out.loc["PREL", "statistic"] == pytest.approx(z)
    assert out.loc["PREL", "periods"] == len(totals)
    assert out["p_value"].between(0, 1).all()


# --------------------------------------------------------------------------- speed

def _synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    """n cables with 2-8 tags drawn Zipf-like from the tag table, ~270 origins, 1990-2010."""
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(known_tag_codes()))
    weights = 1.0 / np.arange(1, len(codes) + 1) ** 1.1
    weights /= weights.sum()
    per_cable = rng.integers(2, 9, size=n)
    flat = rng.choice(codes, size=int(per_cable.sum()), p=weights)
    offsets = np.concatenate([[0], np.cumsum(per_cable)])
    tags = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), pa.array(flat, type=pa.large_string()))
    origins = station_table()["origin"].unique()
    lo, hi = pd.Timestamp("1990-01-01").value, pd.Timestamp("2010-02-28").value
    return pd.DataFrame({
        "origin": pd.array(rng.choice(origins, size=n), dtype=pd.ArrowDtype(pa.large_string())),
        "date": pd.to_datetime(rng.integers(lo, hi, size=n), utc=True),
        "tags": pd.Series(pd.arrays.ArrowExtensionArray(tags)),
    })


@pytest.mark.slow
def test_tag_counts_on_250k_cables_counts_every_tag_of_every_cable():
    # its speed (issue 4: <= 2 s) is measured by benchmarks/bench_tags.py, not here
    df = _synthetic(250_000)
    out = tag_counts(df, by="origin", freq="YS")
    assert out["n_cables"].sum() == sum(len(set(t)) for t in df["tags"])


@pytest.mark.parametrize("freq", ["YS", "YE", "QS", "QE", "MS", "ME", "W", "W-MON", "D", "2YS"])
def test_periods_are_pandas_resample_bins(freq):
    """Cables share a period exactly when pandas' resample(freq) puts them in one bin."""
    from cabletools.periods import period_start

    rng = np.random.default_rng(1)
    dates = pd.Series(pd.to_datetime(rng.integers(pd.Timestamp("2003-01-01").value,
                                                  pd.Timestamp("2010-03-01").value, size=3000), utc=True))
    dates = dates.sort_values(ignore_index=True)  # groupby(Grouper) numbers the sorted rows
    ours = pd.factorize(period_start(dates, freq))[0]
    theirs = pd.DataFrame({"d": dates}).groupby(pd.Grouper(key="d", freq=freq)).ngroup().to_numpy()
    pairs = set(zip(ours, theirs))
    assert len(pairs) == len(set(ours)) == len(set(theirs))
    starts = period_start(dates, freq)
    assert (starts <= dates).all()
