"""The public surface: package exports, settings documentation, and the CLI as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

import tradeguard
from tradeguard.cli import app
from tradeguard.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_public_api_is_pinned() -> None:
    assert sorted(tradeguard.__all__) == [
        "Conflict",
        "Decision",
        "Forbidden",
        "InvalidInput",
        "NotFound",
        "PolicyBook",
        "RuleHit",
        "TradeGuardError",
        "Unavailable",
        "__version__",
        "load_policy",
    ]


def test_settings_doc_lists_every_field() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text()
    documented = set(re.findall(r"`TRADEGUARD_([A-Z_]+)`", doc))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_cli_help_everywhere() -> None:
    for args in ([], ["load"], ["db"], ["policy"], ["decisions"], ["demo"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_cli_load_reports_rejections_and_exit_codes(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    posts = tmp_path / "posts.csv"
    posts.write_text("post_code,country,name\nCNA,CN,China Post\nXXA,XX,Nowhere\n")
    report = tmp_path / "q.csv"
    result = runner.invoke(app, ["load", str(posts), "--db", db, "--quarantine", str(report)])
    assert result.exit_code == 0, result.output
    assert "1 rejected row" in result.output
    assert (
        "posts.csv:3: country: not an ISO 3166-1" in report.read_text().replace(",", ":", 2)
        or "not an ISO 3166-1" in report.read_text()
    )
    bad_header = tmp_path / "entries.csv"
    bad_header.write_text("entry_number,colour\n")
    result = runner.invoke(app, ["load", str(bad_header), "--db", db])
    assert result.exit_code == 2
    result = runner.invoke(app, ["load", str(tmp_path / "missing.csv"), "--db", db])
    assert result.exit_code == 3
    result = runner.invoke(app, ["db", "status", "--db", db])
    assert result.exit_code == 0 and "posts" in result.output


def test_cli_policy_show_labels_footing() -> None:
    args = ["policy", "show", "--on", "2026-01-05", "--prefix", "bond.", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rule = json.loads(result.output)["rules"]["bond.continuous.minimum_usd"]
    assert (rule["value"], rule["status"]) == (50000, "law")


def test_unreachable_database_is_unavailable(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = runner.invoke(app, ["db", "status", "--db", url])
    assert result.exit_code == 6
