"""read_cables(engine="dask") on a dask.distributed LocalCluster equals the pandas engine.

Generated corpora (cabletools.synth) as a folder and as a cables.csv split into several byte
ranges, then the shared site archive and cables.csv. Byte ranges are checked on their own:
they tile the file, each begins at a record, and a row longer than the search window or
holding lines that look like a row's start (escaped quotes) is never cut.
"""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from cabletools import read_cables, schema, sources
from cabletools.dask_engine import cables_csv_ranges, plan_partitions, read_cables_dask
from cabletools.sources import iter_file
from cabletools.synth import generate_corpus, write_cables_csv, write_txt_folder

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes: partitions are pickled and parsed elsewhere."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  memory_limit="1GiB", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(240, seed=11, mean_chars=2500)


def _by_source(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("source", kind="stable").reset_index(drop=True)


def assert_same_as_pandas(path, ddf, **kwargs):
    got = ddf.compute()
    expected = read_cables(path, cache=False, progress=False, **kwargs)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(_by_source(got), _by_source(expected))
    return got


def test_folder_in_several_partitions(client, corpus, tmp_path):
    folder = write_txt_folder(corpus, tmp_path / "txt")
    ddf = read_cables_dask(folder, partition_size=100_000)
    assert ddf.npartitions >= 4
    assert list(ddf.columns) == list(schema.COLUMNS)
    assert ddf.dtypes.equals(schema.empty_frame().dtypes)
    got = assert_same_as_pandas(folder, ddf)
    # a partial extract in a .txt file has no year, so no id: the others are the truth's ids
    assert got.cable_id.dropna().isin(corpus.truth.cable_id).all()
    assert got.cable_id.notna().sum() >= (~corpus.truth.is_partial).sum()


def test_cables_csv_in_byte_ranges(client, corpus, tmp_path):
    path = write_cables_csv(corpus, tmp_path / "cables.csv")
    ddf = read_cables_dask(path, partition_size=60_000)
    parts = plan_partitions(path, partition_size=60_000)
    assert len(parts) == ddf.npartitions >= 5
    assert all(p.start is not None for p in parts)
    got = assert_same_as_pandas(path, ddf)
    assert sorted(got.cable_id) == sorted(corpus.truth.cable_id)


def test_engine_argument_and_lazy_analysis(client, corpus, tmp_path):
    path = write_cables_csv(generate_corpus(60, seed=5, mean_chars=1500), tmp_path / "cables.csv")
    ddf = read_cables(path, engine="dask")
    by_origin = ddf.groupby("origin").size().compute().sort_index()
    expected = read_cables(path, cache=False, progress=False).groupby("origin").size().sort_index()
    pd.testing.assert_series_equal(by_origin, expected, check_names=False)


def test_mixed_inputs_archive_in_its_own_partition(client, corpus, tmp_path):
    import zipfile

    folder = write_txt_folder(generate_corpus(30, seed=2, mean_chars=1500), tmp_path / "txt")
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as zf:
        for name, text in generate_corpus(20, seed=3, mean_chars=1500).texts:
            zf.writestr(f"z/{name}", text)
    inputs = [folder, tmp_path / "more.zip"]
    parts = plan_partitions(inputs, partition_size=10**9)
    assert [len(p.paths) for p in parts] == [30, 1]  # input order; the archive alone
    assert parts[1].paths == (str(tmp_path / "more.zip"),)
    assert_same_as_pandas(inputs, read_cables_dask(inputs, partition_size=10**9))


# --------------------------------------------------------------------------- byte ranges

def _row(n: int, content: str) -> str:
    esc = content.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{n}","3/4/2009 12:05","09HANOI{n}","Embassy Hanoi","UNCLASSIFIED","","HDR","{esc}"\n'


# (case, rows' contents): each row's content is what must come back whole
RANGE_CASES = [
    ("plain", ["1. Short text."] * 40),
    ("lines that look like a row start, escaped",
     ['1. Quoted:\n"12","1/2/2008 10:00","08X1"\n"7","5/6/2007 1:00" is not a row.\n'] * 40),
    ("row longer than the search window", ["x" * 200 + "\n" + "long line " * 3000] * 6 + ["tail"] * 5),
    ("CRLF line ends", ["1. First.\r\n2. Second.\r\n"] * 40),
]


@pytest.mark.parametrize("case,contents", RANGE_CASES, ids=[c[0] for c in RANGE_CASES])
@pytest.mark.parametrize("partition_size", [97, 1000, 7777])
def test_ranges_tile_the_file_at_record_starts(tmp_path, monkeypatch, case, contents, partition_size):
    monkeypatch.setattr(sources, "_WINDOW", 4096)  # small, so long rows need a wider look
    path = tmp_path / "cables.csv"
    path.write_bytes("".join(_row(i, c) for i, c in enumerate(contents, start=1)).encode())
    data = path.read_bytes()
    ranges = cables_csv_ranges(path, partition_size)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a < b and b == c for (a, b), (c, _) in zip(ranges, ranges[1:] + [(len(data), None)]))
    rows = []
    for a, b in ranges:
        chunk = data[a:b].decode()
        part = list(csv.reader(io.StringIO(chunk, newline=""), escapechar="\\", doublequote=False))
        assert part and all(len(r) == 8 for r in part), (case, a, b)
        rows.extend(part)
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(contents) + 1)]
    assert [r[7] for r in rows] == contents


def test_no_split_of_a_small_or_non_cables_csv(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n" * 1000)
    assert [p.start for p in plan_partitions(other, partition_size=100)] == [None]


def test_bad_partition_size(tmp_path):
    path = tmp_path / "cables.csv"
    path.write_text(_row(1, "x"))
    with pytest.raises(ValueError):
        cables_csv_ranges(path, 0)


# --------------------------------------------------------------------------- real material

@pytest.mark.shared
@pytest.mark.slow
def test_shared_cables_csv(client, shared):
    path = shared / "corpus" / "cables_csv__none-later" / "cables.csv"
    ranges = cables_csv_ranges(path, 4 * 2**20)
    assert len(ranges) >= 10
    whole = list(iter_file(str(path)))
    pieces = [d for a, b in ranges for d in sources.read_csv_range(str(path), a, b)]
    assert pieces == whole
    assert_same_as_pandas(path, read_cables_dask(path, partition_size=4 * 2**20))


@pytest.mark.shared
@pytest.mark.slow
def test_shared_site_archive(client, shared):
    path = shared / "corpus" / "cablegate_html__avilaroman" / "cablegate-site.tar.xz"
    ddf = read_cables_dask(path)
    assert ddf.npartitions == 1
    got = assert_same_as_pandas(path, ddf)
    assert len(got) == 4024
