"""Raw cable text -> :class:`cabletools.Cable`. One module per part of a cable.

>>> c = parse_cable("O 281035Z AUG 08\\nFM AMEMBASSY HANOI\\nTO RUEHC/SECSTATE WASHDC 8371\\n"
...                 "UNCLAS HANOI 001002\\n\\nTAGS: PREL VM\\nSUBJECT: TEST\\n\\n1. Text.\\n\\nMICHALAK")
>>> c.cable_id, c.date.isoformat(), c.tags, c.subject, c.signer
('08HANOI1002', '2008-08-28T10:35:00+00:00', ('PREL', 'VM'), 'TEST', 'MICHALAK')
"""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from cabletools.ids import canonical_id, canonical_station
from cabletools.parse.banner import (caveats_in, classification_label, find_banner, parse_classified_by,
                                     parse_eo)
from cabletools.parse.body import parse_signer, split_paragraphs
from cabletools.parse.fields import parse_references, parse_subject, parse_summary, parse_tags
from cabletools.parse.header import parse_header
from cabletools.parse.tag_codes import tag_codes
from cabletools.schema import Cable, as_record

__all__ = ["parse_cable", "parse_cable_record", "split_paragraphs"]

# case-insensitive regexes are slow to search with; spell out the cases that occur
PARTIAL_RE = re.compile(r"(?:This record is a partial extract|THIS RECORD IS A PARTIAL EXTRACT) of the original cable")
_FIELDS_END_RE = re.compile(r"^[ \t]*(?:¶[ \t]*)?1[ \t]*[.)]", re.M)
_FALLBACK_START_RE = re.compile(r"^[ \t]*(?:E\.?[ \t]?O\.?[ \t]*\d|TAGS?\b|SUBJ)", re.M)


def _station_lookup(station: str | None) -> dict | None:
    if not station:
        return None
    try:
        from cabletools.refdata import station_info
    except ImportError:
        return None
    try:
        return station_info(station)
    except Exception:  # noqa: BLE001 - a broken table must not break parsing
        return None


_FM_KINDS = (("AMEMBASSY", "Embassy"), ("AMCONSUL", "Consulate"), ("USMISSION", "US Mission"))


# FM lines naming the post of the id's station: nothing to check.
_FM_OF_THE_ID_STATION = ("AMEMBASSY", "AMCONSUL", "SECSTATE")


@lru_cache(maxsize=4096)
def _post_on_the_fm_line(fm: str, station: str) -> dict | None:
    """The station row of the mission the FM line names when the id's `station` is an embassy in
    the same city (a mission numbering cables in the embassy's series), else None. Cached and
    shared: callers copy it before changing it.

    USEU Brussels numbers some cables in Embassy Brussels' series: 07BRUSSELS3423 and 09BRUSSELS536
    are "FM USEU BRUSSELS", labelled USEU Brussels by Cablegate.
    """
    named, of_the_id = _station_lookup(canonical_station(fm)), _station_lookup(station)
    if (named is not None and of_the_id is not None and named.get("station") != of_the_id.get("station")
            and named.get("post_type") == "mission" and of_the_id.get("post_type") == "embassy"
            and named.get("city") and named.get("city") == of_the_id.get("city")):
        return named
    return None


def _origin_from_fm(fm: str | None) -> str | None:
    if not fm:
        return None
    if fm.startswith("SECSTATE"):
        return "Secretary of State"
    for prefix, kind in _FM_KINDS:
        if fm.startswith(prefix):
            place = fm[len(prefix):].strip().title()
            return f"{kind} {place}" if place else None
    return None


def _map_offset(text: str, normalized: str, offset: int) -> int:
    """Offset in `normalized` (CRs removed) -> offset in the original `text`."""
    if len(text) == len(normalized):
        return offset
    seen = 0
    i = 0
    while seen < offset and i < len(text):
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 1
            continue
        i += 1
        seen += 1
    return i


def parse_cable(text: str, *, source: str | None = None, year: int | None = None) -> Cable:
    """Parse one cable. Never raises on bad text: what went wrong is in ``problems``.

    `year` is used for the id when the text has no date-time group (partial extracts).
    """
    return Cable(**parse_cable_record(text, source=source, year=year))


