"""read_cables(): sources -> parse (process pool) -> typed DataFrame, with an Arrow cache.

>>> import cabletools as ct
>>> df = ct.read_cables("data/sample", progress=False)      # doctest: +SKIP
>>> df[["cable_id", "origin", "date", "subject"]].head()    # doctest: +SKIP
"""
from __future__ import annotations

import ctypes
import functools
import gc
import hashlib
import json
import multiprocessing as mp
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import types
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

import pyarrow as pa

from cabletools import schema

if TYPE_CHECKING:
    import pandas as pd
from cabletools.arrow_files import (
    join_tables,
    map_arrow,
    read_checked,
    write_arrow,
    write_checked,
)
from cabletools.ids import canonical_id, year_from_two_digits
from cabletools.parse import parse_cable_record
from cabletools.schema import Cable, as_record
from cabletools.sources import (
    CorpusError,
    Document,
    _is_archive,
    cables_csv_ranges,
    documents_from_bytes,
    expand_inputs,
    is_converted,
    is_splittable_csv,
    iter_file,
    read_converted,
    read_csv_range,
    read_files,
    unreadable,
)

__all__ = [
    "DOC_TIMEOUT",
    "CorpusError",
    "cache_dir",
    "deduplicate",
    "documents_of_files",
    "duplicate_of",
    "parse_documents",
    "read_cables",
    "write_parquet_dataset",
]

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


def _document_record(doc: Document, parser=None) -> dict:
    """:func:`parse_document` as a row dict in schema order, without building a second Cable."""
    if doc.text is None:
        return as_record(Cable(source=doc.source, problems=doc.problems or ("unreadable document",)))
    meta = doc.meta
    year = meta["date"].year if meta.get("date") is not None else None
    hint = meta.get("id_hint")
    if year is None and hint:
        year = year_from_two_digits(int(hint[:2]))
    record = (parser or parse_cable_record)(doc.text, source=doc.source, year=year)
    _finish_record(record, doc)
    return record


def _finish_record(record: dict, doc: Document) -> None:
    """What the source says beside the text (id hint, metadata, reading problems), in place."""
    hint = doc.meta.get("id_hint")
    if hint and record["cable_id"] is None:
        record["cable_id"] = canonical_id(hint) or hint
    if doc.meta:
        _apply_source_meta(record, doc.meta)
    if doc.problems:
        record["problems"] = tuple(doc.problems) + record["problems"]


#: Seconds one document may take to parse before its row is given up (problems say so).
#: ``read_cables(doc_timeout=...)`` or the environment variable CABLETOOLS_DOC_TIMEOUT
#: override it; 0 means no limit.
DOC_TIMEOUT = 10.0


def resolve_doc_timeout(seconds: float | None = None) -> float:
    """The per-document budget: `seconds`, else $CABLETOOLS_DOC_TIMEOUT, else DOC_TIMEOUT.

    >>> resolve_doc_timeout(0.5), resolve_doc_timeout(0)
    (0.5, 0.0)
    """
    if seconds is None:
        env = os.environ.get("CABLETOOLS_DOC_TIMEOUT", "").strip()
        try:
            seconds = float(env) if env else DOC_TIMEOUT
        except ValueError:
            raise ValueError(f"CABLETOOLS_DOC_TIMEOUT must be a number of seconds, not {env!r}") from None
    seconds = float(seconds)
    if not seconds >= 0:  # negative or NaN
        raise ValueError(f"doc_timeout must be seconds >= 0 (0: no limit), not {seconds!r}")
    return seconds


class _OverBudget(BaseException):
    """Raised into a parse that ran past its budget (a BaseException: the parser's own
    `except Exception` must not swallow it)."""


