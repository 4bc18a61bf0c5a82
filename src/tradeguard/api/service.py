"""Scoped service functions: what every surface (REST API, dashboard) calls.

Each function takes the caller's :class:`~tradeguard.cases.access.Principal`, checks the role
(:func:`~tradeguard.cases.access.require`), narrows the data to what the caller may see, and
calls the capability's own service functions: the same ones the CLI uses. Routes and pages
only parse, call one of these, and render.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Select, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

import tradeguard.store.service_schema  # noqa: F401  (the service tables on the metadata)
from tradeguard.api.auth import KeyStore
from tradeguard.api.config import ApiConfig
from tradeguard.cases.access import (
    DecisionScope,
    Permission,
    Principal,
    Role,
    decision_scope,
    require,
)
from tradeguard.cases.rules import alert_from_decision, due_on
from tradeguard.cases.service import decision_from_row, due_values, effective_book
from tradeguard.cases.store import CaseStore, Override
from tradeguard.domain.decisions import Decision
from tradeguard.errors import FieldError, Forbidden, InvalidInput, NotFound
from tradeguard.ingest.loader import LoadReport, load_file
from tradeguard.policy import PolicyBook
from tradeguard.store import schema, service_schema
from tradeguard.store.repository import AuditStore, DecisionStore, StoredDecision

__all__ = [
    "Deadline",
    "Overview",
    "Page",
    "ScreenedParty",
    "ServiceContext",
    "bond_demands",
    "deadlines",
    "disclosures",
    "eligibility",
    "fees",
    "gate_items",
    "get_decision",
    "importer_assessment",
    "ingest_upload",
    "list_decisions",
    "overview",
    "post_levels",
    "post_scores",
    "publications",
    "referrals",
    "screen_parties",
    "screening_alerts",
]

IMPORTER_KINDS = (
    "covered_importer",
    "adcvd_exposure",
    "revenue_risk",
    "adcvd_security",
    "continuous_bond_sufficiency",
    "bond_insufficiency",
    "ior_eligibility",
    "reestablishment",
)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class ServiceContext:
    """What the service functions share: the store, the policy files, limits, caches."""

    engine: Engine
    base_book: PolicyBook
    config: ApiConfig
    keys: KeyStore
    _screeners: dict[dt.date, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def book(self) -> PolicyBook:
        """The policy files plus every approved change."""
        return effective_book(self.engine, self.base_book)

    def screener(self, on: dt.date) -> Any:
        """A screener on the store's list as of ``on`` (built once, until the next ingest)."""
        from tradeguard.parties.policy import parties_policy
        from tradeguard.parties.screen import Screener
        from tradeguard.parties.service import load_list

        with self._lock:
            cached = self._screeners.get(on)
            if cached is None:
                cached = Screener(load_list(self.engine, on), parties_policy(self.book(), on))
                self._screeners = {on: cached}  # one day at a time: bounded memory
            return cached

    def invalidate(self) -> None:
        with self._lock:
            self._screeners = {}


@dataclass(frozen=True)
class Page:
    """One page of a list, with where the next one starts."""

    items: list[Any]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + len(self.items)
        return nxt if nxt < self.total else None


# -- decisions --------------------------------------------------------------------------------


def _clients(engine: Engine, principal: Principal) -> list[str]:
    """A broker's clients: importers whose broker filer code is the broker's."""
    if principal.role is not Role.BROKER:
        return []
    f, i = schema.facilitators, schema.importers
    query = (
        select(i.c.ior_number)
        .join(f, f.c.filer_code == i.c.broker_filer_code)
        .where(f.c.facilitator_id == principal.subject)
    )
    with engine.connect() as conn:
        return sorted(str(r) for r in conn.execute(query).scalars())


def scope_of(ctx: ServiceContext, principal: Principal) -> DecisionScope:
    return decision_scope(principal, _clients(ctx.engine, principal))


