"""General rules for the hard fields (issue 14 item 2), each shown by real cables read at test time
from shared/corpus/*/txt (never copied here): tables of (cable id, expected), cablemap's style."""
from __future__ import annotations

import pytest

import cabletools as ct
from cabletools.parse.fields import split_tags

pytestmark = pytest.mark.shared

SOURCES = ("cablegate_html__avilaroman", "cables_csv__none-later", "cablegatesearch_json__none-later",
           "cablegate_html_final_build__markchips", "plusd_html__bhyassine", "cablegate_txt_sample__alx")


def cable(shared, name: str, source: str | None = None) -> ct.Cable:
    """The cable `name` (a file stem, or its prefix before "__") parsed from the first source
    that has it."""
    for src in (source,) if source else SOURCES:
        folder = shared / "corpus" / src / "txt"
        for path in [folder / f"{name}.txt", *sorted(folder.glob(f"{name}__*.txt"))]:
            if path.exists():
                return ct.parse_cable(path.read_text(encoding="utf-8"))
    pytest.fail(f"{name} not in the shared corpus")


# A source that lost the line breaks glues the SUBJECT (or REF, Classified By) onto the TAGS line:
# the TAGS value ends at a field name with its colon, even without a space before it.
GLUED_FIELD_AFTER_TAGS = [
    ("05ANKARA1730", ("PREL", "PGOV", "PINS", "MARR", "TU")),           # "...MARR TUSUBJECT: TURKEY"
    ("05ABUDHABI2178", ("PREL", "MASS", "PHUM", "ELAB", "IR", "IZ", "XF", "SA", "PK", "FR", "TC")),
    ("86MADRID5480", ("PTER", "PINR", "PREL", "SP", "LY")),              # "...SP LYSUBJECT: QADHAFI"
    ("89PANAMA8545", ("PGOV", "PREL", "PM", "US")),                      # "...PM USSUBJECT: PANAMANIANS"
    ("90CAPETOWN97", ("PGOV", "PHUM", "SF")),                            # "...SFSUBJ: ESSA MOOSA"
]


@pytest.mark.parametrize("cable_id,expected", GLUED_FIELD_AFTER_TAGS, ids=[c[0] for c in GLUED_FIELD_AFTER_TAGS])
def test_tags_end_at_a_glued_field(shared, cable_id, expected):
    assert cable(shared, cable_id, "cablegatesearch_json__none-later").tags == expected


GLUED_FIELD_AFTER_SUBJECT = [
    ("05ANKARA1730", "TURKEY ADRIFT"),                                   # "TURKEY ADRIFTREF: A. ANKARA 1074"
]


@pytest.mark.parametrize("cable_id,expected", GLUED_FIELD_AFTER_SUBJECT, ids=[c[0] for c in GLUED_FIELD_AFTER_SUBJECT])
def test_subject_ends_at_a_glued_field(shared, cable_id, expected):
    assert cable(shared, cable_id, "cablegatesearch_json__none-later").subject == expected


# Words that are no tag code, side by side in a TAGS line, are one phrase tag; after OVIP a
# person, "SURNAME, GIVEN".
PHRASE_TAGS = [
    ("05ANKARA7215", "cablegatesearch_json__none-later", ("ECON", "PGOV", "PINR", "TU", "POLITICAL PARTIES")),
    ("07KUWAIT624", "cablegate_html__avilaroman",
     ("OREP", "AMGT", "ASEC", "AFIN", "GM", "IZ", "IC", "KU", "COUNTRY CLEARANCE")),
    ("09BEIJING2964", "cablegate_html__avilaroman", ("OVIP", "STEINBERG, JAMES", "PREL", "MNUC", "SN", "CH", "KN")),
    # an unknown three-letter code stays apart: COUNTERTERRORISM, GOI, EXTERNAL are no phrase
    ("05TELAVIV1580", "cablegatesearch_json__none-later",
     ("PGOV", "PREL", "KWBG", "IR", "IS", "COUNTERTERRORISM", "GOI", "EXTERNAL")),
]


@pytest.mark.parametrize("cable_id,source,expected", PHRASE_TAGS, ids=[c[0] for c in PHRASE_TAGS])
def test_phrase_and_person_tags(shared, cable_id, source, expected):
    assert cable(shared, cable_id, source).tags == expected


@pytest.mark.parametrize("raw,expected", [
    ("KNNP PARM IAEA MNUC IR SYR TRGY", ("KNNP", "PARM", "IAEA", "MNUC", "IR", "SYR", "TRGY")),  # 09STATE16285
    ("PREL MARR IZ IZPREL IRAQI FREEDOM", ("PREL", "MARR", "IZ", "IRAQI FREEDOM")),  # glued codes are codes
    ("ECON IS ECONOMY AND FINANCE", ("ECON", "IS", "ECONOMY AND FINANCE")),  # a connector inside a phrase
    ("PREL AND PGOV", ("PREL", "PGOV")),                                    # ... but not between codes
])
def test_phrase_words_rule(raw, expected):
    assert split_tags(raw) == expected


# The 1970s form with the year before the station in the banner, "C O N F I D E N T I A L 75
# LIBREVILLE 1895", as REF items write it ("87 IZMIR 1213", tests/test_parse_references.py);
# WikiLeaks composed the id "7575LIBREVILLE1895" from it. Two sources hold the cable.
@pytest.mark.parametrize("source", ["cables_csv__none-later", "cablegate_html_final_build__markchips"])
def test_banner_with_the_year_before_the_station(shared, source):
    parsed = cable(shared, "7575LIBREVILLE1895", source)
    assert (parsed.cable_id, parsed.classification, parsed.problems) == ("75LIBREVILLE1895", "CONFIDENTIAL", ())


# An id with a four-digit year: PlusD's own ids (its file names) and WikiLeaks' doubled year.
FOUR_DIGIT_YEAR_IDS = [
    ("1973STATE097844", "73STATE97844"),
    ("1974ATHENS02959", "74ATHENS2959"),
    ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
    ("0901OF02RPODUBAI288", "09RPODUBAI288"),  # section debris, not a year: unchanged rule
    ("75LIBREVILLE1895", "75LIBREVILLE1895"),
]


@pytest.mark.parametrize("raw,expected", FOUR_DIGIT_YEAR_IDS)
def test_ids_with_a_four_digit_year(raw, expected):
    assert ct.canonical_id(raw) == expected


def test_plusd_ids_of_the_corpus_are_read(shared):
    stems = sorted(p.name.split("_")[0] for p in (shared / "corpus" / "plusd_html__bhyassine" / "txt").glob("19*_b.txt"))
    assert len(stems) >= 2
    assert all(ct.canonical_id(s) == s[2:4] + ct.canonical_id("00" + s[4:])[2:] for s in stems)


# PlusD's print of the 1970s puts spaces inside tokens ("E. O. 11652", "S/ PM"), also before the
# Z of the time group: "P R 221828 Z MAY 73".
def test_time_group_with_a_space_before_z(shared):
    parsed = cable(shared, "1973STATE097844_b", "plusd_html__bhyassine")
    assert (parsed.cable_id, str(parsed.date)) == ("73STATE97844", "1973-05-22 18:28:00+00:00")


# No "Summary:" heading, but an "End Summary": the summary runs from the first numbered paragraph
# (else from the start of its paragraph) to "End Summary". Checked against the text itself: the
# summary's last line stands right before "End Summary", its first line right after the "1.".
SUMMARY_WITHOUT_HEADING = [
    ("00HARARE5461", True),   # all capitals, a bare "SUMMARY" line over dashes, then "¶1. (C)"
    ("05BOGOTA3726", True),   # "¶1." and "¶2.", then "End Summary."
    ("04MADRID2215", True),   # "End\nSummary." wrapped
    ("04HELSINKI1603", True),  # a bare "Summary" line as heading, then "¶1. (C)"
]


@pytest.mark.parametrize("cable_id,numbered", SUMMARY_WITHOUT_HEADING, ids=[c[0] for c in SUMMARY_WITHOUT_HEADING])
def test_summary_ending_in_end_summary(shared, cable_id, numbered):
    import re

    text = (shared / "corpus" / "cablegate_html__avilaroman" / "txt" / f"{cable_id}.txt").read_text(encoding="utf-8")
    summary = ct.parse_cable(text).summary
    assert summary and "END SUMMARY" not in summary.upper()
    lines = summary.splitlines()
    assert re.search(re.escape(lines[-1]) + r"\s*END\s+SUMMARY", text, re.I)
    assert not re.match(r"(?:¶\s*)?\d+\s*[.)]", lines[0])
    assert lines[0] in text