def _alarm_usable() -> bool:
    """Whether this thread can time a parse with SIGALRM: Unix, the main thread, and no
    interval timer of the caller's running (it is never overwritten)."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


class _DocumentAlarm:
    """Parses documents one at a time, each within `seconds` (SIGALRM raises into a parse
    that runs longer; Python code and the `re` engine both check for signals). Used in a
    ``with`` block, which installs the handler and puts the caller's back afterwards."""

    def __init__(self, seconds: float):
        self.seconds, self.armed, self.previous = seconds, False, None

    def _ring(self, signum, frame) -> None:
        if self.armed:  # a late alarm after the parse returned is ignored
            self.armed = False
            raise _OverBudget

    def __enter__(self) -> Self:
        self.previous = signal.signal(signal.SIGALRM, self._ring)
        return self

    def __exit__(self, *exc) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if self.previous is None else self.previous)

    def record(self, doc: Document, parser=None) -> dict:
        try:
            try:
                self.armed = True
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                return _document_record(doc, parser)
            finally:  # disarmed on every way out: a plug-in parser's own error included
                self.armed = False
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _OverBudget:
            return _over_budget_record(doc, self.seconds)


@functools.lru_cache(maxsize=1)
def _warm_up() -> None:
    """Parse a tiny cable once, so loading the parser's tables (a quarter second, more on a
    busy machine) is not charged to the first document's budget."""
    parse_cable_record("UNCLAS HANOI 000001\n\nTAGS: PREL VM\nSUBJECT: TEST\n\n1. (U) Text.\n", year=2009)


def _over_budget_record(doc: Document, seconds: float) -> dict:
    """The row of a document whose parse was stopped: its text, source and what the source
    says about it, and a problem naming the budget."""
    problem = (f"parsing stopped after the {seconds:g} s budget per document (doc_timeout, "
               "CABLETOOLS_DOC_TIMEOUT): only the text and the source's metadata are kept")
    record = as_record(Cable(body=doc.text or "", source=doc.source, problems=(problem,)))
    _finish_record(record, doc)
    return record


def parse_documents(docs: Iterable[Document], *, budget: float = 0.0, parser=None) -> pa.Table:
    """Documents -> Arrow table in the canonical schema (runs in a worker process).

    `budget`: seconds per document (0: no limit); a parse past it gives a row whose problems
    say so. It holds where a SIGALRM can be used (Unix, the main thread); elsewhere it is
    not applied. `parser`: the function from text to row dict (default
    :func:`cabletools.parse.parse_cable_record`, same signature).

    >>> parse_documents([Document("a.txt", "UNCLAS HANOI 000001\\n", {}, ())], budget=5).num_rows
    1
    """
    if budget and _alarm_usable():
        _warm_up()
        with _DocumentAlarm(budget) as alarm:
            return schema.records_to_table([alarm.record(d, parser) for d in docs])
    return schema.records_to_table([_document_record(d, parser) for d in docs])


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
        if (fmt in ("auto", "csv") and _size(f) > CSV_RANGE_BYTES
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


def _size(path: str) -> int:
    """The file's size; 0 when it cannot be stat'ed (its reader then reports why)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _run_task(kind: str, payload, index: int, parsing: _Parsing, out_dir: str) -> tuple[str, int]:
    """Parse one task and write its rows as one Arrow IPC part; returns (path, rows).

    Parts go to disk rather than back through the pool's pipes: the loading process maps
    them without copying or decoding anything.
    """
    if kind == "paths":
        docs = documents_of_files(payload, parsing.fmt)
    elif kind == "csv_range":
        docs = read_csv_range(*payload)
    else:
        docs = payload
    table = parse_documents(docs, budget=parsing.budget, parser=parsing.parser)
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


def _cache_key(files: list[str], parsing: _Parsing) -> str:
    """Which cache entry: the parser's code and tables, the format, and the inputs' names.
    Their sizes, times and inodes are the entry's stamp (:func:`_inputs_stamp`), checked
    while the entry is read. The working folder counts only when a path is relative (a load
    from a deleted working folder, with absolute paths, still uses the cache)."""
    from cabletools import __version__

    h = hashlib.sha256()
    h.update(json.dumps([schema.SCHEMA_VERSION, __version__, parsing.fmt, _parser_fingerprint()]).encode())
    if parsing.parser is not None:
        h.update(_callable_fingerprint(parsing.parser))
    if not all(map(os.path.isabs, files)):
        h.update(os.getcwd().encode())  # relative paths mean different files in another folder
    h.update("\n".join(files).encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:32]


def _callable_fingerprint(func: Callable) -> bytes:
    """A plug-in parser's name and code (what a cache entry parsed by it depends on); the
    same in every process (nested code is walked, never printed with its address).

    >>> _callable_fingerprint(len) == _callable_fingerprint(len)
    True
    """
    code = getattr(func, "__code__", None)
    name = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', type(func).__name__)}"
    return name.encode() + (_code_fingerprint(code) if code is not None else b"")


def _code_fingerprint(code: types.CodeType) -> bytes:
    parts = [code.co_code, repr(code.co_names).encode()]
    for const in code.co_consts:
        parts.append(_code_fingerprint(const) if isinstance(const, types.CodeType) else repr(const).encode())
    return b"\0".join(parts)


def _inputs_stamp(files: list[str]) -> str:
    """Hash of the inputs' sizes, modification and change times and inodes: an entry with
    another stamp is stale. The inode and ctime catch an edit that keeps size and mtime
    (``touch -d``, a file renamed in over another). A file that cannot be stat'ed (a dangling
    or looping symlink) is stamped by its error: its row says what happened, as without the
    cache. One stat per file (about a second for 250,000 files).

    >>> _inputs_stamp(["/no/such/file"]) == _inputs_stamp(["/no/such/file"])
    True
    """
    lines = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError as exc:
            lines.append(f"error {exc.errno}\n")
            continue
        lines.append(f"{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0{st.st_dev}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _progress(total: int | None, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=" cables", desc="parsing", leave=False)


def _pool_context():
    # fork: scripts without an `if __name__ == "__main__"` guard and notebooks both work;
    # workers only run the pure-Python parser and build Arrow tables. Each worker freezes what
    # it inherited (gc.freeze): its collections then never walk the parent's objects (a
    # notebook's frames), which costs time and un-shares the forked pages.
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


@dataclass(frozen=True)
class _Parsing:
    """How each document is parsed: the input format, the seconds one document may take
    (0: no limit) and the parser (None: :func:`cabletools.parse.parse_cable_record`)."""

    fmt: str = "auto"
    budget: float = 0.0
    parser: Callable | None = None


def _worker_start(parent: int) -> None:
    """A pool worker's first step: freeze what it inherited (see :func:`_pool_context`) and
    end with the loading process, even when that one is killed (kill -9 of a kernel)."""
    gc.freeze()
    if sys.platform.startswith("linux"):
        try:  # the kernel sends SIGKILL when the process that started this one ends
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it ended before the above took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _watch_parent(parent: int) -> None:
    """Exit this worker within half a second of its parent's end (where prctl is missing)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_worker_start,
                               initargs=(os.getpid(),))


