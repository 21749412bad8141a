"""TAGS, SUBJECT, REF and SUMMARY.

>>> parse_tags("TAGS: [UNSC](#) [PREL](#) [CG](#)\\nSUBJECT: X")[0]
('UNSC', 'PREL', 'CG')
>>> parse_subject("SUBJECT: VIETNAM REFUSES TO CONDEMN\\nAND SOUTH OSSETIA\\n\\nREF: X")
'VIETNAM REFUSES TO CONDEMN AND SOUTH OSSETIA'
>>> parse_references("REF: A. STATE 92371\\n     B. HANOI 998\\n\\n", year=2008, own=("HANOI", 1002))
('08STATE92371', '08HANOI998')
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from cabletools.ids import STATION_ALIASES, canonical_id, canonical_station, known_stations
from cabletools.parse.words import word_starts

# "TAGS:", "TAGS", "TAG:", misspelt "TGAS:"/"TAGA:"/"TAS:" (cablemap fixtures), any case.
TAGS_RE = re.compile(
    r"^[ \t]*(?:TAGS?|Tags?|tags?|TAgs|tAgs|TGAS|TAGA|TAS|TAGSS|TGS|TAGES)\b[ \t]*:?[ \t]*(?P<first>[^\n]*)", re.M)
# glued media-partner text; "AGS:" with its T lost is in 07BUENOSAIRES1673
# and "DECL: 01/22/2020TAGS: ..." glued to the DECL date in 10BERLIN81
TAGS_GLUED_RE = re.compile(r"(?:(?<![A-Za-z])(?:T?AGS?|TGAS|TGS|TAGES))[ \t]*:[ \t]*(?P<first>[^\n]*)", re.I)
SUBJECT_RE = re.compile(
    r"^[ \t]*(?:SUBJECT|Subject|subject|SUBJ|Subj|UBJECT)\b[ \t]*:?[ \t]*(?P<first>[^\n]*)", re.M)
SUBJECT_GLUED_RE = re.compile(r"SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<first>[^\n]*)", re.I)  # 04ANKARA348
REF_RE = re.compile(r"^[ \t]*(?:REF|Ref|ref)(?:S|s|TELS?|tels?)?\b[ \t]*:?[ \t]*(?P<first>[^\n]*)", re.M)
# "…GORDON BROWN AS UK PRIMEREF: A. LONDON 1939" (08LONDON1991): REF glued to the subject
REF_GLUED_RE = re.compile(r"(?:REF|Ref)(?:S|s|TELS?|tels?)?[ \t]*:[ \t]*(?P<first>[^\n]*)")
# the link text and target hold no bracket or parenthesis: each character is scanned by one
# attempt only ("[" * n took quadratic time when a "[" could sit inside the text)
MARKDOWN_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\([^()\[\]\n]*\)")

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
    r"^[ \t]*(?:SUBJ|CLASSIFIED|E\.?[ \t]?O\.?|TAGS?\b|¶(?![ \t]*[A-Z][.)])|\d{1,3}[ \t]*[.)][ \t]|"
    r"\((?:U|C|S|SBU|S/NF|C/NF)\)(?![ \t]*[A-Za-z][A-Za-z .'\-]*[ \t]\d)|"
    r"SUMMARY|BEGIN SUMMARY|SIPDIS|SENSITIVE|NOFORN|PAGE[ \t]+\d|DERIVED|REASON|-{3,}|=)",
    re.I,
)


# a lettered REF item after a blank line: "REF: A. LIMA 1841\n\n     ¶B. LIMA 2000" (07LIMA2129),
# "¶B. (B) EMBASSY PARIS DAILY REPORT" after "REF: A. (A) PARIS 7682 AND PREVIOUS" (05PARIS7835)
_NEXT_REF_ITEM_RE = re.compile(r"[ \t]*(?:¶[ \t]*)?[B-L][.)][ \t]")


def _continued(text: str, start: int, first: str, max_lines: int = 6,
               stop: re.Pattern = _FIELD_START_RE) -> tuple[list[str], int]:
    """The first line plus continuation lines up to a blank line or the next field; in a REF
    block (`stop` is _REF_STOP_RE) a blank line before a lettered item does not end it."""
    lines = [first]
    pos = start
    for _ in range(max_lines):
        nl = text.find("\n", pos)
        if nl < 0:
            break
        end = text.find("\n", nl + 1)
        line = text[nl + 1: end if end >= 0 else len(text)]
        if not line.strip() and not "".join(lines).strip():
            pos = nl + 1  # "REFS:" alone, then a blank line, then the items (03BRASILIA311)
            continue
        if (not line.strip() and stop is _REF_STOP_RE and end >= 0
                and _NEXT_REF_ITEM_RE.match(text, end + 1)):
            pos = nl + 1
            continue
        if not line.strip() or stop.match(line):
            break
        lines.append(line)
        pos = nl + 1
    return lines, pos


TAG_SPLIT_RE = re.compile(r"[,;]|\s+")


_NOT_TAGS = {"SIPDIS", "SENSITIVE", "NOFORN", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "AND"}
# a telegram page break inside a TAGS line: "IT    SECRET   PAGE 02   ROME  03067  211833Z" (02ROME3067)
# Linear: it starts only where a run of white space starts, takes the run whole (possessive), and
# the white space before and after the classification word cannot trade characters.
_PAGE_BREAK_RE = re.compile(
    r"(?<!\s)\s++(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*+)?PAGE \d{2}\s.*$", re.S)


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    try:
        from cabletools.refdata import known_tag_codes
    except ImportError:
        return frozenset()
    return known_tag_codes()


@lru_cache(maxsize=1)
def _tag_replacements() -> dict[str, tuple[str, ...]]:
    """Known misspellings and split person tags -> the codes they stand for (refdata)."""
    try:
        from cabletools.refdata import tag_variants
    except ImportError:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for variant, replacement in zip(tag_variants()["variant"], tag_variants()["replacement"]):
        if isinstance(replacement, str) and replacement.strip():
            out[variant] = (replacement,) if "," in replacement else tuple(replacement.split())
    return out


def normalize_tags(tags) -> tuple[str, ...]:
    """Known typos and non-FIPS codes to their codes (ENGR -> ENRG, VZ -> VE), a person tag
    WikiLeaks split in two back to one ("CLINTON", "HILLARY" -> "CLINTON, HILLARY"); order kept,
    duplicates dropped.

    >>> normalize_tags(["ENGR", "VZ", "CLINTON", "HILLARY", "PREL"])
    ('ENRG', 'VE', 'CLINTON, HILLARY', 'PREL')
    """
    table = _tag_replacements()
    out: list[str] = []
    for tag in tags:
        out.extend(table.get(tag, (tag,)))
    return tuple(dict.fromkeys(out))


def _segment_glued(token: str, known: frozenset[str]) -> list[str] | None:
    """Split glued codes ("PHUMBA" -> PHUM BA, 08MANAMA492; "KFRDKIRFCVIS…" in 09CAIRO2205)
    into known codes, or None when no full split exists."""
    if not known or len(token) < 5 or not token.isalpha():
        return None
    best: list[list[str] | None] = [None] * (len(token) + 1)
    best[0] = []
    for i in range(len(token)):
        if best[i] is None:
            continue
        for size in (4, 2, 3, 5, 6):
            piece = token[i:i + size]
            if len(piece) == size and piece in known and best[i + size] is None:
                best[i + size] = best[i] + [piece]
    pieces = best[-1]
    # English words cut into two-letter country codes ("POLITICS" -> PO LI TI CS) are not codes
    if pieces is None or sum(len(p) == 2 for p in pieces) > 1 or len(pieces) < 2:
        return None
    return pieces


_CONNECTORS = {"AND", "OF", "THE", "FOR", "IN", "ON", "&"}
# words that name no code: letters only (a person's initial "B." too), not a caveat
_WORD_RE = re.compile(r"[A-Z][A-Z'\-]*+\.?+|&")


def _is_word(token: str, known: frozenset[str]) -> bool:
    if token in _CONNECTORS:
        return True
    # a code and one letter more ("PARMS", 04SANAA3023) or a known variant of a code ("HUMANR",
    # "ENGR") stands for a code, not a word of a phrase
    if (len(token) == 5 and token[:4] in known) or token in _tag_replacements():
        return False
    # three letters or fewer is an unknown code or acronym ("GOI", "SYR"), not a phrase word
    return (len(token.rstrip(".")) >= 4 and token not in known and token not in _NOT_TAGS
            and _WORD_RE.fullmatch(token) is not None
            and _segment_glued(token, known) is None)  # "IZPREL" is glued codes (03ROME2045)


def join_phrase_words(tokens: list[str], known: frozenset[str]) -> list[str]:
    """Join runs of words that are no tag code into one phrase tag; after OVIP (a visit of an
    official) a run is a person, "SURNAME, GIVEN NAMES" - the Department's person-tag form.

    A run joins when it has two or more words of four letters or more (connectors aside), one of
    them five or more (so unknown codes side by side, "SYR TRGY", "GOI EXTERNAL", stay apart). Phrase tags in
    space-separated TAGS lines: "IRAQI FREEDOM" (03ROME2045), "COUNTRY CLEARANCE" (07KUWAIT624),
    "ECONOMY AND FINANCE" (06TELAVIV2787), "POLITICAL PARTIES" (05ANKARA7215); persons:
    "OVIP BIDEN JOSEPH" (09SANTIAGO331), "OVIP STEINBERG JAMES" (09BEIJING2964).

    >>> join_phrase_words(["OVIP", "BIDEN", "JOSEPH", "PREL", "IRAQI", "FREEDOM"], frozenset({"OVIP", "PREL"}))
    ['OVIP', 'BIDEN, JOSEPH', 'PREL', 'IRAQI FREEDOM']
    """
    if not known:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and _is_word(tokens[j], known):
            j += 1
        run = tokens[i:j]
        while run and run[-1] in _CONNECTORS:  # a connector only inside a phrase
            run.pop()
        if len(run) >= 2 and run[0] not in _CONNECTORS and any(len(w) >= 5 for w in run):
            person = out and out[-1] == "OVIP"
            out.append(f"{run[0]}, {' '.join(run[1:])}" if person else " ".join(run))
            i += len(run)
        else:
            out.append(tokens[i])
            i += 1
    return out


# persons in parentheses: "SP (BOIKO, ALEXANDER)", "CO(DUNCAN, CAMERON)", "(KALOUDIS, NICK),
# (AMBATIELOS, ANTHONY)" (04MADRID4316, 04BOGOTA11373, 1974ATHENS02959's metadata)
_PERSON_GROUP_RE = re.compile(r"\(([A-Za-z][A-Za-z .'\-]*+,[A-Za-z .,'\-]*+)\)")


def _persons_of_group(m: re.Match) -> str:
    """ "(NOVO, GUILLERMO, REMON, PEDRO, JIMENEZ GASPAR)" -> items "NOVO, GUILLERMO", "REMON, PEDRO",
    "JIMENEZ, GASPAR"; "(EL FATMI, NOURIDDINE ET AL)" -> "EL FATMI, NOURIDDINE ET AL" (04MADRID2443).
    The person's comma is kept as \x01 until the items are split."""
    items = [" ".join(i.split()) for i in m.group(1).split(",") if i.strip()]
    persons = [f"{items[i]}\x01 {items[i + 1]}" for i in range(0, len(items) - 1, 2)]
    if len(items) % 2:  # one left over: "JIMENEZ GASPAR" is surname and given name
        words = items[-1].split()
        persons.append(f"{words[0]}\x01 {' '.join(words[1:])}" if len(words) >= 2 else items[-1])
    return ", " + ", ".join(persons) + ", "


@lru_cache(maxsize=16384)  # TAGS lines repeat: a post sends the same few mixes again and again
def split_tags(raw: str) -> tuple[str, ...]:
    """Tokens of a raw TAGS value: markdown links, commas, spaces; upper-cased, de-duplicated.

    Where commas separate the items, an item may hold a phrase ("Human Rights", "GOI EXTERNAL");
    an item made only of codes is split ("OVIP RICE CONDOLEEZZA KISL PGOV, IS" in 06PARTO9).
    Codes glued together are split when every piece is a known code.

    >>> split_tags("[PREL](#) [PHUM](#) [VM](#)")
    ('PREL', 'PHUM', 'VM')
    >>> split_tags("PGOV, PHUM, BM, NLD, Human Rights")
    ('PGOV', 'PHUM', 'BM', 'NLD', 'HUMAN RIGHTS')
    """
    if "](" in raw:
        raw = MARKDOWN_LINK_RE.sub(r" \1 ", raw)
    if "PAGE" in raw:
        raw = _PAGE_BREAK_RE.sub("", raw)
    if "(" in raw:
        raw = _PERSON_GROUP_RE.sub(_persons_of_group, raw)
    known = _known_codes()
    if "," in raw or ";" in raw:
        out = []
        for item in (i.strip() for i in re.split(r"[,;]", raw)):
            if not item:
                continue
            words = item.upper().split()
            # an item made mostly of codes is a space-separated list ("OVIP RICE CONDOLEEZZA KISL
            # PGOV, IS" in 06PARTO9); otherwise a phrase ("GOI EXTERNAL", "Human Rights")
            if len(words) > 1 and item.isupper() and (not known or 2 * sum(w in known for w in words) >= len(words)):
                out.extend(join_phrase_words(words, known))
            else:
                out.append(" ".join(words))
    else:
        out = join_phrase_words([t.strip(":[]()") for t in raw.upper().split()], known)
    tags: list[str] = []
    for t in out:
        t = t.strip(":[]()") if t.endswith(".") and " " in t else t.strip(".:[]()")
        t = t.replace("\x01", ",")
        if not t or t in _NOT_TAGS:
            continue
        pieces = None if t in known else _segment_glued(t, known)
        tags.extend(pieces or [t])
    return normalize_tags(tags)  # de-duplicated: 09SANJOSE615 repeats SENV, EFIN


