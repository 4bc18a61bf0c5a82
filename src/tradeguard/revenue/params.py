"""The revenue engines' parameters in force on a day, read from the policy book.

Two namespaces feed them: ``deadline.bill.*`` (the bill clock, 19 CFR 24.3 and 24.3a) and
``revenue.*`` (``policy/data/revenue.yaml``: country-code table, third-country cases, covered
importer, linkage, exposure, the risk model, security sizing, backtest grid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tradeguard.policy import PolicyBook

__all__ = ["BillClock", "RevenuePolicy", "SecuritySetting"]


@dataclass(frozen=True, slots=True)
class BillClock:
    """Calendar days counted from a bill's date (domain brief 2.3).

    >>> clock = BillClock(30, 31, 30, 120, 180)
    >>> clock.delinquent_on(dt.date(2025, 1, 1))
    datetime.date(2025, 2, 1)
    """

    due_days: int
    delinquent_day: int
    reminder_every_days: int
    dunning_day: int
    protest_window_days: int

    @classmethod
    def from_book(cls, book: PolicyBook, on: dt.date) -> BillClock:
        def days(key: str) -> int:
            return int(book.value(f"deadline.bill.{key}", on))

        return cls(
            days("due_days"),
            days("delinquent_day"),
            days("reminder_every_days"),
            days("dunning_day"),
            days("protest_window_days"),
        )

    def due_on(self, bill_date: dt.date) -> dt.date:
        return bill_date + dt.timedelta(days=self.due_days)

    def delinquent_on(self, bill_date: dt.date) -> dt.date:
        return bill_date + dt.timedelta(days=self.delinquent_day)

    def dunning_on(self, bill_date: dt.date) -> dt.date:
        return bill_date + dt.timedelta(days=self.dunning_day)

    def protest_deadline(self, liquidated_on: dt.date) -> dt.date:
        """Last day to protest (19 U.S.C. 1514: 180 days after liquidation)."""
        return liquidated_on + dt.timedelta(days=self.protest_window_days)

    def notices(self, bill_date: dt.date, until: dt.date) -> list[dt.date]:
        """Notices to the principal up to ``until``: the first billing, then every 30 days
        after the due date (19 CFR 24.3a(d))."""
        out = [bill_date] if bill_date <= until else []
        step = self.due_on(bill_date) + dt.timedelta(days=self.reminder_every_days)
        while step <= until:
            out.append(step)
            step += dt.timedelta(days=self.reminder_every_days)
        return out

    def is_late(self, bill_date: dt.date, paid_on: dt.date) -> bool:
        """A payment is late on or after the delinquent day (day 31), protested or not."""
        return (paid_on - bill_date).days >= self.delinquent_day


@dataclass(frozen=True, slots=True)
class SecuritySetting:
    """One setting of the risk-based security policy (what the backtest varies)."""

    threshold_probability: float
    multiplier: float


@dataclass(frozen=True, slots=True)
class RevenuePolicy:
    """Every ``revenue.*`` value and the bill clock in force on ``on``."""

    on: dt.date
    version: str
    clock: BillClock
    country_codes: Mapping[str, str]
    unverified_codes: frozenset[str]
    third_country: Mapping[str, Mapping[str, str]]
    de_minimis_pct: float
    interest_rate_pct: float
    new_importer_days: int
    active_days: int
    ctpat_exempt_tiers: frozenset[int]
    linkage_keys: tuple[str, ...]
    linkage_max_group: int
    free_mail_domains: frozenset[str]
    review_lookback_years: int
    min_reviews: int
    model: Mapping[str, Any]
    security: SecuritySetting
    security_minimum_usd: float
    security_grid_usd: float
    live_entry_after_days: int
    backtest_thresholds: tuple[float, ...]
    backtest_multipliers: tuple[float, ...]
    backtest_max_payer_share: float
    backtest_max_payer_ratio: float
    statuses: Mapping[str, str]

    @classmethod
    def from_book(cls, book: PolicyBook, on: dt.date) -> RevenuePolicy:
        v = book.namespace("revenue", on)
        verified = {str(k): str(c) for k, c in v["cases.country_codes_verified"].items()}
        unverified = {str(k): str(c) for k, c in v["cases.country_codes_unverified"].items()}
        statuses = {
            key[len("revenue.") :]: rule.status
            for key, rule in book.rules.items()
            if key.startswith("revenue.")
        }
        return cls(
            on=on,
            version=book.version,
            clock=BillClock.from_book(book, on),
            country_codes={**unverified, **verified},
            unverified_codes=frozenset(unverified) - frozenset(verified),
            third_country={str(k): dict(t) for k, t in v["cases.third_country"].items()},
            de_minimis_pct=float(v["rates.de_minimis_pct"]),
            interest_rate_pct=float(v["bill.interest_rate_pct"]),
            new_importer_days=int(v["covered.new_importer_days"]),
            active_days=int(v["covered.active_days"]),
            ctpat_exempt_tiers=frozenset(int(t) for t in v["covered.ctpat_exempt_tiers"]),
            linkage_keys=tuple(str(k) for k in v["linkage.keys"]),
            linkage_max_group=int(v["linkage.max_group_size"]),
            free_mail_domains=frozenset(str(d).lower() for d in v["linkage.free_mail_domains"]),
            review_lookback_years=int(v["exposure.review_lookback_years"]),
            min_reviews=int(v["exposure.min_reviews"]),
            model=dict(v["risk.model"] or {}),
            security=SecuritySetting(
                float(v["security.threshold_probability"]), float(v["security.multiplier"])
            ),
            security_minimum_usd=float(v["security.minimum_usd"]),
            security_grid_usd=float(v["security.grid_usd"]),
            live_entry_after_days=int(v["security.live_entry_after_days"]),
            backtest_thresholds=tuple(float(t) for t in v["backtest.thresholds"]),
            backtest_multipliers=tuple(float(m) for m in v["backtest.multipliers"]),
            backtest_max_payer_share=float(v["backtest.max_payer_share"]),
            backtest_max_payer_ratio=float(v["backtest.max_payer_security_ratio"]),
            statuses=statuses,
        )

    def status(self, key: str) -> str:
        """``law``, ``proposed`` or ``assumption`` for a ``revenue.*`` key (``law`` if unknown)."""
        return self.statuses.get(key, "law")
