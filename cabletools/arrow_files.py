"""Arrow IPC files: the loader's parts and its cache, written uncompressed and mapped back.

A loaded corpus lives in one Arrow IPC file holding one record batch, so every column is one
contiguous array (pandas and Arrow take rows from a column in many chunks by first joining all
of them: a copy of all the text per call). :func:`write_joined` writes that file straight from
the workers' parts, without first joining them in memory.

>>> import tempfile, os, pyarrow as pa
>>> parts = [pa.table({"s": pa.array(["a", None], pa.large_string())}),
...          pa.table({"s": pa.array(["bc"], pa.large_string())})]
>>> path = os.path.join(tempfile.mkdtemp(), "t.arrow")
>>> write_joined(parts, path, parts[0].schema)
3
>>> table = map_arrow(path)
>>> table.column("s").num_chunks, table.column("s").to_pylist()
(1, ['a', None, 'bc'])
"""
from __future__ import annotations

import io
import mmap

import numpy as np
import pyarrow as pa

#: A large_string column with at least this much text is written from the parts' buffers.
DIRECT_BYTES = 1 << 20


def write_arrow(table: pa.Table, path: str) -> None:
    """`table` as an uncompressed Arrow IPC file: mapped back later without a copy."""
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def map_arrow(path: str, schema: pa.Schema | None = None) -> pa.Table:
    """An Arrow IPC file as a table whose buffers are the file's pages (memory-mapped); with
    `schema`, a file holding another schema is refused (ValueError)."""
    with pa.ipc.open_file(pa.memory_map(path)) as reader:
        table = reader.read_all()
    return _checked(table, path, schema)


def _checked(table: pa.Table, path: str, schema: pa.Schema | None) -> pa.Table:
    if schema is not None and not table.schema.equals(schema):
        raise ValueError(f"{path} does not hold the expected schema")
    return table


def read_arrow(path: str, schema: pa.Schema | None = None) -> pa.Table:
    """An Arrow IPC file read into memory (not mapped: the file can then be deleted anywhere,
    Windows included); with `schema`, a file holding another schema is refused (ValueError)."""
    with pa.OSFile(path) as source, pa.ipc.open_file(source) as reader:
        table = reader.read_all()
    return _checked(table, path, schema)


def write_joined(tables: list[pa.Table], path: str, schema: pa.Schema) -> int:
    """The rows of `tables`, in order, as one Arrow IPC file with one record batch; returns the
    number of rows.

    Joining 250,000 cables in memory first would copy 1.9 GB into fresh pages (seconds on a
    VM) and hold it beside the file. Here only the small buffers are joined (null bitmaps,
    offsets, short columns); each large string column gets a stand-in text buffer (an
    anonymous map, never touched), and when the IPC writer hands that buffer to the file, the
    parts' own text is written in its place.
    """
    rows = sum(t.num_rows for t in tables)
    arrays: list[pa.Array] = []
    texts: dict[int, tuple[int, list[pa.Array]]] = {}  # stand-in's address -> (its size, the chunks)
    stand_ins = []
    for i, field in enumerate(schema):
        chunks = [c for t in tables for c in t.column(i).chunks if len(c)]
        text_bytes = _text_bytes(chunks) if pa.types.is_large_string(field.type) else 0
        if text_bytes < max(DIRECT_BYTES, 1):
            arrays.append(pa.concat_arrays(chunks) if chunks else pa.array([], field.type))
            continue
        stand_in = pa.py_buffer(mmap.mmap(-1, text_bytes))
        stand_ins.append(stand_in)
        texts[stand_in.address] = (text_bytes, chunks)
        arrays.append(pa.Array.from_buffers(
            field.type, rows, [_validity(chunks), pa.py_buffer(_joined_offsets(chunks)), stand_in],
            null_count=sum(c.null_count for c in chunks)))
    batch = pa.RecordBatch.from_arrays(arrays, schema=schema)
    with open(path, "wb") as out:
        sink = _TextFromParts(out, texts)
        with pa.ipc.new_file(pa.PythonFile(sink, mode="w"), schema) as writer:
            writer.write_batch(batch)
    if sink.texts:  # the writer handed a stand-in over in pieces: write the joined table instead
        del batch, arrays, stand_ins
        write_arrow(pa.concat_tables(tables).combine_chunks(), path)
    return rows


class _TextFromParts(io.RawIOBase):
    """A file sink for the IPC writer that writes the parts' text where it is handed a stand-in."""

    def __init__(self, out, texts: dict[int, tuple[int, list[pa.Array]]]):
        super().__init__()
        self.out, self.texts, self.position = out, dict(texts), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if isinstance(data, pa.Buffer) and self.texts.get(data.address, (None,))[0] == data.size:
            size, chunks = self.texts.pop(data.address)
            for chunk in chunks:
                start, end = _text_span(chunk)
                self.out.write(memoryview(chunk.buffers()[2])[start:end])
        else:
            size = self.out.write(data)
        self.position += size
        return size

    def tell(self) -> int:
        return self.position


def _offsets(chunk: pa.Array) -> np.ndarray:
    """A large_string chunk's int64 offsets (len + 1 of them), as numpy, without a copy."""
    return np.frombuffer(chunk.buffers()[1], dtype=np.int64, count=len(chunk) + 1, offset=chunk.offset * 8)


def _text_span(chunk: pa.Array) -> tuple[int, int]:
    offsets = _offsets(chunk)
    return int(offsets[0]), int(offsets[-1])


def _text_bytes(chunks: list[pa.Array]) -> int:
    return sum(end - start for start, end in map(_text_span, chunks))


def _joined_offsets(chunks: list[pa.Array]) -> np.ndarray:
    pieces = [np.zeros(1, np.int64)]
    base = 0
    for chunk in chunks:
        offsets = _offsets(chunk)
        pieces.append(offsets[1:] - offsets[0] + base)
        base += int(offsets[-1] - offsets[0])
    return np.concatenate(pieces)


def _validity(chunks: list[pa.Array]) -> pa.Buffer | None:
    if not any(c.null_count for c in chunks):
        return None
    return pa.concat_arrays([c.is_valid() for c in chunks]).buffers()[1]