# The TAGS value ends at the next field, also where a source lost the line break and glued it on:
# "...PINS ECON TUSUBJECT: ERDOGAN" (05ANKARA1730), "...XF SA PK FR TCSUBJECT: MBZ" (05ABUDHABI2178),
# "TAGS: PGOV PREL XXClassified By: ..." - a glued field name is known by its colon.
_TAGS_END_RE = re.compile(
    r"\b(?:SUBJ|Subj|subj)(?:ECT|ect)?\b|(?:SUBJECT|Subject|SUBJ)[ \t]*:|¶|(?:REF|Ref)[ \t]*:|"
    r"(?:CLASSIFIED|Classified)[ \t]+(?:BY|By)\b")
_GLUED_SUBJECT_RE = re.compile(r"\bSUBJ|SUBJ(?:ECT)?[ \t]*:")
# A line of codes: "[PREL](#) [PHUM](#)", "ECON, PHUM, RS". Codes glued together ("PHUMBA") are
# one run of capitals, taken whole: splitting a run into 2-6 letter pieces inside a repeated group
# (the old "(?:\[?[A-Z]{2,6}\]?...[ ,]*)+") backtracked exponentially on a long capitals line
# that was not codes. Every part below is possessive and no two parts can match the same character.
_CODES_LINE_RE = re.compile(r"[ \t]*+(?:\[?+[A-Z]{2,}+\]?+(?:\(#\))?+[ ,]*+)++")


