"""The report: HTML with charts and assumptions, a PDF, CSVs, byte-for-byte regeneration, CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradeguard.fees.cli import app
from tradeguard.fees.defaults import default_volumes
from tradeguard.fees.service import FeeReportResult, fee_report
from tradeguard.fees.volumes import read_volumes_csv, volumes_frame
from tradeguard.policy import PolicyBook

WHEN = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def report(policy: PolicyBook, tmp_path_factory: pytest.TempPathFactory) -> FeeReportResult:
    return fee_report(None, policy, tmp_path_factory.mktemp("a"), 2026, 11, decided_at=WHEN)


def test_html_has_charts_and_assumptions(report: FeeReportResult, policy: PolicyBook) -> None:
    text = report.paths["html"].read_text(encoding="utf-8")
    assert text.count("<svg") == 3
    assert text.count("Assumptions and rules behind this figure") == 3
    for key in ("fee_cost.labour.cbpo_rate_usd_per_hour", "fee_cost.breakeven.elasticity_default",
                "fee_cost.uncertainty.cv", "fee.mail.dutiable.published_usd"):
        assert key in text
    assert "Not official figures" in text and "requires_legislation" in text


def test_every_cost_number_is_an_assumption(report: FeeReportResult) -> None:
    table = pd.read_csv(report.paths["csv:assumptions"])
    costs = table[table["key"].str.startswith("fee_cost.")]
    assert len(costs) > 20 and set(costs["status"]) == {"assumption"}
    assert costs["source"].str.len().min() > 20


def test_pdf_and_csvs(report: FeeReportResult) -> None:
    pdf = report.paths["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert b"CreationDate" not in pdf
    cov = pd.read_csv(report.paths["csv:coverage"])
    assert {"coverage_ratio", "gap_usd", "cost_to_collect_per_100_usd"} <= set(cov.columns)
    assert set(cov["fiscal_year"]) == {2024, 2025, 2026}
    assert report.paths["decisions"].read_text().count("\n") == len(report.decisions)


def test_regenerates_byte_for_byte(report: FeeReportResult, policy: PolicyBook,
                                   tmp_path: Path) -> None:
    again = fee_report(None, policy, tmp_path, 2026, 11, decided_at=WHEN)
    for name, path in report.paths.items():
        assert again.paths[name].read_bytes() == path.read_bytes(), name


def test_volumes_csv_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "volumes.csv"
    volumes_frame(default_volumes()).to_csv(path, index=False)
    assert read_volumes_csv(path) == default_volumes()
    bad = tmp_path / "bad.csv"
    bad.write_text("stream,fiscal_year,items,dutiable_items\nmail.parcel,2026,5,9\nnope,2026,1,0\n")
    with pytest.raises(Exception) as info:
        read_volumes_csv(bad)
    errors = [(e.line, e.field) for e in info.value.errors]  # type: ignore[attr-defined]
    assert errors == [(2, "dutiable_items"), (3, "stream")]


def test_cli_report(tmp_path: Path) -> None:
    vols = tmp_path / "v.csv"
    volumes_frame(default_volumes()).to_csv(vols, index=False)
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--out", str(tmp_path / "out"), "--fy", "2026",
                                 "--seed", "3", "--volumes", str(vols)])
    assert result.exit_code == 0, result.output
    assert "dutiable_mail:" in result.output
    assert (tmp_path / "out" / "fees-FY2026.pdf").exists()
    missing = runner.invoke(app, ["report", "--out", str(tmp_path / "x"), "--fy", "2031"])
    assert missing.exit_code == 3
