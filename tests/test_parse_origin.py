"""The origin (the sending post) parse_cable gives from the text alone: the id's station, except
where another post in the same city numbers its cables in that station's series and the FM line
names it (parse/__init__.py, _post_on_the_fm_line)."""
from __future__ import annotations

import pytest

import cabletools as ct

HEADER = ("O 292025Z NOV 07\nFM {fm}\nTO RUEHC/SECSTATE WASHDC IMMEDIATE\n"
          "C O N F I D E N T I A L SECTION 01 OF 02 {station} 003423\n\nSIPDIS\n\n"
          "E.O. 12958: DECL: 11/29/2017\nTAGS: PREL EUN\nSUBJECT: TEST\n\n1. (C) Text.\n")

# (FM line, station in the banner) -> (origin, country)
BY_FM_LINE = [
    ("USEU BRUSSELS", "BRUSSELS", ("USEU Brussels", "Belgium")),           # as in 07BRUSSELS3423
    ("AMEMBASSY BRUSSELS", "BRUSSELS", ("Embassy Brussels", "Belgium")),
    ("USMISSION USNATO", "BRUSSELS", ("Mission USNATO", "Belgium")),        # same city, another post
    ("USEU BRUSSELS", "PARIS", ("Embassy Paris", "France")),               # another city: the id wins
    ("USINT HAVANA", "HAVANA", ("US Interests Section Havana", "Cuba")),
    ("NOWHERE KNOWN", "BRUSSELS", ("Embassy Brussels", "Belgium")),
    ("SECDEF WASHDC", "STATE", ("Secretary of State", None)),               # not a mission in an embassy's series
    ("CD GENEVA", "GENEVA", ("US Mission Geneva", "Switzerland")),          # a mission in another mission's
]


@pytest.mark.parametrize("fm,station,expected", BY_FM_LINE, ids=[f"{fm}/{st}" for fm, st, _ in BY_FM_LINE])
def test_origin_follows_the_fm_line_only_for_a_post_in_the_id_stations_city(fm, station, expected):
    cable = ct.parse_cable(HEADER.format(fm=fm, station=station))
    assert cable.station == station
    assert (cable.origin, cable.country) == expected


# Real cables whose id is in Embassy Brussels' series, sent by USEU Brussels (Cablegate's label)
USEU_IN_BRUSSELS_SERIES = {
    "cablegate_html__avilaroman": ["07BRUSSELS3423", "08BRUSSELS1256", "09BRUSSELS536", "10BRUSSELS186"],
    "cables_csv__none-later": ["94BRUSSELS8603", "03BRUSSELS5596"],
}


@pytest.mark.shared
@pytest.mark.parametrize("folder,cable_id", [(f, c) for f, ids in USEU_IN_BRUSSELS_SERIES.items() for c in ids])
def test_useu_cables_numbered_in_the_embassy_series(shared, folder, cable_id):
    text = (shared / "corpus" / folder / "txt" / f"{cable_id}.txt").read_text(encoding="utf-8")
    cable = ct.parse_cable(text)
    assert cable.fm.startswith("USEU") and cable.station == "BRUSSELS"
    assert cable.origin == "USEU Brussels"
