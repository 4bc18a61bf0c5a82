"""The loader's promises, on every backend: bad rows quarantined with line, field and reason;
good rows kept; wrong headers refused whole; one transaction; idempotent reloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tradeguard.domain.identifiers import entry_check_digit
from tradeguard.errors import InvalidInput
from tradeguard.ingest.loader import load_file, load_folder
from tradeguard.store import schema
from tradeguard.store.repository import AuditStore, table_counts


def entry_no(serial: int, filer: str = "ABC") -> str:
    s = f"{serial:07d}"
    return f"{filer}-{s}-{entry_check_digit(filer, s)}"


ENTRIES_HEADER = "entry_number,entry_type,ior_number,entry_date,port,broker_filer_code\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def good_entries(n: int, start: int = 1) -> str:
    return "".join(
        f"{entry_no(i)},03,12-3456789AB,2026-01-{(i % 28) + 1:02d},2704,ABC\n"
        for i in range(start, start + n)
    )


def count(store: Engine, table: str) -> int:
    return table_counts(store, [table])[table]


def test_bad_rows_are_quarantined_with_line_field_and_reason(store: Engine, tmp_path: Path) -> None:
    text = (
        ENTRIES_HEADER
        + good_entries(2)
        + "ABC-0000009-0,03,12-3456789AB,2026-01-05,2704,ABC\n"  # line 4: check digit
        + f"{entry_no(10)},99,12-3456789AB,2026-01-05,2704,ABC\n"  # line 5: entry type
        + f"{entry_no(11)},01,12-3456789OZ,2026-13-05,2704,ABC\n"  # line 6: two fields wrong
        + f"{entry_no(12)},01,12-3456789AB,2026-01-05\n"  # line 7: too few fields
        + good_entries(1, start=20)
    )
    report = load_file(store, write(tmp_path / "entries.csv", text))
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (7, 3, 4)
    where = {(e.line, e.field) for e in report.rejected}
    assert where == {
        (4, "entry_number"),
        (5, "entry_type"),
        (6, "ior_number"),
        (6, "entry_date"),
        (7, "row"),
    }
    reasons = {e.line: e.reason for e in report.rejected}
    assert "check digit is 0, expected" in reasons[4]
    assert reasons[7] == "the row has 4 fields, the header has 6"
    assert count(store, "entries") == 3
    with store.connect() as conn:
        stored = conn.execute(select(schema.quarantine.c.line, schema.quarantine.c.field)).all()
    assert set(map(tuple, stored)) == where


def test_a_wrong_header_refuses_the_whole_file(store: Engine, tmp_path: Path) -> None:
    typo = ENTRIES_HEADER.replace("port,", "prot,")
    with pytest.raises(InvalidInput, match="unknown column") as info:
        load_file(store, write(tmp_path / "entries.csv", typo + good_entries(3)))
    assert info.value.errors[0].line == 1 and info.value.errors[0].field == "prot"
    missing = "entry_number,entry_type,ior_number,entry_date\n"
    with pytest.raises(InvalidInput, match=r"required column\(s\) \['port'\]"):
        load_file(store, write(tmp_path / "entries.csv", missing))
    assert count(store, "entries") == 0 and count(store, "load_batches") == 0


def test_reloading_is_idempotent(store: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "entries.csv", ENTRIES_HEADER + good_entries(5))
    first = load_file(store, path)
    again = load_file(store, path)
    assert first.rows_loaded == 5
    assert again.already_loaded_as == first.batch_id
    # a different file that repeats three known rows and adds two
    overlap = write(tmp_path / "entries.csv", ENTRIES_HEADER + good_entries(5, start=3))
    third = load_file(store, overlap)
    assert (third.rows_loaded, third.rows_already_present) == (2, 3)
    assert count(store, "entries") == 7
    assert [e.action for e in AuditStore(store).events(object_kind="load_batch")] == ["load"] * 2


def test_duplicate_keys_in_one_file_keep_the_first(store: Engine, tmp_path: Path) -> None:
    text = ENTRIES_HEADER + good_entries(2) + good_entries(1)
    report = load_file(store, write(tmp_path / "entries.csv", text))
    assert report.rows_loaded == 2
    [error] = report.rejected
    assert (error.line, error.field) == (4, "entry_number")
    assert "first on line 2" in error.reason


def test_children_need_their_parents(store: Engine, tmp_path: Path) -> None:
    load_file(store, write(tmp_path / "entries.csv", ENTRIES_HEADER + good_entries(1)))
    lines = (
        "entry_number,line_no,hts,country_of_origin,value_usd,case_number,adcvd_deposit_usd\n"
        f"{entry_no(1)},1,7324.10.0010,CN,1000.00,A-570-983,762.20\n"
        f"{entry_no(2)},1,7324.10.0010,CN,1000.00,,\n"
        f"{entry_no(1)},2,7324.10.0010,CN,12.345,,\n"
    )
    report = load_file(store, write(tmp_path / "entry_lines.csv", lines))
    assert report.rows_loaded == 1
    errors = {(e.line, e.field): e.reason for e in report.rejected}
    assert "not in the store's entries" in errors[(3, "entry_number")]
    assert "more than 2 decimal places" in errors[(4, "value_usd")]


def test_json_and_json_lines(store: Engine, tmp_path: Path) -> None:
    records = [
        {"post_code": "CNA", "country": "CN", "name": "China Post", "upu_member": True},
        {"post_code": "XXA", "country": "XX", "name": "Nowhere"},
    ]
    report = load_file(store, write(tmp_path / "posts.json", json.dumps(records)))
    assert (report.rows_loaded, report.rejected[0].line, report.rejected[0].field) == (
        1,
        2,
        "country",
    )
    lines = '{"post_code": "BRA", "country": "BR", "name": "Correios"}\n{broken\n'
    report = load_file(store, write(tmp_path / "posts.jsonl", lines))
    assert report.rows_loaded == 1 and report.rejected[0].line == 2


def test_folder_loads_parents_first(store: Engine, tmp_path: Path) -> None:
    write(
        tmp_path / "payments.csv",
        "payment_id,bill_number,paid_on,amount_usd,payer\nP1,B1,2026-02-01,100.00,IMPORTER\n",
    )
    write(
        tmp_path / "bills.csv",
        "bill_number,ior_number,bill_date,amount_usd,kind\nB1,12-3456789AB,2026-01-02,100.00,"
        "SUPPLEMENTAL\n",
    )
    reports = load_folder(store, tmp_path)
    assert [r.kind for r in reports] == ["bills", "payments"]
    assert all(r.rows_rejected == 0 for r in reports)


def test_sam_rows_with_bad_fields_are_quarantined(
    store: Engine, sam_dir: Path, tmp_path: Path
) -> None:
    lines = (sam_dir / "sam_exclusions_public_v2_sample_2023-11.csv").read_text().splitlines()
    lines[2] = lines[2].replace('"11/20/2023"', '"2023-20-11"')  # FLORES: bad active date
    lines[3] = lines[3].replace('"Individual"', '"Robot"')
    report = load_file(
        store,
        write(tmp_path / "SAM_Exclusions_Public_V2_Extract_23326.csv", "\n".join(lines) + "\n"),
    )
    assert {(e.line, e.field) for e in report.rejected} == {
        (3, "Active Date"),
        (4, "Classification"),
    }
    assert report.rows_loaded == 13
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.sam_persons)).scalar() == 13
