"""Mapping files and raw rows: every refusal names the field (and the line, for data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.targeting.conftest import DATA, MAPPING, raw_declarations
from tradeguard.errors import InvalidInput
from tradeguard.targeting import canonical_frame, load_mapping, parse_mapping, shipped_mapping


def test_shipped_kcs_mapping_reads_the_sample_and_accepts_hs10() -> None:
    raw = pd.read_csv(DATA / "kcs_train_sample.csv", dtype=str, keep_default_na=False)
    frame = canonical_frame(raw, shipped_mapping("kcs"), "kcs")
    assert frame["label"].isin([0.0, 1.0]).all()
    assert "Critical Fraud" not in " ".join(frame.columns)
    older = canonical_frame(raw.rename(columns={"HS6 Code": "HS10 Code"}), shipped_mapping("kcs"))
    assert older["product"].equals(frame["product"])


@pytest.mark.parametrize(("doc", "field"), [
    ({"columns": {"date": "d"}}, "columns.id"),
    ({"columns": {"id": "n", "date": "d", "colour": "c"}}, "columns.colour"),
    ({"columns": {"id": "n", "date": "d", "importer": 3.5}}, "columns.importer"),
    ({"columns": {"id": "n", "date": "d"}, "label": "y", "categorical": ["y"]}, "columns"),
    ({"columns": {"id": "n", "date": "d"}, "never_features": ["c"], "categorical": ["c"]},
     "columns"),
    ({"rules": []}, "columns"),
])
def test_bad_mapping_is_refused_with_the_field(doc: object, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_mapping(doc, "m.yaml")
    assert caught.value.errors[0].field == field


def test_unreadable_mapping_file(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text("columns: [unclosed", encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_mapping(bad)
    with pytest.raises(InvalidInput):
        load_mapping(tmp_path / "missing.yaml")


def test_bad_dates_and_numbers_name_line_and_field() -> None:
    raw = raw_declarations(5, 3, 1)
    raw.loc[2, "date"] = "31/02/2021"
    raw.loc[4, "value"] = "12,5x"
    with pytest.raises(InvalidInput) as caught:
        canonical_frame(raw, MAPPING, "decl.csv")
    where = {(e.field, e.line) for e in caught.value.errors}
    assert where == {("date", 4), ("value", 6)}


def test_missing_columns_are_listed() -> None:
    raw = raw_declarations(5, 3, 1).drop(columns=["importer", "kind"])
    with pytest.raises(InvalidInput) as caught:
        canonical_frame(raw, MAPPING, "decl.csv")
    assert {e.field for e in caught.value.errors} == {"importer", "kind"}


def test_labels_empty_means_not_inspected_and_join_ids() -> None:
    mapping = parse_mapping({"columns": {"id": {"join": ["op", "wb"]}, "date": "d"},
                             "label": {"column": "finding", "negative": ["NONE"]}})
    raw = pd.DataFrame({"op": ["E1", "E1", "E2"], "wb": ["1", "2", "3"],
                        "d": ["2025-01-02"] * 3, "finding": ["", "NONE", "IPR"]})
    frame = canonical_frame(raw, mapping)
    assert frame["decl_id"].tolist() == ["E1:1", "E1:2", "E2:3"]
    assert frame["label"].isna().tolist() == [True, False, False]
    assert frame["label"].iloc[1:].tolist() == [0.0, 1.0]
