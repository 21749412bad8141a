"""Rows of an Arrow column picked now and copied on first use: `DeferredTake`.

Picking 120,000 of Cablegate's 250,000 cables copies ~800 MB of text, which is most of what
`apply_filters` would spend on a broad selection, and many selections never read the text
(tag counts, timelines, the results table). A `DeferredTake` is a pandas Arrow array that holds
the source column and the positions of the picked rows. Everything a pandas Arrow array does
works on it; the picked rows are copied out of the source the first time anything reads the
values (`.str`, comparisons, `.to_numpy()`, `__arrow_array__`, pickling ...), then the source is
let go. Picking rows of it again, slicing it, copying it, `len` and reading one value copy
nothing: they only combine positions.

Until it is copied, a DeferredTake keeps its source column alive (for a frame loaded by
`read_cables`, memory-mapped pages of the cache file).

>>> import pandas as pd, pyarrow as pa, numpy as np
>>> source = pd.arrays.ArrowExtensionArray(pa.array(["a", "b", "c", "d"], pa.large_string()))
>>> picked = DeferredTake.of(source, np.array([3, 1, 0]))
>>> len(picked), picked.is_deferred
(3, True)
>>> picked[1:].take([1, 0]).tolist(), picked.is_deferred
(['a', 'b'], True)
>>> picked.tolist(), picked.is_deferred
(['d', 'b', 'a'], False)
"""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.indexers import check_array_indexer
from pandas.api.types import is_integer
from pandas.arrays import ArrowExtensionArray

__all__ = ["DeferredTake", "defers"]

def defers(values) -> bool:
    """Whether `DeferredTake.of` can defer picking rows of `values` (an Arrow-backed pandas
    array of strings, binaries or lists: the kinds whose copy is a copy of their data).

    >>> import pandas as pd
    >>> defers(pd.array(["a"], dtype="large_string[pyarrow]")), defers(pd.array([1, 2]))
    (True, False)
    """
    if not isinstance(values, ArrowExtensionArray) or not isinstance(values.dtype, pd.ArrowDtype):
        return False
    kind = values.dtype.pyarrow_dtype
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind) or pa.types.is_list(kind) or pa.types.is_large_list(kind))


class _Pick:
    """The rows `positions` of `source`, copied once (under a lock) for every DeferredTake sharing
    it: an array and its copies and views. After the copy the source is let go."""

    __slots__ = ("parts", "copied", "lock")

    def __init__(self, source: pa.ChunkedArray, positions: np.ndarray) -> None:
        # (source, positions) until the copy, then None: one attribute, so a reader in another
        # thread gets both or neither
        self.parts: tuple[pa.ChunkedArray, np.ndarray] | None = (source, positions)
        self.copied: pa.ChunkedArray | None = None
        self.lock = threading.Lock()

    def values(self) -> pa.ChunkedArray:
        if self.copied is None:
            with self.lock:
                if self.copied is None:
                    self.copied = _take(*self.parts)
                    self.parts = None
        return self.copied


def _frozen_positions(positions) -> np.ndarray:
    """`positions` as int64 that nobody can change: a read-only array owning its data is kept,
    anything else copied (a caller's array, or a view of one, stays theirs to change)."""
    if (isinstance(positions, np.ndarray) and positions.dtype == np.int64 and positions.base is None
            and not positions.flags.writeable):
        return positions
    frozen = np.array(positions, dtype=np.int64)  # a copy
    frozen.flags.writeable = False
    return frozen


