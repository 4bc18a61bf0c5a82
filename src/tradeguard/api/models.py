"""Request and response shapes of the REST API (pydantic), and their conversions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tradeguard.cases.store import Case, CaseEvent, Override, PolicyChange
from tradeguard.domain.decisions import Decision
from tradeguard.errors import FieldError
from tradeguard.store.repository import StoredDecision

_STRICT = ConfigDict(extra="forbid")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def _in_range(day: dt.date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"must be from {EARLIEST} to {LATEST}")


def _day(value: dt.date) -> dt.date:
    _in_range(value)
    return value


def _moment(value: dt.datetime) -> dt.datetime:
    _in_range(value.date())
    return value


# Dates and times a request may carry: the engines' calendars (and pandas' nanosecond
# timestamps) cover these years, so anything outside is invalid input, not a server error.
Day = Annotated[dt.date, AfterValidator(_day)]
Moment = Annotated[dt.datetime, AfterValidator(_moment)]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


# A time in a response: RFC 3339 wants an offset, and times the store or an engine kept
# without one are UTC.
Utc = Annotated[dt.datetime, AfterValidator(_utc)]


class FieldErrorOut(BaseModel):
    field: str
    reason: str
    line: int | None = None
    source: str | None = None
    value: str | None = None

    @classmethod
    def of(cls, e: FieldError) -> FieldErrorOut:
        return cls(field=e.field, reason=e.reason, line=e.line, source=e.source, value=e.value)


class ErrorOut(BaseModel):
    """Every error: the class from the error tree, a message, and per-field reasons."""

    error: str
    message: str
    errors: list[FieldErrorOut] = []


class HitOut(BaseModel):
    code: str
    weight: float
    reason: str
    evidence: dict[str, Any] = {}
    status: str


class OverrideOut(BaseModel):
    kind: str
    level: str
    reason: str
    actor: str
    at: Utc

    @classmethod
    def of(cls, o: Override) -> OverrideOut:
        return cls(kind=o.kind, level=o.level, reason=o.reason, actor=o.actor, at=o.at)


class DecisionOut(BaseModel):
    """A decision with its evidence, provision and policy version."""

    id: int | None = None
    subject: str
    kind: str
    outcome: str
    score: float | None
    hits: list[HitOut]
    provision: str
    policy_version: str
    inputs_digest: str
    decided_at: Utc
    recorded_at: Utc | None = None
    run_id: str | None = None
    override: OverrideOut | None = None

    @classmethod
    def of(
        cls,
        item: StoredDecision | Decision,
        overrides: dict[tuple[str, str], Override] | None = None,
    ) -> DecisionOut:
        d = item.decision if isinstance(item, StoredDecision) else item
        data = d.to_dict()
        data["hits"] = [HitOut(**h) for h in data["hits"]]
        data["decided_at"] = d.decided_at
        found = (overrides or {}).get((d.subject, d.kind))
        if isinstance(item, StoredDecision):
            data |= {"id": item.id, "recorded_at": item.recorded_at, "run_id": item.run_id}
        return cls(**data, override=OverrideOut.of(found) if found else None)


class PageOut(BaseModel):
    total: int
    limit: int
    offset: int
    next_offset: int | None


class DecisionPage(PageOut):
    items: list[DecisionOut]


class LoadReportOut(BaseModel):
    kind: str
    source: str
    batch_id: int | None
    already_loaded_as: int | None
    rows_read: int
    rows_loaded: int
    rows_already_present: int
    rows_rejected: int
    rejected: list[FieldErrorOut] = Field(description="The first 200 rejected fields.")


class PartyIn(BaseModel):
    """A party as the party CSV describes it (``docs/parties.md``); lists are JSON lists."""

    model_config = _STRICT

    party_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=400)
    kind: str = Field(default="", max_length=20)
    aliases: list[str] = Field(default=[], max_length=20)
    street: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=50)
    postal_code: str = Field(default="", max_length=20)
    country: str = Field(default="", max_length=2)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    ior_number: str = Field(default="", max_length=16)
    uei: str = Field(default="", max_length=12)
    officers: list[str] = Field(default=[], max_length=20)
    formed_on: Day | None = None

    def row(self) -> dict[str, Any]:
        data = self.model_dump()
        data["aliases"] = ";".join(a.replace(";", ",") for a in self.aliases)
        data["officers"] = ";".join(o.replace(";", ",") for o in self.officers)
        return data


class ScreenIn(BaseModel):
    model_config = _STRICT

    parties: list[PartyIn] = Field(min_length=1)
    on: Day | None = Field(default=None, description="The list as of this day (today).")
    threshold: float | None = Field(
        default=None, ge=0, le=1, description="Only report matches at least this probable."
    )


class MatchOut(BaseModel):
    sam_number: str
    matched_name: str
    probability: float
    explanations: list[HitOut]


class ScreenedOut(BaseModel):
    party_id: str
    outcome: str = Field(description="clear, alert (review) or match (corroborated)")
    probability: float
    matches: list[MatchOut]
    previously_dismissed: list[str] = Field(
        description="Matches an analyst dismissed as false for this party (SAM:<number>)."
    )


class ScreenOut(BaseModel):
    results: list[ScreenedOut]


class EligibilityIn(BaseModel):
    model_config = _STRICT

    applicant: PartyIn
    on: Day | None = None


class ImporterOut(BaseModel):
    ior_number: str
    decisions: list[DecisionOut]


class PostScoreOut(BaseModel):
    post_code: str
    quarter: str
    outcome: str
    score: float | None
    level: int = Field(description="Measures in force: 0 none .. 3 prevent regardless")
    decision_id: int
    reasons: list[str]


class PostScoresOut(BaseModel):
    items: list[PostScoreOut]


class MailItemIn(BaseModel):
    model_config = _STRICT

    item_id: str = Field(min_length=1, max_length=13)
    post_code: str = Field(min_length=1, max_length=10)
    mail_class: str = Field(min_length=1, max_length=20)
    declared_value_usd: float | None = None
    weight_kg: float | None = None
    content_description: str | None = Field(default=None, max_length=300)
    hs_code: str | None = Field(default=None, max_length=10)
    sender_name: str | None = Field(default=None, max_length=200)
    sender_address: str | None = Field(default=None, max_length=300)
    recipient_name: str | None = Field(default=None, max_length=200)
    recipient_address: str | None = Field(default=None, max_length=300)
    aed_received_at: Moment | None = None
    info_requested_at: Moment | None = None
    info_answered_at: Moment | None = None

    def row(self) -> dict[str, Any]:
        data = self.model_dump()
        for key in ("aed_received_at", "info_requested_at", "info_answered_at"):
            value = data[key]
            if value is not None:
                stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
                data[key] = stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return data


class GateIn(BaseModel):
    model_config = _STRICT

    items: list[MailItemIn] = Field(min_length=1)
    at: Moment | None = Field(default=None, description="Decision time (now).")


class GateOut(BaseModel):
    decisions: list[DecisionOut]


class DisclosureOut(BaseModel):
    case_number: str
    recordation_number: str
    recipient: str
    phase: str
    made_on: dt.date
    due_by: dt.date | None
    fields: dict[str, str]
    withheld: dict[str, str]
    notice: str


class DisclosuresOut(BaseModel):
    items: list[DisclosureOut]


class FeesOut(BaseModel):
    fiscal_year: int
    decisions: list[DecisionOut]


class CaseOut(BaseModel):
    id: int
    subject: str
    kind: str
    title: str
    status: str
    priority: int
    assignee: str | None
    due_on: dt.date | None
    due_rule: str | None
    match_key: str | None
    opened_at: Utc
    updated_at: Utc
    closed_at: Utc | None
    resolution: str | None

    @classmethod
    def of(cls, c: Case) -> CaseOut:
        return cls(**{k: getattr(c, k) for k in cls.model_fields})


class CasePage(PageOut):
    items: list[CaseOut]


class EventOut(BaseModel):
    id: int
    at: Utc
    actor: str
    action: str
    detail: dict[str, Any]

    @classmethod
    def of(cls, e: CaseEvent) -> EventOut:
        return cls(id=e.id, at=e.at, actor=e.actor, action=e.action, detail=e.detail)


class CaseDetailOut(BaseModel):
    case: CaseOut
    timeline: list[EventOut]
    evidence: list[DecisionOut]
    overrides: list[OverrideOut]


class SyncOut(BaseModel):
    seen: int
    opened: int
    raised: int
    attached: int
    suppressed: int


class CommentIn(BaseModel):
    model_config = _STRICT
    text: str = Field(min_length=1, max_length=5000)


class AssignIn(BaseModel):
    model_config = _STRICT
    assignee: str = Field(default="", max_length=200)


class ReasonIn(BaseModel):
    model_config = _STRICT
    reason: str = Field(min_length=3, max_length=2000)


class OverrideIn(BaseModel):
    model_config = _STRICT
    subject: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=60)
    level: str = Field(min_length=1, max_length=60)
    reason: str = Field(min_length=3, max_length=2000)


class PolicyChangeIn(BaseModel):
    model_config = _STRICT
    rule_key: str = Field(min_length=1, max_length=200)
    value: Any
    effective_from: Day
    reason: str = Field(min_length=3, max_length=2000)


class DecideIn(BaseModel):
    model_config = _STRICT
    note: str = Field(default="", max_length=2000)


class PolicyChangeOut(BaseModel):
    id: int
    rule_key: str
    value: Any
    effective_from: dt.date
    reason: str
    status: str
    proposed_by: str
    proposed_at: Utc
    decided_by: str | None
    decided_at: Utc | None
    decision_note: str | None

    @classmethod
    def of(cls, c: PolicyChange) -> PolicyChangeOut:
        return cls(**{k: getattr(c, k) for k in cls.model_fields})


class PolicyChangesOut(BaseModel):
    items: list[PolicyChangeOut]
