"""Readers: turn what the user points at into :class:`Document`s (text + what the source
states outside the text). Formats: ``.txt`` files and folders, WikiLeaks cablegate HTML pages
or site mirrors, WikiLeaks' ``cables.csv``, JSON lines, and .zip/.tar.* archives of any of these.

>>> docs = list(iter_documents_from_text("UNCLAS HANOI 001002", "a.txt"))
>>> docs[0].source, docs[0].text
('a.txt', 'UNCLAS HANOI 001002')
"""
from __future__ import annotations

import bz2
import csv
import errno
import glob
import gzip
import html
import io
import json
import lzma
import os
import re
import stat
import sys
import tarfile
import zipfile
import zlib
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator

from cabletools.ids import canonical_id

FORMATS = ("auto", "txt", "html", "csv", "jsonl")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
TEXT_SUFFIXES = (".txt", ".text", "")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")


class CorpusError(ValueError):
    """An input cannot be read at all (missing path, not a corpus). The message names it."""


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: its text (None when unreadable) and metadata the source states
    outside the text (keys among cable_id, date, origin, classification, references, subject)."""

    source: str
    text: str | None
    meta: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # a file or member name that is not valid UTF-8 (os.walk and tarfile hand it over with
        # surrogate escapes) cannot be stored: shown with \x escapes, and said so
        if not self.source.isascii():
            shown = printable_name(self.source)
            if shown != self.source:
                object.__setattr__(self, "source", shown)
                object.__setattr__(self, "problems", (
                    "file name is not valid UTF-8 (shown with \\x escapes)",
                    *(printable_name(p) for p in self.problems)))


def printable_name(name: str) -> str:
    r"""`name` as storable UTF-8: the undecodable bytes a surrogate escape stands for as
    ``\xNN``, any other lone surrogate as ``\udNNN``.

    >>> printable_name("caf\udce9.txt"), printable_name("ok.txt")
    ('caf\\xe9.txt', 'ok.txt')
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


# --------------------------------------------------------------------------- decoding

_UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                 (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: Bytes that are control characters in text (C0 controls but tab, newlines, form feed, escape; DEL)
_CONTROL_BYTES = bytes([*range(9), *range(14, 27), *range(28, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def decode(data: bytes, source: str) -> tuple[str | None, tuple[str, ...]]:
    r"""Bytes -> text. UTF-8 (BOM dropped); UTF-16/32 when a byte-order mark says so; else
    Windows-1252/Latin-1 with a problem noted. Binary data gives no text: more than 1% (and 8) of
    the first 8 KB are control bytes (a stray NUL in a text is data, kept).

    >>> decode("UNCLAS".encode("utf-16"), "a.txt"), decode(b"UNCLAS\x00X", "a.txt")
    (('UNCLAS', ()), ('UNCLAS\x00X', ()))
    """
    if not data:
        return "", ("empty file",)
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom):
            text = data.decode(codec, "replace")
            bad = text.count("\ufffd") - data.decode(codec, "ignore").count("\ufffd")
            return text, ((f"{bad} bytes not valid {codec.upper()}, shown as U+FFFD",) if bad else ())
    head = data[:8192]
    controls = len(head.translate(None, _NOT_CONTROL))
    if controls > 8 and controls * 100 > len(head):
        return None, (f"binary file, not text: {source}",)
    try:
        text = data.decode("utf-8")  # then the BOM dropped: "utf-8-sig" costs twice as much
        return (text[1:] if text.startswith("\ufeff") else text), ()
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
            return text, (f"not valid UTF-8 (byte {exc.start}); decoded as Windows-1252",)
        except UnicodeDecodeError:
            return data.decode("latin-1"), (f"not valid UTF-8 (byte {exc.start}); decoded as Latin-1",)


_ID_NAME_RE = re.compile(r"^(\d{2})[A-Z]{2,}\d+$")


def _file_name_meta(name: str) -> dict:
    """A file named after its cable ("08HANOI1002.txt") tells the year a partial extract's
    text lacks; it only fills gaps (``id_hint``), the text's own reference wins."""
    stem = os.path.splitext(name.replace("\\", "/").rsplit("/", 1)[-1])[0]
    stem = stem.split("__", 1)[0]  # "87NEWDELHI17853__d922668b.txt": id, then a content hash
    return {"id_hint": stem} if _ID_NAME_RE.match(stem) else {}


def iter_documents_from_text(text: str, source: str) -> Iterator[Document]:
    yield Document(source, text)


# --------------------------------------------------------------------------- cablegate HTML

# Plain string search, no regular expression scans to a closing tag: a malformed page (an
# unclosed <pre>, <h3> or <a>, runs of spaces in a <td>) costs time linear in its length.
# The one expression left cannot run past the next "<" or ">", so its attempts never overlap.
_A_TAG_RE = re.compile(r"</?a\b[^<>]*>", re.IGNORECASE)


def _between(page: str, start: str, end: str, pos: int = 0, limit: int | None = None) -> list[str]:
    """The texts between each `start` and the next `end`, in order, from `pos`; an opening
    that is never closed ends the search (nothing after it can close either).

    >>> _between("<td> a </td><td>b</td><td>c", "<td>", "</td>")
    [' a ', 'b']
    """
    found: list[str] = []
    while limit is None or len(found) < limit:
        i = page.find(start, pos)
        if i < 0:
            break
        j = page.find(end, i + len(start))
        if j < 0:
            break
        found.append(page[i + len(start):j])
        pos = j + len(end)
    return found


def _unhtml(fragment: str) -> str:
    return html.unescape(_A_TAG_RE.sub("", fragment).replace("&#x000A;", "\n"))


def is_cablegate_html(text: str) -> bool:
    return "<table class='cable'>" in text or ("<pre>" in text and "Viewing cable" in text)


def parse_cablegate_html(page: str, source: str) -> Document:
    """A cablegate site page -> the cable text (header box + "\\n" + body box) and its table.

    >>> d = parse_cablegate_html("<h3>Viewing cable 08X1, A TITLE</h3><pre>UNCLAS</pre>", "p.html")
    >>> d.text, d.meta
    ('UNCLAS', {'subject': 'A TITLE'})
    """
    pres = _between(page, "<pre>", "</pre>")
    if not pres:
        return Document(source, None, {}, (f"cablegate page without a cable text: {source}",))
    text = "\n".join(_unhtml(p) for p in pres)
    meta: dict = {}
    table = _between(page, "<table class='cable'>", "</table>", limit=1)
    if table:
        cells = [_unhtml(c).strip() for c in _between(table[0], "<td>", "</td>")]
        if len(cells) >= 5:
            meta["cable_id"] = cells[0] or None
            meta["date"] = _parse_source_date(cells[1])
            meta["classification"] = cells[3] or None
            meta["origin"] = cells[4] or None
    title = _between(page, "<h3>Viewing cable ", "</h3>", limit=1)
    if title:
        ref, comma, subject = title[0].partition(",")
        if comma and "<" not in ref and subject.strip():
            meta["subject"] = html.unescape(subject.strip())
    problems = ()
    if len(pres) not in (1, 2):
        problems = (f"cablegate page has {len(pres)} text boxes",)
    return Document(source, text, meta, problems)


# WikiLeaks PlusD pages (the 1973-76 Kissinger cables): the cable in a "Raw content" pane, or
# as a "Content" pane's header box and body box; a "Metadata" pane of "Key: value" lines
# (the State Department's own fields: Document Number, Draft Date, From, To, TAGS, ...).
_PLUSD_PANE = '<div class="pane-header">{}</div><div class="pane-content"><div class="text-content">'


def is_plusd_html(text: str) -> bool:
    return _PLUSD_PANE.format("Metadata") in text


def plusd_metadata(pane: str) -> dict[str, str]:
    r"""The PlusD "Metadata" pane's fields as it states them: a value continued on indented
    lines is joined with single spaces (YAML quoting such as ``! 'ROME'`` is kept).

    >>> plusd_metadata("---\nDraft Date: 17 MAY 1974\nMarkings: Declassified 30 JUN\n  2005\nTo: ! 'ROME'\n")
    {'Draft Date': '17 MAY 1974', 'Markings': 'Declassified 30 JUN 2005', 'To': "! 'ROME'"}
    """
    fields: dict[str, str] = {}
    key = None
    for line in pane.splitlines():
        name, colon, value = line.partition(": ")
        if colon and not line[:1].isspace() and name.strip() == name and name:
            key = name
            fields[key] = value.strip()
        elif key is not None and line.strip() and line.strip() != "---":
            fields[key] = f"{fields[key]} {line.strip()}".strip()
    return fields


def parse_plusd_html(page: str, source: str) -> Document:
    """A PlusD page -> the cable text ("Raw content" pane, else header box + "\\n" + body box)
    and the metadata pane: ``meta["plusd"]`` holds every field as stated; the Document
    Number, Draft Date and Subject fill cable_id, date and subject."""
    raw = _between(page, _PLUSD_PANE.format("Raw content"), "</div>", limit=1)
    if raw:
        text = html.unescape(_A_TAG_RE.sub("", raw[0]))
    else:
        header = _between(page, '<div class="text-header hidden">', "</div>", limit=1)
        body = _between(page, '<div id="tagged-text">', "</div>", limit=1)
        if not body:
            return Document(source, None, {}, (f"PlusD page without a cable text: {source}",))
        text = html.unescape(_A_TAG_RE.sub("", (header[0] + "\n" if header else "") + body[0]))
    pane = _between(page, _PLUSD_PANE.format("Metadata"), "</div>", limit=1)
    fields = plusd_metadata(html.unescape(pane[0])) if pane else {}
    meta: dict = {"plusd": fields}
    if fields.get("Document Number", "n/a") != "n/a":
        meta["cable_id"] = _plusd_cable_id(fields["Document Number"])
    if fields.get("Draft Date"):
        meta["date"] = _parse_source_date(fields["Draft Date"])
    if fields.get("Subject", "n/a") != "n/a":
        meta["subject"] = fields["Subject"]
    problems = () if pane else (f"PlusD page without its metadata pane: {source}",)
    return Document(source, text, {k: v for k, v in meta.items() if v is not None}, problems)


_PLUSD_NUMBER_RE = re.compile(r"(\d{4})([A-Z]+)(\d+)", re.ASCII)


def _plusd_cable_id(number: str) -> str:
    """PlusD's document number ("1974ATHENS02959", a four-digit year) as a cable id.

    >>> _plusd_cable_id("1974ATHENS02959"), _plusd_cable_id("P740091-0812")
    ('74ATHENS2959', 'P740091-0812')
    """
    m = _PLUSD_NUMBER_RE.fullmatch(number)
    return (canonical_id(f"{m[2]} {m[3]}", year=int(m[1])) if m else None) or number


_SOURCE_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})", re.ASCII)


def _parse_source_date(value: str) -> datetime | None:
    """A date as sources give it: cables.csv's "M/D/YYYY H:MM", ISO, or a bare date; UTC.

    >>> _parse_source_date("12/31/2008 23:05").isoformat(), _parse_source_date("2008-12-31").isoformat()
    ('2008-12-31T23:05:00+00:00', '2008-12-31T00:00:00+00:00')
    """
    value = (value or "").strip()
    m = _SOURCE_DATE_RE.fullmatch(value)  # cables.csv's form, without strptime's cost
    if m:
        month, day, year, hour, minute = map(int, m.groups())
        try:
            return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)
        except ValueError:
            return None
    for fmt in ("%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d", "%m/%d/%Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- cables.csv

CSV_COLUMNS = ("row", "date", "cable_id", "origin", "classification", "references", "header", "content")


def iter_cables_csv(stream: io.TextIOBase, source: str) -> Iterator[Document]:
    """WikiLeaks' cables.csv dialect: 8 columns, backslash-escaped quotes, no header row."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    yield from _documents_from_rows(csv.reader(stream, escapechar="\\", doublequote=False), source)


def _documents_from_rows(rows: Iterable[list[str]], source: str,
                         problems: tuple[str, ...] = ()) -> Iterator[Document]:
    n = 0
    for row in rows:
        if not row:
            continue  # a blank line between records is no document
        n += 1
        # the csv's own row number (its first column) names the cable's place in cables.csv
        label = f"{source}#row{row[0] if row and row[0].isdigit() else n}"
        if len(row) != 8:
            yield Document(label, "\n".join(row[6:]) if len(row) > 6 else None, {},
                           problems + (f"cables.csv row {n} has {len(row)} columns, expected 8",))
            continue
        refs = tuple(r for r in row[5].split("|") if r.strip()) if row[5] else ()
        meta = {
            "cable_id": row[2].strip() or None,
            "date": _parse_source_date(row[1]),
            "origin": row[3].strip() or None,
            "classification": row[4].strip() or None,
            "references": refs,
            "csv_row": row[0],
        }
        yield Document(label, row[6] + "\n" + row[7], meta, problems)


def _cables_csv_rows_arrow(data: bytes) -> list[tuple[str, ...]] | None:
    r"""The rows of a regular UTF-8 cables.csv, split by Arrow's C++ csv reader (about 5x the
    csv module, the same fields); None when Arrow finds it irregular (a row of another width
    or without its row number): the csv module then reads it and names the bad rows.

    >>> _cables_csv_rows_arrow(b'"1","1/2/2008 10:00","08X1","E","U","","h","say \\"hi\\"\nbye"\n')
    [('1', '1/2/2008 10:00', '08X1', 'E', 'U', '', 'h', 'say "hi"\nbye')]
    >>> _cables_csv_rows_arrow(b'"1","2"\n') is None
    True
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data:
        return []
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=list(CSV_COLUMNS), use_threads=False,
                                           block_size=max(1 << 20, min(len(data) + 1, 1 << 30))),
            parse_options=pacsv.ParseOptions(escape_char="\\", double_quote=False, newlines_in_values=True,
                                             ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in CSV_COLUMNS},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    import pyarrow.compute as pc

    # a blank line between records is skipped (as the csv reader's rows are); a row without
    # its row number is irregular, and goes to the csv module, which names it.
    if table.num_rows and pc.any(pc.equal(table.column("row"), "")).as_py():
        return None
    return list(zip(*(table.column(c).to_pylist() for c in CSV_COLUMNS)))


