"""Case significance for prosecution priority (EO 13785 s.5; EO 13904 s.6(b)).

Each seizure case scores between 0 and 1, the weighted sum of five components in [0, 1]:

* ``revenue``: revenue at stake, the MSRP on a log scale from $100 (0) to
  ``revenue_full_usd`` (1);
* ``repeat``: earlier offences by the linked offender, ``repeat_full_count`` or more scoring 1;
* ``pti``: the case touches a priority trade issue (19 U.S.C. 4322);
* ``health_safety``: import-safety tag or drugs;
* ``facilitation``: the importer or shipper is an excluded (suspended or debarred) person or
  is linked to one (EO 13904 s.1); ``excluded`` holds IOR numbers, ``SHP:<normalised name>``
  keys or entity ids.

Weights are policy (``seizures.priority.weights``). Each component that contributes is a
:class:`~tradeguard.domain.decisions.RuleHit` with a sentence an analyst can read aloud.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection

import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.seizures.params import SeizuresPolicy
from tradeguard.seizures.repeat import normalise_name

__all__ = ["PROVISION", "priority_decisions", "significance"]

PROVISION = "EO 13785 s.5; EO 13904 s.6(b)"


def _revenue(msrp: float, policy: SeizuresPolicy) -> float:
    if msrp <= 100:
        return 0.0
    return min(1.0, math.log10(msrp / 100.0) / math.log10(policy.revenue_full_usd / 100.0))


def _identifiers(row: pd.Series) -> set[str]:
    ids = {str(row.get("entity") or "")}
    ior, shipper = row.get("ior_number"), row.get("shipper_name")
    if isinstance(ior, str) and ior:
        ids |= {ior, f"IOR:{ior}"}
    if isinstance(shipper, str) and shipper:
        ids.add(f"SHP:{normalise_name(shipper)}")
    return ids - {""}


def significance(
    row: pd.Series, policy: SeizuresPolicy, excluded: Collection[str] = ()
) -> tuple[float, list[RuleHit]]:
    """The score of one prepared event (:func:`tradeguard.seizures.microdata.prepare`) and its
    evidence, strongest first."""
    w = policy.priority_weights
    msrp = float(row["msrp_usd"])
    prior = int(row["prior_offences"])
    tags = [t for t in str(row["pti_tags"] or "").split(";") if t]
    facilitator = _identifiers(row) & set(excluded)
    parts = [
        (
            "REVENUE",
            w.get("revenue", 0.0),
            _revenue(msrp, policy),
            f"Revenue at stake ${msrp:,.0f} MSRP (domestic value "
            f"${float(row['domestic_value_usd']):,.0f})",
        ),
        (
            "REPEAT",
            w.get("repeat", 0.0),
            min(1.0, prior / max(policy.repeat_full_count, 1)),
            f"{prior} earlier offence(s) by the linked offender"
            + (" within the repeat window" if bool(row["repeat"]) else ""),
        ),
        (
            "PTI",
            w.get("pti", 0.0),
            1.0 if bool(row["has_pti"]) else 0.0,
            f"Priority trade issue(s): {', '.join(tags)} (19 U.S.C. 4322)",
        ),
        (
            "HEALTH-SAFETY",
            w.get("health_safety", 0.0),
            1.0 if bool(row["safety"]) else 0.0,
            "Health and safety: import-safety goods or drugs",
        ),
        (
            "FACILITATION",
            w.get("facilitation", 0.0),
            1.0 if facilitator else 0.0,
            f"Involves an excluded person ({', '.join(sorted(facilitator))}) (EO 13904 s.1)",
        ),
    ]
    hits = [
        RuleHit(
            f"PRIORITY-{code}",
            round(weight * value, 4),
            reason,
            {"component": round(value, 4), "weight": weight},
            "assumption",
        )
        for code, weight, value, reason in parts
        if value > 0
    ]
    score = round(sum(h.weight for h in hits), 4)
    return score, sorted(hits, key=lambda h: (-h.weight, h.code))


def priority_decisions(
    events: pd.DataFrame,
    policy: SeizuresPolicy,
    decided_at: dt.datetime,
    excluded: Collection[str] = (),
) -> list[Decision]:
    """One ``prosecution_priority`` decision per case: ``refer`` at or above ``refer_score``,
    otherwise ``queue``."""
    out = []
    for _, row in events.iterrows():
        score, hits = significance(row, policy, excluded)
        facts = {
            k: row[k]
            for k in (
                "case_number",
                "msrp_usd",
                "prior_offences",
                "pti_tags",
                "safety",
                "violation",
            )
        }
        out.append(
            Decision(
                f"CASE:{row['case_number']}",
                "prosecution_priority",
                "refer" if score >= policy.refer_score else "queue",
                score,
                tuple(hits),
                PROVISION,
                policy.version,
                inputs_digest(
                    {
                        "facts": facts,
                        "excluded": bool(
                            hits and any(h.code == "PRIORITY-FACILITATION" for h in hits)
                        ),
                    }
                ),
                decided_at,
            )
        )
    return out
