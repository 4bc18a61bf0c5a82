"""The thin edge of ``parties``: load frames from the store, run the engines, save decisions.

Only this module (and the CLI) touch the database, through SQLAlchemy Core on
``tradeguard.store.schema``; the engines take records and return decisions.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.eligibility import eligibility_decision
from tradeguard.parties.linkage import Linker
from tradeguard.parties.measures import ledgers, measure_decisions
from tradeguard.parties.notices import (
    Attempt,
    Filing,
    cease_decisions,
    notice_decisions,
    notice_export,
    publications,
)
from tradeguard.parties.policy import PartiesPolicy, parties_policy
from tradeguard.parties.records import Party, party_from_row, read_party_csv
from tradeguard.parties.reestablish import find_reestablished, reestablishment_decisions
from tradeguard.parties.screen import Screener, corroborated
from tradeguard.parties.screenlist import (
    ListDiff,
    ScreeningList,
    build_list,
    diff_lists,
    list_from_extract,
)
from tradeguard.policy import PolicyBook
from tradeguard.referrals.present_responsibility import referral_decisions
from tradeguard.store import schema
from tradeguard.store.repository import DecisionStore

__all__ = [
    "Traffic",
    "change_decisions",
    "demo_step",
    "express_traffic",
    "load_importers",
    "load_list",
    "record_changes",
]


def _rows(engine: Engine, table: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table))]


def load_list(engine: Engine, as_of: dt.date | None = None) -> ScreeningList:
    """The screening list from ``sam_persons``, ``sam_exclusions`` and ``sam_aliases``."""
    return build_list(
        _rows(engine, schema.sam_persons),
        _rows(engine, schema.sam_exclusions),
        _rows(engine, schema.sam_aliases),
        as_of,
    )


def load_importers(engine: Engine) -> list[Party]:
    """The importer registry as party records (``party_id`` is the IOR number)."""
    return [
        party_from_row({**r, "party_id": r["ior_number"]}) for r in _rows(engine, schema.importers)
    ]


@dataclass(frozen=True)
class Traffic:
    """Parties seen in facilitators' traffic: who, which facilitator, which shipment, when."""

    parties: list[Party]
    seen_on: dict[str, dt.date]


def express_traffic(engine: Engine, since: dt.date | None = None) -> Traffic:
    """Shippers and consignees of express shipments, one party per name and waybill."""
    t = schema.express_shipments
    query = select(
        t.c.operator_id,
        t.c.waybill,
        t.c.arrival_date,
        t.c.shipper_name,
        t.c.shipper_address,
        t.c.consignee_address,
        t.c.consignee_name,
        t.c.ior_number,
        t.c.broker_filer_code,
        t.c.origin_country,
    )
    if since is not None:
        query = query.where(t.c.arrival_date >= since)
    parties: list[Party] = []
    seen: dict[str, dt.date] = {}
    with engine.connect() as conn:
        for r in conn.execute(query):
            for role, name, where in (
                ("shipper", r.shipper_name, r.shipper_address),
                ("consignee", r.consignee_name, r.consignee_address),
            ):
                if not name:
                    continue
                pid = f"{r.operator_id}:{r.waybill}:{role}"
                parties.append(
                    Party(
                        pid,
                        name,
                        street=where or "",
                        role=role,
                        facilitator_id=r.operator_id,
                        reference=r.waybill,
                        ior_number=r.ior_number or "",
                        broker=r.broker_filer_code or "",
                    )
                )
                seen[pid] = r.arrival_date
    return Traffic(parties, seen)


def change_decisions(
    diff: ListDiff,
    new: ScreeningList,
    day: dt.date,
    policy: PartiesPolicy,
    decided_at: dt.datetime,
) -> list[Decision]:
    """One ``sam_list_change`` decision per added, removed or modified SAM Number."""
    due = day + dt.timedelta(days=policy.notice_window_days)
    out: list[Decision] = []
    none: tuple[str, ...] = ()
    changes = [(s, "added", none) for s in diff.added]
    changes += [(s, "removed", none) for s in diff.removed]
    changes += [(s, "modified", f) for s, f in diff.modified.items()]
    for sam, what, fields in changes:
        entry = new.entries.get(sam)
        clock = (
            entry is not None
            and what == "added"
            and any(e.is_trade(policy) for e in entry.exclusions)
        )
        reason = f"{sam} {what} in the extract of {day}" + (
            f" ({', '.join(fields)})" if fields else ""
        )
        if clock:
            reason += f"; CBP trade-related listing: facilitator notices due by {due}"
        hit = RuleHit(
            f"SAM-{what.upper()}",
            1.0 if clock else 0.0,
            reason,
            {"fields": list(fields), "notice_due": due if clock else None},
            "law",
        )
        out.append(
            Decision(
                f"SAM:{sam}",
                "sam_list_change",
                what,
                None,
                (hit,),
                "EO 13904 s.3(a)",
                policy.version,
                inputs_digest([sam, what, list(fields), str(day)]),
                decided_at,
            )
        )
    return out


def record_changes(engine: Engine, old: Path, new: Path, policy: PartiesPolicy) -> ListDiff:
    """Diff two daily extracts and store the changes as decisions."""
    before, after = list_from_extract(old), list_from_extract(new)
    diff = diff_lists(before, after)
    day = after.as_of or dt.date.today()
    now = dt.datetime.now(dt.UTC)
    DecisionStore(engine).save(
        change_decisions(diff, after, day, policy, now), run_id=f"sam-diff-{day}"
    )
    return diff