class DeferredTake(ArrowExtensionArray):
    """`source.take(positions)`, copied from `source` when first read (see the module's docstring).

    Build one with `DeferredTake.of(source, positions)`. Once copied it is an ordinary
    ArrowExtensionArray (pandas' own operations on it give ordinary ones too).
    """

    @classmethod
    def of(cls, source: ArrowExtensionArray, positions) -> "DeferredTake":
        """Rows `positions` (integers, each in `range(len(source))`) of `source`, not yet copied.
        A DeferredTake source is not copied either: the positions are combined."""
        positions = _frozen_positions(positions)
        if positions.ndim != 1:
            raise ValueError("positions must be one-dimensional")
        if len(positions) and (positions.min() < 0 or positions.max() >= len(source)):
            raise IndexError(f"positions out of range(0, {len(source)})")
        parts = source._parts() if isinstance(source, DeferredTake) else None
        if parts is not None:
            return source._repick(parts, positions)
        chunks = source.__arrow_array__()
        return cls._of(_Pick(chunks, positions), pd.ArrowDtype(chunks.type))

    @classmethod
    def _of(cls, pick: _Pick, dtype: pd.ArrowDtype, readonly: bool = False) -> "DeferredTake":
        picked = cls.__new__(cls)
        picked.__dict__.update(_pick=pick, _dtype=dtype, _cache={}, _readonly=readonly)
        return picked

    def _parts(self) -> tuple[pa.ChunkedArray, np.ndarray] | None:
        """(source, positions) while the rows are not copied, else None."""
        pick = self.__dict__.get("_pick")
        return pick.parts if pick is not None else None

    def _repick(self, parts: tuple[pa.ChunkedArray, np.ndarray], key) -> "DeferredTake":
        """Rows `key` (a slice, mask or valid indices of this array) of `parts`' source, not copied.
        The positions are this array's (read-only) indexed: a slice's view needs no copy."""
        source, positions = parts
        picked = positions[key]
        picked.flags.writeable = False
        return self._of(_Pick(source, picked), self._dtype, self._readonly)

    def _pick_or_none(self) -> _Pick | None:
        """The pick while its rows are not copied, else None."""
        pick = self.__dict__.get("_pick")
        return pick if pick is not None and pick.parts is not None else None

    @property
    def is_deferred(self) -> bool:
        """True until the picked rows are copied out of the source."""
        return self._pick_or_none() is not None

    @property
    def _pa_array(self) -> pa.ChunkedArray:  # what every ArrowExtensionArray method reads
        state = self.__dict__
        copied = state.get("_copied")
        if copied is None:
            copied = state["_copied"] = state["_pick"].values()
        return copied

    @_pa_array.setter
    def _pa_array(self, values: pa.ChunkedArray) -> None:  # __init__, __setitem__, ...
        self.__dict__["_copied"] = values
        self.__dict__["_pick"] = None

    def __len__(self) -> int:
        parts = self._parts()
        return len(parts[1]) if parts is not None else len(self._pa_array)

    def __getitem__(self, item):
        parts = self._parts()
        if parts is None:
            return super().__getitem__(item)
        if isinstance(item, slice):
            return self._repick(parts, item)
        if is_integer(item):
            source, positions = parts
            position = positions[item]  # IndexError as for a list
            return ArrowExtensionArray(source.slice(int(position), 1))[0]
        if isinstance(item, tuple) or item is Ellipsis or np.ndim(item) == 0:
            return super().__getitem__(item)  # rare forms: pandas' rules, on the copied values
        item = check_array_indexer(self, item)
        if item.dtype.kind == "b":
            return self._repick(parts, item)
        if item.dtype.kind in "iu":
            return self.take(item)
        return super().__getitem__(item)

    def take(self, indices, *, allow_fill: bool = False, fill_value=None):
        parts = self._parts()
        indices = np.asarray(indices)
        if indices.size == 0:
            indices = indices.astype(np.intp)
        if parts is None or indices.ndim != 1 or indices.dtype.kind not in "iu":
            return super().take(indices, allow_fill=allow_fill, fill_value=fill_value)
        n = len(parts[1])
        if len(indices) and (indices.max() >= n or indices.min() < (-1 if allow_fill else -n)):
            if allow_fill and indices.min() < -1:
                raise ValueError("'indices' contains values less than allowed (-1)")
            raise IndexError("out of bounds value in 'indices'.")
        if allow_fill and len(indices) and indices.min() == -1:
            return self._take_with_fill(parts, indices, fill_value)
        return self._repick(parts, indices)  # negative indices count from the end

    def _take_with_fill(self, parts, indices: np.ndarray, fill_value) -> ArrowExtensionArray:
        """take(allow_fill=True) with missing rows (-1): only the rows asked for are copied."""
        source, positions = parts
        missing = indices == -1
        rows = pa.array(np.where(missing, 0, positions[np.where(missing, 0, indices)]), pa.int64(),
                        mask=missing)
        source = source if source.num_chunks <= 1 else source.combine_chunks()
        result = ArrowExtensionArray(source.take(rows))
        if not pd.isna(fill_value):
            result[missing] = fill_value
        return result

    def isna(self) -> np.ndarray:  # DataFrame.info, count, notna, dropna: no copy of the values
        parts = self._parts()
        if parts is None:
            return super().isna()
        source, positions = parts
        if source.null_count == 0:
            return np.zeros(len(positions), dtype=bool)
        return source.is_null().to_numpy()[positions]

    @property
    def _hasna(self) -> bool:
        return bool(self.isna().any()) if self._parts() is not None else super()._hasna

    def copy(self) -> ArrowExtensionArray:
        pick = self._pick_or_none()
        return self._of(pick, self._dtype) if pick is not None else ArrowExtensionArray(self._pa_array)

    def view(self, dtype=None):
        pick = self._pick_or_none()
        if dtype is not None or pick is None:
            return super().view(dtype)
        return self._of(pick, self._dtype, self._readonly)  # shares the pick: one copy for both when read

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # pandas re-wraps a ufunc's result only for arrays whose class is ArrowExtensionArray itself
        inputs = tuple(ArrowExtensionArray(x._pa_array) if isinstance(x, DeferredTake) else x for x in inputs)
        return getattr(ufunc, method)(*inputs, **kwargs)

    def _from_pyarrow_array(self, pa_array) -> ArrowExtensionArray:
        return ArrowExtensionArray(pa_array)  # results of pandas' operations are ordinary arrays

    def __reduce__(self):
        return ArrowExtensionArray, (self._pa_array,)


def _take(source: pa.ChunkedArray, positions: np.ndarray) -> pa.ChunkedArray:
    """`source.take(positions)`; increasing positions of a source in several chunks are taken
    chunk by chunk (Arrow's take of a chunked array would first join the chunks: all the text)."""
    if source.num_chunks <= 1 or len(positions) < 2 or not (np.diff(positions) >= 0).all():
        return source.take(pa.array(positions, pa.int64()))
    starts = np.cumsum([0] + [len(chunk) for chunk in source.chunks])
    bounds = np.searchsorted(positions, starts)
    pieces = [chunk.take(pa.array(positions[lo:hi] - start, pa.int64()))
              for chunk, start, lo, hi in zip(source.chunks, starts, bounds[:-1], bounds[1:]) if hi > lo]
    return pa.chunked_array(pieces, type=source.type)
