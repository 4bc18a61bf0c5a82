"""The ``tradeguard`` command. Thin: every command parses, calls a service, renders.

Exit codes come from the error tree (``tradeguard.errors``): 0 ok, 2 invalid input, 3 not found,
4 conflict, 5 forbidden, 6 unavailable, 1 anything else of ours.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradeguard.cli_support import handles_errors
from tradeguard.settings import Settings

app = typer.Typer(
    name="tradeguard",
    help="Trade enforcement and revenue protection (EO 13785, EO 13904).",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="The store: schema migrations and status.", no_args_is_help=True)
policy_app = typer.Typer(
    help="The policy in force: values, footing and version.", no_args_is_help=True
)
decisions_app = typer.Typer(help="Stored decisions and their evidence.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(policy_app, name="policy")
app.add_typer(decisions_app, name="decisions")


def _mount_capabilities() -> None:
    from tradeguard.api.cli import keys_app, serve
    from tradeguard.fees.cli import app as fees_app
    from tradeguard.jobs.cli import app as jobs_app
    from tradeguard.synth.cli import synth

    app.command(name="synth")(synth)

    from tradeguard.parties.cli import app as parties_app
    from tradeguard.posts.cli import app as posts_app
    from tradeguard.revenue.cli import app as revenue_app
    from tradeguard.seizures.cli import app as seizures_app
    from tradeguard.targeting.cli import app as targeting_app

    app.command(name="serve")(serve)
    app.add_typer(keys_app, name="keys", help="API keys: create, list, revoke.")
    app.add_typer(fees_app, name="fees", help="Fee sufficiency report (EO 13904 s.7).")
    app.add_typer(jobs_app, name="jobs", help="Heavy batch jobs on DuckDB or Spark.")
    app.add_typer(parties_app, name="parties",
                  help="Screening, IOR eligibility, re-established persons, 60-day notices.")
    app.add_typer(posts_app, name="posts",
                  help="International mail non-compliance: scores, escalation, mail gate.")
    app.add_typer(revenue_app, name="revenue",
                  help="AD/CVD covered importers, exposure, risk, security, backtest.")
    app.add_typer(seizures_app, name="seizures",
                  help="Seizure publication, rights-holder disclosures, prosecution priority.")
    app.add_typer(targeting_app, name="targeting",
                  help="Entry targeting under an inspection budget (EO 13785 s.4(a)).")


_mount_capabilities()

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Store URL (default: TRADEGUARD_DATABASE_URL).")
]


def _progress_printer(plain: bool) -> tuple[Callable[[str, int], None], Progress | None]:
    if plain:

        def plain_line(kind: str, rows: int) -> None:
            print(f"progress {kind} {rows}", flush=True)

        return plain_line, None
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def rich_line(kind: str, rows: int) -> None:
        if kind not in tasks:
            tasks[kind] = bar.add_task(kind, total=None)
        bar.update(tasks[kind], completed=rows)

    return rich_line, bar


@app.command()
@handles_errors
def load(
    path: Annotated[Path, typer.Argument(help="A file, or a folder of files named by kind.")],
    kind: Annotated[
        str | None, typer.Option(help="The file's kind, if its name does not say.")
    ] = None,
    db: DbOption = None,
    quarantine: Annotated[
        Path | None, typer.Option(help="Write rejected rows (file, line, field, reason) here.")
    ] = None,
    plain_progress: Annotated[
        bool, typer.Option(help="Progress as plain lines on stdout, for logs.")
    ] = False,
) -> None:
    """Validate and load files into the store; bad rows go to the quarantine report."""
    from tradeguard.services import load_path, open_store, write_quarantine_report

    settings = Settings()
    engine = open_store(db, settings=settings)
    report_progress, bar = _progress_printer(plain_progress)
    if bar is not None:
        with bar:
            reports = load_path(
                engine,
                path,
                kind,
                actor=settings.actor,
                chunk_rows=settings.load_chunk_rows,
                progress=report_progress,
            )
    else:
        reports = load_path(
            engine,
            path,
            kind,
            actor=settings.actor,
            chunk_rows=settings.load_chunk_rows,
            progress=report_progress,
        )
    _print_loads(reports)
    rejected = sum(r.rows_rejected for r in reports)
    if rejected:
        target = quarantine or settings.home / "quarantine" / (
            f"quarantine-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.csv"
        )
        write_quarantine_report(reports, target)
        console.print(f"{rejected} rejected row(s); reasons in [bold]{target}[/]")


def _print_loads(reports: list[Any]) -> None:
    table = Table(title="Loads")
    for column in ("file", "kind", "read", "loaded", "already there", "rejected", "batch"):
        table.add_column(column, justify="right" if column not in ("file", "kind") else "left")
    for r in reports:
        batch = str(r.batch_id) if r.already_loaded_as is None else f"={r.already_loaded_as}"
        table.add_row(
            r.source,
            r.kind,
            f"{r.rows_read:,}",
            f"{r.rows_loaded:,}",
            f"{r.rows_already_present:,}",
            f"{r.rows_rejected:,}",
            batch,
        )
    console.print(table)
    for r in reports:
        for error in r.rejected[:10]:
            console.print(f"  [yellow]rejected[/] {error}", highlight=False)
        if len(r.rejected) > 10:
            console.print(f"  ... and {len(r.rejected) - 10} more in the quarantine report")


@db_app.command("upgrade")
@handles_errors
def db_upgrade(db: DbOption = None) -> None:
    """Create or migrate the store's schema to the newest version."""
    from tradeguard.services import open_store
    from tradeguard.store.db import current_revision

    engine = open_store(db)
    console.print(f"schema at revision {current_revision(engine)}")


