"""Writing tables: CSV per docs/file-shapes.md (UTF-8, comma, RFC 4180 quoting, ``\\n``).

Tables are columns (numpy arrays or lists, ``None`` for blank). Big tables go through
:class:`ChunkWriter`, which appends one chunk at a time so memory stays flat at any scale.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

Columns = Mapping[str, Any]

_OPTIONS = pacsv.WriteOptions(include_header=True, quoting_style="needed", batch_size=65_536)


def _array(values: Any) -> pa.Array:
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return pa.array(np.round(values, 2), mask=np.isnan(values))
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return pa.array(values.astype("datetime64[D]"), type=pa.date32())
    if isinstance(values, np.ndarray) and values.dtype.kind == "U":
        return pa.array(values.tolist(), type=pa.string())
    return pa.array(values)


def to_table(columns: Columns) -> pa.Table:
    return pa.table({name: _array(values) for name, values in columns.items()})


def write_csv(path: Path, columns: Columns) -> int:
    """Write one table; returns its row count."""
    table = to_table(columns)
    pacsv.write_csv(table, path, _OPTIONS)
    return int(table.num_rows)


class ChunkWriter:
    """Appends chunks of one table to a CSV file (header once)."""

    def __init__(self, path: Path, names: Sequence[str]) -> None:
        self.path = path
        self.names = list(names)
        self.rows = 0
        self._writer: pacsv.CSVWriter | None = None
        self._schema: pa.Schema | None = None
        self._buffer: list[pa.Table] = []
        self._buffered = 0

    def add(self, table: pa.Table, flush_at: int) -> bool:
        """Buffer ``table``; write the buffer once it holds ``flush_at`` rows (True then)."""
        self._buffer.append(table)
        self._buffered += table.num_rows
        if self._buffered < flush_at:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        """Write what :meth:`add` buffered, as one chunk."""
        if not self._buffer:
            return
        merged = pa.concat_tables(self._buffer, promote_options="permissive")
        self.write(dict(zip(self.names, merged.columns, strict=True)))
        self._buffer, self._buffered = [], 0

    def write(self, columns: Columns) -> None:
        table = to_table({name: columns[name] for name in self.names})
        if self._writer is None:
            schema = pa.schema(
                [
                    pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f
                    for f in table.schema
                ]
            )
            self._writer = pacsv.CSVWriter(self.path, schema, write_options=_OPTIONS)
            self._schema = schema
        assert self._schema is not None
        table = table.cast(self._schema)
        self._writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> int:
        self.flush()
        if self._writer is None:  # no chunk at all: header only
            with self.path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(",".join(f'"{n}"' for n in self.names) + "\n")
        else:
            self._writer.close()
        return self.rows


def timestamps(seconds: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Epoch seconds to ISO 8601 UTC text (``2026-03-02T14:05:00Z``); masked entries blank."""
    stamps = pa.array(seconds.astype("datetime64[s]"), mask=mask)
    return pc.strftime(stamps, format="%Y-%m-%dT%H:%M:%SZ")


def bools(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(bool))


def write_quoted_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """Every field quoted, as in the SAM extracts."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)
