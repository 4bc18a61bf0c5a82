"""CBP's ledger per facilitator and the measures it may lead to (EO 13904 s.3(b)).

The ledger counts, per facilitator, *continued facilitation* (stopped shipments or entries of
barred persons, carried after the notice window closed) and late or missing notices. Counts
at or above ``measures.thresholds`` lead to a recommended measure: a warning; for express
operators, carriers and hubs, limits on trusted-trader participation (CTPAT) and then action on
operating privileges (19 CFR 128.12); for brokers, suspension and then revocation of the
licence (19 U.S.C. 1641; 19 CFR Part 111). Every recommendation carries its due-process trail:
a notice of the proposed measure, the response window, and the decision still to take.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.policy import PartiesPolicy

__all__ = ["Ledger", "ledgers", "measure_decisions", "recommend"]


@dataclass(frozen=True, slots=True)
class Ledger:
    """One facilitator's record: continued facilitation and late or missing notices."""

    facilitator_id: str
    kind: str
    continued: int
    late_notices: int
    missing_notices: int
    references: tuple[str, ...] = ()

    @property
    def strikes(self) -> int:
        return self.continued + self.late_notices + self.missing_notices


def ledgers(
    facilitators: Mapping[str, str],
    stops: Iterable[Decision],
    notices: Iterable[Decision],
) -> list[Ledger]:
    """Ledgers from cease-facilitation stops and notice decisions (``facilitators``: id->kind)."""
    continued: dict[str, list[str]] = {}
    for d in stops:
        _, fid, ref = d.subject.split(":", 2)
        continued.setdefault(fid, []).append(ref)
    late: dict[str, int] = {}
    missing: dict[str, int] = {}
    for d in notices:
        fid = d.subject.split(":")[1]
        if d.outcome == "late":
            late[fid] = late.get(fid, 0) + 1
        elif d.outcome == "missing":
            missing[fid] = missing.get(fid, 0) + 1
    ids = sorted(set(continued) | set(late) | set(missing))
    return [
        Ledger(
            f,
            facilitators.get(f, "UNKNOWN"),
            len(continued.get(f, [])),
            late.get(f, 0),
            missing.get(f, 0),
            tuple(continued.get(f, [])[:20]),
        )
        for f in ids
    ]


def recommend(ledger: Ledger, thresholds: Mapping[str, int]) -> str:
    """The strongest measure the ledger reaches, or ``none``.

    >>> t = {"warning": 1, "trusted_trader_limit": 3, "operating_privileges": 10,
    ...      "broker_license_suspension": 5, "broker_license_revocation": 15}
    >>> broker, express = Ledger("B1", "BROKER", 6, 0, 0), Ledger("E1", "EXPRESS_OPERATOR", 3, 1, 0)
    >>> recommend(broker, t), recommend(express, t)
    ('broker_license_suspension', 'trusted_trader_limit')
    """
    n = ledger.strikes
    if ledger.kind == "BROKER":
        ladder: Sequence[str] = (
            "broker_license_revocation",
            "broker_license_suspension",
            "warning",
        )
    else:
        ladder = ("operating_privileges", "trusted_trader_limit", "warning")
    for measure in ladder:
        if n >= thresholds[measure]:
            return measure
    return "none"


def measure_decisions(
    books: Sequence[Ledger], policy: PartiesPolicy, as_of: dt.date, decided_at: dt.datetime
) -> list[Decision]:
    """A recommendation with its due-process trail for each facilitator that reaches one."""
    out: list[Decision] = []
    respond_by = as_of + dt.timedelta(days=policy.response_days)
    for book in books:
        measure = recommend(book, policy.measure_thresholds)
        if measure == "none":
            continue
        hits = (
            RuleHit(
                "MEASURE-LEDGER",
                float(book.strikes),
                f"{book.continued} shipment(s) or entries of barred persons carried, "
                f"{book.late_notices} late and {book.missing_notices} missing notice(s)",
                {"references": list(book.references)},
                "proposed",
            ),
            RuleHit(
                "MEASURE-NOTICE",
                0.0,
                f"notice of proposed {measure.replace('_', ' ')} issued {as_of}",
                {"stage": "notice", "on": as_of},
                "assumption",
            ),
            RuleHit(
                "MEASURE-RESPONSE",
                0.0,
                f"response due by {respond_by}",
                {"stage": "response", "due": respond_by},
                "assumption",
            ),
            RuleHit(
                "MEASURE-DECISION",
                0.0,
                "decision pending the response",
                {"stage": "decision", "status": "pending"},
                "assumption",
            ),
        )
        out.append(
            Decision(
                f"FAC:{book.facilitator_id}",
                "facilitator_measure",
                f"recommended:{measure}",
                float(book.strikes),
                hits,
                "EO 13904 s.3(b)",
                policy.version,
                inputs_digest([book.facilitator_id, book.strikes, measure, str(as_of)]),
                decided_at,
            )
        )
    return out
