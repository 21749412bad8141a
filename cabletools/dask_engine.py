"""``read_cables(..., engine="dask")``: the same parser, one Dask partition per slice of input.

A partition is either a list of files (grouped up to ``partition_size`` bytes; an archive is
one partition of its own) or a byte range of one large WikiLeaks ``cables.csv``. Byte ranges
begin where a record begins: a line starting ``"<digits>","<M/D/YYYY`` that the csv reader
confirms is a whole 8-column row followed by another such row (or the end of the file), so a
quoted field holding newlines is never cut. Each partition runs
:func:`cabletools.load.parse_documents` and :func:`cabletools.schema.table_to_frame`, so its
rows equal the pandas engine's rows for the same documents.

>>> import cabletools as ct
>>> ddf = ct.read_cables("data/sample", engine="dask")        # doctest: +SKIP
>>> ddf.npartitions, len(ddf.compute())                         # doctest: +SKIP
(1, 2000)
"""
from __future__ import annotations

import csv
import io
import os
import re
import sys
from dataclasses import dataclass

import pandas as pd

from cabletools import schema
from cabletools.load import parse_documents
from cabletools.sources import (CorpusError, Document, FORMATS, _is_archive, _kind_of, decode,
                                expand_inputs, iter_cables_csv, iter_file, looks_like_cables_csv)

__all__ = ["read_cables_dask", "cables_csv_ranges", "plan_partitions", "DEFAULT_PARTITION_SIZE"]

#: Bytes of input per partition (a 1.7 GB Cablegate cables.csv gives 26 partitions).
DEFAULT_PARTITION_SIZE = 64 * 2**20

#: Where a cables.csv record may begin: after a newline, `"<row number>","<M/D/YYYY`.
_RECORD_START = re.compile(rb'\n(?="\d+","\d{1,2}/\d{1,2}/\d{4})')
_ROW_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\b")
_WINDOW = 1 << 20


@dataclass(frozen=True, slots=True)
class Part:
    """What one partition reads: `paths` whole, or bytes [start, end) of the one csv in `paths`."""

    paths: tuple[str, ...]
    fmt: str
    start: int | None = None
    end: int | None = None


# --------------------------------------------------------------------------- csv byte ranges

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
    return rest == "" or looks_like_cables_csv(rest)


def _next_record_start(fh, size: int, offset: int) -> int:
    """The first verified record start at or after `offset` (> 0); `size` when there is none."""
    pos, window = offset, _WINDOW
    while pos < size:
        base = pos - 1  # one byte before `pos`, to see a newline there
        fh.seek(base)
        data = fh.read(window + 1)
        at_eof = base + len(data) >= size
        grow = False
        for m in _RECORD_START.finditer(data):
            # decoded for checking only ("ignore": a character cut at the window's end)
            verdict = _whole_record(data[m.start() + 1:].decode("utf-8", "ignore"), at_eof)
            if verdict:
                return base + m.start() + 1
            if verdict is None:
                grow = True  # the row runs past the window
                break
        if grow:
            window *= 2
            continue
        if at_eof:
            return size
        pos = base + len(data) - 64  # overlap: a start split by the window's edge is seen again
    return size


def cables_csv_ranges(path, partition_size: int = DEFAULT_PARTITION_SIZE) -> list[tuple[int, int]]:
    """Byte ranges [start, end) of `path` (a WikiLeaks cables.csv), each about
    `partition_size` bytes and each beginning at a record, covering the whole file.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "cables.csv")
    >>> row = '"{}","1/2/2008 10:00","08X{}","Embassy X","UNCLASSIFIED","","H","line 1\\n\\\\"2\\\\",\\n"\\n'
    >>> _ = open(p, "w").write("".join(row.format(i, i) for i in range(1, 4)))
    >>> cables_csv_ranges(p, partition_size=60)
    [(0, 79), (79, 158), (158, 237)]
    """
    size = os.path.getsize(path)
    if partition_size <= 0:
        raise ValueError("partition_size must be positive")
    starts = [0]
    with open(path, "rb") as fh:
        for nominal in range(partition_size, size, partition_size):
            if nominal <= starts[-1]:
                continue
            start = _next_record_start(fh, size, nominal)
            if start >= size:
                break
            starts.append(start)
    return list(zip(starts, starts[1:] + [size]))


def _read_csv_range(path: str, start: int, end: int) -> list[Document]:
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    text, problems = decode(data, path)
    if text is None:
        return [Document(path, None, {}, problems)]
    return list(iter_cables_csv(io.StringIO(text, newline=""), path))


# --------------------------------------------------------------------------- partitions

def _is_splittable_csv(path: str, fmt: str) -> bool:
    if _is_archive(path):
        return False
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if _kind_of(path, head, fmt) != "csv":
        return False
    sample = head.decode("utf-8-sig", "replace")
    return looks_like_cables_csv(sample)


def plan_partitions(path, *, format: str = "auto",
                    partition_size: int = DEFAULT_PARTITION_SIZE) -> list[Part]:
    """The partitions `read_cables_dask` makes for `path` (files expanded as `read_cables` does).

    >>> [len(p.paths) for p in plan_partitions("data/sample/cables")]   # doctest: +SKIP
    [2000]
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    files = expand_inputs(path)
    parts: list[Part] = []
    group: list[str] = []
    group_bytes = 0

    def flush():
        nonlocal group, group_bytes
        if group:
            parts.append(Part(tuple(group), format))
        group, group_bytes = [], 0

    for f in files:
        size = os.path.getsize(f)
        if _is_archive(f):
            flush()
            parts.append(Part((f,), format))
            continue
        if size > partition_size and _is_splittable_csv(f, format):
            flush()
            for start, end in cables_csv_ranges(f, partition_size):
                parts.append(Part((f,), format, start, end))
            continue
        if group and group_bytes + size > partition_size:
            flush()
        group.append(f)
        group_bytes += size
    flush()
    return parts


def read_partition(part: Part) -> pd.DataFrame:
    """Parse one partition into the typed cable DataFrame (runs on a Dask worker)."""
    if part.start is not None:
        docs = _read_csv_range(part.paths[0], part.start, part.end)
    else:
        docs = []
        for p in part.paths:
            try:
                docs.extend(iter_file(p, part.fmt))
            except CorpusError as exc:
                docs.append(Document(p, None, {}, (str(exc),)))
    return schema.table_to_frame(parse_documents(docs))


def read_cables_dask(path, *, format: str = "auto", partition_size: int = DEFAULT_PARTITION_SIZE):
    """Lazy :func:`cabletools.read_cables`: a ``dask.dataframe.DataFrame`` with the same
    columns and dtypes, one partition per ~`partition_size` bytes of input.

    Row order within a partition follows the input; the index restarts in each partition
    (sort by ``source`` to compare with the pandas engine). A cables.csv whose bytes are not
    UTF-8 is decoded per partition (the pandas engine decides once per file).

    >>> ddf = read_cables_dask("data/sample/cables")          # doctest: +SKIP
    >>> ddf.groupby("origin").size().compute().head()          # doctest: +SKIP
    """
    import dask
    import dask.dataframe as dd

    parts = plan_partitions(path, format=format, partition_size=partition_size)
    # Dask would turn the Arrow large_string columns into pandas' "string" dtype; keep the
    # cable DataFrame's own dtypes so a computed frame equals the pandas engine's.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(read_partition, parts, meta=schema.empty_frame(), label="read-cables",
                           enforce_metadata=True)


if __name__ == "__main__":  # pragma: no cover
    print(plan_partitions(sys.argv[1]))
