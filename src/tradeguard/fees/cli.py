"""``tradeguard fees ...``: the fee-sufficiency report from the command line (thin surface)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradeguard.cli_support import exit_for
from tradeguard.errors import TradeGuardError
from tradeguard.fees.service import fee_report
from tradeguard.fees.volumes import read_volumes_csv
from tradeguard.policy import load_policy

__all__ = ["app"]

app = typer.Typer(help="Fee sufficiency (EO 13904 s.7): coverage, break-even, recommendations.")


@app.callback()
def _fees() -> None:
    """Fee sufficiency (EO 13904 s.7)."""


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="Folder to write the HTML, PDF and CSV files into.")] = (
        Path("var/fees")
    ),
    fy: Annotated[int, typer.Option(help="Fiscal year (FY2026 = Oct 2025-Sep 2026).")] = 2026,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo draws.")] = 20260101,
    volumes: Annotated[
        Path | None,
        typer.Option(help="Volumes CSV (stream, fiscal_year, items, ...); default: built-in."),
    ] = None,
    policy_dir: Annotated[
        Path | None, typer.Option(help="Policy folder; default: the shipped policy.")
    ] = None,
) -> None:
    """Write the fee-sufficiency report for one fiscal year."""
    try:
        rows = read_volumes_csv(volumes) if volumes is not None else None
        result = fee_report(rows, load_policy(policy_dir), out, fy, seed,
                            volumes_note=f"from {volumes}" if volumes else None)
    except TradeGuardError as exc:
        raise exit_for(exc) from None
    for rec in result.recommendations:
        mc = rec.monte_carlo
        p = f"{mc.p_full_recovery_now:.0%}" if mc else "n/a"
        fee = mc.recommended_fee_usd if mc else None
        typer.echo(f"{rec.fee}: {rec.outcome} (P(fees cover cost now) {p}; break-even P50 "
                   f"{f'${fee:.2f}' if fee is not None else 'n/a'})")
    typer.echo(f"report: {result.paths['html']}")
    typer.echo(f"pdf:    {result.paths['pdf']}")
