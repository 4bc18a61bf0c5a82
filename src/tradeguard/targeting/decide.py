"""Selections as decisions with their evidence (pure): one per selected declaration."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.targeting.explain import factor_hits, top_factors
from tradeguard.targeting.model import TargetingModel
from tradeguard.targeting.params import TargetingPolicy

__all__ = ["REASON_WORDS", "selection_decisions"]

REASON_WORDS = {
    "exploit": "Among the highest priorities of the period (probability weighted by revenue at"
               " stake)",
    "cold_start": "Importer never seen before: part of the budget kept for new importers",
    "explore": "Exploratory inspection: part of the budget kept to keep learning",
    "random_no_model": "Random inspection: too few inspection results yet to train a model",
}
REASON_POLICY = {"exploit": "revenue_weight", "cold_start": "cold_start.share",
                 "explore": "exploration.share", "random_no_model": "cold_start.min_labels"}


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _reason_hit(row: dict[str, Any], policy: TargetingPolicy) -> RuleHit:
    reason = str(row["reason"])
    text = f"{REASON_WORDS[reason]}; probability of a finding {row['p']:.0%}" \
        if row.get("p") is not None else REASON_WORDS[reason]
    key = REASON_POLICY[reason]
    return RuleHit(f"TGT-{reason.upper()}", 1.0, text, {"priority": row.get("priority"),
                   "rate": policy.inspection_rate}, policy.statuses.get(key, "assumption"))


def _post_hit(row: dict[str, Any], policy: TargetingPolicy) -> RuleHit:
    return RuleHit("TGT-POST-PRIORITY", 0.5, f"Post {row.get('post')} non-compliant for"
                   f" {policy.post_min_quarters}+ consecutive quarters: priority x"
                   f"{policy.post_multiplier:g}", {"post": row.get("post")}, "law")


def selection_decisions(chosen: pd.DataFrame, feats: pd.DataFrame | None,
                        model: TargetingModel | None, policy: TargetingPolicy,
                        decided_at: dt.datetime) -> list[Decision]:
    """A decision ``inspect`` per selected row of ``chosen`` (from ``select_inspections``), its
    reason and the top factors of its score in plain words. ``feats`` are the rows' features.
    """
    picked = np.flatnonzero(chosen["selected"].to_numpy())
    contrib = (model.contributions(feats.iloc[picked]) if model is not None and feats is not None
               and len(picked) else None)
    out = []
    for j, i in enumerate(picked.tolist()):
        row = {str(k): _plain(v) for k, v in chosen.iloc[i].to_dict().items()}
        if feats is not None:
            row |= {str(k): _plain(v) for k, v in feats.iloc[i].to_dict().items()}
        hits = [_reason_hit(row, policy)]
        if row.get("post_priority"):
            hits.append(_post_hit(row, policy))
        if contrib is not None and model is not None:
            factors = top_factors(list(model.features), contrib[j], row, policy.top_factors)
            hits += factor_hits(factors)
        provision = "EO 13904 s.5(b)" if row.get("post_priority") else "EO 13785 s.4(a)"
        digest = inputs_digest({"row": {k: row.get(k) for k in sorted(chosen.columns)},
                                "policy": policy.version})
        out.append(Decision(f"declaration:{row['decl_id']}", "inspection_selection", "inspect",
                            row.get("p"), tuple(hits), provision, policy.version, digest,
                            decided_at))
    return out