def _scope_filter(scope: DecisionScope) -> ColumnElement[bool]:
    t = schema.decisions
    parts: list[ColumnElement[bool]] = []
    if scope.kinds is not None:
        parts.append(t.c.kind.in_(sorted(scope.kinds)))
    if not scope.everything:
        alternatives: list[ColumnElement[bool]] = [
            t.c.subject.startswith(p, autoescape=True) for p in scope.prefixes
        ]
        if scope.subjects:
            alternatives.append(t.c.subject.in_(sorted(scope.subjects)))
        parts.append(or_(False, *alternatives))
    return and_(True, *parts)


def _page(ctx: ServiceContext, query: Select[Any], limit: int, offset: int) -> Page:
    t = schema.decisions
    limit = _limit(ctx, limit)
    with ctx.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())
        rows = conn.execute(query.order_by(t.c.id.desc()).limit(limit).offset(offset))
        items = [decision_from_row(r._mapping) for r in rows]
    return Page(items, total, limit, offset)


def _limit(ctx: ServiceContext, limit: int) -> int:
    if limit < 1 or limit > ctx.config.api_max_page_size:
        error = FieldError("limit", f"must be 1 to {ctx.config.api_max_page_size}")
        raise InvalidInput("limit out of range", errors=[error])
    return limit


