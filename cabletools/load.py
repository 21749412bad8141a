"""read_cables(): sources -> parse (process pool) -> typed DataFrame, with a Parquet cache.

>>> import cabletools as ct
>>> df = ct.read_cables("data/sample", progress=False)      # doctest: +SKIP
>>> df[["cable_id", "origin", "date", "subject"]].head()    # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cabletools import schema
from cabletools.ids import canonical_id, year_from_two_digits
from cabletools.parse import parse_cable
from cabletools.schema import Cable
from cabletools.sources import (CorpusError, Document, _is_archive, expand_inputs, iter_file)

__all__ = ["read_cables", "parse_documents", "cache_dir", "CorpusError", "write_parquet_dataset"]

BATCH = 400
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
    """
    if not meta:
        return cable
    changes: dict = {}
    source_id = canonical_id(meta["cable_id"]) if meta.get("cable_id") else None
    if source_id and source_id != cable.cable_id:
        changes["cable_id"] = source_id
        if cable.cable_id is not None:
            changes["problems"] = cable.problems + (
                f"text's reference gives {cable.cable_id}, the source says {meta['cable_id']}",)
    if cable.date is None and meta.get("date") is not None:
        changes["date"] = meta["date"]
        changes["date_source"] = "source"
    cls = meta.get("classification")
    if cls in _CLASSIFICATIONS:
        changes["classification"] = cls
    if meta.get("origin"):
        changes["origin"] = meta["origin"]
    if cable.subject is None and meta.get("subject"):
        changes["subject"] = meta["subject"]
    if not cable.references and meta.get("references"):
        changes["references"] = tuple(canonical_id(r) or r for r in meta["references"])
    if changes.get("cable_id") or changes.get("origin"):
        problems = changes.get("problems", cable.problems)
        changes["problems"] = tuple(
            p for p in problems if not p.startswith(("cable id unknown", "unknown station")))
    return replace(cable, **changes) if changes else cable


def parse_document(doc: Document) -> Cable:
    """One Document -> Cable (a row with problems when the document had no text)."""
    if doc.text is None:
        return Cable(source=doc.source, problems=doc.problems or ("unreadable document",))
    year = doc.meta.get("date").year if doc.meta.get("date") is not None else None
    hint = doc.meta.get("id_hint")
    if year is None and hint:
        year = year_from_two_digits(int(hint[:2]))
    cable = parse_cable(doc.text, source=doc.source, year=year)
    if hint and cable.cable_id is None:
        cable = replace(cable, cable_id=canonical_id(hint) or hint)
    cable = apply_source_meta(cable, doc.meta)
    if doc.problems:
        cable = replace(cable, problems=tuple(doc.problems) + cable.problems)
    return cable


def parse_documents(docs: Iterable[Document]) -> pa.Table:
    """Documents -> Arrow table in the canonical schema (runs in a worker process)."""
    return schema.records_to_table([_record(parse_document(d)) for d in docs])


def _record(cable: Cable) -> dict:
    return {name: getattr(cable, name) for name in schema.COLUMNS}


def _parse_paths(paths: list[str], fmt: str) -> pa.Table:
    docs: list[Document] = []
    for p in paths:
        try:
            docs.extend(iter_file(p, fmt))
        except CorpusError as exc:
            docs.append(Document(p, None, {}, (str(exc),)))
    return parse_documents(docs)


def _single_doc_file(path: str) -> bool:
    low = path.lower()
    return not (_is_archive(path) or low.endswith((".csv", ".jsonl", ".json", ".ndjson")))


def _tasks(files: list[str], fmt: str) -> Iterator[tuple[str, object, int]]:
    """('paths', [...], n) for plain files a worker reads itself; ('docs', [...], n) otherwise."""
    plain: list[str] = []
    for f in files:
        if _single_doc_file(f) and fmt in ("auto", "txt", "html"):
            plain.append(f)
            if len(plain) >= BATCH:
                yield "paths", plain, len(plain)
                plain = []
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


def _run_task(kind: str, payload, fmt: str) -> pa.Table:
    return _parse_paths(payload, fmt) if kind == "paths" else parse_documents(payload)