def iter_cables_csv_bytes(data: bytes, source: str) -> Iterator[Document]:
    """:func:`iter_cables_csv` over the undecoded bytes of a cables.csv (or a slice of one
    starting at a record): Arrow splits regular UTF-8 rows, the csv module the rest; a
    decoding problem is noted on every row."""
    text, problems = decode(data, source)
    if text is None:
        yield Document(source, None, {}, problems)
        return
    rows = None if problems or data.startswith(tuple(b for b, _ in _UNICODE_BOMS)) else _cables_csv_rows_arrow(data)
    if rows is None:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        rows = csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False)
    yield from _documents_from_rows(rows, source, problems)


_CABLES_CSV_HEAD = r'^"[0-9]+","[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}'
_CABLES_CSV_HEAD_RE = re.compile(_CABLES_CSV_HEAD.encode())


def looks_like_cables_csv(head: str) -> bool:
    return bool(re.match(_CABLES_CSV_HEAD, head))


# --------------------------------------------------------------------------- JSON lines

def iter_jsonl(stream: io.TextIOBase, source: str) -> Iterator[Document]:
    """JSON lines with cablegatesearch-style fields (_id/reference_id, header, body/content,
    date_time, origin, classification); a line that is not JSON becomes a row with problems.

    >>> [d.problems for d in iter_jsonl(io.StringIO('{"_id": "08HANOI1", "body": "x"}\\n[\\n'), "e.jsonl")]
    [(), ('invalid JSON on line 2: Expecting value',)]
    """
    for n, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        label = f"{source}#line{n}"
        rec, problem = _loads(line)
        if problem:
            yield Document(label, None, {}, (f"invalid JSON on line {n}: {problem}",))
        elif not isinstance(rec, dict):
            yield Document(label, None, {}, (f"line {n} is not a JSON object",))
        else:
            yield json_record_document(rec, label)


