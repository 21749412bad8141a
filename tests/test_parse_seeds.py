"""Both seed cables parse to exact values for every field (shared/seeds/)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import cabletools as ct

FULL_HEADER = {
    "cable_id": "08HANOI1002",
    "ref": "HANOI 001002",
    "station": "HANOI",
    "origin": "Embassy Hanoi",
    "country": "Vietnam",
    "date": datetime(2008, 8, 28, 10, 35, tzinfo=timezone.utc),
    "date_source": "dtg",
    "dtg": "281035Z AUG 08",
    "precedence": "IMMEDIATE",
    "transmission_id": "VZCZCXRO0513",
    "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "caveats": ("SENSITIVE", "SIPDIS"),
    "fm": "AMEMBASSY HANOI",
    "to": ("SECSTATE WASHDC",),
    "info": ("AMCONSUL HO CHI MINH", "USMISSION USUN NEW YORK"),
    "tags": ("UNSC", "PREL", "CG", "RS", "VM"),
    "tags_raw": "[UNSC](#) [PREL](#) [CG](#) [RS](#) [VM](#)",
    "subject": "VIETNAM REFUSES TO CONDEMN RUSSIA'S RECOGNITION OF ABKHAZIA AND SOUTH OSSETIA",
    "references": ("08STATE92371",),
    "classified_by": None,
    "reasons": None,
    "declassify_on": None,
    "summary": None,
    "signer": "MICHALAK",
    "is_partial": False,
    "problems": (),
}

PARTIAL_EXTRACT = {
    "cable_id": None,  # no DTG and no year given: the id cannot be known
    "ref": "HANOI 002998",
    "station": "HANOI",
    "origin": "Embassy Hanoi",
    "country": "Vietnam",
    "date": None,
    "date_source": "none",
    "dtg": None,
    "precedence": None,
    "transmission_id": None,
    "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "caveats": ("SIPDIS", "SENSITIVE"),
    "fm": None,
    "to": (),
    "info": (),
    "tags": ("PREL", "PHUM", "VM", "UNGA", "HUMANR"),
    "subject": "VIETNAM: PROBABLY NOT VOTING FOR THIRD COMMITTEE HUMAN RIGHTS RESOLUTIONS",
    "references": (),  # a year-less REF needs the cable's year
    "classified_by": None,
    "summary": None,
    "signer": "MARINE",
    "is_partial": True,
    "problems": ("cable id unknown: no year",),
}

CASES = [("full_header_08HANOI1002.txt", FULL_HEADER), ("partial_extract_hanoi_2998.txt", PARTIAL_EXTRACT)]


@pytest.mark.parametrize("name,expected", CASES, ids=[c[0] for c in CASES])
def test_seed_fields(shared, name, expected):
    text = (shared / "seeds" / name).read_text(encoding="utf-8")
    cable = ct.parse_cable(text, source=name)
    got = {field: getattr(cable, field) for field in expected}
    assert got == expected
    assert cable.header + cable.body == text
    assert cable.body.lstrip().startswith("UNCLAS HANOI")


def test_partial_extract_with_year_gets_id_and_references(shared):
    text = (shared / "seeds" / "partial_extract_hanoi_2998.txt").read_text(encoding="utf-8")
    cable = ct.parse_cable(text, year=2006)
    assert cable.cable_id == "06HANOI2998"
    assert cable.references == ("06STATE236869",)
