"""TAGS, SUBJECT, REF and SUMMARY.

>>> parse_tags("TAGS: [UNSC](#) [PREL](#) [CG](#)\\nSUBJECT: X")[0]
('UNSC', 'PREL', 'CG')
>>> parse_subject("SUBJECT: VIETNAM REFUSES TO CONDEMN\\nAND SOUTH OSSETIA\\n\\nREF: X")
'VIETNAM REFUSES TO CONDEMN AND SOUTH OSSETIA'
>>> parse_references("REF: A. STATE 92371\\n     B. HANOI 998\\n\\n", year=2008, own=("HANOI", 1002))
('08STATE92371', '08HANOI998')
"""
from __future__ import annotations

import re

from cabletools.ids import STATION_ALIASES, canonical_id, canonical_station, known_stations

# "TAGS:", "TAGS", "TAG:", misspelt "TGAS:"/"TAGA:"/"TAS:" (cablemap fixtures), any case.
TAGS_RE = re.compile(r"^[ \t]*(?:TAGS?|TGAS|TAGA|TAS|TAGSS)\b[ \t]*:?[ \t]*(?P<first>[^\n]*)", re.M | re.I)
# glued media-partner text; "AGS:" with its T lost is in 07BUENOSAIRES1673
# and "DECL: 01/22/2020TAGS: ..." glued to the DECL date in 10BERLIN81
TAGS_GLUED_RE = re.compile(r"(?:(?<![A-Za-z])T?AGS?|TGAS)[ \t]*:[ \t]*(?P<first>[^\n]*)")
SUBJECT_RE = re.compile(r"^[ \t]*(?:SUBJECT|SUBJ)\b[ \t]*:?[ \t]*(?P<first>[^\n]*)", re.M | re.I)
SUBJECT_GLUED_RE = re.compile(r"SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<first>[^\n]*)")
REF_RE = re.compile(r"^[ \t]*REFS?\b[ \t]*:?[ \t]*(?P<first>[^\n]*)", re.M | re.I)
MARKDOWN_LINK_RE = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")

# what ends a field's continuation lines
_FIELD_START_RE = re.compile(
    r"^[ \t]*(?:SUBJ|REF|CLASSIFIED|E\.?[ \t]?O\.?|TAGS?\b|¶|\d{1,3}[ \t]*[.)][ \t]|\(\w{1,4}\)|SUMMARY|BEGIN SUMMARY|"
    r"SIPDIS|SENSITIVE|NOFORN|PAGE[ \t]+\d|DERIVED|REASON|-{3,}|="
    r")",
    re.I,
)


# REF items continue on lines like "     (C) PRETORIA 17247" (90PRETORIA17357): a lettered
# bullet in parentheses is not a paragraph marking there.
_REF_STOP_RE = re.compile(
    r"^[ \t]*(?:SUBJ|CLASSIFIED|E\.?[ \t]?O\.?|TAGS?\b|¶|\d{1,3}[ \t]*[.)][ \t]|\((?:U|C|S|SBU|S/NF|C/NF)\)|"
    r"SUMMARY|BEGIN SUMMARY|SIPDIS|SENSITIVE|NOFORN|PAGE[ \t]+\d|DERIVED|REASON|-{3,}|=)",
    re.I,
)


def _continued(text: str, start: int, first: str, max_lines: int = 6,
               stop: re.Pattern = _FIELD_START_RE) -> tuple[list[str], int]:
    """The first line plus continuation lines up to a blank line or the next field."""
    lines = [first]
    pos = start
    for _ in range(max_lines):
        nl = text.find("\n", pos)
        if nl < 0:
            break
        end = text.find("\n", nl + 1)
        line = text[nl + 1: end if end >= 0 else len(text)]
        if not line.strip() or stop.match(line):
            break
        lines.append(line)
        pos = nl + 1
    return lines, pos


TAG_SPLIT_RE = re.compile(r"[,;]|\s+")


def split_tags(raw: str) -> tuple[str, ...]:
    """Tokens of a raw TAGS value: markdown links, commas, spaces; upper-cased.

    Where commas separate the items, an item may hold a space ("Human Rights", person tags
    "CLINTON, HILLARY" come as separate items and are kept apart).

    >>> split_tags("[PREL](#) [PHUM](#) [VM](#)")
    ('PREL', 'PHUM', 'VM')
    >>> split_tags("PGOV, PHUM, BM, NLD, Human Rights")
    ('PGOV', 'PHUM', 'BM', 'NLD', 'HUMAN RIGHTS')
    """
    raw = MARKDOWN_LINK_RE.sub(r" \1 ", raw)
    if "," in raw or ";" in raw:
        items = [i.strip() for i in re.split(r"[,;]", raw)]
        out = []
        for item in items:
            if not item:
                continue
            words = item.split()
            if item.isupper():
                out.extend(words)  # "OVIP RICE CONDOLEEZZA KISL PGOV, IS" (06PARTO9)
            else:
                out.append(" ".join(words))  # "Human Rights" (04RANGOON1090)
    else:
        out = raw.split()
    tags = (t.upper().strip(".:[]()") for t in out)
    return tuple(dict.fromkeys(t for t in tags if t))  # 09SANJOSE615 repeats SENV, EFIN


