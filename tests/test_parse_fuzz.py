"""parse_cable on text nobody has seen: cable-shaped generated text and mutated real cables.

The parser must never fail (no "parser error" problem: ``parse_cable`` turns exceptions into one),
must keep ``header + body == text``, and must stay fast: hypothesis' deadline fails any example
over 1 s. The known killers of issues 14 and 19 are regression cases with a hard timeout.
Real cables are read from $CABLETOOLS_SHARED at run time (skipped when absent), never copied here.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cabletools as ct
from cabletools.ids import split_id
from cabletools.parse import parse_cable
from conftest import shared_dir

FUZZ_SETTINGS = settings(max_examples=2000, deadline=1000, suppress_health_check=[HealthCheck.too_slow,
                                                                                   HealthCheck.data_too_large])
HEAD = "O 281035Z AUG 08\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC 8371\nUNCLAS HANOI 001002\n\n"

parse_cable(HEAD + "TAGS: PREL\nSUBJECT: X\n\n1. Text.\n")  # tables loaded once, not inside a timed example


def check_parse(text: str) -> None:
    """The invariants every parse keeps."""
    cable = parse_cable(text)
    assert not [p for p in cable.problems if p.startswith("parser error")], cable.problems
    assert cable.header + cable.body == text
    assert isinstance(cable.tags, tuple) and isinstance(cable.references, tuple)


# ---- cable-shaped text ---------------------------------------------------------------------------

CAPS_WORD = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=14)
WORD = st.one_of(CAPS_WORD, st.text("abcdefghijklmnopqrstuvwxyz'-", min_size=1, max_size=10),
                 st.sampled_from(["PREL", "PGOV", "[PREL](#)", "SECRET", "PAGE", "02", "REF:", "A.", "(C)",
                                  "SUBJECT:", "TAGS:", "E.O.", "12958:", "DECL:", "SIPDIS", "NOFORN", "¶1.",
                                  "001002", "281035Z", "AUG", "08", "END", "SUMMARY", "Summary:", "CLASSIFIED",
                                  "BY:", "1.4", "(B)", "HANOI", "STATE", "OF", "SECTION", "//", "VZCZC"]))
SEP = st.sampled_from([" ", " ", ", ", "\t", "", "  ", "\n"])


@st.composite
def caps_line(draw) -> str:
    """An all-capitals line, words glued or spaced, perhaps a REF or page marker glued on."""
    words = draw(st.lists(CAPS_WORD, min_size=1, max_size=60))
    line = "".join(w + draw(SEP) for w in words)
    return line + draw(st.sampled_from(["", "REF: A. HANOI 998", " PAGE 02 HANOI 01002 281035Z", ":", "1", "x"]))


@st.composite
def run_of(draw) -> str:
    """A long run of one character or word: tabs, spaces, "SECRET ", "[", digits, capitals."""
    unit = draw(st.sampled_from(["\t", " ", "\n", "SECRET ", "[", "(", "0", "A", "AB ", "PAGE 02 ", ".", "-",
                                 "ABCDEF, ", "\t ", "=", "¶"]))
    return unit * draw(st.integers(1, 2000 // len(unit)))


TAGS_LINE = st.builds("TAGS: {}".format, st.lists(WORD, max_size=12).map(" ".join))
FIELD = st.one_of(
    TAGS_LINE,
    st.builds("{}\n{}".format, TAGS_LINE, caps_line()),  # what follows a TAGS line may continue it
    st.builds("SUBJECT: {}".format, st.lists(WORD, max_size=15).map(" ".join)),
    st.builds("REF: A. {} {}\n     B. {} {}".format, CAPS_WORD, st.integers(0, 10 ** 7), CAPS_WORD,
              st.integers(0, 10 ** 7)),
    st.builds("E.O. 12958: DECL: {}/{}/{}".format, st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999)),
    st.builds("{}. ({}) {}".format, st.integers(0, 999), st.sampled_from(["C", "U", "SBU", "S/NF", "X"]),
              st.lists(WORD, max_size=20).map(" ".join)),
    st.builds("PAGE {:02d} {} {:05d} {:02d} OF {:02d} {:06d}Z".format, st.integers(0, 99), CAPS_WORD,
              st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99), st.integers(0, 999999)),
    st.builds("{} {:06d}Z {} {:02d}".format, st.sampled_from("OPRZ "), st.integers(0, 999999),
              st.sampled_from(["AUG", "FEB", "XYZ", "DECEMBER"]), st.integers(0, 99)),
    st.builds("{} {} {:06d}".format, st.sampled_from(["UNCLAS", "SECRET", "C O N F I D E N T I A L",
                                                      "CONFIDENTIAL SECTION 01 OF 02", "S E C R E T"]),
              CAPS_WORD, st.integers(0, 999999)),
    st.builds("Classified By: {} for reasons 1.4 (b) and (d)".format, st.lists(WORD, max_size=6).map(" ".join)),
    st.sampled_from(["VZCZCXRO0513", "FM AMEMBASSY HANOI", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 8371",
                     "SIPDIS", "NOFORN", "BT", "NNNN", "END SUMMARY", "MICHALAK", "", "-----", "SUMMARY:"]),
    caps_line(),
    run_of(),
)


@st.composite
def cable_shaped(draw) -> str:
    """Fields of a cable in any order, on their own lines or glued together."""
    parts = draw(st.lists(FIELD, min_size=1, max_size=25))
    glue = st.sampled_from(["\n", "\n", "\n\n", "", " ", "\t", "\r\n"])
    return "".join(p + draw(glue) for p in parts)


@pytest.mark.timeout(240, method="thread")  # a hang ends the run with stacks, not a shrink loop
@FUZZ_SETTINGS
@given(cable_shaped())
def test_cable_shaped_text_parses(text):
    check_parse(text)


# ---- mutated real cables -------------------------------------------------------------------------

def _real_cables(count: int = 40) -> list[str]:
    """A few dozen real cables from the shared corpus (every source's txt folder, first files)."""
    root = shared_dir()
    if root is None:
        return []
    out = []
    folders = sorted(p for p in (root / "corpus").glob("*/txt") if p.is_dir())
    for folder in folders:
        for path in sorted(folder.glob("*.txt"))[: max(1, count // max(1, len(folders)))]:
            out.append(path.read_text(encoding="utf-8", errors="replace")[:20000])
    return out


REAL = _real_cables()
INSERTS = st.one_of(run_of(), caps_line(), FIELD)


@st.composite
def mutated_cable(draw) -> str:
    """A real cable with up to four edits: insert a run/field, delete or repeat a span, glue lines."""
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 400)))
        kind = draw(st.sampled_from(["insert", "delete", "repeat", "glue", "upper"]))
        if kind == "insert":
            text = text[:at] + draw(INSERTS) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[end:]
        elif kind == "repeat":
            text = text[:end] + text[at:end] * draw(st.integers(1, 20)) + text[end:]
        elif kind == "glue":
            text = text[:at] + text[at:end].replace("\n", draw(st.sampled_from(["", " ", "\t"]))) + text[end:]
        else:
            text = text[:at] + text[at:end].upper() + text[end:]
    return text


