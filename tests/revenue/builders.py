"""Small revenue worlds built by code, each row there to show one rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tradeguard.policy import load_policy
from tradeguard.revenue.frames import RevenueFrames
from tradeguard.revenue.params import RevenuePolicy

ON = dt.date(2026, 3, 2)
POLICY = RevenuePolicy.from_book(load_policy(), ON)
CASE = "A-570-831"


def importer(ior: str, **extra: Any) -> dict[str, Any]:
    row = {"ior_number": ior, "name": f"FIRM {ior}", "resident": True, "ctpat_tier": 0,
           "created_on": "2015-01-01", "broker_filer_code": "ABC", "phone": None,
           "street": None, "postal_code": None, "email": None, "officers": None}
    row.update(extra)
    return row


def entry(number: str, ior: str, day: str, *, case: str | None = CASE, value: float = 10_000,
          rate: float | None = 10.0, certificate: bool = True) -> tuple[dict[str, Any],
                                                                       dict[str, Any]]:
    e = {"entry_number": number, "entry_type": "03" if case else "01", "ior_number": ior,
         "entry_date": day, "broker_filer_code": "ABC", "nonreimbursement_filed": certificate}
    line = {"entry_number": number, "line_no": 1, "hts": "0703200010",
            "country_of_origin": "CN", "value_usd": value, "exporter": "ACME", "case_number": case,
            "quantity": 100, "unit": "KG", "duty_usd": 0.0, "adcvd_rate_pct": rate,
            "adcvd_deposit_usd": None if rate is None else value * rate / 100}
    return e, line


def bill(number: str, ior: str, day: str, amount: float, **extra: Any) -> dict[str, Any]:
    row = {"bill_number": number, "ior_number": ior, "bill_date": day, "amount_usd": amount,
           "kind": "SUPPLEMENTAL", "case_number": CASE, "liquidated_on": day}
    row.update(extra)
    return row


def pay(pid: str, number: str, day: str, amount: float, payer: str = "IMPORTER") -> dict[str, Any]:
    return {"payment_id": pid, "bill_number": number, "paid_on": day, "amount_usd": amount,
            "payer": payer}


RATES = [
    {"case_number": CASE, "rate_kind": "COUNTRY_WIDE", "effective_from": "2010-01-01",
     "rate_pct": 376.67},
    {"case_number": CASE, "rate_kind": "SEPARATE", "effective_from": "2010-01-01",
     "exporter": "ACME", "rate_pct": 10.0},
    {"case_number": CASE, "rate_kind": "SEPARATE", "effective_from": "2024-06-01",
     "exporter": "ACME", "rate_pct": 150.0},
    {"case_number": CASE, "rate_kind": "SEPARATE", "effective_from": "2025-06-01",
     "exporter": "ACME", "rate_pct": 120.0},
]


def small_world() -> tuple[RevenueFrames, dict[str, str]]:
    """Seven importers, one per situation:

    * ``OLD``: trading since 2020, one bill paid on day 20 (clean)
    * ``NEW``: first entry 2026-01-10 (no record of previous imports)
    * ``LATE``: bill paid in full 47 days after its date
    * ``UNPAID``: bill of $5,000 with $1,000 paid, open 90 days
    * ``SURETY``: bill paid by the surety
    * ``TWIN``: new number sharing UNPAID's phone (linked to a bad record)
    * ``CTPAT``: Tier 2, otherwise like UNPAID (excluded)
    """
    names = ["OLD", "NEW", "LATE", "UNPAID", "SURETY", "TWIN", "CTPAT"]
    iors = {n: f"{10 + i}-{1000000 + i:07d}AB" for i, n in enumerate(names)}
    importers = [importer(iors[n]) for n in names]
    importers[3]["phone"] = "+1 212 555 0101"
    importers[5]["phone"] = "(212) 555-0101"
    importers[5]["created_on"] = "2026-01-01"
    importers[6]["ctpat_tier"] = 2
    entries, lines = [], []
    for i, n in enumerate(names):
        days = ["2026-01-10"] if n in ("NEW", "TWIN") else ["2020-05-01", "2025-11-01"]
        for j, day in enumerate(days):
            e, line = entry(f"E{i}{j}", iors[n], day)
            entries.append(e)
            lines.append(line)
    bills = [
        bill("B-OLD", iors["OLD"], "2025-06-01", 2_000),
        bill("B-LATE", iors["LATE"], "2025-06-01", 3_000),
        bill("B-UNPAID", iors["UNPAID"], "2025-12-02", 5_000),
        bill("B-SURETY", iors["SURETY"], "2025-06-01", 4_000),
        bill("B-CTPAT", iors["CTPAT"], "2025-12-02", 5_000),
    ]
    payments = [
        pay("P1", "B-OLD", "2025-06-21", 2_000),
        pay("P2", "B-LATE", "2025-07-18", 3_000),
        pay("P3", "B-UNPAID", "2025-12-20", 1_000),
        pay("P4", "B-SURETY", "2025-10-01", 4_000, "SURETY"),
    ]
    liquidations = [{"entry_number": "E00", "liquidated_on": "2021-06-01",
                     "assessed_adcvd_usd": 1000.0, "assessment_rate_pct": 10.0}]
    return RevenueFrames.build(
        importers=importers, rates=RATES, entries=entries, lines=lines, bills=bills,
        payments=payments, liquidations=liquidations,
        orders=[{"case_number": CASE, "kind": "A", "product": "Fresh garlic", "country": "CN",
                 "order_date": "1994-11-16", "nme": True}],
    ), iors
