"""The synthetic corpus generator (cabletools.synth) and the embedded sample (data/sample).

What must hold: the same (n, seed) gives the same bytes; data/sample equals a fresh generation;
the corpus has the structure and proportions of Cablegate it claims; the cables.csv dialect
reads back with the documented reader; and read_cables recovers the ground truth from the
folder and from the csv (the round trip of issue 3).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cabletools import synth
from cabletools.synth import (SAMPLE, SAMPLE_COMMAND, STATIONS, TRUTH_COLUMNS, generate_corpus,
                              read_truth, synth_main, write_cables_csv, write_jsonl, write_truth,
                              write_txt_folder)

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "sample"


def _digest(corpus) -> str:
    h = hashlib.sha256()
    for name, text in corpus.texts:
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


class _Rendered:
    """A generated corpus rendered once: truth, stances, tenures and the texts by file name."""

    def __init__(self, corpus):
        self.truth, self.stances, self.tenures = corpus.truth, corpus.stances, corpus.tenures
        self.text = dict(corpus.texts)
        self.texts = list(self.text.items())


@pytest.fixture(scope="module")
def big():
    """3,000 cables at Cablegate's length: enough for proportions to settle."""
    return _Rendered(generate_corpus(3000, seed=4))


# --------------------------------------------------------------------------- determinism
def test_same_seed_same_bytes_other_seed_other_bytes():
    a, b = generate_corpus(120, seed=3), generate_corpus(120, seed=3)
    assert _digest(a) == _digest(b)
    assert a.truth.equals(b.truth) and a.stances.equals(b.stances) and a.tenures.equals(b.tenures)
    assert _digest(generate_corpus(120, seed=4)) != _digest(a)
    assert _digest(generate_corpus(120, seed=3, mean_chars=3000)) != _digest(a)


def test_lazy_access_equals_iteration_and_truth_order():
    c = generate_corpus(50, seed=9)
    listed = list(c.texts)
    assert [c.texts[i] for i in (0, 17, 49)] == [listed[0], listed[17], listed[49]]
    assert c.texts[-1] == listed[-1] and c.texts[10:12] == listed[10:12]
    assert [name for name, _ in listed] == [f"{cid}.txt" for cid in c.truth["cable_id"]]
    assert c.ids == list(c.truth["cable_id"])
    assert c.truth["date"].is_monotonic_increasing        # texts come in date order


def test_tenures_do_not_depend_on_n():
    """People come from the seed alone: a bigger corpus has the same chiefs of mission."""
    assert generate_corpus(10, seed=5).tenures.equals(generate_corpus(400, seed=5).tenures)


