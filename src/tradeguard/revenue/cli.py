"""``tradeguard revenue ...``: AD/CVD revenue protection from the command line (thin surface).

``assess`` (covered importers, exposure, risk, security demands), ``bonds`` (sufficiency,
letters of insufficiency, debarred principals), ``backtest`` (the security policy replayed
quarter by quarter) and ``evaluate`` (the risk model against baselines on another world).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy import Engine

from tradeguard.cli_support import exit_for
from tradeguard.errors import TradeGuardError
from tradeguard.policy import load_policy

__all__ = ["app"]

T = TypeVar("T")
app = typer.Typer(help="AD/CVD revenue protection (EO 13785 s.1-3).", no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Store URL; default: settings.")]
OnOption = Annotated[str | None, typer.Option(help="Decision date (YYYY-MM-DD); default: the "
                                                   "last day of activity in the store.")]
PolicyOption = Annotated[Path | None, typer.Option(help="Policy folder; default: shipped.")]
DebarredOption = Annotated[Path | None, typer.Option(
    help="CSV of importers suspended or debarred by CBP (ior_number, active_date, "
         "termination_date, ftz_only, notice_on).")]


def _run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except TradeGuardError as exc:
        raise exit_for(exc) from None


@contextmanager
def _store(db: str | None) -> Iterator[Engine]:
    from tradeguard.services import open_store

    engine = open_store(db)
    try:
        yield engine
    finally:
        engine.dispose()


def _day(text: str | None, engine: Engine) -> dt.date:
    from tradeguard.revenue.service import frames_from_store, last_activity_day

    if text:
        return dt.date.fromisoformat(text)
    return last_activity_day(frames_from_store(engine))


@app.command()
def assess(
    db: DbOption = None,
    on: OnOption = None,
    ior: Annotated[list[str] | None, typer.Option(help="Explain these importers.")] = None,
    top: Annotated[int, typer.Option(help="Explain the N largest security demands.")] = 5,
    debarred: DebarredOption = None,
    policy_dir: PolicyOption = None,
    save: Annotated[bool, typer.Option(help="Store the decisions.")] = True,
) -> None:
    """Covered importers, exposure, risk and security demands on a day."""
    from tradeguard.revenue.service import assess_store, read_debarred_csv
    def go() -> None:
        excluded = read_debarred_csv(debarred) if debarred else None
        with _store(db) as engine:
            day = _day(on, engine)
            result, decisions = assess_store(engine, day, load_policy(policy_dir), save=save,
                                             debarred=excluded)
        counts = Counter((d.kind, d.outcome) for d in decisions)
        typer.echo(f"Revenue assessment on {day}: {len(decisions):,} decisions")
        for (kind, outcome), n in sorted(counts.items()):
            typer.echo(f"  {kind:28} {outcome:24} {n:>8,}")
        wanted = set(ior or [])
        if not wanted:
            f = result.frame
            wanted = set(f.nlargest(top, "security_usd").index[f.nlargest(
                top, "security_usd")["security_usd"] > 0])
        for d in decisions:
            if d.subject.removeprefix("IOR:") in wanted:
                typer.echo("\n" + d.explain())

    _run(go)


@app.command()
def bonds(
    db: DbOption = None,
    on: OnOption = None,
    debarred: DebarredOption = None,
    policy_dir: PolicyOption = None,
    save: Annotated[bool, typer.Option(help="Store the decisions.")] = True,
) -> None:
    """Continuous-bond sufficiency, letters of insufficiency, debarred principals."""
    from tradeguard.revenue.service import bonds_store, read_debarred_csv
    def go() -> None:
        excluded = read_debarred_csv(debarred) if debarred else None
        with _store(db) as engine:
            day = _day(on, engine)
            decisions = bonds_store(engine, day, load_policy(policy_dir), save=save,
                                    debarred=excluded)
        counts = Counter((d.kind, d.outcome) for d in decisions)
        typer.echo(f"Bonds on {day}:")
        for (kind, outcome), n in sorted(counts.items()):
            typer.echo(f"  {kind:28} {outcome:24} {n:>8,}")
        for d in [d for d in decisions if d.kind != "continuous_bond_sufficiency"][:5]:
            typer.echo("\n" + d.explain())

    _run(go)


@app.command()
def backtest(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="Folder for the chart and table.")] = Path(
        "var/revenue"),
    policy_dir: PolicyOption = None,
) -> None:
    """Replay the security policy quarter by quarter; print the trade-off and the default."""
    from tradeguard.revenue.report import backtest_table_text, write_backtest
    from tradeguard.revenue.service import backtest_store
    def go() -> None:
        with _store(db) as engine:
            result = backtest_store(engine, load_policy(policy_dir))
        typer.echo(backtest_table_text(result))
        typer.echo(f"\nDefault: {result.reason}")
        for name, path in write_backtest(result, out).items():
            typer.echo(f"{name}: {path}")

    _run(go)


@app.command()
def evaluate(
    train_seed: Annotated[int, typer.Option(help="Seed of the training world.")] = 101,
    test_seed: Annotated[int, typer.Option(help="Seed of the held-apart test world.")] = 202,
    scale: Annotated[float, typer.Option(help="Scale of both worlds.")] = 1.0,
    work: Annotated[Path | None, typer.Option(help="Keep the worlds here.")] = None,
    horizon_days: Annotated[int, typer.Option(help="Label horizon in days.")] = 365,
    write_model: Annotated[Path | None, typer.Option(
        help="Write the fitted model as YAML (the value of revenue.risk.model).")] = None,
    policy_dir: PolicyOption = None,
) -> None:
    """Fit the risk model on one synthetic world's earlier quarters; compare it with the rules
    alone and a logistic regression on another world's later window."""
    import yaml

    from tradeguard.revenue.backtest import quarter_starts
    from tradeguard.revenue.report import metrics_text
    from tradeguard.revenue.service import evaluate_worlds
    from tradeguard.synth import generate_world

    train_dates = quarter_starts(dt.date(2022, 10, 1), dt.date(2024, 4, 1))
    test_dates = [dt.date(2025, 4, 1)]

    def go() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = work or Path(tmp)
            worlds = {}
            for seed in (train_seed, test_seed):
                folder = root / f"world-{seed}"
                if not (folder / "truth" / "importers.csv").is_file():
                    generate_world(folder, seed=seed, scale=scale)
                worlds[seed] = folder
            result = evaluate_worlds(worlds[train_seed], worlds[test_seed],
                                     load_policy(policy_dir), train_dates=train_dates,
                                     test_dates=test_dates, horizon_days=horizon_days)
        typer.echo(f"Training: world seed {train_seed} (scale {scale}), as-of "
                   f"{train_dates[0]}..{train_dates[-1]}, {result.train_rows:,} rows, "
                   f"{result.train_positive_rate:.1%} did not pay within {horizon_days} days")
        typer.echo(f"Test: world seed {test_seed}, as-of {', '.join(map(str, test_dates))}, "
                   f"{result.test_rows:,} rows, {result.test_positive_rate:.1%} did not pay\n")
        typer.echo(metrics_text(result.metrics))
        if write_model:
            meta = {"train_seed": train_seed, "scale": scale, "horizon_days": horizon_days,
                    "train_dates": f"{train_dates[0]}..{train_dates[-1]}"}
            model = result.model.to_policy()
            model["meta"] = {**model["meta"], **meta}
            write_model.write_text(yaml.safe_dump(model, sort_keys=True), encoding="utf-8")
            typer.echo(f"\nmodel: {write_model}")

    _run(go)
