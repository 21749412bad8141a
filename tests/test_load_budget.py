"""Defence in depth against a parser hang: each document has a time budget; a parse past it
gives a row whose problems say so, and every other row comes back.

The slow parser below is registered through read_cables' documented ``parser`` argument: the
real parser, made genuinely slow (exponential regex backtracking, the failure this guards
against) on documents holding a marker. It does not depend on any regex of today's parser,
so it stays slow after those are fixed.
"""
from __future__ import annotations

import os
import re
import signal
import threading
import time

import pytest

import cabletools as ct
from cabletools.load import DOC_TIMEOUT, _DocumentAlarm, resolve_doc_timeout
from cabletools.parse import parse_cable_record
from cabletools.sources import Document

CABLE = (
    "VZCZCXRO0001\nO 010101Z JAN 09\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0001\n"
    "C O N F I D E N T I A L HANOI 000001\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\n"
    "TAGS: PREL VM\nSUBJECT: A TEST CABLE\n\nREF: STATE 1234\n\n"
    "1. (C) Summary: Something happened. End Summary.\n\nDOE\n"
)
MARKER = "HANG-HERE"
_CATASTROPHIC = re.compile(r"(a+)+$")


#: Which processes ran slow_on_marker (appended to in this process only when it parsed here).
PARSED_BY: list[int] = []

# pytest-timeout's default method runs an interval timer (SIGALRM) during the test, and the
# loader never overrides a caller's timer: it then parses in a worker instead of in-process.
# The thread method leaves the timer free, so "in-process" below really is in this process.
HARD_TIMEOUT = pytest.mark.timeout(120, method="thread")
# Budgets well above a normal parse (a few ms) even on a loaded 2-core CI machine.
BUDGET = 2.0
# The slow document: 2**28 backtracking steps, tens of seconds (25 s on the 2-core VM, a
# few times the budget on any machine), yet finite: were the budget broken, the test would
# fail rather than hang (a regex keeps the GIL, so no timeout thread could stop it).
SLOW_STEPS_LOG2 = 28


def slow_on_marker(text, *, source=None, year=None):
    """parse_cable_record, but 2**SLOW_STEPS_LOG2 regex steps first on a text holding MARKER."""
    PARSED_BY.append(os.getpid())
    if MARKER in text:
        _CATASTROPHIC.match("a" * SLOW_STEPS_LOG2 + "b")
    return parse_cable_record(text, source=source, year=year)


def corpus(tmp_path, n=4, slow=(1,)):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(n):
        text = CABLE.replace("HANOI 000001", f"HANOI 00000{i + 1}")
        if i in slow:
            text = text.replace("More.", "").replace("Something happened.", MARKER)
        (folder / f"09HANOI{i + 1}.txt").write_text(text)  # the name gives the id
    return folder


def budget_problem(problems) -> bool:
    return any("budget per document" in p for p in problems)


@HARD_TIMEOUT
@pytest.mark.parametrize("workers, batch", [(1, 1000), (2, 1)], ids=["in-process", "pool"])
def test_a_document_past_its_budget_is_a_row_saying_so(tmp_path, monkeypatch, workers, batch):
    monkeypatch.setattr("cabletools.load.BATCH", batch)  # batch=1: four tasks, so the pool path runs
    folder = corpus(tmp_path)
    PARSED_BY.clear()
    df = ct.read_cables(folder, workers=workers, cache=False, progress=False, doc_timeout=BUDGET,
                        parser=slow_on_marker)
    assert PARSED_BY == ([os.getpid()] * 4 if workers == 1 else [])  # where the budget was kept
    assert len(df) == 4
    assert df["cable_id"].tolist() == ["09HANOI1", "09HANOI2", "09HANOI3", "09HANOI4"]
    flagged = df["problems"].map(budget_problem).tolist()
    assert flagged == [False, True, False, False]
    assert MARKER in df["body"].iloc[1]  # the text is kept
    assert df["subject"].iloc[0] == "A TEST CABLE" and df["subject"].isna().iloc[1]


