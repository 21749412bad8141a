"""The TAGS codes a cable stands for: its parsed tags with free text and variants mapped to codes.

Drafters did not always type codes on the TAGS line: "Human Rights" sits beside PHUM,
"HUMANR" and "RELFREE" are cut-down words, "KWAC" is KAWC with two letters swapped,
"Iraq" and "IQ" are Iraq (FIPS IZ). :func:`tag_codes` turns the cable's ``tags`` into the
codes they mean, so that a search for PHUM also finds the cables that only say "Human Rights".
The ``tags`` column keeps what was parsed; ``tag_codes`` holds this function's result.

Rules, in order, for each parsed tag:

1. a code of :func:`cabletools.refdata.tag_table` stays as it is;
2. a variant of ``refdata/tag_variants.csv`` becomes its ``codes`` (none for a plain English
   word such as "RIGHTS"); case, hyphens, brackets and runs of spaces do not matter
   ("Counter-Terrorism", "TRAFFICKING (IN PERSONS");
3. a country's name ("IRAQ") becomes its FIPS code (IZ), and a two-letter ISO code that is not
   a FIPS code ("IQ") the FIPS code of that country;
4. five capitals made of a subject or program code of the scheme and one letter more are that
   code ("PARMS", "PGOVE", "PTERS", "KJUST": a slip of the finger on a four-letter code);
5. free text joined by "/", "&" or "AND" maps part by part ("HUMAN RIGHTS/TRAFFICKING"; parts of
   two letters are left out: "DS/IP/AF" is an office symbol, not Clipperton and Afghanistan), and
   free text made only of country names maps to their codes ("INDIA-NEPAL": IN NP);
6. a person tag ("CLINTON, HILLARY") and any other code-shaped tag (2-6 capitals) stay;
   other free text ("PRESS SUMMARY 12") stands for no code.

A phrase typed without commas is split into words by the parser ("TAGS: IT PHUM HUMAN
RIGHTS"); consecutive words that together form a listed phrase are read as that phrase.
The result is de-duplicated in the order of the tags.

>>> tag_codes(("PHUM", "VM", "HUMANR", "RELFREE"))
('PHUM', 'VM', 'KIRF')
>>> tag_codes(("IT", "PHUM", "HUMAN", "RIGHTS", "Iraq", "IQ"))
('IT', 'PHUM', 'IZ')
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["tag_codes"]

#: Longest phrase (in words) looked for among consecutive single-word tags.
MAX_PHRASE_WORDS = 4

_CODE_SHAPE_RE = re.compile(r"[A-Z]{2,6}")
_SEPARATORS_RE = re.compile(r"[\s_\-()]+")
# on a key (_key: single spaces), so no run of spaces to scan again and again
_PARTS_RE = re.compile(r" ?[/&] ?| AND ")
_NOTHING: tuple[str, ...] = ()


def _key(text: str) -> str:
    """Upper case; hyphens, underscores and brackets as spaces; single spaces: the lookup key.

    >>> _key(" Trafficking (in  Persons")
    'TRAFFICKING IN PERSONS'
    """
    return _SEPARATORS_RE.sub(" ", text.upper()).strip(" .:;")


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """(known codes, subject and program codes of the scheme, key -> codes, country name -> FIPS
    code) from the reference tables; empty when they cannot load."""
    try:
        from cabletools.refdata import fips_table, tag_table, tag_variants
    except ImportError:  # pragma: no cover - refdata ships with the package
        return frozenset(), frozenset(), {}, {}
    lookup: dict[str, tuple[str, ...]] = {}
    countries: dict[str, str] = {}
    fips = fips_table()
    # historical rows first, so the current code of a name wins (Serbia: RI, not RB)
    fips = fips.sort_values("status", key=lambda s: s.eq("current"), kind="stable")
    for code, country, iso2 in zip(fips["fips"], fips["country"], fips["iso2"]):
        if isinstance(iso2, str):
            lookup[iso2] = (code,)
        lookup[_key(country)] = (code,)
        countries[_key(country)] = code
    variants = tag_variants()
    for variant, codes in zip(variants["variant"], variants["codes"]):
        lookup[_key(variant)] = tuple(codes.split()) if isinstance(codes, str) else _NOTHING
    table = tag_table()
    topical = table["kind"].isin(["subject", "program"]) & table["confidence"].ne("non-standard")
    return (frozenset(table["code"].tolist()), frozenset(table.loc[topical, "code"].tolist()), lookup,
            countries)


def _codes_of(tag: str, tables: tuple) -> tuple[str, ...]:
    known, topical, lookup, countries = tables
    if tag in known:
        return (tag,)
    key = _key(tag)
    hit = lookup.get(key)
    if hit is not None:
        return hit
    if len(tag) == 5 and tag[:4] in topical and tag.isalpha() and tag.isupper():
        return (tag[:4],)
    if "," in tag:  # a person tag
        return (tag,)
    if _CODE_SHAPE_RE.fullmatch(tag):
        return (tag,)
    parts = _PARTS_RE.split(key)
    if len(parts) > 1:
        out: list[str] = []
        for part in parts:
            if len(part) > 2:
                out.extend((part,) if part in known else lookup.get(part, _NOTHING))
        return tuple(out)
    words = key.split()
    if len(words) > 1 and all(w in countries for w in words):
        return tuple(countries[w] for w in words)
    return _NOTHING


def _phrase_at(tags: Sequence[str], start: int, lookup: dict[str, tuple[str, ...]]) -> int:
    """Number of consecutive one-word tags from `start` that form a listed phrase (0: none)."""
    words: list[str] = []
    for tag in tags[start:start + MAX_PHRASE_WORDS]:
        if " " in tag or "," in tag:
            break
        words.append(_key(tag))
    for size in range(len(words), 1, -1):
        if " ".join(words[:size]) in lookup:
            return size
    return 0


def tag_codes(tags: Sequence[str] | None) -> tuple[str, ...]:
    """The TAGS codes `tags` stand for (see the module's rules); order kept, no duplicates.

    >>> tag_codes(["PGOVE", "War Crimes", "KWAC", "Counter-Terrorism", "PRESS SUMMARY 12"])
    ('PGOV', 'KAWC', 'PTER')
    >>> tag_codes(["CLINTON, HILLARY", "HUMAN RIGHTS/TRAFFICKING", "INDIA-NEPAL"]), tag_codes(None)
    (('CLINTON, HILLARY', 'PHUM', 'KTIP', 'IN', 'NP'), ())
    """
    if not tags:
        return _NOTHING
    return _tag_codes(tuple(tags))


@lru_cache(maxsize=16384)  # TAGS lines repeat: a post sends the same few mixes again and again
def _tag_codes(tags: tuple[str, ...]) -> tuple[str, ...]:
    tables = _tables()
    lookup = tables[2]
    out: list[str] = []
    i = 0
    while i < len(tags):
        size = _phrase_at(tags, i, lookup)
        if size:
            out.extend(lookup[" ".join(_key(t) for t in tags[i:i + size])])
            i += size
            continue
        out.extend(_codes_of(tags[i], tables))
        i += 1
    return tuple(dict.fromkeys(out))
