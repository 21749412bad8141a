"""A disk cache of `extract_stances` results, so a notebook re-run on 250,000 cables takes seconds.

An entry is keyed by everything the result depends on: the text of the columns the extractor
reads (hashed with BLAKE2, straight from their Arrow buffers when they have them: ~1 s per GB),
the options, and the package's code and tables. Change a cable, an option or a rule and the key changes.
Entries are Parquet files under `cabletools.load.cache_dir()` / "stances" (never in the corpus),
written to a temporary name and renamed, so a reader never sees half a file. A cache that
cannot be read or written is skipped, never an error.

>>> import pandas as pd
>>> df = pd.DataFrame({"cable_id": ["A"], "body": ["1. Text."]})
>>> stance_key(df, ("cable_id", "body"), options=(True,)) == stance_key(df.copy(), ("cable_id", "body"), options=(True,))
True
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["stance_key", "cached_stances", "store_stances", "CACHE_FROM_ROWS"]

#: `extract_stances` uses the cache by default from this many cables (below, it is quick anyway).
CACHE_FROM_ROWS = 20_000

_PACKAGE = Path(__file__).resolve().parents[1]


def _code_files() -> list[Path]:
    return sorted(_PACKAGE.rglob("*.py")) + sorted((_PACKAGE / "refdata").glob("*.csv"))


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """A digest of the package's code and tables (what results depend on besides the input): every
    module, not only the extractor's, since it reads paragraphs and names through others. Computed
    once per process."""
    digest = hashlib.blake2b(digest_size=20)
    for path in _code_files():
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _update_with_column(digest, column: pd.Series | None) -> None:
    """Add what the extractor reads of `column` to `digest`: each value's text, or None for a
    missing value or anything that is not a str (bytes, numbers, lists: the extractor reads those
    as None too)."""
    if column is None:
        digest.update(b"\0missing column\0")
        return
    lengths, text = hashlib.blake2b(digest_size=20), hashlib.blake2b(digest_size=20)
    chunks = _arrow_text(column.array)
    if chunks is not None:
        offset_type = np.int64 if pa.types.is_large_string(chunks.type) else np.int32
        for chunk in chunks.chunks:  # the same digests however the column is chunked
            lengths.update(pc.binary_length(chunk).fill_null(-1).to_numpy().astype(np.int64).tobytes())
            if chunk.null_count:  # only the valid values' bytes (a null slot may hold some)
                chunk = chunk.filter(pc.is_valid(chunk))
            _, offsets, data = chunk.buffers()
            if data is None or not len(chunk):
                continue
            bounds = np.frombuffer(offsets, dtype=offset_type)[[chunk.offset, chunk.offset + len(chunk)]]
            text.update(memoryview(data)[int(bounds[0]):int(bounds[1])])
    else:
        values = [v.encode("utf-8", "surrogatepass") if isinstance(v, str) else None for v in column.tolist()]
        lengths.update(np.array([-1 if v is None else len(v) for v in values], dtype=np.int64).tobytes())
        for value in values:
            if value:
                text.update(value)
    digest.update(b"\0text\0" + lengths.digest() + text.digest())


def _arrow_text(values) -> pa.ChunkedArray | None:
    """The Arrow strings behind a pandas array (ArrowDtype or pandas' pyarrow-backed `str`), or None."""
    if isinstance(values, np.ndarray) or isinstance(values.dtype, pd.CategoricalDtype):
        return None
    to_arrow = getattr(values, "__arrow_array__", None)
    if to_arrow is None or not (isinstance(values.dtype, pd.ArrowDtype) or getattr(values.dtype, "storage", None) == "pyarrow"):
        return None
    arrow = to_arrow()
    if isinstance(arrow, pa.Array):
        arrow = pa.chunked_array([arrow])
    return arrow if pa.types.is_large_string(arrow.type) or pa.types.is_string(arrow.type) else None


def stance_key(df: pd.DataFrame, names: tuple[str, ...], options: tuple) -> str:
    """The cache key of extracting stances from columns `names` of `df` with `options`."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_code_version())
    digest.update(repr((tuple(names), options, len(df))).encode())
    for name in names:
        _update_with_column(digest, df[name] if name in df.columns else None)
    return digest.hexdigest()


def _entry(key: str) -> Path:
    from cabletools.load import cache_dir  # a lower layer: the loader's cache folder

    return cache_dir() / "stances" / f"{key}.parquet"


def cached_stances(key: str) -> pd.DataFrame | None:
    """The stances stored under `key`, or None."""
    path = _entry(key)
    try:
        if not path.is_file():
            return None
        return pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - a damaged entry is recomputed
        warnings.warn(f"stance cache {path} unreadable ({type(exc).__name__}: {exc}); recomputing", stacklevel=3)
        return None


def store_stances(key: str, stances: pd.DataFrame) -> None:
    """Store `stances` under `key` (atomically; a failure only warns)."""
    path = _entry(key)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        tmp = Path(name)  # a name of its own: other threads and processes write theirs
        stances.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except Exception as exc:  # noqa: BLE001 - results are still returned
        warnings.warn(f"stance cache not written to {path} ({type(exc).__name__}: {exc})", stacklevel=3)
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass
