"""Per-field accuracy of the loader and the parser against the shared corpus manifests.

The manifests hold only what each source states outside the cable text (see
shared/corpus/SOURCES.md), so they are independent ground truth for our parse.
"""
from __future__ import annotations

import re

import pandas as pd

SITE = "corpus/cablegate_html__avilaroman"
CSV = "corpus/cables_csv__none-later"

# Ids where the manifest (WikiLeaks) is wrong and our parse is right, with the reason.
# Filled from inspection of each disagreement; see test_corpus_accuracy.py.
MANIFEST_WRONG: dict[str, str] = {}


def norm_space(s) -> str:
    return " ".join(str(s).split()) if isinstance(s, str) else ""


def title_of(subject) -> str:
    """WikiLeaks' page title rule: the subject's first line, a leading "(" or quote dropped."""
    s = norm_space(subject)
    return s.lstrip("(\"'").strip()


_QUOTES = "(\"'\u201c\u2018"
# WikiLeaks' title runs on into the next field where the page text lost its line breaks
# (03BRASILIA2233: "... FTAA POLICY Classified By: ..."): the title then starts with our
# subject and continues with that field.
_OVERRUN_RE = re.compile(
    r"^\s*(?:REFS?\b|REF:|CLASSIFIED BY|SENSITIVE|SBU|[A-Z ]+ 0{3,}\d+ \d{3}|-{3,}|SUMMARY|\(?[A-Z]\)|\"?CLASSIFIED)",
    re.I,
)


# a portion marking "(U)" is not part of the subject; the title keeps "U) " when it drops "("
_MARKING = re.compile(r"^\(?(?:U|C|S|SBU|C/NF|S/NF|S//NF|C//NF|U//FOUO|FOUO|TS)\)\s*")


def subject_matches(ours, title) -> bool:
    """Our subject agrees with WikiLeaks' page title, compared fairly: the title is the
    subject's first line with a leading "(" or quote dropped; case is ignored."""
    # the page title keeps the "\\" that ends a line in some media-partner texts (04BOGOTA11339)
    t = _MARKING.sub("", norm_space(title).rstrip("\\ ").lstrip(_QUOTES).strip().upper())
    o = _MARKING.sub("", norm_space(ours).lstrip(_QUOTES).strip().upper())
    if not t:
        return not o
    if t.endswith("...") and len(t) > 3:  # WikiLeaks' title cut short ("NETHER...", 04THEHAGUE1049)
        t = t.rstrip(". ")
    if o.startswith(t) or o.replace(" ", "").startswith(t.replace(" ", "")):
        return True
    return bool(o) and t.startswith(o) and bool(_OVERRUN_RE.match(t[len(o):]))


def tags_match(ours, links) -> bool:
    """Our TAGS agree with WikiLeaks' tag links as sets, once WikiLeaks' links get the same
    normalisation of known typos and split person tags (VZ -> VE, CLINTON|HILLARY)."""
    from cabletools.parse.fields import normalize_tags

    return set(ours) == set(normalize_tags(t for t in str(links).split("|") if t))


def wikileaks_tag_links_cut_short(ours, links) -> bool:
    """WikiLeaks' tag linker stopped early or repeated itself: its links are a prefix of the
    TAGS line (05NEWDELHI9527 drops EAGR, IN) or hyphenated codes were split (ZANU-PF)."""
    from cabletools.parse.fields import split_tags

    # WikiLeaks linked glued codes as one ("ECINECONCS" in 06SANJOSE2649): split them as we do
    wl = list(split_tags(" ".join(t for t in str(links).split("|") if t)))
    ours = [p for t in ours for p in t.split("-")]
    dedup = list(dict.fromkeys(wl))
    if not dedup:
        return False
    return (ours[: len(dedup)] == dedup and len(dedup) < len(ours)) or (
        set(dedup) == set(ours) and len(wl) != len(ours)) or set(dedup) == set(ours)


def hour(ts) -> pd.Timestamp | None:
    if ts is None or pd.isna(ts):
        return None
    return pd.Timestamp(ts).floor("h")


def field_table(rows: dict[str, tuple[int, int]]) -> pd.DataFrame:
    table = pd.DataFrame(
        [(k, ok, n, ok / n if n else float("nan")) for k, (ok, n) in rows.items()],
        columns=["field", "correct", "total", "accuracy"],
    )
    return table


def score(pairs: list[tuple[object, object]], eq=lambda a, b: a == b) -> tuple[int, int]:
    return sum(1 for a, b in pairs if eq(a, b)), len(pairs)


_ID_SHAPE = re.compile(r"^\d{2}[A-Z]+\d+$")
_TAIL = re.compile(r"([A-Z]+)(\d+)$")


def _not_a_cable(debris: str) -> bool:
    """WikiLeaks' reader also took prose and other agencies' reports for references
    ("SECRETARY 6 OF 29 APRIL 04" -> 04SECRETARY6OF29APRIL4 in 04ZAGREB817, an FBIS report
    04FBISGMP20040325000188 in 04SANAA724, a DAO IIR in 03TEGUCIGALPA2844): what does not end
    in a known station and a serial names no cable, so leaving it out is no miss."""
    from cabletools.ids import known_stations

    tail = _TAIL.search(debris)
    return tail is None or tail.group(1) not in known_stations()


def wikileaks_references_lossy(ours, wl, own_id) -> bool:
    """WikiLeaks computed cables.csv's references with a naive reader: it misses REF items
    (its list is a subset of ours: 88IZMIR710), takes the cable's year where the serial shows
    the year before (04BOGOTA1, SOURCES.md §2), lists the cable itself, or keeps debris
    ("04A:KINSHASA1884"). Those rows are the manifest's error, not ours."""
    ours = set(ours)
    wl = {r for r in wl if not (isinstance(own_id, str) and r == own_id)}
    wl = {r for r in wl if any(r.endswith(o[2:]) for o in ours) or not _not_a_cable(r)}
    clean = {r for r in wl if _ID_SHAPE.match(r)}
    debris = wl - clean
    if any(not any(d.endswith(o[2:]) for o in ours) and not _not_a_cable(d) for d in debris):
        return False
    if clean <= ours:
        return True
    undated = {r[2:] for r in ours}
    return {r[2:] for r in clean} <= undated