def parse_tags(text: str) -> tuple[tuple[str, ...], str | None]:
    """(tags, raw TAGS text) of the first TAGS line and its continuations."""
    m = TAGS_RE.search(text) or TAGS_GLUED_RE.search(text)
    if not m:
        return (), None
    first = m.group("first")
    lines, _ = _continued(text, m.start("first"), first, max_lines=3)
    # a continuation line is taken only after a trailing comma or when it looks like codes
    # (up to a glued SUBJECT: "ECON, PHUM, RS, IS, IR, GG, AF, UK SUBJECT: …" in 09LONDON2499)
    kept = [lines[0]]
    for line in lines[1:]:
        head = _GLUED_SUBJECT_RE.split(line, maxsplit=1)[0]
        # ... or when a parenthesis is open: "SP (BERARDUCCI, CHRISTOPHER\nMICHAEL)" (04MADRID4316)
        opened = sum(k.count("(") - k.count(")") for k in kept) > 0
        if kept[-1].rstrip().endswith(",") or opened or _CODES_LINE_RE.fullmatch(head):
            kept.append(line)
        else:
            break
    raw = " ".join(k.strip() for k in kept)
    # glued media-partner text: "TAGS: PTER TU¶1..." or "TAGS: X SUBJECT: ..."
    raw = _TAGS_END_RE.split(raw, maxsplit=1)[0]
    return split_tags(raw), raw.strip() or None


_MARKING_RE = re.compile(r"^\((?:U|C|S|SBU|C/NF|S/NF|S//NF|C//NF|U//FOUO|FOUO|TS)\)\s*")
# a telegram page marker inside the text: "GENEVA 00002654  001.2 OF 004" (06GENEVA2654)
# ("0{2,}\d+" is "00\d+": written so, the zeros cannot trade places with the digits - quadratic)
_PAGE_MARK_RE = re.compile(r"\s00\d++\s++\d{3}\.\d OF \d{3}\b.*$")


