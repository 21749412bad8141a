"""Killed or failed loads: a pool worker that dies is replaced and its rows still come back;
a loading process killed with kill -9 (a kernel restart) leaves no worker alive, and the
temporary folders it could not remove are swept by the next load.

Workers are made to stop mid-load through read_cables' documented ``parser`` argument (the
real parser, after a genuinely endless regex on a marked document), then killed for real.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

import cabletools as ct
from cabletools.load import _HOST, sweep_stale_temps
from cabletools.parse import parse_cable_record

CABLE = (
    "VZCZCXRO0001\nO 010101Z JAN 09\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0001\n"
    "C O N F I D E N T I A L HANOI 000001\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\n"
    "TAGS: PREL VM\nSUBJECT: A TEST CABLE\n\n1. (C) Something happened.\n\nDOE\n"
)
MARKER = "STOP-HERE"
FLAG = Path(tempfile.gettempdir()) / f"cabletools-test-flag-{os.getpid()}"  # set per test below


def corpus(folder: Path, n: int, marked: int) -> Path:
    folder.mkdir()
    for i in range(n):
        text = CABLE.replace("HANOI 000001", f"HANOI 00000{i + 1}")
        if i == marked:
            text = text.replace("Something happened.", MARKER)
        (folder / f"09HANOI{i + 1}.txt").write_text(text)
    return folder


def hang_once(text, *, source=None, year=None):
    """The real parser; the first time it meets MARKER it writes its pid to FLAG and stalls
    (2**28 regex steps: tens of seconds, ended by the test's kill; finite, so a test whose
    kill failed ends with a failure rather than a hung pool)."""
    if MARKER in text and not FLAG.exists():
        FLAG.write_text(str(os.getpid()))
        re.match(r"(a+)+$", "a" * 28 + "b")
    return parse_cable_record(text, source=source, year=year)


def die_on_marker(text, *, source=None, year=None):
    """The real parser, except that the process parsing MARKER dies (as under the OOM killer)."""
    if MARKER in text:
        os.kill(os.getpid(), signal.SIGKILL)
    return parse_cable_record(text, source=source, year=year)


def leftovers(*folders) -> list[str]:
    mine = re.compile(rf"(cabletools-|.*\.tmp-){_HOST}-{os.getpid()}-")
    return [p.name for f in folders if Path(f).exists() for p in Path(f).iterdir() if mine.match(p.name)]


@pytest.fixture
def flag():
    FLAG.unlink(missing_ok=True)
    yield FLAG
    FLAG.unlink(missing_ok=True)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("cache", [False, True])
def test_a_worker_killed_mid_load_is_replaced_and_every_row_comes_back(tmp_path, monkeypatch, flag, cache):
    monkeypatch.setattr("cabletools.load.BATCH", 1)
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus", 6, marked=2)

    killed = []

    def kill_the_stuck_worker():
        deadline = time.monotonic() + 60
        while not flag.exists() or not flag.read_text():
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)
        os.kill(int(flag.read_text()), signal.SIGKILL)
        killed.append(True)

    killer = threading.Thread(target=kill_the_stuck_worker)
    killer.start()
    df = ct.read_cables(folder, workers=2, cache=cache, progress=False, doc_timeout=0, parser=hang_once)
    killer.join()
    assert killed  # the worker did stop on the marked cable and was killed
    assert df["cable_id"].tolist() == [f"09HANOI{i}" for i in range(1, 7)]
    assert df["problems"].map(len).tolist() == [0] * 6
    assert leftovers(tempfile.gettempdir(), tmp_path / "cache") == []


@pytest.mark.timeout(120)
def test_a_document_that_kills_every_worker_is_a_row_saying_so(tmp_path, monkeypatch):
    monkeypatch.setattr("cabletools.load.BATCH", 1)
    folder = corpus(tmp_path / "corpus", 4, marked=1)
    df = ct.read_cables(folder, workers=2, cache=False, progress=False, parser=die_on_marker)
    assert df["cable_id"].tolist() == [f"09HANOI{i}" for i in range(1, 5)]
    problems = df["problems"].tolist()
    assert [len(p) for p in problems] == [0, 1, 0, 0]
    assert "parser process died" in problems[1][0]
    assert MARKER in df["body"].iloc[1]
    assert leftovers(tempfile.gettempdir()) == []


LOADER = textwrap.dedent('''
    import os, re, sys
    import cabletools as ct
    import cabletools.load as load
    from cabletools.parse import parse_cable_record

    def hang(text, *, source=None, year=None):
        re.match(r"(a+)+$", "a" * 60 + "b")   # every document: 2**60 steps
        return parse_cable_record(text, source=source, year=year)

    load.BATCH = 1
    ct.read_cables(sys.argv[1], workers=2, cache=sys.argv[2] == "cache", progress=False,
                   doc_timeout=0, parser=hang)
''')


def gone(proc: psutil.Process) -> bool:
    """Ended (a zombie waiting for its reaper counts): is_running() compares the start time,
    so a new process that was given the same pid is not taken for the worker."""
    try:
        return not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.timeout(180)
@pytest.mark.parametrize("cache", ["cache", "no-cache"])
def test_kill_9_of_the_loading_process_leaves_no_worker_and_no_folder_for_long(tmp_path, cache):
    folder = corpus(tmp_path / "corpus", 6, marked=-1)
    temp, cache_folder = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), CABLETOOLS_CACHE=str(cache_folder),
               PYTHONPATH=str(Path(ct.__file__).parents[1]))
    (tmp_path / "loader.py").write_text(LOADER)
    loader = subprocess.Popen([sys.executable, str(tmp_path / "loader.py"), str(folder), cache], env=env)
    workers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 90
        parent = psutil.Process(loader.pid)
        while len(parent.children()) < 2 and time.monotonic() < deadline and loader.poll() is None:
            time.sleep(0.1)
        workers = parent.children()
        assert len(workers) == 2, f"loader ended ({loader.poll()}) or started no pool"
        os.kill(loader.pid, signal.SIGKILL)
        loader.wait(10)
        deadline = time.monotonic() + 5
        while not all(map(gone, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(gone, workers)), "a worker outlived the killed loading process by 5 s"
    finally:  # a failed test leaves no process behind either
        if loader.poll() is None:
            loader.kill()
        for worker in workers:
            if not gone(worker):
                worker.kill()
    stale = temp if cache == "no-cache" else cache_folder
    assert [p.name for p in stale.iterdir() if f"-{_HOST}-{loader.pid}-" in p.name]  # left by the kill
    # the next load (here: any load in a process on the same host) sweeps it
    next_load = "import cabletools as ct, sys; ct.read_cables(sys.argv[1], workers=1, progress=False, cache=False)"
    subprocess.run([sys.executable, "-c", next_load, str(folder)], env=env, check=True, timeout=120)
    assert [p.name for p in stale.iterdir() if ".tmp-" in p.name or p.name.startswith("cabletools-")] == []


def test_the_sweep_keeps_the_folders_of_live_processes_and_other_names(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = [f"cabletools-{_HOST}-{os.getpid()}-abc",                     # this process: alive
             f"cabletools-{_HOST}-{dead.pid}-abc",                        # a finished process
             f"{'0' * 32}.tmp-{_HOST}-{dead.pid}-xyz",                    # a cache entry's temp folder
             f"cabletools-otherhost-{dead.pid}-abc",                      # another machine's
             f"cabletools-{_HOST}0-{dead.pid}-abc",                       # another pid namespace's
             "cabletools-notes", f"{'0' * 32}"]                          # not temporary folders
    for name in names:
        (tmp_path / name).mkdir()
    removed = sweep_stale_temps(tmp_path)
    assert sorted(Path(p).name for p in removed) == sorted(names[1:3])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[:1] + names[3:])


def test_a_parquet_dataset_write_sweeps_what_a_killed_write_of_it_left(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = corpus(tmp_path / "corpus", 2, marked=-1)
    left = [tmp_path / f"years.parquet.tmp-{_HOST}-{dead.pid}-abc",   # killed mid-write: swept
            tmp_path / f"years.parquet.tmp-{_HOST}-{os.getpid()}-abc",  # a live writer's: kept
            tmp_path / f"other.parquet.tmp-{_HOST}-{dead.pid}-abc"]   # another dataset's: its own write
    for path in left:
        path.mkdir()
    ct.write_parquet_dataset(folder, tmp_path / "years.parquet", workers=1, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["corpus", "years.parquet"] + [p.name for p in left[1:]])


@pytest.mark.skipif(not os.path.exists("/proc/self/ns/pid"), reason="pid namespaces are Linux's")
def test_temporary_folders_name_the_pid_namespace_their_pid_belongs_to():
    """Two containers sharing /tmp and a host name (docker --network host): a pid that is not
    alive here may be a live load over there, so its folders must not look like ours."""
    assert _HOST.endswith(f"ns{os.stat('/proc/self/ns/pid').st_ino}")
    assert _HOST.isalnum()


@pytest.mark.parametrize("cache", [False, True])
def test_a_load_that_fails_leaves_no_folder(tmp_path, monkeypatch, cache):
    """A CorpusError part-way (a broken archive after good cables) removes what it made."""
    monkeypatch.setattr("cabletools.load.BATCH", 1)
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path / "corpus", 3, marked=-1)
    (folder / "zz-broken.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ct.CorpusError, match="zz-broken.zip"):
        ct.read_cables(folder, workers=2, cache=cache, progress=False)
    assert leftovers(tempfile.gettempdir(), tmp_path / "cache") == []
    assert list((tmp_path / "cache").glob("*/_complete")) == []
