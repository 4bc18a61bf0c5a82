"""The commands as a user runs them, and the demo step on a tiny synthetic world."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.targeting.conftest import DATA
from tradeguard.policy import load_policy
from tradeguard.store.db import make_engine, migrate
from tradeguard.store.repository import DecisionStore
from tradeguard.targeting.cli import app
from tradeguard.targeting.mapping import MAPPINGS_DIR

runner = CliRunner()
KCS = ["--data", str(DATA / "kcs_train_sample.csv"), "--data", str(DATA / "kcs_valid_sample.csv"),
       "--mapping", str(MAPPINGS_DIR / "kcs.yaml")]


def test_help() -> None:
    for command in ([], ["train"], ["evaluate"], ["score"], ["select"], ["simulate"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_evaluate_on_the_kcs_sample() -> None:
    result = runner.invoke(app, ["evaluate", *KCS, "--rounds", "40", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["split_date"] >= "2021-01-01" and figures["test_rows"] == 600
    methods = {r["method"] for r in figures["rows"]}
    assert {"model, probability", "product-code finding rate", "random (mean of 20)"} <= methods
    assert figures["aucs"]["model, probability"] > 0.6


def test_train_score_select(tmp_path: Path) -> None:
    train = ["--data", str(DATA / "kcs_train_sample.csv"), "--mapping",
             str(MAPPINGS_DIR / "kcs.yaml")]
    model = tmp_path / "m.json"
    trained = runner.invoke(app, ["train", *train, "--out", str(model), "--rounds", "30"])
    assert trained.exit_code == 0, trained.output
    new = ["--data", str(DATA / "kcs_valid_sample.csv"), "--history",
           str(DATA / "kcs_train_sample.csv"), "--mapping", str(MAPPINGS_DIR / "kcs.yaml")]
    scored = runner.invoke(app, ["score", "--model", str(model), *new,
                                 "--out", str(tmp_path / "s.csv")])
    assert scored.exit_code == 0, scored.output
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    chosen = runner.invoke(app, ["select", "--model", str(model), *new, "--rate", "0.02",
                                 "--out", str(tmp_path / "c.csv"), "--db", db])
    assert chosen.exit_code == 0, chosen.output
    assert "12 of 600 chosen" in chosen.output and "TGT-" in chosen.output


def test_bad_mapping_exits_2_with_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text("columns: {id: Declaration ID}\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(DATA / "kcs_train_sample.csv"),
                                 "--mapping", str(bad)])
    assert result.exit_code == 2
    assert "columns.date" in result.output


@pytest.mark.slow
def test_demo_step_selects_explains_and_stores(tmp_path: Path) -> None:
    from tradeguard.synth import generate_world
    from tradeguard.targeting.service import demo_step

    generate_world(tmp_path / "world", seed=3, scale=0.2)
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    migrate(engine)
    figures, decisions, artifacts = demo_step(engine, tmp_path / "world", tmp_path,
                                              load_policy(), dt.date(2026, 9, 30))
    assert dict(figures)["express shipments in the week"]
    assert any(d.kind == "inspection_selection" for d in decisions)
    assert all(p.exists() and p.is_relative_to(tmp_path) for p in artifacts.values())
    stored = DecisionStore(engine).list(kind="inspection_selection", limit=10_000)
    assert len(stored) == sum(d.kind == "inspection_selection" for d in decisions)
    engine.dispose()
