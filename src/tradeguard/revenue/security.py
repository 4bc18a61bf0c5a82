"""Risk-based security for covered importers (EO 13785 s.3) and the measures beside it.

* **Supplemental security**: for a covered importer whose probability of not paying is at least
  ``revenue.security.threshold_probability``: ``multiplier x probability x exposure``, at least
  ``revenue.security.minimum_usd`` but never more than the worst case of its open liability (or
  the exposure, if larger), rounded up to ``revenue.security.grid_usd``; nothing when it has no
  open liability to secure.
* **Cash deposit / live entry** (pay before release): an AD/CVD bill open more than
  ``revenue.security.live_entry_after_days`` after its date and not under protest (a pending
  protest stops sanctions, 19 CFR 24.72 and 142.14).
* **Suspended or debarred by CBP**: no continuous bond while excluded (unless FTZ-only), with
  written notice to principal and surety 15 days before the first activity it stops
  (CSMS #47894086); single-transaction bonds and cash in lieu stay allowed.
* Validated CTPAT Tier 2/3 importers are excluded (19 U.S.C. 4321(c)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.revenue.explain import make_decision, usd
from tradeguard.revenue.params import RevenuePolicy, SecuritySetting

__all__ = [
    "Debarment",
    "continuous_bond_eligibility",
    "live_entry_candidates",
    "security_amounts",
    "security_decisions",
]

PROVISION = "EO 13785 s.3; 19 U.S.C. 1623, 4321"
DEBARRED_PROVISION = "CSMS #47894086 (May 2021); 19 CFR 113.73"


@dataclass(frozen=True, slots=True)
class Debarment:
    """A CBP suspension or debarment of an importer, as the screening engine reports it."""

    active_on: dt.date
    ends_on: dt.date | None = None
    ftz_only: bool = False
    notice_on: dt.date | None = None  # when the 15-day notice went out, if it has


def security_amounts(p: pd.Series, exposure: pd.DataFrame, covered: pd.Series,
                     setting: SecuritySetting, minimum_usd: float,
                     grid_usd: float) -> pd.Series:
    """Supplemental security per importer (0 where none is demanded).

    >>> p = pd.Series([0.5, 0.1], index=["A", "B"])
    >>> ex = pd.DataFrame({"exposure_usd": [100_000.0, 5e5], "worst_case_usd": [3e5, 1e6]},
    ...                   index=["A", "B"])
    >>> security_amounts(p, ex, pd.Series([True, True], index=["A", "B"]),
    ...                  SecuritySetting(0.3, 2.0), 10_000, 1_000).tolist()
    [100000.0, 0.0]
    """
    ex = exposure.reindex(p.index).fillna(0.0)
    raw = setting.multiplier * p * ex["exposure_usd"]
    cap = np.maximum(ex["worst_case_usd"], ex["exposure_usd"])
    amount = np.minimum(np.maximum(raw, minimum_usd), cap)
    amount = np.ceil(np.round(amount / grid_usd, 9)) * grid_usd
    demanded = covered.reindex(p.index).fillna(False).astype(bool) & (
        p >= setting.threshold_probability
    ) & (cap > 0)
    return pd.Series(np.where(demanded, amount, 0.0), index=p.index)


def live_entry_candidates(ledger: pd.DataFrame, after_days: int) -> pd.DataFrame:
    """Per importer: AD/CVD bills open more than ``after_days`` past their date, split into
    those under protest (sanction suppressed) and those not, with the oldest as evidence."""
    old = ledger[
        (ledger["kind"] == "SUPPLEMENTAL")
        & (ledger["balance_usd"] > 0.005)
        & (ledger["days_open"] > after_days)
    ]
    free = old[~old["protest_pending"]].sort_values("days_open", ascending=False)
    out = pd.DataFrame(
        {
            "overdue_n": free.groupby("ior_number").size(),
            "overdue_usd": free.groupby("ior_number")["balance_usd"].sum(),
        }
    )
    first = free.groupby("ior_number").head(1).set_index("ior_number")
    out["oldest_bill"] = first["bill_number"]
    out["oldest_days"] = first["days_open"]
    protested = old[old["protest_pending"]].groupby("ior_number").size()
    out = out.join(protested.rename("protested_n"), how="outer")
    out[["overdue_n", "protested_n"]] = out[["overdue_n", "protested_n"]].fillna(0).astype(int)
    out["overdue_usd"] = out["overdue_usd"].fillna(0.0)
    return out


def _supplemental_hit(p: float, row: pd.Series, amount: float, policy: RevenuePolicy,
                      setting: SecuritySetting) -> RuleHit:
    return RuleHit(
        "SECURITY-SUPPLEMENTAL", 1.0,
        f"Covered importer with a {p:.0%} probability of not paying (threshold "
        f"{setting.threshold_probability:.0%}) and {usd(row['exposure_usd'])} of open AD/CVD "
        f"liability: supplemental security of {usd(amount)} ({setting.multiplier:g} x "
        f"{p:.3f} x {usd(row['exposure_usd'])}, at least {usd(policy.security_minimum_usd)} but "
        f"at most the worst case {usd(max(row['worst_case_usd'], row['exposure_usd']))}, "
        f"rounded up to {usd(policy.security_grid_usd)})",
        {"probability": round(p, 4), "exposure_usd": round(float(row["exposure_usd"]), 2),
         "amount_usd": amount, "threshold": setting.threshold_probability,
         "multiplier": setting.multiplier},
        policy.status("security.multiplier"),
    )


def _live_entry_hits(row: pd.Series, policy: RevenuePolicy) -> list[RuleHit]:
    hits: list[RuleHit] = []
    if row.get("overdue_n", 0):
        hits.append(RuleHit(
            "SECURITY-LIVE-ENTRY", 1.0,
            f"{int(row['overdue_n'])} AD/CVD bill(s) for {usd(row['overdue_usd'])} unpaid more "
            f"than {policy.live_entry_after_days} days after their date (oldest: bill "
            f"{row['oldest_bill']}, {int(row['oldest_days'])} days) and not under protest: "
            "cash deposit with live entry (pay before release) for its AD/CVD entries",
            {"bill": row["oldest_bill"], "bills": int(row["overdue_n"])},
            policy.status("security.live_entry_after_days"),
        ))
    if row.get("protested_n", 0):
        hits.append(RuleHit(
            "SECURITY-PROTEST-PENDING", 0.0,
            f"{int(row['protested_n'])} overdue bill(s) are under protest: set-off and "
            "sanctions wait for the protest decision (19 U.S.C. 1514; 19 CFR 24.72)",
            {"bills": int(row["protested_n"])},
        ))
    return hits


def security_decisions(frame: pd.DataFrame, on: dt.date, policy: RevenuePolicy,
                       setting: SecuritySetting | None = None) -> list[Decision]:
    """One ``adcvd_security`` decision per covered or exempt importer of ``frame`` (columns:
    ``covered``, ``exempt``, ``probability``, ``security_usd``, ``exposure_usd``,
    ``worst_case_usd``, and the live-entry columns)."""
    setting = setting or policy.security
    out: list[Decision] = []
    for ior, row in frame[frame["covered"] | frame["exempt"]].iterrows():
        p, amount = float(row["probability"]), float(row["security_usd"])
        if row["exempt"]:
            hits = [RuleHit("CTPAT-EXEMPT", 1.0, "Validated CTPAT Tier 2/3 importer: no "
                            "risk-based security (19 U.S.C. 4321(c))", {})]
            outcome = "exempt"
        else:
            hits = _live_entry_hits(row, policy)
            if amount > 0:
                hits.insert(0, _supplemental_hit(p, row, amount, policy, setting))
            live = any(h.code == "SECURITY-LIVE-ENTRY" for h in hits)
            outcome = "live_entry" if live else "supplemental_security" if amount else "none"
            if not hits or outcome == "none":
                hits.append(RuleHit(
                    "SECURITY-NOT-NEEDED", 0.0,
                    f"Covered importer with a {p:.0%} probability of not paying, below the "
                    f"{setting.threshold_probability:.0%} threshold: the basic bond suffices",
                    {"probability": round(p, 4)}, policy.status("security.threshold_probability"),
                ))
        out.append(make_decision(str(ior), "adcvd_security", outcome, amount, hits, PROVISION,
                                 policy.version, on, {"p": round(p, 6), "amount": amount,
                                                      "hits": [h.code for h in hits]}))
    return out


def continuous_bond_eligibility(debarred: Mapping[str, Debarment], on: dt.date,
                                notice_days: int, version: str) -> list[Decision]:
    """Per excluded importer: continuous bond blocked (or allowed: FTZ-only, or excluded no
    longer), the 15-day notice and the first day the block applies."""
    out: list[Decision] = []
    for ior, d in sorted(debarred.items()):
        ended = d.ends_on is not None and d.ends_on <= on
        if ended or d.active_on > on:
            outcome, hits = "continuous_allowed", [RuleHit(
                "DEBARRED-NOT-IN-FORCE", 0.0,
                f"The exclusion from {d.active_on} is not in force on {on}", {})]
        elif d.ftz_only:
            outcome, hits = "continuous_allowed", [RuleHit(
                "DEBARRED-FTZ-EXCEPTION", 1.0,
                "Suspended or debarred by CBP, but its activity is one where a continuous bond "
                "is the only acceptable form (FTZ operator, 19 CFR 113.73)", {})]
        else:
            notice = d.notice_on or on
            starts = notice + dt.timedelta(days=notice_days)
            outcome = "continuous_blocked"
            hits = [RuleHit(
                "DEBARRED-NO-CONTINUOUS", 1.0,
                f"Suspended or debarred by CBP from {d.active_on}: no continuous bond while "
                f"excluded; notice to the principal and surety on {notice}, so the block applies"
                f" to activity from {starts} ({notice_days} days later); single-transaction "
                "bonds and cash in lieu remain allowed",
                {"notice_on": notice, "blocked_from": starts},
            )]
        out.append(make_decision(ior, "continuous_bond_eligibility", outcome, None, hits,
                                 DEBARRED_PROVISION, version, on,
                                 {"active_on": d.active_on, "ends_on": d.ends_on,
                                  "ftz_only": d.ftz_only, "notice_on": d.notice_on}))
    return out
