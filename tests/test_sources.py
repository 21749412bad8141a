"""cabletools.sources: the fast (Arrow) cables.csv reader gives exactly the csv module's rows,
and irregular input still goes row by row with the bad row named."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from cabletools.sources import (_cables_csv_rows_arrow, _kind_of, cables_csv_ranges, decode, iter_cables_csv,
                                iter_cables_csv_bytes, read_bytes, read_csv_range, read_files)

ROW = '"{n}","1/2/2008 10:00","08HANOI{n}","Embassy Hanoi","UNCLASSIFIED","{refs}","H {n}","{body}"\n'


def csv_module_rows(data: bytes) -> list[tuple[str, ...]]:
    csv.field_size_limit(2**31 - 1)
    text = data.decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False)
    return [tuple(r) for r in rows if r]  # a blank line between records is no row


def csv_bytes(*bodies: str, refs: str = "") -> bytes:
    return "".join(ROW.format(n=i + 1, refs=refs, body=b) for i, b in enumerate(bodies)).encode()


# (case, bytes, does Arrow take it?)
CASES = [
    ("plain", csv_bytes("1. Text.", "2. More."), True),
    ("escaped quotes and newlines", csv_bytes('say \\"no\\"\n\n2. \\\\ backslash', "x,y"), True),
    ("CRLF line ends", csv_bytes("a").replace(b"\n", b"\r\n"), True),
    ("byte-order mark", b"\xef\xbb\xbf" + csv_bytes("a"), True),
    ("non-ASCII", csv_bytes("Tr\u1ea7n \u00a7 \u2019"), True),
    ("references", csv_bytes("a", refs="08HANOI1|07STATE2"), True),
    ("a blank line between rows", csv_bytes("a") + b"\n" + csv_bytes("b"), True),
    ("a row of 7 fields", csv_bytes("a") + b'"9","1/2/2008 10:00","X","E","U","","H"\n', False),
]


@pytest.mark.parametrize("case, data, arrow_takes_it", CASES, ids=[c[0] for c in CASES])
def test_arrow_rows_equal_csv_module_rows(case, data, arrow_takes_it):
    rows = _cables_csv_rows_arrow(data)
    if not arrow_takes_it:
        assert rows is None
        return
    assert rows == csv_module_rows(data)


@pytest.mark.parametrize("case, data, arrow_takes_it", CASES, ids=[c[0] for c in CASES])
def test_bytes_reader_gives_the_stream_readers_documents(case, data, arrow_takes_it):
    fast = list(iter_cables_csv_bytes(data, "c.csv"))
    slow = list(iter_cables_csv(io.StringIO(data.decode("utf-8-sig"), newline=""), "c.csv"))
    assert fast == slow


def test_bad_row_is_named_not_dropped():
    data = csv_bytes("a") + b'"9","1/2/2008 10:00","X","E","U","","H"\n' + csv_bytes("b")
    docs = list(iter_cables_csv_bytes(data, "c.csv"))
    assert [d.text is not None for d in docs] == [True, True, True]
    assert docs[1].problems == ("cables.csv row 2 has 7 columns, expected 8",)


def test_blank_lines_between_records_are_no_rows():
    data = csv_bytes("a") + b"\n\r\n" + csv_bytes("b")
    assert [d.source for d in iter_cables_csv_bytes(data, "c.csv")] == ["c.csv#row1", "c.csv#row1"]


def test_windows_1252_range_keeps_its_problem_on_every_row():
    data = csv_bytes("caf\u00e9", "b").replace("\u00e9".encode(), b"\xe9")
    docs = list(iter_cables_csv_bytes(data, "c.csv"))
    assert len(docs) == 2 and all("Windows-1252" in d.problems[0] for d in docs)
    assert "caf\u00e9" in docs[0].text


def test_real_cables_csv_arrow_rows_equal_csv_module_rows(shared):
    """Every byte range of the real cables.csv splits into the same rows both ways."""
    path = shared / "corpus" / "cables_csv__none-later" / "cables.csv"
    total = 0
    for start, end in cables_csv_ranges(path, 8 * 2**20):
        with open(path, "rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
        rows = _cables_csv_rows_arrow(data)
        assert rows is not None, f"Arrow refused bytes {start}-{end}"
        assert rows == csv_module_rows(data)
        assert len(read_csv_range(str(path), start, end)) == len(rows)
        total += len(rows)
    assert total >= 7000


# ---------------------------------------------------------------- one file's bytes, its text and its kind

@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 200_000])
def test_read_bytes_gives_the_whole_file(tmp_path, size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "c.txt").write_bytes(data)
    assert read_bytes(str(tmp_path / "c.txt")) == data


# (case, bytes, text, problems)
DECODE_CASES = [
    ("UTF-8", "Ünclas".encode(), "Ünclas", ()),
    ("BOM dropped", b"\xef\xbb\xbfUNCLAS", "UNCLAS", ()),
    ("only the first BOM dropped, as utf-8-sig does", b"\xef\xbb\xbf\xef\xbb\xbfX", "\ufeffX", ()),
    ("empty", b"", "", ("empty file",)),
    ("control bytes: binary", bytes(range(256)) * 4, None, ("binary file, not text: f.txt",)),
    ("a stray NUL is data", b"AB\x00CD", "AB\x00CD", ()),
    ("UTF-16 with BOM", "\u00c9TAT".encode("utf-16"), "\u00c9TAT", ()),
    ("UTF-32 big-endian with BOM", b"\x00\x00\xfe\xff" + "X".encode("utf-32-be"), "X", ()),
    ("NUL after 8 KB: text", b"A" * 8192 + b"\x00", "A" * 8192 + "\x00", ()),
    ("Windows-1252", b"caf\xe9", "café", ("not valid UTF-8 (byte 3); decoded as Windows-1252",)),
]


@pytest.mark.parametrize("case,data,text,problems", DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_decode(case, data, text, problems):
    assert decode(data, "f.txt") == (text, problems)


# (case, name, head, kind)
KIND_CASES = [
    ("a cable", "08HANOI1002.txt", b"UNCLAS HANOI 001002\n\nSUBJECT: A < B\n", "txt"),
    ("a saved Cablegate page", "08HANOI1002.txt", b"<!DOCTYPE html>\n<HTML><body><pre>UNCLAS", "html"),
    ("a bare <pre> block", "08HANOI1002", b"<pre>UNCLAS HANOI 001002", "html"),
    ("JSON lines", "export.txt", b'  {"_id": "08HANOI1002"}', "jsonl"),
    ("a cables.csv under another name", "cables.txt", csv_bytes("1. Text.")[:200], "csv"),
]


@pytest.mark.parametrize("case,name,head,kind", KIND_CASES, ids=[c[0] for c in KIND_CASES])
def test_kind_of_sniffs_the_content_of_text_files(case, name, head, kind):
    assert _kind_of(name, head, "auto") == kind


def test_read_files_gives_every_file_in_order_and_names_the_unreadable_one(tmp_path):
    paths = []
    for i in range(150):  # more than READ_AHEAD: files are opened ahead while others are read
        (tmp_path / f"{i:03d}.txt").write_bytes(f"cable {i}".encode() * (i + 1))
        paths.append(str(tmp_path / f"{i:03d}.txt"))
    paths.insert(70, str(tmp_path / "missing.txt"))
    for ahead in (0, 1, 64):
        got = list(read_files(paths, ahead=ahead))
        assert [p for p, _ in got] == paths
        assert isinstance(got[70][1], FileNotFoundError)
        assert [data for p, data in got if p != paths[70]] == [f"cable {i}".encode() * (i + 1) for i in range(150)]


def test_read_files_closes_the_files_opened_ahead_when_stopped_early(tmp_path):
    import os

    paths = []
    for i in range(20):
        (tmp_path / f"{i}.txt").write_text("x")
        paths.append(str(tmp_path / f"{i}.txt"))
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    reader = read_files(paths, ahead=10)
    next(reader)
    reader.close()
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX limits")
def test_read_files_out_of_file_descriptors_reads_the_rest_one_by_one(tmp_path):
    # run in a child: the open-file limit is lowered so that reading ahead runs out of descriptors
    for i in range(100):
        (tmp_path / f"{i:03d}.txt").write_text(f"cable {i}")
    script = f"""
