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


class DeferredTake(ArrowExtensionArray):
    """`source.take(positions)`, copied from `source` when first read (see the module's docstring).

    Build one with `DeferredTake.of(source, positions)`. Once copied it is an ordinary
    ArrowExtensionArray (pandas' own operations on it give ordinary ones too).
    """

    @classmethod
    def of(cls, source: ArrowExtensionArray, positions) -> "DeferredTake":
        """Rows `positions` (integers, each in `range(len(source))`) of `source`, not yet copied.
        A DeferredTake source is not copied either: the positions are combined."""
        positions = np.asarray(positions, dtype=np.int64)
        if positions.ndim != 1:
            raise ValueError("positions must be one-dimensional")
        if len(positions) and (positions.min() < 0 or positions.max() >= len(source)):
            raise IndexError(f"positions out of range(0, {len(source)})")
        pick = source._pick_or_none() if isinstance(source, DeferredTake) else None
        if pick is not None:
            return cls._of_pick(pick[0], pick[1][positions])
        return cls._of_pick(source.__arrow_array__(), positions)

    @classmethod
    def _of_pick(cls, source: pa.ChunkedArray, positions: np.ndarray) -> "DeferredTake":
        positions.flags.writeable = False
        picked = cls.__new__(cls)
        picked.__dict__.update(_pick=(source, positions), _lock=threading.Lock(),
                               _dtype=pd.ArrowDtype(source.type), _cache={})
        return picked

    def _pick_or_none(self) -> tuple[pa.ChunkedArray, np.ndarray] | None:
        """(source, positions) while the rows are not copied, else None (one read: thread-safe)."""
        return self.__dict__.get("_pick")

    @property
    def is_deferred(self) -> bool:
        """True until the picked rows are copied out of the source."""
        return "_pick" in self.__dict__

    @property
    def _pa_array(self) -> pa.ChunkedArray:  # what every ArrowExtensionArray method reads
        state = self.__dict__
        copied = state.get("_copied")
        if copied is None:
            with state["_lock"]:
                copied = state.get("_copied")
                if copied is None:
                    copied = state["_copied"] = _take(*state["_pick"])
                    del state["_pick"]
        return copied

    @_pa_array.setter
    def _pa_array(self, values: pa.ChunkedArray) -> None:  # __init__, __setitem__, ...
        self.__dict__["_copied"] = values
        self.__dict__.pop("_pick", None)

    def __len__(self) -> int:
        pick = self._pick_or_none()
        return len(pick[1]) if pick is not None else len(self._pa_array)

    def __getitem__(self, item):
        pick = self._pick_or_none()
        if pick is None:
            return super().__getitem__(item)
        source, positions = pick
        if isinstance(item, slice):
            return self._of_pick(source, positions[item])
        if is_integer(item):
            position = positions[item]  # IndexError as for a list
            return ArrowExtensionArray(source.slice(int(position), 1))[0]
        if isinstance(item, tuple) or item is Ellipsis or np.ndim(item) == 0:
            return super().__getitem__(item)  # rare forms: pandas' rules, on the copied values
        item = check_array_indexer(self, item)
        if item.dtype.kind == "b":
            return self._of_pick(source, positions[item])
        if item.dtype.kind in "iu":
            return self.take(item)
        return super().__getitem__(item)

    def take(self, indices, *, allow_fill: bool = False, fill_value=None):
        indices = np.asarray(indices, dtype=np.intp)
        pick = self._pick_or_none()
        if pick is None or indices.ndim != 1 or (allow_fill and (indices < 0).any()):
            return super().take(indices, allow_fill=allow_fill, fill_value=fill_value)
        source, positions = pick
        if len(indices) and (indices.max() >= len(positions) or indices.min() < -len(positions)):
            raise IndexError("out of bounds value in 'indices'.")
        return self._of_pick(source, positions[indices])  # negative indices count from the end

    def copy(self) -> ArrowExtensionArray:
        pick = self._pick_or_none()
        return self._of_pick(*pick) if pick is not None else ArrowExtensionArray(self._pa_array)

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
