"""Read CSV and JSON files as ``(line, {column: text or None})`` pairs, keeping line numbers."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tradeguard.errors import FieldError, InvalidInput

__all__ = ["RawRow", "file_sha256", "read_header", "read_rows"]

RawRow = dict[str, Any]
csv.field_size_limit(10_000_000)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_json(path: Path) -> bool:
    return path.suffix.lower() in {".json", ".jsonl", ".ndjson"}


def read_header(path: Path) -> list[str]:
    """The column names of a CSV file, or the keys of the first JSON record."""
    if _is_json(path):
        for _line, row in read_rows(path):
            return list(row)
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            return [c.strip() for c in next(csv.reader(handle))]
        except StopIteration:
            raise _bad(path, 1, "file", "the file is empty (no header row)") from None
        except UnicodeDecodeError as exc:
            raise _bad(path, 1, "file", f"not UTF-8 text ({exc.reason})") from None


def _bad(path: Path, line: int, field: str, reason: str) -> InvalidInput:
    error = FieldError(field, reason, line=line, source=path.name)
    return InvalidInput(str(error), errors=[error])


def read_rows(path: Path) -> Iterator[tuple[int, RawRow]]:
    """Each record with the line it starts on; blank strings become ``None``.

    A CSV record with the wrong number of fields is yielded with the key ``__error__`` set,
    so the caller can quarantine it without losing its place.
    """
    if _is_json(path):
        yield from _json_rows(path)
    else:
        yield from _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[tuple[int, RawRow]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [c.strip() for c in next(reader)]
        except StopIteration:
            return
        width = len(header)
        start = reader.line_num + 1
        try:
            for fields in reader:
                if not fields or fields == [""]:
                    start = reader.line_num + 1
                    continue
                if len(fields) != width:
                    reason = f"the row has {len(fields)} fields, the header has {width}"
                    yield start, {"__error__": reason, "__raw__": ",".join(fields)}
                else:
                    yield (
                        start,
                        {
                            h: (v if v.strip() != "" else None)
                            for h, v in zip(header, fields, strict=True)
                        },
                    )
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise _bad(path, start, "file", f"not UTF-8 text ({exc.reason})") from None
        except csv.Error as exc:
            raise _bad(path, reader.line_num, "file", f"malformed CSV: {exc}") from None


def _json_rows(path: Path) -> Iterator[tuple[int, RawRow]]:
    text = path.read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(path, exc.lineno, "file", f"malformed JSON: {exc.msg}") from None
        for index, record in enumerate(records, start=1):
            yield index, _json_record(record)
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, {"__error__": f"malformed JSON: {exc.msg}", "__raw__": line}
            continue
        yield lineno, _json_record(record)


def _json_record(record: Any) -> RawRow:
    if not isinstance(record, dict):
        return {"__error__": "a record must be a JSON object", "__raw__": json.dumps(record)}
    return {k: (None if v == "" else v) for k, v in record.items()}
