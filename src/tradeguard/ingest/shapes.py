"""Row models for every file shape in ``docs/file-shapes.md``.

A model validates one row and says, per field, what is wrong; ``to_record`` gives the row as
stored. :data:`KINDS` ties each kind to its model, table, key and the parents it refers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tradeguard.domain.identifiers import parse_case_number, parse_ior
from tradeguard.domain.vocabulary import (
    BillKind,
    BondKind,
    BondStatus,
    CompanyType,
    Disposition,
    EntryKind,
    EntryType,
    Environment,
    FacilitatorKind,
    Finding,
    MailClass,
    Payer,
    RateKind,
    RecordationKind,
    Violation,
)
from tradeguard.ingest.fields import (
    S10,
    Bool,
    CaseNo,
    Country,
    Date,
    EntryNo,
    FilerCode,
    Hts,
    Ior,
    SemiList,
    Timestamp,
    Usd,
)

__all__ = ["KINDS", "KindSpec"]


class Row(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, use_enum_values=True
    )

    @model_validator(mode="before")
    @classmethod
    def _enum_spelling(cls, data: Any) -> Any:
        """Enumerated values in any case, spaces or hyphens for underscores."""
        if not isinstance(data, dict):
            return data
        for name in _ENUM_FIELDS.get(cls.__name__, ()):
            value = data.get(name)
            if isinstance(value, str):
                data[name] = value.strip().upper().replace(" ", "_").replace("-", "_")
        return data

    def to_record(self) -> dict[str, Any]:
        return self.model_dump()


class ImporterRow(Row):
    ior_number: Ior
    name: str = Field(min_length=1, max_length=300)
    dba: str | None = None
    company_type: CompanyType | None = None
    ctpat_tier: int | None = Field(default=None, ge=0, le=3)
    resident: Bool | None = None
    country: Country | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    officers: SemiList | None = None
    created_on: Date | None = None
    broker_filer_code: FilerCode | None = None

    def to_record(self) -> dict[str, Any]:
        ior = parse_ior(self.ior_number)
        return {**self.model_dump(), "ior_kind": ior.kind.value, "ior_root": ior.root}


class FacilitatorRow(Row):
    facilitator_id: str = Field(min_length=1, max_length=40)
    kind: FacilitatorKind
    name: str = Field(min_length=1)
    broker_license: str | None = None
    filer_code: FilerCode | None = None
    country: Country | None = None
    ctpat_tier: int | None = Field(default=None, ge=0, le=3)
    status: str | None = None

    @model_validator(mode="after")
    def _broker_has_license(self) -> FacilitatorRow:
        if self.kind == "BROKER" and not self.broker_license:
            raise ValueError("broker_license: a BROKER needs its license number")
        return self


class AdcvdOrderRow(Row):
    case_number: CaseNo
    product: str = Field(min_length=1)
    country: Country
    order_date: Date
    hts_prefixes: SemiList | None = None
    nme: Bool | None = None
    third_country_of: Country | None = None

    def to_record(self) -> dict[str, Any]:
        return {**self.model_dump(), "kind": parse_case_number(self.case_number).kind}


class AdcvdRateRow(Row):
    case_number: CaseNo
    rate_kind: RateKind
    effective_from: Date
    exporter: str | None = None
    producer: str | None = None
    rate_pct: float | None = Field(default=None, ge=0, le=10_000)
    per_unit_usd: float | None = Field(default=None, ge=0)
    unit: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AdcvdRateRow:
        if self.rate_pct is None and self.per_unit_usd is None:
            raise ValueError("rate_pct: give an ad valorem rate_pct or a per_unit_usd rate")
        if self.rate_kind in ("COMPANY", "SEPARATE") and not self.exporter:
            raise ValueError(f"exporter: a {self.rate_kind} rate names its exporter")
        return self

    def to_record(self) -> dict[str, Any]:
        record = self.model_dump()
        record["exporter"] = self.exporter or ""
        record["producer"] = self.producer or ""
        return record


class EntryRow(Row):
    entry_number: EntryNo
    entry_type: EntryType
    ior_number: Ior
    entry_date: Date
    port: str = Field(pattern=r"^\d{4}$")
    broker_filer_code: FilerCode | None = None
    bond_number: str | None = None
    nonreimbursement_filed: Bool | None = None


class EntryLineRow(Row):
    entry_number: EntryNo
    line_no: int = Field(ge=1, le=9999)
    hts: Hts
    country_of_origin: Country
    value_usd: Usd = Field(ge=0)
    exporter: str | None = None
    manufacturer: str | None = None
    case_number: CaseNo | None = None
    quantity: float | None = Field(default=None, ge=0)
    unit: str | None = None
    duty_usd: Usd | None = Field(default=None, ge=0)
    adcvd_rate_pct: float | None = Field(default=None, ge=0, le=10_000)
    adcvd_deposit_usd: Usd | None = Field(default=None, ge=0)


class LiquidationRow(Row):
    entry_number: EntryNo
    liquidated_on: Date
    assessed_adcvd_usd: Usd = Field(ge=0)
    assessment_rate_pct: float | None = Field(default=None, ge=0, le=10_000)
    reviewed: Bool | None = None


class BillRow(Row):
    bill_number: str = Field(min_length=1, max_length=40)
    ior_number: Ior
    bill_date: Date
    amount_usd: Usd = Field(gt=0)
    kind: BillKind
    entry_number: EntryNo | None = None
    case_number: CaseNo | None = None
    liquidated_on: Date | None = None
    protest_filed_on: Date | None = None

    @model_validator(mode="after")
    def _dates(self) -> BillRow:
        if self.liquidated_on and self.liquidated_on > self.bill_date:
            raise ValueError("liquidated_on: a bill cannot predate the liquidation it follows")
        return self


class PaymentRow(Row):
    payment_id: str = Field(min_length=1, max_length=40)
    bill_number: str = Field(min_length=1, max_length=40)
    paid_on: Date
    amount_usd: Usd = Field(gt=0)
    payer: Payer


class BondRow(Row):
    bond_number: str = Field(min_length=1, max_length=40)
    ior_number: Ior
    kind: BondKind
    amount_usd: Usd = Field(gt=0)
    effective_from: Date
    surety_code: str | None = None
    entry_number: EntryNo | None = None
    status: BondStatus | None = None
    terminated_on: Date | None = None

    @model_validator(mode="after")
    def _single_names_entry(self) -> BondRow:
        if self.kind == "SINGLE" and not self.entry_number:
            raise ValueError("entry_number: a SINGLE transaction bond names its entry")
        return self


class PostRow(Row):
    post_code: str = Field(min_length=2, max_length=10, pattern=r"^[A-Z0-9]+$")
    country: Country
    name: str = Field(min_length=1)
    upu_member: Bool | None = None


class MailItemRow(Row):
    item_id: S10
    post_code: str = Field(min_length=2, max_length=10)
    arrival_date: Date
    mail_class: MailClass
    declared_value_usd: Usd | None = Field(default=None, ge=0)
    weight_kg: float | None = Field(default=None, ge=0)
    content_description: str | None = None
    hs_code: str | None = Field(default=None, pattern=r"^\d{4,10}$")
    sender_name: str | None = None
    sender_address: str | None = None
    recipient_name: str | None = None
    recipient_address: str | None = None
    dispatched_at: Timestamp | None = None
    aed_received_at: Timestamp | None = None
    sampled: Bool | None = None
    inspected: Bool | None = None
    finding: Finding | None = None
    info_requested_at: Timestamp | None = None
    info_answered_at: Timestamp | None = None
    ior_number: Ior | None = None

    @model_validator(mode="after")
    def _letters(self) -> MailItemRow:
        if self.mail_class == "LETTER_GOODS" and (self.weight_kg or 0) > 2:
            raise ValueError("weight_kg: letter-class goods weigh at most 2 kg (19 CFR 145.73)")
        return self


class ExpressShipmentRow(Row):
    waybill: str = Field(min_length=1, max_length=40)
    operator_id: str = Field(min_length=1, max_length=40)
    arrival_date: Date
    origin_country: Country
    value_usd: Usd = Field(ge=0)
    shipper_name: str | None = None
    shipper_address: str | None = None
    consignee_name: str | None = None
    consignee_address: str | None = None
    ior_number: Ior | None = None
    description: str | None = None
    hts: Hts | None = None
    entry_kind: EntryKind | None = None
    broker_filer_code: FilerCode | None = None
    platform_id: str | None = None
    inspected: Bool | None = None
    finding: Finding | None = None


class SeizureRow(Row):
    case_number: str = Field(pattern=r"^\d{4}-\d{4}-\d{6}(-\d{2})?$")
    seized_on: Date
    port: str = Field(pattern=r"^\d{4}$")
    environment: Environment
    violation: Violation
    origin_country: Country
    category: str | None = None
    lines: int | None = Field(default=None, ge=1)
    quantity: float | None = Field(default=None, ge=0)
    msrp_usd: Usd | None = Field(default=None, ge=0)
    domestic_value_usd: Usd | None = Field(default=None, ge=0)
    pti_tags: SemiList | None = None
    disposition: Disposition | None = None
    ior_number: Ior | None = None
    shipper_name: str | None = None
    manufacturer_name: str | None = None
    post_code: str | None = None
    operator_id: str | None = None
    item_id: S10 | None = None
    waybill: str | None = None
    recordation_number: str | None = None


class RecordationRow(Row):
    recordation_number: str = Field(pattern=r"^(TMK|COP) \d{2}-\d{5}$")
    kind: RecordationKind
    owner_name: str = Field(min_length=1)
    registration_number: str = Field(min_length=1)
    effective_from: Date
    expires_on: Date | None = None
    contact_email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    sample_bond_on_file: Bool | None = None

    @model_validator(mode="after")
    def _prefix_matches(self) -> RecordationRow:
        expected = "TMK" if self.kind == "TRADEMARK" else "COP"
        if not self.recordation_number.startswith(expected):
            raise ValueError(f"recordation_number: a {self.kind} recordation starts {expected}")
        return self


def _is_enum(annotation: Any) -> bool:
    options = get_args(annotation) or (annotation,)
    return any(isinstance(o, type) and issubclass(o, Enum) for o in options)


def _enum_fields(model: type[Row]) -> tuple[str, ...]:
    return tuple(name for name, f in model.model_fields.items() if _is_enum(f.annotation))


_ENUM_FIELDS: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class KindSpec:
    """What one file kind is: its row model, table, key and the rows it must refer to."""

    name: str
    model: type[Row]
    key: tuple[str, ...]
    parents: tuple[tuple[str, str, str], ...] = field(default=())  # (column, kind, parent col)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())


# Order matters: a folder is loaded parents first.
KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec("facilitators", FacilitatorRow, ("facilitator_id",)),
        KindSpec("importers", ImporterRow, ("ior_number",)),
        KindSpec("adcvd_orders", AdcvdOrderRow, ("case_number",)),
        KindSpec(
            "adcvd_rates",
            AdcvdRateRow,
            ("case_number", "rate_kind", "exporter", "producer", "effective_from"),
            (("case_number", "adcvd_orders", "case_number"),),
        ),
        KindSpec("entries", EntryRow, ("entry_number",)),
        KindSpec(
            "entry_lines",
            EntryLineRow,
            ("entry_number", "line_no"),
            (("entry_number", "entries", "entry_number"),),
        ),
        KindSpec(
            "liquidations",
            LiquidationRow,
            ("entry_number",),
            (("entry_number", "entries", "entry_number"),),
        ),
        KindSpec("bills", BillRow, ("bill_number",)),
        KindSpec(
            "payments", PaymentRow, ("payment_id",), (("bill_number", "bills", "bill_number"),)
        ),
        KindSpec("bonds", BondRow, ("bond_number",)),
        KindSpec("posts", PostRow, ("post_code",)),
        KindSpec("mail_items", MailItemRow, ("item_id",)),
        KindSpec("express_shipments", ExpressShipmentRow, ("operator_id", "waybill")),
        KindSpec("recordations", RecordationRow, ("recordation_number",)),
        KindSpec("seizures", SeizureRow, ("case_number",)),
    )
}

for _spec in KINDS.values():
    _ENUM_FIELDS[_spec.model.__name__] = tuple(
        n for n in _enum_fields(_spec.model) if n != "entry_type"
    )
