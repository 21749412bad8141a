"""The Arrow cache checks what it serves: damaged bytes are a rebuild (never wrong rows, never
a crash), a truncated file under a loaded frame cannot crash it, an edit that keeps size and
mtime is seen, a cache folder inside the corpus is not read as cables, a deleted working
folder and a broken symlink do not stop a cached load."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

import cabletools as ct
from cabletools import load as loader
from cabletools.arrow_files import write_arrow
from cabletools.schema import ARROW_SCHEMA

CABLE = (
    "VZCZCXRO0001\nO 010101Z JAN 09\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0001\n"
    "C O N F I D E N T I A L HANOI 000001\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\n"
    "TAGS: PREL VM\nSUBJECT: A TEST CABLE\n\nREF: STATE 1234\n\n"
    "1. (C) Summary: Something happened. End Summary.\n\nDOE\n"
)


def corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i}.txt").write_text(CABLE.replace("HANOI 000001", f"HANOI 00000{i + 1}"))
    return folder


def load(path, **kw):
    return ct.read_cables(path, progress=False, workers=1, **kw)


def run_python(code: str, *args, env_extra: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (a segfault or SIGBUS there is a failed test, not a dead
    pytest)."""
    env = dict(os.environ, PYTHONPATH=str(Path(ct.__file__).parents[1]), **(env_extra or {}))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


FLIPS = '''
    import os, random, sys, warnings
    from pathlib import Path
    import cabletools as ct
    warnings.simplefilter("ignore")
    folder, cache, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    expected = ct.read_cables(folder, progress=False, workers=1, cache=False)
    ct.read_cables(folder, progress=False, workers=1)
    (entry,) = [p for p in cache.iterdir() if (p / "_complete").exists()]
    pristine, marker = (entry / "cables.arrow").read_bytes(), (entry / "_complete").read_bytes()
    rng = random.Random(2010)
    for i in range(n):
        data = bytearray(pristine)
        at = rng.randrange(len(data))
        data[at] ^= rng.randrange(1, 256)
        entry.mkdir(exist_ok=True)
        (entry / "_complete").write_bytes(marker)
        (entry / "cables.arrow").write_bytes(bytes(data))
        try:
            got = ct.read_cables(folder, progress=False, workers=1)
        except BaseException as exc:
            print("RAISED", i, at, type(exc).__name__, exc, flush=True)
            continue
        print("ok" if got.equals(expected) else f"WRONG {i} {at}", flush=True)
    print("DONE", flush=True)
'''


@pytest.mark.timeout(600)
def test_random_byte_flips_in_the_cache_file_are_rebuilt_never_served(tmp_path):
    folder, cache = corpus(tmp_path / "corpus"), tmp_path / "cache"
    done = run_python(FLIPS, folder, cache, 200, env_extra={"CABLETOOLS_CACHE": str(cache)})
    lines = done.stdout.splitlines()
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])  # -11: a segfault
    assert lines[-1] == "DONE"
    assert [line for line in lines[:-1] if line != "ok"] == []
    assert len(lines) == 201


def test_a_damaged_entry_warns_and_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus")
    first = load(folder)
    (cached,) = (tmp_path / "cache").glob("*/cables.arrow")
    data = bytearray(cached.read_bytes())
    data[len(data) // 2] ^= 0x20
    cached.write_bytes(bytes(data))
    with pytest.warns(RuntimeWarning, match="damaged"):
        assert load(folder).equals(first)
    assert json.loads((cached.parent / "_complete").read_text())["checksum"].startswith("crc32/")
    assert load(folder).equals(first)  # the rebuilt entry is served again


def test_an_entry_in_the_previous_format_is_rebuilt_quietly(tmp_path, monkeypatch, recwarn):
    """The previous version's entry: the same files, a marker without a checksum, the file
    memory-mapped back unchecked. Met at the key and stamp of today's inputs, it is rebuilt
    (and checked from then on), with no warning of damage: it is old, not damaged."""
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus")
    expected = load(folder, cache=False)
    files = loader.expand_inputs([folder])
    entry = loader.cache_dir() / loader._cache_key(files, loader._Parsing("auto", loader.resolve_doc_timeout()))
    entry.mkdir(parents=True)
    stale = expected.iloc[:1]  # not the rows of today's inputs
    write_arrow(pa.Table.from_pandas(stale, schema=ARROW_SCHEMA, preserve_index=False), str(entry / "cables.arrow"))
    (entry / "_complete").write_text(json.dumps({"rows": 1, "inputs": loader._inputs_stamp(files)}))
    assert load(folder).equals(expected)
    assert json.loads((entry / "_complete").read_text())["checksum"].startswith("crc32/")
    assert [w for w in recwarn if "damaged" in str(w.message)] == []


TRUNCATE = '''
    import os, sys
    import cabletools as ct
    folder, cache = sys.argv[1], sys.argv[2]
    frames = [ct.read_cables(folder, progress=False, workers=1) for _ in range(2)]  # built, then reloaded
    (entry,) = [e for e in os.scandir(cache) if e.is_dir()]
    path = os.path.join(entry.path, "cables.arrow")
    for size in (os.path.getsize(path) // 2, 0):
        os.truncate(path, size)
        for df in frames:
            print(int(df["body"].str.len().sum()), len(df.to_dict("records")), flush=True)
'''


@pytest.mark.timeout(300)
def test_truncating_the_cache_file_under_a_loaded_frame_cannot_crash_it(tmp_path):
    folder, cache = corpus(tmp_path / "corpus"), tmp_path / "cache"
    done = run_python(TRUNCATE, folder, cache, env_extra={"CABLETOOLS_CACHE": str(cache)})
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])  # -7: SIGBUS
    assert len(done.stdout.splitlines()) == 4