@HARD_TIMEOUT
def test_the_budget_comes_from_the_environment_and_holds_with_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLETOOLS_DOC_TIMEOUT", "1.5")
    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))
    folder = corpus(tmp_path, n=2, slow=(0,))
    df = ct.read_cables(folder, workers=1, progress=False, parser=slow_on_marker)
    assert df["problems"].map(budget_problem).tolist() == [True, False]
    assert any("1.5 s budget" in p for p in df["problems"].iloc[0])
    assert ct.read_cables(folder, workers=1, progress=False, parser=slow_on_marker).equals(df)  # cached


@HARD_TIMEOUT
def test_the_budget_holds_when_loading_from_another_thread(tmp_path):
    """SIGALRM only reaches the main thread: from another one, workers=1 parses in one worker."""
    folder = corpus(tmp_path, n=2, slow=(1,))
    out = {}
    PARSED_BY.clear()
    thread = threading.Thread(target=lambda: out.setdefault("df", ct.read_cables(
        folder, workers=1, cache=False, progress=False, doc_timeout=BUDGET, parser=slow_on_marker)),
        daemon=True)  # a hung load must not keep pytest from exiting
    thread.start()
    thread.join(90)
    assert not thread.is_alive()
    assert PARSED_BY == []
    assert out["df"]["problems"].map(budget_problem).tolist() == [False, True]


def test_the_callers_alarm_handler_is_put_back(tmp_path):
    folder = corpus(tmp_path, n=2, slow=())

    def mine(signum, frame):
        pass

    before = signal.signal(signal.SIGALRM, mine)
    try:
        df = ct.read_cables(folder, workers=1, cache=False, progress=False, doc_timeout=5)
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, before)
    assert not df["problems"].map(budget_problem).any()


def test_a_parser_error_disarms_the_alarm_at_once():
    """A plug-in parser's own error goes to the caller with no alarm left running (a late
    one would replace that error by the loader's internal stop)."""
    def broken(text, *, source=None, year=None):
        raise ValueError("a plug-in's bug")

    with _DocumentAlarm(60) as alarm:
        with pytest.raises(ValueError, match="plug-in"):
            alarm.record(Document("a.txt", CABLE, {}, ()), broken)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert alarm.record(Document("b.txt", CABLE, {}, ()))["subject"] == "A TEST CABLE"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("argument, env, expected", [
    (None, None, DOC_TIMEOUT),
    (None, "2.5", 2.5),
    (0.25, "2.5", 0.25),
    (0, None, 0.0),
])
def test_the_budget_is_the_argument_else_the_environment_else_ten_seconds(monkeypatch, argument, env,
                                                                           expected):
    if env is None:
        monkeypatch.delenv("CABLETOOLS_DOC_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("CABLETOOLS_DOC_TIMEOUT", env)
    assert resolve_doc_timeout(argument) == expected


@pytest.mark.parametrize("argument, env", [(-1, None), (float("nan"), None), (None, "ten")])
def test_a_bad_budget_is_refused_clearly(monkeypatch, argument, env):
    monkeypatch.setenv("CABLETOOLS_DOC_TIMEOUT", env or "")
    with pytest.raises(ValueError, match="doc_timeout|CABLETOOLS_DOC_TIMEOUT"):
        resolve_doc_timeout(argument)


@HARD_TIMEOUT
def test_input_todays_parser_found_slow_loads_every_row(tmp_path):
    """A TAGS line followed by a long all-caps line (catastrophic in the TAGS continuation
    regex before its fix): with or without the fix, every row comes back within the budget."""
    folder = corpus(tmp_path, n=2, slow=())
    (folder / "other.txt").write_text("TAGS: PREL\n" + "ABCDEF " * 40 + "a\n")
    start = time.monotonic()
    df = ct.read_cables(folder, workers=1, cache=False, progress=False, doc_timeout=BUDGET)
    assert len(df) == 3
    assert time.monotonic() - start < 30  # a hard bound, not a speed test
