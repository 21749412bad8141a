"""DeferredTake: rows of an Arrow column picked now, copied on first read. Every check compares
it with the array pandas itself gives for the same rows (`source.take(positions)`)."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cabletools.deferred_take import DeferredTake, defers

TEXT = pa.large_string()
TAGS = pa.list_(pa.large_string())


def source_array(values, arrow_type=TEXT, rows_per_chunk: int | None = None) -> pd.arrays.ArrowExtensionArray:
    whole = pa.array(values, arrow_type)
    if rows_per_chunk:
        chunks = [whole.slice(i, rows_per_chunk) for i in range(0, len(whole), rows_per_chunk)] or [whole]
        return pd.arrays.ArrowExtensionArray(pa.chunked_array(chunks, type=arrow_type))
    return pd.arrays.ArrowExtensionArray(whole)


WORDS = ["the <b>embassy</b>", None, "", "SECRET", "naïve café", "x" * 40, "PREL", "line\nbreak"]
SOURCE = source_array(WORDS * 3, rows_per_chunk=5)
POSITIONS = np.array([7, 0, 1, 5, 5, 12, 23, 2, 18])


def picked() -> DeferredTake:
    return DeferredTake.of(SOURCE, POSITIONS)


def expected() -> pd.arrays.ArrowExtensionArray:
    return SOURCE.take(POSITIONS)


def test_nothing_is_copied_until_the_values_are_read():
    array = picked()
    assert array.is_deferred and len(array) == len(POSITIONS) and array.dtype == SOURCE.dtype
    again = array[1:7].take([5, 0, 3])[np.array([True, False, True])].copy()
    # positions 0, 1, 5, 5, 12, 23 -> 23, 0, 5 -> 23, 5: WORDS[7] and WORDS[5]
    assert again[0] == WORDS[7] and again[-1] == WORDS[5]
    assert array.is_deferred and again.is_deferred
    assert again.tolist() == [WORDS[7], WORDS[5]]
    assert not again.is_deferred and array.is_deferred  # reading one copies only that one


# (name, operation on a pandas array) -> the same result for the deferred and the copied array
ARRAY_OPERATIONS = [
    ("tolist", lambda a: a.tolist()),
    ("len", len),
    ("scalar", lambda a: [a[i] for i in range(-len(a), len(a))]),
    ("slice", lambda a: a[2:-1:2].tolist()),
    ("reversed slice", lambda a: a[::-1].tolist()),
    ("empty slice", lambda a: a[3:3].tolist()),
    ("mask", lambda a: a[np.arange(len(a)) % 2 == 0].tolist()),
    ("integer list", lambda a: a[[4, 0, -1]].tolist()),
    ("take", lambda a: a.take([3, -2, 0]).tolist()),
    ("take with fill", lambda a: a.take([1, -1, 2], allow_fill=True).tolist()),
    ("take with a fill value", lambda a: a.take([1, -1], allow_fill=True, fill_value="?").tolist()),
    ("isna", lambda a: a.isna().tolist()),
    ("equals", lambda a: (a == "PREL").tolist()),
    ("to_numpy", lambda a: a.to_numpy().tolist()),
    ("arrow", lambda a: a.__arrow_array__().combine_chunks().to_pylist()),
    ("copy", lambda a: a.copy().tolist()),
    ("unique", lambda a: a.unique().tolist()),
    ("factorize", lambda a: a.factorize()[0].tolist()),
    ("argsort", lambda a: a.argsort().tolist()),
    ("fillna", lambda a: a.fillna("none").tolist()),
    ("pickle", lambda a: pickle.loads(pickle.dumps(a)).tolist()),
    ("pickled type", lambda a: type(pickle.loads(pickle.dumps(a)))),
    ("concat", lambda a: pd.concat([pd.Series(a), pd.Series(a)]).tolist()),
]


@pytest.mark.parametrize("name,operation", ARRAY_OPERATIONS, ids=[name for name, _ in ARRAY_OPERATIONS])
def test_array_operations_match_the_copied_rows(name, operation):
    assert operation(picked()) == operation(expected())


def test_bad_positions_and_indices_raise_as_pandas_does():
    with pytest.raises(IndexError):
        DeferredTake.of(SOURCE, [0, len(SOURCE)])
    with pytest.raises(IndexError):
        DeferredTake.of(SOURCE, [-1])
    for bad in ([len(POSITIONS)], [-len(POSITIONS) - 1]):
        with pytest.raises(IndexError):
            expected().take(bad)
        with pytest.raises(IndexError):
            picked().take(bad)
    with pytest.raises(IndexError):
        picked()[len(POSITIONS)]
    with pytest.raises(ValueError):
        picked().take([-2], allow_fill=True)  # only -1 means "missing"
    with pytest.raises(IndexError):
        picked()["body"]


def test_setting_a_value_copies_first_and_leaves_the_source_alone():
    array = picked()
    before = SOURCE.tolist()
    array[0] = "changed"
    assert array[0] == "changed" and array[1:].tolist() == expected()[1:].tolist()
    assert SOURCE.tolist() == before


# (name, operation on a Series) for a Series whose values are the picked rows
SERIES_OPERATIONS = [
    ("contains", lambda s: s.str.contains("embassy", case=False).tolist()),
    ("regex", lambda s: s.str.contains(r"\bPREL\b", regex=True).tolist()),
    ("lower", lambda s: s.str.lower().tolist()),
    ("len", lambda s: s.str.len().tolist()),
    ("value_counts", lambda s: s.value_counts(dropna=False).to_dict()),
    ("sort_values", lambda s: s.sort_values().tolist()),
    ("sort then head", lambda s: s.sort_values(ascending=False).head(3).tolist()),
    ("groupby", lambda s: s.groupby(s.fillna("?")).size().to_dict()),
    ("repr", repr),
    ("html", lambda s: s.to_frame()._repr_html_()),
    ("loc", lambda s: s.loc[[30, 10]].tolist()),
    ("iloc", lambda s: s.iloc[[-1, 0]].tolist()),
    ("reindex", lambda s: s.reindex([10, 999, 20]).tolist()),
    ("where", lambda s: s.where(s.str.len() > 3).tolist()),
    ("astype object", lambda s: s.astype(object).tolist()),
    ("memory", lambda s: s.memory_usage(index=False, deep=True)),
]


@pytest.mark.parametrize("name,operation", SERIES_OPERATIONS, ids=[name for name, _ in SERIES_OPERATIONS])
def test_series_operations_match_the_copied_rows(name, operation):
    index = pd.Index(range(10, 10 * (len(POSITIONS) + 1), 10))
    assert operation(pd.Series(picked(), index=index)) == operation(pd.Series(expected(), index=index))


def test_list_columns_and_frames_round_trip_through_parquet(tmp_path):
    tags = source_array([["PREL", "PGOV"], [], None, ["KNNP"]] * 4, TAGS, rows_per_chunk=3)
    positions = np.array([3, 1, 2, 15, 0])
    frame = pd.DataFrame({"tags": DeferredTake.of(tags, positions), "body": DeferredTake.of(SOURCE, positions)})
    eager = pd.DataFrame({"tags": tags.take(positions), "body": SOURCE.take(positions)})
    pd.testing.assert_frame_equal(frame, eager)
    assert frame["tags"].explode().tolist() == eager["tags"].explode().tolist()
    frame.to_parquet(tmp_path / "picked.parquet")
    eager.to_parquet(tmp_path / "copied.parquet")
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "picked.parquet").equals(pq.read_table(tmp_path / "copied.parquet"))


def test_defers_only_arrow_text_and_lists():
    assert defers(SOURCE) and defers(source_array([[]], TAGS))
    assert not defers(pd.array([1, 2])) and not defers(pd.array([1, 2], dtype="int64[pyarrow]"))
    assert not defers(pd.array(["a"], dtype="string"))  # pandas' own string dtype: left to pandas
    assert not defers(pd.Categorical(["a"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), min_size=1, max_size=30),
       st.sampled_from([None, 1, 4]), st.data())
def test_any_chain_of_picks_reads_like_the_same_picks_copied(values, rows_per_chunk, data):
    source = source_array(values, rows_per_chunk=rows_per_chunk)
    positions = np.array(data.draw(st.lists(st.integers(0, len(values) - 1), max_size=20)), dtype=np.intp)
    deferred, copied = DeferredTake.of(source, positions), source.take(positions)
    for _ in range(data.draw(st.integers(0, 4))):
        step = data.draw(st.sampled_from(["slice", "take", "mask", "copy", "again"]))
        n = len(copied)
        if step == "slice":
            start, stop = data.draw(st.integers(-n - 2, n + 2)), data.draw(st.integers(-n - 2, n + 2))
            stride = data.draw(st.sampled_from([1, 2, -1, -3]))
            deferred, copied = deferred[start:stop:stride], copied[start:stop:stride]
        elif step == "take" and n:
            indices = np.array(data.draw(st.lists(st.integers(-n, n - 1), max_size=10)), dtype=np.intp)
            deferred, copied = deferred.take(indices), copied.take(indices)
        elif step == "mask":
            mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
            deferred, copied = deferred[mask], copied[mask]
        elif step == "copy":
            deferred, copied = deferred.copy(), copied.copy()
        elif step == "again" and isinstance(deferred, DeferredTake):
            deferred = DeferredTake.of(deferred, np.arange(len(deferred)))
        assert len(deferred) == len(copied)
        if n:
            i = data.draw(st.integers(-len(copied), len(copied) - 1)) if len(copied) else None
            if i is not None:
                assert deferred[i] is copied[i] or deferred[i] == copied[i]
    assert deferred.tolist() == copied.tolist()
    assert deferred.__arrow_array__().type == copied.__arrow_array__().type


def test_threads_reading_at_once_all_get_the_rows():
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(20):
        array = DeferredTake.of(SOURCE, POSITIONS)
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda k: (len(array), array[k % len(POSITIONS)], array.tolist()), range(32)))
        assert all(values == expected().tolist() and length == len(POSITIONS) for length, _, values in results)
        assert [one for _, one, _ in results] == [expected()[k % len(POSITIONS)] for k in range(32)]


def test_numpy_functions_give_what_they_give_on_the_copied_rows():
    no_nulls = [0, 3, 5, 6, 7, 8, 12]  # WORDS[1] is None
    for function in (lambda a: np.maximum(a, "b"), lambda a: np.equal(a, "PREL"), lambda a: np.add(a, "!")):
        assert outcome(function, DeferredTake.of(SOURCE, no_nulls)) == outcome(function, SOURCE.take(no_nulls))


def outcome(function, array):
    """What `function(array)` gives: (type, dtype, values), or the type of what it raises."""
    try:
        result = function(array)
    except Exception as error:  # noqa: BLE001 - the point is to compare failures too
        return type(error)
    return type(result), result.dtype, result.tolist()


def test_the_callers_positions_stay_theirs():
    positions = np.arange(6)
    array = DeferredTake.of(SOURCE, positions[1:4])
    positions[1] = 5
    assert array.tolist() == SOURCE[1:4].tolist()
    assert positions.flags.writeable


def test_indices_pandas_rejects_are_rejected():
    for bad in ([1.7, 0.2], np.array([True, False])):
        with pytest.raises(Exception) as deferred_error:
            picked().take(bad)
        with pytest.raises(Exception) as copied_error:
            expected().take(bad)
        assert type(deferred_error.value) is type(copied_error.value)


def test_copies_and_views_share_one_copy_and_a_fill_take_copies_only_its_rows(monkeypatch):
    import cabletools.deferred_take as module

    taken = []
    real_take = module._take
    monkeypatch.setattr(module, "_take", lambda source, positions: taken.append(len(positions)) or
                        real_take(source, positions))
    array = picked()
    copy, view = array.copy(), array.view()
    assert copy.tolist() == view.tolist() == array.tolist() == expected().tolist()
    assert taken == [len(POSITIONS)]
    filled = picked().take([2, -1, 0], allow_fill=True, fill_value="gap")
    assert filled.tolist() == expected().take([2, -1, 0], allow_fill=True, fill_value="gap").tolist()
    assert taken == [len(POSITIONS)]  # the fill take read the source directly: three rows


def test_missing_values_are_counted_without_copying():
    for source in (SOURCE, source_array(["a", "b", "c"] * 4, rows_per_chunk=5)):
        positions = np.array([0, 1, 1, 9, 4])
        array = DeferredTake.of(source, positions)
        assert array.isna().tolist() == source.take(positions).isna().tolist()
        assert array._hasna == source.take(positions)._hasna
        frame = pd.DataFrame({"text": array})
        assert frame.count().tolist() == [int((~source.take(positions).isna()).sum())]
        assert array.is_deferred
