"""Hostile and unusual inputs to the readers (issues 14 and 19): every input document gives one
row whose `problems` say what happened, or the load stops with a CorpusError naming the file;
never a raw exception, a hang, a silent drop, or a file left behind.

Inputs are built in tmp_path at test time; each load runs with a private temp folder that
must be empty afterwards, and the corpus folder must be unchanged."""
from __future__ import annotations

import json
import os
import tempfile

import pytest

import cabletools as ct
from cabletools.sources import documents_from_bytes

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
    watched = path if os.path.isdir(path) else os.path.dirname(path)
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