_LOST = "a parser process died twice while parsing this document's batch (killed or out of memory?): not parsed"


def _pool_results(tasks: Iterable[tuple], parsing: _Parsing, workers: int, out_dir: str) -> Iterator[tuple[str, int]]:
    """:func:`_run_task` on a pool of `workers` processes for each (kind, payload, index) of
    `tasks`; results in task order, a bounded number of tasks ahead. A worker that dies (a
    kill, the out-of-memory killer) breaks the pool: each task it lost is run again on a
    fresh pool; lost twice, its documents become rows saying so."""
    pool = _new_pool(workers)

    def submit(task: tuple) -> Future:
        nonlocal pool
        try:
            return pool.submit(_run_task, *task, parsing, out_dir)
        except BrokenProcessPool:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = _new_pool(workers)
            return pool.submit(_run_task, *task, parsing, out_dir)

    def result(task: tuple, future: Future) -> tuple[str, int]:
        try:
            return future.result()
        except BrokenProcessPool:
            try:
                return submit(task).result()
            except BrokenProcessPool:
                return _lost_task(*task, parsing, out_dir)

    try:
        pending: deque = deque()
        for task in tasks:
            pending.append((task, submit(task)))
            while len(pending) > 4 * workers:  # bounded look-ahead keeps memory flat
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _lost_task(kind: str, payload, index: int, parsing: _Parsing, out_dir: str) -> tuple[str, int]:
    """The part for a task no worker could finish: one row per document (read here, not
    parsed), saying so."""
    if kind == "paths":
        docs = list(documents_of_files(payload, parsing.fmt))
    elif kind == "csv_range":
        docs = read_csv_range(*payload)
    else:
        docs = payload
    records = [as_record(Cable(body=d.text or "", source=d.source, problems=(_LOST,))) for d in docs]
    for record, doc in zip(records, docs):
        _finish_record(record, doc)
    table = schema.records_to_table(records)
    path = os.path.join(out_dir, f"part-{index:06d}.arrow")
    write_arrow(table, path)
    return path, table.num_rows