def parse_cable_record(text: str, *, source: str | None = None, year: int | None = None) -> dict:
    """:func:`parse_cable` as a row dict (the Cable's fields, in schema order): the loader's
    hot path builds no Cable.

    >>> parse_cable_record("UNCLAS HANOI 001002\\n\\nTAGS: PREL\\nSUBJECT: TEST\\n", year=2008)["cable_id"]
    '08HANOI1002'
    """
    if not isinstance(text, str):
        return as_record(Cable(source=source, problems=(f"not text: {type(text).__name__}",)))
    try:
        return _parse(text, source, year)
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise on bad text
        return as_record(Cable(header="", body=text, source=source,
                               problems=(f"parser error: {type(exc).__name__}: {exc}",)))


def _parse(text: str, source: str | None, year: int | None) -> dict:
    problems: list[str] = []
    norm = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if not norm.strip():
        return as_record(Cable(header="", body=text, source=source, problems=("empty text",)))
    if "\x00" in norm[:10000]:
        problems.append("binary content (NUL bytes)")

    is_partial = ((norm.find("artial extract", 0, 2000) >= 0 or norm.find("ARTIAL EXTRACT", 0, 2000) >= 0)
                  and bool(PARTIAL_RE.search(norm, 0, 2000)))  # the regex only where it can match
    banner = find_banner(norm)
    if banner is None:
        problems.append("no classification banner")
        m = _FALLBACK_START_RE.search(norm, 0, 20000)
        body_start = m.start() if m else 0
        fields_start = 0
    else:
        body_start = banner.start
        fields_start = banner.end

    header = parse_header(norm[:body_start] if banner else norm[:4000])
    problems.extend(header.problems)

    cable_year = header.date.year if header.date else year
    m = _FIELDS_END_RE.search(norm, fields_start, fields_start + 20000)
    fields_end = m.start() if m else min(len(norm), fields_start + 6000)
    fields = norm[fields_start:fields_end]
    # the caveats and E.O. line sit between the banner and TAGS/SUBJECT
    caveat_zone = re.split(r"(?m)^[ \t]*(?:E\.?[ \t]?O\.?|TAGS?\b|SUBJ)", fields, maxsplit=1)[0]
    caveats = caveats_in(caveat_zone)
    tags, tags_raw = parse_tags(fields)
    subject = parse_subject(fields)
    if subject is None:
        problems.append("no subject")
    if not tags:
        problems.append("no tags")

    ref = station = None
    cable_id = None
    if banner:
        ref = banner.ref
        serial_text = banner.serial_text
        # A serial printed with leading zeros but cut short ("TRIPOLI 00011" in 10TRIPOLI112,
        # "BUENOS AIRES 00167SIPDIS" in 07BUENOSAIRES1673): the DE line has the full one.
        if (header.de_serial and serial_text.startswith("0") and len(serial_text) < 6
                and header.de_serial // 10 == banner.serial):
            ref = f"{banner.station} {header.de_serial:06d}"
            problems.append(f"serial {serial_text!r} cut short; {header.de_serial} from the DE line")
        station = canonical_station(banner.station)
        cable_id = canonical_id(ref, cable_year)
        if cable_id is None:
            problems.append("cable id unknown: no year")
    body_text = norm[body_start:]
    references = parse_references(fields, cable_year, (banner.station, banner.serial) if banner else None,
                                  body=norm[fields_end:])
    classified_by, reasons = parse_classified_by(norm[fields_start:fields_end + 1500])

    info = _station_lookup(station)
    if info is not None and header.fm and not header.fm.startswith(_FM_OF_THE_ID_STATION):
        named = _post_on_the_fm_line(header.fm, station)
        info = dict(named) if named is not None else info
    origin = info.get("origin") if info else _origin_from_fm(header.fm)
    country = info.get("country") if info else None
    if banner and not info:
        problems.append(f"unknown station {station!r}")

    split = _map_offset(text, norm, body_start)
    date: datetime | None = header.date
    return dict(  # in schema order (schema.COLUMNS)
        cable_id=cable_id,
        ref=ref,
        station=station,
        origin=origin,
        country=country,
        date=date,
        date_source="dtg" if date else "none",
        dtg=header.dtg,
        precedence=header.precedence,
        transmission_id=header.transmission_id,
        classification=classification_label(banner.level if banner else None, caveats,
                                            banner.modifiers if banner else ""),
        caveats=caveats,
        fm=header.fm,
        to=header.to,
        info=header.info,
        tags=tags,
        tags_raw=tags_raw,
        tag_codes=tag_codes(tags),
        subject=subject,
        references=references,
        classified_by=classified_by,
        reasons=reasons,
        declassify_on=parse_eo(fields),
        summary=parse_summary(body_text),
        signer=parse_signer(body_text),
        is_partial=is_partial,
        header=text[:split],
        body=text[split:],
        source=source,
        problems=tuple(problems),
    )
