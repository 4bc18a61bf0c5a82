"""``tradeguard seizures ...``: a thin Typer surface over :mod:`tradeguard.seizures.service`.

Every command reads the store (``--db``, default ``TRADEGUARD_DATABASE_URL``) and writes files;
decisions are saved to the store.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from tradeguard.cli_support import exit_for
from tradeguard.errors import TradeGuardError
from tradeguard.policy import load_policy
from tradeguard.referrals.priority import priority_decisions
from tradeguard.referrals.queue import build_queue, queue_frame, queue_json
from tradeguard.seizures.disclosure import RightsHolder, visible_packages
from tradeguard.seizures.microdata import prepare
from tradeguard.seizures.params import seizures_policy
from tradeguard.seizures.service import disclose as disclose_packages
from tradeguard.seizures.service import (
    excluded_keys,
    load_recordations,
    load_seizures,
    publication_decisions,
)
from tradeguard.seizures.service import publish as publish_release
from tradeguard.services import open_store
from tradeguard.settings import Settings
from tradeguard.store.repository import DecisionStore

app = typer.Typer(help="Seizure publication, rights-holder disclosures and prosecution priority "
                  "(EO 13785 s.4(b), s.5; EO 13904 s.6).", no_args_is_help=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="store URL (default from settings)")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="ISO date (default today)")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="output folder")]


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date: {text!r}") from None


def _fail(exc: TradeGuardError) -> typer.Exit:
    return exit_for(exc)


@app.command()
def publish(out: OutOpt, db: DbOpt = None, as_of: AsOfOpt = None) -> None:
    """Build the quarterly publication due on --as-of (HTML, PDF, CSV, JSON, dictionary)."""
    day = _day(as_of)
    settings = Settings()
    try:
        engine = open_store(db, settings=settings)
        release, paths = publish_release(engine, load_policy(settings.policy_dir), day, out)
    except TradeGuardError as exc:
        raise _fail(exc) from None
    decided = dt.datetime.combine(day, dt.time(), dt.UTC)
    DecisionStore(engine).save(publication_decisions(release, decided), actor=settings.actor,
                               run_id=f"seizures-{release.quarter}")
    log = release.suppression_log()
    typer.echo(f"{release.quarter}: {len(release.current()) - len(log)} cells published, "
               f"{len(log)} withheld")
    for role, path in sorted(paths.items()):
        typer.echo(f"  {role}: {path}")


@app.command()
def disclose(
    out: OutOpt,
    holder: Annotated[str | None, typer.Option(help="owner name: only its packages")] = None,
    since: Annotated[str | None, typer.Option(help="cases seized on or after (ISO date)")] = None,
    db: DbOpt = None, as_of: AsOfOpt = None,
) -> None:
    """Rights-holder disclosure packages (19 CFR 133.21), logged in the audit log."""
    day = _day(as_of)
    settings = Settings()
    try:
        engine = open_store(db, settings=settings)
        packages = disclose_packages(engine, load_policy(settings.policy_dir), day,
                                     actor=settings.actor, since=_day(since) if since else None)
    except TradeGuardError as exc:
        raise _fail(exc) from None
    if holder is not None:
        recs = {n for n, r in load_recordations(engine).items() if r.owner_name == holder}
        packages = visible_packages(RightsHolder(holder, frozenset(recs)), packages)
    out.mkdir(parents=True, exist_ok=True)
    body = [{"case_number": p.case_number, "recordation_number": p.recordation_number,
             "recipient": p.recipient, "phase": p.phase.value, "made_on": p.made_on.isoformat(),
             "due_by": p.due_by.isoformat() if p.due_by else None, "fields": dict(p.fields),
             "statuses": dict(p.statuses), "notice": p.notice} for p in packages]
    (out / "disclosures.json").write_text(json.dumps(body, indent=1), encoding="utf-8")
    typer.echo(f"{len(packages)} disclosure packages -> {out / 'disclosures.json'}")


@app.command()
def priority(
    out: OutOpt, db: DbOpt = None, as_of: AsOfOpt = None,
    since: Annotated[str | None, typer.Option(help="score cases seized on or after")] = None,
    top: Annotated[int, typer.Option(help="referral packages to write")] = 100,
) -> None:
    """Score cases for prosecution priority and write the prosecutors' queue."""
    day = _day(as_of)
    settings = Settings()
    try:
        engine = open_store(db, settings=settings)
        policy = seizures_policy(load_policy(settings.policy_dir), day)
        events = prepare(load_seizures(engine, day), policy)
    except TradeGuardError as exc:
        raise _fail(exc) from None
    start = _day(since) if since else day - dt.timedelta(days=91)
    recent = events[events["seized_on"].dt.date >= start]
    decided = dt.datetime.combine(day, dt.time(), dt.UTC)
    decisions = priority_decisions(recent, policy, decided, excluded_keys(engine, day))
    DecisionStore(engine).save(decisions, actor=settings.actor, run_id=f"priority-{day}")
    queue = build_queue(events, decisions)
    out.mkdir(parents=True, exist_ok=True)
    queue_frame(queue).to_csv(out / "priority_queue.csv", index=False)
    (out / "referrals.json").write_text(queue_json(queue[:top]), encoding="utf-8")
    typer.echo(f"{len(queue)} cases queued, {sum(p.outcome == 'refer' for p in queue)} proposed "
               f"for referral -> {out}")
