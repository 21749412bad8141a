"""parse/body.py: numbered paragraphs. The splitter finds line-start paragraphs by jumping from
newline to newline; it must give what the plain line-by-line (re.M) split gives."""
from __future__ import annotations

import pytest

import cabletools as ct

# (body, as input): line starts, markings, CRLF, lists inside paragraphs, inline ¶ paragraphs
PARAGRAPH_SPLIT_CASES = [
    "",
    "1. First.\n2. Second.",
    "¶1. (SBU) First.\n\n¶2.(C) Second.\n 3) Third\n\t4 (S/NF) Fourth",
    "SUBJECT: X\n\n1. One.\n\n5. a list item, not a paragraph\n2. Two.\n4. Three (a gap of one).",
    "text before\n12. not a first paragraph\n1. One",
    "no numbers at all",
    "¶1. inline ¶2. paragraphs ¶3. that lost their line breaks",
    "\n1. after a newline\r\n2. CRLF line\n\n",
    "1.\n2.\n3.",
    "١. Arabic-Indic digit\n2. Two",
]


def _split_paragraphs_plainly(body: str) -> list[tuple[int, str | None, str]]:
    """split_paragraphs as first written: PARAGRAPH_RE over lines (re.M), then the inline pass."""
    from cabletools.parse.body import PARAGRAPH_INLINE_RE, PARAGRAPH_RE

    if not body:
        return []
    starts, expected = [], None
    for rx in (PARAGRAPH_RE, PARAGRAPH_INLINE_RE):
        for m in rx.finditer(body):
            n = int(m.group("number"))
            if (expected is None and n > 3) or (expected is not None and not expected <= n <= expected + 2):
                continue
            marking = m.group("marking")
            starts.append((m.start(), m.end(), n, marking.strip() if marking else marking))
            expected = n + 1
        if starts:
            break
    out = []
    first = starts[0][0] if starts else len(body)
    if body[:first].strip():
        out.append((0, None, body[:first].strip()))
    for i, (_, text_start, n, marking) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        out.append((n, marking, body[text_start:end].strip()))
    return out


@pytest.mark.parametrize("body", PARAGRAPH_SPLIT_CASES)
def test_paragraph_split_by_newlines_matches_the_plain_split(body):
    from cabletools.parse.body import split_paragraphs

    assert split_paragraphs(body) == _split_paragraphs_plainly(body)


def test_paragraph_split_by_newlines_matches_the_plain_split_on_cables(shared):
    from cabletools.parse.body import split_paragraphs
    from cabletools.synth import generate_corpus

    bodies = [ct.parse_cable(text).body for _, text in generate_corpus(100, seed=8).texts]
    bodies += [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*/txt/*.txt"))[::40]]
    assert len(bodies) > 400
    for body in bodies:
        assert split_paragraphs(body) == _split_paragraphs_plainly(body)