def _loads(text: str) -> tuple[object, str | None]:
    """(value, None) or (None, why not): nesting too deep for the parser is a reason too."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, exc.msg
    except RecursionError:
        return None, "nested too deeply"


def iter_json_file(text: str, source: str) -> Iterator[Document]:
    """A ``.json`` file: one JSON array of records (a row each), one record, or JSON lines."""
    if text.lstrip().startswith("["):
        value, problem = _loads(text)
        if problem is None and isinstance(value, list):
            for n, rec in enumerate(value, start=1):
                label = f"{source}#item{n}"
                if isinstance(rec, dict):
                    yield json_record_document(rec, label)
                else:
                    yield Document(label, None, {}, (f"array item {n} is not a JSON object",))
            return
    yield from iter_jsonl(io.StringIO(text), source)


_JSON_META = {"cable_id": ("reference_id", "cable_id", "_id"), "origin": ("origin",),
              "classification": ("classification",), "date": ("date_time", "date")}


def json_record_document(rec: dict, label: str) -> Document:
    """One cablegatesearch-style record -> Document. A field of the wrong type (a number for
    the origin, a list for the classification) is noted and left out, never a crash; text
    holding lone surrogates (``"\\ud800"``) keeps U+FFFD in their place.

    >>> d = json_record_document({"_id": 12345, "body": "x", "origin": ["a"]}, "e#line1")
    >>> d.meta, d.problems
    ({'cable_id': '12345'}, ('JSON field _id is a number, read as text', 'JSON field origin is a list, ignored'))
    """
    problems: list[str] = []
    parts = [_json_text(rec, key, problems) for key in ("header", "body", "content", "text")]
    header, body = parts[0], parts[1] or parts[2] or parts[3]
    text = f"{header}\n{body}" if header else body
    meta: dict = {}
    for name, keys in _JSON_META.items():
        key = next((k for k in keys if rec.get(k) not in (None, "")), None)
        value = _json_text(rec, key, problems) if key else ""
        if value:
            meta[name] = _parse_source_date(value) if name == "date" else value
    return Document(label, text, {k: v for k, v in meta.items() if v}, tuple(problems))


def _json_text(rec: dict, key: str, problems: list[str]) -> str:
    """rec[key] as text: a number as its digits (noted), anything but a string ignored (noted)."""
    value = rec.get(key)
    if value is None or isinstance(value, str):
        valid = _valid_utf8(value or "")
        if valid != (value or ""):
            problems.append(f"JSON field {key} holds lone surrogate escapes, read as U+FFFD")
        return valid
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        problems.append(f"JSON field {key} is a number, read as text")
        return str(value)
    kind = {list: "a list", dict: "an object", bool: "a boolean"}.get(type(value), type(value).__name__)
    problems.append(f"JSON field {key} is {kind}, ignored")
    return ""


def _valid_utf8(text: str) -> str:
    """`text` with lone surrogates (which JSON's \\ud800 escapes can give) as U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


# --------------------------------------------------------------------------- sniffing

def _kind_of(name: str, head: bytes, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    head = head[:4096]  # sniffed as bytes: a folder of 250,000 .txt files passes through here
    if _CABLES_CSV_HEAD_RE.match(head):
        return "csv"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    if b"<" in head and (b"<html" in head.lower() or b"<pre>" in head):
        return "html"
    return "txt"


def documents_from_bytes(data: bytes, name: str, fmt: str = "auto") -> Iterator[Document]:
    """Documents in one file's bytes (any format but archives). A text file (``.txt`` or no
    suffix) is one cable unless its content proves another format (:func:`_proven_kind`).

    >>> [d.text for d in documents_from_bytes(b'{ UNCLAS }\\n', "a.txt")]
    ['{ UNCLAS }\\n']
    """
    kind = _kind_of(name, data[:4096], fmt)
    text, problems = decode(data, name)
    if text is not None and kind != "txt" and fmt == "auto" and _is_text_name(name):
        kind = _proven_kind(kind, text)
    if kind == "txt":
        yield Document(name, text, _file_name_meta(name), problems)
        return
    if text is None:
        yield Document(name, None, {}, problems)
        return
    if kind == "html":
        doc = parse_plusd_html(text, name) if is_plusd_html(text) else parse_cablegate_html(text, name)
        yield Document(doc.source, doc.text, doc.meta, problems + doc.problems)
    elif kind == "csv":
        if fmt == "auto" and not looks_like_cables_csv(text[:200]):
            raise CorpusError(f"{name} is a CSV file but not in WikiLeaks' cables.csv layout "
                              '("row","M/D/YYYY H:MM","ID","Origin","CLASSIFICATION","refs","header","content")')
        yield from iter_cables_csv_bytes(data, name)
    elif kind == "jsonl":
        if name.lower().endswith(".json"):
            yield from iter_json_file(text, name)
        else:
            yield from iter_jsonl(io.StringIO(text), name)


def _is_text_name(name: str) -> bool:
    """Named as a plain text file: ``.txt``/``.text``, or no suffix at all."""
    return os.path.splitext(name.replace("\\", "/").rsplit("/", 1)[-1])[1].lower() in TEXT_SUFFIXES


_PROOF_CHARS = 1 << 22  # a first cables.csv record longer than 4 MB is taken on its looks


def _proven_kind(kind: str, text: str) -> str:
    """The sniffed `kind` of a text file's content when the content proves it, else "txt": a
    cablegate page with a cable text box, a first line that is a JSON object, a first record
    that is a whole cables.csv row. (A cable that opens with "{", quotes "<html>" or has a
    CSV-looking first line stays one cable.)

    >>> _proven_kind("jsonl", '{"_id": "08HANOI1"}\\n'), _proven_kind("jsonl", "{ CORRECTED COPY }\\n")
    ('jsonl', 'txt')
    """
    if kind == "html":
        return "html" if is_cablegate_html(text) and _between(text, "<pre>", "</pre>", limit=1) else "txt"
    if kind == "jsonl":
        first = text.lstrip().split("\n", 1)[0]
        value, problem = _loads(first)
        return "jsonl" if problem is None and isinstance(value, dict) else "txt"
    if kind == "csv":
        verdict = _whole_record(text[:_PROOF_CHARS], len(text) <= _PROOF_CHARS)
        return "txt" if verdict is False else "csv"
    return kind


def _is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


_WANTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + (".csv",)

#: A file or archive member holding more than this is refused with a row, never read whole
#: (the longest real cable is about 1 MB; a zip bomb inflates to gigabytes).
MAX_DOCUMENT_BYTES = 64 * 2**20
#: Archives inside archives are read to this depth; deeper ones are a row saying so.
MAX_NESTING = 2
#: Bytes after a tar's end marker that are checked (and read, so a compressed stream's own
#: checksum is verified); more than this is reported, not read.
_TAR_TAIL_BYTES = 1 << 20


def _member_base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _wanted_member(name: str) -> bool:
    r"""An archive member to read: a cable file or a nested archive by its suffix; hidden
    names (``.x``, ``__MACOSX/._x``) are left out as in folders. Either slash separates.

    >>> _wanted_member("a/b.txt"), _wanted_member("..\\..\\x.txt"), _wanted_member("d/.x.txt")
    (True, True, False)
    """
    base = _member_base(name)
    if not base or base.startswith("."):
        return False
    return os.path.splitext(base)[1].lower() in _WANTED or _is_archive(base)


def _unsafe_name(name: str) -> bool:
    r"""A name that would land outside the folder it is extracted to (or is absolute).

    >>> _unsafe_name("../x.txt"), _unsafe_name("..\\x.txt"), _unsafe_name("C:/x.txt"), _unsafe_name("a..b.txt")
    (True, True, True, False)
    """
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(parts[0]) == 2 and parts[0][1] == ":")


def iter_archive(path: str, fmt: str = "auto") -> Iterator[Document]:
    """Documents in a .zip or .tar.* archive, read in place (nothing is extracted), archives
    inside it to :data:`MAX_NESTING`. A damaged, encrypted, oversized (:data:`MAX_DOCUMENT_BYTES`)
    or linked member is a row saying so; damage that stops a tar stream is a row after the
    members read. An archive that cannot be opened at all raises CorpusError naming it; a
    special file (a named pipe) under an archive's name is a row, never waited on."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise unreadable(path, exc) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        yield Document(path, None, {}, (f"not a regular file: {path}",))
        return
    with os.fdopen(fd, "rb") as fh:
        yield from _archive_documents(fh, path, fmt, 0)


def _archive_documents(fh, label: str, fmt: str, depth: int) -> Iterator[Document]:
    if label.lower().endswith(".zip"):
        yield from _zip_documents(fh, label, fmt, depth)
    else:
        yield from _tar_documents(fh, label, fmt, depth)


# what reading a damaged archive raises, by the library that reads it
_ARCHIVE_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError,
                   ValueError, RuntimeError, NotImplementedError, UnicodeError)


def _zip_documents(fh, label: str, fmt: str, depth: int) -> Iterator[Document]:
    try:
        zf = zipfile.ZipFile(fh)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"cannot read archive {label}: a member name is marked UTF-8 but is not "
                          f"({exc.object[:60]!r})") from exc
    except _ARCHIVE_ERRORS as exc:
        raise CorpusError(f"cannot read archive {label}: {exc}") from exc
    with zf:
        for info in zf.infolist():
            if not info.is_dir() and _wanted_member(info.filename):
                yield from _zip_member(zf, info, label, fmt, depth)


_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, fmt: str,
                depth: int) -> Iterator[Document]:
    """One zip member's documents, or a row saying why it was not read."""
    where = f"{label}!{info.filename}"
    refused = None
    if stat.S_ISLNK(info.external_attr >> 16):
        refused = "symbolic link member, not followed"
    elif info.flag_bits & 0x1:
        refused = "encrypted member, not read"
    elif info.compress_type not in _ZIP_METHODS:
        refused = f"member compressed with method {info.compress_type}, which cannot be read"
    elif info.file_size > MAX_DOCUMENT_BYTES:
        refused = _too_large(info.file_size)
    if refused:
        yield Document(where, None, {}, (refused,) + _unsafe_note(info.filename))
        return
    try:
        with zf.open(info) as member:
            data = member.read(MAX_DOCUMENT_BYTES + 1)  # the size in the header may lie
    except _ARCHIVE_ERRORS as exc:
        yield Document(where, None, {}, (f"damaged member, not read: {type(exc).__name__}: {exc}",))
        return
    yield from _member_docs(label, info.filename, data, fmt, depth)


def _too_large(size: int) -> str:
    return (f"member holds {size:,} bytes uncompressed, over the {MAX_DOCUMENT_BYTES >> 20} MB a "
            "document may hold: not read")


def _unsafe_note(name: str) -> tuple[str, ...]:
    return (f"unsafe member name {name!r} (not extracted; read in place)",) if _unsafe_name(name) else ()


_COMPRESSED = ((b"\x1f\x8b", lambda fh: gzip.GzipFile(fileobj=fh, mode="rb")), (b"BZh", bz2.BZ2File),
               (b"\xfd7zXZ\x00", lzma.LZMAFile))


class _LastRead:
    """A file object that remembers what its last read returned: where a tar's reader
    stopped (an end marker of zeros, or a header it could not read)."""

    def __init__(self, raw) -> None:
        self.raw, self.last = raw, b""

    def read(self, size: int = -1) -> bytes:
        self.last = self.raw.read(size)
        return self.last

    def seek(self, pos: int, whence: int = 0) -> int:
        return self.raw.seek(pos, whence)

    def tell(self) -> int:
        return self.raw.tell()


def _tar_documents(fh, label: str, fmt: str, depth: int) -> Iterator[Document]:
    head = fh.read(6)
    fh.seek(0)
    opener = next((o for magic, o in _COMPRESSED if head.startswith(magic)), None)
    stream = _LastRead(opener(fh) if opener else fh)
    try:
        try:
            tf = tarfile.open(fileobj=stream, mode="r:")
        except _ARCHIVE_ERRORS as exc:
            raise CorpusError(f"cannot read archive {label}: {type(exc).__name__}: {exc}") from exc
        with tf:
            yield from _tar_members(tf, stream, label, fmt, depth)
    finally:
        if opener:
            stream.raw.close()  # the decompressor; `fh` is the caller's


def _tar_members(tf: tarfile.TarFile, stream: _LastRead, label: str, fmt: str,
                 depth: int) -> Iterator[Document]:
    """The documents of a tar's members in order, then a row for damage that stopped it."""
    count, name = 0, None
    members = iter(tf)
    while True:
        try:
            member = next(members, None)
        except _ARCHIVE_ERRORS as exc:
            yield _tar_damage(label, count, name, f"{type(exc).__name__}: {exc}")
            return
        if member is None:
            break
        count, name = count + 1, member.name
        if member.isdir() or not _wanted_member(member.name):
            continue
        docs, damage = _tar_member(tf, member, label, fmt, depth)
        yield from docs
        if damage:
            yield _tar_damage(label, count, name, damage)
            return
    damage = _tar_tail_damage(stream)
    if damage:
        yield _tar_damage(label, count, name, damage)


def _tar_damage(label: str, count: int, name: str | None, why: str) -> Document:
    after = f"after member {count} ({name})" if count else "before its first member"
    return Document(f"{label}!<damaged>", None, {},
                    (f"archive damaged {after}: {why}; the members after it could not be read",))


def _tar_member(tf: tarfile.TarFile, member: tarfile.TarInfo, label: str, fmt: str,
                depth: int) -> tuple[list[Document], str | None]:
    """One tar member's documents (or a row saying why it was not read), and the damage
    that stops the stream there, if any."""
    where, note = f"{label}!{member.name}", _unsafe_note(member.name)
    if member.issym() or member.islnk():
        kind = "symbolic" if member.issym() else "hard"
        why = f"{kind} link to {member.linkname!r}, not followed (the target is read as its own member)"
        return [Document(where, None, {}, (why, *note))], None
    if not member.isfile():
        return [Document(where, None, {}, ("special member (device or pipe), not read",) + note)], None
    if member.size > MAX_DOCUMENT_BYTES:
        return [Document(where, None, {}, (_too_large(member.size),) + note)], None
    try:
        data = tf.extractfile(member).read()
    except _ARCHIVE_ERRORS as exc:
        why = f"{type(exc).__name__}: {exc}"
        return [Document(where, None, {}, (f"damaged member, not read: {why}",) + note)], why
    return list(_member_docs(label, member.name, data, fmt, depth)), None


def _tar_tail_damage(stream: _LastRead) -> str | None:
    """Why the tar reader stopped before the end, or None: it must have read an end marker
    (a block of zeros) and only zeros may follow (read to the end, which checks a
    compressed stream's checksum)."""
    last = stream.last
    if last.strip(b"\0"):
        return "a header that cannot be read"
    try:
        if len(last) < tarfile.BLOCKSIZE and stream.read(1) == b"":
            return "the archive ends without its end marker (truncated)"
        tail = stream.read(_TAR_TAIL_BYTES)
        more = stream.read(1)
    except _ARCHIVE_ERRORS as exc:
        return f"{type(exc).__name__}: {exc}"
    if tail.strip(b"\0") or more:
        return "data after the archive's end marker (another archive appended?), not read"
    return None


def _member_docs(archive: str, name: str, data: bytes, fmt: str, depth: int = 0) -> Iterator[Document]:
    """The documents in one member's bytes: a nested archive is read (to MAX_NESTING), a
    member that cannot be read at all is a row naming it."""
    label = f"{archive}!{name}"
    extra = _unsafe_note(name)
    if _is_archive(_member_base(name)):
        docs = _nested_archive(label, data, fmt, depth + 1)
    else:
        docs = _catch_corpus_error(documents_from_bytes(data, label, fmt), label)
    for doc in docs:
        yield Document(doc.source, doc.text, doc.meta, extra + doc.problems) if extra else doc


def _nested_archive(label: str, data: bytes, fmt: str, depth: int) -> Iterator[Document]:
    if depth > MAX_NESTING:
        yield Document(label, None, {}, (f"archive nested {depth} deep, deeper than {MAX_NESTING}: not read",))
        return
    yield from _catch_corpus_error(_archive_documents(io.BytesIO(data), label, fmt, depth), label)


def _catch_corpus_error(docs: Iterator[Document], label: str) -> Iterator[Document]:
    try:
        yield from docs
    except CorpusError as exc:
        yield Document(label, None, {}, (str(exc),))


# --------------------------------------------------------------------------- converted tables
# What `cabletools convert` writes (a year-partitioned Parquet dataset marked by this file,
# see cabletools.load.write_parquet_dataset), and single Parquet or Arrow files of the same rows.

DATASET_MARK = "_cabletools_dataset"
CONVERTED_SUFFIXES = (".parquet", ".arrow", ".feather")


def is_converted(path) -> bool:
    """Is `path` (one path, not a list) a converted table rather than raw cables?"""
    if not isinstance(path, (str, os.PathLike)):
        return False
    p = os.fspath(path)
    return p.lower().endswith(CONVERTED_SUFFIXES) or os.path.isfile(os.path.join(p, DATASET_MARK))


def read_converted(path):
    """The rows of a converted table in the loader's schema (a pyarrow Table). The dataset's
    rows come grouped by year (its partitions), in input order within a year. Anything else
    (another Parquet file, a damaged one) raises CorpusError naming it."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from cabletools.schema import ARROW_SCHEMA

    p = os.fspath(path)
    try:
        if os.path.isdir(p):
            table = ds.dataset(p, format="parquet", partitioning="hive",
                               exclude_invalid_files=True).to_table()
            table = table.drop_columns(["year"]) if "year" in table.column_names else table
        elif p.lower().endswith(".parquet"):
            table = pq.read_table(p)
        else:
            with pa.memory_map(p) as source:
                table = pa.ipc.open_file(source).read_all()
    except (OSError, pa.ArrowException) as exc:
        raise CorpusError(f"cannot read {p}: {exc}") from exc
    if not table.schema.equals(ARROW_SCHEMA, check_metadata=False):
        missing = sorted(set(ARROW_SCHEMA.names) - set(table.column_names))
        raise CorpusError(f"{p} is not a table of cables written by cabletools "
                          f"({'missing columns: ' + ', '.join(missing[:5]) if missing else 'other column types'})")
    return table.replace_schema_metadata(ARROW_SCHEMA.metadata)


def expand_inputs(inputs) -> list[str]:
    """Files behind the user's inputs: files, folders (recursively), globs, lists of these.

    Raises CorpusError naming the input that does not exist or holds no cables.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    files: list[str] = []
    for item in inputs:
        p = os.fspath(item)
        try:
            mode = os.stat(p).st_mode
        except OSError:
            mode = None
        if mode is not None and stat.S_ISREG(mode):
            files.append(p)  # the common case, one stat per named file
            continue
        if any(ch in p for ch in "*?[") and mode is None:
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise CorpusError(f"no files match {p}")
            for m in matches:
                files.extend(expand_inputs(m))
            continue
        if os.path.isdir(p):
            found = _folder_files(p)
            if not found:
                raise CorpusError(f"no cable files found in folder {p}")
            files.extend(found)
            continue
        if not os.path.exists(p):
            raise CorpusError(f"no such file or folder: {p}")
        if not os.path.isfile(p):
            raise CorpusError(f"not a regular file: {p}")
        files.append(p)
    return files


_WANTED_SUFFIXES = frozenset(_WANTED)
_NOT_CABLES = ("readme.md", "readme.txt")


def _folder_files(folder: str) -> list[str]:
    """Cable files under `folder`, sorted, recursively; hidden entries, READMEs and csv files
    that are not a cables.csv (a manifest beside the cables) left out. Written for 250,000
    names: a few string operations per name.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "a.TXT", ".hidden.txt", "README.md", "notes.pdf", "c", "x.tar.gz"):
    ...     _ = (d / name).write_text("x")
    >>> [pathlib.Path(f).name for f in _folder_files(str(d))]
    ['a.TXT', 'b.txt', 'c', 'x.tar.gz']
    """
    files: list[str] = []
    splitext = os.path.splitext
    seen_dirs: set[tuple[int, int]] = set()
    _first_visit(folder, "", seen_dirs)

    def unreadable_dir(exc: OSError) -> None:  # listed: reading it then gives the row naming it
        if exc.filename == folder:
            raise CorpusError(f"cannot read folder {folder}: {exc.strerror or exc}")
        files.append(exc.filename)

    # symlinked subfolders are followed, each real folder once (a link loop ends there)
    for root, dirs, names in os.walk(folder, onerror=unreadable_dir, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _first_visit(root, d, seen_dirs))
        names.sort()
        prefix = root if root.endswith(os.sep) else root + os.sep
        for n in names:
            if n[0] == ".":
                continue
            low = n.lower()
            if low.endswith(".txt"):
                if low != "readme.txt":
                    files.append(prefix + n)
                continue
            suffix = splitext(low)[1]
            if suffix == ".csv":
                if _peek_is_cables_csv(prefix + n):
                    files.append(prefix + n)
            elif (suffix in _WANTED_SUFFIXES or low.endswith(ARCHIVE_SUFFIXES)) and low not in _NOT_CABLES:
                files.append(prefix + n)
    return files


def _first_visit(root: str, name: str, seen: set[tuple[int, int]]) -> bool:
    try:
        st = os.stat(os.path.join(root, name))
    except OSError:
        return True  # os.walk reports it
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _peek_is_cables_csv(path: str) -> bool:
    try:
        fd = os.open(path, _OPEN_FLAGS)  # a named pipe must not stop the listing
        try:
            head = os.read(fd, 200)
        finally:
            os.close(fd)
    except OSError:
        return True  # let the reader report it
    for bom, codec in _UNICODE_BOMS:
        if head.startswith(bom):
            return looks_like_cables_csv(head.decode(codec, "replace"))
    return looks_like_cables_csv(head.decode("utf-8-sig", "replace"))


def iter_file(path: str, fmt: str = "auto") -> Iterator[Document]:
    """Documents in one file (archives included)."""
    if _is_archive(path):
        yield from iter_archive(path, fmt)
        return
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise unreadable(path, exc) from exc
    yield from documents_from_bytes(data, path, fmt)


def unreadable(path: str, exc: OSError) -> CorpusError:
    """The error for a file that cannot be read at all, naming it.

    >>> str(unreadable("cables/08HANOI1002.txt", PermissionError(13, "Permission denied")))
    'cannot read cables/08HANOI1002.txt: Permission denied'
    """
    return CorpusError(f"cannot read {path}: {exc.strerror or exc}")


_SMALL_READ = 1 << 16  # most cables are shorter; a buffer this size comes from the allocator's heap


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """A file's bytes with few system calls and small buffers (see :func:`_read_fd`):
    a third of the cost of ``open(path, "rb").read()``, which counts for 250,000 small files.
    A file over `limit` bytes raises OSError (EFBIG) instead of being read."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        return _read_fd(fd, limit)
    finally:
        os.close(fd)


# O_NONBLOCK: a named pipe in a corpus folder reads as empty instead of waiting for a writer
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_fd(fd: int, limit: int | None = None) -> bytes:
    """An open file's bytes: a 64 KB read, a second read that finds the end (larger files
    continue in 16 MB reads). A short read is not trusted to be the end: network and FUSE
    file systems may return less than asked. Past 64 KB the file must be a regular file (a
    device such as /dev/zero under a cable's name would never end)."""
    chunks = [os.read(fd, _SMALL_READ)]
    if len(chunks[0]) == _SMALL_READ:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if limit is not None and st.st_size > limit:
            raise _too_big(st.st_size, limit)
    size, total = _SMALL_READ, len(chunks[0])
    while chunks[-1]:
        chunks.append(os.read(fd, size))
        total += len(chunks[-1])
        if limit is not None and total > limit:  # grew while read
            raise _too_big(total, limit)
        size = 1 << 24
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def _too_big(size: int, limit: int) -> OSError:
    return OSError(errno.EFBIG, f"{size:,} bytes, over the {limit >> 20} MB a document may hold: not read")


#: Files opened ahead of the one being read, so the kernel fetches them meanwhile.
READ_AHEAD = 64


def read_files(paths: Iterable[str], ahead: int = READ_AHEAD,
               limit: int | None = MAX_DOCUMENT_BYTES) -> Iterator[tuple[str, bytes | OSError]]:
    """(path, bytes) for each path in order, or (path, the OSError) for one that cannot be read
    (a file over `limit` bytes included: these are files of one document each).

    The next `ahead` files are opened and announced to the kernel (``posix_fadvise`` WILLNEED),
    which reads them from disk while the caller parses: a folder of 250,000 cables not in the
    page cache is read without waiting on the disk file by file (where the call is missing,
    files are read one by one).

    >>> list(read_files([]))
    []
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None or ahead <= 0:
        for path in paths:
            try:
                yield path, read_bytes(path, limit)
            except OSError as exc:
                yield path, exc
        return
    # each entry: an open file, the error opening it, or None (to be opened in its turn: the
    # process ran out of file descriptors, so the rest are read one by one)
    pending: deque[tuple[str, int | OSError | None]] = deque()
    queue = iter(paths)
    one_by_one = False

    def open_next() -> None:
        nonlocal one_by_one
        path = next(queue, None)
        if path is None:
            return
        if one_by_one:
            pending.append((path, None))
            return
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno in (errno.EMFILE, errno.ENFILE):  # not this file's fault: no reading ahead
                one_by_one = True
                pending.append((path, None))
            else:
                pending.append((path, exc))
            return
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass  # a file system without read-ahead: read as it comes
        pending.append((path, fd))

    try:
        for _ in range(ahead):
            open_next()
        while pending:
            path, fd = pending.popleft()
            data: bytes | OSError
            if fd is None or isinstance(fd, OSError):
                try:
                    data = read_bytes(path, limit) if fd is None else fd
                except OSError as exc:
                    data = exc
            else:
                try:
                    data = _read_fd(fd, limit)
                except OSError as exc:
                    data = exc
                finally:
                    os.close(fd)
            open_next()
            yield path, data
    finally:  # the caller stopped early: close what was opened ahead
        for _, fd in pending:
            if isinstance(fd, int):
                os.close(fd)


def iter_documents(inputs, fmt: str = "auto") -> Iterator[Document]:
    """Every document behind `inputs`, in a stable order."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    for path in expand_inputs(inputs):
        yield from iter_file(path, fmt)


def is_plain_text_file(path: str, fmt: str = "auto") -> bool:
    """True when `path` holds exactly one cable as text (workers can read it themselves)."""
    if fmt not in ("auto", "txt") or _is_archive(path):
        return False
    lower = path.lower()
    return not lower.endswith(HTML_SUFFIXES + JSONL_SUFFIXES + (".csv",))


# --------------------------------------------------------------------------- cables.csv byte ranges
# A large cables.csv is read by many processes at once, each from a record boundary.

#: Bytes of input per partition (a 1.7 GB Cablegate cables.csv gives 26 partitions).
DEFAULT_PARTITION_SIZE = 64 * 2**20

#: Bytes of the file scanned at a time while looking for record boundaries.
_WINDOW = 1 << 22
_ROW_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\b")


def _whole_record(text: str, at_eof: bool) -> bool | None:
    """Does `text` begin with one complete cables.csv row (8 fields, a row number, a
    M/D/YYYY date) followed by the start of another row or by the end of the file?
    None when `text` ends before that can be told (look again with more text)."""
    lines = text.splitlines(keepends=True)
    consumed = 0

    def feed():
        nonlocal consumed
        for line in lines:
            consumed += len(line)
            yield line

    reader = csv.reader(feed(), escapechar="\\", doublequote=False)
    try:
        row = next(reader)
    except StopIteration:
        return None if not at_eof else False
    except csv.Error:
        return None if not at_eof and consumed >= len(text) else False
    if not at_eof and consumed >= len(text):
        return None
    if len(row) != 8 or not row[0].isdigit() or not _ROW_DATE.match(row[1]):
        return False
    rest = text[consumed:]
    if not at_eof and len(rest) < 64:
        return None  # too little left to see whether another row begins
    rest = rest.lstrip("\r\n")  # blank lines between records
    return rest == "" or looks_like_cables_csv(rest)


def _escaped(positions, chunk, backslashes, carry: int):
    """Which of `positions` (indices into `chunk`, a uint8 array) follow an odd run of
    backslashes (the dialect's escape character); `carry`: backslashes that ended the
    previous chunk. Vectorized: only the (few) backslashes are looked at one by one."""
    import numpy as np

    prev = positions - 1
    run_len = np.zeros(len(positions), dtype=np.int64)
    at_start = prev < 0
    run_len[at_start] = carry
    if len(backslashes):
        starts = backslashes[np.concatenate(([True], np.diff(backslashes) != 1))]
        after_bs = ~at_start & (chunk[np.maximum(prev, 0)] == 92)
        run_start = starts[np.searchsorted(starts, prev[after_bs], side="right") - 1]
        run_len[after_bs] = prev[after_bs] - run_start + 1 + np.where(run_start == 0, carry, 0)
    return run_len % 2 == 1


def _record_ends(fh):
    r"""For each window of a cables.csv, the absolute positions (a numpy array) of its
    newlines outside quoted fields, which end records. One pass over the file, linear: the
    quote state is carried from the file's start (every field is quoted in this dialect,
    ``\`` escapes the next character), so a line inside a field that looks like a record
    is never taken for one."""
    import numpy as np

    inside, carry, offset = 0, 0, 0
    while True:
        data = fh.read(_WINDOW)
        if not data:
            return
        chunk = np.frombuffer(data, dtype=np.uint8)
        special = np.flatnonzero((chunk == 34) | (chunk == 10) | (chunk == 92))  # " \n \\
        kinds = chunk[special]
        is_backslash = kinds == 92
        marks, kinds = special[~is_backslash], kinds[~is_backslash]
        escaped = _escaped(marks, chunk, special[is_backslash], carry)
        quote = (kinds == 34) & ~escaped
        outside = (inside + np.cumsum(quote)) % 2 == 0  # after each mark: a newline's own state
        yield marks[(kinds == 10) & ~escaped & outside] + offset
        inside = (inside + int(quote.sum())) % 2
        if data.endswith(b"\\"):
            trailing = len(data) - len(data.rstrip(b"\\"))
            carry = trailing + (carry if trailing == len(data) else 0)
        else:
            carry = 0
        offset += len(data)


def cables_csv_ranges(path, partition_size: int = DEFAULT_PARTITION_SIZE) -> list[tuple[int, int]]:
    """Byte ranges [start, end) of `path` (a WikiLeaks cables.csv), each about
    `partition_size` bytes and each beginning at a record, covering the whole file. Found
    in one linear pass (:func:`_record_ends`); a range begins after a newline outside quotes
    that a record head (``"row","M/D/YYYY``) follows, so a quoted field is never cut.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "cables.csv")
    >>> row = '"{}","1/2/2008 10:00","08X{}","Embassy X","UNCLASSIFIED","","H","line 1\\n\\\\"2\\\\",\\n"\\n'
    >>> _ = open(p, "w").write("".join(row.format(i, i) for i in range(1, 4)))
    >>> cables_csv_ranges(p, partition_size=60)
    [(0, 79), (79, 158), (158, 237)]
    >>> os.remove(p); os.rmdir(os.path.dirname(p))
    """
    size = os.path.getsize(path)
    if partition_size <= 0:
        raise ValueError("partition_size must be positive")
    starts = [0]
    nominal = partition_size
    with open(path, "rb") as fh, open(path, "rb") as peek:
        for ends in _record_ends(fh):
            if nominal >= size:
                break
            for end in ends[ends + 1 >= nominal].tolist():
                start = end + 1
                if start >= size or start < nominal:
                    continue
                peek.seek(start)
                if _CABLES_CSV_HEAD_RE.match(peek.read(40)):
                    starts.append(start)
                    nominal = (start // partition_size + 1) * partition_size
                    if nominal >= size:
                        break
    return list(zip(starts, starts[1:] + [size]))


def read_csv_range(path: str, start: int, end: int) -> list[Document]:
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    return list(iter_cables_csv_bytes(data, path))


def is_splittable_csv(path: str, fmt: str) -> bool:
    if _is_archive(path):
        return False
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if _kind_of(path, head, fmt) != "csv":
        return False
    sample = head.decode("utf-8-sig", "replace")
    return looks_like_cables_csv(sample)


