"""Sender timelines: volume, signer tenures, chiefs-of-mission comparison, plots.

Unit tests use tiny frames with hand-computed answers. The tests marked `shared`
check the must-show results of issue 5 on the real corpus:
  - chiefs of mission with >= 10 dated cables from their post during their
    tenure: >= 85% matched to a signer (the table and the median difference
    between official start and first signed cable are printed);
  - signer accuracy on cablemap's signer expectations >= 90%.
"""
from __future__ import annotations

import io
import json
import random
from collections import Counter
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from cabletools.schema import CLASSIFICATION_DTYPE
from cabletools.senders import (ORGANIZATION_MISSIONS, ROLES, classified_by_titles, classifier_titles,
                                compare_tenures, read_chiefs_of_mission, reporting_gaps, sender_volume,
                                signer_tenures, surname_key, surname_similarity)


def utc(*dates):
    return pd.to_datetime(list(dates), utc=True)


def frame(rows, columns=("origin", "date", "signer")):
    df = pd.DataFrame(rows, columns=list(columns))
    df["date"] = pd.to_datetime(df["date"], utc=True, format="mixed")
    return df


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize("raw, key", [
    ("MICHALAK", "MICHALAK"),
    ("Michalak", "MICHALAK"),
    ("Hinson-Jones", "HINSON JONES"),
    ("O'Donohue", "ODONOHUE"),
    ("O’Donohue", "ODONOHUE"),
    ("Burghardt, Jr.", "BURGHARDT"),
    ("OSIUS III", "OSIUS"),
    ("Pérez", "PEREZ"),
    ("Nuñez", "NUNEZ"),
    ("van Voorst", "VAN VOORST"),
    ("  ", ""),
    (None, ""),
])
def test_surname_key(raw, key):
    assert surname_key(raw) == key


@pytest.mark.parametrize("a, b, same", [
    ("MICHALAK", "Michalak", True),        # case
    ("PEREZ", "Pérez", True),              # accents
    ("BURGHARDT JR", "Burghardt", True),   # suffix
    ("HINSON-JONES", "Hinson Jones", True),  # hyphen vs space
    ("HINSONJONES", "Hinson-Jones", True),   # glued
    ("JONES", "Hinson-Jones", True),       # one part of a compound surname
    ("MICHALK", "Michalak", True),         # typo: a dropped letter
    ("RANNEBERGR", "Ranneberger", True),   # typo
    ("LORD", "FORD", False),
    ("BROWN", "BRAUN", False),
    ("SMITH", "SMYTHE", False),
    ("LEE", "LEE-JONES", False),           # parts under four letters do not count alone
])
def test_surname_similarity(a, b, same):
    assert (surname_similarity(a, b) >= 85) is same


# --------------------------------------------------------------------------- Classified By titles
@pytest.mark.parametrize("line, surname, title", [
    ("Ambassador Alice B. Zorn, reasons 1.4 (b) and (d)", "ZORN", "chief of mission"),
    ("AMB. ALICE ZORN. REASON: 1.4 (B,D)", "ZORN", "chief of mission"),
    ("CDA, a.i. Bob Quill for reasons 1.4 (b,d)", "QUILL", "chargé"),
    ("Charge d'Affaires Bob Quill, Reasons 1.4", "QUILL", "chargé"),
    ("CHARGE D'AFFAIRES, A.I. BOB QUILL", "QUILL", "chargé"),
    ("Chargé d’Affaires a.i. Bob Quill", "QUILL", "chargé"),
    ("DCM Carol Ng for reasons 1.4 (d)", "NG", "dcm"),
    ("Deputy Chief of Mission Carol Ng", "NG", "dcm"),
    ("A/DCM Dan Ott, reasons 1.4", "OTT", "other"),
    ("Acting DCM Dan Ott", "OTT", "other"),
    ("CG Eve Pratt for reasons 1.4 (b)", "PRATT", "principal officer"),
    ("Poloff Fay Rudd for reasons 1.4 (b)", "RUDD", None),
    ("Fay Rudd, Political Officer, reasons 1.4 (d)", "RUDD", None),
    ("Political Counselor Gil van Dorn, reason 1.4 (d)", "DORN", None),
])
def test_classifier_titles(line, surname, title):
    got = classifier_titles(pd.Series([line])).iloc[0]
    assert (got["surname"], got["title"]) == (surname, title)


def test_classified_by_titles_reads_the_title_from_the_text():
    # The parser's `classified_by` is the bare person; the title is on the line in the body.
    df = pd.DataFrame({
        "classified_by": ["Bob Quill", "Alice Zorn", "Fay Rudd", None],
        "body": ["SECRET\n\nClassified By: CDA, a.i. Bob Quill for reasons 1.4 (d)\n\n1. Text",
                 "CONFIDENTIAL\nClassified By: Ambassador Alice Zorn.\n",
                 "Classified By: Poloff Fay Rudd\n",
                 "UNCLASSIFIED\n"],
    })
    got = classified_by_titles(df)
    assert got.to_dict("index") == {0: {"surname": "QUILL", "title": "chargé"},
                                    1: {"surname": "ZORN", "title": "chief of mission"}}