def _parse_via_parts(files: list[str], parsing: _Parsing, workers: int, progress: bool,
                     out_dir: str) -> list[pa.Table]:
    """Parse everything into Arrow parts in `out_dir`; returns them, mapped, in input order.
    Small inputs and ``workers=1`` are parsed in this process, unless the per-document budget
    cannot be kept here (another thread than the main one): then one worker does it."""
    single = list(map(_single_doc_file, files))
    total = len(files) if all(single) else None
    bar = _progress(total, progress)
    tables: list[pa.Table] = []
    tasks = ((kind, payload, i) for i, (kind, payload, _) in enumerate(_tasks(files, parsing.fmt, single)))
    one = workers <= 1 or (total is not None and total < 2 * BATCH)
    if one and (not parsing.budget or _alarm_usable()):
        results = (_run_task(*task, parsing, out_dir) for task in tasks)
    else:
        results = _pool_results(tasks, parsing, 1 if one else workers, out_dir)
    try:
        for path, rows in results:
            tables.append(map_arrow(path, schema.ARROW_SCHEMA))
            if bar is not None:
                bar.update(rows)
    finally:
        if bar is not None:
            bar.close()
        if hasattr(results, "close"):
            results.close()
    return tables


def _owner_tag() -> str:
    """``<host>-<pid>-``: whose temporary folder this is, so a later load can tell the
    folders of a process that was killed (no `finally` ran) and remove them."""
    return f"{_HOST}-{os.getpid()}-"


def _host_tag() -> str:
    """This machine's name and, on Linux, its pid namespace (``<node>ns<inode>``): a pid only
    says whether a process is alive within its own namespace, and containers that share a
    /tmp or a cache folder can share a host name too (``--network host``).

    >>> _host_tag().isalnum()
    True
    """
    node = "".join(ch for ch in platform.node() if ch.isascii() and ch.isalnum())[:40] or "host"
    try:
        return f"{node}ns{os.stat('/proc/self/ns/pid').st_ino}"
    except OSError:  # not Linux
        return node


_HOST = _host_tag()
# cabletools-<host>-<pid>-<random> (parse without a cache) and <key>.tmp-<host>-<pid>-<random>
_TEMP_NAME_RE = re.compile(r"(?:cabletools-|[0-9a-f]{32}\.tmp-)([A-Za-z0-9]*)-([0-9]+)-[^/]*")


def sweep_stale_temps(*folders: str | os.PathLike, names: re.Pattern = _TEMP_NAME_RE) -> list[str]:
    """Remove the temporary folders that loads killed on this host left in `folders` (their
    process is gone); returns what was removed. A live process's folders are kept, and so
    are those of another machine or another pid namespace (a container: its pids are not
    ours to test).

    >>> sweep_stale_temps(tempfile.gettempdir())   # doctest: +SKIP
    []
    """
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            m = names.fullmatch(entry.name)
            if m and m[1] == _HOST and not _alive(int(m[2])) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.path)
    return removed


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: never sweep
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or a number no pid has: kept, to be safe)
    return True


def _parse_all(files: list[str], parsing: _Parsing, workers: int, progress: bool) -> pa.Table:
    """Parse via a temporary folder of parts (no cache)."""
    tmp = tempfile.mkdtemp(prefix=f"cabletools-{_owner_tag()}")
    try:
        # each column in one piece (see arrow_files), copied out of the mapped parts
        return join_tables(_parse_via_parts(files, parsing, workers, progress, tmp), schema.ARROW_SCHEMA)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# A cache entry is a folder holding the rows as one Arrow IPC file (`CACHE_FILE`), written
# uncompressed with each column in one piece, and `_DONE`, written last: the row count, the
# inputs' stamp and the file's checksum. A reload reads the file into memory while checking
# the checksum (see arrow_files: never wrong rows from a damaged file, and no crash when the
# file is truncated under a loaded frame); a mismatch re-parses, with a warning.
CACHE_FILE = "cables.arrow"
_DONE = "_complete"


