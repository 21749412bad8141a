"""Reference tables shipped with cabletools, written by the project from public facts.

* ``fips.csv`` – FIPS 10-4 country codes (the geographic TAGS) -> readable country name,
  ISO 3166 alpha-2 and the State Department regional bureau. ISO alpha-3 and the ISO
  short name are looked up in :mod:`pycountry` at load time.
* ``stations.csv`` – the station of Cablegate ids (``HANOI`` in ``08HANOI1002``) -> the
  sending post as Cablegate labels it, post type, city, host country and bureau.
* ``tags.csv`` – the TAGS codes of the State Department's scheme (Traffic Analysis by
  Geography and Subject, 5 FAH-3 H-700) other than the FIPS countries: subject codes of
  four letters by field (A administration, B business services, C consular, E economic,
  M military, O operations, P political, S social, T technology; K program codes),
  organizations and the regional geographic codes; plus the codes outside the scheme that
  posts used often (CODEL, MEPP, GOI, ADANA ...). Each row has kind, meaning and how sure
  the meaning is (``standard`` = the established title; ``likely`` = the usual expansion;
  ``inferred`` = read off the cables that use the code; ``non-standard`` = a code outside
  the scheme, explained by the cables that use it); ``inferred`` and ``non-standard`` rows
  cite those cables in ``note``.
* ``tag_variants.csv`` – free text, misspellings and glued codes seen on real TAGS lines:
  ``replacement`` is what the parser writes into ``tags`` instead (typos, split person
  tags), ``codes`` the codes the variant stands for in the ``tag_codes`` column (empty =
  no code: an English word or a post name), with the reason and an example cable.

>>> station_info("HANOI")["origin"], station_info("HANOI")["country"]
('Embassy Hanoi', 'Vietnam')
>>> tag_kind("PHUM"), tag_kind("VM"), tag_kind("KXYZ"), tag_kind("CLINTON, HILLARY")
('subject', 'geographic', 'program', 'person')
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = [
    "fips_table",
    "known_tag_codes",
    "station_for_origin",
    "station_info",
    "station_table",
    "tag_kind",
    "tag_table",
    "tag_variants",
    "TAG_KINDS",
    "BUREAUS",
]

#: The kinds of TAGS, as in the `kind` column of :func:`tag_table`.
TAG_KINDS = ("subject", "geographic", "organization", "program", "person")

#: State Department regional bureaus (plus IO, International Organization Affairs).
BUREAUS = {
    "AF": "African Affairs",
    "EAP": "East Asian and Pacific Affairs",
    "EUR": "European and Eurasian Affairs",
    "NEA": "Near Eastern Affairs",
    "SCA": "South and Central Asian Affairs",
    "WHA": "Western Hemisphere Affairs",
    "IO": "International Organization Affairs",
}

#: Subject field implied by the first letter of a subject or program tag.
TAG_FIELDS = {
    "A": "Administration",
    "B": "Business services",
    "C": "Consular affairs",
    "E": "Economic affairs",
    "K": "Program",
    "M": "Military and defense affairs",
    "O": "Operations",
    "P": "Political affairs",
    "S": "Social affairs",
    "T": "Technology and science",
}

_STR = "string"


def _read(name: str) -> pd.DataFrame:
    with resources.files("cabletools.refdata").joinpath(name).open("r", encoding="utf-8") as fh:
        # keep_default_na=False: "NA" (a tag) and empty strings must not become NaN by accident
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return frame.replace({"": pd.NA}).astype(_STR)


def _iso_names(iso2: str | None) -> tuple[object, object]:
    """ISO alpha-3 and ISO short name from pycountry (current or withdrawn codes)."""
    if not isinstance(iso2, str):
        return pd.NA, pd.NA
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2) or pycountry.historic_countries.get(alpha_2=iso2)
    if c is None:
        return pd.NA, pd.NA
    return getattr(c, "alpha_3", pd.NA), c.name


@lru_cache(maxsize=1)
def _fips() -> pd.DataFrame:
    f = _read("fips.csv")
    iso = [_iso_names(v if isinstance(v, str) else None) for v in f["iso2"].tolist()]
    f.insert(3, "iso3", pd.array([a for a, _ in iso], dtype=_STR))
    f.insert(4, "iso_name", pd.array([b for _, b in iso], dtype=_STR))
    return f


def fips_table() -> pd.DataFrame:
    """FIPS 10-4 codes: fips, country, iso2, iso3, iso_name, bureau, status, note.

    `country` is the short English name the State Department uses ("Burma",
    "South Korea"); `iso_name` is ISO 3166's (from pycountry). `status` is
    ``current`` or ``historical`` (UR = Soviet Union, YI = Serbia and Montenegro, ...).

    >>> t = fips_table().set_index("fips")
    >>> t.loc["VM", ["country", "iso2", "iso_name", "bureau"]].tolist()
    ['Vietnam', 'VN', 'Viet Nam', 'EAP']
    >>> t.loc["RS", "country"], t.loc["GG", "iso2"]
    ('Russia', 'GE')
    """
    return _fips().copy()


@lru_cache(maxsize=1)
def _stations() -> pd.DataFrame:
    s = _read("stations.csv")
    f = _fips().set_index("fips")
    country = s["fips"].map(f["country"]).astype(_STR)
    iso2 = s["fips"].map(f["iso2"]).astype(_STR)
    bureau = s["bureau"].fillna(s["fips"].map(f["bureau"])).astype(_STR)
    out = pd.DataFrame({
        "station": s["station"],
        "origin": s["origin"],
        "post_type": s["post_type"],
        "country": country,
        "fips": s["fips"],
        "iso2": iso2,
        "bureau": bureau,
        "city": s["city"],
        "cablegate_origin": s["cablegate_origin"].eq("yes").astype(bool),
        "same_post_as": s["same_post_as"],
        "note": s["note"],
    })
    return out


def station_table() -> pd.DataFrame:
    """Cable stations: station, origin, post_type, country, fips, iso2, bureau, city,
    cablegate_origin, same_post_as, note.

    `origin` is the sending post as Cablegate labels it ("Embassy Hanoi", "USUN New
    York"); `country` is the host country (NA for Washington and USUN New York);
    `bureau` is the regional bureau (IO/EUR for missions to organisations);
    `cablegate_origin` is False for stations seen only in REF lines (BONN, SECDEF).
    Old spellings (CALCUTTA, MADRAS, KIEV, LENINGRAD) carry the later post's origin,
    as Cablegate does, and name the station of today's spelling in `same_post_as`
    (both spellings occur in real ids, so neither is rewritten).

    >>> t = station_table().set_index("station")
    >>> t.loc["HOCHIMINHCITY", ["origin", "post_type", "country", "bureau"]].tolist()
    ['Consulate Ho Chi Minh City', 'consulate', 'Vietnam', 'EAP']
    >>> t.loc["USNATO", "bureau"], pd.isna(t.loc["STATE", "country"])
    ('EUR', True)
    """
    return _stations().copy()


def _plain(value: object) -> object:
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value


@lru_cache(maxsize=1)
def _station_records() -> dict[str, dict]:
    t = _stations()
    return {
        rec["station"]: {k: _plain(v) for k, v in rec.items()}
        for rec in t.to_dict(orient="records")
    }


@lru_cache(maxsize=4096)
def _station_key(station: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", station.upper())


def station_info(station: str | None) -> dict | None:
    """The station table's row for `station` as a plain dict (NA -> None), or None.

    Fast (a dict lookup): the parser calls it once per cable. Case and spaces are ignored.

    >>> station_info("HANOI")["post_type"], station_info("hanoi")["bureau"]
    ('embassy', 'EAP')
    >>> station_info("STATE")["country"] is None, station_info("NOWHERE") is None
    (True, True)
    """
    if not station or not isinstance(station, str):
        return None
    rec = _station_records().get(_station_key(station))
    return dict(rec) if rec is not None else None


@lru_cache(maxsize=1)
def _origin_index() -> dict[str, str]:
    t = _stations()
    # Prefer the station of today's spelling (KYIV over KIEV, KOLKATA over CALCUTTA)
    order = t.assign(_alias=t["same_post_as"].notna().astype(int)).sort_values("_alias", kind="stable")
    index: dict[str, str] = {}
    for station, origin in zip(order["station"], order["origin"]):
        index.setdefault(origin.casefold(), station)
    return index


def station_for_origin(origin: str | None) -> str | None:
    """The station of a Cablegate origin label (case-insensitive), or None.

    >>> station_for_origin("Embassy Hanoi"), station_for_origin("Consulate Kolkata")
    ('HANOI', 'KOLKATA')
    >>> station_for_origin("American Institute Taiwan, Taipei"), station_for_origin("Embassy Kyiv")
    ('AITTAIPEI', 'KYIV')
    """
    if not origin or not isinstance(origin, str):
        return None
    return _origin_index().get(" ".join(origin.split()).casefold())


@lru_cache(maxsize=1)
def _tags() -> pd.DataFrame:
    f = _fips()
    geo = pd.DataFrame({
        "code": f["fips"],
        "kind": "geographic",
        "meaning": f["country"],
        "country": f["country"],
        "iso2": f["iso2"],
        "confidence": "standard",
        "note": f["note"],
    })
    named = _read("tags.csv")
    named["country"] = pd.NA
    named["iso2"] = pd.NA
    # tags.csv wins where a code is both (EU: the European Union, not Europa Island)
    geo = geo[~geo["code"].isin(named["code"])]
    out = pd.concat([geo, named[geo.columns]], ignore_index=True).astype(_STR)
    first = out["code"].str.slice(0, 1)
    # the first letter gives the field only for codes of the scheme (AGOA is not administration)
    is_field = out["kind"].isin(["subject", "program"]) & out["confidence"].ne("non-standard")
    out["field"] = first.map(TAG_FIELDS).where(is_field).astype(_STR)
    out = out[["code", "kind", "meaning", "country", "iso2", "field", "confidence", "note"]]
    return out.sort_values("code", ignore_index=True)


def tag_table() -> pd.DataFrame:
    """Every TAGS code we know: code, kind, meaning, country, iso2, field, confidence, note.

    Geographic codes are the FIPS 10-4 table (meaning = country) plus the regional
    codes (XF = Middle East ...); `field` is the subject field of subject and program
    tags (P = Political affairs ...). Person tags ("CLINTON, HILLARY") are open-ended
    and not listed; :func:`tag_kind` recognises them.

    >>> t = tag_table().set_index("code")
    >>> t.loc["PREL", ["kind", "meaning", "field"]].tolist()
    ['subject', 'External political relations', 'Political affairs']
    >>> t.loc["VM", ["kind", "country", "iso2"]].tolist()
    ['geographic', 'Vietnam', 'VN']
    >>> t.loc["UNSC", "kind"], t.loc["KIRF", "kind"]
    ('organization', 'program')
    """
    return _tags().copy()


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    t = _tags()
    return dict(zip(t["code"], t["kind"]))


@lru_cache(maxsize=8192)
def tag_kind(code: str | None) -> str:
    """The kind of a TAGS code: subject, geographic, organization, program, person or unknown.

    Known codes take their kind from :func:`tag_table`. Otherwise the rules of
    cablemap's ``tag_kind`` apply: a comma means a person ("CLINTON, HILLARY"), two
    letters a geographic code, K + three letters a program tag; anything else is
    "unknown". Case is ignored. Unlike cablemap, geographic codes are called
    "geographic" (cablemap: "geo").

    >>> tag_kind("KIPR"), tag_kind("kwww"), tag_kind("GE"), tag_kind("UNKNOWN")
    ('program', 'program', 'geographic', 'unknown')
    """
    if not isinstance(code, str) or not code.strip():
        return "unknown"
    c = code.strip().upper()
    kind = _kinds().get(c)
    if kind is not None:
        return kind
    if "," in c:
        return "person"
    if re.fullmatch(r"[A-Z]{2}", c):
        return "geographic"
    if re.fullmatch(r"K[A-Z]{3}", c):
        return "program"
    return "unknown"


def tag_variants() -> pd.DataFrame:
    """Free text and variants seen on real TAGS lines: variant, replacement, codes, reason, example.

    `replacement` is what the parser puts in ``tags`` instead of the variant: code(s),
    space-separated ("IT PGOV" for the glued "ITPGOV"), or a person tag ("CLINTON,
    HILLARY"); NA leaves the variant as typed. `codes` are the codes the variant stands
    for in ``tag_codes`` (:mod:`cabletools.parse.tag_codes`), NA for none (an English
    word such as "RIGHTS", a post name). `example` is a cable showing it.

    >>> v = tag_variants().set_index("variant")
    >>> v.loc["ITPGOV", "replacement"], v.loc["ENGR", "replacement"], pd.isna(v.loc["HUMAN", "replacement"])
    ('IT PGOV', 'ENRG', True)
    >>> v.loc["HUMAN RIGHTS", "codes"], v.loc["HUMANR", "codes"], pd.isna(v.loc["RIGHTS", "codes"])
    ('PHUM', 'PHUM', True)
    """
    return _read("tag_variants.csv")


@lru_cache(maxsize=1)
def known_tag_codes() -> frozenset[str]:
    """The codes of the TAGS scheme in :func:`tag_table`: every row but the ``non-standard``
    ones (for splitting glued codes such as "KFRDKIRFCVIS"; a post's own three-letter codes
    would cut English words: "FACES" is not FAC + ES).

    >>> {"PREL", "VM", "UNSC", "KIRF", "XF"} <= known_tag_codes()
    True
    >>> "ITPGOV" in known_tag_codes(), "CODEL" in known_tag_codes()
    (False, False)
    """
    t = _tags()
    return frozenset(t.loc[t["confidence"].ne("non-standard"), "code"].tolist())
