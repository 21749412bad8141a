"""Hostile and unusual inputs to the readers (issues 14 and 19): every input document gives one
row whose `problems` say what happened, or the load stops with a CorpusError naming the file;
never a raw exception, a hang, a silent drop, or a file left behind.

Inputs are built in tmp_path at test time; each load runs with a private temp folder that
must be empty afterwards, and the corpus folder must be unchanged."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest

import cabletools as ct
from cabletools.sources import documents_from_bytes, parse_cablegate_html

pytestmark = pytest.mark.timeout(120)  # no test may hang; the slow ones say so themselves

CABLE = (
    "VZCZCXRO0001\nO 010101Z JAN 09\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0001\n"
    "C O N F I D E N T I A L HANOI 000001\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\n"
    "TAGS: PREL VM\nSUBJECT: A TEST CABLE\n\n1. (C) Something happened.\n\nDOE\n"
)
ROW = '"{n}","1/2/2009 10:00","09HANOI{n}","Embassy Hanoi","CONFIDENTIAL","","H {n}","1. Text {n}."\n'


def cables_csv(count: int) -> str:
    return "".join(ROW.format(n=i) for i in range(1, count + 1))


def cable(serial: int) -> str:
    return CABLE.replace("HANOI 000001", f"HANOI {serial:06d}")


def load(path, tmp_path, **kw):
    """read_cables without cache in one worker; asserts no temp file is left and the corpus
    (the folder of `path`, or `path` itself) is unchanged."""
    private_tmp = tmp_path / "_tmp"
    private_tmp.mkdir(exist_ok=True)
    first = path[0] if isinstance(path, list) else path
    watched = first if os.path.isdir(first) else os.path.dirname(first)
    before = sorted(os.listdir(watched))
    saved, tempfile.tempdir = tempfile.tempdir, str(private_tmp)
    try:
        df = ct.read_cables(path, progress=False, cache=False, workers=kw.pop("workers", 1), **kw)
    finally:
        tempfile.tempdir = saved
    assert os.listdir(private_tmp) == [], "temporary files left behind"
    assert sorted(os.listdir(watched)) == before, "the corpus folder was changed"
    return df


def problems_of(df) -> list[list[str]]:
    return [list(p) for p in df["problems"]]


# ---------------------------------------------------------------- D: one bad record is one row

# (case, bad JSON line, problem the bad line's row states)
BAD_JSON_LINES = [
    ("numeric _id", '{"_id": 12345, "body": "x"}', "JSON field _id is a number, read as text"),
    ("numeric origin", '{"_id": "09HANOI2", "body": "x", "origin": 5}', "JSON field origin is a number"),
    ("list classification", '{"_id": "09HANOI2", "body": "x", "classification": ["SECRET"]}',
     "JSON field classification is a list, ignored"),
    ("object body", '{"_id": "09HANOI2", "body": {"a": 1}}', "JSON field body is an object, ignored"),
    ("lone surrogate", '{"_id": "09HANOI2", "body": "x\\ud800y"}', "JSON field body holds lone surrogate"),
    ("nesting too deep", "[" * 100_000, "invalid JSON on line 2: nested too deeply"),
    ("not an object", "[1, 2]", "line 2 is not a JSON object"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case,line,problem", BAD_JSON_LINES, ids=[c[0] for c in BAD_JSON_LINES])
def test_a_bad_json_record_is_a_row_and_the_others_load(tmp_path, case, line, problem):
    good = json.dumps({"_id": "09HANOI1", "body": cable(1)})
    (tmp_path / "export.jsonl").write_text(f"{good}\n{line}\n{good}\n")
    df = load(tmp_path / "export.jsonl", tmp_path)
    assert len(df) == 3
    assert df["cable_id"].iloc[0] == df["cable_id"].iloc[2] == "09HANOI1"
    assert any(problem in p for p in df["problems"].iloc[1]), df["problems"].iloc[1]


def test_json_values_of_the_wrong_type_are_text_or_left_out():
    (doc,) = documents_from_bytes(b'{"_id": 12345, "body": "x\\ud800", "classification": ["S"]}', "e.jsonl")
    assert doc.meta == {"cable_id": "12345"} and doc.text == "x\ufffd"


@pytest.mark.timeout(60)
@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_is_a_row_showing_its_bytes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(cable(1))
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as fh:
        fh.write(cable(2).encode())
    df = load(corpus, tmp_path)
    assert len(df) == 2
    assert df["source"].iloc[1].endswith("caf\\xe9.txt")
    assert df["cable_id"].iloc[1] == "09HANOI2"
    assert "file name is not valid UTF-8 (shown with \\x escapes)" in df["problems"].iloc[1]


# ---------------------------------------------------------------- C: cables lost without a word

@pytest.mark.timeout(300)
def test_a_nul_byte_in_the_real_cables_csv_loses_no_row(shared, tmp_path):
    """The shared cables.csv (7,081 rows, more than one 8 MB slice) with one NUL inside the
    middle of a record: every row is still there, the NUL kept in its cable's text."""
    data = (shared / "corpus" / "cables_csv__none-later" / "cables.csv").read_bytes()
    middle = data.index(b"\n", len(data) // 2) - 5  # inside the content field of a record
    (tmp_path / "cables.csv").write_bytes(data[:middle] + b"\x00" + data[middle:])
    df = load(tmp_path / "cables.csv", tmp_path, workers=2)
    assert len(df) == 7081
    with_nul = df[df["body"].str.contains("\x00", regex=False)]
    assert len(with_nul) == 1 and "binary content (NUL bytes)" in with_nul["problems"].iloc[0]


@pytest.mark.timeout(60)
def test_a_nul_byte_in_a_small_cables_csv_loses_no_row(tmp_path):
    (tmp_path / "cables.csv").write_text(cables_csv(20).replace("Text 3.", "Text\x003."))
    df = load(tmp_path / "cables.csv", tmp_path)
    assert df["cable_id"].tolist() == [f"09HANOI{i}" for i in range(1, 21)]


@pytest.mark.timeout(60)
def test_a_cables_csv_with_a_byte_order_mark_is_part_of_a_folder_load(tmp_path):
    (tmp_path / "cables.csv").write_bytes(b"\xef\xbb\xbf" + cables_csv(20).encode())
    (tmp_path / "09HANOI999.txt").write_text(cable(999))
    df = load(tmp_path, tmp_path)
    assert len(df) == 21


@pytest.mark.timeout(60)
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path, codec):
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    (tmp_path / "09HANOI1.txt").write_bytes(bom + cable(1).encode(codec))
    (tmp_path / "cables.csv").write_bytes(bom + cables_csv(3).encode(codec))
    df = load(tmp_path, tmp_path)
    assert df["cable_id"].tolist() == ["09HANOI1", "09HANOI1", "09HANOI2", "09HANOI3"]
    assert df["subject"].iloc[0] == "A TEST CABLE"
    assert not any("binary" in p for row in problems_of(df) for p in row)