def list_decisions(
    ctx: ServiceContext,
    principal: Principal,
    *,
    kind: str | None = None,
    subject: str | None = None,
    outcome: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Stored decisions the caller may see, newest first."""
    require(principal, Permission.DECISIONS)
    t = schema.decisions
    query = select(t).where(_scope_filter(scope_of(ctx, principal)))
    if kind:
        query = query.where(t.c.kind == kind)
    if subject:
        query = query.where(t.c.subject == subject)
    if outcome:
        query = query.where(t.c.outcome == outcome)
    return _page(ctx, query, limit, offset)


def get_decision(ctx: ServiceContext, principal: Principal, decision_id: int) -> StoredDecision:
    """One decision with its evidence (NotFound when it does not exist or is not the caller's)."""
    require(principal, Permission.DECISIONS)
    t = schema.decisions
    query = select(t).where(t.c.id == decision_id, _scope_filter(scope_of(ctx, principal)))
    with ctx.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"no decision {decision_id}")
    return decision_from_row(row._mapping)


def overrides_for(ctx: ServiceContext, subjects: Sequence[str]) -> dict[tuple[str, str], Override]:
    return CaseStore(ctx.engine).overrides(sorted(set(subjects)))


# -- ingest -----------------------------------------------------------------------------------


def ingest_upload(
    ctx: ServiceContext, principal: Principal, filename: str, content: Any, kind: str | None
) -> LoadReport:
    """Load an uploaded file (``content``: a binary file object) through the real readers."""
    require(principal, Permission.INGEST)
    name = _SAFE_NAME.sub("_", Path(filename or "").name)[:200]
    if not name.strip("._"):
        raise InvalidInput("the upload needs a file name", errors=[FieldError("file", "no name")])
    with tempfile.TemporaryDirectory(prefix="tg-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            while chunk := content.read(1 << 20):
                out.write(chunk)
        report = load_file(ctx.engine, path, kind or None, actor=principal.actor)
    ctx.invalidate()
    return report


# -- parties ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenedParty:
    party_id: str
    outcome: str
    probability: float
    matches: list[dict[str, Any]]
    previously_dismissed: list[str]


def _parties(principal: Principal, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    from tradeguard.parties.records import party_from_row

    parties = []
    for line, row in enumerate(rows, start=1):
        party = party_from_row(row, line)
        if not principal.is_cbp:  # a facilitator's parties are its own: keep them apart
            party = _rename(party, f"{principal.subject}:{party.party_id}")
        parties.append(party)
    return parties


def _rename(party: Any, party_id: str) -> Any:
    from dataclasses import replace

    return replace(party, party_id=party_id)


def _batch(ctx: ServiceContext, rows: Sequence[Any], what: str) -> None:
    if not rows or len(rows) > ctx.config.api_max_batch_items:
        error = FieldError(what, f"send 1 to {ctx.config.api_max_batch_items} {what}")
        raise InvalidInput(f"batch size out of range ({len(rows)})", errors=[error])


def screen_parties(
    ctx: ServiceContext,
    principal: Principal,
    rows: Sequence[Mapping[str, Any]],
    on: dt.date,
    *,
    threshold: float | None = None,
    record: bool = True,
) -> list[ScreenedParty]:
    """Screen parties against the list in force on ``on``; alerts and matches are stored as
    ``party_screening`` decisions (so that they become cases), and a match an analyst has
    dismissed for that party is flagged as such."""
    from tradeguard.parties.screen import screening_decisions

    require(principal, Permission.SCREEN)
    _batch(ctx, rows, "parties")
    parties = _parties(principal, rows)
    screener = ctx.screener(on)
    results = screener.screen(parties, explain=True)
    dismissed = CaseStore(ctx.engine).dismissed_many([f"PARTY:{p.party_id}" for p in parties])
    if record:
        now = dt.datetime.now(dt.UTC)
        DecisionStore(ctx.engine).save(
            screening_decisions(results, screener.policy, now),
            actor=principal.actor,
            run_id=f"api-screen-{now:%Y%m%d}",
        )
    prefix = f"{principal.subject}:" if not principal.is_cbp else ""
    out = []
    for r in results:
        seen = dismissed.get(f"PARTY:{r.party.party_id}", frozenset())
        floor = threshold if threshold is not None else 0.0
        matches = [
            {
                "sam_number": m.sam_number,
                "matched_name": m.matched_name,
                "probability": round(m.probability, 6),
                "explanations": [h.to_dict() for h in m.hits],
            }
            for m in (r.matches if r.outcome != "clear" else ())  # clear: not explained
            if m.probability >= floor
        ]
        out.append(
            ScreenedParty(
                r.party.party_id.removeprefix(prefix),
                r.outcome,
                round(r.probability, 6),
                matches,
                sorted(k for k in seen if any(k == f"SAM:{m['sam_number']}" for m in matches)),
            )
        )
    return out


def eligibility(
    ctx: ServiceContext, principal: Principal, row: Mapping[str, Any], on: dt.date
) -> Decision:
    """IOR eligibility of one applicant on ``on`` (proposed s.2(b) criteria), with evidence."""
    from tradeguard.parties.eligibility import eligibility_decision
    from tradeguard.parties.records import party_from_row

    require(principal, Permission.ELIGIBILITY)
    book = ctx.book()
    deadlines = {
        k: int(v)
        for k, v in book.namespace("deadline", on).items()
        if k.startswith(("suspension.", "debarment."))
    }
    party = party_from_row(row, 1)
    decision = eligibility_decision(party, ctx.screener(on), on, deadlines, dt.datetime.now(dt.UTC))
    AuditStore(ctx.engine).append(
        principal.actor, "eligibility", "applicant", decision.subject, {"outcome": decision.outcome}
    )
    return decision


# -- importers --------------------------------------------------------------------------------


def _own_importer(ctx: ServiceContext, principal: Principal, ior: str) -> None:
    if principal.is_cbp:
        return
    if ior not in _clients(ctx.engine, principal):
        raise NotFound(f"no importer {ior} among your clients")


def importer_assessment(
    ctx: ServiceContext, principal: Principal, ior: str
) -> tuple[list[StoredDecision], dict[tuple[str, str], Override]]:
    """The latest decision of each kind about an importer (covered, exposure, risk, security,
    bond, eligibility, re-establishment) and any manual override of its level."""
    require(principal, Permission.IMPORTERS)
    _own_importer(ctx, principal, ior)
    t = schema.decisions
    subject = f"IOR:{ior}"
    latest = (
        select(t.c.kind, func.max(t.c.id).label("id"))
        .where(t.c.subject == subject, t.c.kind.in_(IMPORTER_KINDS))
        .group_by(t.c.kind)
        .subquery()
    )
    with ctx.engine.connect() as conn:
        rows = conn.execute(select(t).join(latest, latest.c.id == t.c.id).order_by(t.c.kind))
        items = [decision_from_row(r._mapping) for r in rows]
    if not items:
        raise NotFound(f"no decision about importer {ior}")
    return items, overrides_for(ctx, [subject])


def bond_demands(ctx: ServiceContext, principal: Principal, limit: int, offset: int) -> Page:
    """Security and bond demands: supplemental security, live entry, insufficient bonds and
    letters of insufficiency (a broker: its clients' only)."""
    require(principal, Permission.IMPORTERS)
    t = schema.decisions
    demand = or_(
        and_(t.c.kind == "adcvd_security", t.c.outcome != "none"),
        and_(t.c.kind == "continuous_bond_sufficiency", t.c.outcome == "insufficient"),
        t.c.kind == "bond_insufficiency",
    )
    query = select(t).where(demand, _scope_filter(scope_of(ctx, principal)))
    return _page(ctx, query, limit, offset)


# -- posts ------------------------------------------------------------------------------------


def _own_post(principal: Principal, post_code: str) -> None:
    if principal.role is Role.POST and post_code != principal.subject:
        raise NotFound(f"no scores for post {post_code}")


def post_levels(ctx: ServiceContext) -> dict[str, int]:
    """Measures in force per post (tier 0-3): its latest ``post_measures`` decision."""
    t = schema.decisions
    query = (
        select(t.c.subject, t.c.score)
        .where(t.c.kind == "post_measures")
        .order_by(t.c.decided_at, t.c.id)
    )
    levels: dict[str, int] = {}
    with ctx.engine.connect() as conn:
        for subject, score in conn.execute(query):
            levels[str(subject).removeprefix("POST:")] = int(score or 0)
    return levels


def post_scores(
    ctx: ServiceContext, principal: Principal, post_code: str | None = None
) -> list[dict[str, Any]]:
    """Quarterly scores and status per post, oldest first, with the measures in force; a post
    sees its own only."""
    require(principal, Permission.POST_SCORES)
    if principal.role is Role.POST:
        post_code = post_code or principal.subject
    if post_code:
        _own_post(principal, post_code)
    t = schema.decisions
    query = select(t).where(t.c.kind == "post_quarter_status").order_by(t.c.decided_at, t.c.id)
    if post_code:
        query = query.where(t.c.subject == f"POST:{post_code}")
    levels = post_levels(ctx)
    out = []
    from tradeguard.domain.calendar import Quarter

    with ctx.engine.connect() as conn:
        for row in conn.execute(query):
            item = decision_from_row(row._mapping)
            d = item.decision
            code = d.subject.removeprefix("POST:")
            quarter = Quarter.of(d.decided_at.date() - dt.timedelta(days=1))
            out.append(
                {
                    "post_code": code,
                    "quarter": str(quarter),
                    "outcome": d.outcome,
                    "score": d.score,
                    "level": levels.get(code, 0),
                    "decision_id": item.id,
                    "reasons": [h.reason for h in d.hits],
                }
            )
    if post_code and not out:
        raise NotFound(f"no scores for post {post_code}")
    return out


def gate_items(
    ctx: ServiceContext, principal: Principal, items: Sequence[Mapping[str, Any]], at: dt.datetime
) -> list[Decision]:
    """The mail gate's decision for each arriving item, from the measures in force on its post
    (a post may ask about its own items only)."""
    from tradeguard.posts.gate import gate_decision
    from tradeguard.posts.gate import gate_items as run_gate
    from tradeguard.posts.params import posts_policy

    require(principal, Permission.MAIL_GATE)
    _batch(ctx, items, "items")
    if principal.role is Role.POST:
        foreign = sorted({str(i.get("post_code")) for i in items} - {principal.subject})
        if foreign:
            raise Forbidden(f"items of other posts: {', '.join(foreign)}")
    frame = pd.DataFrame([dict(i) for i in items])
    policy = posts_policy(ctx.book(), at.date())
    decided = run_gate(frame, post_levels(ctx), policy, at).to_pylist()
    return [gate_decision(row, policy, at) for row in decided]


# -- seizures ---------------------------------------------------------------------------------


def publications(ctx: ServiceContext, principal: Principal, limit: int, offset: int) -> Page:
    """Published seizure statistics releases (withheld cells only for CBP)."""
    require(principal, Permission.PUBLICATIONS)
    t = schema.decisions
    kinds = (
        ["seizure_publication", "publication_cell"] if principal.is_cbp else ["seizure_publication"]
    )
    return _page(ctx, select(t).where(t.c.kind.in_(kinds)), limit, offset)


def _recordations_of(ctx: ServiceContext, principal: Principal) -> set[str] | None:
    if principal.is_cbp:
        return None
    r = schema.recordations
    query = select(r.c.recordation_number).where(r.c.owner_name == principal.subject)
    with ctx.engine.connect() as conn:
        return {str(x) for x in conn.execute(query).scalars()}


def disclosures(
    ctx: ServiceContext, principal: Principal, on: dt.date, since: dt.date | None = None
) -> list[Any]:
    """Disclosure packages for cases seized or abandoned in ``[since, on]``: a rights holder
    gets those under its own recordations only. Every package returned is logged (field names
    and recipient, never values) as a disclosure, or as an access for CBP."""
    from tradeguard.seizures.disclosure import build_package, log_entry
    from tradeguard.seizures.params import seizures_policy
    from tradeguard.seizures.service import cases_from_seizures, load_recordations, load_seizures

    require(principal, Permission.DISCLOSURES)
    own = _recordations_of(ctx, principal)
    policy = seizures_policy(ctx.book(), on)
    frame = load_seizures(ctx.engine, on)
    if since is not None:
        frame = frame[pd.to_datetime(frame["seized_on"]).dt.date >= since]
    recs = load_recordations(ctx.engine)
    audit = AuditStore(ctx.engine)
    action = "view_disclosure" if own is None else "disclose"
    packages = []
    for case in cases_from_seizures(frame):
        rec = recs.get(case.recordation_number)
        if rec is None or not rec.in_force(on):
            continue
        if own is not None and case.recordation_number not in own:
            continue
        package = build_package(case, rec, on, policy)
        entry = log_entry(package, dt.datetime.now(dt.UTC))
        audit.append(
            principal.actor,
            action,
            "ipr_disclosure",
            case.case_number,
            {
                "recordation_number": entry.recordation_number,
                "recipient": entry.recipient,
                "phase": entry.phase,
                "fields": list(entry.fields),
            },
        )
        packages.append(package)
    return packages


def referrals(ctx: ServiceContext, principal: Principal, limit: int, offset: int) -> Page:
    """Cases proposed for prosecution and facilitators queued for a present-responsibility
    determination."""
    require(principal, Permission.REFERRALS)
    t = schema.decisions
    query = select(t).where(
        or_(
            and_(t.c.kind == "prosecution_priority", t.c.outcome == "refer"),
            t.c.kind == "present_responsibility_referral",
        )
    )
    return _page(ctx, query, limit, offset)


# -- fees -------------------------------------------------------------------------------------


def fees(ctx: ServiceContext, principal: Principal, fiscal_year: int) -> list[Decision]:
    """Fee coverage and recommendations for a fiscal year (the illustrative volumes table)."""
    from tradeguard.fees.service import analyse

    require(principal, Permission.FEES)
    result = analyse(None, ctx.book(), fiscal_year, 7)
    return list(result.decisions)


# -- the dashboard's summaries -------------------------------------------------------------------

# Decisions that carry a deadline for whoever they are about: a facilitator's notices and
# measures, an importer's security and bond letters.
NOTICE_KINDS = (
    "facilitator_notice",
    "cease_facilitation",
    "facilitator_measure",
    "present_responsibility_referral",
    "adcvd_security",
    "continuous_bond_sufficiency",
    "bond_insufficiency",
)


@dataclass(frozen=True)
class Deadline:
    """A notice or demand in the caller's scope, and by when it must be answered."""

    item: StoredDecision
    title: str
    due_on: dt.date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def deadlines(
    ctx: ServiceContext, principal: Principal, today: dt.date, limit: int = 500
) -> list[Deadline]:
    """The caller's notices and demands that still need an answer (a broker: its own notices
    and its clients' bond demands), soonest deadline first; undated ones last."""
    require(principal, Permission.DECISIONS)
    t = schema.decisions
    query = (
        select(t)
        .where(t.c.kind.in_(NOTICE_KINDS), _scope_filter(scope_of(ctx, principal)))
        .order_by(t.c.id.desc())
        .limit(_limit(ctx, limit))
    )
    with ctx.engine.connect() as conn:
        items = [decision_from_row(r._mapping) for r in conn.execute(query)]
    book = ctx.book()
    values: dict[dt.date, dict[str, Any]] = {}
    out = []
    for item in items:
        alert = alert_from_decision(item.decision, item.id)
        if alert is None:  # filed, sufficient, nothing demanded
            continue
        if alert.raised_on not in values:
            values[alert.raised_on] = due_values(book, alert.raised_on)
        due = due_on(alert, values[alert.raised_on])
        left = (due - today).days if due is not None else None
        out.append(Deadline(item, alert.title, due, left))
    return sorted(out, key=lambda d: (d.due_on is None, d.due_on or today, -d.item.id))


@dataclass(frozen=True)
class Overview:
    """The cycle at a glance: decisions by kind and outcome, open cases by deadline."""

    decisions: list[tuple[str, str, int]]  # kind, outcome, count
    total_decisions: int
    cases_by_deadline: dict[str, int]  # overdue, this week, this month, later, no deadline
    cases_by_priority: dict[int, int]


CASE_BUCKETS = ("overdue", "within 7 days", "within 30 days", "later", "no deadline")


def overview(ctx: ServiceContext, principal: Principal, today: dt.date) -> Overview:
    """Counts of the decisions the caller may see by kind and outcome and, for CBP, of open
    cases by how soon they are due and by priority."""
    require(principal, Permission.DECISIONS)
    t = schema.decisions
    counts = (
        select(t.c.kind, t.c.outcome, func.count())
        .where(_scope_filter(scope_of(ctx, principal)))
        .group_by(t.c.kind, t.c.outcome)
        .order_by(t.c.kind, t.c.outcome)
    )
    buckets = dict.fromkeys(CASE_BUCKETS, 0)
    priorities: dict[int, int] = {}
    with ctx.engine.connect() as conn:
        rows = [(str(k), str(o), int(n)) for k, o, n in conn.execute(counts)]
        if principal.is_cbp:
            c = service_schema.cases
            open_cases = (
                select(c.c.due_on, c.c.priority, func.count())
                .where(c.c.status.in_(["open", "in_review"]))
                .group_by(c.c.due_on, c.c.priority)
            )
            for due, priority, n in conn.execute(open_cases):
                buckets[_bucket(due, today)] += int(n)
                priorities[int(priority)] = priorities.get(int(priority), 0) + int(n)
    return Overview(rows, sum(n for _, _, n in rows), buckets, dict(sorted(priorities.items())))


def _bucket(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return "no deadline"
    days = (due - today).days
    if days < 0:
        return "overdue"
    if days <= 7:
        return "within 7 days"
    return "within 30 days" if days <= 30 else "later"


@dataclass(frozen=True)
class ScreeningAlert:
    """A screening alert or match with its evidence and the case it is worked in, if any."""

    item: StoredDecision
    case_id: int | None
    case_status: str | None


SCREENING_KINDS = ("party_screening", "reestablishment", "ior_eligibility")


def screening_alerts(
    ctx: ServiceContext, principal: Principal, limit: int = 50, offset: int = 0
) -> tuple[list[ScreeningAlert], int]:
    """Screening alerts and matches (parties, re-established persons, IOR applicants), newest
    first, each with its case (CBP only: the case work decides them)."""
    require(principal, Permission.CASES)
    t = schema.decisions
    query = select(t).where(
        t.c.kind.in_(SCREENING_KINDS),
        t.c.outcome.in_(["alert", "match", "probable_affiliate", "review", "ineligible"]),
    )
    page = _page(ctx, query, limit, offset)
    subjects = subjects_of(page.items)
    c = service_schema.cases
    found: dict[str, tuple[int, str]] = {}  # one case per subject: the latest
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(c.c.id, c.c.subject, c.c.status)
            .where(c.c.subject.in_(subjects))
            .order_by(c.c.id)
        )
        for case_id, subject, status in rows:
            found[str(subject)] = (int(case_id), str(status))
    out = []
    for item in page.items:
        case = found.get(item.decision.subject)
        out.append(ScreeningAlert(item, case[0] if case else None, case[1] if case else None))
    return out, page.total


def subjects_of(items: Iterable[StoredDecision]) -> list[str]:
    return sorted({i.decision.subject for i in items})
