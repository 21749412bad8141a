"""parse/fields.py REF: the references of real cables, keyed by cable id (file in the shared corpus)."""
from __future__ import annotations

import pytest

import cabletools as ct

# (file under corpus/*/txt/, year given by the source, expected references)
CASES = [
    # line breaks lost: the REF items run on into "CLASSIFIED BY: Chris Stevens ... 1. (C) Summary."
    ("08TRIPOLI614.txt", None, ("08TRIPOLI144", "08TRIPOLI588")),
    # "(E) BUENOS AIRES 0750 AND\n0561  Classified By:": the second serial of the same station
    ("09BUENOSAIRES794.txt", None, ("09BUENOSAIRES526", "08BUENOSAIRES1550", "08BUENOSAIRES1715",
                                    "09BUENOSAIRES315", "09BUENOSAIRES750", "09BUENOSAIRES561")),
    # a partial extract (no DTG): the source's year dates the references; prose after them is not read
    ("07ISLAMABAD2905__0f2212a8.txt", 2007, ("07ISLAMABAD2905", "07ISLAMABAD2829", "07ISLAMABAD2468",
                                             "07ISLAMABAD2334", "07ISLAMABAD2270", "07ISLAMABAD1846",
                                             "07ISLAMABAD1688", "07ISLAMABAD1647")),
    # a blank line inside the REF block before the lettered item "¶B."; the page's excerpt is cut
    # in the middle of the third serial ("LIMA 2..."): the full block further on is read
    ("07LIMA2129.txt", None, ("07LIMA1841", "07LIMA2000", "07LIMA2009", "07LIMA2026")),
    ("05PARIS7835.txt", 2005, ("05PARIS7682", "05PARIS7527")),
]


@pytest.mark.parametrize("name, year, expected", CASES, ids=[c[0].split("_")[0] for c in CASES])
def test_references_of_real_cables(shared, name, year, expected):
    files = sorted(shared.glob(f"corpus/*/txt/{name}"))
    assert files, f"{name} not in the shared corpus"
    cable = ct.parse_cable(files[0].read_text(encoding="utf-8"), year=year)
    assert cable.references == expected