@pytest.mark.timeout(60)
def test_blank_lines_between_cables_csv_records_add_no_rows(tmp_path):
    (tmp_path / "cables.csv").write_text(cables_csv(21).replace("\n", "\n\n"))
    df = load(tmp_path / "cables.csv", tmp_path)
    assert df["cable_id"].tolist() == [f"09HANOI{i}" for i in range(1, 22)]
    assert not any(problems_of(df)[i] and "columns" in problems_of(df)[i][0] for i in range(21))


@pytest.mark.timeout(60)
def test_a_json_array_file_is_a_row_per_record(tmp_path):
    records = [{"_id": f"09HANOI{i}", "body": cable(i)} for i in range(1, 6)]
    (tmp_path / "export.json").write_text(json.dumps(records, indent=1))
    df = load(tmp_path / "export.json", tmp_path)
    assert df["cable_id"].tolist() == [f"09HANOI{i}" for i in range(1, 6)]
    assert df["source"].iloc[4].endswith("export.json#item5")


# (case, what is put before the cable, text that must stay in the one row)
TXT_THAT_LOOKS_LIKE_ANOTHER_FORMAT = [
    ("starts with a brace", "{CORRECTED COPY}\n", "{CORRECTED COPY}"),
    ("a CSV-looking first line", '"1","1/2/2009 10:00","not","eight","fields"\n', '"not","eight"'),
    ("<html> in the first 4 KB", "QUOTE <html><pre>X</pre> END\n", "<html><pre>X</pre>"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case,prefix,kept", TXT_THAT_LOOKS_LIKE_ANOTHER_FORMAT,
                         ids=[c[0] for c in TXT_THAT_LOOKS_LIKE_ANOTHER_FORMAT])
def test_a_txt_file_is_one_cable_unless_its_content_proves_otherwise(tmp_path, case, prefix, kept):
    text = prefix + "\n".join(f"{i}. line {i} with {{braces}}, \"quotes\"" for i in range(50)) + "\n" + cable(1)
    (tmp_path / "09HANOI1.txt").write_text(text)
    df = load(tmp_path / "09HANOI1.txt", tmp_path)
    assert len(df) == 1
    assert df["header"].iloc[0] + df["body"].iloc[0] == text and kept in text


@pytest.mark.timeout(60)
def test_a_txt_file_that_is_really_json_lines_or_cables_csv_is_read_as_such(tmp_path):
    (tmp_path / "export.txt").write_text("".join(json.dumps({"_id": f"09HANOI{i}", "body": cable(i)}) + "\n"
                                                 for i in range(1, 4)))
    (tmp_path / "rows.txt").write_text(cables_csv(4))
    assert len(load(tmp_path / "export.txt", tmp_path)) == 3
    assert len(load(tmp_path / "rows.txt", tmp_path)) == 4


@pytest.mark.timeout(60)
def test_files_in_a_symlinked_subfolder_are_read_and_a_link_loop_ends(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "09HANOI1.txt").write_text(cable(1))
    (elsewhere / "09HANOI2.txt").write_text(cable(2))
    os.symlink(elsewhere, corpus / "linked")
    os.symlink(corpus, elsewhere / "back")  # corpus -> linked -> back -> corpus: read once
    df = load(corpus, tmp_path)
    assert df["cable_id"].tolist() == ["09HANOI1", "09HANOI2"]


@pytest.mark.timeout(60)
@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_subfolder_is_a_row_naming_it(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "09HANOI1.txt").write_text(cable(1))
    (corpus / "locked" / "09HANOI2.txt").write_text(cable(2))
    os.chmod(corpus / "locked", 0)
    try:
        df = load(corpus, tmp_path)
    finally:
        os.chmod(corpus / "locked", 0o755)
    assert len(df) == 2
    assert any("locked" in p and "Permission denied" in p for p in df["problems"].iloc[1])


# ---------------------------------------------------------------- B: hostile archives

def write_tar(path, members, mode="w"):
    """A tar of (name, text) members; a text of ("symlink"|"hardlink", target) is a link."""
    with tarfile.open(path, mode, format=tarfile.GNU_FORMAT, encoding="utf-8", errors="surrogateescape") as tf:
        for name, text in members:
            info = tarfile.TarInfo(name)
            if isinstance(text, tuple):
                info.type = tarfile.SYMTYPE if text[0] == "symlink" else tarfile.LNKTYPE
                info.linkname = text[1]
                tf.addfile(info)
                continue
            data = text.encode()
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def zip_bytes(members) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def patch_zip(data: bytes, *, flag: int = 0, method: int | None = None, name: tuple[bytes, bytes] | None = None):
    """Set general-purpose `flag` bits and/or the compression `method` in every local and
    central header of a zip (what an encrypting or other zip tool writes), or change a name."""
    out = bytearray(data)
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = out.find(sig)
        while at >= 0:
            out[at + flag_at:at + flag_at + 2] = (int.from_bytes(out[at + flag_at:at + flag_at + 2], "little")
                                                  | flag).to_bytes(2, "little")
            if method is not None:
                out[at + method_at:at + method_at + 2] = method.to_bytes(2, "little")
            at = out.find(sig, at + 4)
    return bytes(out).replace(*name) if name else bytes(out)


def damage_rows(df):
    return df[df["source"].str.endswith("!<damaged>")]


@pytest.mark.timeout(60)
def test_a_corrupt_tar_xz_is_a_corpus_error_naming_it(tmp_path):
    write_tar(tmp_path / "c.tar.xz", [("09HANOI1.txt", cable(1))], "w:xz")
    data = bytearray((tmp_path / "c.tar.xz").read_bytes())
    data[40:60] = b"\xff" * 20
    (tmp_path / "c.tar.xz").write_bytes(bytes(data))
    with pytest.raises(ct.CorpusError, match=r"c\.tar\.xz.*LZMAError"):
        load(tmp_path / "c.tar.xz", tmp_path)


# (case, how the second of three zip members is spoiled, problem of its row)
SPOILED_ZIP_MEMBERS = [
    ("corrupt deflate data", lambda z: z.replace(zlib.compress(cable(2).encode())[2:40], b"\x00" * 38),
     "damaged member, not read"),
    ("encrypted", lambda z: patch_zip(z, flag=0x1), "encrypted member, not read"),
    ("unsupported method", lambda z: patch_zip(z, method=99), "compressed with method 99"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case,spoil,problem", SPOILED_ZIP_MEMBERS, ids=[c[0] for c in SPOILED_ZIP_MEMBERS])
def test_a_spoiled_zip_member_is_a_row_and_the_rest_load(tmp_path, case, spoil, problem):
    members = [(f"09HANOI{i}.txt", cable(i)) for i in (1, 2, 3)]
    clean = zip_bytes(members)
    if case == "corrupt deflate data":  # only the second member's compressed bytes
        second = zip_bytes(members[1:2])
        payload = second[30 + len("09HANOI2.txt"):][:40]
        clean = clean.replace(payload, payload[:4] + bytes(b ^ 0x5A for b in payload[4:]))
        spoiled = clean
    else:
        spoiled = spoil(clean)
    (tmp_path / "c.zip").write_bytes(spoiled)
    df = load(tmp_path / "c.zip", tmp_path)
    assert len(df) == 3
    if case == "corrupt deflate data":
        assert df["cable_id"].tolist()[0::2] == ["09HANOI1", "09HANOI3"]
        assert any(problem in p for p in df["problems"].iloc[1]), df["problems"].iloc[1]
    else:  # the patch marks every member
        assert all(any(problem in p for p in row) for row in problems_of(df))


@pytest.mark.timeout(60)
def test_a_zip_whose_names_are_marked_utf8_but_are_not_is_a_corpus_error_naming_it(tmp_path):
    data = patch_zip(zip_bytes([("cafX.txt", cable(1))]), flag=0x800, name=(b"cafX.txt", b"caf\xe9.txt"))
    (tmp_path / "names.zip").write_bytes(data)
    with pytest.raises(ct.CorpusError, match=r"names\.zip.*not valid UTF-8|names\.zip.*is not"):
        load(tmp_path / "names.zip", tmp_path)


@pytest.mark.timeout(60)
def test_tar_member_names_that_are_not_utf8_are_rows_showing_their_bytes(tmp_path):
    write_tar(tmp_path / "c.tar", [("09HANOI1.txt", cable(1)), ("caf\udce9.txt", cable(2))])
    df = load(tmp_path / "c.tar", tmp_path)
    assert df["cable_id"].tolist() == ["09HANOI1", "09HANOI2"]
    assert df["source"].iloc[1].endswith("c.tar!caf\\xe9.txt")


@pytest.mark.timeout(60)
def test_tar_links_are_rows_saying_they_were_not_followed(tmp_path):
    write_tar(tmp_path / "c.tar.gz", [("09HANOI1.txt", cable(1)), ("09HANOI2.txt", cable(2)),
                                      ("soft.txt", ("symlink", "09HANOI1.txt")),
                                      ("hard.txt", ("hardlink", "09HANOI2.txt"))], "w:gz")
    df = load(tmp_path / "c.tar.gz", tmp_path)
    assert len(df) == 4
    assert "symbolic link to '09HANOI1.txt', not followed" in df["problems"].iloc[2][0]
    assert "hard link to '09HANOI2.txt', not followed" in df["problems"].iloc[3][0]


@pytest.mark.timeout(60)
def test_archives_inside_archives_are_read_to_a_depth(tmp_path):
    inner = zip_bytes([("09HANOI2.txt", cable(2)), ("09HANOI3.txt", cable(3))])
    deep = zip_bytes([("d3.zip", zip_bytes([("d4.zip", zip_bytes([("09HANOI9.txt", cable(9))]))]))])
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("09HANOI4.txt")
        info.size = len(cable(4))
        tf.addfile(info, io.BytesIO(cable(4).encode()))
    (tmp_path / "outer.zip").write_bytes(zip_bytes([("09HANOI1.txt", cable(1)), ("inner.zip", inner),
                                                    ("t.tar.gz", buf.getvalue()), ("deep.zip", deep)]))
    df = load(tmp_path / "outer.zip", tmp_path)
    assert df["cable_id"].tolist()[:4] == ["09HANOI1", "09HANOI2", "09HANOI3", "09HANOI4"]
    assert df["source"].iloc[1].endswith("outer.zip!inner.zip!09HANOI2.txt")
    assert df["source"].iloc[4].endswith("outer.zip!deep.zip!d3.zip!d4.zip")
    assert "archive nested 3 deep, deeper than 2: not read" in df["problems"].iloc[4]
    assert len(df) == 5


@pytest.mark.timeout(60)
def test_unsafe_member_names_are_rows_read_in_place(tmp_path):
    write_tar(tmp_path / "c.tar", [("09HANOI1.txt", cable(1)), ("../09HANOI2.txt", cable(2)),
                                   ("a/../../09HANOI3.txt", cable(3)), ("/abs/09HANOI4.txt", cable(4))])
    (tmp_path / "c.zip").write_bytes(zip_bytes([("..\\..\\09HANOI5.txt", cable(5)), ("ok.txt", cable(6))]))
    df = load([tmp_path / "c.tar", tmp_path / "c.zip"], tmp_path)
    assert df["cable_id"].tolist() == [f"09HANOI{i}" for i in range(1, 7)]
    unsafe = [any("unsafe member name" in p for p in row) for row in problems_of(df)]
    assert unsafe == [False, True, True, True, True, False]
    assert sorted(os.listdir(tmp_path)) == ["_tmp", "c.tar", "c.zip"]


@pytest.mark.timeout(60)
def test_a_tar_gz_damaged_in_the_middle_reports_what_was_not_read(tmp_path):
    """One flipped byte in the compressed stream: the members before it are rows, and one row
    says where the archive broke (it used to end silently after 41 of 120)."""
    write_tar(tmp_path / "c.tar.gz", [(f"09HANOI{i}.txt", cable(i)) for i in range(1, 121)], "w:gz")
    data = bytearray((tmp_path / "c.tar.gz").read_bytes())
    data[len(data) // 3] ^= 0xFF
    (tmp_path / "c.tar.gz").write_bytes(bytes(data))
    df = load(tmp_path / "c.tar.gz", tmp_path)
    damaged = damage_rows(df)
    assert len(damaged) == 1 and damaged.index[0] == len(df) - 1
    (why,) = damaged["problems"].iloc[0]
    assert why.startswith(f"archive damaged after member {len(df) - 1} (09HANOI{len(df) - 1}.txt)")
    assert len(df) < 121


@pytest.mark.timeout(60)
def test_a_truncated_or_padded_tar_says_so(tmp_path):
    write_tar(tmp_path / "c.tar", [(f"09HANOI{i}.txt", cable(i)) for i in (1, 2, 3)])
    whole = (tmp_path / "c.tar").read_bytes()
    (tmp_path / "cut.tar").write_bytes(whole[:1024 + 512 + 100])  # inside the second member's data
    (tmp_path / "more.tar").write_bytes(whole + b"junk" * 100)
    cut, more = load(tmp_path / "cut.tar", tmp_path), load(tmp_path / "more.tar", tmp_path)
    assert len(cut) == 3 and "damaged member" in cut["problems"].iloc[1][0]
    assert "after member 2 (09HANOI2.txt)" in cut["problems"].iloc[2][0]
    assert len(more) == 4 and "data after the archive's end marker" in more["problems"].iloc[3][0]
    clean = load(tmp_path / "c.tar", tmp_path)
    assert len(clean) == 3 and damage_rows(clean).empty


class Zeros:
    """A file object of endless zero bytes (the bomb is written without holding it)."""

    def read(self, size: int) -> bytes:
        return bytes(size)


# The child's own peak: VmHWM of its memory after exec (ru_maxrss also keeps the high-water mark of
# the memory it was forked with, ~1 GB late in a full test run), else ru_maxrss off Linux.
BOMB = """
import re, resource, sys, zipfile, tarfile
from cabletools.sources import iter_archive
docs = list(iter_archive(sys.argv[1]))
try:
    with open("/proc/self/status") as status:
        peak_mb = int(re.search(r"VmHWM:\\s*(\\d+) kB", status.read()).group(1)) / 1024
except OSError:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(len(docs), docs[0].problems[0], round(peak_mb), sep="|")
"""


@pytest.mark.timeout(300)
@pytest.mark.skipif(sys.platform == "win32", reason="resource module")
@pytest.mark.parametrize("name", ["bomb.zip", "bomb.tar.gz"])
def test_a_one_member_bomb_is_a_row_not_inflated(tmp_path, name):
    """A member that inflates to 1 GB is refused from its size; the reader's peak memory
    (measured in a child process) stays far below it."""
    zeros, path = b"\0" * 2**20, tmp_path / name
    if name.endswith(".zip"):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, \
                zf.open("09HANOI1.txt", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(zeros)
    else:
        with tarfile.open(path, "w:gz", compresslevel=1) as tf:
            info = tarfile.TarInfo("09HANOI1.txt")
            info.size = 1024 * len(zeros)
            tf.addfile(info, Zeros())
    done = subprocess.run([sys.executable, "-c", BOMB, str(path)], capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    rows, problem, peak_mb = done.stdout.strip().split("|")
    assert rows == "1" and "over the 64 MB a document may hold" in problem
    assert int(peak_mb) < 500


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("name", ["09HANOI2.zip", "09HANOI2.tar.gz"])
def test_a_named_pipe_under_an_archive_name_is_a_row_not_a_hang(tmp_path, name):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "09HANOI1.txt").write_text(cable(1))
    os.mkfifo(corpus / name)
    df = load(corpus, tmp_path)
    assert len(df) == 2
    assert df["problems"].iloc[1] == [f"not a regular file: {corpus / name}"]


@pytest.mark.timeout(120)
def test_a_text_file_over_the_cap_is_a_row_not_read(tmp_path):
    from cabletools.sources import MAX_DOCUMENT_BYTES

    (tmp_path / "09HANOI1.txt").write_text(cable(1))
    with open(tmp_path / "09HANOI2.txt", "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: takes no disk space
    df = load(tmp_path, tmp_path)
    assert len(df) == 2 and df["cable_id"].iloc[0] == "09HANOI1"
    expected = (f"cannot read {tmp_path / '09HANOI2.txt'}: {MAX_DOCUMENT_BYTES + 1:,} bytes, "
                "over the 64 MB a document may hold: not read")
    assert df["problems"].iloc[1] == [expected]


# ---------------------------------------------------------------- A: the HTML reader is linear

def best_time(func, arg, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(arg)
        best = min(best, time.perf_counter() - start)
    return best


# (case, malformed page of size about n): each once took quadratic time or worse
HOSTILE_PAGES = [
    ("spaces in a <td>", lambda n: "<table class='cable'><td>" + " " * n + "x</td></table><pre>X</pre>"),
    ("spaces in an unclosed <td>", lambda n: "<pre>X</pre><table class='cable'><td>" + " " * n + "</table>"),
    ("unclosed <h3>", lambda n: "<pre>X</pre>" + "<h3>Viewing cable A, B " * (n // 23)),
    ("unclosed <a>", lambda n: "<pre>" + "<a href='x' " * (n // 12) + "</pre>"),
    ("unclosed <pre>", lambda n: "<pre>X</pre>" + "<pre>x" * (n // 6)),
    ("unclosed table", lambda n: "<pre>X</pre>" + "<table class='cable'>" * (n // 21)),
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case,page_of", HOSTILE_PAGES, ids=[c[0] for c in HOSTILE_PAGES])
def test_the_cablegate_page_reader_takes_linear_time_on_malformed_pages(case, page_of):
    """Best of 3 at n and 8n characters: 8x the input may take at most 24x the time (a
    quadratic reader takes 64x; these inputs once took minutes at 10,000 characters)."""
    n = 200_000
    small, large = page_of(n), page_of(8 * n)
    parse = lambda page: parse_cablegate_html(page, "p.html")
    t_small, t_large = best_time(parse, small), best_time(parse, large)
    assert t_large <= 24 * t_small + 0.02, (t_small, t_large)
    assert parse(small).text is not None


# ---------------------------------------------------------------- F: PlusD pages

# cable id -> (date the metadata pane states, where the row's date comes from)
PLUSD_ROWS = {
    "73STATE97844": ("1973-05-22", "dtg"),      # its DTG "221828 Z MAY 73": PlusD spaces its tokens
    "74ATHENS2959": ("1974-05-17", "dtg"),
    "74ATHENS3099": ("1974-05-23", "dtg"),
}


def test_plusd_pages_state_their_metadata_pane_as_the_manifest_does(shared):
    import csv as csv_module

    from cabletools.sources import parse_plusd_html

    folder = shared / "corpus" / "plusd_html__bhyassine"
    with open(folder / "manifest.csv", newline="", encoding="utf-8") as fh:
        manifest = list(csv_module.DictReader(fh))
    assert len(manifest) == 3
    for entry in manifest:
        doc = parse_plusd_html((folder / entry["html_file"]).read_text(encoding="utf-8"), entry["html_file"])
        assert doc.text == (folder / entry["txt_file"]).read_text(encoding="utf-8")
        stated = {f"md_{k.replace(' ', '_')}": v for k, v in doc.meta["plusd"].items()}
        md = {k: v for k, v in entry.items() if k.startswith("md_")}
        assert {k: stated.get(k) for k in md} == md, entry["canonical_id"]
        for field in ("md_From", "md_To", "md_TAGS", "md_Draft_Date"):
            assert stated[field] == entry[field] and entry[field]


def test_plusd_pages_load_with_their_pane_date_and_number(shared, tmp_path):
    df = load(shared / "corpus" / "plusd_html__bhyassine" / "html", tmp_path)
    assert sorted(df["cable_id"]) == sorted(PLUSD_ROWS)
    for _, row in df.iterrows():
        date, date_source = PLUSD_ROWS[row["cable_id"]]
        assert (str(row["date"].date()), row["date_source"]) == (date, date_source)
        assert row["subject"] and list(row["problems"]) == []


# ---------------------------------------------------------------- F: converted tables read back

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "cables"


@pytest.mark.timeout(300)
def test_what_convert_writes_reads_back_as_the_same_frame(tmp_path, monkeypatch):
    """`cabletools convert` then read_cables on its output: the same rows, grouped by year
    (the dataset's partitions) instead of in input order: the one documented difference."""
    import pandas as pd

    from cabletools.cli import main

    files = sorted(str(p) for p in SAMPLE.glob("*.txt"))[::10]  # 200 of the sample's 2,000
    assert main(["convert", *files, str(tmp_path / "out"), "--quiet", "--workers", "1"]) == 0
    direct = ct.read_cables(files, progress=False, cache=False, workers=1)
    back = ct.read_cables(tmp_path / "out", progress=False)
    assert back["date"].dt.year.fillna(-1).is_monotonic_increasing
    by_source = lambda df: df.sort_values("source").reset_index(drop=True)
    pd.testing.assert_frame_equal(by_source(back), by_source(direct))

    monkeypatch.setenv("CABLETOOLS_CACHE", str(tmp_path / "cache"))  # the loader's own Arrow file
    ct.read_cables(files, progress=False, workers=1)
    (arrow_file,) = (tmp_path / "cache").glob("*/cables.arrow")
    pd.testing.assert_frame_equal(ct.read_cables(arrow_file, progress=False), direct)


@pytest.mark.parametrize("case", ["another table", "damaged"])
def test_a_parquet_file_that_is_not_cables_is_a_corpus_error_naming_it(tmp_path, case):
    import pandas as pd

    path = tmp_path / "other.parquet"
    if case == "another table":
        pd.DataFrame({"a": [1, 2]}).to_parquet(path)
    else:
        path.write_bytes(b"PAR1 not really parquet PAR1")
    with pytest.raises(ct.CorpusError, match="other.parquet"):
        ct.read_cables(path, progress=False)


@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", ["c.zip", "c.tar", "c.tar.gz", "c.tar.bz2", "c.tar.xz"])
def test_randomly_damaged_archives_give_rows_or_a_corpus_error_never_a_raw_exception(tmp_path, name):
    """300 seeded damages (overwritten bytes, a cut, inserted bytes) of each kind of archive:
    each read ends in rows (a row without text always says why) or a CorpusError naming it."""
    import random

    from cabletools.sources import iter_archive

    members = [(f"c/09HANOI{i}.txt", cable(i)) for i in range(1, 21)]
    path = tmp_path / name
    if name.endswith(".zip"):
        path.write_bytes(zip_bytes([*members, ("n.zip", zip_bytes(members[:2]))]))
    else:
        write_tar(path, members, "w" + name.removeprefix("c.tar").replace(".", ":"))
    clean = path.read_bytes()
    rng = random.Random(name)
    outcomes = {"rows": 0, "error": 0}
    for _ in range(300):
        data = bytearray(clean)
        damage = rng.random()
        if damage < 0.5:
            for _ in range(rng.randint(1, 5)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif damage < 0.8:
            del data[rng.randrange(len(data)):]
        else:
            at = rng.randrange(len(data))
            data[at:at] = rng.randbytes(rng.randint(1, 600))
        path.write_bytes(bytes(data))
        try:
            docs = list(iter_archive(str(path)))
        except ct.CorpusError as exc:
            assert name in str(exc)
            outcomes["error"] += 1
            continue
        assert all(d.text is not None or d.problems for d in docs)
        outcomes["rows"] += 1
    assert outcomes["rows"] > 0
