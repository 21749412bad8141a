"""Coverage from serial numbers (cabletools.coverage, issue 18).

What must hold: ids split into year, station and serial as Cablegate writes them; the estimator
and its interval are the stated ones; the cases real ids bring (series restarting each year,
duplicates, suffixes, ids without serials, posts with few cables, the last year) are flagged,
not guessed; on corpora released at a known share by the generator, the estimates land near
the true totals and the intervals cover them; and the table runs on the real shared corpus.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cabletools as ct
from cabletools.coverage import coverage_totals, serial_coverage, serial_parts
from cabletools.synth import generate_corpus, write_truth, write_txt_folder


def _ids(*ids: str) -> pd.DataFrame:
    return pd.DataFrame({"cable_id": list(ids)})


# --------------------------------------------------------------------------- splitting ids
# (id as the frame holds it, expected (year, station, serial, suffix)); the forms are real:
# Cablegate ids (08HANOI1002: the package docs; 66BUENOSAIRES2481 and 04ISTANBUL474: shared
# corpus), PlusD's four-digit years and suffixes (1973STATE097844_b: shared plusd source), and
# ids the loader could not repair (7575LIBREVILLE1895 in shared cables.csv) or none at all.
SPLITS = {
    "08HANOI1002": (2008, "HANOI", 1002, None),
    "66BUENOSAIRES2481": (1966, "BUENOSAIRES", 2481, None),
    "04ISTANBUL474": (2004, "ISTANBUL", 474, None),
    "1973STATE097844_b": (1973, "STATE", 97844, "_B"),
    "1974STATE069485_b": (1974, "STATE", 69485, "_B"),
    "05Baghdad2746": (2005, "BAGHDAD", 2746, None),
    # the Secretary's travel series rides on a STATE serial (two such ids in shared cables.csv's manifest)
    "90STATE255723TOSEC140328": (1990, "STATE", 255723, "TOSEC140328"),
    "90STATE255291TOSEC140303": (1990, "STATE", 255291, "TOSEC140303"),
    # posts whose code is not a city alone number their own series (shared corpora)
    "08RPODUBAI49": (2008, "RPODUBAI", 49, None),
    "89USUNNEWYORK3978": (1989, "USUNNEWYORK", 3978, None),
    "7575LIBREVILLE1895": (None, None, None, None),
    "08HANOI000": (None, None, None, None),                          # serials start at 1
    "08SECTION01GF02BISHIEK21": (None, None, None, None),
    "": (None, None, None, None),
}


@pytest.mark.parametrize("cable_id, expected", SPLITS.items())
def test_serial_parts(cable_id, expected):
    row = serial_parts([cable_id]).iloc[0]
    got = tuple(None if pd.isna(row[c]) else row[c] for c in ("year", "station", "serial", "suffix"))
    assert got == expected


@pytest.mark.timeout(30)      # a hard-timeout safety test: a backtracking regex would hang here
def test_serial_parts_keeps_the_frame_index_and_is_linear_on_hostile_ids():
    df = pd.DataFrame({"cable_id": ["08HANOI1", "08" + "A0" * 50_000 + "X"] + ["08A" + "0" * 20_000 + "Z"] * 50},
                      index=range(7, 59))
    parts = serial_parts(df)                       # RE2: linear time, whatever the id
    assert parts.index.tolist() == list(range(7, 59))
    assert parts["serial"].isna().tolist() == [False] + [True] * 51


# --------------------------------------------------------------------------- the estimator
def _exact_upper(m: int, k: int, alpha: float) -> int:
    """The largest N with P(max of k distinct serials drawn from 1..N <= m) = C(m,k)/C(N,k) >= alpha,
    by exact integer arithmetic, one N at a time (the definition, not the bisection under test)."""
    n = m
    while math.comb(m, k) >= alpha * math.comb(n + 1, k):
        n += 1
    return n


# (serials held in one post-year, expected (k, m, N_hat = m + m/k - 1)); the interval is [m, the exact
# upper bound for a draw without replacement], which the with-replacement m * alpha^(-1/k) only bounds
ESTIMATES = [
    ((40, 80, 120, 160, 200), (5, 200, 239.0)),
    ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10), (10, 10, 10.0)),           # all of 1..10 held: N <= 11
    ((3, 11, 17, 24, 30, 38), (6, 38, 38 + 38 / 6 - 1)),
    (tuple(range(2, 402, 2)), (200, 400, 401.0)),                  # half of a series: far narrower
]


@pytest.mark.parametrize("serials, expected", ESTIMATES)
def test_estimate_and_interval_are_the_stated_ones(serials, expected):
    k, m, est = expected
    high = _exact_upper(m, k, 0.05)
    row = serial_coverage(_ids(*(f"09ROME{s}" for s in serials))).iloc[0]
    assert (row.held, row.max_serial, row.low) == (k, m, m)
    assert row.est_total == pytest.approx(est) and row.high == high <= m * 20 ** (1 / k)
    assert row.share_held == pytest.approx(k / est)
    assert (row.share_low, row.share_high) == (pytest.approx(k / high), pytest.approx(k / m))


def test_all_of_a_series_held_gives_a_tight_interval():
    row = serial_coverage(_ids(*(f"09ROME{s}" for s in range(1, 11)))).iloc[0]
    assert (row.low, row.high) == (10, 11)          # C(10,10)/C(11,10) = 1/11 >= 5% > 1/66 = C(10,10)/C(12,10)


def test_alpha_widens_the_interval():
    df = _ids(*(f"09ROME{s}" for s in (5, 9, 14, 22, 31)))
    narrow, wide = serial_coverage(df, alpha=0.2).iloc[0], serial_coverage(df, alpha=0.01).iloc[0]
    assert narrow.high == _exact_upper(31, 5, 0.2) and wide.high == _exact_upper(31, 5, 0.01)
    assert narrow.high < wide.high


def test_series_restart_each_year_and_duplicates_count_once():
    df = _ids("07HANOI900", "07HANOI10", "07HANOI20", "07HANOI30", "07HANOI40",
              "08HANOI5", "08HANOI6", "08HANOI7", "08HANOI8", "08HANOI9", "08HANOI9", "08HANOI009")
    t = serial_coverage(df).set_index("year")
    assert t.loc[2007, ["held", "max_serial"]].tolist() == [5, 900]
    assert t.loc[2008, ["cables", "held", "max_serial"]].tolist() == [7, 5, 9]
    assert "over twice the next (40)" in t.loc[2007, "note"]          # 900 after 40: a typo?
    assert t.partial.tolist() == [False, True]                       # 2008 is Hanoi's last year


def _dated(rows) -> pd.DataFrame:
    return pd.DataFrame({"cable_id": [r[0] for r in rows], "date": pd.to_datetime([r[1] for r in rows], utc=True)})


def test_only_the_year_the_corpus_ends_in_is_partial():
    """A post whose cables stop before the end of the corpus (OSLO 2008) sent what it sent: only
    the year of the corpus's last date is cut short, and none if it ends on 31 December."""
    rows = [(f"08OSLO{s}", "2008-06-01") for s in (3, 9, 15, 21, 30)] + \
           [(f"08ROME{s}", "2008-05-01") for s in (10, 20, 30, 40, 50)] + \
           [(f"09ROME{s}", "2009-02-10") for s in (1, 2, 3, 4, 5)]
    t = serial_coverage(_dated(rows)).set_index(["station", "year"])
    assert t.partial.to_dict() == {("OSLO", 2008): False, ("ROME", 2008): False, ("ROME", 2009): True}
    assert t.loc[("ROME", 2009), "note"].startswith("the corpus ends on 2009-02-10")
    assert t.attrs["end"] == pd.Timestamp("2009-02-10", tz="UTC")
    assert not serial_coverage(_dated(rows), end="2009-12-31").partial.any()
    assert coverage_totals(serial_coverage(_dated(rows)))["posts"].tolist() == [2]


