"""The quarterly job end to end on a tiny world: four posts over ten quarters."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.posts.posts_world import BAD, GOOD, PostBehaviour, items, posts_table, quarters
from tradeguard.errors import Unavailable
from tradeguard.policy import PolicyBook
from tradeguard.posts import HISTORY_COLUMNS, empty_history, levels_from_history, run_quarter
from tradeguard.posts.cli import app
from tradeguard.posts.facilitation import ior_facilitation_report
from tradeguard.posts.params import posts_policy
from tradeguard.posts.service import QuarterResult

WORLD = {"GOOD1": GOOD, "BAD1": BAD, "FIX1": BAD, "THIN1": GOOD}
QS = quarters("FY2025Q1", 10)


def world_items(i: int) -> pd.DataFrame:
    behaviour = dict(WORLD)
    if i >= 4:  # FIX1 mends its ways from the fifth quarter
        behaviour["FIX1"] = PostBehaviour(
            cf=0.0002, nx=0.0, cb=0.0002, aed=0.99, quality=0.99, answer=1.0
        )
    frame = items(behaviour, QS[i], n_items=2500, n_sampled=900, seed=i)
    thin = frame["post_code"] == "THIN1"
    frame.loc[thin, "sampled"] = (
        frame.loc[thin, "item_id"].str[-9:].astype(int) < 300
    )  # 300 a quarter
    return frame


@pytest.fixture(scope="module")
def runs(book: PolicyBook) -> list[QuarterResult]:
    history = empty_history()
    out = []
    for i, q in enumerate(QS):
        result = run_quarter(
            world_items(i),
            posts_table([*WORLD, "NONE1"]),
            history,
            book,
            q,
            attested=["FIX1"] if i >= 8 else [],
        )
        history = result.history
        out.append(result)
    return out


def by_post(result: QuarterResult) -> pd.DataFrame:
    return result.scores.set_index("post_code")


def test_bad_post_escalates_to_level3(runs: list[QuarterResult]) -> None:
    assert [int(by_post(r).loc["BAD1", "counter"]) for r in runs] == list(range(1, 11))
    assert [str(by_post(r).loc["BAD1", "level"]) for r in runs][
        7
    ] == "PREVENT_IMPORTATION_REGARDLESS"


def test_good_post_stays_compliant(runs: list[QuarterResult]) -> None:
    assert all(by_post(r).loc["GOOD1", "outcome"] == "COMPLIANT" for r in runs)


def test_thin_post_is_pooled_and_unscored_post_said(runs: list[QuarterResult]) -> None:
    first, second = by_post(runs[0]), by_post(runs[1])
    assert first.loc["THIN1", "outcome"] == "INSUFFICIENT_DATA"  # 300 < 800 and nothing to pool
    assert second.loc["THIN1", "outcome"] == "INSUFFICIENT_DATA"  # 600 pooled, still short
    assert first.loc["NONE1", "outcome"] == "INSUFFICIENT_DATA"
    text = next(d for d in runs[1].decisions if d.subject == "POST:THIN1").explain()
    assert "insufficient data" in text and "pooling" in text


def test_fixed_post_measures_step_down_with_events(runs: list[QuarterResult]) -> None:
    tiers = [int(by_post(r).loc["FIX1", "tier"]) for r in runs]
    assert tiers[:4] == [0, 1, 1, 1]
    assert tiers[-1] < max(tiers)
    changes = [
        d
        for r in runs
        for d in r.decisions
        if d.subject == "POST:FIX1" and d.kind == "post_measures"
    ]
    assert changes[0].outcome == "PRIORITY_TARGETING"
    assert changes[-1].provision == "EO 13904 s.5(e)"
    assert "step down" in changes[-1].hits[0].reason


def test_decisions_explain_inputs_and_threshold(runs: list[QuarterResult]) -> None:
    d = next(
        d for d in runs[5].decisions if d.subject == "POST:BAD1" and d.kind == "post_quarter_status"
    )
    assert d.outcome == "NON_COMPLIANT" and d.provision == "EO 13904 s.5(a)"
    codes = {h.code for h in d.hits}
    assert {"POST-SCORE", "POST-RATE-NX", "POST-AED_COVERAGE", "POST-TREND"} <= codes
    assert all(h.status in ("law", "proposed", "assumption") for h in d.hits)
    json.dumps(d.to_dict())


def test_threshold_stored_per_quarter(runs: list[QuarterResult]) -> None:
    hist = runs[-1].history
    assert list(hist.columns) == list(HISTORY_COLUMNS)
    assert hist.groupby("quarter")["threshold"].nunique().max() == 1
    assert len(hist) == 10 * 5


def test_rerun_is_reproducible(runs: list[QuarterResult], book: PolicyBook) -> None:
    again = run_quarter(
        world_items(9),
        posts_table([*WORLD, "NONE1"]),
        runs[8].history,
        book,
        QS[9],
        attested=["FIX1"],
    )
    pd.testing.assert_frame_equal(again.scores, runs[9].scores)
    assert [d.to_dict() for d in again.decisions] == [d.to_dict() for d in runs[9].decisions]


def test_levels_from_history(runs: list[QuarterResult]) -> None:
    levels = levels_from_history(runs[-1].history)
    assert levels["BAD1"] == 3 and levels["GOOD1"] == 0


def test_facilitation_report_needs_screen(book: PolicyBook) -> None:
    policy = posts_policy(book, QS[0].start)
    frame = world_items(0).assign(
        ior_number=lambda f: ["IOR-BAD" if i % 10 == 0 else "IOR-OK" for i in range(len(f))]
    )
    with pytest.raises(Unavailable):
        ior_facilitation_report(frame, None, policy, QS[0].end)

    class Screen:
        def ineligible_iors(self, iors: object, on: object) -> set[str]:
            return {"IOR-BAD"}

    out = ior_facilitation_report(frame, Screen(), policy, QS[0].end)
    assert out["items_ineligible_ior"].sum() == (frame["ior_number"] == "IOR-BAD").sum()


def test_cli_score_gate_publish(tmp_path: Path) -> None:
    runner = CliRunner()
    for i in range(3):
        src = tmp_path / f"items-{i}.csv"
        world_items(i).to_csv(src, index=False)
        res = runner.invoke(app, ["score", str(src), "-q", str(QS[i]), "-o", str(tmp_path / "out")])
        assert res.exit_code == 0, res.output
    assert "BAD1" in res.output and "PRIORITY_TARGETING" in res.output
    hist = tmp_path / "out" / "history.csv"
    day = world_items(3).head(500)
    day.to_csv(tmp_path / "day.csv", index=False)
    res = runner.invoke(
        app,
        [
            "gate",
            str(tmp_path / "day.csv"),
            "--history",
            str(hist),
            "-o",
            str(tmp_path / "gate.parquet"),
            "--as-of",
            "2025-07-01T00:00:00Z",
        ],
    )
    assert res.exit_code == 0, res.output
    assert len(pd.read_parquet(tmp_path / "gate.parquet")) == 500
    res = runner.invoke(
        app, ["publish", "-q", str(QS[2]), "--history", str(hist), "-o", str(tmp_path / "pub")]
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "pub" / "guidance.html").read_text().count("<table>") >= 2
    res = runner.invoke(
        app,
        [
            "robustness",
            str(tmp_path / "out" / f"scores-{QS[2]}.csv"),
            "-q",
            str(QS[2]),
            "-o",
            str(tmp_path / "rob"),
        ],
    )
    assert res.exit_code == 0, res.output