def parse_tags(text: str) -> tuple[tuple[str, ...], str | None]:
    """(tags, raw TAGS text) of the first TAGS line and its continuations."""
    m = TAGS_RE.search(text) or TAGS_GLUED_RE.search(text)
    if not m:
        return (), None
    first = m.group("first")
    lines, _ = _continued(text, m.start("first"), first, max_lines=3)
    # a continuation line is taken only after a trailing comma or when it looks like codes
    kept = [lines[0]]
    for line in lines[1:]:
        if kept[-1].rstrip().endswith(",") or re.fullmatch(r"[ \t]*(?:\[?[A-Z]{2,6}\]?(?:\(#\))?[ ,]*)+", line):
            kept.append(line)
        else:
            break
    raw = " ".join(k.strip() for k in kept)
    # glued media-partner text: "TAGS: PTER TU¶1..." or "TAGS: X SUBJECT: ..."
    raw = re.split(r"\bSUBJ(?:ECT)?\b|¶|\bREF:", raw)[0]
    return split_tags(raw), raw.strip() or None


def parse_subject(text: str) -> str | None:
    """The subject with its continuation lines joined by single spaces."""
    m = SUBJECT_RE.search(text) or SUBJECT_GLUED_RE.search(text)
    if not m:
        return None
    lines, _ = _continued(text, m.start("first"), m.group("first"), max_lines=5)
    subject = " ".join(" ".join(lines).split())
    subject = re.split(r"\s(?:REF|REFS|CLASSIFIED BY|Classified By)\s*:", subject)[0].strip()
    return subject or None


# "STATE 92371", "SECSTATE 74879", "08 STATE 12345", "LA PAZ 2974", "STATE 12345 (08)"
REF_ITEM_RE = re.compile(  # "2002 STATE 252456" has a 4-digit year (03SANAA503)
    r"(?<![A-Z0-9/])(?:(?P<yy>\d{4}|\d{2})[ \t]+)?(?P<station>[A-Z][A-Z'\-]*(?:[ \t][A-Z][A-Z'\-]*){0,3})[ \t]+"
    r"(?P<serial>\d{1,7})(?![\d/])(?:[ \t]*\((?P<yy2>\d{2})\))?"
)
# cables cited in the text: "(87 IZMIR 1213)", "(DAMASCUS 3325)" (88IZMIR710, 90STATE175914)
CITED_RE = re.compile(
    r"\((?:(?P<yy>\d{2})[ \t]+)?(?P<station>[A-Z][A-Z'\-]*(?:[ \t][A-Z][A-Z'\-]*){0,3})[ \t]+"
    r"(?P<serial>\d{1,7})\)"
)
_NOT_STATIONS = {
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "AND", "REF", "REFS", "REFTEL", "PARA",
    "PARAS", "SECTION", "OF", "DATED", "IIR", "NO", "NUMBER", "SEE", "ALSO", "TO", "IN", "ON",
    "AT", "BY", "THE", "FOR", "FROM", "EO", "E", "O", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
}


def _station_words(station: str) -> str:
    words = station.split()
    while words and words[0] in _NOT_STATIONS:
        words = words[1:]
    return " ".join(words)


def _is_station(station: str) -> bool:
    """A cable station (exactly, or by a known alias); anything goes without a station table."""
    known = known_stations()
    if not known:
        return True
    compact = re.sub(r"[^A-Z0-9]", "", station)
    return compact in known or compact in STATION_ALIASES


def parse_references(text: str, year: int | None, own: tuple[str, int] | None = None,
                     body: str | None = None) -> tuple[str, ...]:
    """Canonical ids of the REF block, then of cables cited in parentheses in `body`.

    A reference without a year takes the cable's year; one to the cable's own station with a
    higher serial than the cable must be from the year before (serials restart each year).
    Only known stations count ("FBIS NICOSIA 17", "NOV 2" are not cables).
    """
    m = REF_RE.search(text)
    items = []
    if m:
        lines, _ = _continued(text, m.start("first"), m.group("first"), max_lines=12, stop=_REF_STOP_RE)
        items.extend(REF_ITEM_RE.finditer(" ".join(lines)))
    if body:
        items.extend(CITED_RE.finditer(body))
    out: list[str] = []
    for item in items:
        station = _station_words(item.group("station"))
        if not station or len(station) < 3 or not _is_station(station):
            continue
        yy = item.group("yy") or item.groupdict().get("yy2")
        serial = int(item.group("serial"))
        if yy and len(yy) == 4:
            ref_year = int(yy)
        elif yy:
            ref_year = int(yy) + (1900 if int(yy) >= 50 else 2000)
        elif year is not None:
            ref_year = year
            if own and canonical_station(station) == canonical_station(own[0]) and serial > own[1]:
                ref_year = year - 1
        else:
            continue
        cid = canonical_id(f"{station} {serial}", ref_year)
        if cid and cid not in out:
            out.append(cid)
    return tuple(out)


SUMMARY_AT_RE = re.compile(
    r"SUMMARY(?:[ \t]+AND[ \t]+[A-Z ]{3,30}?)?[ \t]*[:.\-]+[ \t\n]*"
    r"(?P<summary>.{20,6000}?)[ \t\n]*(?:\bEND[ \t]+(?:OF[ \t]+)?SUMMARY|\n[ \t]*\n[ \t]*(?:¶|\d{1,3}\.[ \t]))",
    re.I | re.S,
)


def parse_summary(body: str, limit: int = 12000) -> str | None:
    """Text between "Summary:" and "End Summary" (or the end of its paragraph).

    >>> parse_summary("1. (C) Summary: The GOB agreed to the plan. End Summary.")
    'The GOB agreed to the plan.'
    """
    head = body[:limit]
    lower = head.lower()
    pos = lower.find("summary")
    while pos >= 0:
        before = head[pos - 1] if pos else " "
        if before in " \t\n.(" and not lower.startswith("end", max(0, pos - 4)):
            m = SUMMARY_AT_RE.match(head, pos)
            if m:
                text = m.group("summary").strip()
                return text or None
        pos = lower.find("summary", pos + 7)
    return None
