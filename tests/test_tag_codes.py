"""tag_codes (parse/tag_codes.py): free text and variants on real TAGS lines read as codes.

Each rule is shown on at least two real cables of $CABLETOOLS_SHARED/corpus, read and parsed
by the package: the cable's `tag_codes` must hold `gained` (codes its `tags` lack or that
stand for free text) and must not hold `dropped` (the free text or variants as typed).
"""
from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import pytest

from cabletools.filters import FilterSpec, filter_mask
from cabletools.parse import parse_cable, parse_cable_record
from cabletools.parse.tag_codes import tag_codes
from cabletools.refdata import tag_table
from cabletools.schema import Cable, records_to_table, table_to_frame
from tests.conftest import shared_dir

# (rule, cable id, codes tag_codes must hold, tags tag_codes must not hold)
REAL_CASES = [
    ("free text item", "02RANGOON1211", {"PHUM"}, {"HUMAN RIGHTS", "ETHNICS"}),
    ("free text item", "02RANGOON1648", {"PHUM", "NGO"}, {"HUMAN RIGHTS"}),
    ("free text item", "03SANAA1118", {"PGOV"}, {"DOMESTIC POLITICS"}),
    ("free text item", "03HALIFAX352", {"ENRG", "SENV", "EPET"}, {"ENERGY", "ENVIRONMENT", "PETROLIUM"}),
    ("free text item", "03HOCHIMINHCITY949", {"ELAB", "PHUM"}, {"LABOR", "HUMANR"}),
    ("word cut short", "03HOCHIMINHCITY466", {"PHUM"}, {"HUMANR"}),
    ("word cut short", "04HOCHIMINHCITY1108", {"PHUM"}, {"HUMANR"}),
    ("word cut short", "01HOCHIMINHCITY488", {"KIRF"}, {"RELFREE"}),
    ("word cut short", "03SANAA1140", {"KTFN"}, {"TERFIN"}),
    ("phrase split into words", "94ZAGREB1473", {"KAWC"}, {"WAR", "CRIMES"}),
    ("phrase split into words", "94ZAGREB2605", {"KAWC"}, {"WAR", "CRIMES"}),
    ("phrase split into words", "04SANAA3023", {"PTER"}, {"COUNTER", "TERRORISM"}),
    ("phrase split into words", "05TELAVIV45", {"GOI", "PREL"}, {"EXTERNAL"}),
    ("typo'd code", "08BELGRADE1097", {"KAWC"}, {"KWAC"}),
    ("typo'd code", "09BELGRADE399", {"KAWC"}, {"KWAC"}),
    ("typo'd code", "08LONDON2821", {"SNAR"}, {"KNAR"}),
    ("typo'd code", "09SANJOSE10", {"SENV"}, {"SEVN"}),
    ("code and one letter more", "04SANAA3023", {"PARM"}, {"PARMS"}),
    ("code and one letter more", "08MADRID757", {"PTER"}, {"PTERS"}),
    ("code and one letter more", "09JERUSALEM1080", {"PGOV"}, {"PGOVE"}),
    ("country name", "03HALIFAX86", {"IZ"}, {"IRAQ"}),
    ("country name", "03NASSAU2124", {"CH", "CU"}, {"CHINA", "CUBA"}),
    ("country name", "03OTTAWA1129", {"CU"}, {"CUBA"}),
    ("ISO code", "07CAIRO3126", {"IZ"}, {"IQ"}),
    ("ISO code", "06TOKYO3567", {"JA"}, {"JP"}),
    ("ISO code", "04YEREVAN2542", {"AJ"}, {"AZ"}),
    ("country names joined", "04NEWDELHI6999", {"IN", "NP"}, {"INDIA-NEPAL"}),
    ("country names joined", "04NEWDELHI7090", {"IN", "IZ", "PHUM"}, {"INDIA-IRAQ", "HUMAN RIGHTS"}),
    ("parts joined by / or &", "03SANAA1193", {"ECON"}, {"ECON/COM"}),
    ("parts joined by / or &", "03GUATEMALA2094", {"WHA"}, {"WHA/PDA"}),
    ("parts joined by / or &", "04BRASILIA1384", {"KIPR", "TBIO"}, {"IPR & BIOTECH"}),
    ("parts joined by / or &", "04LILONGWE199", {"PHUM", "KTIP"}, {"HUMAN RIGHTS/TRAFFICKING"}),
    ("parts joined by / or &", "04PANAMA23", {"PGOV", "PREL"}, {"POLITICS & FOREIGN POLICY"}),
    ("brackets as spaces", "04ZAGREB409", {"KTIP", "PREF"}, {"TRAFFICKING (IN PERSONS", "REFUGEE"}),
    ("brackets as spaces", "03ZAGREB1399", {"KTIP"}, {"TRAFFICKING (IN PERSONS"}),
    ("brackets as spaces", "03ZAGREB1238", {"NATO"}, {"DEFENSE REFORM (MIL & NATO"}),
    ("office symbol: no two-letter part", "03LAGOS148", set(), {"IP", "AF", "DS/IP/AF"}),
    ("office symbol: no two-letter part", "04STATE265884", {"KJUS"}, {"S/WCI", "KJUST", "WCI"}),
    ("person tag kept", "09STATE11937", {"CLINTON, HILLARY", "OVIP"}, set()),
    ("person tag kept", "09STATE34688", {"CLINTON, HILLARY", "TC"}, {"UAE"}),
    ("free text of no code", "04BRUSSELS1868", {"EUN"}, {"USEU BRUSSELS"}),
    ("free text of no code", "02RANGOON1167", {"NLD", "ASSK"}, {"ETHNICS"}),
]