def _attempts(traffic: Traffic, screener: Screener, listed: set[str]) -> list[Attempt]:
    """Alerts in facilitators' traffic against CBP trade-related listings only."""
    out: list[Attempt] = []
    for result in screener.screen(traffic.parties, explain=True):
        if result.outcome == "clear":
            continue
        relevant = [m for m in result.matches if m.sam_number in listed]
        if not relevant:
            continue
        p, best = result.party, relevant[0]
        out.append(
            Attempt(
                p.facilitator_id,
                best.sam_number,
                p.reference,
                p.name,
                traffic.seen_on[p.party_id],
                best.probability,
                "; ".join(h.reason for h in best.hits[:3]),
                corroborated(best),
            )
        )
    return out


def _read_filings(path: Path) -> list[Filing]:
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [
            Filing(r["facilitator_id"], r["sam_number"], dt.date.fromisoformat(r["filed_on"]))
            for r in csv.DictReader(handle)
        ]


def _write_alerts(path: Path, attempts: Sequence[Attempt]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "facilitator_id",
                "reference",
                "party_name",
                "sam_number",
                "seen_on",
                "probability",
                "why",
            ]
        )
        for a in attempts:
            writer.writerow(
                [
                    a.facilitator_id,
                    a.reference,
                    a.party_name,
                    a.sam_number,
                    a.seen_on,
                    f"{a.probability:.4f}",
                    a.reason,
                ]
            )


def _facilitator_kinds(engine: Engine) -> dict[str, str]:
    return {r["facilitator_id"]: r["kind"] for r in _rows(engine, schema.facilitators)}


def demo_step(
    engine: Engine, world_dir: Path, out_dir: Path, book: PolicyBook, as_of: dt.date
) -> tuple[list[tuple[str, str]], list[Decision], dict[str, Path]]:
    """Screen importers and express traffic, decide eligibility, find re-establishments, open
    notice windows, stop shipments, and recommend measures and referrals; save and report."""
    policy = parties_policy(book, as_of)
    now = dt.datetime.combine(as_of, dt.time(12), dt.UTC)
    screening_list = load_list(engine, as_of)
    importers = load_importers(engine) or read_party_csv(Path(world_dir) / "data" / "importers.csv")
    screener = Screener(screening_list, policy)
    deadlines = {
        k: int(v)
        for k, v in book.namespace("deadline", as_of).items()
        if k.startswith(("suspension.", "debarment."))
    }
    found, _cases = find_reestablished(importers, screener, Linker(policy))
    affiliates: dict[str, list[RuleHit]] = {}
    for r in found:
        affiliates.setdefault(r.importer.party_id, []).extend(r.hits[:4])
    results = screener.screen(importers)
    eligibility = [
        eligibility_decision(
            p, screener, as_of, deadlines, now, res, affiliates.get(p.party_id, ())
        )
        for p, res in zip(importers, results, strict=True)
    ]
    decisions = eligibility + reestablishment_decisions(found, policy.version, now)
    pubs = publications(screening_list, policy)
    attempts = _attempts(express_traffic(engine), screener, {p.sam_number for p in pubs})
    filings = _read_filings(Path(world_dir) / "data" / "facilitator_notices.csv")
    notices = notice_decisions(pubs, attempts, filings, as_of, policy, now)
    stops = cease_decisions(attempts, screening_list, policy, now)
    books = ledgers(_facilitator_kinds(engine), stops, notices)
    decisions += notices + stops + measure_decisions(books, policy, as_of, now)
    decisions += referral_decisions(books, policy, now)
    DecisionStore(engine).save(decisions, run_id=f"parties-{as_of}")
    artifacts = _write_artifacts(Path(out_dir) / "parties", attempts, pubs)
    count = _count(decisions)
    figures = [
        ("listed persons (SAM)", f"{len(screening_list):,}"),
        ("CBP trade-related listings", f"{len(pubs):,}"),
        (
            "importers ineligible / review / eligible (proposed criteria)",
            f"{count('ior_eligibility', 'ineligible')} / {count('ior_eligibility', 'review')} / "
            f"{count('ior_eligibility', 'eligible')}",
        ),
        ("probable re-establishments (2 CFR 180.905)", f"{len(found):,}"),
        ("express shipments alerted / stopped", f"{len(attempts):,} / {len(stops):,}"),
        (
            "notices late or missing",
            f"{count('facilitator_notice', 'late') + count('facilitator_notice', 'missing'):,}",
        ),
        ("facilitator measures recommended", f"{count('facilitator_measure', None):,}"),
    ]
    return figures, decisions, artifacts


def _count(decisions: Sequence[Decision]) -> Any:
    def count(kind: str, outcome: str | None) -> int:
        return sum(
            1 for d in decisions if d.kind == kind and (outcome is None or d.outcome == outcome)
        )

    return count


def _write_artifacts(
    out: Path, attempts: Sequence[Attempt], pubs: Sequence[Any]
) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    alerts = out / "facilitator_alerts.csv"
    _write_alerts(alerts, attempts)
    by_pub = {p.sam_number: p for p in pubs}
    grouped: dict[tuple[str, str], list[Attempt]] = {}
    for a in attempts:
        if a.sam_number in by_pub:
            grouped.setdefault((a.facilitator_id, a.sam_number), []).append(a)
    exports = [notice_export(f, by_pub[s], items) for (f, s), items in sorted(grouped.items())]
    notices = out / "notices.json"
    notices.write_text(json.dumps(exports, indent=2, sort_keys=True) + "\n")
    return {"facilitator_alerts": alerts, "notices": notices}
