"""The README's first command, end to end on a tiny world: synthesise, load through the real
readers with nothing rejected, run every engine, store decisions, write the report."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from tradeguard.cli import app
from tradeguard.demo import run_demo
from tradeguard.services import open_store
from tradeguard.store.repository import DecisionStore, table_counts


def test_demo_on_a_tiny_world(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_demo(out, seed=11, scale=0.02, console=Console(file=io.StringIO()))
    assert result.loads and all(r.rows_rejected == 0 for r in result.loads), [
        r.summary() for r in result.loads if r.rows_rejected
    ]
    engine = open_store(f"sqlite:///{out / 'tradeguard.sqlite'}")
    counts = table_counts(engine)
    assert counts["entries"] > 0 and counts["sam_exclusions"] > 0 and counts["mail_items"] > 0
    assert counts["decisions"] == sum(len(s.decisions) for s in result.steps)
    kinds = {s.decision.kind for s in DecisionStore(engine).list(limit=10_000)}
    assert "continuous_bond_sufficiency" in kinds
    html = result.report_path.read_text()
    assert "Continuous bond sufficiency" in html and "<table>" in html
    for step in result.steps:
        for path in step.artifacts.values():
            assert path.is_file(), path


def test_synth_command_writes_a_world(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path / "w"), "--scale", "0.02"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w" / "data" / "entries.csv").is_file()
    assert (tmp_path / "w" / "truth").is_dir()
