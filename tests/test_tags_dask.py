"""TAGS analytics on a Dask frame: explode_tags stays lazy and equals the pandas result; the
counting functions, which need every cable at once, say so instead of raising AttributeError."""
from __future__ import annotations

import pandas as pd
import pytest

from cabletools.tags import explode_tags, is_dask_frame, tag_cooccurrence, tag_counts, tag_trends

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")


@pytest.fixture(scope="module")
def frames():
    """The sample corpus as pandas, and the same rows as a Dask frame of three partitions."""
    from cabletools import read_cables
    from conftest import REPO

    df = read_cables(REPO / "data" / "sample" / "cables", progress=False, cache=False).head(300)
    return df, dd.from_pandas(df, npartitions=3)


def test_is_dask_frame(frames):
    df, ddf = frames
    assert (is_dask_frame(df), is_dask_frame(ddf)) == (False, True)


def test_explode_tags_of_a_dask_frame_is_lazy_and_equal(frames):
    df, ddf = frames
    lazy = explode_tags(ddf)
    assert is_dask_frame(lazy)
    with dask.config.set(scheduler="synchronous"):
        got = lazy.compute()
    expected = explode_tags(df)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


@pytest.mark.parametrize("function", [tag_counts, tag_cooccurrence, tag_trends])
def test_counts_of_a_dask_frame_ask_for_compute(frames, function):
    with pytest.raises(TypeError, match=r"\.compute\(\)"):
        function(frames[1])