# --------------------------------------------------------------------------- volume
def test_sender_volume_tiny():
    df = frame([
        ("Embassy A", "2008-01-05 10:00", None),
        ("Embassy A", "2008-01-31 23:59", None),
        ("Embassy A", "2008-03-01 00:00", None),
        ("Embassy B", "2008-02-15", None),
        ("Embassy B", None, None),          # undated: not counted, reported in attrs
    ])
    tidy = sender_volume(df)
    assert tidy.values.tolist() == [
        ["Embassy A", pd.Timestamp("2008-01-01"), 2],
        ["Embassy A", pd.Timestamp("2008-03-01"), 1],
        ["Embassy B", pd.Timestamp("2008-02-01"), 1],
    ]
    assert tidy.attrs["undated"] == 1
    wide = sender_volume(df, wide=True)
    assert wide.index.tolist() == list(pd.date_range("2008-01-01", "2008-03-01", freq="MS"))
    assert wide.to_dict("list") == {"Embassy A": [2, 0, 1], "Embassy B": [0, 1, 0]}
    yearly = sender_volume(df, freq="YS")
    assert yearly["n_cables"].tolist() == [3, 1]


def test_sender_volume_split_by_classification():
    df = frame([
        ("A", "2008-01-05", "C"), ("A", "2008-01-06", "S"), ("A", "2008-01-07", "C"), ("A", "2008-02-01", "U"),
    ], columns=("origin", "date", "classification"))
    df["classification"] = df["classification"].map(
        {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET"}).astype(CLASSIFICATION_DTYPE)
    tidy = sender_volume(df, split="classification")
    assert [tuple(r) for r in tidy[["classification", "n_cables"]].astype(str).values] == [
        ("CONFIDENTIAL", "2"), ("SECRET", "1"), ("UNCLASSIFIED", "1")]
    wide = sender_volume(df, split="classification", wide=True)
    assert wide.loc["2008-01-01", ("A", "CONFIDENTIAL")] == 2
    assert wide.loc["2008-02-01", ("A", "SECRET")] == 0


def test_sender_volume_equals_an_independent_count():
    rng = random.Random(5)
    posts = [f"Embassy {c}" for c in "ABCDEFG"]
    rows = []
    for _ in range(4000):
        day = pd.Timestamp("2005-01-01") + pd.Timedelta(minutes=rng.randrange(0, 5 * 365 * 24 * 60))
        rows.append((rng.choice(posts), day if rng.random() > 0.02 else None, None))
    df = frame(rows)
    expected = Counter((p, d.year, d.month) for p, d, _ in rows if d is not None)
    for freq in ("MS",):
        got = sender_volume(df, freq=freq)
        got_counter = Counter({(r.origin, r.period.year, r.period.month): r.n_cables for r in got.itertuples()})
        assert got_counter == expected
        wide = sender_volume(df, freq=freq, wide=True)
        assert wide.to_numpy().sum() == sum(expected.values())
        for (p, y, m), n in list(expected.items())[:50]:
            assert wide.loc[pd.Timestamp(y, m, 1), p] == n
    # quarterly against a plain Python count too
    q = Counter((p, d.year, (d.month - 1) // 3) for p, d, _ in rows if d is not None)
    got = sender_volume(df, freq="QS")
    assert Counter({(r.origin, r.period.year, (r.period.month - 1) // 3): r.n_cables
                    for r in got.itertuples()}) == q


def test_reporting_gaps():
    df = frame([
        ("A", "2008-01-01", None), ("A", "2008-01-10", None), ("A", "2008-06-01", None),
        ("B", "2008-01-01", None), ("B", "2008-03-01", None), ("B", "2009-03-01", None),
    ])
    gaps = reporting_gaps(df, min_days=50)
    assert gaps[["origin", "days"]].values.tolist() == [["B", 365.0], ["A", 143.0], ["B", 60.0]]
    assert gaps.loc[0, "start"] == pd.Timestamp("2008-03-01", tz="UTC")


# --------------------------------------------------------------------------- tenures
TINY_POST = [
    # Embassy X: Ambassador Zorn, a chargé (Quill) in her absence, unsigned and undated cables.
    ("Embassy X", "2008-01-01", "ZORN", "Alice Zorn", "Classified By: Ambassador Alice Zorn, reasons 1.4"),
    ("Embassy X", "2008-02-01", "Zorn", None, ""),
    ("Embassy X", "2008-03-01", "QUILL", "Bob Quill", "Classified By: CDA, a.i. Bob Quill, reasons 1.4"),
    ("Embassy X", "2008-03-15", None, None, ""),
    ("Embassy X", "2008-04-01", "ZORN", None, ""),
    ("Embassy X", None, "ZORN", None, ""),
    ("Consulate Y", "2008-01-10", "PRATT", None, ""),
    ("Consulate Y", "2008-03-10", "PRATT", None, ""),
    ("Consulate Y", "2008-05-10", "PRATT", None, ""),
    ("Consulate Y", "2008-05-11", "ROSS/PRATT", None, ""),
]


def tiny_post():
    return frame(TINY_POST, columns=("origin", "date", "signer", "classified_by", "body"))


def test_signer_tenures_tiny():
    t = signer_tenures(tiny_post())
    got = t[["origin", "signer", "first", "last", "n_cables", "post_cables", "share", "role"]]
    expected = [
        ["Consulate Y", "PRATT", *utc("2008-01-10", "2008-05-11"), 4, 4, 1.0, "principal officer"],
        ["Consulate Y", "ROSS", *utc("2008-05-11", "2008-05-11"), 1, 1, 1.0, "other"],
        ["Embassy X", "ZORN", *utc("2008-01-01", "2008-04-01"), 3, 5, 0.6, "chief of mission"],
        ["Embassy X", "QUILL", *utc("2008-03-01", "2008-03-01"), 1, 1, 1.0, "chargé"],
    ]
    assert got.values.tolist() == expected
    zorn = t[t["signer"] == "ZORN"].iloc[0]
    assert zorn["signed_share"] == 0.75 and zorn["n_titled_chief"] == 1 and zorn["role_from"] == "classified by"
    assert set(t["role"]) <= set(ROLES)


def test_signer_tenures_roles_from_share_without_titles():
    # No Classified By lines: the dominant signer of an embassy is its chief, a
    # frequent minor signer the chargé, a one-off "other".
    rows = [("Embassy Z", f"2009-{m:02d}-{d:02d}", "MAIN") for m in range(1, 13) for d in (3, 17)]
    rows += [("Embassy Z", f"2009-05-{d:02d}", "DEPUTY") for d in (5, 8, 11, 14, 20, 22, 24)]  # MAIN away
    rows += [("Embassy Z", f"2010-01-{d:02d}", "GAP") for d in (10, 20, 30)]  # fills a gap: 1.0 share, 20 days
    rows += [("Embassy Z", "2009-02-10", "ODD")]
    t = signer_tenures(frame(rows)).set_index("signer")
    assert t.loc["MAIN", "role"] == "chief of mission"
    assert t.loc["DEPUTY", "signed_share"] == 7 / 8 and t.loc["DEPUTY", "role"] == "chargé"
    assert t.loc["GAP", "signed_share"] == 1.0 and t.loc["GAP", "role"] == "chargé"
    assert t.loc["ODD", "role"] == "other"
    assert (t["role_from"] == "share").all()


def test_signer_tenures_empty_and_unsigned():
    df = frame([("Embassy X", "2008-01-01", None)])
    assert signer_tenures(df).empty


# --------------------------------------------------------------------------- chiefs table
CHIEFS_CSV = """chief_id,mission_id,fips,iso2,full_name,surname,appointed,started,ended,list
x-1,xland,XL,XX,"Alice B. Zorn",Zorn,2007-11-01,2007-12-15,2008-05-01,chiefs
x-0,xland,XL,XX,"Old Timer, Jr.",Timer,1990-02,,,chiefs
x-9,xland,XL,XX,"Never Served",Served,2008-06-01,,,other-nominees
w-1,wland,WL,WW,"José Núñez-Pérez",Núñez-Pérez,2008-01-01,2008-02-01,,chiefs
u-1,representative-to-un,,,"Una Hollis",Hollis,2008-01-01,2008-01-20,2008-12-31,chiefs
"""


def test_read_chiefs_of_mission():
    ch = read_chiefs_of_mission(io.StringIO(CHIEFS_CSV))
    assert ch["chief_id"].tolist() == ["x-1", "x-0", "w-1", "u-1"]      # the nominee is dropped
    assert ch["start"].tolist() == [pd.Timestamp("2007-12-15"), pd.Timestamp("1990-02-01"),
                                    pd.Timestamp("2008-02-01"), pd.Timestamp("2008-01-20")]
    assert ch["start_source"].tolist() == ["started", "appointed", "started", "started"]
    assert ch["end"].isna().tolist() == [False, True, True, False]


def test_read_chiefs_of_mission_minimal_columns():
    csv = io.StringIO("iso2,name,start,end\nXX,\"Raymond F. Burghardt, Jr.\",2001-12-01,2004-07-01\n")
    ch = read_chiefs_of_mission(csv)
    assert ch[["iso2", "surname", "start", "end"]].values.tolist() == [
        ["XX", "Burghardt", pd.Timestamp("2001-12-01"), pd.Timestamp("2004-07-01")]]
    with pytest.raises(ValueError, match="post key"):
        read_chiefs_of_mission(io.StringIO("name,start\nX,2001-01-01\n"))


def test_compare_tenures_tiny():
    cables = frame([
        # Xland: ZORN (typo ZORNN once) signs; chargé QUILL before her credentials
        ("Embassy Xcity", "2007-11-20", "QUILL", "XCITY"),
        ("Embassy Xcity", "2008-01-03", "ZORN", "XCITY"),
        ("Embassy Xcity", "2008-02-03", "ZORN", "XCITY"),
        ("Embassy Xcity", "2008-04-20", "ZORNN", "XCITY"),
        # Wland: the signature drops the accents and the first half of the name
        ("Embassy Wcity", "2008-03-01", "PEREZ", "WCITY"),
        ("Embassy Wcity", "2008-03-09", "PEREZ", "WCITY"),
        # a consulate in Xland: never a chief of mission
        ("Consulate Xport", "2008-01-05", "ZORN", "XPORT"),
        # the UN mission, through ORGANIZATION_MISSIONS
        ("USUN New York", "2008-05-05", "HOLLIS", "USUNNEWYORK"),
    ], columns=("origin", "date", "signer", "station"))
    stations = pd.DataFrame({
        "station": ["XCITY", "WCITY", "XPORT", "USUNNEWYORK"],
        "post_type": ["embassy", "embassy", "consulate", "mission"],
        "fips": ["XL", "WL", "XL", None], "iso2": ["XX", "WW", "XX", None]})
    tenures = signer_tenures(cables)
    chiefs = read_chiefs_of_mission(io.StringIO(CHIEFS_CSV))
    cmp = compare_tenures(tenures, chiefs, cables, stations=stations)
    rows = {r.chief_id if isinstance(r.chief_id, str) else f"{r.origin}/{r.signer}": r for r in cmp.itertuples()}
    assert set(rows) == {"x-0", "x-1", "w-1", "u-1", "Embassy Xcity/QUILL", "Embassy Xcity/ZORNN"}
    # x-0 has no end date: the successor's start (2007-12-15) ends it, so QUILL's
    # cable of 2007-11-20 falls in it; no signer resembles "Timer".
    assert rows["x-0"].status == "unmatched chief" and rows["x-0"].post_cables_in_tenure == 1
    z = rows["x-1"]
    assert (z.status, z.signer, z.start_diff_days, z.end_diff_days, z.n_signed, z.post_cables_in_tenure) == \
        ("matched", "ZORN", 19, -88, 2, 3)
    w = rows["w-1"]
    assert (w.status, w.signer, w.start_diff_days, w.post_cables_in_tenure) == ("matched", "PEREZ", 29, 2)
    assert pd.isna(w.official_end) and pd.isna(w.end_diff_days)
    assert rows["u-1"].status == "matched" and rows["u-1"].start_diff_days == 106
    assert rows["Embassy Xcity/QUILL"].status == "unmatched signer"
    # the typo'd tenure is a separate signer; the chief takes the larger one
    assert rows["Embassy Xcity/ZORNN"].status == "unmatched signer"
    assert "Consulate Xport" not in set(cmp["origin"])


def test_compare_tenures_a_mission_numbering_cables_in_an_embassys_series():
    # USEU Brussels sends some cables with BRUSSELS ids (09BRUSSELS536): its origin, not the
    # station, says which chiefs to compare with (the Representative to the EU, not the
    # Ambassador to Belgium).
    cables = frame([
        ("USEU Brussels", "2008-03-01", "GRAY", "BRUSSELS"),
        ("USEU Brussels", "2008-03-09", "GRAY", "USEUBRUSSELS"),
        ("Embassy Brussels", "2008-03-05", "FOX", "BRUSSELS"),
        ("Embassy Brussels", "2008-03-07", "FOX", "BRUSSELS"),
    ], columns=("origin", "date", "signer", "station"))
    stations = pd.DataFrame({
        "station": ["BRUSSELS", "USEUBRUSSELS"], "origin": ["Embassy Brussels", "USEU Brussels"],
        "post_type": ["embassy", "mission"], "fips": ["BE", "BE"], "iso2": ["BE", "BE"]})
    chiefs = read_chiefs_of_mission(io.StringIO(
        "chief_id,mission_id,fips,iso2,full_name,surname,appointed,started,ended,list\n"
        "be-1,belgium,BE,BE,Sam Fox,Fox,2007-06-01,2007-06-05,2009-01-02,chiefs\n"
        "eu-1,representative-to-eu,,,C. Boyden Gray,Gray,2006-01-01,2006-02-01,2009-01-20,chiefs\n"))
    cmp = compare_tenures(signer_tenures(cables), chiefs, cables, stations=stations)
    matched = cmp[cmp["status"] == "matched"].set_index("chief_id")
    assert matched.loc["eu-1", ["origin", "signer"]].tolist() == ["USEU Brussels", "GRAY"]
    assert matched.loc["be-1", ["origin", "signer"]].tolist() == ["Embassy Brussels", "FOX"]
    assert set(cmp["status"]) == {"matched"}


def test_compare_tenures_finds_the_unesco_mission_by_its_cablegate_station():
    cables = frame([("Mission UNESCO", "2008-03-01", "OLIVER", "UNESCOPARISFR")] * 2,
                   columns=("origin", "date", "signer", "station"))
    stations = pd.DataFrame({"station": ["UNESCOPARISFR"], "origin": ["Mission UNESCO"], "post_type": ["mission"],
                             "fips": ["FR"], "iso2": ["FR"]})
    chiefs = read_chiefs_of_mission(io.StringIO(
        "chief_id,mission_id,fips,iso2,full_name,surname,appointed,started,ended,list\n"
        "un-1,representative-to-unesco,,,Louise V. Oliver,Oliver,2005-01-01,2005-02-01,2009-01-20,chiefs\n"))
    cmp = compare_tenures(signer_tenures(cables), chiefs, cables, stations=stations)
    assert cmp[["status", "chief_id", "signer"]].values.tolist() == [["matched", "un-1", "OLIVER"]]


def test_compare_tenures_unmatched_chief_and_successor_end():
    cables = frame([("Embassy Xcity", "1990-06-01", "SOMEONE", "XCITY")] * 3,
                   columns=("origin", "date", "signer", "station"))
    stations = pd.DataFrame({"station": ["XCITY"], "post_type": ["embassy"], "fips": ["XL"], "iso2": ["XX"]})
    chiefs = read_chiefs_of_mission(io.StringIO(CHIEFS_CSV))
    cmp = compare_tenures(signer_tenures(cables), chiefs, cables, stations=stations)
    old = cmp[cmp["chief_id"] == "x-0"].iloc[0]
    assert old["status"] == "unmatched chief"
    assert old["official_end"] == pd.Timestamp("2007-12-15")     # no end: the successor's start
    assert old["post_cables_in_tenure"] == 3
    assert cmp[cmp["status"] == "unmatched signer"]["signer"].tolist() == ["SOMEONE"]


# --------------------------------------------------------------------------- plots (the data they draw)
def test_plots_draw_the_computed_numbers():
    from cabletools.plots.senders import (plot_post_volume, plot_reporting_gaps, plot_sender_mix,
                                          plot_signer_gantt, plot_volume_heatmap)

    df = tiny_post()
    df["classification"] = pd.Series(["SECRET", "CONFIDENTIAL"] * 5).astype(CLASSIFICATION_DTYPE)
    wide = sender_volume(df, wide=True)
    fig = plot_volume_heatmap(df, top=2)
    image = fig.axes[0].images[0].get_array()
    assert np.array_equal(np.asarray(image), wide[["Embassy X", "Consulate Y"]].T.to_numpy())
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Embassy X", "Consulate Y"]

    fig = plot_post_volume(df, "Embassy X", events={"2008-02-15": "arrival"})
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == sender_volume(df[df["origin"] == "Embassy X"], wide=True)["Embassy X"].tolist() == [1, 1, 2, 1]
    assert [t.get_text() for t in fig.axes[0].texts] == ["arrival"]

    tenures = signer_tenures(df)
    fig = plot_signer_gantt(tenures, "Embassy X")
    bars = fig.axes[0].patches
    t = tenures[tenures["origin"] == "Embassy X"].sort_values("first")
    assert [round(b.get_x(), 6) for b in bars] == [round(mdates.date2num(d.tz_convert(None)), 6) for d in t["first"]]
    assert [lbl.get_text() for lbl in fig.axes[0].get_yticklabels()] == t["signer"].tolist()

    fig = plot_reporting_gaps(df, min_days=30)
    gaps = reporting_gaps(df, min_days=30)
    red = fig.axes[0].patches
    assert len(red) == len(gaps) == 3
    assert sorted(round(p.get_width(), 6) for p in red) == sorted(round(d, 6) for d in gaps["days"])

    fig = plot_sender_mix(df, top=2, freq="MS")
    stacks = fig.axes[0].collections
    tops = np.sum([np.asarray(c.get_paths()[0].vertices)[:, 1].max() for c in stacks[-1:]])
    assert tops == pytest.approx(1.0)


# --------------------------------------------------------------------------- synthetic ground truth
def test_signer_tenures_recover_synthetic_truth():
    """On a generated corpus (cabletools.synth, whose `tenures` hold every chief of
    mission's and chargé's term), signer_tenures recovers exactly the (post, signer)
    pairs with the first/last/count of a plain Python count; every chief's
    inferred span lies inside the true term, and chiefs with >= 5 cables all get
    the right role. The role of deputies is a guess: >= 85% right is required."""
    synth = pytest.importorskip("cabletools.synth", reason="cabletools.synth not written yet")
    corpus = synth.generate_corpus(1500, seed=5, mean_chars=2500)
    truth = corpus.truth
    texts = dict(corpus.texts)
    df = truth[["cable_id", "origin", "station", "date", "signer", "classified_by"]].copy()
    df["body"] = [texts[f"{cid}.txt"] for cid in df["cable_id"]]
    got = signer_tenures(df).set_index(["origin", "signer"])

    signed: dict[tuple, list] = {}
    for r in truth.itertuples():
        if isinstance(r.signer, str):
            signed.setdefault((r.origin, r.signer), []).append(r.date)
    assert set(got.index) == set(signed)
    for key, dates in signed.items():
        assert (got.loc[key, "first"], got.loc[key, "last"], got.loc[key, "n_cables"]) == \
            (min(dates), max(dates), len(dates))

    principal = {"ambassador": "chief of mission", "permanent representative": "chief of mission",
                 "consul general": "principal officer"}
    terms = corpus.tenures
    checked = 0
    for term in terms[terms["role"].isin(list(principal))].itertuples():
        key = (term.origin, term.signer)
        if key not in got.index:
            continue                      # no cable of this term in the sample
        row = got.loc[key]
        start, end = pd.Timestamp(term.start, tz="UTC"), pd.Timestamp(term.end, tz="UTC") + pd.Timedelta(days=1)
        assert start <= row["first"] and row["last"] <= end, (key, row["first"], row["last"], term)
        if row["n_cables"] >= 5:
            assert row["role"] == principal[term.role], (key, row.to_dict())
            checked += 1
    assert checked >= 20
    chiefs = set(zip(terms.loc[terms["role"].isin(list(principal)), "origin"],
                     terms.loc[terms["role"].isin(list(principal)), "signer"]))
    deputies = got[[k not in chiefs for k in got.index]]
    deputies = deputies[~deputies.index.get_level_values("origin").str.startswith("Secretary")]
    # Deputies (chargés in a gap, DCMs signing while the chief is away) are told from
    # chiefs by Classified By titles or by share; where the sample is too thin to show
    # the chief beside them (a deputy the only signer for a year) the guess can be wrong.
    frequent = deputies[deputies["n_cables"] >= 3]
    right = frequent["role"].isin(["chargé", "other"])
    print(f"deputies with >= 3 cables: {len(frequent)}, not taken for chiefs: {right.mean():.0%}")
    print(frequent.loc[~right, ["first", "last", "n_cables", "post_signed", "role"]].to_string())
    assert len(frequent) >= 10 and right.mean() >= 0.85


# --------------------------------------------------------------------------- the shared corpus
TXT_FOLDERS = ("corpus/cablegate_html__avilaroman/txt", "corpus/cables_csv__none-later/txt")


@pytest.fixture(scope="session")
def shared_cables(shared):
    """The two large shared txt folders, read once per session with read_cables."""
    ct = pytest.importorskip("cabletools")
    if not hasattr(ct, "read_cables"):
        pytest.skip("cabletools.read_cables not written yet")
    return ct.read_cables([str(shared / p) for p in TXT_FOLDERS], progress=False)


@pytest.fixture(scope="session")
def chiefs(shared):
    return read_chiefs_of_mission(shared / "refdata/chiefs_of_mission.csv")


@pytest.mark.shared
def test_organization_missions_exist_in_the_chiefs_table(chiefs):
    assert set(ORGANIZATION_MISSIONS.values()) <= set(chiefs["mission_id"])


@pytest.mark.shared
def test_read_chiefs_of_mission_on_pocom(chiefs):
    # refdata/README.md: 5,570 chiefs rows; the Hanoi check dates.
    assert len(chiefs) == 5570
    hanoi = chiefs[chiefs["fips"] == "VM"].set_index("surname")
    assert hanoi.loc["Marine", "start"] == pd.Timestamp("2004-09-27")
    assert hanoi.loc["Marine", "end"] == pd.Timestamp("2007-06-17")
    assert hanoi.loc["Michalak", "start"] == pd.Timestamp("2007-08-20")


@pytest.mark.shared
def test_package_chiefs_table_agrees_with_pocom(chiefs):
    """Every POCOM chief serving 1960-2011 is in the package's table with the same post and dates."""
    from cabletools.senders import official_chiefs

    ours = official_chiefs()
    era = chiefs[(chiefs["start"].fillna(pd.Timestamp("2100-01-01")) <= "2011-12-31")
                 & (chiefs["end"].fillna(pd.Timestamp("2100-01-01")) >= "1960-01-01")]
    key = ["mission_id", "fips", "surname", "start", "end"]
    merged = era[key].merge(ours[key].drop_duplicates(), on=key, how="left", indicator=True)
    missing = merged[merged["_merge"] != "both"]
    assert len(era) > 3000 and missing.empty, missing.head(10).to_string()
    assert len(ours) == len(era)


@pytest.mark.shared
def test_package_chiefs_matched_to_signers_by_default(shared_cables):
    """03's comparison with no extra settings: the package's own table (issue 17: >= 85% matched)."""
    tenures = signer_tenures(shared_cables)
    cmp = compare_tenures(tenures, None, shared_cables)
    busy = cmp[cmp["chief_id"].notna() & (cmp["post_cables_in_tenure"] >= 10)]
    rate = (busy["status"] == "matched").mean()
    print(f"package table: chiefs with >= 10 cables in tenure: {len(busy)}, matched: {rate:.1%}")
    assert len(busy) >= 30 and rate >= 0.85


@pytest.mark.shared
def test_chiefs_of_mission_matched_to_signers(shared_cables, chiefs):
    refdata = pytest.importorskip("cabletools.refdata")
    if not hasattr(refdata, "station_table"):
        pytest.skip("cabletools.refdata.station_table not written yet")
    tenures = signer_tenures(shared_cables)
    cmp = compare_tenures(tenures, chiefs, shared_cables)
    busy = cmp[cmp["chief_id"].notna() & (cmp["post_cables_in_tenure"] >= 10)]
    rate = (busy["status"] == "matched").mean()
    median_start = busy["start_diff_days"].median()
    with pd.option_context("display.width", 200, "display.max_rows", 500, "display.max_columns", 20):
        print(busy[["status", "origin", "surname", "official_start", "official_end", "signer",
                    "inferred_first", "inferred_last", "start_diff_days", "end_diff_days", "n_signed",
                    "post_cables_in_tenure"]].to_string(index=False))
    print(f"chiefs with >= 10 cables in tenure: {len(busy)}, matched: {rate:.1%}, "
          f"median (first signed cable - official start): {median_start} days")
    assert len(busy) >= 30, "too few chiefs in scope: is the station table mapping posts to countries?"
    assert rate >= 0.85


def _signer_set(value) -> frozenset:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return frozenset()
    parts = pd.Series([value]).str.split(r"\s*(?:[,;/&]|\bAND\b)\s*", regex=True).iloc[0]
    return frozenset(k for k in (surname_key(p) for p in parts) if k)


@pytest.mark.shared
def test_signer_accuracy_on_cablemap_expectations(shared, shared_cables):
    """cablemap's signer expectations (peer/cablemap_expectations.csv, field "signers"):
    one expectation per input (a snippet, or a cable id found in our two txt folders);
    where cablemap states both a raw and a canonicalised answer, the canonical one
    (split surnames) is the expectation. Cables not in the shared corpus are skipped."""
    import cabletools as ct

    exp = pd.read_csv(shared / "peer/cablemap_expectations.csv")
    exp = exp[exp["field"] == "signers"].copy()
    exp["canonical"] = exp["params"].fillna("{}").map(lambda p: json.loads(p).get("canonicalize", False))
    exp["item"] = np.where(exp["input_kind"] == "snippet", "snippet:" + exp.index.astype(str),
                           exp["cable_id"].astype(str))
    exp = exp.sort_values("canonical", ascending=False, kind="stable").drop_duplicates("item")
    by_id = shared_cables.assign(_file=shared_cables["source"].astype(str).str.extract(r"([^/]+)\.txt$")[0])
    by_id = by_id.drop_duplicates("_file").set_index("_file")["signer"]
    rows = []
    for r in exp.itertuples():
        if r.input_kind == "snippet":
            got = ct.parse_cable(r.input).signer
        elif r.cable_id in by_id.index:
            got = by_id[r.cable_id]
        else:
            continue
        want = frozenset(surname_key(x) for x in json.loads(r.expected))
        rows.append((r.item if r.input_kind != "snippet" else (r.cable_id if isinstance(r.cable_id, str) else r.item),
                     sorted(want), None if got is pd.NA else got, _signer_set(got) == want))
    table = pd.DataFrame(rows, columns=["input", "expected", "signer", "ok"])
    print(table.to_string(index=False))
    accuracy = table["ok"].mean()
    print(f"signer accuracy: {table['ok'].sum()}/{len(table)} = {accuracy:.1%}")
    assert len(table) >= 20
    # Issue 5 asks for 0.90; measured 25/26 (the miss: glued names "KEEGANPAAL"). Only ever rises.
    assert accuracy >= 0.96


# --------------------------------------------------------------------------- notebook helpers (plots/senders.py)
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def sample_truth():
    """The bundled sample's ground truth (what a perfect parser returns), read without parsing."""
    synth = pytest.importorskip("cabletools.synth")
    return synth.read_truth(SAMPLE / "truth" / "truth.tsv")


def test_volume_heatmap_data_is_an_independent_count():
    from cabletools.plots.senders import plot_volume_heatmap
    from cabletools.senders import volume_heatmap_data

    df = tiny_post()
    got = volume_heatmap_data(df, top=1, freq="MS")
    assert got.columns.tolist() == ["Embassy X"]                 # 5 dated cables vs 4
    counts = Counter((o, d.strftime("%Y-%m")) for o, d in zip(df["origin"], df["date"]) if pd.notna(d))
    assert got["Embassy X"].tolist() == [counts[("Embassy X", m)] for m in ("2008-01", "2008-02", "2008-03", "2008-04")]
    chosen = volume_heatmap_data(df, posts=["Consulate Y", "Embassy Nowhere"], freq="MS")
    assert chosen.columns.tolist() == ["Consulate Y", "Embassy Nowhere"]
    assert chosen["Consulate Y"].sum() == 4 and chosen["Embassy Nowhere"].sum() == 0
    image = plot_volume_heatmap(df, posts=["Consulate Y", "Embassy Nowhere"], freq="MS").axes[0].images[0]
    assert np.array_equal(np.asarray(image.get_array()), chosen.T.to_numpy())


@pytest.mark.parametrize("layout, corpus, found", [
    (["sample/truth/tenures.tsv", "sample/cables/a.txt"], "sample", "sample/truth/tenures.tsv"),
    (["sample/truth/tenures.tsv", "sample/cables/a.txt"], "sample/cables", "sample/truth/tenures.tsv"),
    (["synth/tenures.tsv", "synth/cables.csv"], "synth/cables.csv", "synth/tenures.tsv"),
    (["real/cables.csv"], "real/cables.csv", None),
    (["sample/truth/tenures.tsv"], "sample/*.txt", None),                 # globs are not searched
])
def test_find_truth_tenures(tmp_path, layout, corpus, found):
    from cabletools.validate import find_truth_tenures

    for rel in layout:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    got = find_truth_tenures(str(tmp_path / corpus))
    assert got == (None if found is None else tmp_path / found)


TRUTH_TSV = (
    "origin\tsigner\tstart\tend\trole\tname\n"
    "Embassy Hanoi\tASHFORD\t2004-01-05\t2007-06-30\tambassador\tRuth A. Ashford\n"
    "Embassy Hanoi\tBRILL\t2007-07-01\t2007-09-30\tchargé d'affaires a.i.\tTom Brill\n"
    "Consulate Ho Chi Minh City\tKEEL\t2004-01-05\t2007-06-30\tconsul general\tAnn Keel\n"
    "USUN New York\tGARMAN\t1998-06-05\t2001-06-15\tpermanent representative\tKaren E. Garman\n"
    "Secretary of State\tREDBY\t2000-09-04\t2004-08-14\tsecretary of state\tKenneth Z. Redby\n"
    "Embassy Atlantis\tNEMO\t2000-01-01\t2001-01-01\tambassador\tN. Nemo\n"
)


def test_chiefs_from_truth():
    from cabletools.validate import chiefs_from_truth

    stations = pd.DataFrame({
        "station": ["HANOI", "HOCHIMINHCITY", "USUNNEWYORK", "STATE"],
        "origin": ["Embassy Hanoi", "Consulate Ho Chi Minh City", "USUN New York", "Secretary of State"],
        "post_type": ["embassy", "consulate", "mission", "department"],
        "country": ["Vietnam", "Vietnam", None, None],
        "fips": ["VM", "VM", None, None], "iso2": ["VN", "VN", None, None]})
    got = chiefs_from_truth(io.StringIO(TRUTH_TSV), stations=stations)
    # chargé, consul general, Secretary and the post no station table knows are not chiefs of mission
    assert got[["chief_id", "mission_id", "fips", "iso2", "surname", "full_name", "start", "end"]].values.tolist() == [
        ["HANOI-2004-01-05-ashford", "Embassy Hanoi", "VM", "VN", "Ashford", "Ruth A. Ashford",
         pd.Timestamp("2004-01-05"), pd.Timestamp("2007-06-30")],
        ["USUNNEWYORK-1998-06-05-garman", "representative-to-un", pd.NA, pd.NA, "Garman", "Karen E. Garman",
         pd.Timestamp("1998-06-05"), pd.Timestamp("2001-06-15")],
    ]
    # the same columns as read_chiefs_of_mission, so compare_tenures takes either
    assert list(got.columns) == list(read_chiefs_of_mission(io.StringIO(CHIEFS_CSV)).columns)


def test_sample_tenures_match_their_ground_truth(sample_truth):
    """The bundled sample, compared with its own ground truth: every ambassador
    with >= 10 of the post's cables in the term is matched to the right signer,
    and no signed cable comes before the official start or after the end."""
    from cabletools.senders import comparison_summary
    from cabletools.validate import official_comparison

    tenures = signer_tenures(sample_truth)
    cmp, source = official_comparison(tenures, sample_truth, None, SAMPLE)
    assert "synthetic ground truth" in source
    chiefs = cmp[cmp["chief_id"].notna()]
    busy = chiefs[chiefs["post_cables_in_tenure"] >= 10]
    assert len(busy) >= 40 and (busy["status"] == "matched").all()
    matched = chiefs[chiefs["status"] == "matched"]
    assert (matched["signer"] == matched["surname"].str.upper()).all()
    assert (matched["start_diff_days"] >= 0).all() and (matched["end_diff_days"] <= 0).all()
    text = comparison_summary(cmp)
    assert f"matched to a signer: {len(busy):,} (100.0%)" in text


def test_load_official_chiefs_sources(tmp_path):
    from cabletools.validate import load_official_chiefs, official_comparison

    path = tmp_path / "chiefs.csv"
    path.write_text(CHIEFS_CSV)
    table, source = load_official_chiefs(str(path), SAMPLE)          # a table given wins over the truth
    assert table["chief_id"].tolist() == ["x-1", "x-0", "w-1", "u-1"] and str(path) in source
    table, source = load_official_chiefs(None, SAMPLE)
    assert table["role_title"].isin(["ambassador", "permanent representative"]).all() and len(table) > 100
    table, source = load_official_chiefs(None, tmp_path / "cables.csv")   # a real corpus: the package's table
    assert len(table) > 3000 and "Office of the Historian" in source and "CABLETOOLS_CHIEFS" in source
    cmp, _ = official_comparison(signer_tenures(tiny_post()), tiny_post(), None, tmp_path / "cables.csv")
    assert "official_start" in cmp.columns


@pytest.mark.parametrize("rows, expected", [
    ([("matched", "a", 12, 30.0), ("matched", "b", 10, 50.0), ("unmatched chief", "c", 11, None),
      ("matched", "d", 3, 999.0), ("unmatched signer", None, None, None)],
     ["chiefs of mission in the corpus's span: 4",
      "with >= 10 of their post's cables in tenure: 3, matched to a signer: 2 (66.7%)",
      "median days from official start to first signed cable (matched, >= 10 cables): 40",
      "inferred tenures matching no chief: 1"]),
    ([("unmatched chief", "c", 2, None)],
     ["chiefs of mission in the corpus's span: 1",
      "with >= 10 of their post's cables in tenure: 0, matched to a signer: 0 (n/a)",
      "median days from official start to first signed cable (matched, >= 10 cables): n/a",
      "inferred tenures matching no chief: 0"]),
    ([], ["no comparison: no chiefs-of-mission table"]),
])
def test_comparison_summary(rows, expected):
    from cabletools.senders import comparison_summary

    cmp = pd.DataFrame(rows, columns=["status", "chief_id", "post_cables_in_tenure", "start_diff_days"])
    assert comparison_summary(cmp).splitlines() == expected


def test_chiefs_of_top_posts_and_busiest_post():
    from cabletools.senders import busiest_post_with_chiefs, chiefs_of_top_posts

    df = tiny_post()
    tenures = signer_tenures(df)
    assert chiefs_of_top_posts(df, tenures, top=5).splitlines() == [
        "Embassy X: 5 cables, 2008-01-01 to 2008-04-01",
        "  chief of mission ZORN 2008-01-01 to 2008-04-01 (3 signed)",
        "Consulate Y: 4 cables, 2008-01-10 to 2008-05-11",
        "  principal officer PRATT 2008-01-10 to 2008-05-11 (4 signed)",
    ]
    assert chiefs_of_top_posts(df, tenures.iloc[0:0], top=1).splitlines() == [
        "Embassy X: 5 cables, 2008-01-01 to 2008-04-01", "  no signer taken for a chief of mission"]
    assert busiest_post_with_chiefs(tenures) == "Embassy X"
    assert busiest_post_with_chiefs(tenures[tenures["role"] != "chief of mission"]) is None


def test_post_volume_events_from_a_whole_comparison():
    from cabletools.plots.senders import plot_post_volume

    cmp = pd.DataFrame({"origin": ["Embassy X", "Embassy Y", "Embassy X"],
                        "official_start": pd.to_datetime(["2008-02-01", "2008-02-02", None]),
                        "surname": ["Zorn", "Other", None]})
    fig = plot_post_volume(tiny_post(), "Embassy X", events=cmp)
    assert [t.get_text() for t in fig.axes[0].texts] == ["Zorn presents credentials"]


def test_sender_volume_view_redraws_what_the_panel_keeps(sample_truth):
    import datetime

    from cabletools.filters import apply_filters
    from cabletools.senders import volume_heatmap_data
    from cabletools.widgets import SenderVolumeView

    view = SenderVolumeView(sample_truth, top=4, freq="YS")
    assert view.data.equals(volume_heatmap_data(sample_truth, top=4, freq="YS"))
    view.panel.origin_select.value = ("Embassy Hanoi", "Embassy Ankara")
    view.panel.start_picker.value = datetime.date(2006, 1, 1)
    view.panel.end_picker.value = datetime.date(2008, 12, 31)
    kept = apply_filters(sample_truth, view.panel.spec)
    assert view.data.columns.tolist() == ["Embassy Hanoi", "Embassy Ankara"]
    assert view.data.index.year.tolist() == [2006, 2007, 2008]
    for post in view.data.columns:
        years = kept.loc[kept["origin"] == post, "date"].dt.year.value_counts()
        assert view.data[post].tolist() == [int(years.get(y, 0)) for y in (2006, 2007, 2008)]
    shown = bytes(view.image.value)
    assert shown[:4] == b"\x89PNG"
    view.panel.reset()
    assert view.data.columns.tolist() == volume_heatmap_data(sample_truth, top=4).columns.tolist()
    assert bytes(view.image.value) != shown
    assert not view.panel.errors


@pytest.mark.parametrize("dates, years, expected", [
    (["1999-05-01 08:00", "2010-02-09 13:00"], 3, ("2008-01-01", "2010-02-09")),
    (["2004-12-31 23:00"], 1, ("2004-01-01", "2004-12-31")),
    ([None], 3, (None, None)),
])
def test_recent_period(dates, years, expected):
    from cabletools.senders import recent_period

    df = pd.DataFrame({"date": pd.to_datetime(dates, utc=True)})
    got = recent_period(df, years=years)
    assert tuple(None if d is None else d.isoformat() for d in got) == expected
