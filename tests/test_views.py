"""views.py: the long views (paragraphs, recipients, references) against the per-cable functions."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

import cabletools as ct
from cabletools.parse.body import split_paragraphs
from cabletools.views import PARAGRAPH_CHUNK, arrow_array


def _expected_paragraphs(df: pd.DataFrame) -> list[tuple]:
    return [(cid, n, m, t) for cid, body in zip(df["cable_id"], df["body"])
            for n, m, t in split_paragraphs(body or "")]


def _rows(par: pd.DataFrame) -> list[tuple]:
    return [(None if pd.isna(c) else c, int(n), None if pd.isna(m) else m, t)
            for c, n, m, t in par[["cable_id", "number", "marking", "text"]].itertuples(index=False)]


def test_paragraphs_equal_split_paragraphs_across_chunks():
    body = "SUBJECT: X\n\n1. (C) First.\n\n2. Second."
    n = PARAGRAPH_CHUNK + 3                     # two chunks: the join between them must keep order
    df = pd.DataFrame({"cable_id": [f"08HANOI{i}" for i in range(n)], "body": [body] * n})
    par = ct.paragraphs(df)
    assert len(par) == 3 * n
    assert _rows(par) == [(c, n_, m, t) for c, n_, m, t in _expected_paragraphs(df)]
    assert str(par["text"].dtype) == "large_string[pyarrow]"


def test_paragraphs_keep_missing_ids_and_bodies():
    df = pd.DataFrame({"cable_id": [pd.NA, "08HANOI2"], "body": ["1. A.\n\n2. B.", None]})
    assert _rows(ct.paragraphs(df)) == [(None, 1, None, "A."), (None, 2, None, "B.")]
    assert ct.paragraphs(df.iloc[:0]).columns.tolist() == ["cable_id", "number", "marking", "text"]


@pytest.mark.shared
def test_paragraphs_on_real_cables(shared):
    df = ct.read_cables(shared / "corpus" / "cables_csv__none-later" / "txt", progress=False).head(600)
    par = ct.paragraphs(df)
    assert _rows(par) == _expected_paragraphs(df)
    # 03GUATEMALA932 is numbered 1-6 in the text (the dev gold labels its paragraphs 1..6)
    guatemala = par[par["cable_id"] == "03GUATEMALA932"]
    if len(guatemala):
        assert guatemala["number"].max() >= 5


def test_references_and_recipients_explode_lists():
    df = pd.DataFrame({"cable_id": ["A", "B"], "references": [["08STATE1", "08HANOI2"], []],
                       "to": [["SECSTATE WASHDC"], ["AMEMBASSY HANOI"]], "info": [[], ["USUN NEW YORK"]]})
    assert ct.references(df).values.tolist() == [["A", "08STATE1"], ["A", "08HANOI2"]]
    assert ct.recipients(df).values.tolist() == [
        ["A", "to", "SECSTATE WASHDC"], ["B", "to", "AMEMBASSY HANOI"], ["B", "info", "USUN NEW YORK"]]
    assert arrow_array(df["references"]).to_pylist() == [["08STATE1", "08HANOI2"], []]


def test_long_views_take_a_dask_frame():
    dd = pytest.importorskip("dask.dataframe")
    df = pd.DataFrame({"cable_id": ["A", "B", "C"], "body": ["1. X.\n\n2. Y.", "1. Z.", ""],
                       "references": [["08STATE1"], [], ["08HANOI2", "08HANOI3"]],
                       "to": [["SECSTATE WASHDC"], [], []], "info": [[], ["USUN NEW YORK"], []]})
    lists = pd.ArrowDtype(pa.list_(pa.string()))          # as read_cables types them (dask would
    df = df.astype({c: lists for c in ("references", "to", "info")})  # turn object lists into text)
    ddf = dd.from_pandas(df, npartitions=2)
    for view in (ct.paragraphs, ct.references, ct.recipients):
        lazy = view(ddf)
        assert hasattr(lazy, "compute"), view.__name__
        got = lazy.compute().reset_index(drop=True)
        want = view(df)
        if view is ct.recipients:   # per partition: to, then info, within each partition
            got, want = (x.sort_values(["cable_id", "kind"]).reset_index(drop=True) for x in (got, want))
        assert got.astype(object).values.tolist() == want.astype(object).values.tolist(), view.__name__