def _parser_fingerprint() -> str:
    """Hash of the code that decides what a row holds: any change to it re-parses."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted([*root.glob("parse/*.py"), root / "ids.py", root / "sources.py",
                        root / "schema.py", root / "load.py", *root.glob("refdata/*.csv")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _cache_key(files: list[str], fmt: str) -> str:
    from cabletools import __version__

    h = hashlib.sha256()
    h.update(json.dumps([schema.SCHEMA_VERSION, __version__, fmt, _parser_fingerprint()]).encode())
    for f in files:
        st = os.stat(f)
        h.update(f"{os.path.abspath(f)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


def _progress(total: int | None, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="cables", desc="parsing", leave=False)


def _pool_context():
    # fork: scripts without an `if __name__ == "__main__"` guard and notebooks both work;
    # workers only run the pure-Python parser and build Arrow tables.
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _parse_all(files: list[str], fmt: str, workers: int, progress: bool) -> pa.Table:
    n_plain = sum(1 for f in files if _single_doc_file(f))
    total = n_plain if n_plain == len(files) else None
    bar = _progress(total, progress)
    tables: list[pa.Table] = []
    try:
        if workers <= 1 or (total is not None and total < 2 * BATCH):
            for kind, payload, n in _tasks(files, fmt):
                tables.append(_run_task(kind, payload, fmt))
                if bar is not None:
                    bar.update(n)
        else:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
                pending = []
                for kind, payload, n in _tasks(files, fmt):
                    pending.append((pool.submit(_run_task, kind, payload, fmt), n))
                    # bounded look-ahead keeps memory flat on huge inputs
                    while len(pending) > 4 * workers:
                        fut, m = pending.pop(0)
                        tables.append(fut.result())
                        if bar is not None:
                            bar.update(m)
                for fut, m in pending:
                    tables.append(fut.result())
                    if bar is not None:
                        bar.update(m)
    finally:
        if bar is not None:
            bar.close()
    if not tables:
        return schema.ARROW_SCHEMA.empty_table()
    return pa.concat_tables(tables)


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_cables(path, *, format: str = "auto", workers: int | None = None, cache: bool = True,
                progress: bool = True, engine: str = "pandas"):
    """Load cables from a file, folder, glob, archive, cables.csv, cablegate page or mirror,
    or a list of these, into one typed DataFrame (one row per input document).

    ``workers``: parser processes (default: all cores). ``cache``: keep a Parquet copy in
    :func:`cache_dir` keyed by the inputs' paths, sizes and mtimes and the schema version.
    ``engine="dask"`` returns a lazy ``dask.dataframe`` built from the same parser.

    Raises :class:`CorpusError` naming the input when it cannot be read at all.

    >>> df = read_cables("data/sample", progress=False)   # doctest: +SKIP
    """
    if engine == "dask":
        from cabletools.dask_engine import read_cables_dask

        return read_cables_dask(path, format=format)
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    files = expand_inputs(path)
    workers = workers or os.cpu_count() or 1
    cache_file = None
    if cache:
        cache_file = cache_dir() / f"{_cache_key(files, format)}.parquet"
        if cache_file.exists():
            try:
                return schema.table_to_frame(pq.read_table(cache_file, schema=schema.ARROW_SCHEMA))
            except Exception:  # noqa: BLE001 - a damaged cache is re-built, never trusted
                cache_file.unlink(missing_ok=True)
    table = _parse_all(files, format, workers, progress)
    if cache_file is not None:
        try:
            _write_atomic(table, cache_file)
        except OSError:
            pass  # a read-only cache dir must not stop a load
    return schema.table_to_frame(table)


def write_parquet_dataset(path, out, *, format: str = "auto", workers: int | None = None,
                          progress: bool = True) -> Path:
    """Parse `path` and write a year-partitioned Parquet dataset at `out` (DuckDB, Spark and
    Dask read it directly). Returns `out`."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    files = expand_inputs(path)
    table = _parse_all(files, format, workers or os.cpu_count() or 1, progress)
    years = pc.year(table.column("date"))
    table = table.append_column("year", pc.fill_null(years, -1).cast(pa.int32()))
    out = Path(out)
    ds.write_dataset(table, out, format="parquet", partitioning=["year"], partitioning_flavor="hive",
                     existing_data_behavior="overwrite_or_ignore")
    return out
