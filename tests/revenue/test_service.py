"""The thin edges on a real store (SQLite always, PostgreSQL when configured): a small
synthetic world loaded through the real readers, assessed, replayed, reported, and the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tradeguard.ingest.loader import load_file
from tradeguard.policy import load_policy
from tradeguard.revenue.cli import app
from tradeguard.revenue.report import tradeoff_figure, write_backtest
from tradeguard.revenue.service import (
    REVENUE_KINDS,
    assess_store,
    backtest_store,
    bonds_store,
    demo_step,
    frames_from_store,
    last_activity_day,
)
from tradeguard.store.repository import DecisionStore

BOOK = load_policy()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tradeguard.synth import generate_world

    out = tmp_path_factory.mktemp("revenue-world")
    generate_world(out, seed=11, scale=0.05)
    return out


@pytest.fixture
def loaded(store: Engine, world: Path) -> Engine:
    for kind in REVENUE_KINDS:
        report = load_file(store, world / "data" / f"{kind}.csv", kind)
        assert not report.rejected, report.summary()
    return store


def test_assess_stores_explained_decisions_once(loaded: Engine) -> None:
    on = last_activity_day(frames_from_store(loaded))
    result, decisions = assess_store(loaded, on, BOOK)
    kinds = {d.kind for d in decisions}
    assert {"covered_importer", "adcvd_exposure", "revenue_risk", "adcvd_security"} <= kinds
    assert all(d.hits and all(h.reason for h in d.hits) for d in decisions)
    stored = DecisionStore(loaded).list(kind="covered_importer", limit=10_000)
    assert len(stored) == sum(d.kind == "covered_importer" for d in decisions)
    assert DecisionStore(loaded).save(decisions) == 0  # same inputs, same policy: no-op
    assert int(result.frame["in_scope"].sum()) > 0


def test_bonds_backtest_and_demo_step(loaded: Engine, world: Path, tmp_path: Path) -> None:
    on = last_activity_day(frames_from_store(loaded))
    bonds = bonds_store(loaded, on, BOOK, save=False)
    assert {d.kind for d in bonds} >= {"continuous_bond_sufficiency"}
    result = backtest_store(loaded, BOOK)
    grid = len(result.table)
    assert grid == 9 * 7 and result.default.threshold_probability in set(
        result.table["threshold"])
    assert (result.table["secured_usd"] <= result.table["at_risk_usd"] + 0.01).all()
    first = write_backtest(result, tmp_path / "a")["backtest_chart"].read_bytes()
    second = write_backtest(result, tmp_path / "b")["backtest_chart"].read_bytes()
    assert first == second and tradeoff_figure(result) is not None
    figures, decisions, artifacts = demo_step(loaded, world, tmp_path, BOOK, on)
    assert dict(figures)["covered importers (EO 13785 s.2(b))"]
    assert decisions and all(p.is_file() for p in artifacts.values())
    assert "Backtest of the security policy" in artifacts["revenue_report"].read_text()


def test_cli_assess_bonds_backtest(loaded: Engine, store_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["assess", "--db", store_url, "--no-save", "--top", "2"])
    assert done.exit_code == 0, done.output
    assert "covered_importer" in done.output
    done = runner.invoke(app, ["bonds", "--db", store_url, "--no-save"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["backtest", "--db", store_url, "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output and "Default:" in done.output
    bad = runner.invoke(app, ["assess", "--db", store_url, "--debarred", str(tmp_path / "no")])
    assert bad.exit_code != 0


def test_debarred_csv_in_assess(loaded: Engine, tmp_path: Path) -> None:
    from tradeguard.revenue.service import read_debarred_csv

    path = tmp_path / "debarred.csv"
    path.write_text("ior_number,active_date,termination_date\n12-3456789AB,2026-01-01,\n")
    excluded = read_debarred_csv(path)
    _, decisions = assess_store(loaded, dt.date(2026, 3, 2), BOOK, save=False,
                                debarred=excluded)
    blocked = [d for d in decisions if d.kind == "continuous_bond_eligibility"]
    assert [d.outcome for d in blocked] == ["continuous_blocked"]


def test_evaluation_on_ground_truth_prints_all_methods(world: Path) -> None:
    from tradeguard.revenue.evaluate import compare_methods, labelled_rows
    from tradeguard.revenue.params import RevenuePolicy
    from tradeguard.revenue.report import metrics_text
    from tradeguard.revenue.service import read_truth, world_frames

    frames, truth = world_frames(world), read_truth(world)
    policy = RevenuePolicy.from_book(BOOK, dt.date(2025, 4, 1))
    train = labelled_rows(frames, truth, [dt.date(2023, 4, 1), dt.date(2023, 10, 1)], policy)
    test = labelled_rows(frames, truth, [dt.date(2025, 4, 1)], policy)
    assert set(train["y"]) == {0, 1} and train["as_of"].nunique() == 2
    result = compare_methods(train, test)
    assert list(result.metrics.index) == ["monotone additive model",
                                          "rules only (covered clauses)", "logistic regression"]
    text = metrics_text(result.metrics)
    assert "auc" in text and "revenue_top10%_by_loss" in text and "ece" in text
