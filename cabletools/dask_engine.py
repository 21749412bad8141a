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

import os
import sys
from dataclasses import dataclass

import pandas as pd

from cabletools import schema
from cabletools.load import documents_of_files, parse_documents
from cabletools.sources import (DEFAULT_PARTITION_SIZE, CorpusError, Document, FORMATS, _is_archive,
                                cables_csv_ranges, expand_inputs, is_splittable_csv, iter_file,
                                read_csv_range)

__all__ = ["read_cables_dask", "cables_csv_ranges", "plan_partitions", "DEFAULT_PARTITION_SIZE"]


@dataclass(frozen=True, slots=True)
class Part:
    """What one partition reads: `paths` whole, or bytes [start, end) of the one csv in `paths`."""

    paths: tuple[str, ...]
    fmt: str
    start: int | None = None
    end: int | None = None


# --------------------------------------------------------------------------- partitions

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
        if size > partition_size and is_splittable_csv(f, format):
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
        docs = read_csv_range(part.paths[0], part.start, part.end)
    elif len(part.paths) == 1 and _is_archive(part.paths[0]):  # an archive is a partition of its own
        try:
            docs = list(iter_file(part.paths[0], part.fmt))
        except CorpusError as exc:
            docs = [Document(part.paths[0], None, {}, (str(exc),))]
    else:
        docs = documents_of_files(list(part.paths), part.fmt)
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
