"""Canonical cable ids: ``"HANOI 001002"`` + 2008 -> ``"08HANOI1002"``.

Cablegate ids are a two-digit year, the station with spaces removed, and the serial
without leading zeros. WikiLeaks' own ids carry typos and debris ("09EFTOLONDON2187",
"08SECTION01OF04HARARE754", "06BRAILIA1079"); :func:`canonical_id` repairs them.

>>> canonical_id("HANOI 001002", year=2008)
'08HANOI1002'
>>> canonical_id("HO CHI MINH CITY 123", year=2009)
'09HOCHIMINHCITY123'
>>> canonical_id("09EFTOLONDON2187")
'09LONDON2187'
"""
from __future__ import annotations

import re
from functools import lru_cache

# Station spellings in banners, REF lines and WikiLeaks ids -> the station of Cablegate ids.
# Each is seen in real cables or ids (cablemap's fixtures name them).
STATION_ALIASES: dict[str, str] = {
    "SECSTATE": "STATE",
    "SECTSTATE": "STATE",
    "SECSTATEWASHDC": "STATE",
    "STATEWASHDC": "STATE",
    "DEPTOFSTATE": "STATE",
    "HCMC": "HOCHIMINHCITY",
    "HOCHIMINH": "HOCHIMINHCITY",
    "USUN": "USUNNEWYORK",
    "USUNNY": "USUNNEWYORK",
    "USUNNEWYORKNY": "USUNNEWYORK",
    "UNVIE": "UNVIEVIENNA",
    "USMISSIONUNVIE": "UNVIEVIENNA",
    "USEU": "USEUBRUSSELS",
    "USEUBRUSEELS": "USEUBRUSSELS",
    "PAUP": "PORTAUPRINCE",
    "PORTAUPRINCEHAITI": "PORTAUPRINCE",
    "BA": "BUENOSAIRES",
    "VAT": "VATICAN",
    "HAGUE": "THEHAGUE",
    "TAIPEI": "AITTAIPEI",
    "SECDEFWASH": "SECDEF",
    "SECDEFWASHDC": "SECDEF",
    "SCOPAULO": "SAOPAULO",
    "USMISSIONGENEVA": "GENEVA",
    "USMISSIONUSNATO": "USNATO",
    "USOSCE": "USOSCE",
    "MISSIONGENEVA": "GENEVA",
    "KUALALUMP": "KUALALUMPUR",
    "RIODEJAN": "RIODEJANEIRO",
    "HALIF": "HALIFAX",
    "PARISFR": "UNESCOPARISFR",  # "PARIS FR 2144" is the UNESCO mission (08PARISFR2202)
    "RIO": "RIODEJANEIRO",
}

_ASCII_DIGITS = "0123456789"
_STATION_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + _ASCII_DIGITS)


def _id_parts(text: str) -> tuple[str, str, str] | None:
    """Two-digit year, station, serial of an id written without spaces; None when it is not one.

    The station starts with a letter and ends before the trailing digits; the serial loses its
    leading zeros (a zero serial stays "0"). Plain string code: the regex
    ``^(\\d{2})([A-Z][A-Z0-9]*?)0*(\\d+)$`` it replaces took cubic time on long ids (issue 19).

    >>> _id_parts("08HANOI001002"), _id_parts("08SECTION01OF04HARARE754"), _id_parts("HANOI1002")
    (('08', 'HANOI', '1002'), ('08', 'SECTION01OF04HARARE', '754'), None)
    """
    if text.endswith("\n"):  # what the regex's `$` let through
        text = text[:-1]
    year, rest = text[:2], text[2:]
    station = rest.rstrip(_ASCII_DIGITS)
    serial = rest[len(station):]
    if (len(year) < 2 or year.strip(_ASCII_DIGITS) or not station or not serial
            or not "A" <= station[0] <= "Z" or not _STATION_CHARS.issuperset(station)):
        return None
    return year, station, serial.lstrip("0") or "0"