def test_serials_bunched_in_part_of_the_year_are_flagged():
    """Twenty serials all from the year's last weeks (901..920) are no random draw of 1..920."""
    bunched = serial_coverage(_ids(*(f"09ROME{s}" for s in range(901, 921)))).iloc[0]
    even = serial_coverage(_ids(*(f"09ROME{s}" for s in range(46, 921, 46)))).iloc[0]
    assert bunched.spread_p < 1e-6 and "not spread evenly" in bunched.note
    assert even.spread_p > 0.5 and "not spread evenly" not in even.note
    few = serial_coverage(_ids("09OSLO900", "09OSLO901")).iloc[0]
    assert math.isnan(few.spread_p)                   # no estimate, no test


def test_few_serials_give_no_estimate_and_say_why():
    df = _ids("08HANOI5", "08HANOI50", "08HANOI7", "08HANOI9", "09HANOI1", "09HANOI2", "09HANOI3",
              "09HANOI4", "09HANOI5")
    t = serial_coverage(df).set_index("year")
    assert math.isnan(t.loc[2008, "est_total"]) and math.isnan(t.loc[2008, "share_held"])
    assert t.loc[2008, "note"] == "only 4 serials held: too few to estimate"
    assert t.loc[2009, "est_total"] == pytest.approx(5.0)
    assert serial_coverage(df, min_serials=4).set_index("year").loc[2008, "est_total"] == pytest.approx(61.5)