def _drop_page_mark(line: str) -> str:
    """Cut "… AIRPORT TRIPOLI 00000248 001.2 OF 003" (08TRIPOLI248) before the station."""
    m = _PAGE_MARK_RE.search(line)
    if not m:
        return line
    words = line[: m.start()].split()
    known = known_stations()
    for n in (3, 2, 1):
        if len(words) > n and "".join(words[-n:]) in known:
            return " ".join(words[:-n])
    return " ".join(words[:-1])
# the subject ends at the next field, also one glued on where a source lost the line break:
# "TURKEY ADRIFTREF: A. ANKARA 1074" (05ANKARA1730), "...Classified By: ..." - known by its colon
_SUBJECT_END_RE = re.compile(
    r"\s(?:REF|REFS|CLASSIFIED BY|Classified By)\s*:|(?<=[A-Z])(?:REFS?|REFTELS?|CLASSIFIED BY|Classified By)[ \t]*:|\s(?:Sensitive but|SENSITIVE BUT|This is an action|"
    r"This is an Action)\b"
)


def parse_subject(text: str) -> str | None:
    """The subject with its continuation lines joined by single spaces, without a leading
    portion marking "(U)" (cablemap's rule).

    >>> parse_subject("SUBJECT: (C) NEW FORCES\\nIN THE NORTH\\n\\nREF: X")
    'NEW FORCES IN THE NORTH'
    """
    m = SUBJECT_RE.search(text) or SUBJECT_GLUED_RE.search(text)
    if not m:
        return None
    subject = _subject_at(text, m)
    if subject and subject.endswith("..."):
        # a page's header excerpt cut the subject ("NETHER..."); the full text repeats it further
        # on (04THEHAGUE1049, 06THEHAGUE834): the first later subject that goes on from the cut
        cut = subject.rstrip(".").rstrip()
        for later in SUBJECT_RE.finditer(text, m.end()):
            full = _subject_at(text, later)
            if full and len(full) > len(cut) and full.startswith(cut):
                return full
    return subject


def _subject_at(text: str, m: re.Match) -> str | None:
    lines, _ = _continued(text, m.start("first"), m.group("first"), max_lines=5)
    kept: list[str] = []
    for i, line in enumerate(lines):
        line = line.rstrip().rstrip("\\").rstrip()  # "\\" line ends of media versions (06GENEVA1673)
        if _PAGE_MARK_RE.search(line):
            kept.append(_drop_page_mark(line))
            break
        # a sentence-case line after an upper-case subject is the body, not the subject
        # ("1267" continuing "UNDER UNSCR" has no letters: it stays, synthetic 06BOGOTA1638)
        if i and kept and kept[0].isupper() and any(c.islower() for c in line):
            break
        kept.append(line)
    subject = " ".join(" ".join(kept).split())
    subject = _SUBJECT_END_RE.split(subject)[0].strip()
    subject = _MARKING_RE.sub("", subject.lstrip(":;- "))
    if "&" in subject and ";" in subject:  # HTML entities of a web page's text: "&amp;", "&#39;"
        subject = html.unescape(subject)
    return subject or None