import os, resource
from cabletools.sources import read_files
names = sorted(os.listdir({str(tmp_path)!r}))
used = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 16
resource.setrlimit(resource.RLIMIT_NOFILE, (used + 20, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
got = list(read_files([os.path.join({str(tmp_path)!r}, n) for n in names], ahead=64))
bad = [(p, d) for p, d in got if isinstance(d, OSError)]
assert not bad, bad[:3]
assert [d for _, d in got] == [f"cable {{i}}".encode() for i in range(100)]
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


# ---------------------------------------------------------------- cables.csv byte ranges

def escaped_row(n: int, content: str) -> str:
    """A cables.csv record as WikiLeaks writes it: every field quoted, quotes and backslashes
    in the text escaped with a backslash."""
    esc = content.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{n}","3/4/2009 12:05","09HANOI{n}","Embassy Hanoi","UNCLASSIFIED","","HDR","{esc}"\n'


def ranges_rows(path, partition_size):
    rows = []
    for start, end in cables_csv_ranges(path, partition_size):
        rows.extend(csv_module_rows(path.read_bytes()[start:end]))
    return rows


@pytest.mark.timeout(120)
@pytest.mark.parametrize("window", [7, 64, 4096, 1 << 22])
def test_ranges_split_where_the_csv_module_splits_rows(tmp_path, monkeypatch, window):
    """Contents full of what confuses a splitter (record-shaped lines, quotes, backslash runs,
    blank lines) split at any window size give exactly the whole file's rows."""
    import random

    from cabletools import sources

    monkeypatch.setattr(sources, "_WINDOW", window)
    rng = random.Random(window)
    pieces = ['"7","5/6/2007 1:00","X","E","U","","H","t"\n', "\\", "\\\\", '"', '\\"', "\n", "\n\n", "x", ",", " "]
    contents = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60))) for _ in range(300)]
    path = tmp_path / "cables.csv"
    path.write_text("".join(escaped_row(i, c) for i, c in enumerate(contents, start=1)), newline="")
    whole = csv_module_rows(path.read_bytes())
    assert [r[7] for r in whole] == contents  # the test file itself is right
    for partition_size in (50, 333, 5000):
        assert ranges_rows(path, partition_size) == whole