def _outside_cache(inputs: list, files: list[str]) -> list[str]:
    """`files` without those in cache entries, when an input folder holds the cache folder
    (a cache kept inside the corpus: its entries are not cables, and each load would add its
    own marker as a row). String operations only, and only in that case.

    >>> _outside_cache(["corpus"], ["corpus/a.txt"])
    ['corpus/a.txt']
    """
    try:
        root = os.path.realpath(cache_dir())
    except OSError:  # a relative cache folder under a deleted working folder
        return files
    prefixes = []
    for item in inputs:
        folder = os.fspath(item)
        try:
            if not os.path.isdir(folder):
                continue
            real = os.path.realpath(folder)
        except (OSError, ValueError):
            continue
        if root == real or root.startswith(real.rstrip(os.sep) + os.sep):
            prefixes.append(os.path.join(folder, os.path.relpath(root, real)).rstrip(os.sep) + os.sep)
    if not prefixes:
        return files
    prefixes += [os.path.normpath(p) + os.sep for p in prefixes]
    return [f for f in files if not any(f.startswith(p) and _ENTRY_RE.match(f, len(p)) for p in prefixes)]


# a cache entry's folder (or its temporary one) under the cache folder, then a separator
_ENTRY_RE = re.compile(r"[0-9a-f]{32}(?:\.tmp-[^/\\]*)?[/\\]")


def _read_if_fresh(folder: Path, files: list[str]) -> tuple[pa.Table | None, str]:
    """The cached table when the entry's stamp matches the inputs (else None), and the
    inputs' stamp (one stat per input file)."""
    stamp = _inputs_stamp(files)
    try:
        marker = json.loads((folder / _DONE).read_text())
    except (OSError, ValueError):
        return None, stamp
    if not isinstance(marker, dict) or marker.get("inputs") != stamp or "checksum" not in marker:
        return None, stamp  # stale, or written by a version that kept no checksum: rebuilt
    try:
        table = read_checked(str(folder / CACHE_FILE), marker.get("checksum"), schema.ARROW_SCHEMA)
    except Exception as exc:  # noqa: BLE001 - a damaged cache is re-built, never trusted
        warnings.warn(f"cabletools cache entry damaged, parsing again: {exc}",
                      RuntimeWarning, stacklevel=3)
        return None, stamp
    return (table, stamp) if marker.get("rows") == table.num_rows else (None, stamp)


def _parse_into_cache(files: list[str], parsing: _Parsing, workers: int, progress: bool, folder: Path,
                      stamp: str) -> pa.Table:
    """Parse into a fresh folder next to the cache entry, then rename it into place: a crash
    mid-write never leaves an entry that loads (only complete folders carry the marker)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f"{folder.name}.tmp-{_owner_tag()}"))
    try:
        table = join_tables(_parse_via_parts(files, parsing, workers, progress, str(tmp)), schema.ARROW_SCHEMA)
        for part in tmp.glob("part-*.arrow"):
            part.unlink()
        checksum = write_checked(table, str(tmp / CACHE_FILE))
        (tmp / _DONE).write_text(json.dumps({"rows": table.num_rows, "inputs": stamp, "checksum": checksum}))
        shutil.rmtree(folder, ignore_errors=True)  # a stale entry for the same files
        try:
            os.replace(tmp, folder)
        except OSError:  # another process cached the same inputs first: ours is dropped
            pass
        return table
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_cables(path, *, format: str = "auto", workers: int | None = None, cache: bool = True,
                progress: bool = True, engine: str = "pandas", doc_timeout: float | None = None,
                parser: Callable | None = None):
    """Load cables from a file, folder, glob, archive, cables.csv, cablegate page or mirror,
    or a list of these, into one typed DataFrame (one row per input document).

    ``workers``: parser processes (default: all cores). ``cache``: keep an Arrow copy in
    :func:`cache_dir` keyed by the inputs' paths, sizes, mtimes, inodes and ctimes and the
    parser's code; a reload reads it back after checking its checksum.
    ``doc_timeout``: seconds one document may take to parse (default $CABLETOOLS_DOC_TIMEOUT,
    else :data:`DOC_TIMEOUT`, 10 s; 0: no limit): past it the row keeps the document's text
    and source and its ``problems`` say so; the other rows are unaffected (Unix only: the
    budget is a SIGALRM in the parsing process).
    ``parser``: a function ``(text, *, source, year) -> row dict`` used in place of
    :func:`cabletools.parse.parse_cable_record` (a plug-in or a test's slow parser; the
    cache key includes its name and code).
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
    parsing = _Parsing(format, resolve_doc_timeout(doc_timeout), parser)
    inputs = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    files = _outside_cache(inputs, expand_inputs(inputs))
    workers = workers or os.cpu_count() or 1
    sweep_stale_temps(tempfile.gettempdir(), cache_dir())
    if not cache:
        return schema.table_to_frame(_parse_all(files, parsing, workers, progress))
    folder = cache_dir() / _cache_key(files, parsing)
    table, stamp = _read_if_fresh(folder, files)
    if table is not None:
        return schema.table_to_frame(table)
    try:
        table = _parse_into_cache(files, parsing, workers, progress, folder, stamp)
    except OSError:
        table = _parse_all(files, parsing, workers, progress)  # a read-only cache dir must not stop a load
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
    table = _parse_all(files, _Parsing(format, resolve_doc_timeout()), workers or os.cpu_count() or 1, progress)
    years = pc.year(table.column("date"))
    table = table.append_column("year", pc.fill_null(years, -1).cast(pa.int32()))
    out.parent.mkdir(parents=True, exist_ok=True)
    # what a killed write of this dataset left beside it (the same names as below)
    sweep_stale_temps(out.parent, names=re.compile(re.escape(out.name) + r"\.tmp-([A-Za-z0-9]*)-([0-9]+)-[^/]*"))
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f"{out.name}.tmp-{_owner_tag()}"))
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