@lru_cache(maxsize=None)
def _real(cable_id: str) -> dict:
    base = shared_dir()
    if base is None:
        pytest.skip("shared material not found: set CABLETOOLS_SHARED")
    paths = sorted((base / "corpus").glob(f"*/txt/{cable_id}.txt"))
    assert paths, f"{cable_id} is not in the shared corpus"
    return parse_cable_record(Path(paths[0]).read_text(encoding="utf-8"))


@pytest.mark.shared
@pytest.mark.parametrize("rule, cable_id, gained, dropped", REAL_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in REAL_CASES])
def test_real_cables(rule, cable_id, gained, dropped):
    row = _real(cable_id)
    assert gained <= set(row["tag_codes"]), (row["tags"], row["tag_codes"])
    assert not dropped & set(row["tag_codes"]), (row["tags"], row["tag_codes"])
    # the parsed codes stay, in their order, and nothing is listed twice
    table = set(tag_table()["code"])
    kept = [t for t in row["tags"] if t in table]
    assert [c for c in row["tag_codes"] if c in kept] == list(dict.fromkeys(kept))
    assert len(set(row["tag_codes"])) == len(row["tag_codes"])


def test_every_rule_has_two_real_cables():
    per_rule: dict[str, set[str]] = {}
    for rule, cable_id, _, _ in REAL_CASES:
        per_rule.setdefault(rule, set()).add(cable_id)
    assert all(len(ids) >= 2 for ids in per_rule.values()), per_rule


@pytest.mark.parametrize("tags, expected", [
    ((), ()),
    (None, ()),
    (("PREL", "PREL", "VM"), ("PREL", "VM")),
    (("HUMAN RIGHTS", "PHUM"), ("PHUM",)),                      # mapped, then the code: once
    (("Counter-Terrorism",), ("PTER",)),                        # case and hyphens do not matter
    (("COUNTER", "TERRORISM", "PREL"), ("PTER", "PREL")),       # words rejoined
    (("IT", "ITALY", "NATIONAL", "ELECTIONS"), ("IT", "PGOV")),  # no phrase: word by word
    (("XQZW",), ("XQZW",)),                                     # unknown code-shaped tag kept
    (("PRESS SUMMARY 12",), ()),                                # unmapped free text: no code
    (("AU-I", "BA'ATH"), ("AU-I", "BA'ATH")),                   # codes of the table as they are
    (("KFRD",), ("KFRD",)),
])
def test_tag_codes(tags, expected):
    assert tag_codes(tags) == expected


def test_hostile_input_is_handled():
    """Long lists, long free text and odd characters: an answer, never an error."""
    long_words = ("HUMAN",) * 50_000 + ("RIGHTS",)
    assert tag_codes(long_words) == ("PHUM",)
    assert tag_codes(("/" * 100_000, " " * 100_000 + "&", "\x00", "AND " * 20_000)) == ()


def test_parse_cable_fills_tag_codes():
    text = ("R 010101Z JAN 04\nFM AMEMBASSY RANGOON\nTO SECSTATE WASHDC\nUNCLAS RANGOON 000001\n\n"
            "E.O. 12958: N/A\nTAGS: PGOV, BM, Human Rights, HUMANR\nSUBJECT: TEST\n\n1. Text.\n")
    cable = parse_cable(text)
    assert cable.tags == ("PGOV", "BM", "HUMAN RIGHTS", "HUMANR")
    assert cable.tag_codes == ("PGOV", "BM", "PHUM")
    assert parse_cable("").tag_codes == ()


def _frame(cables: list[Cable]):
    return table_to_frame(records_to_table([asdict(c) for c in cables]))


def test_tag_filter_finds_free_text_cables():
    df = _frame([
        Cable(cable_id="A", tags=("PHUM", "VM"), tag_codes=("PHUM", "VM")),
        Cable(cable_id="B", tags=("BM", "HUMAN RIGHTS"), tag_codes=("BM", "PHUM")),
        Cable(cable_id="C", tags=("PREL", "BM"), tag_codes=("PREL", "BM")),
    ])
    assert filter_mask(df, FilterSpec(tags=["PHUM"])).tolist() == [True, True, False]
    assert filter_mask(df, FilterSpec(tags=["PHUM", "BM"], tag_mode="all")).tolist() == [False, True, False]
    # free text as typed still finds its cable
    assert filter_mask(df, FilterSpec(tags=["HUMAN RIGHTS"])).tolist() == [False, True, False]
    # a frame without the column filters on `tags` alone
    assert filter_mask(df.drop(columns="tag_codes"), FilterSpec(tags=["PHUM"])).tolist() == [True, False, False]


@pytest.mark.shared
def test_tag_filter_on_real_cables():
    ids = ["02RANGOON1211", "02RANGOON1648", "03HOCHIMINHCITY466", "04BRUSSELS1868"]
    df = table_to_frame(records_to_table([_real(i) for i in ids]))
    assert not df["tags"].map(lambda tags: "PHUM" in tags).iloc[:3].any()
    assert filter_mask(df, FilterSpec(tags=["PHUM"])).tolist() == [True, True, True, False]
