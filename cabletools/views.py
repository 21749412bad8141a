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


def _explode_list(df: pd.DataFrame, column: str, name: str, keep: list[str]) -> pd.DataFrame:
    arr = pa.chunked_array(pa.array(df[column].array)) if not hasattr(df[column].array, "_pa_array") \
        else df[column].array._pa_array
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    values = pc.list_flatten(arr)
    parents = pc.list_parent_indices(arr).to_numpy()
    out = df[keep].iloc[parents].reset_index(drop=True) if keep else pd.DataFrame(index=range(len(parents)))
    out[name] = pd.Series(pd.arrays.ArrowExtensionArray(values), index=out.index)
    return out


def recipients(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (cable, recipient): cable_id, kind ("to" or "info"), recipient.

    >>> recipients(df)                                               # doctest: +SKIP
    """
    to = _explode_list(df, "to", "recipient", ["cable_id"])
    to.insert(1, "kind", "to")
    info = _explode_list(df, "info", "recipient", ["cable_id"])
    info.insert(1, "kind", "info")
    return pd.concat([to, info], ignore_index=True)


def references(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (cable, referenced cable id): cable_id, reference."""
    return _explode_list(df, "references", "reference", ["cable_id"])


def paragraphs(df: pd.DataFrame) -> pd.DataFrame:
    """One row per numbered paragraph: cable_id, number, marking, text (0 = before the first).

    Computed from ``body`` on demand, so the text is held once in the cable frame.
    """
    ids, numbers, markings, texts = [], [], [], []
    for cid, body in zip(df["cable_id"].tolist(), df["body"].tolist()):
        for number, marking, text in split_paragraphs(body or ""):
            ids.append(cid)
            numbers.append(number)
            markings.append(marking)
            texts.append(text)
    return pd.DataFrame({
        "cable_id": pd.array(ids, dtype=pd.ArrowDtype(pa.large_string())),
        "number": np.asarray(numbers, dtype="int64"),
        "marking": pd.array(markings, dtype=pd.ArrowDtype(pa.large_string())),
        "text": pd.array(texts, dtype=pd.ArrowDtype(pa.large_string())),
    })
