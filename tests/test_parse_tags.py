"""TAGS lines (parse/fields.py): each case names the cable whose TAGS line needs the rule."""
from __future__ import annotations

import pytest

from cabletools.parse.fields import parse_tags, split_tags

CASES = [
    # (cable that needs it, TAGS text, expected)
    ("08HANOI1002", "TAGS: [UNSC](#) [PREL](#) [CG](#) [RS](#) [VM](#)\n", ("UNSC", "PREL", "CG", "RS", "VM")),
    ("66BUENOSAIRES2481", "TAGS: EFIS PBTS AR\n", ("EFIS", "PBTS", "AR")),
    ("72TEHRAN1164", "TAGS: MASS, MARR, IR \n", ("MASS", "MARR", "IR")),
    ("04RANGOON1090", "TAGS: PGOV, PHUM, BM, NLD, Human Rights \n", ("PGOV", "PHUM", "BM", "NLD", "HUMAN RIGHTS")),
    ("06PARTO9", "TAGS: OVIP RICE CONDOLEEZZA KISL PGOV PHUM LE SY, IS\n",
     ("OVIP", "RICE, CONDOLEEZZA", "KISL", "PGOV", "PHUM", "LE", "SY", "IS")),
    ("08MANAMA492", "TAGS: KCRM KWMN ASEC PHUMBA\n", ("KCRM", "KWMN", "ASEC", "PHUM", "BA")),
    ("09CAIRO2205", "TAGS: KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG\n",
     ("KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG")),
    ("09SANJOSE615", "TAGS: ENRG ECON SENV EFIN SENV EFIN CS\n", ("ENRG", "ECON", "SENV", "EFIN", "CS")),
    ("09STATE11937", "TAGS: OVIP CLINTON HILLARY PREL\n", ("OVIP", "CLINTON, HILLARY", "PREL")),
    ("08BRASILIA1226", "TAGS: ENGR BR\n", ("ENRG", "BR")),
    ("05MADRID1317", "TAGS: PREL VZ SP\n", ("PREL", "VE", "SP")),
    ("05OTTAWA3726", "TAGS: ECON ETRD PGOV CA MX SIPDIS\n", ("ECON", "ETRD", "PGOV", "CA", "MX")),
    ("09LONDON2499", "TAGS: PREL PGOV MNUC\nECON, PHUM, UK SUBJECT: X\n", ("PREL", "PGOV", "MNUC", "ECON", "PHUM", "UK")),
    ("10BERLIN81", "E.O. 12958: DECL: 01/22/2020TAGS: PGOV PREL KNNP IR GM\n", ("PGOV", "PREL", "KNNP", "IR", "GM")),
    ("02ROME3067", "TAGS: PREL, ETRD, IT                 SECRET       PAGE 02        ROME  03067  211833Z\n",
     ("PREL", "ETRD", "IT")),
    ("04ANKARA348", "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: x\n", ("PREL", "PGOV", "PINS", "TU")),
    ("09AMMAN1518", "TAGES:  OIIP, KPAO, PREL, JO \n", ("OIIP", "KPAO", "PREL", "JO")),
]


@pytest.mark.parametrize("cable_id,text,expected", CASES, ids=[c[0] for c in CASES])
def test_tags(cable_id, text, expected):
    assert parse_tags(text)[0] == expected


def test_english_words_are_not_cut_into_country_codes():
    # "POLITICS" would split into PO LI TI CS, "GASPAR" into GA SP AR (05ROME3585, 04PANAMA672)
    # (the words are no codes: they join into one phrase tag, see test_parse_peer_rules.py)
    assert split_tags("IT ITALIAN POLITICS GASPAR") == ("IT", "ITALIAN POLITICS GASPAR")


def test_tags_raw_keeps_the_line():
    tags, raw = parse_tags("TAGS: [PREL](#) [VM](#)\nSUBJECT: X")
    assert raw == "[PREL](#) [VM](#)" and tags == ("PREL", "VM")
