"""The telegram's routing header: VZCZC transmission id, DTG with precedence, FM, TO, INFO.

>>> h = parse_header("VZCZCXRO0513\\nO 281035Z AUG 08\\nFM AMEMBASSY HANOI\\n"
...                  "TO RUEHC/SECSTATE WASHDC IMMEDIATE 8371\\n")
>>> h.transmission_id, h.precedence, h.dtg, h.fm, h.to
('VZCZCXRO0513', 'IMMEDIATE', '281035Z AUG 08', 'AMEMBASSY HANOI', ('SECSTATE WASHDC',))
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone

from cabletools.ids import year_from_two_digits

MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}

# white space other than newlines before it: "^\s*" rescanned every following blank line from
# each line start (quadratic on a run of newlines); "^" with re.M finds each line anyway
TRANSMISSION_RE = re.compile(r"^[^\S\n]*(VZCZC[A-Z0-9]+)", re.M)
# "O 281035Z AUG 08", "R 250930Z FEB 72", "P 151240Z NOV 02"; also without the letter, and with
# a space before the Z: PlusD's print of the 1970s puts spaces inside tokens ("P R 221828 Z MAY 73",
# "E. O. 11652", "S/ PM" in 73STATE97844).
DTG_RE = re.compile(
    r"^[ \t]*(?:(?P<prec>[ZOPR])(?:[ \t]?[ZOPR])?[ \t]+)?(?P<dtg>(?P<day>\d{2})(?P<hh>\d{2})(?P<mm>\d{2})[ \t]?Z"
    r"[ \t]+(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*[ \t]+(?P<yy>\d{4}|\d{2}))\b",
    re.M,
)
# "DE RUEHTRO #0112 0410815": the station's serial of this transmission
DE_RE = re.compile(r"^[ \t]*DE[ \t]+R[A-Z]{3,6}[ \t]*#(?P<serial>\d{1,7})", re.M)
DTG_FLAT_RE = re.compile(
    r"(?<![\w/])(?:(?P<prec>[ZOPR])(?:[ \t]?[ZOPR])?[ \t]+)?(?P<dtg>(?P<day>[0-3]\d)(?P<hh>[0-2]\d)(?P<mm>[0-5]\d)[ \t]?Z"
    r"[ \t]+(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[ \t]+(?P<yy>\d{4}|\d{2}))\b"
)
FM_RE = re.compile(r"^[ \t]*FM[ \t]+(?P<fm>[^\n]+)", re.M)
ROUTE_RE = re.compile(r"^(?P<route>R[A-Z]{3,6})/")
_STOP_RE = re.compile(
    r"^\s*(?:BT\b|E\.?\s?O\.?\s|TAGS?\b|SUBJ|PAGE\s+\d|ZEN\b|UNCLAS|C\s?O\s?N\s?F|S\s?E\s?C\s?R|LIMITED)"
)


_PAGE_LINE_RE = re.compile(r"PAGE[ \t]+\d")
_ADDRESS_START_RE = re.compile(
    r"^[ \t]*+(?:TO|INFO)[ \t]++(?:R[A-Z]{3,6}/|AMEMBASSY|AMCONSUL|SECSTATE|USMISSION|USDEL|SECDEF|CIA|DIA|NSC|PAGE\b)",
    re.M)


@dataclass(frozen=True, slots=True)
class Header:
    transmission_id: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    date: datetime | None = None
    fm: str | None = None
    de_serial: int | None = None
    to: tuple[str, ...] = ()
    info: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)


def parse_dtg(match: re.Match) -> datetime | None:
    """Date-time group match -> UTC datetime (None when the date does not exist)."""
    yy = match.group("yy")
    year = int(yy) if len(yy) == 4 else year_from_two_digits(int(yy))
    try:
        return datetime(year, MONTHS[match.group("mon")], int(match.group("day")),
                         int(match.group("hh")), int(match.group("mm")), tzinfo=timezone.utc)
    except ValueError:
        return None


_PRECEDENCE_WORDS = {"IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH"}


def recipient_name(line: str) -> str | None:
    """"RUEHC/SECSTATE WASHDC IMMEDIATE 8371" -> "SECSTATE WASHDC".

    >>> recipient_name("RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 8371")
    'SECSTATE WASHDC'
    """
    words = line.split()
    # the message sequence number differs from cable to cable; what is left repeats, and is memoised
    numbered = len(words) >= 2 and words[-1].isdigit() and len(words[-1]) <= 5
    if numbered:
        words.pop()
    return _recipient_of(" ".join(words), numbered)


@lru_cache(maxsize=16384)
def _recipient_of(line: str, numbered: bool) -> str | None:
    m = ROUTE_RE.match(line)
    if m:
        line = line[m.end():]
    words = line.split()
    if not numbered and words and words[-1].isdigit() and len(words[-1]) <= 5:
        words.pop()  # the message sequence number
    if words and words[-1] in _PRECEDENCE_WORDS:
        words.pop()
        if words and words[-1] == "NIACT":
            words.pop()
    return " ".join(words) or None


def _recipients(lines: list[str]) -> tuple[str, ...]:
    names = []
    for line in lines:
        name = recipient_name(line)
        if name and not name.startswith(("XMT", "BT")):
            names.append(name)
    return tuple(names)


def parse_header(text: str) -> Header:
    """Parse the routing header at the start of `text` (the part before the banner)."""
    problems: list[str] = []
    m = TRANSMISSION_RE.search(text)
    transmission_id = m.group(1) if m else None
    precedence = dtg = date = None
    # flattened texts (JSON exports with newlines collapsed) keep the DTG mid-line
    m = DTG_RE.search(text) or DTG_FLAT_RE.search(text)
    if m:
        dtg = m.group("dtg")
        date = parse_dtg(m)
        if date is None:
            problems.append(f"invalid date in DTG {dtg!r}")
        if m.group("prec"):
            precedence = PRECEDENCE_LETTERS[m.group("prec")]
    m = DE_RE.search(text)
    de_serial = int(m.group("serial")) if m else None
    fm = None
    to: list[str] = []
    info: list[str] = []
    m = FM_RE.search(text)
    if m:
        fm = m.group("fm").strip()
    # a header without its FM line (a fragment; the FM line lost to a page break): the address
    # lines start at a TO/INFO line naming an addressee
    address = None if m else _ADDRESS_START_RE.search(text)
    if m or address:
        lines = text[m.end():].split("\n")[1:] if m else text[address.start():].split("\n")
        target = None
        for line in lines:
            stripped = line.strip()
            if not stripped:
                if target is not None and (to or info):
                    break
                continue
            if _STOP_RE.match(stripped):
                if stripped.startswith("PAGE"):
                    continue
                break
            if stripped.startswith("TO "):
                target, stripped = to, stripped[3:].strip()
            elif stripped.startswith("INFO "):
                target, stripped = info, stripped[5:].strip()
            elif stripped.startswith("XMT"):
                # "XMT AMCONSUL JOHANNESBURG": addressees the message is NOT sent to (09STATE63860,
                # 10SARAJEVO134); the lines after it belong to that list too
                target = []
                continue
            elif stripped in ("TO", "INFO"):
                target = to if stripped == "TO" else info
                continue
            if _PAGE_LINE_RE.match(stripped):
                continue  # "INFO PAGE 02 STATE 050524 131535Z": a page break inside the list (08STATE50524)
            if target is None:
                break
            target.append(stripped)
        if precedence == "IMMEDIATE" and to and "NIACT" in to[0]:
            precedence = "NIACT IMMEDIATE"
    return Header(transmission_id, precedence, dtg, date, fm, de_serial, _recipients(to),
                  _recipients(info), tuple(problems))
