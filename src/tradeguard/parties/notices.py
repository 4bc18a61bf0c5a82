"""60-day facilitator notices (EO 13904 s.3(a)) and cease-facilitation stops (s.3(b)).

Each CBP trade-related listing opens, on its SAM publication day, a window of
``notice.window_days`` (60) for every express consignment operator, carrier, hub and broker.
An *attempt* is a shipment or entry in a facilitator's own traffic whose party screens to the
listed person (or is a probable re-establishment of it). Per publication and facilitator with
attempts, the notice is ``filed`` (on time), ``late``, ``missing`` (window closed, none filed)
or ``open`` (window still running). :func:`notice_export` is the structured notice a
facilitator files. Shipments of a person barred on the day of arrival are stopped, with the
reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.screenlist import ScreeningList

__all__ = [
    "Attempt",
    "Filing",
    "Publication",
    "cease_decisions",
    "notice_decisions",
    "notice_export",
    "notice_status",
    "publications",
]


@dataclass(frozen=True, slots=True)
class Publication:
    """A CBP listing in SAM and the last day of its notice window."""

    sam_number: str
    name: str
    published_on: dt.date
    due_on: dt.date


@dataclass(frozen=True, slots=True)
class Attempt:
    """A shipment or entry in a facilitator's traffic tied to a listed person."""

    facilitator_id: str
    sam_number: str
    reference: str
    party_name: str
    seen_on: dt.date
    probability: float
    reason: str = ""
    corroborated: bool = True


@dataclass(frozen=True, slots=True)
class Filing:
    """A notice a facilitator filed with CBP about a listed person."""

    facilitator_id: str
    sam_number: str
    filed_on: dt.date


def publications(
    screening_list: ScreeningList,
    policy: PartiesPolicy,
    published: Mapping[str, dt.date] | None = None,
) -> list[Publication]:
    """Publications of CBP trade-related listings; ``published`` overrides days (from diffs).

    >>> from tradeguard.parties.policy import parties_policy
    >>> from tradeguard.parties.screenlist import Exclusion, ListEntry
    >>> pending = "Ineligible (Proceedings Pending)"
    >>> e = Exclusion("DHS-CBP", pending, dt.date(2026, 1, 5), None, True)
    >>> lst = ScreeningList({"S1": ListEntry("S1", "Firm", "ACME LLC", exclusions=(e,))})
    >>> publications(lst, parties_policy())[0].due_on
    datetime.date(2026, 3, 6)
    """
    days = dt.timedelta(days=policy.notice_window_days)
    out: list[Publication] = []
    for entry in screening_list.entries.values():
        trade = [e for e in entry.exclusions if e.is_trade(policy)]
        if not trade:
            continue
        day = (published or {}).get(entry.sam_number) or min(e.published_on for e in trade)
        out.append(Publication(entry.sam_number, entry.name, day, day + days))
    return sorted(out, key=lambda p: (p.published_on, p.sam_number))


def notice_status(
    publication: Publication, filings: Sequence[Filing], as_of: dt.date
) -> tuple[str, int]:
    """``filed``/``late``/``missing``/``open`` and the days late (0 unless late or missing).

    >>> p = Publication("S1", "ACME", dt.date(2026, 1, 1), dt.date(2026, 3, 2))
    >>> notice_status(p, [Filing("F", "S1", dt.date(2026, 3, 5))], dt.date(2026, 4, 1))
    ('late', 3)
    """
    mine = sorted(f.filed_on for f in filings if f.sam_number == publication.sam_number)
    if mine:
        late = (mine[0] - publication.due_on).days
        return ("late", late) if late > 0 else ("filed", 0)
    if as_of > publication.due_on:
        return "missing", (as_of - publication.due_on).days
    return "open", 0


