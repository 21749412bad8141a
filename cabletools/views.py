"""Long ("tidy") views of the many-to-many fields, computed on demand from the cable frame.

>>> import cabletools as ct
>>> df = ct.read_cables("data/sample", progress=False)            # doctest: +SKIP
>>> ct.paragraphs(df).columns.tolist()                              # doctest: +SKIP
['cable_id', 'number', 'marking', 'text']
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cabletools.parse.body import split_paragraphs

#: cables split at a time by `paragraphs`: bounds the Python strings alive at once
PARAGRAPH_CHUNK = 5_000


def is_dask_frame(df) -> bool:
    """True for a Dask DataFrame (checked without importing dask).

    >>> is_dask_frame(pd.DataFrame())
    False
    """
    return type(df).__module__.split(".")[0] == "dask" and hasattr(df, "compute")


def _lazily(df, view):
    """`view` mapped over a Dask frame's partitions, its meta computed on an empty cable frame."""
    lists = pd.ArrowDtype(pa.list_(pa.string()))
    empty = pd.DataFrame({"cable_id": pd.Series([], dtype=df.dtypes["cable_id"]),
                          "body": pd.Series([], dtype=pd.ArrowDtype(pa.large_string())),
                          **{c: pd.Series([], dtype=lists) for c in ("to", "info", "references")}})
    return df.map_partitions(view, meta=view(empty))


def arrow_array(values) -> pa.Array:
    """One contiguous Arrow array of a Series or array, without copying an Arrow-backed one.

    >>> arrow_array(pd.Series([["a"], ["b", "c"]])).type
    ListType(list<item: string>)
    """
    arr = pa.array(values.array if isinstance(values, pd.Series) else values)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _explode_list(df: pd.DataFrame, column: str, name: str, keep: list[str]) -> pd.DataFrame:
    arr = arrow_array(df[column])
    values = pc.list_flatten(arr)
    parents = pc.list_parent_indices(arr).to_numpy()
    out = df[keep].iloc[parents].reset_index(drop=True) if keep else pd.DataFrame(index=range(len(parents)))
    out[name] = pd.Series(pd.arrays.ArrowExtensionArray(values), index=out.index)
    return out


def recipients(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (cable, recipient): cable_id, kind ("to" or "info"), recipient.

    >>> recipients(df)                                               # doctest: +SKIP

    Every long view takes a Dask frame too, and gives a lazy one (a partition per partition).
    """
    if is_dask_frame(df):
        return _lazily(df, recipients)
    to = _explode_list(df, "to", "recipient", ["cable_id"])
    to.insert(1, "kind", "to")
    info = _explode_list(df, "info", "recipient", ["cable_id"])
    info.insert(1, "kind", "info")
    return pd.concat([to, info], ignore_index=True)


def references(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (cable, referenced cable id): cable_id, reference."""
    if is_dask_frame(df):
        return _lazily(df, references)
    return _explode_list(df, "references", "reference", ["cable_id"])


def _paragraph_chunk(ids: list, bodies: list) -> tuple[pa.Array, np.ndarray, pa.Array, pa.Array]:
    cids, numbers, markings, texts = [], [], [], []
    for cid, body in zip(ids, bodies):
        for number, marking, text in split_paragraphs(body if isinstance(body, str) else ""):
            cids.append(cid)
            numbers.append(number)
            markings.append(marking)
            texts.append(text)
    return (pa.array(cids, type=pa.large_string(), from_pandas=True), np.asarray(numbers, dtype="int64"),
            pa.array(markings, type=pa.large_string(), from_pandas=True), pa.array(texts, type=pa.large_string(), from_pandas=True))


def paragraphs(df: pd.DataFrame) -> pd.DataFrame:
    """One row per numbered paragraph: cable_id, number, marking, text (0 = before the first).

    Computed from ``body`` on demand, so the text is held once in the cable frame; the cables are
    split a chunk at a time straight into Arrow arrays, so memory grows with the result only.

    >>> df = pd.DataFrame({"cable_id": ["08HANOI1"], "body": ["SUBJECT: X\\n\\n1. (C) First.\\n\\n2. Second."]})
    >>> paragraphs(df)[["number", "marking", "text"]].values.tolist()
    [[0, <NA>, 'SUBJECT: X'], [1, 'C', 'First.'], [2, <NA>, 'Second.']]
    """
    if is_dask_frame(df):
        return _lazily(df, paragraphs)
    parts = [_paragraph_chunk(df["cable_id"].iloc[i:i + PARAGRAPH_CHUNK].tolist(),
                              df["body"].iloc[i:i + PARAGRAPH_CHUNK].tolist())
             for i in range(0, len(df), PARAGRAPH_CHUNK)] or [_paragraph_chunk([], [])]

    def column(k: int) -> pd.arrays.ArrowExtensionArray:
        return pd.arrays.ArrowExtensionArray(pa.chunked_array([p[k] for p in parts], type=pa.large_string()))

    return pd.DataFrame({
        "cable_id": column(0),
        "number": np.concatenate([p[1] for p in parts]),
        "marking": column(2),
        "text": column(3),
    })
