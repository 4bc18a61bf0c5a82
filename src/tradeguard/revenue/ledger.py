"""The AD/CVD ledger: deposits at entry, liquidation at the final assessment rate, supplemental
bills and refunds, and the bill clock with payments (domain brief 2.3).

Bill clock (``deadline.bill.*``): due 30 days after the bill date, delinquent from day 31 whether
protested or not; notices at billing and every 30 days after the due date; dunning at day 120;
protest within 180 days of liquidation, which (while pending) stops set-off and sanctions; once
delinquent, interest runs from the liquidation date until paid. A bill is collected by the
importer, the surety or set-off; a write-off closes it uncollected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tradeguard.revenue.frames import RevenueFrames, day
from tradeguard.revenue.params import BillClock
from tradeguard.revenue.rates import resolve_line_rates

__all__ = [
    "COLLECTING_PAYERS",
    "DEBT_KINDS",
    "LiquidationOutcome",
    "bill_ledger",
    "bill_state",
    "line_deposits",
    "liquidate",
]

COLLECTING_PAYERS = ("IMPORTER", "SURETY", "SETOFF")
DEBT_KINDS = ("SUPPLEMENTAL", "DUTY", "PENALTY")
CENT = 0.005


@dataclass(frozen=True, slots=True)
class LiquidationOutcome:
    """Final duty at liquidation and the bill or refund that follows."""

    assessed_usd: float
    deposit_usd: float
    bill_kind: str  # SUPPLEMENTAL, REFUND or NONE
    amount_usd: float
    reason: str


def liquidate(
    value_usd: float,
    deposit_usd: float,
    assessment_rate_pct: float,
    *,
    de_minimis_pct: float = 0.5,
    antidumping: bool = True,
    certificate_filed: bool = True,
) -> LiquidationOutcome:
    """Liquidate one line at the final assessment rate.

    A rate below the de minimis (0.5%, 19 CFR 351.106(c)) assesses nothing; an antidumping entry
    without the non-reimbursement certificate is assessed double (19 CFR 351.402(f)).

    >>> liquidate(10_000, 500, 12.5).bill_kind, liquidate(10_000, 500, 12.5).amount_usd
    ('SUPPLEMENTAL', 750.0)
    >>> liquidate(10_000, 500, 0.4).bill_kind
    'REFUND'
    """
    rate = 0.0 if assessment_rate_pct < de_minimis_pct else assessment_rate_pct
    double = antidumping and not certificate_filed and rate > 0
    assessed = round(value_usd * rate / 100 * (2 if double else 1), 2)
    diff = round(assessed - deposit_usd, 2)
    kind = "SUPPLEMENTAL" if diff >= 0.01 else "REFUND" if diff <= -0.01 else "NONE"
    why = f"assessed {rate:.2f}% on ${value_usd:,.2f} = ${assessed:,.2f}"
    if rate == 0 and assessment_rate_pct > 0:
        why += f" ({assessment_rate_pct:.2f}% is below the {de_minimis_pct}% de minimis)"
    if double:
        why += " (doubled: no non-reimbursement certificate before liquidation)"
    return LiquidationOutcome(
        assessed, deposit_usd, kind, abs(diff), f"{why}; deposit ${deposit_usd:,.2f}"
    )


def line_deposits(frames: RevenueFrames) -> pd.DataFrame:
    """AD/CVD lines with the rate that applies on their entry date, the deposit it requires and
    the deposit recorded (``short_usd`` > 0: less was deposited than the rate requires)."""
    lines = frames.lines[frames.lines["case_number"].notna()]
    entries = frames.entries[["entry_number", "ior_number", "entry_date"]]
    merged = lines.merge(entries, on="entry_number", how="inner")
    resolved = resolve_line_rates(merged, frames.rates)
    out = pd.concat([merged, resolved.add_prefix("resolved_")], axis=1)
    ad_valorem = out["resolved_rate_pct"].fillna(0.0) * out["value_usd"] / 100
    specific = out["resolved_per_unit_usd"] * out["quantity"].fillna(0.0)
    out["required_deposit_usd"] = np.round(specific.fillna(ad_valorem), 2)
    recorded = out["adcvd_deposit_usd"].fillna(0.0)
    out["short_usd"] = np.round(np.maximum(out["required_deposit_usd"] - recorded, 0.0), 2)
    return out


def _settle_dates(pays: pd.DataFrame, amounts: pd.Series, payers: Sequence[str]) -> pd.Series:
    """Per bill, the first day on which payments by ``payers`` add up to the bill amount."""
    own = pays[pays["payer"].isin(payers)].sort_values(["bill_number", "paid_on"], kind="stable")
    if own.empty:
        return pd.Series(pd.NaT, index=amounts.index, dtype="datetime64[ns]")
    cum = own.groupby("bill_number")["amount_usd"].cumsum()
    need = own["bill_number"].map(amounts)
    done = own[cum >= need - CENT]
    first = done.groupby("bill_number")["paid_on"].min()
    return first.reindex(amounts.index).astype("datetime64[ns]")


def _paid_by(pays: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    table = pays.pivot_table(
        index="bill_number", columns="payer", values="amount_usd", aggfunc="sum", fill_value=0.0
    )
    out = pd.DataFrame(index=index)
    for payer in (*COLLECTING_PAYERS, "WRITE_OFF"):
        column = table[payer] if payer in table.columns else pd.Series(dtype=float)
        out[payer] = column.reindex(index).fillna(0.0).astype(float)
    return out


def bill_ledger(
    bills: pd.DataFrame,
    payments: pd.DataFrame,
    on: dt.date,
    clock: BillClock,
    interest_rate_pct: float = 0.0,
) -> pd.DataFrame:
    """Every debt bill dated up to ``on`` with its payments up to ``on`` and its clock.

    Columns added to the bill's own: ``paid_importer_usd``, ``paid_surety_usd``,
    ``paid_setoff_usd``, ``written_off_usd``, ``collected_usd``, ``balance_usd``,
    ``collected_on`` (day collections reached the amount), ``days_to_collect``, ``days_open``,
    ``delinquent`` (balance open on or after the delinquent day), ``paid_late`` (collected in
    full on or after it), ``days_late`` (to collection, or to ``on`` while open),
    ``protest_pending``, ``dunning_due``, ``interest_usd``, ``notices``.
    """
    cut = day(on)
    debt = bills[bills["kind"].isin(DEBT_KINDS) & (bills["bill_date"] <= cut)]
    debt = debt.drop_duplicates("bill_number").set_index("bill_number", drop=False)
    pays = payments[(payments["paid_on"] <= cut) & payments["bill_number"].isin(debt.index)]
    paid = _paid_by(pays, debt.index)
    out = debt.copy()
    out["paid_importer_usd"] = paid["IMPORTER"]
    out["paid_surety_usd"] = paid["SURETY"]
    out["paid_setoff_usd"] = paid["SETOFF"]
    out["written_off_usd"] = paid["WRITE_OFF"]
    out["collected_usd"] = paid[list(COLLECTING_PAYERS)].sum(axis=1)
    balance = out["amount_usd"] - out["collected_usd"] - out["written_off_usd"]
    out["balance_usd"] = np.round(np.maximum(balance, 0.0), 2)
    out["collected_on"] = _settle_dates(pays, debt["amount_usd"], COLLECTING_PAYERS)
    out["days_to_collect"] = (out["collected_on"] - out["bill_date"]).dt.days
    out["days_open"] = (cut - out["bill_date"]).dt.days
    is_open = out["balance_usd"] > CENT
    out["delinquent"] = is_open & (out["days_open"] >= clock.delinquent_day)
    out["paid_late"] = out["days_to_collect"] >= clock.delinquent_day
    late_days = out["days_to_collect"].where(out["collected_on"].notna(), out["days_open"])
    out["days_late"] = late_days.where(
        out["paid_late"] | out["delinquent"] | (out["written_off_usd"] > 0)
    )
    out["protest_pending"] = out["protest_filed_on"].notna() & (out["protest_filed_on"] <= cut)
    out["dunning_due"] = is_open & (out["days_open"] >= clock.dunning_day)
    since = out["liquidated_on"].fillna(out["bill_date"])
    years = (cut - since).dt.days.clip(lower=0) / 365.0
    interest = out["balance_usd"] * interest_rate_pct / 100 * years
    out["interest_usd"] = np.round(interest.where(out["delinquent"], 0.0), 2)
    first_reminder = clock.due_days + clock.reminder_every_days
    extra = (out["days_open"] - first_reminder) // clock.reminder_every_days + 1
    out["notices"] = 1 + extra.clip(lower=0).where(is_open, 0)
    return out.reset_index(drop=True)


def bill_state(
    bill: Mapping[str, Any],
    payments: Sequence[Mapping[str, Any]],
    on: dt.date,
    clock: BillClock,
    interest_rate_pct: float = 0.0,
) -> dict[str, Any]:
    """:func:`bill_ledger` for one bill given as a dict; returns its row as a dict.

    >>> clock = BillClock(30, 31, 30, 120, 180)
    >>> b = {"bill_number": "B1", "ior_number": "X", "bill_date": "2025-01-01",
    ...      "amount_usd": 100.0, "kind": "SUPPLEMENTAL"}
    >>> p = [{"payment_id": "P1", "bill_number": "B1", "paid_on": "2025-02-01",
    ...       "amount_usd": 100.0, "payer": "IMPORTER"}]
    >>> row = bill_state(b, p, dt.date(2025, 3, 1), clock)
    >>> bool(row["paid_late"]), int(row["days_late"])
    (True, 31)
    """
    frames = RevenueFrames.build(bills=[dict(bill)], payments=[dict(p) for p in payments])
    rows = bill_ledger(frames.bills, frames.payments, on, clock, interest_rate_pct)
    if rows.empty:
        raise ValueError(f"bill {bill.get('bill_number')} is not a debt bill dated by {on}")
    return {str(k): v for k, v in rows.iloc[0].items()}