def notice_decisions(
    pubs: Sequence[Publication],
    attempts: Iterable[Attempt],
    filings: Iterable[Filing],
    as_of: dt.date,
    policy: PartiesPolicy,
    decided_at: dt.datetime,
) -> list[Decision]:
    """One decision per publication and facilitator that saw an attempt in the window."""
    by_pub: dict[tuple[str, str], list[Attempt]] = {}
    window = {p.sam_number: p for p in pubs}
    for a in attempts:
        pub = window.get(a.sam_number)
        if pub and pub.published_on <= a.seen_on <= max(pub.due_on, as_of):
            by_pub.setdefault((a.facilitator_id, a.sam_number), []).append(a)
    filed: dict[str, list[Filing]] = {}
    for f in filings:
        filed.setdefault(f.facilitator_id, []).append(f)
    out: list[Decision] = []
    for (fid, sam), seen in sorted(by_pub.items()):
        pub = window[sam]
        status, days_late = notice_status(pub, filed.get(fid, []), as_of)
        hits = [
            RuleHit(
                "NOTICE-WINDOW",
                0.0,
                f"{pub.name} ({sam}) published {pub.published_on}; notice due by {pub.due_on}",
                {"due_on": pub.due_on},
                "law",
            ),
            RuleHit(
                "NOTICE-ATTEMPTS",
                float(len(seen)),
                f"{len(seen)} attempt(s) in {fid}'s traffic, first {seen[0].reference} "
                f"on {min(a.seen_on for a in seen)} ({seen[0].party_name})",
                {"references": [a.reference for a in seen][:50]},
                "proposed",
            ),
            RuleHit(
                f"NOTICE-{status.upper()}",
                float(days_late),
                f"notice {status}"
                + (f", {days_late} days after the deadline" if days_late else ""),
                {"days_late": days_late},
                "law",
            ),
        ]
        out.append(
            Decision(
                f"FAC:{fid}:{sam}",
                "facilitator_notice",
                status,
                float(days_late),
                tuple(hits),
                "EO 13904 s.3(a)",
                policy.version,
                inputs_digest([fid, sam, [a.reference for a in seen], status]),
                decided_at,
            )
        )
    return out


def notice_export(
    facilitator_id: str, pub: Publication, attempts: Sequence[Attempt]
) -> dict[str, Any]:
    """The notice a facilitator files with CBP, as a JSON-ready mapping."""
    return {
        "form": "EO13904-S3A-NOTICE",
        "facilitator_id": facilitator_id,
        "listed_person": {"sam_number": pub.sam_number, "name": pub.name},
        "published_on": pub.published_on.isoformat(),
        "due_on": pub.due_on.isoformat(),
        "attempts": [
            {
                "reference": a.reference,
                "party_name": a.party_name,
                "seen_on": a.seen_on.isoformat(),
                "match_probability": round(a.probability, 4),
                "why": a.reason,
            }
            for a in sorted(attempts, key=lambda a: (a.seen_on, a.reference))
        ],
    }


def cease_decisions(
    attempts: Iterable[Attempt],
    screening_list: ScreeningList,
    policy: PartiesPolicy,
    decided_at: dt.datetime,
) -> list[Decision]:
    """Stop each shipment or entry of a person barred (CBP, trade, active) on its day."""
    out: list[Decision] = []
    for a in attempts:
        entry = screening_list.entries.get(a.sam_number)
        if entry is None or a.probability < policy.confirm_threshold or not a.corroborated:
            continue
        if not entry.bars_ior(a.seen_on, policy):
            continue
        reason = (
            f"{a.party_name} is {entry.name} ({entry.sam_number}), suspended or debarred "
            f"by CBP on {a.seen_on}: the facilitator must not carry it (s.3(b))"
        )
        hit = RuleHit(
            "CEASE-FACILITATION",
            1.0,
            reason,
            {
                "sam_number": entry.sam_number,
                "probability": round(a.probability, 4),
                "match": a.reason,
            },
            "proposed",
        )
        out.append(
            Decision(
                f"SHIPMENT:{a.facilitator_id}:{a.reference}",
                "cease_facilitation",
                "stop",
                a.probability,
                (hit,),
                "EO 13904 s.3(b)",
                policy.version,
                inputs_digest([a.facilitator_id, a.reference, a.sam_number]),
                decided_at,
            )
        )
    return out
