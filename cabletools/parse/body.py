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
    r"\d{4}[A-Z]+\d+\s*-.*|v\d+(?:\.\d+)+|=*\s*CABLE ENDS\s*=*|NOTE BY .*|.*\bHEADING AS RECEIVED\b.*|"
    # the classification footer of a scrape: "Classified By: CDA Milton K. Drucker" (06BOGOTA5297)
    r"CLASSIFIED BY\b.{0,100}|"
    # after the signature in older cables: the State Department's review stamp, over one or two
    # lines (73TEHRAN7005, 75TEHRAN2069); a center's note (89STATE406652, 95TELAVIV17503); ">"
    # closing the cables.csv text (90STATE48186)
    r"DECLASSIFIED/RELEASED\b.*|(?:EO\s+)?SYSTEMATIC\s+REVIEW\b.*|REVIEW\s+\d{1,2}\s+[A-Z]{3}\s+\d{4}|NOTE\s*:.*|>+)$",
    re.I,
)
_ZERO_FOR_O_RE = re.compile(r"(?<=[A-Z])0(?=[A-Z])|(?<=[A-Z])0$|^0(?=[A-Z])")
# "Murphy" (09BERLIN1167), "van Voorst", "MICHALAK", "KEEGAN/PAAL"
_SIGNER_RE = re.compile(r"^(?:[A-Z][A-Za-z'\-]+|(?:van|de|von|del|da)\s[A-Z][A-Za-z'\-]+)(?:[ /][A-Z][A-Za-z'\-]+){0,2}$")
# the name at the end of the last paragraph: "… MINIMIZE CONSIDERED.  EAGLETON", "END OF TEXT. BAKER"
_SIGNER_AT_END_RE = re.compile(r"[.)]\s+([A-Z][A-Z'\-]{2,})$")
_NOT_SIGNERS = {
    "END", "COMMENT", "END COMMENT", "NOTE", "END NOTE", "SUMMARY", "END SUMMARY", "BREAK", "TEXT",
    "ACTION", "INFO", "DECL", "CONCLUSION", "FINIS", "ENDNOTE", "REFTEL", "XXXXXXXXXXXX", "CLASSIFIED",
    "BACKGROUND", "TAGS", "SUBJECT", "USG", "UN", "EU", "OK", "MINIMIZE CONSIDERED", "SENSITIVE",
    "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "NOFORN", "SIPDIS", "THANKS", "REGARDS", "DRAFTED",
    "POST",  # "... will consider Japanese participation. POST" (09TOKYO1598)
}


# A second copy of the telegram's header after the signature (07PARIS3740): text from there on is
# not the cable's end.
_REPEATED_HEADER_RE = re.compile(r"\n[ \t]*VZCZC[A-Z0-9]*[ \t]*\n")
# A communications center's note after the text runs over several lines ("NOTE BY DO/CC: ...
# CORRECTION TO FOLLOW.", 92LIMA47): the text ends before it.
_CENTER_NOTE_RE = re.compile(r"\n[ \t]*NOTE BY [A-Z/\-]+:")
# A quoted cable's signature, then the sender's: "CLINTON UNQUOTE CLINTON" (09STATE127892),
# "MULFORD UNQUOTE MULFORD"
_AFTER_UNQUOTE_RE = re.compile(r"(?:\S+\s+)?UNQUOTE\s+(\S+)", re.I)
# ... and the same at the end of a flattened paragraph: "... has cleared this cable. MULFORD
# UNQUOTE MULFORD" (a cablegatesearch text, NOID__ebb1d4ea)
_NAME_UNQUOTE_NAME_RE = re.compile(r"(?:^|\s)(\S+)\s+UNQUOTE\s+(\S+)$", re.I)
# A quoted letter's closing above a name (04BRUSSELS2496 "/S/", 04KINSHASA1263 "Complimentary
# close."): the name signs the letter, not the cable.
# (Not "Best regards,": 09PARIS1426 ends a scenesetter so, signed RIVKIN.)
_LETTER_CLOSING_RE = re.compile(r"^(?:/S/|\(SIGNED\)|COMPLIMENTARY CLOSE\.?)$", re.I)


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
    end_text = body.rstrip()[-tail * 4:]
    repeated_header = None
    for repeated_header in _REPEATED_HEADER_RE.finditer(end_text):
        pass
    if repeated_header is not None:
        end_text = end_text[:repeated_header.start()]
    signer = _signer_of_lines(end_text.split("\n")[-40:])
    if signer is None:  # a note after the text (92LIMA47); one in mid-text (88BAGHDAD4587) is left alone
        note = None
        for note in _CENTER_NOTE_RE.finditer(end_text):
            pass
        if note is not None:
            signer = _signer_of_lines(end_text[:note.start()].split("\n")[-40:])
    return signer


