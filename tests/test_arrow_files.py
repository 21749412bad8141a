"""cabletools.arrow_files: parts written as one record batch give exactly the joined table."""
from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cabletools import arrow_files
from cabletools.arrow_files import map_arrow, write_joined
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
def test_written_from_the_parts_is_the_joined_table(tmp_path_factory, parts):
    tables = [part(rows, cut) for rows, cut in parts]
    path = str(tmp_path_factory.mktemp("joined") / "t.arrow")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_files, "DIRECT_BYTES", 0)  # every string column from the parts' buffers
        patch.setattr(arrow_files, "write_arrow", None)  # and never by joining them in memory
        assert write_joined(tables, path, SCHEMA) == sum(t.num_rows for t in tables)
    got = map_arrow(path, SCHEMA)
    want = pa.concat_tables(tables).combine_chunks() if tables else SCHEMA.empty_table()
    assert got.equals(want)
    assert all(got.column(i).num_chunks == 1 for i in range(got.num_columns))


def test_a_cable_table_round_trips_with_its_text_written_directly(tmp_path):
    from dataclasses import asdict

    from cabletools.schema import Cable, records_to_table

    tables = [records_to_table([asdict(Cable(cable_id=f"08HANOI{i}", body="1. Text. " * 1000 + str(i),
                                             header=f"H{i}\n", tags=("PREL", "VM"))) for i in range(k, k + 50)])
              for k in (0, 50, 100)]
    path = str(tmp_path / "cables.arrow")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_files, "write_arrow", None)  # the text is written from the parts
        write_joined(tables, path, ARROW_SCHEMA)
    assert arrow_files.DIRECT_BYTES <= 3 * 50 * 9000  # the body column takes the direct path
    assert map_arrow(path, ARROW_SCHEMA).equals(pa.concat_tables(tables).combine_chunks())


def test_map_arrow_refuses_another_schema(tmp_path):
    arrow_files.write_arrow(pa.table({"x": [1]}), str(tmp_path / "x.arrow"))
    with pytest.raises(ValueError, match="expected schema"):
        map_arrow(str(tmp_path / "x.arrow"), SCHEMA)


def test_a_writer_that_hands_the_text_over_otherwise_gets_the_joined_table_written(tmp_path):
    tables = [part([("x" * 100, i, ["T"], None)], cut) for i, cut in ((1, 0), (2, 1))]

    def plain_write(sink, data):  # as if the IPC writer passed the stand-in in pieces
        size = sink.out.write(data)
        sink.position += size
        return size

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_files, "DIRECT_BYTES", 0)
        patch.setattr(arrow_files._TextFromParts, "write", plain_write)
        write_joined(tables, str(tmp_path / "t.arrow"), SCHEMA)
    assert map_arrow(str(tmp_path / "t.arrow"), SCHEMA).equals(pa.concat_tables(tables).combine_chunks())
