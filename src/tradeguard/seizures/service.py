"""Service functions over the store: load frames, run the engines, save the decisions.

The only module of the capability that touches the database (SQLAlchemy Core against
:mod:`tradeguard.store.schema`); the engines it calls take frames and return results.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.policy import PolicyBook
from tradeguard.referrals.priority import priority_decisions
from tradeguard.referrals.queue import build_queue, queue_frame, queue_json
from tradeguard.seizures.disclosure import (
    DisclosurePackage,
    Recordation,
    build_package,
    log_entry,
)
from tradeguard.seizures.microdata import prepare
from tradeguard.seizures.params import SeizuresPolicy, seizures_policy
from tradeguard.seizures.phases import IprCase
from tradeguard.seizures.publish import Release, build_release, release_quarter
from tradeguard.seizures.repeat import normalise_name
from tradeguard.seizures.report import write_publication
from tradeguard.store import schema
from tradeguard.store.repository import AuditStore, DecisionStore

__all__ = [
    "cases_from_seizures",
    "demo_step",
    "disclose",
    "excluded_keys",
    "load_recordations",
    "load_seizures",
    "publication_decisions",
    "publish",
]


def load_seizures(engine: Engine, until: dt.date | None = None) -> pd.DataFrame:
    """Every seizure row (up to ``until``) as a frame."""
    table = schema.seizures
    query = select(*[c for c in table.c if c.name != "batch_id"])
    if until is not None:
        query = query.where(table.c.seized_on <= until)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(),
                            columns=[c.name for c in table.c if c.name != "batch_id"])


def load_recordations(engine: Engine) -> dict[str, Recordation]:
    """Recordations by number."""
    t = schema.recordations
    with engine.connect() as conn:
        rows = conn.execute(select(t)).mappings().all()
    return {r["recordation_number"]: Recordation(
        r["recordation_number"], r["kind"], r["owner_name"], r["registration_number"],
        r["effective_from"], r["expires_on"], r["contact_email"], bool(r["sample_bond_on_file"]))
        for r in rows}


def excluded_keys(engine: Engine, on: dt.date) -> set[str]:
    """``SHP:<normalised name>`` of every person with an exclusion active on ``on``."""
    p, e = schema.sam_persons, schema.sam_exclusions
    query = select(p.c.name).join(e, e.c.sam_number == p.c.sam_number).where(
        e.c.active_date <= on,
        (e.c.termination_date.is_(None)) | (e.c.termination_date >= on) | e.c.indefinite,
    )
    with engine.connect() as conn:
        return {f"SHP:{normalise_name(n)}" for (n,) in conn.execute(query)}


def publication_decisions(release: Release, decided_at: dt.datetime) -> list[Decision]:
    """One decision for the release and one per withheld cell of it."""
    policy = release.policy
    log = release.suppression_log()
    cells = release.current()
    counts = Counter(log["status"])
    digest = inputs_digest(cells.drop(columns=["tokens"]).to_dict(orient="list"))
    out = [Decision(
        f"PUBLICATION:{release.quarter}", "seizure_publication", "published",
        round(1 - len(log) / max(len(cells), 1), 4),
        (RuleHit("SDC-PRIMARY", float(counts.get("primary", 0)),
                 f"{counts.get('primary', 0)} cells fail the threshold, dominance or p% rule",
                 {}, policy.status("sdc.min_contributors")),
         RuleHit("SDC-SECONDARY", float(counts.get("secondary", 0)),
                 f"{counts.get('secondary', 0)} cells withheld so that no withheld cell can be "
                 "recovered by the LP attacker across this fiscal year's releases",
                 {}, "assumption")),
        "EO 13904 s.6(a)", policy.version, digest, decided_at)]
    for row in log.itertuples(index=False):
        where = "/".join(str(getattr(row, d)) for d in ("environment", "violation_group", "origin",
                                                          "category", "carrier", "offences")
                         if getattr(row, d))
        subject = f"CELL:{row.table}|{row.period}|{where}"[:200]
        out.append(Decision(subject, "publication_cell", "withheld", None, (
            RuleHit(f"SDC-{str(row.status).upper()}", 1.0, str(row.reason), {}, "assumption"),),
            "EO 13904 s.6(a)", policy.version, inputs_digest([subject, row.reason]), decided_at))
    return out


def publish(
    engine: Engine, book: PolicyBook, as_of: dt.date, out: Path
) -> tuple[Release, dict[str, Path]]:
    """Build the release due on ``as_of`` from the store and write its files into ``out``."""
    policy = seizures_policy(book, as_of)
    quarter = release_quarter(as_of, policy)
    events = prepare(load_seizures(engine, quarter.end), policy)
    release = build_release(events, quarter, policy)
    paths = write_publication(release, out)
    release.suppression_log().to_csv(out / "suppression_log.internal.csv", index=False)
    return release, paths


def cases_from_seizures(frame: pd.DataFrame) -> list[IprCase]:
    """IPR cases implied by seizure rows with a recordation: seized (notice on the seizure
    date) or abandoned. The seizure date stands in for the date of importation."""
    rows = frame[frame["recordation_number"].notna()]
    out = []
    for r in rows.itertuples(index=False):
        day = pd.Timestamp(str(r.seized_on)).date()
        quantity = pd.to_numeric(str(r.quantity), errors="coerce")
        facts = {"date_of_importation": day.isoformat(), "port_of_entry": str(r.port),
                 "description": str(r.category),
                 "quantity": "" if pd.isna(quantity) else f"{float(quantity):g}",
                 "country_of_origin": str(r.origin_country)}
        for key, value in (("manufacturer_name_address", r.manufacturer_name),
                           ("exporter_name_address", r.shipper_name),
                           ("importer_name_address", r.ior_number)):
            if isinstance(value, str) and value:
                facts[key] = value
        abandoned = r.disposition == "ABANDONED"
        released = r.disposition == "RELEASED"
        out.append(IprCase(
            str(r.case_number), str(r.recordation_number), day, day, day,
            seizure_notice_on=None if abandoned or released else day,
            abandoned_on=day if abandoned else None, released_on=day if released else None,
            facts=facts))
    return out


def disclose(engine: Engine, book: PolicyBook, on: dt.date, *, actor: str = "system",
             since: dt.date | None = None) -> list[DisclosurePackage]:
    """Packages for the IPR cases seized or abandoned in ``[since, on]``, logged (field names
    and recipients, never values) in the audit log."""
    policy = seizures_policy(book, on)
    frame = load_seizures(engine, on)
    if since is not None:
        frame = frame[pd.to_datetime(frame["seized_on"]).dt.date >= since]
    recs = load_recordations(engine)
    audit = AuditStore(engine)
    packages = []
    for case in cases_from_seizures(frame):
        rec = recs.get(case.recordation_number)
        if rec is None or not rec.in_force(on):
            continue
        package = build_package(case, rec, on, policy)
        entry = log_entry(package, dt.datetime.now(dt.UTC))
        audit.append(actor, "disclose", "ipr_disclosure", case.case_number, {
            "recordation_number": entry.recordation_number, "recipient": entry.recipient,
            "contact_email": entry.contact_email, "phase": entry.phase,
            "fields": list(entry.fields)})
        packages.append(package)
    return packages


def demo_step(
    engine: Engine, world_dir: Path, out_dir: Path, book: PolicyBook, as_of: dt.date
) -> tuple[list[tuple[str, str]], list[Decision], dict[str, Path]]:
    """The demo's seizures step: the publication due on ``as_of`` and the prosecutors' queue."""
    del world_dir  # everything comes from the store
    out = out_dir / "seizures"
    release, paths = publish(engine, book, as_of, out)
    policy: SeizuresPolicy = release.policy
    decided_at = dt.datetime.combine(as_of, dt.time(), dt.UTC)
    events = prepare(load_seizures(engine, as_of), policy)
    recent = events[events["seized_on"] >= pd.Timestamp(release.quarter.start)]
    priority = priority_decisions(recent, policy, decided_at, excluded_keys(engine, as_of))
    queue = build_queue(events, priority)
    queue_frame(queue).to_csv(out / "priority_queue.csv", index=False)
    (out / "referrals.json").write_text(queue_json(queue[:200]), encoding="utf-8")
    paths |= {"queue": out / "priority_queue.csv", "referrals": out / "referrals.json"}
    log = release.suppression_log()
    figures = [
        ("release", str(release.quarter)),
        ("cells published", f"{len(release.current()) - len(log):,}"),
        ("cells withheld (primary / secondary)",
         f"{(log['status'] == 'primary').sum():,} / {(log['status'] == 'secondary').sum():,}"),
        ("cases scored for prosecution priority", f"{len(priority):,}"),
        ("proposed for referral", f"{sum(d.outcome == 'refer' for d in priority):,}"),
    ]
    decisions = [*publication_decisions(release, decided_at), *priority]
    DecisionStore(engine).save(decisions, actor="demo", run_id=f"seizures-{release.quarter}")
    return figures, decisions, paths