# "STATE 92371", "SECSTATE 74879", "08 STATE 12345", "LA PAZ 2974", "STATE 12345 (08)"
REF_ITEM_RE = re.compile(  # "2002 STATE 252456" (03SANAA503), "'08 BUENOS AIRES 1491", "(99) ROME 2196",
    # "09DHAHRAN 201" (10RIYADH184)
    # "008 RIO DE JANEIRO 77": a year of three digits (cablemap's fixtures)
    r"(?<![A-Z0-9/])(?:[(']?(?P<yy>\d{4}|0?\d{2})\)?[ \t]*)?(?P<station>[A-Z][A-Z'\-]+(?:[ \t][A-Z][A-Z'\-]*){0,3})[ \t]+"
    r"(?P<serial>\d{1,7})(?![\d/]|\.\.\.)(?:[ \t]*\((?P<yy2>\d{2})\))?"  # "LIMA 2...": cut short
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


@lru_cache(maxsize=16384)
def _is_station(station: str) -> bool:
    """A cable station, by name, alias or a close spelling ("PHNOM PEN", "BRASILA");
    anything goes without a station table."""
    known = known_stations()
    if not known:
        return True
    compact = re.sub(r"[^A-Z0-9]", "", station)
    if compact in known or compact in STATION_ALIASES:
        return True
    return len(compact) >= 5 and canonical_station(station) in known


class _Item:
    """A REF item found by hand (the second serial of "STATION 1 AND 2")."""

    def __init__(self, yy, station, serial):
        self._groups = {"yy": yy, "station": station, "serial": serial, "yy2": None}

    def group(self, name):
        return self._groups[name]

    def groupdict(self):
        return self._groups


_AND_SERIAL_RE = re.compile(r"[ \t]+AND[ \t]+0*(\d{1,7})\b(?![ \t]*[A-Z]{3})")
_PAGE_LINE_RE = re.compile(r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)?\s*PAGE \d{2}\s+[A-Z ]+\d+\s+(?:\d{2} OF \d{2}\s+)?\d{6}Z")


def _clean_ref_block(block: str) -> str:
    """Upper-case ("Sao Paulo 526"), a zero typed for O in a station ("SANTIAG0 465"), and
    telegram page lines ("PAGE 02 ROME 01196 01 OF 02 082030Z") removed."""
    block = _PAGE_LINE_RE.sub(" ", block.upper())
    return re.sub(r"(?<=[A-Z])0(?=[A-Z \t])", "O", block)


_REF_INLINE_END_RE = re.compile(
    r"\b(?:CLASSIFIED BY|Classified By|Classified by|classified by)\b|\s(?:¶[ \t]*)?1\.[ \t]+\((?:U|SBU|C|S)\)"
    r"|\b(?:BEGIN SUMMARY|Summary:|SUMMARY:)")


_CUT_SHORT_RE = re.compile(r"\.\.\.")


def _full_ref_block(text: str, after: int, block: str, kept: str) -> str:
    """A REF block cut short with "..." is a page's excerpt of the header; the full text repeats
    it further on ("REF: A. LIMA 1841 B. LIMA 2000 C. LIMA 2..." then the whole block, 07LIMA2129,
    08RIGA472): the first later REF block that is longer, else the cut one."""
    for later in REF_RE.finditer(text, after):
        lines, _ = _continued(text, later.start("first"), later.group("first"), max_lines=12, stop=_REF_STOP_RE)
        full = " ".join(lines)
        if len(full) > len(kept):
            return full
    return block


def parse_references(text: str, year: int | None, own: tuple[str, int] | None = None,
                     body: str | None = None) -> tuple[str, ...]:
    """Canonical ids of the REF block, then of cables cited in parentheses in `body`.

    A reference without a year takes the cable's year; one to the cable's own station with a
    higher serial than the cable must be from the year before (serials restart each year).
    Only known stations count ("FBIS NICOSIA 17", "NOV 2" are not cables).
    """
    m = REF_RE.search(text) or REF_GLUED_RE.search(text)
    items = []
    if m:
        lines, _ = _continued(text, m.start("first"), m.group("first"), max_lines=12, stop=_REF_STOP_RE)
        block = " ".join(lines)
        cut = _CUT_SHORT_RE.search(block)
        if cut:
            block = _full_ref_block(text, m.end(), block, block[:cut.start()])
        # a text whose line breaks were lost runs on from the REF items into the Classified By
        # line and the first paragraph ("TRIPOLI 588  CLASSIFIED BY: Chris Stevens ... 1.  (C)
        # Summary." in 08TRIPOLI614): cut there, not ~6,000 characters of prose later
        end = _REF_INLINE_END_RE.search(block)
        block = _clean_ref_block(block[:end.start()] if end else block)
        for item in REF_ITEM_RE.finditer(block):
            items.append(item)
            # "BRASILIA 2799 AND 2764" (04BRASILIA2863): a second serial of the same station
            more = _AND_SERIAL_RE.match(block, item.end())
            if more:
                items.append(_Item(item.group("yy"), item.group("station"), more.group(1)))
    if body:
        items.extend(CITED_RE.finditer(body))
    out: list[str] = []
    own_station = canonical_station(own[0]) if own else None
    for item in items:
        station = _station_words(item.group("station"))
        if not station or len(station) < 2 or not _is_station(station):
            continue
        if own and canonical_station(station) == own_station and int(item.group("serial")) == own[1]:
            continue  # the cable itself, from a PAGE line inside the REF block (02ROME1196)
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


SUMMARY_HEAD_RE = re.compile(r"SUMMARY(?:[ \t]+AND[ \t]+[A-Z ]{3,30}?)?[ \t]*[:.\-=]+[ \t]*", re.I)
END_SUMMARY_RE = re.compile(r"\b(?:END|End|end)\s+(?:(?:OF|of|Of)\s+)?(?:SUMMARY|Summary|summary)")
# "1. (C) ", "¶2.  (SBU) ", and "¶1. (C):  " with a colon after the marking (05BOGOTA1775)
_PARA_PREFIX_RE = re.compile(r"^(?:¶\s*)?\d{1,3}\s*[.)](?:\s+|(?=\())(?:\([A-Z/ ]{1,12}\)[ \t]*+:?\s*)?")


_SUMMARY_SPELLINGS = ("SUMMARY", "Summary", "summary")


def parse_summary(body: str, limit: int = 8000) -> str | None:
    """Text between "Summary:" and "End Summary" (else the end of its paragraph), with
    paragraph numbers and blank lines inside it dropped (cablemap's rule).

    >>> parse_summary("1. (C) Summary: The GOB agreed to the plan. End Summary.")
    'The GOB agreed to the plan.'
    """
    head = body[:limit]
    if "ummary" not in head and "UMMARY" not in head:  # most cables: decided at memchr speed
        return None
    for pos in word_starts(head, _SUMMARY_SPELLINGS):
        before = head[pos - 1] if pos else " "
        if before in " \t\n.(" and not _END_BEFORE_RE.search(head, max(0, pos - 8), pos):
            m = SUMMARY_HEAD_RE.match(head, pos)
            if m:
                return _summary_text(head, m.end())
    return _summary_without_heading(head)


_FIRST_PARA_RE = re.compile(r"^[ \t]*+(?:¶[ \t]*+)?1[ \t]*+[.)](?!\d)", re.M)  # "1.4 (b)" is no paragraph
# a heading on its own line, maybe between dashes: "-------\nSummary\n-------" (04CAIRO8456)
_BARE_HEADING_RE = re.compile(r"^[ \t]*+(?:SUMMARY|Summary)[ \t]*+$", re.M)
_RULE_LINE_RE = re.compile(r"[-=_]{3,}+")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def _summary_without_heading(head: str) -> str | None:
    """No "Summary:" heading, but an "End Summary": the summary runs from the first numbered
    paragraph (else the start of the paragraph) to it - 00HARARE5461, 05BOGOTA3726, 04MADRID2215.

    >>> _summary_without_heading("SUBJECT: X\\n\\n1. (C) The GOB agreed.  End Summary.\\n\\n2. More.")
    'The GOB agreed.'
    """
    end = END_SUMMARY_RE.search(head)
    if not end:
        return None
    heading = _BARE_HEADING_RE.search(head, 0, end.start())
    if heading:
        return _summary_text(head, heading.end())
    first = _FIRST_PARA_RE.search(head, 0, end.start())
    if first:
        return _summary_text(head, first.start())
    blanks = list(_BLANK_LINE_RE.finditer(head, 0, end.start()))
    return _summary_text(head, blanks[-1].end()) if blanks else None


_END_BEFORE_RE = re.compile(r"end\s+(?:of\s+)?$", re.I)


def _summary_text(head: str, start: int) -> str | None:
    end = END_SUMMARY_RE.search(head, start, start + 8000)
    if end:
        chunk = head[start:end.start()]
    else:
        rest = head[start:start + 6000]
        lead = len(rest) - len(rest.lstrip())
        blank = re.search(r"\n[ \t]*\n", rest[lead:])
        chunk = rest[: lead + blank.start()] if blank else rest
        chunk = re.split(r"\s-{3,}|\s={3,}", chunk)[0]
    # a paragraph number starts a line only after a blank line ("…on February\n23. End
    # Summary" and "increase by\n4.2 percent" are wrapped sentences: synthetic 09TBILISI52)
    lines, after_blank = [], True
    for raw in chunk.split("\n"):
        line = raw.strip()
        if after_blank:
            line = _PARA_PREFIX_RE.sub("", line)
        if _RULE_LINE_RE.fullmatch(line):  # a rule under a heading ("Summary\n-------")
            after_blank = True
            continue
        after_blank = not line
        if line:
            lines.append(line)
    return "\n".join(lines).strip() or None