def test_ids_without_serial_are_counted_apart():
    df = _ids("08HANOI5", None, "7575LIBREVILLE1895", "08HANOI6")
    t = serial_coverage(df)
    assert t.attrs["without_serial"] == 2 and t["cables"].sum() == 2


def test_extra_keys_and_bad_keys():
    df = pd.DataFrame({"cable_id": ["08HANOI5", "08HANOI6"], "origin": ["Embassy Hanoi"] * 2})
    assert serial_coverage(df, by=("station", "year", "origin")).origin.tolist() == ["Embassy Hanoi"]
    with pytest.raises(ValueError, match="station"):
        serial_coverage(df, by=("origin", "year"))
    with pytest.raises(KeyError, match="country"):
        serial_coverage(df, by=("station", "year", "country"))


def test_an_extra_key_left_blank_keeps_its_cables():
    """Cables whose `by` column is empty form their own group: none is silently dropped."""
    df = pd.DataFrame({"cable_id": [f"08HANOI{s}" for s in range(1, 12)],
                       "origin": ["Embassy Hanoi"] * 6 + [None] * 5})
    t = serial_coverage(df, by=("station", "year", "origin"))
    assert t["cables"].sum() == 11 and t["held"].tolist() == [6, 5]
    assert t["origin"].isna().tolist() == [False, True] and t["spread_p"].notna().all()


def test_empty_frame_gives_an_empty_table():
    t = serial_coverage(_ids())
    assert t.empty and "est_total" in t.columns and t.attrs["without_serial"] == 0


def test_totals_leave_out_partial_and_unestimated_years():
    df = _ids(*(f"07ROME{s}" for s in (10, 20, 30, 40, 50)), *(f"08ROME{s}" for s in (1, 2, 3, 4, 5)),
              *(f"07OSLO{s}" for s in (1, 2)))
    totals = coverage_totals(serial_coverage(df))
    assert totals.to_dict("records") == [{"year": 2007, "posts": 1, "held": 5, "est_total": 59.0, "low": 50.0,
                                          "high": _exact_upper(50, 5, 0.05), "share_held": 5 / 59}]
    assert coverage_totals(serial_coverage(df), include_partial=True)["posts"].tolist() == [1, 1]


