"""Every file has the columns docs/file-shapes.md lists (parsed from the doc itself)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.synth.conftest import read_header
from tradeguard.ingest.shapes import KINDS
from tradeguard.synth import WorldSummary
from tradeguard.synth.world import SAM_HEADER

REPO = Path(__file__).resolve().parents[2]
SAM_SAMPLE = REPO.parent / "shared" / "data" / "sam" / "sam_exclusions_public_v2_sample_2023-11.csv"


def doc_shapes() -> dict[str, tuple[set[str], set[str]]]:
    """kind -> (all columns, required columns) from the table in docs/file-shapes.md."""
    shapes: dict[str, tuple[set[str], set[str]]] = {}
    for line in (REPO / "docs" / "file-shapes.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 5 or not cells[1].startswith("`") or cells[1].startswith("`sam"):
            continue
        kind = cells[1].strip("`")
        text = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", "", cells[4])
        names = [n.strip() for n in text.split(",")]
        columns = {n.strip("*") for n in names if n}
        required = {n.strip("*") for n in names if n.startswith("**")}
        shapes[kind] = (columns, required)
    return shapes


def test_the_doc_table_parses() -> None:
    shapes = doc_shapes()
    assert "mail_items" in shapes and "item_id" in shapes["mail_items"][1]
    assert len(shapes) == 15


@pytest.mark.parametrize("kind", sorted(doc_shapes()))
def test_columns_match_the_doc(tiny_world: WorldSummary, kind: str) -> None:
    columns, required = doc_shapes()[kind]
    header = read_header(tiny_world.files[kind])
    assert tiny_world.files[kind].name == f"{kind}.csv"
    assert len(header) == len(set(header))
    assert set(header) <= columns, set(header) - columns
    assert required <= set(header), required - set(header)


def test_sam_extract_looks_like_the_v2_sample(tiny_world: WorldSummary) -> None:
    path = tiny_world.files["sam_exclusions"]
    assert re.fullmatch(r"SAM_Exclusions_Public_V2_Extract_\d{5}\.csv", path.name)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    header = read_header(path)
    assert tuple(header) == SAM_HEADER and len(header) == 31
    if SAM_SAMPLE.exists():  # the published sample, when the shared folder is beside the repo
        assert header == read_header(SAM_SAMPLE)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", r["Active Date"]) for r in rows)
    assert all(
        r["Termination Date"] == "Indefinite"
        or re.fullmatch(r"\d{2}/\d{2}/\d{4}", r["Termination Date"])
        for r in rows
    )
    assert any(r["Termination Date"] == "Indefinite" for r in rows)
    assert any(r["Cross-Reference"].startswith("(also ") for r in rows)
    assert any(r["Excluding Agency"] == "DHS-CBP" for r in rows)
    numbers = [r["SAM Number"] for r in rows]
    assert len(numbers) > len(set(numbers))  # several rows for one exclusion, sometimes
    assert {r["Exclusion Type"] for r in rows} >= {
        "Ineligible (Proceedings Pending)",
        "Ineligible (Proceedings Completed)",
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_rows_pass_the_ingest_models(tiny_world: WorldSummary, kind: str) -> None:
    model = KINDS[kind].model
    with tiny_world.files[kind].open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            model(**{k: v for k, v in row.items() if v != ""})
