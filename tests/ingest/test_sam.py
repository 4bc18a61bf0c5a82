"""Loading the real SAM samples gives the right persons, aliases, dates and types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, select

from tradeguard.ingest.loader import load_file
from tradeguard.ingest.sam import parse_cross_reference
from tradeguard.store import schema

V2 = "sam_exclusions_public_v2_sample_2023-11.csv"
V1 = "sam_exclusions_public_v1_legacy_sample.csv"


def _person(store: Engine, sam_number: str) -> dict[str, object]:
    with store.connect() as conn:
        row = conn.execute(
            select(schema.sam_persons).where(schema.sam_persons.c.sam_number == sam_number)
        ).one()
    return dict(row._mapping)


def _actions(store: Engine, sam_number: str) -> list[dict[str, object]]:
    table = schema.sam_exclusions
    with store.connect() as conn:
        rows = conn.execute(select(table).where(table.c.sam_number == sam_number))
        return [dict(r._mapping) for r in rows]


def _aliases(store: Engine, sam_number: str) -> set[str]:
    table = schema.sam_aliases
    with store.connect() as conn:
        return set(
            conn.execute(select(table.c.alias).where(table.c.sam_number == sam_number)).scalars()
        )


def test_v2_sample_persons_dates_types_and_aliases(store: Engine, sam_dir: Path) -> None:
    report = load_file(store, sam_dir / V2)
    assert (report.rows_read, report.rows_rejected) == (16, 0)
    # TERRA KLEAN's exclusion is spread over two identical rows: one action, not two
    assert report.rows_loaded == 15 and report.rows_already_present == 1

    zte = _person(store, "S4MRB9MLP")
    assert (zte["name"], zte["classification"], zte["country"]) == ("ZTE CORPORATION", "Firm", "CN")
    assert zte["uei"] == "HWEKRJ3F3N29"
    [zte_action] = _actions(store, "S4MRB9MLP")
    assert zte_action["exclusion_type"] == "Prohibition/Restriction"
    assert zte_action["excluding_agency"] == "GSA"
    assert zte_action["active_date"] == dt.date(2019, 12, 13)
    assert zte_action["indefinite"] is True and zte_action["termination_date"] is None
    assert zte_action["creation_date"] == dt.date(2019, 12, 13)  # ISO form in the file

    flores = _person(store, "S4MRRFG44")
    assert (flores["name"], flores["first"], flores["last"], flores["suffix"]) == (
        "ANTONIO FLORES III",
        "ANTONIO",
        "FLORES",
        "III",
    )
    assert _aliases(store, "S4MRRFG44") == {"TERRA KLEAN SOLUTIONS INC."}
    [pending] = _actions(store, "S4MRRFG44")
    assert pending["exclusion_type"] == "Ineligible (Proceedings Pending)"
    assert pending["excluding_agency"] is None  # blank in the extract

    [dated] = _actions(store, "S4MRRFZSX")  # CARLOS PIEXOTTO
    assert dated["termination_date"] == dt.date(2026, 10, 19) and dated["indefinite"] is False

    # a comma inside a cross-referenced name is kept
    assert _aliases(store, "S4MRRFN2S") == {"PEANUT BUTTER, LLC"}
    assert _aliases(store, "S4MRRFPZD") == {
        "VMC CONSTRUCTION, LLC",
        "VMC CONSTRUCTION, LLC DBA VICTOR TORRES CONSTRUCTION",
    }
    # the firm's cross-reference names itself and its principal; only the other name is kept
    assert _aliases(store, "S4MR1Y9QG") == {"ANTONIO FLORES"}
    assert _person(store, "S4MR1Y9QG")["cage"] == "6V6U5"
    ofac = _person(store, "S4MRRFYKV")
    assert (ofac["name"], ofac["country"]) == ("MOJTABA JAHANDUST", "IR")
    assert _actions(store, "S4MRRFYKV")[0]["excluding_agency"] == "TREAS-OFAC"


def test_v1_legacy_sample_keeps_both_actions_of_one_person(store: Engine, sam_dir: Path) -> None:
    report = load_file(store, sam_dir / V1)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 4, 0)
    fink = _actions(store, "S4MR3MT0K")
    assert {a["excluding_agency"] for a in fink} == {"HHS", "OPM"}
    assert {a["ct_code"] for a in fink} == {"Z1", "Z2"}
    assert _person(store, "S4MR3MT0K")["name"] == "DAVID M. FINK"
    assert _person(store, "S4MR3R0D2")["zip_code"] == "331303038"


def test_cross_reference_parsing() -> None:
    assert parse_cross_reference(None) == []
    assert parse_cross_reference("(also IDRIS NAIM AC)") == ["IDRIS NAIM AC"]
    assert parse_cross_reference("(also ACME, INC., JOHN DOE, JR.)") == [
        "ACME, INC.",
        "JOHN DOE, JR.",
    ]