# "Classified By ... per 1.4 (b)" / "PER 1.5" / "per reasons": "per" ends the person; "ECMIN" is a title.
CLASSIFIED_BY_PER = [
    ("09CAIRO1114", "Margaret Scobey"),
    ("07SANJOSE361", "Russell Frisbie"),   # "per reasons 1.4"
    ("07ROME1168", "T. DELARE"),           # "ECMIN T. DELARE PER 1.5"
    ("08MUSCAT565", "Gary A. Grappo"),
]


@pytest.mark.parametrize("cable_id,expected", CLASSIFIED_BY_PER, ids=[c[0] for c in CLASSIFIED_BY_PER])
def test_classified_by_ends_at_per(shared, cable_id, expected):
    assert cable(shared, cable_id, "cablegate_html__avilaroman").classified_by == expected


# A telegram page line inside the address list, even on the INFO line: "INFO PAGE 02 STATE 003691
# 141623Z" (09STATE3691; cablemap's 08STATE50524); the addressees after it are still read.
def test_page_line_inside_the_info_list(shared):
    parsed = cable(shared, "09STATE3691", "cablegate_html__avilaroman")
    assert parsed.info == ("MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE", "AMEMBASSY KYIV")


@pytest.mark.parametrize("text,to,info", [
    # a fragment without its FM line: the list starts at a TO/INFO line naming an addressee
    ("TO AMEMBASSY BEIJING IMMEDIATE\nINFO PAGE 02  STATE 050524 131535Z\nAMEMBASSY BAGHDAD PRIORITY\n",
     ("AMEMBASSY BEIJING",), ("AMEMBASSY BAGHDAD",)),
    ("INFO AMEMBASSY PANAMA\n", (), ("AMEMBASSY PANAMA",)),
    ("TO THE EXTENT POSSIBLE WE WILL\nINFO SHARING IS KEY\n", (), ()),  # prose is no address
])
def test_address_lines_without_fm(text, to, info):
    from cabletools.parse.header import parse_header

    header = parse_header(text)
    assert (header.to, header.info) == (to, info)


# A REF block cut short with "..." is the page's excerpt of the header; the full block follows in
# the text and is read instead.
REF_CUT_SHORT = [
    ("07LIMA2129", ("07LIMA1841", "07LIMA2000", "07LIMA2009", "07LIMA2026")),
    ("09QUITO1009", ("09QUITO983", "09QUITO979")),
    ("08THEHAGUE225", ("08STATE15228", "08THEHAGUE174")),
    ("06LIMA1406", ("05LIMA5396",)),  # a serial above the cable's own: the year before
]


@pytest.mark.parametrize("cable_id,expected", REF_CUT_SHORT, ids=[c[0] for c in REF_CUT_SHORT])
def test_ref_block_cut_short_is_read_in_full(shared, cable_id, expected):
    assert cable(shared, cable_id, "cablegate_html__avilaroman").references == expected


# "XMT" lists the addressees a collective message is NOT sent to; the lines after it belong to it.
XMT_LISTS = [
    ("cables_csv__none-later", "01KINSHASA2795", "AMCONSUL JOHANNESBURG"),   # XMT AMCONSUL DURBAN + one more line
    ("cablegate_html__avilaroman", "09STATE63860", "AMCONSUL JOHANNESBURG"),
    ("cables_csv__none-later", "89STATE401887", "USINT HAVANA"),
]


@pytest.mark.parametrize("source,cable_id,excluded", XMT_LISTS, ids=[c[1] for c in XMT_LISTS])
def test_xmt_addressees_are_no_recipients(shared, source, cable_id, excluded):
    parsed = cable(shared, cable_id, source)
    assert parsed.to and excluded not in parsed.to + parsed.info


