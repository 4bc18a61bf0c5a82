"""Load a file into the store: validate every row, quarantine the bad ones with line, field
and reason, insert the good ones, all in one transaction.

Promises (tested on SQLite and PostgreSQL):

* a bad row never stops the load and is never silently dropped: it is in the quarantine;
* a file whose header is wrong (unknown or missing columns) is refused whole, nothing loaded;
* the load is one transaction: a crash or a kill leaves the store as it was;
* loading the same file again loads nothing (the file's digest is recorded), and a row whose
  key is already in the store is counted as already present, not loaded twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, func, insert, select, update

from tradeguard.errors import FieldError, InvalidInput, NotFound
from tradeguard.ingest.readers import RawRow, file_sha256, read_header, read_rows
from tradeguard.ingest.sam import SAM_V1_COLUMNS, SAM_V2_COLUMNS, SamRowError, sam_records
from tradeguard.ingest.shapes import KINDS, KindSpec
from tradeguard.store import schema
from tradeguard.store.db import insert_ignoring_duplicates

__all__ = ["LOAD_ORDER", "LoadReport", "detect_kind", "load_file", "load_folder"]

SAM_KIND = "sam_exclusions"
LOAD_ORDER = (SAM_KIND, *KINDS)
Progress = Callable[[str, int], None]


@dataclass
class LoadReport:
    """What one load did: counts, the batch it made, and every rejected row."""

    kind: str
    source: str
    batch_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_already_present: int = 0
    rejected: list[FieldError] = field(default_factory=list)
    already_loaded_as: int | None = None

    @property
    def rows_rejected(self) -> int:
        return len({e.line for e in self.rejected})

    def summary(self) -> str:
        if self.already_loaded_as is not None:
            return f"{self.source}: already loaded as batch {self.already_loaded_as}; nothing to do"
        return (
            f"{self.source} ({self.kind}): {self.rows_read} read, {self.rows_loaded} loaded, "
            f"{self.rows_already_present} already present, {self.rows_rejected} rejected"
        )


def detect_kind(path: Path) -> str:
    """The kind a file name stands for (``entries.csv`` -> ``entries``; SAM extract names)."""
    stem = path.name.split(".")[0].lower()
    if stem.startswith(("sam_exclusions", "sam_exclusions_public")):
        return SAM_KIND
    if stem in KINDS:
        return stem
    raise InvalidInput(
        f"{path.name}: cannot tell what this file holds from its name; name it after its kind "
        f"({', '.join(LOAD_ORDER)}) or pass the kind explicitly"
    )


def _check_header(path: Path, kind: str) -> None:
    header = read_header(path)
    if kind == SAM_KIND:
        if tuple(header) not in (SAM_V2_COLUMNS, SAM_V1_COLUMNS):
            reason = (
                f"the header has {len(header)} columns but is neither the SAM Exclusions "
                "Public V2 layout (31 columns) nor the V1 layout (28 columns)"
            )
            raise _header_error(path, "header", reason)
        return
    spec = KINDS[kind]
    unknown = [c for c in header if c not in spec.columns]
    if unknown:
        raise _header_error(path, unknown[0], f"unknown column(s) {unknown} for {kind}")
    missing = [c for c in spec.required if c not in header]
    if missing:
        raise _header_error(path, missing[0], f"required column(s) {missing} are missing")
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise _header_error(path, duplicated[0], f"column(s) {duplicated} appear twice")


def _header_error(path: Path, column: str, reason: str) -> InvalidInput:
    error = FieldError(column, reason, line=1, source=path.name)
    return InvalidInput(f"{path.name} refused, nothing loaded: {error}", errors=[error])


def _validation_errors(exc: ValidationError, line: int, source: str) -> list[FieldError]:
    errors = []
    for item in exc.errors():
        loc = str(item["loc"][0]) if item["loc"] else "row"
        reason = str(item["msg"]).removeprefix("Value error, ")
        column, sep, rest = reason.partition(": ")
        if loc == "row" or not item["loc"]:
            loc, reason = (column, rest) if sep and " " not in column else ("row", reason)
        value = item.get("input")
        shown = None if isinstance(value, dict) else (None if value is None else str(value))
        errors.append(FieldError(loc, reason, line=line, source=source, value=shown))
    return errors


def _records(
    spec: KindSpec | None, raw: RawRow, line: int, source: str
) -> tuple[dict[str, list[dict[str, Any]]], list[FieldError]]:
    if "__error__" in raw:
        return {}, [FieldError("row", raw["__error__"], line=line, source=source)]
    try:
        if spec is None:
            return sam_records(raw, line), []
        row = spec.model.model_validate(raw)
        return {spec.name: [row.to_record()]}, []
    except ValidationError as exc:
        return {}, _validation_errors(exc, line, source)
    except SamRowError as exc:
        return {}, [FieldError(exc.field, exc.reason, line=line, source=source)]


def _parent_keys(conn: Connection, spec: KindSpec | None) -> dict[str, set[Any]]:
    keys: dict[str, set[Any]] = {}
    for column, parent_kind, parent_column in spec.parents if spec else ():
        table = schema.TABLES_BY_KIND[parent_kind]
        keys[column] = set(conn.execute(select(table.c[parent_column])).scalars())
    return keys


def _missing_parent(
    spec: KindSpec | None, record: dict[str, Any], parents: dict[str, set[Any]]
) -> FieldError | None:
    for column, parent_kind, _ in spec.parents if spec else ():
        if record.get(column) is not None and record[column] not in parents[column]:
            return FieldError(
                column, f"{record[column]} is not in the store's {parent_kind} (load it first)"
            )
    return None


class _Batch:
    """The state of one load inside its transaction."""

    def __init__(self, conn: Connection, spec: KindSpec | None, report: LoadReport) -> None:
        self.conn = conn
        self.spec = spec
        self.report = report
        self.parents = _parent_keys(conn, spec)
        self.seen: dict[tuple[Any, ...], int] = {}
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.quarantine: list[dict[str, Any]] = []

    def add(self, line: int, raw: RawRow) -> None:
        self.report.rows_read += 1
        tables, errors = _records(self.spec, raw, line, self.report.source)
        if not errors and self.spec is not None:
            record = tables[self.spec.name][0]
            errors = self._check_record(record, line)
        if errors:
            self._reject(line, errors, raw)
            return
        for table_name, rows in tables.items():
            for row in rows:
                row["batch_id"] = self.report.batch_id
            self.pending.setdefault(table_name, []).extend(rows)

    def _check_record(self, record: dict[str, Any], line: int) -> list[FieldError]:
        assert self.spec is not None
        missing = _missing_parent(self.spec, record, self.parents)
        if missing:
            return [FieldError(missing.field, missing.reason, line, self.report.source)]
        key = tuple(record.get(k) for k in self.spec.key)
        first = self.seen.setdefault(key, line)
        if first != line:
            reason = f"duplicate key {key} (first on line {first}); this row is not loaded"
            return [FieldError(",".join(self.spec.key), reason, line, self.report.source)]
        return []

    def _reject(self, line: int, errors: list[FieldError], raw: RawRow) -> None:
        raw_text = raw.get("__raw__") or ",".join("" if v is None else str(v) for v in raw.values())
        for error in errors:
            self.report.rejected.append(error)
            self.quarantine.append(
                {
                    "batch_id": self.report.batch_id,
                    "source_name": self.report.source,
                    "line": line,
                    "field": error.field,
                    "reason": error.reason,
                    "raw": raw_text[:4000],
                }
            )

    def flush(self) -> None:
        for table_name, rows in self.pending.items():
            table = schema.metadata.tables[table_name]
            insert_ignoring_duplicates(self.conn, table, rows)
        self.pending = {}
        if self.quarantine:
            self.conn.execute(insert(schema.quarantine), self.quarantine)
            self.quarantine = []


def _count_loaded(conn: Connection, kind: str, batch_id: int) -> int:
    table = schema.sam_exclusions if kind == SAM_KIND else schema.TABLES_BY_KIND[kind]
    query = select(func.count()).select_from(table).where(table.c.batch_id == batch_id)
    return int(conn.execute(query).scalar_one())


def _chunks(rows: Iterator[tuple[int, RawRow]], size: int) -> Iterator[list[tuple[int, RawRow]]]:
    chunk: list[tuple[int, RawRow]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_file(
    engine: Engine,
    path: Path,
    kind: str | None = None,
    *,
    actor: str = "system",
    chunk_rows: int = 50_000,
    progress: Progress | None = None,
) -> LoadReport:
    """Load one file (see the module docstring for the promises)."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"no such file: {path}")
    kind = kind or detect_kind(path)
    if kind not in LOAD_ORDER:
        raise InvalidInput(f"unknown kind {kind!r}; known: {', '.join(LOAD_ORDER)}")
    _check_header(path, kind)
    digest = file_sha256(path)
    report = LoadReport(kind=kind, source=path.name)
    with engine.begin() as conn:
        batches = schema.load_batches
        earlier = conn.execute(
            select(batches.c.id).where(batches.c.kind == kind, batches.c.sha256 == digest)
        ).scalar_one_or_none()
        if earlier is not None:
            report.already_loaded_as = int(earlier)
            return report
        report.batch_id = _open_batch(conn, kind, path, digest, actor)
        batch = _Batch(conn, None if kind == SAM_KIND else KINDS[kind], report)
        for chunk in _chunks(read_rows(path), chunk_rows):
            for line, raw in chunk:
                batch.add(line, raw)
            batch.flush()
            if progress:
                progress(kind, report.rows_read)
        report.rows_loaded = _count_loaded(conn, kind, report.batch_id)
        good = report.rows_read - report.rows_rejected
        report.rows_already_present = max(good - report.rows_loaded, 0)
        _close_batch(conn, report, actor)
    return report


