"""The `cabletools` command, run as a user runs it (a subprocess): synth, convert, info.

`convert` must write a year-partitioned (hive) Parquet dataset that pyarrow.dataset and
dask.dataframe.read_parquet read back with the rows read_cables gives for the same input.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest

from cabletools import duplicate_of, read_cables, schema
from cabletools.synth import generate_corpus, write_cables_csv, write_txt_folder

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, cache: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "CABLETOOLS_CACHE": str(cache), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "cabletools", *args], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"cabletools {' '.join(args)} -> {proc.returncode}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(80, seed=21, mean_chars=2000)


@pytest.fixture(scope="module")
def inputs(corpus, tmp_path_factory):
    """The same 80 cables as a .txt folder and as a cables.csv."""
    root = tmp_path_factory.mktemp("cli")
    return {"txt": write_txt_folder(corpus, root / "txt"), "csv": write_cables_csv(corpus, root / "cables.csv")}


def _by_source(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("source", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- synth

def test_synth_writes_what_generate_corpus_renders(tmp_path):
    out = tmp_path / "txt"
    proc = run("synth", "--n", "25", "--seed", "4", "--mean-chars", "1500", str(out), cache=tmp_path)
    assert "wrote 25 cables" in proc.stderr
    files = sorted(out.glob("*.txt"))
    expected = dict(generate_corpus(25, seed=4, mean_chars=1500).texts)
    assert sorted(p.name for p in files) == sorted(expected)
    assert all(p.read_text(encoding="utf-8") == expected[p.name] for p in files)


def test_synth_csv_is_byte_for_byte_reproducible(tmp_path):
    a = tmp_path / "a.csv"
    run("synth", "--quiet", "--n", "30", "--seed", "8", "--format", "csv", str(a), cache=tmp_path)
    assert a.read_bytes() == write_cables_csv(generate_corpus(30, seed=8), tmp_path / "c.csv").read_bytes()
    assert len(read_cables(a, cache=False, progress=False)) == 30


def test_synth_refuses_to_mix_with_existing_cables(tmp_path):
    out = tmp_path / "txt"
    run("synth", "--quiet", "--n", "3", "--seed", "1", str(out), cache=tmp_path)
    proc = run("synth", "--quiet", "--n", "3", "--seed", "2", str(out), cache=tmp_path, check=False)
    assert proc.returncode == 2 and "--overwrite" in proc.stderr
    run("synth", "--quiet", "--n", "4", "--seed", "2", "--overwrite", str(out), cache=tmp_path)
    assert len(list(out.glob("*.txt"))) == 4


# --------------------------------------------------------------------------- convert

@pytest.mark.parametrize("kind", ["txt", "csv"])
def test_convert_writes_a_year_partitioned_dataset(inputs, tmp_path, kind):
    out = tmp_path / "dataset"
    proc = run("convert", "--quiet", str(inputs[kind]), str(out), cache=tmp_path)
    assert str(out) in proc.stdout
    expected = _by_source(read_cables(inputs[kind], cache=False, progress=False))

    # hive layout: one folder per year of `date`, year=-1 for cables without a date
    folders = {p.name for p in out.iterdir() if p.is_dir()}
    years = expected["date"].dt.year.astype("Int64").fillna(-1).astype(int)
    assert folders == {f"year={y}" for y in years}
    assert all(list(p.glob("*.parquet")) for p in out.iterdir() if p.is_dir())

    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(expected)
    got_years = table.column("year").to_pylist()
    back = _by_source(schema.table_to_frame(table.drop_columns(["year"]).cast(schema.ARROW_SCHEMA)))
    pd.testing.assert_frame_equal(back, expected)
    by_source = dict(zip(table.column("source").to_pylist(), got_years))
    assert [by_source[s] for s in expected["source"]] == years.tolist()


def test_dask_reads_the_converted_dataset(inputs, tmp_path):
    import dask.dataframe as dd

    out = tmp_path / "dataset"
    run("convert", "--quiet", str(inputs["csv"]), str(out), cache=tmp_path)
    expected = read_cables(inputs["csv"], cache=False, progress=False)
    ddf = dd.read_parquet(out)
    assert "year" in ddf.columns and set(schema.COLUMNS) <= set(ddf.columns)
    got = ddf.compute()
    assert len(got) == len(expected)
    assert sorted(got["source"]) == sorted(expected["source"])
    per_year = got.groupby(got["year"].astype(int), observed=True).size().sort_index()
    want = expected["date"].dt.year.fillna(-1).astype(int).value_counts().sort_index()
    assert per_year.tolist() == want.tolist() and per_year.index.tolist() == want.index.tolist()


def test_convert_again_never_mixes_two_corpora(tmp_path):
    big = write_txt_folder(generate_corpus(30, seed=3, mean_chars=1200), tmp_path / "big")
    small = write_txt_folder(generate_corpus(5, seed=9, mean_chars=1200), tmp_path / "small")
    out = tmp_path / "dataset"
    run("convert", "--quiet", str(big), str(out), cache=tmp_path)
    proc = run("convert", "--quiet", str(small), str(out), cache=tmp_path, check=False)
    if proc.returncode == 0:  # replacing the dataset is fine; refusing with a message is fine
        assert ds.dataset(out, partitioning="hive").to_table().num_rows == 5
    else:
        assert str(out) in proc.stderr


def test_convert_names_a_missing_input(tmp_path):
    proc = run("convert", "--quiet", str(tmp_path / "nowhere"), str(tmp_path / "out"), cache=tmp_path,
               check=False)
    assert proc.returncode == 2
    assert "nowhere" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- info

@pytest.mark.parametrize("kind", ["txt", "csv"])
def test_info_summarises_the_corpus(inputs, corpus, tmp_path, kind):
    proc = run("info", "--quiet", str(inputs[kind]), cache=tmp_path)
    df = read_cables(inputs[kind], cache=False, progress=False)
    m = re.fullmatch(r"([\d,]+) cables; ([\d,]+) with problems; ([\d,]+) duplicates \(same cable id\); "
                     r"dates (.+) \.\. (.+); (\d+) origins\n", proc.stdout)
    assert m, proc.stdout
    n, with_problems, duplicates, first, last, origins = m.groups()
    assert int(duplicates.replace(",", "")) == int(duplicate_of(df).notna().sum())
    assert int(n.replace(",", "")) == len(corpus) == len(df)
    assert int(with_problems.replace(",", "")) == int((df["problems"].list.len() > 0).sum())
    assert int(origins) == corpus.truth["origin"].nunique()
    dated = corpus.truth["date"] if kind == "csv" else corpus.truth.loc[~corpus.truth.is_partial, "date"]
    assert pd.Timestamp(first) == dated.min()
    assert pd.Timestamp(last) == dated.max()


def test_info_uses_the_cache_it_is_given(inputs, tmp_path):
    cache = tmp_path / "cache"
    first = run("info", "--quiet", str(inputs["txt"]), cache=cache)
    assert len(list(cache.glob("*/_complete"))) == 1  # one complete cache entry
    assert run("info", "--quiet", str(inputs["txt"]), cache=cache).stdout == first.stdout


def test_console_script_is_installed(tmp_path):
    exe = Path(sys.executable).with_name("cabletools")
    if not exe.exists():
        pytest.skip(f"no console script beside {sys.executable} (package not pip-installed)")
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "convert" in proc.stdout and "synth" in proc.stdout


def test_convert_refuses_a_folder_that_is_not_a_dataset(tmp_path):
    corpus = write_txt_folder(generate_corpus(5, seed=9, mean_chars=1200), tmp_path / "small")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    proc = run("convert", "--quiet", str(corpus), str(out), cache=tmp_path, check=False)
    assert proc.returncode != 0 and (out / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("command", ["convert", "info"])
def test_every_option_has_help(command):
    """`cabletools convert --help` explains each argument: --format lists the formats it reads."""
    from cabletools.cli import main
    from cabletools.sources import FORMATS

    out = io.StringIO()
    with pytest.raises(SystemExit), contextlib.redirect_stdout(out):
        main([command, "--help"])
    text = " ".join(out.getvalue().split())
    assert all(fmt in text.split("--format FORMAT", 1)[1] for fmt in FORMATS), text
    assert "cable files, folders" in text and "--quiet no progress bar" in text, text