def same_size_same_mtime_edit(path: Path) -> None:
    """Rewrite the file in place with other text of the same size, then restore its mtime."""
    st = path.stat()
    path.write_text(path.read_text().replace("A TEST CABLE", "A BEST CABLE"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def same_size_same_mtime_rename_in(path: Path) -> None:
    """Another file of the same size and mtime renamed over this one (a new inode)."""
    st = path.stat()
    other = path.with_suffix(".new")
    other.write_text(path.read_text().replace("A TEST CABLE", "A BEST CABLE"))
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, path)


@pytest.mark.parametrize("edit", [same_size_same_mtime_edit, same_size_same_mtime_rename_in])
def test_an_edit_that_keeps_size_and_mtime_is_not_served_stale(tmp_path, monkeypatch, edit):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus")
    assert load(folder)["subject"].tolist() == ["A TEST CABLE"] * 3
    edit(folder / "1.txt")
    st = (folder / "1.txt").stat()
    assert st.st_size == len(CABLE)
    assert load(folder)["subject"].tolist() == ["A TEST CABLE", "A BEST CABLE", "A TEST CABLE"]


@pytest.mark.parametrize("where", ["cache", "."], ids=["subfolder", "the-corpus-itself"])
def test_a_cache_folder_inside_the_corpus_is_not_read_as_cables(tmp_path, monkeypatch, where):
    folder = corpus(tmp_path / "corpus", n=6)
    monkeypatch.setenv("CABLETOOLS_CACHE", str(folder / where))
    counts = [len(load(folder)) for _ in range(3)]
    assert counts == [6, 6, 6]
    assert len(list((folder / where).glob("*/_complete"))) == 1
    assert len(load(folder, cache=False)) == 6


def test_a_deleted_working_folder_does_not_stop_a_cached_load(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    first = load(folder)
    assert len(first) == 3
    assert load(folder).equals(first)
    assert len(list((tmp_path / "cache").glob("*/_complete"))) == 1


@pytest.mark.parametrize("link", ["dangling", "looping"])
def test_a_broken_symlink_is_a_row_with_or_without_the_cache(tmp_path, monkeypatch, link):
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus")
    if link == "dangling":
        os.symlink(tmp_path / "nowhere.txt", folder / "broken.txt")
    else:
        os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
        os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    uncached = load(folder, cache=False)
    cached = load(folder)
    assert cached.equals(uncached)
    assert load(folder).equals(uncached)  # and again, from the cache
    bad = uncached[uncached["cable_id"].isna()]
    assert len(bad) == (1 if link == "dangling" else 2)
    assert all(len(p) >= 1 for p in bad["problems"])
    assert len(uncached) == 3 + len(bad)


def subject_in_brackets(text, *, source=None, year=None):
    """A plug-in parser: the real one, with the subject in brackets (and a comprehension:
    nested code, whose fingerprint must not depend on its address)."""
    from cabletools.parse import parse_cable_record

    record = parse_cable_record(text, source=source, year=year)
    record["subject"] = "".join([f"[{record['subject']}]" for _ in range(1)])
    return record


def test_a_plug_in_parser_has_its_own_cache_entry_reused_across_processes(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CABLETOOLS_CACHE", str(cache))
    folder = corpus(tmp_path / "corpus", n=2)
    assert load(folder)["subject"].tolist() == ["A TEST CABLE"] * 2
    assert load(folder, parser=subject_in_brackets)["subject"].tolist() == ["[A TEST CABLE]"] * 2
    markers = {p: p.stat().st_mtime_ns for p in cache.glob("*/_complete")}
    assert len(markers) == 2
    code = f'''
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import cabletools as ct
        from test_load_cache import subject_in_brackets
        df = ct.read_cables({str(folder)!r}, progress=False, workers=1, parser=subject_in_brackets)
        print(df["subject"].tolist())
    '''
    done = run_python(code, env_extra={"CABLETOOLS_CACHE": str(cache)})
    assert done.stdout.strip() == str(["[A TEST CABLE]"] * 2), done.stderr[-2000:]
    assert {p: p.stat().st_mtime_ns for p in cache.glob("*/_complete")} == markers  # served, not re-parsed