# --------------------------------------------------------------------------- the embedded sample
def test_sample_on_disk_equals_a_fresh_generation(tmp_path):
    fresh = generate_corpus(**SAMPLE)
    on_disk = sorted((SAMPLE_DIR / "cables").glob("*.txt"))
    assert [p.name for p in on_disk] == sorted(name for name, _ in fresh.texts)
    by_name = dict(fresh.texts)
    for path in on_disk:
        assert path.read_bytes() == by_name[path.name].encode("utf-8"), path.name
    write_truth(fresh, tmp_path)
    for name in ("truth.tsv", "stances.tsv", "tenures.tsv"):
        assert (SAMPLE_DIR / "truth" / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_sample_readme_gives_the_exact_command_and_the_size_limit_holds():
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert SAMPLE_COMMAND in readme
    assert "synthetic" in readme.lower() and "CABLETOOLS_DATA" in readme
    total = sum(p.stat().st_size for p in SAMPLE_DIR.rglob("*") if p.is_file())
    assert total < 10_000_000, total
    assert len(list((SAMPLE_DIR / "cables").glob("*.txt"))) == SAMPLE["n"]


def test_read_truth_gives_back_the_truth_frame():
    truth = read_truth(SAMPLE_DIR / "truth" / "truth.tsv")
    assert list(truth.columns) == list(TRUTH_COLUMNS) and len(truth) == SAMPLE["n"]
    assert truth.equals(generate_corpus(**SAMPLE).truth)


# --------------------------------------------------------------------------- structure
def test_ids_refs_and_stations_follow_cablegate(big):
    t = big.truth
    assert t["cable_id"].is_unique
    for row in t.itertuples():
        st = STATIONS[row.station]
        serial = int(row.ref.rsplit(" ", 1)[1])
        assert row.ref == f"{st.printed} {serial:06d}"                       # "HANOI 001002"
        assert row.cable_id == f"{row.date.year % 100:02d}{row.station}{serial}"  # 08HANOI1002
        assert (row.origin, None if pd.isna(row.country) else row.country) == (st.origin, st.country)
    # serial numbers grow with time inside a station and year
    t2 = t.assign(serial=[int(r.rsplit(" ", 1)[1]) for r in t["ref"]], year=t["date"].dt.year)
    assert all(g["serial"].is_monotonic_increasing for _, g in t2.groupby(["station", "year"]))


def test_origin_labels_agree_with_the_package_station_table():
    refdata = pytest.importorskip("cabletools.refdata")
    if not hasattr(refdata, "station_info"):
        pytest.skip("cabletools.refdata.station_info not available")
    for code, st in STATIONS.items():
        info = refdata.station_info(code)
        assert info is not None, code
        assert (info.get("origin"), info.get("country")) == (st.origin, st.country), code


def test_station_table_agrees_with_the_shared_reference(shared):
    """Our own station table, checked against shared/refdata (FIPS codes, routing indicators)."""
    rows = {r["station"]: r for r in csv.DictReader(open(shared / "refdata" / "cable_stations.csv", encoding="utf-8"))}
    for code, st in STATIONS.items():
        row = rows[code]
        assert (row["fips"] or None) == st.fips, code
        if row["routing_indicator"]:
            assert row["routing_indicator"] == st.routing, code


def test_format_and_date_proportions(big):
    t = big.truth
    years = t["date"].dt.year
    assert ((years >= 2003) & (years <= 2010)).mean() > 0.95
    assert t["date"].max() < pd.Timestamp("2010-03-02", tz="UTC")    # Cablegate stops in February 2010
    late = t[years >= 2005]
    vzczc = late["transmission_id"].notna().mean()
    partial = late["is_partial"].mean()
    assert 0.85 < vzczc < 0.91 and 0.05 < partial < 0.10, (vzczc, partial)
    assert t.loc[years.between(2003, 2004), "is_partial"].mean() > 0.75
    texts = big.text
    pilcrow = sum("¶" in x for x in texts.values()) / len(texts)
    assert 0.85 < pilcrow < 0.97
    assert all(x.startswith(("VZCZC", "This record is a partial extract", "O ", "P ", "R ", "Z "))
               for x in texts.values())


def test_classification_mix_caveats_and_markings_agree(big):
    t = big.truth
    share = t["classification"].value_counts(normalize=True)
    expected = {"UNCLASSIFIED": 0.30, "UNCLASSIFIED//FOR OFFICIAL USE ONLY": 0.23, "CONFIDENTIAL": 0.39,
                "SECRET": 0.045}
    for label, p in expected.items():
        assert abs(share[label] - p) < 0.04, (label, share[label])
    allowed = {"UNCLASSIFIED": {"U"}, "UNCLASSIFIED//FOR OFFICIAL USE ONLY": {"U", "SBU"},
               "CONFIDENTIAL": {"U", "SBU", "C"}, "CONFIDENTIAL//NOFORN": {"SBU", "C", "C/NF"},
               "SECRET": {"SBU", "C", "S"}, "SECRET//NOFORN": {"C", "S", "S/NF"}}
    texts = big.text
    for row in t.itertuples():
        label = str(row.classification)
        assert ("SENSITIVE" in row.caveats) == label.endswith("FOR OFFICIAL USE ONLY")
        assert ("NOFORN" in row.caveats) == label.endswith("NOFORN")
        classified = label.startswith(("CONFIDENTIAL", "SECRET"))
        assert (row.classified_by is not pd.NA) == classified
        assert (row.declassify_on is not pd.NA) == classified
        text = texts[f"{row.cable_id}.txt"]
        marks = set(re.findall(r"^¶?\d+\. ?\(([A-Z/]+)\)", text, re.M))
        assert marks <= allowed[label], (row.cable_id, marks)
        assert text.endswith("\n" + row.signer)


def test_signers_are_the_chiefs_in_office(big):
    """Most cables are signed by the chief of mission in office that day (the chargé in a gap)."""
    ten = big.tenures
    t = big.truth
    terms: dict[str, list] = {}
    for term in ten.itertuples():
        terms.setdefault(term.origin, []).append((term.start, term.end, term.signer))
    in_office = 0
    for origin, date, signer in zip(t["origin"], t["date"].dt.tz_localize(None), t["signer"]):
        chief = [s for start, end, s in terms[origin] if start <= date < end]
        in_office += chief == [signer]
    assert 0.88 < in_office / len(t) < 0.97
    roles = set(ten["role"])
    assert {"ambassador", "chargé d'affaires a.i.", "consul general", "permanent representative"} <= roles
    # chiefs change over time: every embassy has had several
    per_post = ten[ten["role"] == "ambassador"].groupby("origin")["signer"].nunique()
    assert per_post.min() >= 3


def test_tags_zipf_mix_and_geography(big):
    t = big.truth
    counts = Counter(tag for tags in t["tags"] for tag in tags if len(tag) > 2)
    ranked = [n for _, n in counts.most_common()]
    assert ranked[0] > 2 * ranked[9] and len(counts) > 40
    posts = t[~t["station"].isin(["STATE", "USUNNEWYORK"])]
    has_geo = [STATIONS[s].fips in tags for s, tags in zip(posts["station"], posts["tags"])]
    assert sum(has_geo) / len(has_geo) > 0.95
    fips = {st.fips for st in STATIONS.values() if st.fips}
    assert {"VM", "RS", "CH", "TU"} <= fips


def test_reference_chains_point_to_earlier_cables(big):
    t = big.truth
    when = dict(zip(t["cable_id"], t["date"]))
    refs = [(cid, r) for cid, rs in zip(t["cable_id"], t["references"]) for r in rs]
    assert len({cid for cid, _ in refs}) > 0.3 * len(t)
    inside = [(cid, r) for cid, r in refs if r in when]
    assert len(inside) > 0.3 * len(refs)
    assert all(when[r] < when[cid] for cid, r in inside)
    texts = big.text
    # a reference to an earlier year is printed with its year ("08 HANOI 1234")
    crossed = [(cid, r) for cid, r in inside if r[:2] != cid[:2]]
    assert crossed
    for cid, r in crossed[:50]:
        code, serial = re.fullmatch(r"\d\d([A-Z]+)(\d+)", r).groups()
        assert f"{r[:2]} {STATIONS[code].printed} {serial}" in texts[f"{cid}.txt"]


def test_subjects_wrap_and_summaries_appear(big):
    texts = big.text
    wrapped = sum(bool(re.search(r"^SUBJECT: .*\n[A-Z0-9(]", x, re.M)) for x in texts.values())
    assert 0.03 < wrapped / len(texts) < 0.5
    t = big.truth
    assert 0.35 < t["summary"].notna().mean() < 0.55
    for row in t[t["summary"].notna()].head(200).itertuples():
        flat = " ".join(texts[f"{row.cable_id}.txt"].split())
        assert row.summary in flat


def test_stances_are_in_their_paragraphs(big):
    """Each stance's evidence sentence sits in the numbered paragraph it names."""
    s = big.stances
    assert set(s["stance"]) == {"support", "oppose", "neutral"}
    assert s["stance"].value_counts(normalize=True).min() > 0.15
    texts = big.text
    for row in s.itertuples():
        text = texts[f"{row.cable_id}.txt"]
        m = re.search(rf"^¶?{row.para}\.(.*?)(?=^¶?{row.para + 1}\.|\Z)", text, re.M | re.S)
        assert m, (row.cable_id, row.para)
        assert row.evidence in " ".join(m.group(1).split()), (row.cable_id, row.para)
        assert row.actor in row.evidence
    cues = " ".join(s["evidence"])
    for phrase in ("would not support", "will study the proposal", "pending review", "would co-sponsor"):
        assert phrase in cues, phrase


# --------------------------------------------------------------------------- writers
def test_cables_csv_dialect_reads_back(tmp_path):
    c = generate_corpus(80, seed=12)
    path = write_cables_csv(c, tmp_path / "cables.csv")
    raw = path.read_text(encoding="utf-8")
    assert "\\'" in raw and "¶" not in raw          # backslash-escaped quotes, no site markup
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, escapechar="\\", doublequote=False))
    assert len(rows) == 80 and {len(r) for r in rows} == {8}
    for k, (row, (name, text), truth) in enumerate(zip(rows, c.texts, c.truth.itertuples())):
        d = truth.date
        assert row[:6] == [str(k + 1), f"{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}",
                           truth.cable_id, truth.origin, str(truth.classification), "|".join(truth.references)]
        header, content = row[6], row[7]
        if truth.is_partial:
            assert header == synth.PARTIAL_BANNER + "\n\n"
            header = synth.PARTIAL_BANNER
        assert header + "\n" + content == text.replace("¶", "") + "\n"
    # RFC 4180 reading (doubled quotes) does not give the same fields: the dialect matters
    with open(path, encoding="utf-8", newline="") as f:
        naive = list(csv.reader(f))
    assert naive != rows


