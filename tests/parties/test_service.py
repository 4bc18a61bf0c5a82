from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.parties.helpers import policy
from tests.parties.world import write_world
from tradeguard.ingest.loader import load_folder
from tradeguard.parties.cli import app
from tradeguard.parties.service import demo_step, load_importers, load_list, record_changes
from tradeguard.policy import load_policy
from tradeguard.store.repository import DecisionStore


def test_demo_step_on_a_tiny_world(store: Engine, tmp_path: Path) -> None:
    world = write_world(tmp_path / "world")
    reports = load_folder(store, world / "data")
    assert all(not r.rejected for r in reports), [r.rejected for r in reports]
    assert len(load_list(store)) == 3 and len(load_importers(store)) == 3
    figures, decisions, files = demo_step(
        store, world, tmp_path / "out", load_policy(), dt.date(2025, 6, 1)
    )
    by = {(d.kind, d.subject): d.outcome for d in decisions}
    assert by[("ior_eligibility", "IOR:52-1111111AA")] == "ineligible"
    assert by[("ior_eligibility", "IOR:52-2222222AA")] == "review"
    assert by[("ior_eligibility", "IOR:52-3333333AA")] == "eligible"
    assert by[("reestablishment", "IOR:52-2222222AA")] == "probable_affiliate"
    assert by[("facilitator_notice", "FAC:ECO-01:S4MRAAAA1")] == "missing"
    assert by[("cease_facilitation", "SHIPMENT:ECO-01:W0")] == "stop"
    assert by[("facilitator_measure", "FAC:ECO-01")].startswith("recommended:")
    assert by[("present_responsibility_referral", "FAC:ECO-01")] == "queued"
    notices = json.loads(files["notices"].read_text())
    assert notices[0]["listed_person"]["sam_number"] == "S4MRAAAA1"
    assert dict(figures)["probable re-establishments (2 CFR 180.905)"] == "1"
    assert DecisionStore(store).list(kind="ior_eligibility", limit=10)


def test_daily_diff_is_stored(store: Engine, tmp_path: Path) -> None:
    old = write_world(tmp_path / "a") / "data" / "SAM_Exclusions_Public_V2_Extract_26152.csv"
    new = tmp_path / "SAM_Exclusions_Public_V2_Extract_26153.csv"
    lines = old.read_text().splitlines()
    new.write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n")
    diff = record_changes(store, new, old, policy())
    assert diff.added == ("S4MRAAAA2",)
    stored = DecisionStore(store).list(kind="sam_list_change")
    assert stored[0].decision.outcome == "added"
    assert "notices due by" in stored[0].decision.hits[0].reason


def test_cli_screen_link_and_evaluate(tmp_path: Path) -> None:
    world = write_world(tmp_path / "w")
    runner = CliRunner()
    sam = world / "data" / "SAM_Exclusions_Public_V2_Extract_26152.csv"
    out = tmp_path / "screened.csv"
    result = runner.invoke(
        app,
        [
            "screen",
            str(world / "data" / "importers.csv"),
            "--list",
            str(sam),
            "--on",
            "2025-06-01",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "GOLDEN PACIFIC TRADING LLC,match" in out.read_text()
    result = runner.invoke(app, ["link", str(world / "data" / "importers.csv")])
    assert result.exit_code == 0 and "52-2222222AA" in result.output
    result = runner.invoke(app, ["evaluate", "--list-size", "300", "--parties", "300"])
    assert result.exit_code == 0 and "baseline" in result.output
