"""read_cables(): sources -> parse (process pool) -> typed DataFrame, with an Arrow cache.

>>> import cabletools as ct
>>> df = ct.read_cables("data/sample", progress=False)      # doctest: +SKIP
>>> df[["cable_id", "origin", "date", "subject"]].head()    # doctest: +SKIP
"""
from __future__ import annotations

import gc
import hashlib
import json
import shutil
import multiprocessing as mp
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa

from cabletools import schema
from cabletools.arrow_files import map_arrow, read_arrow, write_arrow, write_joined
from cabletools.ids import canonical_id, year_from_two_digits
from cabletools.parse import parse_cable_record
from cabletools.schema import Cable, as_record
from cabletools.sources import (CorpusError, Document, _is_archive, cables_csv_ranges, documents_from_bytes,
                                expand_inputs, is_converted, is_splittable_csv, iter_file, read_converted,
                                read_csv_range, read_files, unreadable)

__all__ = ["read_cables", "parse_documents", "documents_of_files", "cache_dir", "CorpusError",
           "write_parquet_dataset"]

BATCH = 1000  # documents per worker task (and per Parquet part)
_CLASSIFICATIONS = set(schema.CLASSIFICATIONS)


def cache_dir() -> Path:
    """Where Parquet caches go: $CABLETOOLS_CACHE, else the user's cache dir (never the corpus)."""
    env = os.environ.get("CABLETOOLS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cabletools"


def apply_source_meta(cable: Cable, meta: dict) -> Cable:
    """Fill what the text lacks from what the source states outside it.

    The source's id, classification and origin are Cablegate's own and win (a text that
    disagrees is noted in ``problems``); date, subject and references come from the text
    when it has them.

    >>> c = apply_source_meta(Cable(cable_id="08HANOI1002", subject=None), {"cable_id": "08HANOI1003",
    ...                       "subject": "TEST"})
    >>> c.cable_id, c.subject, c.problems
    ('08HANOI1003', 'TEST', ("text's reference gives 08HANOI1002, the source says 08HANOI1003",))
    """
    if not meta:
        return cable
    record = as_record(cable)
    _apply_source_meta(record, meta)
    return Cable(**record)


def _apply_source_meta(record: dict, meta: dict) -> None:
    """:func:`apply_source_meta` on a row dict, in place (the loader's hot path)."""
    source_id = canonical_id(meta["cable_id"]) if meta.get("cable_id") else None
    text_id = record["cable_id"]
    if source_id and source_id != text_id:
        record["cable_id"] = source_id
        if text_id is not None:
            record["problems"] = record["problems"] + (
                f"text's reference gives {text_id}, the source says {meta['cable_id']}",)
    if record["date"] is None and meta.get("date") is not None:
        record["date"] = meta["date"]
        record["date_source"] = "source"
    cls = meta.get("classification")
    if cls in _CLASSIFICATIONS:
        record["classification"] = cls
    if meta.get("origin"):
        record["origin"] = meta["origin"]
    if record["subject"] is None and meta.get("subject"):
        record["subject"] = meta["subject"]
    if not record["references"] and meta.get("references"):
        record["references"] = tuple(canonical_id(r) or r for r in meta["references"])
    if (source_id and source_id != text_id) or meta.get("origin"):
        record["problems"] = tuple(
            p for p in record["problems"] if not p.startswith(("cable id unknown", "unknown station")))


def parse_document(doc: Document) -> Cable:
    """One Document -> Cable (a row with problems when the document had no text)."""
    return Cable(**_document_record(doc))


def _document_record(doc: Document) -> dict:
    """:func:`parse_document` as a row dict in schema order, without building a second Cable."""
    if doc.text is None:
        return as_record(Cable(source=doc.source, problems=doc.problems or ("unreadable document",)))
    meta = doc.meta
    year = meta["date"].year if meta.get("date") is not None else None
    hint = meta.get("id_hint")
    if year is None and hint:
        year = year_from_two_digits(int(hint[:2]))
    record = parse_cable_record(doc.text, source=doc.source, year=year)
    if hint and record["cable_id"] is None:
        record["cable_id"] = canonical_id(hint) or hint
    if meta:
        _apply_source_meta(record, meta)
    if doc.problems:
        record["problems"] = tuple(doc.problems) + record["problems"]
    return record


def parse_documents(docs: Iterable[Document]) -> pa.Table:
    """Documents -> Arrow table in the canonical schema (runs in a worker process)."""
    return schema.records_to_table([_document_record(d) for d in docs])


def _documents_of(path: str, data: bytes | OSError, fmt: str) -> list[Document]:
    """The documents in one file's bytes (a row with the problem when it cannot be read)."""
    try:
        if isinstance(data, OSError):
            raise unreadable(path, data)
        return list(documents_from_bytes(data, path, fmt))
    except CorpusError as exc:
        return [Document(path, None, {}, (str(exc),))]


def _parse_paths(paths: list[str], fmt: str) -> pa.Table:
    return parse_documents(documents_of_files(paths, fmt))


def documents_of_files(paths: list[str], fmt: str = "auto") -> Iterator[Document]:
    """The documents of plain files (one or more per file, not archives), in order; a file that
    cannot be read is a row naming it. Files are read with :func:`read_files`, which has the
    kernel fetch the next ones while these are parsed (reading ahead in Python threads was
    measured before it and gave nothing on this VM).
    """
    for path, data in read_files(paths):
        yield from _documents_of(path, data, fmt)


def _single_doc_file(path: str) -> bool:
    low = path.lower()
    return not (_is_archive(path) or low.endswith((".csv", ".jsonl", ".json", ".ndjson")))


#: A cables.csv larger than this is read by the workers themselves, a byte range each.
CSV_RANGE_BYTES = 8 * 2**20


def _tasks(files: list[str], fmt: str, single: list[bool]) -> Iterator[tuple[str, object, int | None]]:
    """What the workers do, in input order: ('paths', [...], n) plain files a worker reads itself;
    ('csv_range', (path, start, end), None) a slice of a large cables.csv; ('docs', [...], n)
    documents read here (archives, JSON lines, small csv files). `single`: which files hold
    one document (:func:`_single_doc_file`)."""
    plain: list[str] = []
    for f, one_doc in zip(files, single):
        if one_doc and fmt in ("auto", "txt", "html"):
            plain.append(f)
            if len(plain) >= BATCH:
                yield "paths", plain, len(plain)
                plain = []
            continue
        if plain:  # the plain files listed before this one come first
            yield "paths", plain, len(plain)
            plain = []
        if (fmt in ("auto", "csv") and os.path.getsize(f) > CSV_RANGE_BYTES
                and is_splittable_csv(f, fmt)):
            for start, end in cables_csv_ranges(f, CSV_RANGE_BYTES):
                yield "csv_range", (f, start, end), None
            continue
        batch: list[Document] = []
        for doc in iter_file(f, fmt):
            batch.append(doc)
            if len(batch) >= BATCH:
                yield "docs", batch, len(batch)
                batch = []
        if batch:
            yield "docs", batch, len(batch)
    if plain:
        yield "paths", plain, len(plain)


def _run_task(kind: str, payload, fmt: str, out_dir: str, index: int) -> tuple[str, int]:
    """Parse one task and write its rows as one Arrow IPC part; returns (path, rows).

    Parts go to disk rather than back through the pool's pipes: the loading process maps
    them without copying or decoding anything.
    """
    if kind == "paths":
        table = _parse_paths(payload, fmt)
    elif kind == "csv_range":
        table = parse_documents(read_csv_range(*payload))
    else:
        table = parse_documents(payload)
    path = os.path.join(out_dir, f"part-{index:06d}.arrow")
    write_arrow(table, path)
    return path, table.num_rows


_PARSER_FILES = ("parse/*.py", "ids.py", "sources.py", "schema.py", "load.py", "arrow_files.py",
                 "refdata/stations.csv", "refdata/tags.csv", "refdata/tag_variants.csv",
                 "refdata/fips.csv", "refdata/__init__.py")


def _parser_fingerprint() -> str:
    """Hash of the code and tables that decide what a row holds: a change to them re-parses."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(p for pattern in _PARSER_FILES for p in root.glob(pattern)):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _cache_key(files: list[str], fmt: str) -> str:
    """Which cache entry: the parser's code and tables, the format, and the inputs' names.
    Their sizes and mtimes are the entry's stamp (:func:`_inputs_stamp`), checked while the
    entry is read."""
    from cabletools import __version__

    h = hashlib.sha256()
    h.update(json.dumps([schema.SCHEMA_VERSION, __version__, fmt, _parser_fingerprint()]).encode())
    h.update(os.getcwd().encode())  # relative paths mean different files in another folder
    h.update("\n".join(files).encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:32]


def _inputs_stamp(files: list[str]) -> str:
    """Hash of the inputs' sizes and modification times: an entry with another stamp is stale.
    One stat per file (about a second for 250,000 files), so it runs beside other work."""
    try:
        stats = list(map(os.stat, files))
    except OSError as exc:
        raise CorpusError(f"cannot read {exc.filename}: {exc.strerror}") from exc
    h = hashlib.sha256()
    h.update("".join([f"{st.st_size}\0{st.st_mtime_ns}\n" for st in stats]).encode())
    return h.hexdigest()


def _progress(total: int | None, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="cables", desc="parsing", leave=False)


def _pool_context():
    # fork: scripts without an `if __name__ == "__main__"` guard and notebooks both work;
    # workers only run the pure-Python parser and build Arrow tables. Each worker freezes what
    # it inherited (gc.freeze): its collections then never walk the parent's objects (a
    # notebook's frames), which costs time and un-shares the forked pages.
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _parse_via_parts(files: list[str], fmt: str, workers: int, progress: bool, out_dir: str) -> list[pa.Table]:
    """Parse everything into Arrow parts in `out_dir`; returns them, mapped, in input order."""
    single = list(map(_single_doc_file, files))
    total = len(files) if all(single) else None
    bar = _progress(total, progress)
    tables: list[pa.Table] = []

    def done(result: tuple[str, int]) -> None:
        tables.append(map_arrow(result[0], schema.ARROW_SCHEMA))
        if bar is not None:
            bar.update(result[1])

    try:
        small = total is not None and total < 2 * BATCH
        if workers <= 1 or small:
            for i, (kind, payload, _) in enumerate(_tasks(files, fmt, single)):
                done(_run_task(kind, payload, fmt, out_dir, i))
        else:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                                     initializer=gc.freeze) as pool:
                pending = []
                for i, (kind, payload, _) in enumerate(_tasks(files, fmt, single)):
                    pending.append(pool.submit(_run_task, kind, payload, fmt, out_dir, i))
                    while len(pending) > 4 * workers:  # bounded look-ahead keeps memory flat
                        done(pending.pop(0).result())
                for fut in pending:
                    done(fut.result())
    finally:
        if bar is not None:
            bar.close()
    return tables


def _parse_all(files: list[str], fmt: str, workers: int, progress: bool) -> pa.Table:
    """Parse via a temporary folder of parts (no cache)."""
    tmp = tempfile.mkdtemp(prefix="cabletools-")
    try:
        parts = _parse_via_parts(files, fmt, workers, progress, tmp)
        if not parts:
            return schema.ARROW_SCHEMA.empty_table()
        # each column in one piece (see arrow_files), copied out of the mapped parts
        return pa.concat_tables(parts).combine_chunks()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# A cache entry is a folder holding the rows as one Arrow IPC file (`CACHE_FILE`), written
# uncompressed with each column in one piece: a reload memory-maps it, so 250,000 cables
# (1.9 GB) come back without a copy, in the layout pandas is fast on. `_DONE` is written last.
CACHE_FILE = "cables.arrow"
_DONE = "_complete"


def _read_if_fresh(folder: Path, files: list[str]) -> tuple[pa.Table | None, str]:
    """The cached table when the entry's stamp matches the inputs (else None), and the
    inputs' stamp (one stat per input file)."""
    stamp = _inputs_stamp(files)
    try:
        marker = json.loads((folder / _DONE).read_text())
    except (OSError, ValueError):
        return None, stamp
    if marker.get("inputs") != stamp:
        return None, stamp
    try:
        table = map_arrow(str(folder / CACHE_FILE), schema.ARROW_SCHEMA)
    except Exception:  # noqa: BLE001 - a damaged cache is re-built, never trusted
        return None, stamp
    return (table, stamp) if marker.get("rows") == table.num_rows else (None, stamp)


def _parse_into_cache(files: list[str], fmt: str, workers: int, progress: bool, folder: Path,
                      stamp: str) -> pa.Table:
    """Parse into a fresh folder next to the cache entry, then rename it into place: a crash
    mid-write never leaves an entry that loads (only complete folders carry the marker)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=folder.name + ".tmp-"))
    try:
        parts = _parse_via_parts(files, fmt, workers, progress, str(tmp))
        rows = write_joined(parts, str(tmp / CACHE_FILE), schema.ARROW_SCHEMA)
        del parts
        for part in tmp.glob("part-*.arrow"):
            part.unlink()
        (tmp / _DONE).write_text(json.dumps({"rows": rows, "inputs": stamp}))
        shutil.rmtree(folder, ignore_errors=True)  # a stale entry for the same files
        try:
            # renamed before it is mapped: Windows renames no folder with a file open inside
            os.replace(tmp, folder)
        except OSError:  # another process cached the same inputs first: ours is read, then dropped
            return read_arrow(str(tmp / CACHE_FILE), schema.ARROW_SCHEMA)
        return map_arrow(str(folder / CACHE_FILE), schema.ARROW_SCHEMA)  # the loaded frame is the file's pages
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_cables(path, *, format: str = "auto", workers: int | None = None, cache: bool = True,
                progress: bool = True, engine: str = "pandas"):
    """Load cables from a file, folder, glob, archive, cables.csv, cablegate page or mirror,
    or a list of these, into one typed DataFrame (one row per input document).

    ``workers``: parser processes (default: all cores). ``cache``: keep an Arrow copy in
    :func:`cache_dir` keyed by the inputs' paths, sizes and mtimes and the parser's code;
    a reload memory-maps it.
    ``engine="dask"`` returns a lazy ``dask.dataframe`` built from the same parser.

    Raises :class:`CorpusError` naming the input when it cannot be read at all.

    >>> df = read_cables("data/sample", progress=False)   # doctest: +SKIP
    """
    if engine == "dask":
        from cabletools.dask_engine import read_cables_dask

        return read_cables_dask(path, format=format)
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if is_converted(path):  # what `cabletools convert` wrote, or a Parquet/Arrow file of cables
        return schema.table_to_frame(read_converted(path))
    files = expand_inputs(path)
    workers = workers or os.cpu_count() or 1
    if not cache:
        return schema.table_to_frame(_parse_all(files, format, workers, progress))
    folder = cache_dir() / _cache_key(files, format)
    table, stamp = _read_if_fresh(folder, files)
    if table is not None:
        return schema.table_to_frame(table)
    try:
        table = _parse_into_cache(files, format, workers, progress, folder, stamp)
    except OSError:
        table = _parse_all(files, format, workers, progress)  # a read-only cache dir must not stop a load
    return schema.table_to_frame(table)


_DATASET_MARK = "_cabletools_dataset"


def write_parquet_dataset(path, out, *, format: str = "auto", workers: int | None = None,
                          progress: bool = True) -> Path:
    """Parse `path` and write a year-partitioned (hive: ``year=2008/``) Parquet dataset at
    `out` that DuckDB, Spark and Dask read directly; undated cables go to ``year=-1``.

    Writing again replaces an earlier dataset at `out` whole; a folder that holds anything
    else is refused rather than touched. Returns `out`.

    >>> write_parquet_dataset("data/sample", "/tmp/sample.parquet", progress=False)  # doctest: +SKIP
    """
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / _DATASET_MARK).exists())):
        raise FileExistsError(f"{out} exists and is not a cabletools dataset: choose a new or empty folder")
    files = expand_inputs(path)
    table = _parse_all(files, format, workers or os.cpu_count() or 1, progress)
    years = pc.year(table.column("date"))
    table = table.append_column("year", pc.fill_null(years, -1).cast(pa.int32()))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=out.name + ".tmp-"))
    try:
        ds.write_dataset(table, tmp, format="parquet", partitioning=["year"], partitioning_flavor="hive",
                         existing_data_behavior="overwrite_or_ignore")
        (tmp / _DATASET_MARK).write_text(json.dumps({"rows": table.num_rows}))
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
