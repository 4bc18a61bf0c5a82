"""The report as a picture, the open data, and the service and CLI over a real store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from tests.seizures.world import CATEGORIES, seizure_frame
from tradeguard.domain.calendar import Quarter
from tradeguard.policy import load_policy
from tradeguard.seizures import SeizuresPolicy, build_release, prepare, write_publication
from tradeguard.seizures.cli import app
from tradeguard.seizures.report import DICTIONARY
from tradeguard.seizures.service import demo_step, disclose
from tradeguard.store import schema
from tradeguard.store.repository import AuditStore, DecisionStore

POLICY = SeizuresPolicy(ipr_categories=CATEGORIES, top_origins=2, top_carriers=2)


@pytest.fixture(scope="module")
def release_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    frame = seizure_frame(1500, seed=11, offenders=900)
    release = build_release(prepare(frame, POLICY), Quarter(2026, 1), POLICY)
    return write_publication(release, tmp_path_factory.mktemp("pub"))


def test_the_pdf_report_renders_with_its_charts(release_files: dict[str, Path]) -> None:
    pdf = pdfium.PdfDocument(release_files["pdf"])
    assert len(pdf) == 5  # cover, three charts, the repeat table
    chart = np.asarray(pdf[1].render(scale=1).to_pil().convert("RGB")).astype(int)
    blue = (abs(chart - np.array([0x4C, 0x72, 0xB0])).sum(axis=2) < 30).mean()
    orange = (abs(chart - np.array([0xDD, 0x84, 0x52])).sum(axis=2) < 30).mean()
    assert blue > 0.01 and orange > 0.01  # bars of both environments are drawn
    table = np.asarray(pdf[4].render(scale=1).to_pil().convert("L"))
    assert (table < 128).mean() > 0.002  # text is on the page
    pdf.close()


def test_the_report_regenerates_byte_for_byte(release_files: dict[str, Path],
                                              tmp_path: Path) -> None:
    frame = seizure_frame(1500, seed=11, offenders=900)
    again = write_publication(build_release(prepare(frame, POLICY), Quarter(2026, 1), POLICY),
                              tmp_path)
    for role in ("pdf", "html", "csv", "json"):
        assert again[role].read_bytes() == release_files[role].read_bytes(), role


def test_open_data_and_its_dictionary_agree(release_files: dict[str, Path]) -> None:
    data = pd.read_csv(release_files["csv"])
    dictionary = pd.read_csv(release_files["dictionary_csv"])
    assert set(data.columns) == set(dictionary["column"]) == set(DICTIONARY)
    body = json.loads(release_files["json"].read_text())
    assert body["release"] == "FY2026Q1" and len(body["cells"]) == len(data)
    assert "<svg" in release_files["html"].read_text()


def _load(engine: Engine, frame: pd.DataFrame) -> None:
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        batch = conn.execute(insert(schema.load_batches).values(
            kind="seizures", source_name="test", sha256="0" * 64, loaded_at=now,
            loaded_by="test")).inserted_primary_key[0]
        rows = frame.assign(batch_id=batch).replace({np.nan: None}).to_dict(orient="records")
        conn.execute(insert(schema.seizures), rows)
        conn.execute(insert(schema.recordations), [{
            "recordation_number": "TMK 23-00123", "kind": "TRADEMARK", "owner_name": "ACME INC",
            "registration_number": "1234567", "effective_from": dt.date(2020, 1, 1),
            "expires_on": None, "contact_email": "ipr@acme.com", "sample_bond_on_file": False,
            "batch_id": batch}])


def test_service_and_cli_over_the_store(store: Engine, tmp_path: Path) -> None:
    frame = seizure_frame(400, seed=5, offenders=250)
    frame["recordation_number"] = frame["recordation_number"].where(
        frame["seized_on"] >= dt.date(2026, 3, 1))
    _load(store, frame)
    book = load_policy()
    figures, decisions, paths = demo_step(store, tmp_path, tmp_path, book, dt.date(2026, 3, 31))
    assert dict(figures)["release"] == "FY2026Q1"
    assert {d.kind for d in decisions} >= {"seizure_publication", "prosecution_priority"}
    assert paths["pdf"].exists() and paths["queue"].exists()
    assert DecisionStore(store).list(kind="seizure_publication")
    packages = disclose(store, book, dt.date(2026, 3, 31), since=dt.date(2026, 3, 1))
    assert packages and all(p.recordation_number == "TMK 23-00123" for p in packages)
    logged = AuditStore(store).events(object_kind="ipr_disclosure", limit=1000)
    assert len(logged) == len(packages) and "fields" in logged[0].detail
    url = store.url.render_as_string(hide_password=False)
    runner = CliRunner()
    for command in (["publish"], ["priority"], ["disclose", "--holder", "NOBODY"]):
        result = runner.invoke(app, [*command, "--db", url, "--as-of", "2026-03-31",
                                     "--out", str(tmp_path / command[0])])
        assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "disclose" / "disclosures.json").read_text()) == []