@db_app.command("status")
@handles_errors
def db_status(db: DbOption = None) -> None:
    """Schema revision and row counts of every table."""
    from tradeguard.services import open_store
    from tradeguard.store.db import current_revision
    from tradeguard.store.repository import table_counts

    engine = open_store(db)
    table = Table(title=f"Store (schema {current_revision(engine)})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in sorted(table_counts(engine).items()):
        table.add_row(name, f"{count:,}")
    console.print(table)


@policy_app.command("show")
@handles_errors
def policy_show(
    on: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD); default today.")] = None,
    prefix: Annotated[str, typer.Option(help="Only rules whose key starts with this.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Every rule in force on a day, with its footing (law, proposed, assumption) and source."""
    from tradeguard.policy import load_policy

    settings = Settings()
    book = load_policy(settings.policy_dir)
    day = dt.date.fromisoformat(on) if on else dt.date.today()
    values = {k: v for k, v in book.snapshot(day).items() if k.startswith(prefix)}
    if as_json:
        rules = {
            k: {
                "value": v,
                "status": book.rule(k).status,
                "unit": book.rule(k).unit,
                "source": book.rule(k).source,
            }
            for k, v in values.items()
        }
        print(json.dumps({"version": book.version, "on": str(day), "rules": rules}, indent=1))
        return
    table = Table(title=f"Policy {book.version} on {day}")
    for column in ("rule", "value", "unit", "status", "source"):
        table.add_column(column)
    for key, value in values.items():
        rule = book.rule(key)
        table.add_row(key, json.dumps(value), rule.unit or "", rule.status, rule.source)
    console.print(table)


@decisions_app.command("list")
@handles_errors
def decisions_list(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="Only decisions of this kind.")] = None,
    subject: Annotated[str | None, typer.Option(help="Only decisions about this subject.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Stored decisions with their evidence, provision and policy version."""
    from tradeguard.services import open_store
    from tradeguard.store.repository import DecisionStore

    stored = DecisionStore(open_store(db)).list(kind=kind, subject=subject, limit=limit)
    if as_json:
        for item in stored:
            print(json.dumps(item.decision.to_dict()))
        return
    for item in stored:
        console.print(item.decision.explain(), highlight=False)


@app.command()
@handles_errors
def demo(
    out: Annotated[
        Path, typer.Option(help="Folder for the world, the store and the report.")
    ] = Path("var/demo"),
    seed: Annotated[int, typer.Option(help="Seed of the synthetic world.")] = 7,
    scale: Annotated[float, typer.Option(help="Size of the world (1.0 = default demo).")] = 1.0,
    db: DbOption = None,
) -> None:
    """Synthesise a world, load it into the embedded store, run every engine, report."""
    from tradeguard.demo import run_demo

    result = run_demo(out, seed=seed, scale=scale, db_url=db, console=console)
    console.print(f"\nReport: [bold]{result.report_path}[/]")


def main() -> None:  # pragma: no cover - the console-script entry point
    app()
