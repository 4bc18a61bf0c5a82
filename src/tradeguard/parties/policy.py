"""The parameters of party screening and linkage, read once from the policy book.

Every number and word list lives in ``policy/data/parties.yaml``; :class:`PartiesPolicy` is
the frozen view of it in force on one day, with the book's version recorded on decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tradeguard.policy import PolicyBook, load_policy

__all__ = ["PartiesPolicy", "parties_policy"]


@dataclass(frozen=True, slots=True)
class PartiesPolicy:
    """Screening, linkage and facilitator parameters in force on ``on``."""

    version: str
    on: dt.date
    cbp_agencies: frozenset[str]
    trade_cause_terms: tuple[str, ...]
    blank_cbp_cause_is_trade: bool
    abbreviations: Mapping[str, str]
    romanisations: tuple[tuple[str, ...], ...]
    cyrillic_suffix_fold: bool
    legal_forms: frozenset[str]
    person_titles: frozenset[str]
    generic_words: frozenset[str]
    max_postings: int
    min_deletion_length: int
    max_candidates: int
    prefilter_name: float
    prior_log2: float
    weights: Mapping[str, float]
    name_levels: tuple[float, float, float, float]
    alert_threshold: float
    confirm_threshold: float
    link_threshold: float
    affiliate_threshold: float
    indicia_weights: Mapping[str, float]
    free_mail_domains: frozenset[str]
    notice_window_days: int
    response_days: int
    measure_thresholds: Mapping[str, int]
    referral_min_continued: int
    statuses: Mapping[str, str]

    def weight(self, code: str) -> float:
        """The log2 match weight of a screening feature level, 0 when not set."""
        return float(self.weights.get(code, 0.0))

    def status_of(self, key: str) -> str:
        """``law``, ``proposed`` or ``assumption`` for a rule key under ``parties.``."""
        return self.statuses.get(key, "assumption")


def _upper(values: Any) -> frozenset[str]:
    return frozenset(str(v).upper() for v in values)


def parties_policy(book: PolicyBook | None = None, on: dt.date | None = None) -> PartiesPolicy:
    """The parties policy in force on ``on`` (default: today) from ``book`` (default: shipped).

    >>> parties_policy(on=dt.date(2026, 1, 5)).notice_window_days
    60
    """
    book = book or load_policy()
    day = on or dt.date.today()
    v = book.namespace("parties", day)
    statuses = {
        key.removeprefix("parties."): rule.status
        for key, rule in book.rules.items()
        if key.startswith("parties.")
    }
    levels = [float(x) for x in v["score.name_levels"]]
    return PartiesPolicy(
        version=book.version,
        on=day,
        cbp_agencies=_upper(v["list.cbp_agencies"]),
        trade_cause_terms=tuple(str(t).lower() for t in v["list.trade_cause_terms"]),
        blank_cbp_cause_is_trade=bool(v["list.blank_cbp_cause_is_trade"]),
        abbreviations={str(k).upper(): str(x).upper() for k, x in v["name.abbreviations"].items()},
        romanisations=tuple(tuple(str(t).upper() for t in c) for c in v["name.romanisations"]),
        cyrillic_suffix_fold=bool(v["name.cyrillic_suffix_fold"]),
        legal_forms=_upper(v["name.legal_forms"]),
        person_titles=_upper(v["name.person_titles"]),
        generic_words=_upper(v["name.generic_words"]),
        max_postings=int(v["index.max_postings"]),
        min_deletion_length=int(v["index.min_deletion_length"]),
        max_candidates=int(v["index.max_candidates"]),
        prefilter_name=float(v["index.prefilter_name"]),
        prior_log2=float(v["score.prior_log2"]),
        weights={str(k): float(x) for k, x in v["score.weights"].items()},
        name_levels=(levels[0], levels[1], levels[2], levels[3]),
        alert_threshold=float(v["screen.alert_threshold"]),
        confirm_threshold=float(v["screen.confirm_threshold"]),
        link_threshold=float(v["link.threshold"]),
        affiliate_threshold=float(v["link.affiliate_threshold"]),
        indicia_weights={str(k): float(x) for k, x in v["link.indicia_weights"].items()},
        free_mail_domains=frozenset(str(d).lower() for d in v["link.free_mail_domains"]),
        notice_window_days=int(v["notice.window_days"]),
        response_days=int(v["measures.response_days"]),
        measure_thresholds={str(k): int(x) for k, x in v["measures.thresholds"].items()},
        referral_min_continued=int(v["referral.min_continued"]),
        statuses=statuses,
    )
