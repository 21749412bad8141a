"""parse/header.py: recipient names from TO/INFO lines (memoised without the message number)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cabletools.parse.header import recipient_name

_ROUTE = re.compile(r"^(?P<route>R[A-Z]{3,6})/")


def reference_recipient_name(line: str) -> str | None:
    """The rule spelled out once, without memoising: route indicator, message number, precedence off."""
    line = line.strip()
    m = _ROUTE.match(line)
    if m:
        line = line[m.end():]
    words = line.split()
    if words and words[-1].isdigit() and len(words[-1]) <= 5:
        words.pop()
    if words and words[-1] in {"IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH"}:
        words.pop()
        if words and words[-1] == "NIACT":
            words.pop()
    return " ".join(words) or None


# (line, name)
CASES = [
    ("RUEHC/SECSTATE WASHDC IMMEDIATE 8371", "SECSTATE WASHDC"),
    ("RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 8371", "SECSTATE WASHDC"),
    ("  RUEHBJ/AMEMBASSY BEIJING PRIORITY 0123  ", "AMEMBASSY BEIJING"),
    ("RUEHC/SECSTATE WASHDC 123 4567", "SECSTATE WASHDC 123"),  # one number off, not two
    ("RUEHC/1234", None),
    ("RUEHC/ 1234", None),
    ("AMEMBASSY PARIS", "AMEMBASSY PARIS"),
    ("USMISSION USUN NEW YORK 123456", "USMISSION USUN NEW YORK 123456"),  # six digits: not a number
]


def test_recipient_names():
    for line, name in CASES:
        assert recipient_name(line) == name, line


PIECES = st.sampled_from(["RUEHC/", "RUEHBJ/", "SECSTATE", "WASHDC", "NIACT", "IMMEDIATE", "PRIORITY", "1234",
                          "12", "123456", "BT", " ", "  ", "\t", "R", "/", "0"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_recipient_name_is_the_rule(line):
    assert recipient_name(line) == reference_recipient_name(line)
