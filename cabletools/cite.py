"""Cite and export cables: a footnote, BibTeX or CSL-JSON entry for each cable, stable public URLs
built from its id, and the export of a selection to CSV, Parquet or a bibliography.

A cable is cited the way historians cite telegrams: sender to recipient, subject in quotation
marks, the cable's id, its date, the collection it was read in and a stable public address.
The WikiLeaks addresses are built from the id (and, for the old cablegate site, the cable's
year and month): https://wikileaks.org/plusd/cables/<ID>_a.html and
https://wikileaks.org/cable/<YYYY>/<MM>/<ID>.html.

>>> row = {"cable_id": "08HANOI1002", "origin": "Embassy Hanoi", "to": ["SECSTATE WASHDC"],
...        "date": "2008-08-28 10:35", "subject": "VIETNAM REFUSES TO CONDEMN RUSSIA"}
>>> print(cite(row))
Embassy Hanoi to Secretary of State, "Vietnam Refuses to Condemn Russia," cable 08HANOI1002, August 28, 2008, Cablegate (WikiLeaks), https://wikileaks.org/plusd/cables/08HANOI1002_a.html.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["COLLECTION", "STYLES", "cablegate_url", "cite", "citations", "export", "plusd_url", "title_case"]

#: the collection a cable was read in, unless the caller names another
COLLECTION = "Cablegate (WikiLeaks)"
#: citation styles `cite` knows
STYLES = ("chicago", "bibtex", "csl-json")
#: export formats `export` knows, and the file suffixes that choose them
EXPORT_FORMATS = {".csv": "csv", ".parquet": "parquet", ".bib": "bibtex", ".json": "csl-json"}

_CANONICAL_ID = re.compile(r"\d{2}[A-Z][A-Z0-9]*\d")  # 08HANOI1002 (fullmatch; one lazy-free run)
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or over per the to via vs with".split())
#: acronyms that have vowels (those without, GVN, PRC, are kept by rule)
_ACRONYMS = frozenset("""AIDS ASEAN AU EU FARC GOA GOI GOJ GOK GOL GON GOP GOS GOT GOU GOV IAEA ICAO IMF IRA
    NATO NGO NGOS OAS OAU OECD OPEC OSCE UAE UK UN UNDP UNESCO UNGA UNHCR UNICEF UNSC US USA USAID USG USUN
    WHO WTO""".split())
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


# --------------------------------------------------------------------------- fields
def _value(cable: Mapping, key: str):
    value = cable.get(key)
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return None
    return value


def _date(cable: Mapping) -> pd.Timestamp | None:
    value = _value(cable, "date")
    return None if value is None else pd.Timestamp(value)


def _is_canonical(cable_id) -> bool:
    return isinstance(cable_id, str) and _CANONICAL_ID.fullmatch(cable_id) is not None


def plusd_url(cable_id: str | None) -> str | None:
    """The cable's page in WikiLeaks' Public Library of US Diplomacy; None for an id that is not
    canonical (a partial extract without a year).

    >>> plusd_url("08HANOI1002"), plusd_url("HANOI2998")
    ('https://wikileaks.org/plusd/cables/08HANOI1002_a.html', None)
    """
    return f"https://wikileaks.org/plusd/cables/{cable_id}_a.html" if _is_canonical(cable_id) else None


def cablegate_url(cable_id: str | None, date) -> str | None:
    """The cable's page on the 2010 cablegate site (its year and month come from the date).

    >>> cablegate_url("08HANOI1002", "2008-08-28")
    'https://wikileaks.org/cable/2008/08/08HANOI1002.html'
    """
    if not _is_canonical(cable_id) or date is None or pd.isna(date):
        return None
    return f"https://wikileaks.org/cable/{pd.Timestamp(date):%Y/%m}/{cable_id}.html"


def addressee_name(addressee: str | None) -> str | None:
    """A routing addressee as people name it: the station table's name when it knows the station
    ("SECSTATE WASHDC" -> "Secretary of State"), else the addressee as printed.

    >>> addressee_name("SECSTATE WASHDC"), addressee_name("AMEMBASSY MOSCOW"), addressee_name("JOINT STAFF WASHDC")
    ('Secretary of State', 'Embassy Moscow', 'JOINT STAFF WASHDC')
    """
    if not addressee:
        return None
    from cabletools.ids import canonical_station
    from cabletools.refdata import station_info

    info = station_info(canonical_station(addressee))
    return (info or {}).get("origin") or addressee


def title_case(subject: str | None) -> str | None:
    """An all-capitals SUBJECT line in title case, acronyms kept: small words lower case (but the
    first and after a colon), words without vowels (GVN, PRC), words with digits (F-4ES) and known
    acronyms (UNSC, NATO) in capitals; each part of a hyphenated word on its own (ZANU-PF:
    "Zanu-PF", a known miss: ZANU has vowels and is not in the list).
    A subject already in mixed case is left alone.

    >>> title_case("VIETNAM REFUSES TO CONDEMN RUSSIA'S RECOGNITION OF ABKHAZIA")
    "Vietnam Refuses to Condemn Russia's Recognition of Abkhazia"
    >>> title_case("GVN AND UNSC: THE U.S. POSITION ON DPRK")
    'GVN and UNSC: The U.S. Position on DPRK'
    """
    if not subject or subject != subject.upper():
        return subject
    words = subject.split()
    out = []
    for i, word in enumerate(words):
        small_ok = i > 0 and not words[i - 1].endswith(":")
        out.append("-".join(_title_word(part, small_ok and k == 0) for k, part in enumerate(word.split("-"))))
    return " ".join(out)


def _title_word(word: str, may_be_small: bool) -> str:
    """One word (or one part of a hyphenated word) of an all-capitals subject."""
    letters = "".join(ch for ch in word if ch.isalpha())
    if (letters in _ACRONYMS or "." in word or any(ch.isdigit() for ch in word)
            or (len(letters) > 1 and not set(letters) & set("AEIOUY"))):
        return word
    if may_be_small and letters.lower() in _SMALL_WORDS:
        return word.lower()
    return word[:1] + word[1:].lower()


def _parties(cable: Mapping) -> tuple[str | None, str | None]:
    sender = _value(cable, "origin") or _value(cable, "fm") or _value(cable, "station")
    to = [t for t in (_value(cable, "to") if _value(cable, "to") is not None else []) if t]
    recipient = addressee_name(to[0]) if to else None
    if recipient and len(to) > 1:
        recipient += " et al."
    return sender, recipient


def _long_date(date: pd.Timestamp | None) -> str | None:
    return None if date is None else f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"


# --------------------------------------------------------------------------- styles
def _chicago(cable: Mapping, collection: str) -> str:
    sender, recipient = _parties(cable)
    head = " to ".join(p for p in (sender, recipient) if p) or "US Department of State"
    subject = title_case(_value(cable, "subject"))
    cable_id = _value(cable, "cable_id")
    date = _date(cable)
    tail = [f"cable {cable_id}" if cable_id else "cable without id", _long_date(date), collection,
            plusd_url(cable_id) or cablegate_url(cable_id, date)]
    quoted = f'"{subject}," ' if subject else ""
    return f"{head}, {quoted}" + ", ".join(p for p in tail if p) + "."


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text).replace("~", r"\textasciitilde{}").replace("^", r"\^{}")


def _bibtex(cable: Mapping, collection: str) -> str:
    sender, recipient = _parties(cable)
    cable_id = _value(cable, "cable_id") or "cable"
    date = _date(cable)
    fields = {
        "author": f"{{{_bibtex_escape(sender)}}}" if sender else None,
        "title": _bibtex_escape(title_case(_value(cable, "subject")) or ""),
        "howpublished": _bibtex_escape(f"Cable {cable_id}" + (f" to {recipient}" if recipient else "")),
        "date": f"{date:%Y-%m-%d}" if date is not None else None,
        "year": f"{date:%Y}" if date is not None else None,
        "organization": _bibtex_escape(collection),
        "url": plusd_url(cable_id),
        "note": (f"Also at \\url{{{cablegate_url(cable_id, date)}}}" if cablegate_url(cable_id, date) else None),
    }
    key = re.sub(r"[^A-Za-z0-9_:-]", "", f"cable:{cable_id}")
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@misc{{{key},\n{body}\n}}"


def _csl(cable: Mapping, collection: str) -> dict:
    sender, recipient = _parties(cable)
    cable_id = _value(cable, "cable_id")
    date = _date(cable)
    item = {
        "id": cable_id or "cable",
        "type": "document",
        "genre": "Diplomatic cable",
        "title": title_case(_value(cable, "subject")),
        "author": [{"literal": sender}] if sender else None,
        "recipient": [{"literal": recipient}] if recipient else None,
        "issued": {"date-parts": [[date.year, date.month, date.day]]} if date is not None else None,
        "number": cable_id,
        "archive": collection,
        "URL": plusd_url(cable_id),
        "note": _value(cable, "classification"),
    }
    return {k: v for k, v in item.items() if v}


def _rows(cables) -> list[Mapping]:
    if isinstance(cables, pd.DataFrame):
        return [row for _, row in cables.iterrows()]
    return [cables]


def citations(df: pd.DataFrame, style: str = "chicago", collection: str = COLLECTION) -> pd.Series:
    """One citation per cable of `df` (a string; CSL-JSON as a JSON object), indexed like `df`.

    >>> citations(pd.DataFrame({"cable_id": ["08HANOI1002"], "origin": ["Embassy Hanoi"]})).iloc[0]
    'Embassy Hanoi, cable 08HANOI1002, Cablegate (WikiLeaks), https://wikileaks.org/plusd/cables/08HANOI1002_a.html.'
    """
    return pd.Series([cite(row, style=style, collection=collection) for row in _rows(df)],
                     index=df.index, dtype=object, name="citation")


def cite(cables, style: str = "chicago", collection: str = COLLECTION) -> str:
    """The citation of a cable (a row of the cable frame, or a mapping) or of every cable of a
    frame, one per line (BibTeX: entries apart by a blank line; CSL-JSON: one JSON array).

    `style`: "chicago" (a footnote), "bibtex" or "csl-json". `collection` names where the cables
    were read (default: Cablegate, WikiLeaks). See the module's example.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    rows = _rows(cables)
    if style == "csl-json":
        items = [_csl(row, collection) for row in rows]
        return json.dumps(items if isinstance(cables, pd.DataFrame) else items[0], ensure_ascii=False, indent=1)
    if style == "bibtex":
        return "\n\n".join(_bibtex(row, collection) for row in rows)
    return "\n".join(_chicago(row, collection) for row in rows)


