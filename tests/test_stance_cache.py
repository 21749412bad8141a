"""stance/cache.py: extract_stances' disk cache, keyed by the cables' text, the options and the code."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import cabletools.stance.cache as stance_cache
import cabletools.stance.extract as extract
from cabletools.deferred_take import DeferredTake
from cabletools.stance import extract_stances
from cabletools.stance.cache import stance_key

NAMES = ("cable_id", "body", "subject", "country", "signer")
BODIES = ["1. The Foreign Minister said Vietnam would abstain.\n2. He rejected the proposal.",
          "1. Minh told us the GOV strongly supports the resolution.", "1. Nothing to report."]


def cables(bodies=BODIES, chunk_rows: int | None = None) -> pd.DataFrame:
    text = pd.ArrowDtype(pa.large_string())
    df = pd.DataFrame({"cable_id": [f"08HANOI{i}" for i in range(len(bodies))], "body": bodies,
                       "subject": ["TEST"] * len(bodies), "country": ["Vietnam"] * len(bodies),
                       "signer": ["MICHALAK"] * len(bodies)}).astype(text)
    if chunk_rows:
        for name in NAMES:
            whole = pa.array(df[name].tolist(), pa.large_string())
            df[name] = pd.arrays.ArrowExtensionArray(
                pa.chunked_array([whole.slice(i, chunk_rows) for i in range(0, len(whole), chunk_rows)]))
    return df


def test_the_key_depends_on_the_text_not_on_its_layout():
    key = stance_key(cables(), NAMES, options=(True,))
    assert stance_key(cables(chunk_rows=1), NAMES, options=(True,)) == key
    three = pd.arrays.ArrowExtensionArray(pa.array(BODIES + ["x"], pa.large_string()))
    picked = cables().assign(body=DeferredTake.of(three, [0, 1, 2]))
    assert stance_key(picked, NAMES, options=(True,)) == key
    sliced = cables(["padding"] + BODIES).iloc[1:].reset_index(drop=True)
    sliced["cable_id"] = cables()["cable_id"]
    assert stance_key(sliced, NAMES, options=(True,)) == key


@pytest.mark.parametrize("change", ["one character", "options", "a missing column", "a null", "a row more"])
def test_the_key_changes_with_what_the_result_depends_on(change):
    key = stance_key(cables(), NAMES, options=(True,))
    df, options = cables(), (True,)
    if change == "one character":
        df = cables([BODIES[0], BODIES[1].replace("supports", "support"), BODIES[2]])
    elif change == "options":
        options = (False,)
    elif change == "a missing column":
        df = df.drop(columns="signer")
    elif change == "a null":
        df.loc[2, "signer"] = None
    else:
        df = cables(BODIES + [""])
    assert stance_key(df, NAMES, options=options) != key


def test_extract_stances_reads_what_it_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path))
    df = cables()
    first = extract_stances(df, cache=True)
    assert len(first) and len(list((tmp_path / "stances").glob("*.parquet"))) == 1
    monkeypatch.setattr(extract, "_extract", lambda *a, **k: pytest.fail("not read from the cache"))
    again = extract_stances(df, cache=True)
    pd.testing.assert_frame_equal(again, first)
    strong = extract_stances(df, cache=True, min_score=0.85)
    pd.testing.assert_frame_equal(strong, first[first["score"] >= 0.85].reset_index(drop=True))
    assert not list(tmp_path.glob("stances/.*.tmp"))


def test_no_cache_below_the_threshold_unless_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path))
    uncached = extract_stances(cables())
    assert not (tmp_path / "stances").exists()
    pd.testing.assert_frame_equal(extract_stances(cables(), cache=True), uncached)
    monkeypatch.setattr(stance_cache, "CACHE_FROM_ROWS", 2)
    monkeypatch.setattr(extract, "CACHE_FROM_ROWS", 2)
    extract_stances(cables(BODIES[:2]))
    assert len(list((tmp_path / "stances").glob("*.parquet"))) == 2


def test_a_damaged_or_unwritable_cache_only_warns(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path))
    df = cables()
    expected = extract_stances(df, cache=False)
    entry = tmp_path / "stances" / f"{stance_key(df, NAMES, options=(True,))}.parquet"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="unreadable"):
        pd.testing.assert_frame_equal(extract_stances(df, cache=True), expected)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CABLETOOLS_CACHE", str(blocked))
    with pytest.warns(UserWarning, match="not written"):
        pd.testing.assert_frame_equal(extract_stances(df, cache=True), expected)


def test_object_and_arrow_columns_give_the_same_stances_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path))
    arrow = extract_stances(cables(), cache=True)
    plain = extract_stances(cables().astype(object), cache=True)
    pd.testing.assert_frame_equal(plain, arrow)
    assert np.array_equal(plain["score"].to_numpy(), arrow["score"].to_numpy())


def test_pandas_string_columns_are_hashed_from_their_arrow_buffers():
    df = cables().astype("string[pyarrow]")
    assert stance_cache._arrow_text(df["body"].array) is not None
    assert stance_key(df, NAMES, options=(True,)) == stance_key(cables(), NAMES, options=(True,))


@pytest.mark.parametrize("column,other", [
    ("cable_id", [1, 2, 3]),                                          # read as None, not "1"
    ("body", [b.encode() for b in BODIES]),                           # bytes: read as None
    ("signer", [["MICHALAK"], ["MICHALAK"], ["MICHALAK"]]),           # lists: read as None, and unhashable
], ids=["numbers", "bytes", "lists"])
def test_values_that_are_not_text_are_keyed_as_the_extractor_reads_them(column, other, tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path))
    as_text = cables().astype(object)
    as_text[column] = [str(v) if not isinstance(v, bytes) else v.decode() for v in other]
    not_text = cables().astype(object)
    not_text[column] = pd.Series(other, dtype=object)
    assert stance_key(not_text, NAMES, options=(True,)) != stance_key(as_text, NAMES, options=(True,))
    pd.testing.assert_frame_equal(extract_stances(not_text, cache=True), extract_stances(not_text, cache=False))
    as_none = cables().astype(object)
    as_none[column] = None
    assert stance_key(not_text, NAMES, options=(True,)) == stance_key(as_none, NAMES, options=(True,))


def test_bytes_held_by_null_slots_do_not_count():
    data = pa.py_buffer(b"xy")
    validity = pa.py_buffer(bytes([0b010]))
    first = pa.Array.from_buffers(pa.large_string(), 3, [validity, pa.py_buffer(np.array([0, 1, 2, 2], np.int64)), data])
    second = pa.Array.from_buffers(pa.large_string(), 3, [validity, pa.py_buffer(np.array([0, 0, 1, 2], np.int64)), data])
    assert first.to_pylist() == [None, "y", None] and second.to_pylist() == [None, "x", None]
    keys = [stance_key(cables().assign(cable_id=pd.arrays.ArrowExtensionArray(ids)), NAMES, options=(True,))
            for ids in (first, second)]
    assert keys[0] != keys[1]


def test_the_code_version_covers_every_module_the_extractor_imports():
    import sys

    files = {p.resolve() for p in stance_cache._code_files()}
    used = {Path(m.__file__).resolve() for name, m in sys.modules.items()
            if name.startswith("cabletools") and getattr(m, "__file__", None)}
    assert used <= files and any(p.name == "body.py" for p in files)