def _open_batch(conn: Connection, kind: str, path: Path, digest: str, actor: str) -> int:
    result = conn.execute(
        insert(schema.load_batches).values(
            kind=kind,
            source_name=path.name,
            sha256=digest,
            loaded_at=dt.datetime.now(dt.UTC),
            loaded_by=actor,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _close_batch(conn: Connection, report: LoadReport, actor: str) -> None:
    conn.execute(
        update(schema.load_batches)
        .where(schema.load_batches.c.id == report.batch_id)
        .values(
            rows_read=report.rows_read,
            rows_loaded=report.rows_loaded,
            rows_rejected=report.rows_rejected,
            rows_already_present=report.rows_already_present,
        )
    )
    conn.execute(
        insert(schema.audit_log).values(
            at=dt.datetime.now(dt.UTC),
            actor=actor,
            action="load",
            object_kind="load_batch",
            object_id=str(report.batch_id),
            detail={
                "kind": report.kind,
                "source": report.source,
                "rows_read": report.rows_read,
                "rows_loaded": report.rows_loaded,
                "rows_rejected": report.rows_rejected,
                "rows_already_present": report.rows_already_present,
            },
        )
    )


def load_folder(
    engine: Engine,
    folder: Path,
    *,
    actor: str = "system",
    chunk_rows: int = 50_000,
    progress: Progress | None = None,
) -> list[LoadReport]:
    """Load every recognised file in ``folder``, parents before children."""
    found: dict[str, list[Path]] = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and path.suffix.lower() in {".csv", ".json", ".jsonl", ".ndjson"}:
            try:
                found.setdefault(detect_kind(path), []).append(path)
            except InvalidInput:
                continue
    if not found:
        raise NotFound(f"no loadable files in {folder}")
    return [
        load_file(engine, path, kind, actor=actor, chunk_rows=chunk_rows, progress=progress)
        for kind in LOAD_ORDER
        for path in found.get(kind, [])
    ]
