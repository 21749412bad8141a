"""The classification banner and what follows it: reference number, caveats, E.O./DECL,
Classified By and the 1.4 reasons.

>>> b = find_banner("FM AMEMBASSY HANOI\\nUNCLAS HANOI 001002\\n\\nSENSITIVE\\nSIPDIS\\n")
>>> b.level, b.ref, b.start
('UNCLASSIFIED', 'HANOI 001002', 19)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cabletools.parse.words import matches_at, word_starts

_LEVELS = (
    # spaced banners ("C O N F I D E N T I A L") are normal in Cablegate; the lower-case
    # spaced form "C o n f i d e n t i a l" is in media-partner versions (e.g. 10MADRID154).
    (r"U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?", "UNCLASSIFIED"),
    (r"L\s?I\s?M\s?I\s?T\s?E\s?D\s+O\s?F\s?F\s?I\s?C\s?I\s?A\s?L\s+U\s?S\s?E", "LIMITED OFFICIAL USE"),
    (r"C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L", "CONFIDENTIAL"),
    (r"S\s?E\s?C\s?R\s?E\s?T", "SECRET"),
)
_LEVEL_RE = "|".join(f"(?P<l{i}>{pat})" for i, (pat, _) in enumerate(_LEVELS))
# After the level: optional "//NOFORN" style modifiers, E F T O, SENSITIVE, SECTION nn OF nn,
# then the reference "HANOI 001002" (station words + serial).
_BANNER_TAIL = (
    r"(?P<mods>(?:[ \t]*//?[ \t]*[A-Z]+)*)"
    # "UNCLASSIFIED LIMITED OFFICIAL USE SECTION 01 OF 05 ZAGREB 02173" (cables.csv row 547)
    r"(?:[ \t]+(?:E[ \t]?F[ \t]?T[ \t]?O|SENSITIVE|FOR[ \t]+OFFICIAL[ \t]+USE[ \t]+ONLY|NOFORN|SBU|"
    r"(?P<lou>LIMITED[ \t]+OFFICIAL[ \t]+USE)))*"
    r"(?:[ \t]*,?[ \t]*(?:SECTION|SECTON|SECION)[ \t]+(?P<section>\d{1,2})[ \t]+(?:OF|of)[ \t]+(?P<of>\d{1,2}))?"
    # the 1970s form with the year before the station, as in REF items ("87 IZMIR 1213"):
    # "C O N F I D E N T I A L 75 LIBREVILLE 1895" (7575LIBREVILLE1895); "01 OF 02" is no year
    r"[ \t]+(?:(?P<yy>\d{2})[ \t]+(?!OF\b))?"
    r"(?P<ref>(?P<station>(?!PAGE\b|SECTION\b)[A-Z][A-Z'\-]*(?:[ \t][A-Z][A-Z'\-]*){0,4})[ \t]+(?P<serial>\d{1,7}))"
    r"(?![\d/])"
)
BANNER_LINE_RE = re.compile(r"^[ \t]*(?:" + _LEVEL_RE + r")" + _BANNER_TAIL, re.M)
# glued after the header box: "...USUN NEW YORK IMMEDIATE 0225UNCLAS HANOI 001002" (alx scrape)
BANNER_ANY_RE = re.compile(r"(?:" + _LEVEL_RE + r")" + _BANNER_TAIL)
BANNER_ANYCASE_RE = re.compile(r"(?:" + _LEVEL_RE + r")" + _BANNER_TAIL, re.I)

CAVEAT_WORDS = ("SIPDIS", "SENSITIVE", "NOFORN", "EXDIS", "NODIS", "LIMDIS", "STADIS",
                "ORCON", "PROPIN", "NOCONTRACT", "ROGER")
CAVEAT_RE = re.compile(r"\b(" + "|".join(CAVEAT_WORDS) + r")\b")
EO_RE = re.compile(r"\b[Ee]\.?[ \t]?[Oo]\.?[ \t]*\d{5}[ \t]*:?[ \t]*(?P<rest>[^\n]*)")
DECL_RE = re.compile(r"\bDECL(?:ASSIFY)?\b[ \t]*:?[ \t]*(?P<decl>[^\n;]*)", re.I)
CLASSIFIED_BY_RE = re.compile(
    r"\b(?:CLASSIFIED|Classified|classified)[ \t]+(?:BY|By|by)[ \t]*:?[ \t]*"
    r"(?P<by>[^\n]*(?:\n[ \t]*(?![ \t]*(?:¶|\d+\.|\(|SUMMARY|$))[^\n]*)?)",
)
REASONS_RE = re.compile(r"\b(?:REASONS?|REASON)[ \t:]*(?P<reasons>1\.\d[^\n]*)|(?P<bare>\b1\.[45][ \t]*\(?[A-H]\)?[^\n]*)", re.I)


@dataclass(frozen=True, slots=True)
class Banner:
    level: str
    ref: str
    station: str
    serial: int
    section: str | None
    modifiers: str
    start: int
    end: int
    serial_text: str = ""


def find_banner(text: str, limit: int = 30000) -> Banner | None:
    """The first classification banner in `text` (line-anchored first, then glued)."""
    head = text[:limit]
    m = BANNER_LINE_RE.search(head) or BANNER_ANY_RE.search(head) or BANNER_ANYCASE_RE.search(head)
    if not m:
        return None
    level = next(_LEVELS[i][1] for i in range(len(_LEVELS)) if m.group(f"l{i}"))
    if m.group("lou"):
        level = "LIMITED OFFICIAL USE"
    section = f"{int(m.group('section'))} OF {int(m.group('of'))}" if m.group("section") else None
    station = " ".join(m.group("station").upper().split())
    return Banner(level, f"{station} {m.group('serial')}", station, int(m.group("serial")),
                  section, m.group("mods") or "", m.start(), m.end(), m.group("serial"))


def classification_label(level: str | None, caveats: tuple[str, ...], banner_mods: str = "") -> str | None:
    """Cablegate's label from the banner level and the caveats.

    >>> classification_label("UNCLASSIFIED", ("SENSITIVE", "SIPDIS"))
    'UNCLASSIFIED//FOR OFFICIAL USE ONLY'
    >>> classification_label("SECRET", ("NOFORN",))
    'SECRET//NOFORN'
    """
    if level is None:
        return None
    noforn = "NOFORN" in caveats or "NOFORN" in banner_mods.upper()
    if level == "LIMITED OFFICIAL USE":
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    if level == "UNCLASSIFIED":
        sensitive = "SENSITIVE" in caveats or "FOUO" in banner_mods.upper()
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if sensitive else "UNCLASSIFIED"
    return f"{level}//NOFORN" if noforn else level


def caveats_in(text: str) -> tuple[str, ...]:
    r"""Caveat keywords (whole words) in order of first appearance; what ``CAVEAT_RE``
    finds, by ``str.find`` (several times faster than the regex on a long caveat zone).

    >>> caveats_in("SIPDIS NOFORN\nE.O. 12958: ... SIPDIS; NOFORNX ROGER")
    ('SIPDIS', 'NOFORN', 'ROGER')
    """
    first: list[tuple[int, str]] = []
    for word in CAVEAT_WORDS:
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            if ((pos == 0 or not _is_word_char(text[pos - 1]))
                    and (end == len(text) or not _is_word_char(text[end]))):
                first.append((pos, word))
                break
            pos = text.find(word, pos + 1)
    first.sort()
    return tuple(word for _, word in first)


def _is_word_char(ch: str) -> bool:
    r"""What the regex ``\w`` matches (``\b`` borders)."""
    return ch.isalnum() or ch == "_"


_DATE_RES = (  # a date may be glued to what follows ("08/16/2015TAGS:" in 05LIMA3609)
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)"), "mdy"),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})(?!\d)"), "mdy"),
)


def parse_decl(text: str) -> str | None:
    """DECL text -> ISO date when it is one, else the text (e.g. "1.6X6", "OADR").

    >>> parse_decl("11/22/2012"), parse_decl("2019/12/17"), parse_decl("6/3/08"), parse_decl("OADR")
    ('2012-11-22', '2019-12-17', '2008-06-03', 'OADR')
    """
    raw = text.strip().rstrip(".").strip()
    if not raw:
        return None
    token = raw.split()[0]
    for rx, order in _DATE_RES:
        m = rx.match(token)
        if not m:
            continue
        a, b, c = m.groups()
        y, mo, d = (c, a, b) if order == "mdy" else (a, b, c)
        year = int(y) + (2000 if len(y) == 2 else 0)
        try:
            return date(year, int(mo), int(d)).isoformat()
        except ValueError:
            return raw
    return raw


def parse_eo(text: str) -> str | None:
    """The declassification date/text of the E.O. line, or None when there is no DECL."""
    m = EO_RE.search(text)
    if not m:
        return None
    d = DECL_RE.search(m.group("rest"))
    return parse_decl(d.group("decl")) if d else None


# Titles that can stand right before a two-word name ("Amb. Jackie Sanders", "AMB:RCROCKER").
_TITLE_RE = re.compile(
    r"^(?:amb\w*|ambassador-\S+|charg\w*|cda|dcm|acting|deputy|chief|consul|cg|pol\w*|econ\w*|dir|director|ecmin|mincouns|"
    r"counsel+or|minister|secretary|usdel|member|tdy|rso|ltc|col|maj|capt|gen|mr|ms|mrs|dr|head|officer|"
    r"affaires|a\.?i|d'affaires|principal|coordinator|advisor|adviser|attache|nea|isn|das|off)\.?:?$",
    re.I,
)
_INITIAL_RE = re.compile(r"^(?:[A-Z0]\.){1,3}$")
# Surnames like McMullen, LeBaron, Kim-Scott, O'Connor; initials; "T.Monroe" (a lost space)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z0'\-]*[a-zA-Z]|[A-Z0]\.(?:[A-Z]\.)*|[A-Z]\.[A-Z][a-z]+)\.?$")
# (a run of white space before a dash is tried from its start only: linear on long runs)
# Where the person ends: "for reasons", a wrapped "for re ason", "Reason", "E.O. 12958", "1.4", "; ", " - ",
# "per 1.4" / "PER 1.5" / "per reasons" (09CAIRO1114, 07ROME1168, 00TELAVIV4462)
_PERSON_END_RE = re.compile(
    r"(?i)\bf[o0]r\s*r(?=e|\s|$)|\bf[o0]r\s+(?=f[o0]r\b|e\.?\s?o\b)|\bbased\b|\bunder\b|\bre(?:a|o)?s?ons?\b|\breasons?\b|\bresons\b|\bE\.?\s?O\.?\s?\d|\b1\.[45]\b|\bper\s++(?=1\.|reasons?\b|e\.?\s?o\b)|;|\s-\s|(?<!\s)\s++-+\s*\d"
)
_SUFFIX_RE = re.compile(r"^(?:JR|SR|II|III|IV)\.?$", re.I)
_NOT_NAMES = {"SECTION", "LINE", "ADDED", "ENTIRE", "TEXT", "DEPARTMENT", "STATE", "EMBASSY", "MISSION"}


def _name_tail(segment: str) -> list[str]:
    tokens = [t for t in re.split(r"[\s/:]+", segment.strip()) if t]
    run: list[str] = []
    for tok in reversed(tokens):
        if not _NAME_TOKEN.match(tok):
            break
        run.append(tok)
    run.reverse()
    if len(run) > 2:
        # [First] [initials] Last: keep the initials' first name; otherwise First Last
        keep = 3 if _INITIAL_RE.match(run[-2].rstrip(".") + ".") or _INITIAL_RE.match(run[-3]) else 2
        run = run[-keep:]
    while run and len(run) >= 2 and _TITLE_RE.match(run[0]):
        run = run[1:]
    return run


@lru_cache(maxsize=16384)  # one chief of mission classifies hundreds of cables in the same words
def person_of(classified_by: str) -> str | None:
    """The person in a Classified By line, without titles, reasons or trailing dots.

    >>> person_of("Acting Deputy Chief of Mission Marc Wall for Reasons 1.4 (b) and (d)")
    'Marc Wall'
    >>> person_of("CDA, a.i. Ron McMullen for Reasons 1.4 (b,d)")
    'Ron McMullen'
    >>> person_of("Rose E. Gottemoeller, Assistant Secretary, Department of State, VCI; REASON: 1.4(B)")
    'Rose E. Gottemoeller'
    >>> person_of("THOMAS W. SIMONS, JR., AMBASSADOR. REASON: 1.5 (B)")
    'THOMAS W. SIMONS, JR.'
    """
    text = re.sub(r"(?i)^\s*classified\s+by\s*:?\s*", "", classified_by)
    m = _PERSON_END_RE.search(text)
    if m:
        text = text[: m.start()]
    segments = [seg.strip() for seg in text.split(",")]
    for i, segment in enumerate(segments):
        name = _name_tail(segment.rstrip(". "))
        if name and name[-1].upper().rstrip(".") in _NOT_NAMES:
            continue
        if len(name) >= 2 or (len(name) == 1 and len(name[0]) > 4 and not _TITLE_RE.match(name[0])):
            person = " ".join(name).rstrip(".")
            person = re.sub(r"\b0\.", "O.", person)  # a zero typed for the initial O (cablemap)
            if i + 1 < len(segments) and _SUFFIX_RE.match(segments[i + 1].rstrip(". ")):
                person += ", " + segments[i + 1].rstrip(" ").upper().rstrip(".") + "."
            return person
    return None


def _classified_by_text(text: str, start: int) -> str:
    """The Classified By line and up to two continuation lines; a word broken over a line
    break ("for re\nason", "Blah\na,") is joined without a space."""
    lines = text[start:start + 600].split("\n")[:3]
    out = lines[0].rstrip()
    for line in lines[1:]:
        stripped = line.strip()
        if not stripped or re.match(r"^(?:¶|\d{1,3}\.\s|\((?:U|C|S|SBU)\))", stripped):
            break
        first_word = stripped.split()[0].lower()
        # only a word cut in two is glued: "(b,\n d)" keeps its space (synthetic 03ISTANBUL590)
        glue = (stripped[0].islower() and out[-1:].isalpha()
                and first_word not in ("for", "reasons", "reason", "and", "under", "based"))
        out += ("" if glue else " ") + stripped
    return out


_CLASSIFIED_SPELLINGS = ("CLASSIFIED", "Classified", "classified")


def parse_classified_by(text: str) -> tuple[str | None, str | None]:
    """(person, reasons) from the Classified By line(s) in `text`."""
    starts = word_starts(text, _CLASSIFIED_SPELLINGS)
    if not starts:
        return None, None
    pos = starts[0]
    first = None
    for m in matches_at(CLASSIFIED_BY_RE, text, starts):
        raw = " ".join(_classified_by_text(text, m.start("by")).split())
        r = REASONS_RE.search(raw)
        reasons = (r.group("reasons") or r.group("bare")).strip().rstrip(".") if r else None
        person = person_of(raw)
        if person:
            return person, reasons
        first = first or (None, reasons)
        if m.start() - pos > 3000:
            break
    return first or (None, None)
