"""cabletools.arrow_files: parts joined and written with a checksum read back as exactly the joined
table, in one piece; a file that is not the one written is refused."""
from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cabletools import arrow_files
from cabletools.arrow_files import (
    ChecksumError,
    join_tables,
    map_arrow,
    read_checked,
    write_checked,
)
from cabletools.schema import ARROW_SCHEMA

SCHEMA = pa.schema([("body", pa.large_string()), ("n", pa.int64()), ("tags", pa.list_(pa.large_string())),
                    ("subject", pa.large_string())])
texts = st.one_of(st.none(), st.text(max_size=40))
row = st.tuples(texts, st.one_of(st.none(), st.integers(-5, 5)), st.lists(st.text(max_size=5), max_size=3), texts)


def part(rows: list[tuple], cut: int) -> pa.Table:
    """A part as the workers write it, sometimes a slice of a larger table (offsets not at 0)."""
    padded = [("pad", 0, [], "pad")] * cut + rows
    table = pa.table([pa.array([r[i] for r in padded], f.type) for i, f in enumerate(SCHEMA)], schema=SCHEMA)
    return table.slice(cut)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.lists(row, max_size=6), st.integers(0, 2)), max_size=5))
def test_parts_joined_written_and_read_back_are_the_joined_table(tmp_path_factory, parts):
    tables = [part(rows, cut) for rows, cut in parts]
    path = str(tmp_path_factory.mktemp("joined") / "t.arrow")
    checksum = write_checked(join_tables(tables, SCHEMA), path)
    got = read_checked(path, checksum, SCHEMA)
    want = pa.concat_tables(tables).combine_chunks() if tables else SCHEMA.empty_table()
    assert got.equals(want)
    assert all(got.column(i).num_chunks == 1 for i in range(got.num_columns))


def test_the_checksum_of_a_small_file_is_its_size_and_crc32(tmp_path):
    import zlib

    path = tmp_path / "t.arrow"
    checksum = write_checked(part([("abc", 1, ["T"], None)] * 10, 0), str(path))
    data = path.read_bytes()
    assert checksum == f"crc32/{arrow_files.CHECK_BLOCK}:{len(data)}:{zlib.crc32(data):08x}"


def test_a_cable_table_round_trips_in_one_piece(tmp_path):
    from dataclasses import asdict

    from cabletools.schema import Cable, records_to_table

    tables = [records_to_table([asdict(Cable(cable_id=f"08HANOI{i}", body="1. Text. " * 1000 + str(i),
                                             header=f"H{i}\n", tags=("PREL", "VM"))) for i in range(k, k + 50)])
              for k in (0, 50, 100)]
    path = str(tmp_path / "cables.arrow")
    checksum = write_checked(join_tables(tables, ARROW_SCHEMA), path)
    assert read_checked(path, checksum, ARROW_SCHEMA).equals(pa.concat_tables(tables).combine_chunks())


def test_map_arrow_refuses_another_schema(tmp_path):
    arrow_files.write_arrow(pa.table({"x": [1]}), str(tmp_path / "x.arrow"))
    with pytest.raises(ValueError, match="expected schema"):
        map_arrow(str(tmp_path / "x.arrow"), SCHEMA)
    checksum = write_checked(pa.table({"x": [1]}), str(tmp_path / "y.arrow"))
    with pytest.raises(ValueError, match="expected schema"):
        read_checked(str(tmp_path / "y.arrow"), checksum, SCHEMA)


def damage(path, data: bytes) -> None:
    path.write_bytes(data)


@pytest.mark.parametrize("change", [
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),         # the last byte flipped
    lambda data: bytes([data[0] ^ 0x80]) + data[1:],         # the first
    lambda data: data[: len(data) // 2],                     # truncated
    lambda data: data + b"\0",                               # grown
    lambda data: b"",                                         # emptied
], ids=["last-byte", "first-byte", "truncated", "grown", "empty"])
def test_a_file_that_is_not_the_one_written_is_refused(tmp_path, change):
    path = tmp_path / "t.arrow"
    checksum = write_checked(part([("text", 1, ["T"], "s")] * 20, 1), str(path))
    damage(path, change(path.read_bytes()))
    with pytest.raises(ChecksumError):
        read_checked(str(path), checksum, SCHEMA)


@pytest.mark.parametrize("checksum", [None, "", "crc32/64:10:zz", "md5/64:10:00", "crc32/64:10", "crc32/0:10:00", "crc32/4:10:00"])
def test_an_unusable_checksum_is_refused(tmp_path, checksum):
    path = tmp_path / "t.arrow"
    write_checked(part([("text", 1, ["T"], "s")], 0), str(path))
    with pytest.raises(ChecksumError):
        read_checked(str(path), checksum, SCHEMA)


def test_a_file_of_many_blocks_is_checked_block_by_block(tmp_path, monkeypatch):
    import zlib

    monkeypatch.setattr(arrow_files, "CHECK_BLOCK", 100)
    table = part([(f"text {i}", i, ["T"], "s") for i in range(200)], 0)
    path = tmp_path / "t.arrow"
    checksum = write_checked(table, str(path))
    data = path.read_bytes()
    assert checksum == f"crc32/100:{len(data)}:" + ",".join(
        f"{zlib.crc32(data[i:i + 100]):08x}" for i in range(0, len(data), 100))
    assert read_checked(str(path), checksum, SCHEMA).equals(table)
    for at in range(0, len(data), 37):  # a flip in any block is caught
        damage(path, data[:at] + bytes([data[at] ^ 4]) + data[at + 1:])
        with pytest.raises(ChecksumError):
            read_checked(str(path), checksum, SCHEMA)


def test_a_system_without_positional_reads_still_reads_the_cache(tmp_path, monkeypatch):
    """Windows has neither os.pread nor os.preadv: the file is then read with a seek and a
    read per block, in one thread (before, every cached reload there failed its check)."""
    import os

    monkeypatch.setattr(arrow_files, "CHECK_BLOCK", 64)
    table = part([(f"text {i}", i, ["T"], "s") for i in range(50)], 0)
    path = str(tmp_path / "t.arrow")
    checksum = write_checked(table, path)
    monkeypatch.delattr(os, "preadv", raising=False)
    monkeypatch.delattr(os, "pread", raising=False)
    assert read_checked(path, checksum, SCHEMA).equals(table)