def _signer_of_lines(lines: list[str]) -> str | None:
    for number in range(len(lines) - 1, -1, -1):
        s = lines[number].strip().rstrip("#").strip()
        if not s or _TRAILER_LINES.match(s):
            continue
        if s.endswith("..."):
            # A scrape cut off here: under a one-word signature, a cut-off line ("DANIEL ORTEGA
            # AN..." in 06MANAGUA1002, "Rea..." of "Reasons" in 06BOGOTA5297); else the cut name
            # itself ("Susman..." in 09LONDON2557).
            above = _signer_of_lines(lines[:number])
            if above is not None and " " not in above:
                return above
        if "0" in s and s.isupper():  # a zero typed for O in capitals: "K0ZAK" (96HAVANA5288)
            s = _ZERO_FOR_O_RE.sub("O", s)
        had_period = s.endswith(".")
        s = s.rstrip(".")
        quoted = _AFTER_UNQUOTE_RE.fullmatch(s)
        if quoted:
            s = quoted.group(1).rstrip(".")
        else:
            twice = _NAME_UNQUOTE_NAME_RE.search(s) if "UNQUOTE" in s.upper() else None
            if twice and twice.group(1) == twice.group(2):
                s = twice.group(2)
        words = s.split()
        if len(words) > 1 and len(set(words)) == 1:  # "KUBISKE KUBISKE" (09BRASILIA1412): a name typed twice
            s, words = words[0], words[:1]
        if (not (had_period and _is_sentence(lines, number, words)) and len(s) <= 40 and _SIGNER_RE.match(s)
                and s.upper() not in _NOT_SIGNERS and len(s) >= 3
                and not any(w in _NOT_SIGNERS for w in s.upper().split())):
            if s.upper() == s or len(words) <= 2:
                return None if _after_letter_closing(lines, number) else s
        m = _SIGNER_AT_END_RE.search(s)
        if m and m.group(1) not in _NOT_SIGNERS:
            return m.group(1)
        return None
    return None


def _is_sentence(lines: list[str], number: int, words: list[str]) -> bool:
    """Whether lines[number], which ends with a period and has these `words`, ends a sentence
    rather than being a signature: three words or more ("JE VOUS REMERCIE." in 00KINSHASA8484),
    or two in mixed case carried on from the line above ("Women's Roundtable." in 04YEREVAN212)."""
    if len(words) >= 3:
        return True
    if len(words) < 2 or " ".join(words).upper() == " ".join(words):
        return False
    for line in reversed(lines[:number]):
        if line.strip():
            return not line.strip().endswith((".", ":", ";", "!", "?", '"', ")"))
    return False


def _after_letter_closing(lines: list[str], number: int) -> bool:
    """Whether the nearest non-blank line above lines[number] closes a letter ("/S/", "Sincerely,")."""
    for line in reversed(lines[:number]):
        if line.strip():
            return bool(_LETTER_CLOSING_RE.match(line.strip()))
    return False
