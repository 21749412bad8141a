"""Paragraphs, headings, comment spans and sentences of a cable body, for stance extraction.

Paragraph numbers follow the cable (``¶1.``, ``1.``, ``2)``); 0 is the text before the first
numbered paragraph. The splitter is :func:`cabletools.parse.body.split_paragraphs`; a small
private fallback keeps this module usable on its own.

>>> [(n, t) for n, h, t in paragraph_units("SUBJECT: X\\n\\n1. (C) One.\\n\\nComment\\n-------\\n\\n2. (C) Two.")]
[(0, 'SUBJECT: X'), (1, 'One.'), (2, 'Two.')]
>>> [h for n, h, t in paragraph_units("1. One.\\n\\nComment\\n-------\\n\\n2. (C) Two.")]
[None, 'Comment']
>>> split_sentences("The U.S. asked. Mr. Hoang said no. He left.")
[(0, 15), (16, 34), (35, 43)]
"""
from __future__ import annotations

import re

from cabletools.parse.body import split_paragraphs

__all__ = ["paragraph_units", "clean_text", "split_sentences", "comment_spans", "HEADER_LINE_RE"]

# A heading is a short line underlined with dashes, or a short all-caps line standing alone,
# at the end of a paragraph's raw text: it belongs to the next paragraph
# (06MOSCOW7863: "Comment\n-------\n\n¶11.").
_HEADING_TAIL_RE = re.compile(r"\n[ \t]*([^\n]{2,70}?)[ \t]*\n[ \t]*[-=]{3,}[ \t]*\s*$")
_CAPS_HEADING_LAST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,'&/()-")   # a caps heading's last character
# (\n\s*\n[ \t]*HEADING\s*$ with the white space read once from its first character, (?<!\s):
# searched in the tail alone, the match opens there, not at its first line end as it did)
_CAPS_HEADING_TAIL_RE = re.compile(
    r"(?<!\s)[^\S\n]*+\n(?:[^\S\n]*+\n)++[ \t]*+([A-Z][A-Z0-9 ,'&/()-]{1,60}+)\s*+$")
# page breaks and section headers repeated inside long cables. A line that is one of
#   [ \t]*(?:PAGE \d+.*|[A-Z .]+\s+\d{3,}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}.*|(?:[A-Z] ){4,}[A-Z].*SECTION
#   \d+ OF \d+.*|.*\bSECTION \d+ OF \d+\b.*|NNNN|BT)[ \t]*
# or \b[A-Z][A-Z ]+ 0{2,}\d+\s+0\d\d(?:\.\d)? OF 0\d\d\b anywhere, written so that each run is read once:
# the indent and the "CITY 000123" run possessively (the run's class and \s share the space: the
# lookahead and (?<=\s) ask what the split into the two needed); the "000123 002 OF 004" header
# after an indent of white space alone (it may run over a line end) is not tried again on the
# next line of that white space, (?<!\s\n); the second form opens at the first word of a run of
# capitals, (?<![A-Z] .) behind its first letter, as a later word meets the same " 00…".
# Two made-up cases read differently (none in the shared corpora): a run glued to a word before
# it, "xABC DEF 0012 002 OF 003", is no longer found from its second word, nor that header after
# a line of white space when the line above ends in white space too.
_NOISE_HEADER_TAIL = r"\d{3,}+\s++\d{3}(?:\.\d)?+\s++OF\s++\d{3}.*"
_NOISE_RE = re.compile(
    r"(?m)^(?:[ \t]*+(?:PAGE \d+.*|(?=[A-Z .]\D)[A-Z .]*+\s*+(?<=\s)" + _NOISE_HEADER_TAIL
    + r"|(?:[A-Z] ){4}[A-Z].*SECTION \d+ OF \d+.*|.*\bSECTION \d+ OF \d+\b.*|NNNN|BT)"
    r"|(?<!\s\n)\t*+ \s++" + _NOISE_HEADER_TAIL + r")[ \t]*+$"
    r"|\b[A-Z](?<![A-Z] .)(?=[A-Z ]{2})[A-Z ]++(?<= )00\d++\s++0\d\d(?:\.\d)?+ OF 0\d\d\b"
)
_MARKING_RE = re.compile(r"^\s*\((?:[A-Z]{1,4}(?:/[A-Z]{1,5})?|SBU|U|C|S|S/NF|C/NF)\)\s*")