def test_jsonl_and_txt_writers(tmp_path):
    c = generate_corpus(40, seed=13)
    lines = write_jsonl(c, tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40
    for line, (name, text), row in zip(lines, c.texts, c.truth.itertuples()):
        rec = json.loads(line)
        assert rec["_id"] == row.cable_id and rec["origin"] == row.origin
        assert rec["header"] + "\n" + rec["body"] == text
    folder = write_txt_folder(c, tmp_path / "txt")
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == dict(c.texts)


def test_cli_writes_the_same_bytes_as_the_api(tmp_path):
    assert synth_main(["--n", "30", "--seed", "1", "--format", "csv", "--quiet", str(tmp_path / "a.csv")]) == 0
    write_cables_csv(generate_corpus(30, 1), tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    # rendering in worker processes gives the same bytes
    write_cables_csv(generate_corpus(30, 1), tmp_path / "c.csv", workers=2)
    assert (tmp_path / "c.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    write_txt_folder(generate_corpus(30, 1), tmp_path / "w", workers=2)
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "w").iterdir()} == \
        dict(generate_corpus(30, 1).texts)
    out = tmp_path / "txt"
    assert synth_main(["--n", "12", "--seed", "2", "--quiet", "--truth", str(tmp_path / "t"), str(out)]) == 0
    assert len(list(out.glob("*.txt"))) == 12 and (tmp_path / "t" / "truth.tsv").exists()
    with pytest.raises(SystemExit):               # refuses to mix with an earlier corpus
        synth_main(["--n", "5", "--seed", "3", "--quiet", str(out)])
    assert synth_main(["--n", "5", "--seed", "3", "--quiet", "--overwrite", str(out)]) == 0
    assert len(list(out.glob("*.txt"))) == 5


def test_length_matches_cablegate():
    # generation speed is shown by benchmarks/bench_load.py, which generates 250,000 cables
    sizes = [len(text) for _, text in generate_corpus(1500, seed=21).texts]
    mean = sum(sizes) / len(sizes)
    assert 6300 < mean < 7400, mean                  # Cablegate: ~1.7 GB / 251,287 cables


# --------------------------------------------------------------------------- round trip
# Parser gaps this round trip found (a SUBJECT line continued by "1267", a line break inside
# "1.4 (b,\n d)", "…February\n23. End Summary" and "increase by\n4.2 percent" taken for
# paragraphs) are fixed; every field must now come back exactly.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _norm(value):
    """Cell -> comparable Python value: lists as tuples, every kind of missing as None."""
    if hasattr(value, "tolist") and not isinstance(value, pd.Timestamp):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (bool, int, pd.Timestamp)):
        return value
    return str(value)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    ct = pytest.importorskip("cabletools")
    if not hasattr(ct, "read_cables"):
        pytest.skip("cabletools.read_cables not written yet")
    corpus = generate_corpus(500, seed=11)
    base = tmp_path_factory.mktemp("roundtrip")
    got = {
        "txt": ct.read_cables(str(write_txt_folder(corpus, base / "cables")), progress=False, cache=False),
        "csv": ct.read_cables(str(write_cables_csv(corpus, base / "cables.csv")), progress=False, cache=False),
    }
    return corpus, got