# Older cables (all capitals): after the signature come the review stamp "Declassified/Released US
# Department of State EO Systematic Review <date>" (one or two lines), a center's "NOTE: ..." or a
# closing ">": none is the signer. A zero typed for O in a capitals signature is an O.
OLD_SIGNERS = [
    ("73TEHRAN7005", "HELMS"),
    ("75TEHRAN2069", "HELMS"),
    ("78TEHRAN389", "SULLIVAN"),        # the stamp wrapped after "Systematic"
    ("89STATE406652", "EAGLEBURGER"),   # "NOTE: POUCHED ..."
    ("95TELAVIV17503", "INDYK"),        # "NOTE: NOT PASSED TO ABOVE ADDRESSEE(S)"
    ("90STATE48186", "EAGLEBURGER"),    # ">"
    ("96HAVANA5288", "KOZAK"),          # "K0ZAK"
]


@pytest.mark.parametrize("cable_id,expected", OLD_SIGNERS, ids=[c[0] for c in OLD_SIGNERS])
def test_signers_of_older_cables(shared, cable_id, expected):
    assert cable(shared, cable_id, "cables_csv__none-later").signer == expected


# A bare "Summary" heading line between dashes: the summary starts after it, the rules are no text,
# and a "1.4 (b)" reason line above it is no first paragraph; "(C):" loses its colon too.
@pytest.mark.parametrize("cable_id", ["04CAIRO8456", "05BOGOTA1775", "04AMMAN1288"])
def test_summary_under_a_ruled_heading(shared, cable_id):
    summary = cable(shared, cable_id, "cablegate_html__avilaroman").summary
    assert summary and summary[0].isalpha() and "---" not in summary and "1.4" not in summary[:10]


# A subject cut with "..." in a page's header excerpt is read in full where the text repeats it.
@pytest.mark.parametrize("cable_id", ["04THEHAGUE1049", "06THEHAGUE834", "05THEHAGUE2793", "00THEHAGUE1695"])
def test_subject_cut_short_is_read_in_full(shared, cable_id):
    import re

    files = sorted(shared.glob(f"corpus/*/txt/{cable_id}.txt"))
    text = files[0].read_text(encoding="utf-8")
    cut = re.search(r"^SUBJ(?:ECT)?:[ \t]*([^\n]*?)\.\.\.[ \t]*$", text, re.M).group(1).strip()
    subject = ct.parse_cable(text).subject
    assert subject.startswith(cut) and len(subject) > len(cut) and not subject.endswith("...")


def test_subject_html_entities():
    # a web page's text keeps HTML entities (cablemap's fixtures: "&amp;", "&#39;")
    from cabletools.parse.fields import parse_subject

    assert parse_subject("SUBJECT: US &amp; EU ON CUBA&#39;S DEBT\n\n1. X") == "US & EU ON CUBA'S DEBT"


@pytest.mark.parametrize("block,expected", [
    # a year of three digits (cablemap's fixtures write "008 STATE ..."); two and four digits as before
    ("REF: A. 009 STATE 12345 B. 008 RIO DE JANEIRO 77\n\n1. X", ("09STATE12345", "08RIODEJANEIRO77")),
    ("REF: (A) 2008 STATE 1 (B) 07 LIMA 2\n\n1. X", ("08STATE1", "07LIMA2")),
])
def test_reference_years(block, expected):
    from cabletools.parse.fields import parse_references

    assert parse_references(block, 2009) == expected


# Persons in parentheses on a comma-separated TAGS line: each "SURNAME, GIVEN" is one tag; a
# group of several pairs up ("(NOVO, GUILLERMO, REMON, PEDRO, JIMENEZ GASPAR)").
PERSONS_IN_PARENTHESES = [
    ("04MADRID2187", "BOIKO, ALEXANDER"),
    ("04MADRID4316", "BERARDUCCI, CHRISTOPHER MICHAEL"),  # the group goes on to the next line
    ("04MADRID2443", "EL FATMI, NOURIDDINE ET AL"),       # a surname of two words, over two lines
    ("04BOGOTA11373", "DUNCAN, CAMERON"),
    ("04PANAMA672", "JIMENEZ, GASPAR"),
]


@pytest.mark.parametrize("cable_id,person", PERSONS_IN_PARENTHESES, ids=[c[0] for c in PERSONS_IN_PARENTHESES])
def test_person_tags_in_parentheses(shared, cable_id, person):
    assert person in cable(shared, cable_id, "cables_csv__none-later").tags
