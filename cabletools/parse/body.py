"""The body: numbered paragraphs with their markings, and the signature.

>>> split_paragraphs("SUBJECT: X\\n\\n¶1. (SBU) First.\\n\\n2. (C) Second.\\n\\nMICHALAK")
[(0, None, 'SUBJECT: X'), (1, 'SBU', 'First.'), (2, 'C', 'Second.\\n\\nMICHALAK')]
>>> parse_signer("2. (C) Second.\\n\\nMICHALAK\\n")
'MICHALAK'
"""
from __future__ import annotations

import re

# "¶1. (SBU) ", "1. (C) ", "2.(C)", "3) ", "¶4 (S/NF)"
PARAGRAPH_RE = re.compile(
    r"^[ \t]*(?:¶[ \t]*)?(?P<number>\d{1,3})[ \t]*(?:[.)][ \t]*|(?=[ \t]*\())"
    r"(?:\((?P<marking>[A-Z][A-Z/\- ]{0,18}?)\)[ \t]*)?",
    re.M,
)
# PARAGRAPH_RE opened with the newline before the line: `re` then jumps from newline to newline
# instead of trying every position (twice as fast on long bodies); a match never holds a newline,
# so the matches are the same. Position 0 is tried on its own.
_PARAGRAPH_AFTER_NEWLINE_RE = re.compile("\n" + PARAGRAPH_RE.pattern[1:])
# a second numbering pass for media-partner text whose paragraphs lost their line breaks
PARAGRAPH_INLINE_RE = re.compile(r"¶[ \t]*(?P<number>\d{1,3})[ \t]*\.?[ \t]*(?:\((?P<marking>[A-Z][A-Z/\- ]{0,18}?)\)[ \t]*)?")


def split_paragraphs(body: str) -> list[tuple[int, str | None, str]]:
    """(number, marking, text) per numbered paragraph; 0 is the text before the first.

    Numbers must run on (1, 2, 3 …; a gap of up to 2 is tolerated) so numbered lists inside a
    paragraph are not taken for paragraphs.
    """
    if not body:
        return []
    starts: list[tuple[int, int, int, str | None]] = []
    expected = None
    for hits in (_line_start_paragraphs(body), ((m.start(), m) for m in PARAGRAPH_INLINE_RE.finditer(body))):
        for start, m in hits:
            n = int(m.group("number"))
            if expected is None:
                if n > 3:
                    continue
            elif not (expected <= n <= expected + 2):
                continue
            marking = m.group("marking")
            if marking:
                marking = marking.strip()
            starts.append((start, m.end(), n, marking))
            expected = n + 1
        if starts:
            break
    out: list[tuple[int, str | None, str]] = []
    first = starts[0][0] if starts else len(body)
    lead = body[:first].strip()
    if lead:
        out.append((0, None, lead))
    for i, (_, text_start, n, marking) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        out.append((n, marking, body[text_start:end].strip()))
    return out


def _line_start_paragraphs(body: str):
    """(start, match) of PARAGRAPH_RE at every line start, in order, as ``PARAGRAPH_RE.finditer``."""
    first = PARAGRAPH_RE.match(body)
    if first:
        yield first.start(), first
    for m in _PARAGRAPH_AFTER_NEWLINE_RE.finditer(body, first.end() if first else 0):
        yield m.start() + 1, m


_TRAILER_LINES = re.compile(
    r"^(?:NNNN|BT|#\d+|END\s+TEXT\.?|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|"
    r"SIPDIS|NOFORN|SENSITIVE|=+|-+|\.+|NNN|\(END\)|ENDS?|[\d\s]+|PAGE \d+.*|.*\bSECTION \d+ OF \d+.*|"
    # footers of the text scrapes: "1995ZAGREB04339 - Classification: CONFIDENTIAL", "v1.6.2"
    # (95ZAGREB4339), "2004CARACA01540 - UNCLASSIFIED" (04CARACAS1540), "=====CABLE ENDS====="
    r"\d{4}[A-Z]+\d+\s*-.*|v\d+(?:\.\d+)+|=*\s*CABLE ENDS\s*=*|NOTE BY .*|.*\bHEADING AS RECEIVED\b.*)$",
    re.I,
)
# "Murphy" (09BERLIN1167), "van Voorst", "MICHALAK", "KEEGAN/PAAL"
_SIGNER_RE = re.compile(r"^(?:[A-Z][A-Za-z'\-]+|(?:van|de|von|del|da)\s[A-Z][A-Za-z'\-]+)(?:[ /][A-Z][A-Za-z'\-]+){0,2}$")
# the name at the end of the last paragraph: "… MINIMIZE CONSIDERED.  EAGLETON", "END OF TEXT. BAKER"
_SIGNER_AT_END_RE = re.compile(r"[.)]\s+([A-Z][A-Z'\-]{2,})$")
_NOT_SIGNERS = {
    "END", "COMMENT", "END COMMENT", "NOTE", "END NOTE", "SUMMARY", "END SUMMARY", "BREAK", "TEXT",
    "ACTION", "INFO", "DECL", "CONCLUSION", "FINIS", "ENDNOTE", "REFTEL", "XXXXXXXXXXXX", "CLASSIFIED",
    "BACKGROUND", "TAGS", "SUBJECT", "USG", "UN", "EU", "OK", "MINIMIZE CONSIDERED", "SENSITIVE",
    "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "NOFORN", "SIPDIS", "THANKS", "REGARDS", "DRAFTED",
}


def parse_signer(body: str, tail: int = 400) -> str | None:
    """The signature: the last line of the body when it is a short name (most often in
    capitals), or a capitalised name ending the last paragraph.

    Telegram trailers after it (NNNN, BT, a repeated classification, PAGE lines, scrape
    footers) are skipped.

    >>> parse_signer("2. (C) More.\\n\\nMurphy\\n\\nNNNN\\n")
    'Murphy'
    >>> parse_signer("21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON")
    'EAGLETON'
    """
    lines = body.rstrip()[-tail * 4:].split("\n")
    for line in reversed(lines[-40:]):
        s = line.strip().rstrip("#").strip()
        if not s or _TRAILER_LINES.match(s):
            continue
        s = s.rstrip(".")
        if (_SIGNER_RE.match(s) and s.upper() not in _NOT_SIGNERS and len(s) >= 3
                and not any(w in _NOT_SIGNERS for w in s.upper().split())):
            if s.upper() == s or len(s.split()) <= 2:
                return s
        m = _SIGNER_AT_END_RE.search(s)
        if m and m.group(1) not in _NOT_SIGNERS:
            return m.group(1)
        return None
    return None