@pytest.mark.timeout(300)
def test_ranges_of_a_field_full_of_record_shaped_lines_are_right_and_linear(tmp_path):
    """8 records, one holding n record-shaped lines in its text (this once took 731 s at 11 MB
    and cut the field, giving 9 rows, one of 1,400,001 columns): 8 rows, and 8x the file
    takes at most 24x the time (best of 3)."""
    import time

    line = '"{}","1/2/2008 10:00","08STATE{}","Secretary of State","SECRET","","HDR","1. Text."\n'

    def file_of(n: int, name: str):
        inner = "".join(line.format(i, i) for i in range(n))
        path = tmp_path / name
        path.write_text("".join(escaped_row(i, inner if i == 4 else "1. Text.") for i in range(1, 9)))
        return path

    def best(path) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            cables_csv_ranges(path, 1 << 20)
            times.append(time.perf_counter() - start)
        return min(times)

    small, large = file_of(15_000, "small.csv"), file_of(120_000, "large.csv")  # 1.2 MB, 9.6 MB
    for path in (small, large):
        rows = ranges_rows(path, 1 << 20)
        assert [r[0] for r in rows] == [str(i) for i in range(1, 9)] and all(len(r) == 8 for r in rows)
    assert best(large) <= 24 * best(small) + 0.05
