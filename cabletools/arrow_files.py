"""Arrow IPC files: the loader's parts and its cache, written uncompressed and read back.

Parts (temporary, the loader's own) are memory-mapped back. The cache file is written with a
CRC-32 of its bytes and read back into memory only after that checksum matched: a flipped
byte is a rebuild, never wrong rows or a crash in the IPC reader, and the loaded frame owns
its memory, so a cache file truncated or deleted under a live frame cannot crash the process
(a mapped file would: SIGBUS on the next touch of a page past the new end).

A loaded corpus is one record batch, so every column is one contiguous array (pandas and
Arrow take rows from a column in many chunks by first joining all of them: a copy of all the
text per call).

>>> import tempfile, os, pyarrow as pa
>>> parts = [pa.table({"s": pa.array(["a", None], pa.large_string())}),
...          pa.table({"s": pa.array(["bc"], pa.large_string())})]
>>> path = os.path.join(tempfile.mkdtemp(), "t.arrow")
>>> checksum = write_checked(join_tables(parts, parts[0].schema), path)
>>> table = read_checked(path, checksum)
>>> table.column("s").num_chunks, table.column("s").to_pylist()
(1, ['a', None, 'bc'])
"""
from __future__ import annotations

import io
import os
import zlib

import pyarrow as pa

#: Bytes read (and checksummed) per step when reading a cache file back.
READ_CHUNK = 16 * 2**20


class ChecksumError(ValueError):
    """A cache file whose bytes are not the ones written (damaged, truncated, replaced)."""


def write_arrow(table: pa.Table, path: str) -> None:
    """`table` as an uncompressed Arrow IPC file: mapped back later without a copy."""
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def map_arrow(path: str, schema: pa.Schema | None = None) -> pa.Table:
    """An Arrow IPC file as a table whose buffers are the file's pages (memory-mapped); with
    `schema`, a file holding another schema is refused (ValueError). For the loader's own
    temporary parts: a mapped file truncated by someone else crashes its reader."""
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


def join_tables(tables: list[pa.Table], schema: pa.Schema) -> pa.Table:
    """The rows of `tables`, in order, with each column in one piece (copied into memory).

    >>> t = pa.table({"n": [1, 2]})
    >>> join_tables([t, t], t.schema).column("n").num_chunks
    1
    """
    if not tables:
        return schema.empty_table()
    return pa.concat_tables(tables).combine_chunks()


def write_checked(table: pa.Table, path: str) -> str:
    """`table` as an uncompressed Arrow IPC file through the documented IPC writer; returns
    the checksum of the bytes written (``crc32:<hex>:<size>``), computed as they are written,
    for :func:`read_checked`."""
    with open(path, "wb") as raw:
        sink = _Crc32Sink(raw)
        with pa.PythonFile(sink, mode="w") as out, pa.ipc.new_file(out, table.schema) as writer:
            if table.num_rows:
                writer.write_table(table, max_chunksize=table.num_rows)
            else:  # one empty batch: read back, every column is still one (empty) chunk
                writer.write_batch(pa.RecordBatch.from_arrays(
                    [pa.array([], f.type) for f in table.schema], schema=table.schema))
    return f"crc32:{sink.crc:08x}:{sink.size}"


class _Crc32Sink(io.RawIOBase):
    """A file sink that keeps the CRC-32 and size of what goes through it."""

    def __init__(self, out):
        super().__init__()
        self.out, self.crc, self.size = out, 0, 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        self.crc = zlib.crc32(view, self.crc)
        self.out.write(view)
        self.size += len(view)
        return len(view)

    def tell(self) -> int:
        return self.size


def read_checked(path: str, checksum: str, schema: pa.Schema | None = None) -> pa.Table:
    """The Arrow IPC file at `path` read into memory, once its bytes match `checksum` (from
    :func:`write_checked`); else :class:`ChecksumError`. One pass: each chunk is checksummed
    as it is read; the table's buffers are slices of the one buffer read.
    With `schema`, a file holding another schema is refused (ValueError)."""
    try:
        kind, crc_hex, size_text = checksum.split(":")
        expected_crc, size = int(crc_hex, 16), int(size_text)
    except (AttributeError, ValueError):
        raise ChecksumError(f"{path}: unusable checksum {checksum!r}") from None
    with open(path, "rb", buffering=0) as f:
        if kind != "crc32" or os.fstat(f.fileno()).st_size != size:
            raise ChecksumError(f"{path} is not the size it was written with")
        buffer = pa.allocate_buffer(size)
        view = memoryview(buffer)
        crc = position = 0
        while position < size:
            got = f.readinto(view[position:position + READ_CHUNK])
            if not got:
                raise ChecksumError(f"{path} ended early (truncated while read)")
            crc = zlib.crc32(view[position:position + got], crc)
            position += got
    if crc != expected_crc:
        raise ChecksumError(f"{path} does not match its checksum (damaged)")
    with pa.ipc.open_file(pa.BufferReader(buffer)) as reader:
        table = reader.read_all()
    return _checked(table, path, schema)