@pytest.mark.timeout(240, method="thread")  # a hang ends the run with stacks, not a shrink loop
@pytest.mark.skipif(not REAL, reason="shared corpus not found: set CABLETOOLS_SHARED")
@FUZZ_SETTINGS
@given(mutated_cable())
def test_mutated_real_cables_parse(text):
    check_parse(text)


# ---- the known killers (issues 14 and 19) --------------------------------------------------------

CAPS = " ".join(["GOVERNMENT", "ANNOUNCES", "NEWER", "ECONOMIC", "MEASURES", "AGAINST", "INFLATION"] * 5)
# (name, text): each took from seconds to forever before the linear rewrites
KILLERS = [
    # a TAGS line, then an all-capitals line glued to a REF and a page marker (_CODES_LINE_RE, exponential)
    ("tags_then_caps_ref_page", HEAD + "TAGS: PREL VM\n" + CAPS + "REF: A. HANOI 998 PAGE 02 HANOI 01002 281035Z\n"
     "\n1. Text.\n"),
    # 30 KB of tabs in a TAGS line before a page marker (_PAGE_BREAK_RE, "\s+...\s*" cubic)
    ("tags_tabs_page", HEAD + "TAGS: PREL" + "\t" * 30000 + "X PAGE 02 HANOI 01002\nSUBJECT: X\n\n1. Text.\n"),
    # a 2 MB line of "SECRET " continuing a TAGS line, a page marker at its end
    ("tags_secret_line", HEAD + "TAGS: PREL\n" + "SECRET " * 300_000 + "PAGE 02 HANOI 01002\nSUBJECT: X\n\n1. X\n"),
    ("secret_only", "SECRET " * 300_000),
    ("tabs_only", "\t" * 30000),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name, text", KILLERS, ids=[k[0] for k in KILLERS])
def test_known_killers_parse_quickly(name, text):
    t0 = time.perf_counter()
    check_parse(text)
    assert time.perf_counter() - t0 < 10, name


def test_the_killer_keeps_its_tags():
    """The TAGS line is still read, the capitals line after it is not taken for codes."""
    assert parse_cable(KILLERS[0][1]).tags == ("PREL", "VM")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("ref", ["08" + "A" * 1500 + "0" * 1499 + "1x", "08" + "A1" * 1500, "08" + "A" * 3000 + "12",
                                 "08" + "SECTION01OF02" * 230 + "HANOI1002"])
def test_long_ids_are_linear(ref):
    """A 3,000-character id: canonical_id and split_id answer at once (issue 19: cubic before)."""
    ct.canonical_id.cache_clear()
    t0 = time.perf_counter()
    ct.canonical_id(ref)
    ct.canonical_id(ref, 2008)
    split_id(ref)
    assert time.perf_counter() - t0 < 5