_REF_RE = re.compile(r"^\s*([A-Z][A-Z .'\-]*?[A-Z])\s*0*(\d{1,7})\s*$")
# Debris WikiLeaks left in ids: "EFTO" (encrypt for transmission only) and garbled
# "SECTION nn OF nn" (08SECTIN01OF02BUDAPEST836, 09SQCTION02OF02DUSHANBE143, 0901OF02RPODUBAI288).
_EFTO_RE = re.compile(r"^EFTO")
_SECTION_RE = re.compile(r"^(?:S[A-Z]{2,7})?\d{1,2}O?F\d{1,2}")
_PREFIX_RE = re.compile(r"^(?:AMEMBASSY|EMBASSY|AMCONSUL|CONSULATE)(?=[A-Z]{3})")
# The year written with four digits: PlusD's "1973STATE097844", and WikiLeaks' 1970s ids that put
# the two-digit year before a banner reference already starting with it ("75 LIBREVILLE 1895" ->
# "7575LIBREVILLE1895"): the station follows four digits, which no id has.
_FOUR_DIGIT_YEAR_RE = re.compile(r"^(?:19|20|(\d\d)(?=\1))(\d\d)(?=[A-Z])")
# "06MADRID002583ZFR2585", "07OSLO000160ZDK164": a garbled trailer after the serial.
_TRAILER_RE = re.compile(r"^(\d{2}[A-Z]+?)(\d+)(?:Z[A-Z]{2}\d+|TOSEC\d+)$")


@lru_cache(maxsize=1)
def known_stations() -> frozenset[str]:
    """Stations of the package's station table (empty if the table is not available)."""
    try:
        from cabletools.refdata import station_table
    except ImportError:  # the table is optional for id repair
        return frozenset()
    try:
        return frozenset(station_table()["station"].astype(str))
    except Exception:  # noqa: BLE001 - a broken table must not break id parsing
        return frozenset()


@lru_cache(maxsize=4096)
def canonical_station(name: str) -> str:
    """Normalise a station as printed ("HO CHI MINH CITY", "SECSTATE") to the id's form.

    >>> canonical_station("USUN NEW YORK"), canonical_station("SECSTATE")
    ('USUNNEWYORK', 'STATE')
    """
    s = re.sub(r"[^A-Z0-9]", "", name.upper())
    s = _PREFIX_RE.sub("", s)
    s = _EFTO_RE.sub("", s) if len(s) > 6 else s
    if s in STATION_ALIASES:
        return STATION_ALIASES[s]
    stations = known_stations()
    if not stations or s in stations:
        return s
    return _repair_station(s, stations)


def _repair_station(s: str, stations: frozenset[str]) -> str:
    """Fix a typo'd station (BRAILIA -> BRASILIA, TILISI -> TBILISI) by edit distance."""
    from rapidfuzz import fuzz, process

    # a prefix of a known station ("KUALALUMP") or a known one with a typo
    prefixed = [st for st in stations if len(s) >= 4 and st.startswith(s)]
    if len(prefixed) == 1:
        return prefixed[0]
    best = process.extract(s, stations, scorer=fuzz.ratio, limit=2)
    if best and best[0][1] >= 80 and (len(best) == 1 or best[0][1] - best[1][1] >= 5):
        return best[0][0]
    return s


def year_from_two_digits(yy: int) -> int:
    """Two-digit year of an id or DTG -> four digits (Cablegate spans 1966-2010).

    >>> year_from_two_digits(66), year_from_two_digits(8)
    (1966, 2008)
    """
    return 1900 + yy if yy >= 50 else 2000 + yy


@lru_cache(maxsize=65536)
def canonical_id(ref: str, year: int | None = None) -> str | None:
    """Canonical Cablegate id from a reference ("HANOI 001002") and year, or repair an id.

    Returns None when the year is unknown or the text is not a reference.

    >>> canonical_id("STATE 92371", year=2008)
    '08STATE92371'
    >>> canonical_id("06BRAILIA1079")
    '06BRASILIA1079'
    >>> canonical_id("HANOI 1002") is None
    True
    """
    if not ref:
        return None
    text = ref.strip().upper()
    compact = re.sub(r"\s+", "", text)
    m = _TRAILER_RE.match(compact)
    if m:
        compact = m.group(1) + m.group(2)
    compact = _FOUR_DIGIT_YEAR_RE.sub(r"\2", compact)
    if compact[:2].isdigit():
        compact = compact[:2] + _SECTION_RE.sub("", _EFTO_RE.sub("", compact[2:]))
    parts = _id_parts(compact)
    if parts and (year is None or " " not in text):
        yy, station, serial = parts
        station = canonical_station(station)
        if not station:
            return None
        return f"{yy}{station}{int(serial)}"
    m = _REF_RE.match(text)
    if not m or year is None:
        return None
    station = canonical_station(m.group(1))
    if not station:
        return None
    return f"{year % 100:02d}{station}{int(m.group(2))}"


def split_id(cable_id: str) -> tuple[int, str, int] | None:
    """``"08HANOI1002"`` -> ``(2008, "HANOI", 1002)``; None when it is not an id.

    >>> split_id("08HANOI1002")
    (2008, 'HANOI', 1002)
    """
    parts = _id_parts(cable_id or "")
    if not parts:
        return None
    return year_from_two_digits(int(parts[0])), parts[1], int(parts[2])