#: the strings without one of which a text holds no page-break noise (see clean_text)
NOISE_HINTS = (" OF ", "PAGE ", "NNNN", "\nBT")
#: the white space characters (``str.isspace``) other than " " and "\n" (none lies above U+3000)
OTHER_SPACES = tuple(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")


def _squeeze(text: str) -> str:
    """``" ".join(text.split())`` for a text whose only white space is " " and "\n", without
    cutting it into words (most runs are one space, a line end, or " \n")."""
    if "\n" in text:
        text = text.replace(" \n", " ").replace("\n", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def clean_text(text: str, noise: bool = True, other_spaces: bool = True) -> str:
    """One line of text: page-break noise removed, whitespace collapsed, marking dropped.

    `noise=False` says the text holds none of :data:`NOISE_HINTS`, `other_spaces=False` none of
    :data:`OTHER_SPACES` (the caller checked the whole cable at once), so they are not looked for.

    >>> clean_text("(SBU) VFM Minh\\n  responded.  MOSCOW 00007863  002 OF 003 Then")
    'VFM Minh responded. Then'
    """
    if noise and (" OF " in text or "PAGE " in text or "NNNN" in text or "\nBT" in text):
        text = _NOISE_RE.sub(" ", text)
    text = " ".join(text.split()) if other_spaces else _squeeze(text)
    if text.startswith("("):
        text = _MARKING_RE.sub("", text)
    return text


def paragraph_units(body: str) -> list[tuple[int, str | None, str]]:
    """(number, heading, raw text) per paragraph; the heading printed above it, if any."""
    if not body:
        return []
    units = split_paragraphs(body)
    out: list[tuple[int, str | None, str]] = []
    heading: str | None = None
    for n, _marking, text in units:
        m = None
        # (the text is stripped: a heading line ends it, with its last character; most paragraphs
        # end with a full stop and are passed over at once)
        last = text[-1] if text else ""
        if last and (last in _CAPS_HEADING_LAST or last == "="):
            tail_at = max(0, len(text) - 160)
            tail = text[tail_at:]
            if "\n" in tail and ("--" in tail or "==" in tail or "\n\n" in tail or "\n \n" in tail):
                if last in "-=" and text.endswith(("---", "===", "-=-", "==-", "-==", "=-=", "--=", "=--")):
                    m = _HEADING_TAIL_RE.search(tail)
                if m is None and last in _CAPS_HEADING_LAST:
                    m = _CAPS_HEADING_TAIL_RE.search(tail)
        next_heading = None
        if m and n != 0:
            next_heading = m.group(1).strip()
            text = text[: tail_at + m.start()].rstrip()
        elif m and n == 0:
            next_heading = m.group(1).strip()
        out.append((n, heading, text))
        heading = next_heading
    return out


# ---------------------------------------------------------------- sentences
_ABBREV = {
    "u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "amb", "gen", "col", "lt", "ltc", "maj", "capt", "adm",
    "sen", "rep", "gov", "st", "no", "nos", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "cf", "para", "paras", "ref", "approx", "dept",
    "min", "asst", "dep", "pol", "econ", "prof", "sr", "jr", "inc", "ltd", "co", "corp", "vs", "etc",
    "d.c", "u.s.g", "e.u", "h.e", "fig", "art", "sec", "p", "pp",
}


_DOTTED_RX = re.compile(r"(?:[a-z]\.)+[a-z]")
_DIGIT_AFTER_RX = re.compile(r"\s*\d")
_NUMBER_ABBREV = {"no", "nos", "para", "paras", "art", "sec", "p", "pp", "fig", "vol"}


# a sentence's end: a run of end marks holding a [.!?] (group 1, from the run's first mark; the
# end itself opens at the run's first [.!?]), then the white space after it when the next sentence
# opens there. The run is read once from its first mark, (?<![.!?"')\]].) looking behind that
# mark (a search starting again inside a run would meet the same end of run), and `re` skips
# ahead to the marks (a pattern opening with a look-behind is tried at every place)
_BOUNDARY_WS_RE = re.compile(
    r"([.!?\"')\]](?<![.!?\"')\]].)(?:(?<=[.!?])|[\"')\]]*+[.!?])[.!?\"')\]]*+)"
    r"(?:\s++(?=[\"'(\[]?[A-Z0-9¶-])|\s*+$)")
# the same for a text without "!" or "?": the end opens at the run's first "."
_BOUNDARY_DOT_WS_RE = re.compile(
    r"([.!?\"')\]](?<![.!?\"')\]].)(?:(?<=\.)|[!?\"')\]]*+\.)[.!?\"')\]]*+)"
    r"(?:\s++(?=[\"'(\[]?[A-Z0-9¶-])|\s*+$)")


def split_sentences(text: str, until: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one cleaned line of text.

    With `until`, only the sentences up to the one holding offset `until` (the rest of the text
    is not looked at).

    >>> split_sentences("One. Two. Three.", until=6)
    [(0, 4), (5, 9)]
    """
    out = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    marks = ".!?" if ("?" in text or "!" in text) else "."
    rx = _BOUNDARY_WS_RE if marks == ".!?" else _BOUNDARY_DOT_WS_RE
    for m in rx.finditer(text):
        j, end = m.span(1)
        while text[j] not in marks:   # the closing marks opening the run: ')."' ends at its "."
            j += 1
        if text[j] == ".":
            k = max(text.rfind(" ", start, j) + 1, start)
            word = text[k:j]
            # a word of 7+ characters without a dot or a leading bracket or quote is no
            # abbreviation, no single letter and no number label (most sentence ends)
            if len(word) > 6 and "." not in word and word[0] not in "(\"'":
                pass
            elif (word := word.lower().lstrip("(\"'")) in _NUMBER_ABBREV:
                if _DIGIT_AFTER_RX.match(text, end):
                    continue
            elif word in _ABBREV or (len(word) == 1 and word.isalpha()) or (
                    "." in word and _DOTTED_RX.fullmatch(word)):
                continue
        if end > start:
            out.append((start, end))
            if until is not None and end > until:
                return out
        start = m.end()   # after the white space
    if start < n:
        e = n
        while e > start and text[e - 1].isspace():
            e -= 1
        if e > start:
            out.append((start, e))
    return out


# ---------------------------------------------------------------- embassy comments
_COMMENT_START_RE = re.compile(
    r"comment(?:\s+and\s+[a-z ]{1,25})?\s*[:.\-]")
_COMMENT_LEAD_WORDS = ("begin", "embassy", "post")
# \bend\s+…, with the word boundary checked after the "e" (re then scans for "e" in C)
_COMMENT_END_RE = re.compile(r"e(?<!\w.)nd\s+(?:of\s+)?(?:summary\s+and\s+)?comments?\b")
_COMMENT_HEADING_RE = re.compile(r"(?i)^\s*(?:embassy\s+|post\s+)?comments?(?:\s+and\s+\w+)?\s*:?\s*$")


def _comment_lead(low: str, start: int, end: int) -> int | None:
    r"""Where the lead of a comment marker at `end` opens, looking no further back than `start`:
    the first place of ``re.search(r"(?:^|[(\s])(?:begin\s+|embassy\s+|post\s+)*$", low, start, end)``,
    read backwards word by word (that search would read each start's words again); None if none.

    >>> _comment_lead("said (embassy comment", 0, 14), _comment_lead("xcomment", 0, 1)
    (5, None)
    """
    found = _lead_before(low, start, end)
    if end > start and low[end - 1] == "\n":   # $ also matches before a last line end
        other = _lead_before(low, start, end - 1)
        if other is not None and (found is None or other < found):
            found = other
    return found


def _lead_before(low: str, start: int, end: int) -> int | None:
    r"""The first place of (?:^|[(\s])(?:begin\s+|embassy\s+|post\s+)* ending at `end`, from `start`."""
    chain, before = end, None   # low[chain:end] is a run of lead words, each followed by white space
    while True:
        k = chain
        while k > start and low[k - 1].isspace():
            k -= 1
        word = next((w for w in _COMMENT_LEAD_WORDS if k < chain and low.endswith(w, start, k)), None)
        if word is None:
            break
        before, chain = chain, k - len(word)
    if chain == 0:
        return 0     # ^
    if chain - 1 >= start and (low[chain - 1] == "(" or low[chain - 1].isspace()):
        return chain - 1
    # the word opening the run is glued to what stands before it: the white space before the next
    return None if before is None else before - 1


def comment_spans(text: str, *, starts_in_comment: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Spans of `text` that are the embassy's own comment, and whether a comment is still open.

    >>> comment_spans("Minh agreed. (Comment: we doubt it. End Comment.) Then")
    ([(14, 47)], False)
    """
    if not starts_in_comment and "omment" not in text and "OMMENT" not in text:
        return [], False
    spans = []
    pos = 0
    low = text.lower()
    open_from = 0 if starts_in_comment else None
    while True:
        if open_from is None:
            m = _COMMENT_START_RE.search(low, pos)
            while m and (_comment_lead(low, max(0, m.start() - 20), m.start()) is None
                         or low.endswith(("summary and ", "summary & "), 0, m.start())):
                m = _COMMENT_START_RE.search(low, m.end())
            if not m:
                break
            lead = _comment_lead(low, max(0, m.start() - 20), m.start())
            open_from = lead + (1 if low[lead:lead + 1] in ("(", " ", "\t") else 0)
            pos = m.end()
        e = _COMMENT_END_RE.search(low, pos)
        if not e:
            spans.append((open_from, len(text)))
            return spans, True
        spans.append((open_from, e.end()))
        pos = e.end()
        open_from = None
    return spans, False


def is_comment_heading(heading: str | None) -> bool:
    """True for a 'Comment' heading above a paragraph."""
    return bool(heading and _COMMENT_HEADING_RE.match(heading))


# lines of the text before paragraph 1 that are telegram fields, not prose
HEADER_LINE_RE = re.compile(
    r"(?im)^[ \t]*(?:E\.?\s?O\.?|TAGS?|SUBJ(?:ECT)?|REF(?:S|TEL)?|CLASSIFIED\s+BY|DECL|REASONS?|"
    r"DERIVED|SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS|LIMDIS|STADIS|CHEROKEE|PASS|FOR|DEPT|STATE|"
    r"INFO|ACTION|NOTE|FM|TO|UNCLAS|UNCLASSIFIED|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|"
    r"S\s?E\s?C\s?R\s?E\s?T|LIMITED\s+OFFICIAL|THIS\s+RECORD|\(?[A-Z]\)?\s+[A-Z]+\s+\d+)\b.*$"
)