# --------------------------------------------------------------------------- known shares
SHARES = (0.05, 0.2, 0.5)
SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def synthetic_results() -> pd.DataFrame:
    """serial_coverage on 6,000-cable corpora released at 5%, 20% and 50%, beside the truth."""
    rows = []
    for share in SHARES:
        for seed in SEEDS:
            corpus = generate_corpus(6000, seed, release_share=share)
            table = serial_coverage(pd.DataFrame({"cable_id": corpus.ids}))
            truth = corpus.serials[["station", "year", "total"]]
            rows.append(table.merge(truth, on=["station", "year"], validate="1:1").assign(share=share, seed=seed))
    return pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("share", SHARES)
def test_estimates_are_near_the_true_totals(synthetic_results, share):
    """Post-years with >= 20 serials: |N_hat / N - 1| <= 15% for at least 97% of them (a lower
    tail remains: with k = 20 drawn, P(N_hat < 0.85 N) is about 0.81^20 = 1.5%), median under 3%."""
    res = synthetic_results[(synthetic_results.share == share) & (synthetic_results.held >= 20)]
    err = (res.est_total / res.total - 1).abs()
    assert len(res) >= 300
    assert (err <= 0.15).mean() >= 0.97
    assert err.median() <= 0.03


@pytest.mark.parametrize("share", SHARES)
def test_intervals_cover_the_true_totals(synthetic_results, share):
    res = synthetic_results[(synthetic_results.share == share) & synthetic_results.est_total.notna()]
    covered = (res.low <= res.total) & (res.total <= res.high)
    assert len(res) >= 600 and covered.mean() >= 0.90


def test_random_draws_are_rarely_flagged_as_bunched(synthetic_results):
    """The generator's releases are random draws: the spread test (at p < 0.01) flags few."""
    res = synthetic_results[synthetic_results.est_total.notna()]
    assert (res.spread_p < 0.01).mean() <= 0.02
    assert res.note.str.contains("not spread evenly").sum() == (res.spread_p < 0.01).sum()


def test_share_held_tracks_the_release_share(synthetic_results):
    """Pooled over post-years with estimates, the share held is near the share released (the
    generator varies it 0.5-1.5x per post around the nominal share)."""
    res = synthetic_results[synthetic_results.est_total.notna()]
    pooled = res.groupby("share").apply(lambda g: g.held.sum() / g.est_total.sum(), include_groups=False)
    held = res.groupby("share").apply(lambda g: g.held.sum() / g.total.sum(), include_groups=False)
    assert np.allclose(pooled, held, rtol=0.05)
    assert pooled.loc[0.05] < pooled.loc[0.2] < pooled.loc[0.5]


def test_parsed_corpus_gives_what_the_ids_give(tmp_path):
    """Through the loader: a released corpus written as text, its serials.tsv beside it."""
    corpus = generate_corpus(300, seed=5, mean_chars=1500, release_share=0.2)
    write_txt_folder(corpus, tmp_path / "cables")
    write_truth(corpus, tmp_path / "truth")
    df = ct.read_cables(tmp_path / "cables", cache=False, progress=False)
    from_text = serial_coverage(df)
    from_ids = serial_coverage(pd.DataFrame({"cable_id": corpus.ids}), end=df["date"].max())
    pd.testing.assert_frame_equal(from_text, from_ids)
    serials = pd.read_csv(tmp_path / "truth" / "serials.tsv", sep="\t")
    assert serials.columns.tolist() == ["station", "year", "total", "held"]
    both = from_ids.merge(serials, on=["station", "year"], suffixes=("", "_truth"), validate="1:1")
    assert serials.held.sum() == 300 and len(both) == len(serials)
    assert (both.held == both.held_truth).all() and (both.total >= both.max_serial).all()