@pytest.mark.parametrize("fmt", ["txt", "csv"])
@pytest.mark.parametrize("field", TRUTH_COLUMNS)
def test_round_trip_recovers_every_field(round_trip, fmt, field, request):
    """read_cables on a folder / a cables.csv of 500 generated cables gives every ground-truth
    field exactly. Exceptions by design: a partial extract's text has no date (only the
    csv's date column knows it); summaries are compared with whitespace runs collapsed (the
    truth holds the summary as one line; the cable wraps it)."""
    if (fmt, field) in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_GAPS[fmt, field], strict=False))
    corpus, got = round_trip
    df = got[fmt]
    assert len(df) == len(corpus)
    truth = corpus.truth
    if fmt == "txt":
        df = df.assign(_name=df["source"].map(lambda s: Path(s).name)).set_index("_name")
        rows = df.loc[[f"{cid}.txt" for cid in truth["cable_id"]]]
    else:
        rows = df.set_index("cable_id").loc[truth["cable_id"]].reset_index()
    wrong = []
    for (_, want), (_, have) in zip(truth.iterrows(), rows.iterrows()):
        a, b = _norm(want[field]), _norm(have[field])
        if field == "date" and fmt == "txt" and want["is_partial"]:
            a = None
        if field == "summary" and isinstance(b, str):
            b = " ".join(b.split())
        if a != b:
            wrong.append((want["cable_id"], a, b))
    assert not wrong, f"{len(wrong)} of {len(truth)} wrong, e.g. {wrong[:3]}"
