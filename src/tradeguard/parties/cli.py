"""``tradeguard parties ...``: screening, eligibility, linkage, evaluation and notices."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tradeguard.errors import TradeGuardError
from tradeguard.parties.policy import parties_policy
from tradeguard.parties.records import read_party_csv

app = typer.Typer(help="Debarred and suspended persons (EO 13904 s.1-3).", no_args_is_help=True)

ListOption = Annotated[
    Path | None, typer.Option("--list", help="A SAM extract file (default: the store's list).")
]
DbOption = Annotated[str | None, typer.Option("--db", help="Store URL (default: settings).")]
DayOption = Annotated[str | None, typer.Option("--on", help="Day (YYYY-MM-DD; default today).")]


def _day(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text) if text else dt.date.today()


def _fail(exc: TradeGuardError) -> typer.Exit:
    typer.echo(f"error: {exc.message}", err=True)
    return typer.Exit(exc.exit_code)


def _screener(list_path: Path | None, db: str | None, on: dt.date):  # type: ignore[no-untyped-def]
    from tradeguard.parties.screen import Screener
    from tradeguard.parties.screenlist import list_from_extract

    if list_path is not None:
        screening_list = list_from_extract(list_path)
    else:
        from tradeguard.parties.service import load_list
        from tradeguard.services import open_store

        screening_list = load_list(open_store(db), on)
    from tradeguard.settings import get_settings, screen_processes

    workers = screen_processes(get_settings())
    return Screener(screening_list, parties_policy(on=on), workers=workers)


@app.command()
def screen(
    parties: Annotated[Path, typer.Argument(help="Party CSV (see docs/parties.md).")],
    list_path: ListOption = None,
    db: DbOption = None,
    on: DayOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write results as CSV here.")] = None,
) -> None:
    """Screen a party CSV (a day of shipments' parties) against the list; explain alerts."""
    try:
        day = _day(on)
        screener = _screener(list_path, db, day)
        results = screener.screen(read_party_csv(parties), explain=True)
    except TradeGuardError as exc:
        raise _fail(exc) from exc
    handle = out.open("w", newline="") if out else sys.stdout
    writer = csv.writer(handle)
    writer.writerow(
        ["party_id", "name", "outcome", "probability", "sam_number", "matched", "explanation"]
    )
    for r in results:
        best = r.best if r.outcome != "clear" else None  # a clear party is not explained
        writer.writerow(
            [
                r.party.party_id,
                r.party.name,
                r.outcome,
                f"{r.probability:.4f}",
                best.sam_number if best else "",
                best.matched_name if best else "",
                "; ".join(h.reason for h in best.hits) if best else "",
            ]
        )
    if out:
        handle.close()
        alerts = sum(1 for r in results if r.outcome != "clear")
        typer.echo(f"{len(results)} parties screened, {alerts} alerted -> {out}")


@app.command()
def eligibility(
    parties: Annotated[Path, typer.Argument(help="Party CSV of applications or importers.")],
    list_path: ListOption = None,
    db: DbOption = None,
    on: DayOption = None,
) -> None:
    """IOR eligibility (proposed criteria, s.2(b)) of each party on a day, with its evidence."""
    from tradeguard.parties.eligibility import eligibility_decision
    from tradeguard.policy import load_policy

    day = _day(on)
    book = load_policy()
    deadlines = {
        k: int(v)
        for k, v in book.namespace("deadline", day).items()
        if k.startswith(("suspension.", "debarment."))
    }
    try:
        screener = _screener(list_path, db, day)
        now = dt.datetime.now(dt.UTC)
        for party in read_party_csv(parties):
            typer.echo(eligibility_decision(party, screener, day, deadlines, now).explain())
    except TradeGuardError as exc:
        raise _fail(exc) from exc


@app.command()
def link(
    left: Annotated[Path, typer.Argument(help="First party CSV.")],
    right: Annotated[Path | None, typer.Argument(help="Second party CSV (omit to dedupe).")] = None,
    mapping: Annotated[
        str, typer.Option("--map", help="Column mapping, e.g. 'company=name,tel=phone'.")
    ] = "",
    out: Annotated[Path | None, typer.Option("--out", help="Write links as CSV here.")] = None,
) -> None:
    """Link two party files (or deduplicate one) on the 2 CFR 180.905 indicia; print clusters."""
    from tradeguard.parties.linkage import Linker, clusters

    rename = dict(p.split("=", 1) for p in mapping.split(",") if "=" in p)
    try:
        a = read_party_csv(left, rename)
        b = read_party_csv(right, rename) if right else None
    except TradeGuardError as exc:
        raise _fail(exc) from exc
    linker = Linker(parties_policy())
    linker.learn(a + (b or []))
    links = linker.link(a, b)
    handle = out.open("w", newline="") if out else sys.stdout
    writer = csv.writer(handle)
    writer.writerow(["left", "right", "weight", "reasons"])
    for found in links:
        writer.writerow([found.left, found.right, f"{found.weight:.2f}", found.reasons])
    if out:
        handle.close()
    groups = clusters((x.left, x.right) for x in links)
    typer.echo(f"{len(links)} links in {len(groups)} clusters", err=True)


@app.command()
def evaluate(
    list_size: Annotated[int, typer.Option("--list-size", help="Names on the list.")] = 15_000,
    parties: Annotated[int, typer.Option("--parties", help="Parties to screen.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    world: Annotated[
        Path | None, typer.Option("--world", help="A synthetic world: also score re-establishment.")
    ] = None,
    splink: Annotated[
        bool, typer.Option("--splink/--no-splink", help="Compare with Splink.")
    ] = True,
) -> None:
    """Measured quality: screening recall and innocent alerts against the rapidfuzz baseline,
    and (with --world) re-establishment precision and recall, compared with Splink."""
    from tradeguard.parties.evalset import make_evalset
    from tradeguard.parties.evaluate import evaluate_screening

    data = make_evalset(list_size, parties, seed=seed)
    quality, _ = evaluate_screening(data, parties_policy())
    for line in quality.lines():
        typer.echo(line)
    if world is not None:
        from tradeguard.parties.world_eval import evaluate_world

        for line in evaluate_world(world, with_splink=splink):
            typer.echo(line)


@app.command()
def calibrate(
    list_size: Annotated[int, typer.Option("--list-size")] = 15_000,
    parties: Annotated[int, typer.Option("--parties")] = 20_000,
    seed: Annotated[int, typer.Option("--seed")] = 11,
) -> None:
    """Estimate log2(m/u) per feature level on a labelled set, and the reliability table."""
    from tradeguard.parties.evalset import make_evalset
    from tradeguard.parties.evaluate import calibrate as run

    weights, prior, table = run(make_evalset(list_size, parties, seed=seed), parties_policy())
    typer.echo(json.dumps({"prior_log2": round(prior, 2), "weights": weights}, indent=2))
    for mean, observed, n in table:
        typer.echo(f"predicted {mean:.3f}  observed {observed:.3f}  pairs {n}")


@app.command()
def notices(
    world: Annotated[Path, typer.Argument(help="A world folder (data/ loaded into the store).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write notices and alerts.")] = Path(
        "out"
    ),
    db: DbOption = None,
    on: DayOption = None,
) -> None:
    """Run the facilitator step: notices, stops, measures and referrals; save the decisions."""
    from tradeguard.parties.service import demo_step
    from tradeguard.policy import load_policy
    from tradeguard.services import open_store

    try:
        figures, _decisions, files = demo_step(open_store(db), world, out, load_policy(), _day(on))
    except TradeGuardError as exc:
        raise _fail(exc) from exc
    for label, value in figures:
        typer.echo(f"{label}: {value}")
    for name, path in files.items():
        typer.echo(f"{name}: {path}")


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Yesterday's SAM extract.")],
    new: Annotated[Path, typer.Argument(help="Today's SAM extract.")],
    db: DbOption = None,
) -> None:
    """Record what a new daily extract added, removed or modified (each addition of a CBP
    listing starts a 60-day notice clock)."""
    from tradeguard.parties.service import record_changes
    from tradeguard.services import open_store

    change = record_changes(open_store(db), old, new, parties_policy())
    typer.echo(
        f"added {len(change.added)}, removed {len(change.removed)}, modified {len(change.modified)}"
    )