def duplicate_of(df: pd.DataFrame) -> pd.Series:
    """For each row, the ``source`` of the row kept for the same cable; missing (NA) for the
    rows kept and for cables met once.

    Policy: rows with the same (canonical) ``cable_id`` are copies of one cable, e.g. the
    cablegate page and the .txt of one cable, or the same cable in two mirrors. The row kept
    is the one with the fewest ``problems``, then the longest text (header + body), then the
    first in input order. Rows without an id are never duplicates. A cable whose id was
    misread joins the wrong group: check the flagged rows' text when it matters.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"cable_id": ["09A1", "09A1", None], "source": ["a.html", "a.txt", "b.txt"],
    ...                    "problems": [["x"], [], []], "header": ["", "", ""], "body": ["t", "t", "u"]})
    >>> flags = duplicate_of(df)
    >>> flags[0], flags.isna().tolist()
    ('a.txt', [False, True, True])
    """
    import numpy as np
    import pandas as pd

    out = pd.Series([None] * len(df), index=df.index, dtype=object)
    ids = df["cable_id"]
    has_id = ids.notna().to_numpy(dtype=bool)
    if not has_id.any():
        return out
    text_length = (df["header"].fillna("").str.len() + df["body"].fillna("").str.len()).to_numpy(dtype=np.int64)
    ranked = pd.DataFrame({
        "id": ids.to_numpy(dtype=object)[has_id],
        "problems": np.asarray([len(p) if p is not None else 0 for p in df["problems"]], dtype=np.int64)[has_id],
        "shorter": -text_length[has_id],
        "position": np.flatnonzero(has_id),
    }).sort_values(["id", "problems", "shorter", "position"], kind="stable")
    kept = ranked.groupby("id", sort=False)["position"].transform("first").to_numpy()
    copies = ranked["position"].to_numpy() != kept
    sources = df["source"].to_numpy(dtype=object)
    out.iloc[ranked["position"].to_numpy()[copies]] = sources[kept[copies]]
    return out.astype(df["source"].dtype)


def deduplicate(df: pd.DataFrame) -> pd.DataFrame:
    """`df` without the rows :func:`duplicate_of` flags: one row per cable id (rows without an
    id all kept), in input order.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"cable_id": ["09A1", "09A1"], "source": ["a.html", "a.txt"],
    ...                    "problems": [[], []], "header": ["", ""], "body": ["t", "t"]})
    >>> deduplicate(df)["source"].tolist()
    ['a.html']
    """
    copies = duplicate_of(df).notna().to_numpy()
    return df[~copies] if copies.any() else df   # nothing to drop: the frame itself, nothing copied