# --------------------------------------------------------------------------- the real corpus
@pytest.mark.shared
def test_real_corpus_table(shared):
    df = ct.read_cables(shared / "corpus" / "cables_csv__none-later" / "cables.csv", progress=False)
    t = serial_coverage(df)
    assert t["cables"].sum() + t.attrs["without_serial"] == len(df)
    assert (t.max_serial >= t.held).all()                   # m >= k: serials are distinct positives
    est = t[t.est_total.notna()]
    assert ((est.low <= est.est_total) & (est.est_total <= est.high)).all()
    assert ((est.share_held > 0) & (est.share_held <= 1)).all()
    # Istanbul 2003 holds 03ISTANBUL1703, 1711, 1744, 1752, 1759 and 1760 among others
    ist = serial_parts(df)
    ist = ist[(ist.station == "ISTANBUL") & (ist.year == 2003)]
    row = t.set_index(["station", "year"]).loc[("ISTANBUL", 2003)]
    assert row.held == ist.serial.nunique() and row.max_serial == ist.serial.max() >= 1760
    # the file is the first rows of a date-sorted cables.csv, cut on 2005-01-13 (SOURCES.md): 2005
    # is cut short for every post; Istanbul's and Panama's 2004, their last year in it, are not
    assert t.attrs["end"].strftime("%Y-%m-%d") == "2005-01-13"
    assert set(t.loc[t.partial, "year"]) == {2005}
    assert not t.set_index(["station", "year"]).loc[[("ISTANBUL", 2004), ("PANAMA", 2004)], "partial"].any()
    # not random draws: the file's 04AITTAIPEI cables run from 04AITTAIPEI3051 (1 October 2004)
    # to 4125, its 04KINSHASA ones from 04KINSHASA1139 (21 June): flagged
    for station in ("AITTAIPEI", "KINSHASA"):
        row = t.set_index(["station", "year"]).loc[(station, 2004)]
        assert row.spread_p < 1e-6 and "not spread evenly" in row.note
    assert serial_parts(df).query("station == 'AITTAIPEI' and year == 2004").serial.min() == 3051


# --------------------------------------------------------------------------- the generator's shares
def test_release_share_is_validated_and_leaves_the_default_alone(tmp_path):
    with pytest.raises(ValueError, match="release_share"):
        generate_corpus(10, seed=1, release_share=0)
    plain = generate_corpus(200, seed=1)
    assert plain.release_share is None and plain.ids == generate_corpus(200, seed=1).ids
    write_truth(generate_corpus(5, seed=1, mean_chars=800), tmp_path)
    assert not (tmp_path / "serials.tsv").exists()            # only a corpus with a share has one


def test_release_share_draws_from_full_series():
    corpus = generate_corpus(4000, seed=7, release_share=0.1)
    serials = corpus.serials
    assert serials.held.sum() == 4000
    # each post-year's serials lie in 1..total, and total = held / (the post's share)
    parts = serial_parts(pd.Series(corpus.ids)).merge(serials, on=["station", "year"])
    assert ((parts.serial >= 1) & (parts.serial <= parts.total)).all()
    share = serials.held.sum() / serials.total.sum()
    assert 0.05 < share < 0.15
    assert not generate_corpus(4000, seed=7, release_share=0.3).serials.equals(serials)


def test_cli_share_writes_serials(tmp_path):
    from cabletools.synth import synth_main

    assert synth_main(["--n", "40", "--seed", "2", "--mean-chars", "800", "--share", "0.05", "--quiet",
                       "--truth", str(tmp_path / "truth"), str(tmp_path / "cables")]) == 0
    serials = pd.read_csv(tmp_path / "truth" / "serials.tsv", sep="\t")
    assert serials.held.sum() == 40 and len(list((tmp_path / "cables").glob("*.txt"))) == 40
    assert serials.equals(generate_corpus(40, seed=2, release_share=0.05).serials)
    with pytest.raises(SystemExit):
        synth_main(["--n", "4", "--share", "1.5", str(tmp_path / "other")])