# --------------------------------------------------------------------------- export
def _flat_for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """List columns as '; '-joined text (what a spreadsheet can show), dates as ISO text."""
    out = pd.DataFrame(index=df.index)
    for column in df.columns:
        values = df[column]
        if isinstance(values.dtype, pd.ArrowDtype) and "list" in str(values.dtype.pyarrow_dtype):
            out[column] = ["; ".join(map(str, v)) if v is not None else "" for v in values.tolist()]
        else:
            out[column] = values
    return out


def export(df: pd.DataFrame, path, format: str | None = None, *, collection: str = COLLECTION) -> Path:
    """Write the cables of `df` to `path` and return it: "csv" (list columns joined by "; ", plus
    `citation` and `url` columns), "parquet" (every column with its type), "bibtex" or "csl-json"
    (a bibliography). The format comes from the suffix when not given (.csv, .parquet, .bib,
    .json). The file appears whole or not at all: it is written beside `path` and renamed.

    >>> export(df, "selection.bib")                                    # doctest: +SKIP
    PosixPath('selection.bib')
    """
    path = Path(path)
    fmt = format or EXPORT_FORMATS.get(path.suffix.lower())
    if fmt not in EXPORT_FORMATS.values():
        raise ValueError(f"format must be one of {sorted(set(EXPORT_FORMATS.values()))} "
                         f"(or a path ending in {', '.join(EXPORT_FORMATS)}), not {format or path.suffix!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        if fmt == "parquet":
            # without pandas' metadata: readers (pandas included) rebuild the types from Arrow's
            table = pa.Table.from_pandas(df, preserve_index=False)
            pq.write_table(table.replace_schema_metadata(None), temp)
        elif fmt == "csv":
            out = _flat_for_csv(df).assign(citation=citations(df, collection=collection).to_numpy(),
                                           url=[plusd_url(v) for v in df.get("cable_id", pd.Series(index=df.index))])
            out.to_csv(temp, index=False)
        else:
            Path(temp).write_text(cite(df, style=fmt, collection=collection) + "\n", encoding="utf-8")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
