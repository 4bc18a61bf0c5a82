"""The enumerated vocabulary of the two orders and the regulations behind them.

Each enum's values are the spellings the file shapes use (``docs/file-shapes.md``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "BillKind",
    "BondKind",
    "BondStatus",
    "CompanyType",
    "Disposition",
    "EntryKind",
    "EntryType",
    "Environment",
    "ExclusionType",
    "FacilitatorKind",
    "Finding",
    "MailClass",
    "Payer",
    "PriorityTradeIssue",
    "RateKind",
    "RecordationKind",
    "Violation",
]


class EntryType(StrEnum):
    """ACE entry types the orders touch (domain brief 2.1, 5.3)."""

    CONSUMPTION = "01"
    CONSUMPTION_ADCVD = "03"
    QUOTA_ADCVD = "07"
    INFORMAL = "11"
    SECTION_321_PGA = "86"

    @property
    def is_adcvd(self) -> bool:
        return self in (EntryType.CONSUMPTION_ADCVD, EntryType.QUOTA_ADCVD)


class CompanyType(StrEnum):
    """CBP Form 5106 company types."""

    CORPORATION = "CORPORATION"
    PARTNERSHIP = "PARTNERSHIP"
    LLC = "LLC"
    SOLE_PROPRIETORSHIP = "SOLE_PROPRIETORSHIP"
    INDIVIDUAL = "INDIVIDUAL"
    US_GOVERNMENT = "US_GOVERNMENT"
    STATE_LOCAL_GOVERNMENT = "STATE_LOCAL_GOVERNMENT"
    FOREIGN_GOVERNMENT = "FOREIGN_GOVERNMENT"


class FacilitatorKind(StrEnum):
    """Who EO 13904 s.1 and s.3 say should not facilitate excluded persons."""

    BROKER = "BROKER"
    EXPRESS_OPERATOR = "EXPRESS_OPERATOR"
    CARRIER = "CARRIER"
    HUB = "HUB"
    PLATFORM = "PLATFORM"
    POST = "POST"


class RateKind(StrEnum):
    """AD/CVD rate kinds, in the order rate resolution tries them."""

    COMPANY = "COMPANY"  # exporter (+ producer) individually investigated or reviewed
    SEPARATE = "SEPARATE"  # non-market-economy separate rate
    ALL_OTHERS = "ALL_OTHERS"  # market economy, everyone else
    COUNTRY_WIDE = "COUNTRY_WIDE"  # non-market-economy entity rate


class BillKind(StrEnum):
    SUPPLEMENTAL = "SUPPLEMENTAL"
    REFUND = "REFUND"
    DUTY = "DUTY"
    PENALTY = "PENALTY"


class Payer(StrEnum):
    IMPORTER = "IMPORTER"
    SURETY = "SURETY"
    SETOFF = "SETOFF"
    WRITE_OFF = "WRITE_OFF"


class BondKind(StrEnum):
    CONTINUOUS = "CONTINUOUS"
    SINGLE = "SINGLE"


class BondStatus(StrEnum):
    """The bond status machine (domain brief, "What the software must do (bonds)")."""

    ACTIVE = "ACTIVE"
    INSUFFICIENT_NOTICE = "INSUFFICIENT_NOTICE"
    INSUFFICIENT = "INSUFFICIENT"
    REPLACED = "REPLACED"
    TERMINATED = "TERMINATED"
    VOIDED_IMPORTER_RECORD = "VOIDED_IMPORTER_RECORD"


class ExclusionType(StrEnum):
    """SAM exclusion types (domain brief 3.4), spelled as in the extract."""

    PROCEEDINGS_PENDING = "Ineligible (Proceedings Pending)"
    PRELIMINARILY_PENDING = "Preliminarily Ineligible (Proceedings Pending)"
    PROCEEDINGS_COMPLETED = "Ineligible (Proceedings Completed)"
    PROHIBITION_RESTRICTION = "Prohibition/Restriction"
    VOLUNTARY_EXCLUSION = "Voluntary Exclusion"


class MailClass(StrEnum):
    """19 CFR 145.73 mail classes; letter-class goods weigh at most 2 kg."""

    LETTER_DOCUMENTS = "LETTER_DOCUMENTS"
    LETTER_GOODS = "LETTER_GOODS"
    PARCEL = "PARCEL"
    EMS = "EMS"


class EntryKind(StrEnum):
    """How an express shipment is entered."""

    SECTION_321 = "SECTION_321"
    INFORMAL = "INFORMAL"
    FORMAL = "FORMAL"
    TYPE_86 = "TYPE_86"


class Finding(StrEnum):
    """What an inspection of a mail item or shipment found."""

    NONE = "NONE"
    IPR = "IPR"
    DRUGS = "DRUGS"
    OTHER_CONTRABAND = "OTHER_CONTRABAND"
    ORIGIN = "ORIGIN"
    UNDERVALUATION = "UNDERVALUATION"
    AED_MISMATCH = "AED_MISMATCH"


class Environment(StrEnum):
    """Shipping environments of seizure statistics."""

    EXPRESS = "EXPRESS"
    MAIL = "MAIL"
    CARGO = "CARGO"
    OTHER = "OTHER"


class Violation(StrEnum):
    IPR_TRADEMARK = "IPR_TRADEMARK"
    IPR_COPYRIGHT = "IPR_COPYRIGHT"
    EXCLUSION_ORDER = "EXCLUSION_ORDER"
    DRUGS = "DRUGS"
    OTHER_CONTRABAND = "OTHER_CONTRABAND"
    ORIGIN = "ORIGIN"
    UNDERVALUATION = "UNDERVALUATION"


class Disposition(StrEnum):
    SEIZED = "SEIZED"
    ABANDONED = "ABANDONED"
    FORFEITED = "FORFEITED"
    RELEASED = "RELEASED"


class RecordationKind(StrEnum):
    TRADEMARK = "TRADEMARK"
    COPYRIGHT = "COPYRIGHT"


class PriorityTradeIssue(StrEnum):
    """The seven priority trade issues of 19 U.S.C. 4322(a); the Commissioner may add more
    (4322(b)), so readers accept other tags and keep them as text."""

    AGRICULTURE = "AGRICULTURE"
    ADCVD = "ADCVD"
    IMPORT_SAFETY = "IMPORT_SAFETY"
    IPR = "IPR"
    REVENUE = "REVENUE"
    TEXTILES_APPAREL = "TEXTILES_APPAREL"
    TRADE_AGREEMENTS = "TRADE_AGREEMENTS"
