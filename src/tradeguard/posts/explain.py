"""Every quarterly call and every change of measures as a :class:`Decision` an analyst can read.

The hits carry the inputs, indicators, pillars, score, threshold and posterior probability,
each with the footing (law, proposed, assumption) of the policy rule behind it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.posts.aggregate import COUNT_COLUMNS
from tradeguard.posts.metric import Priors
from tradeguard.posts.params import PostsPolicy
from tradeguard.posts.status import LEVEL_NAMES, LEVEL_PROVISIONS, PostState

__all__ = ["measures_decision", "quarter_decision"]

_CAT_NAMES = {"cf": "counterfeit", "nx": "narcotics", "cb": "other contraband"}
_SHARE_TEXT = {
    "aed_coverage": ("AED received in time", "aed_timely", "n_aed_required", "goods items"),
    "aed_quality": (
        "AED records passing the quality checks",
        "aed_valid",
        "aed_present",
        "AED records",
    ),
    "responses": ("requests answered within the SLA", "r_ok", "r_req", "requests"),
}


def _f(value: Any, digits: int = 1) -> str:
    x = float(value)
    return "n/a" if math.isnan(x) else f"{x:.{digits}f}"


def _rate_hits(row: Mapping[str, Any], priors: Priors, p: PostsPolicy) -> list[RuleHit]:
    hits = []
    n = int(row["n_sampled"])
    for k, name in _CAT_NAMES.items():
        w = p.pillar_weights["trafficking"] * p.severity_weights[k]
        prior = priors.rates[k]
        basis = "fitted on " + ", ".join(priors.fitted_on) if prior.fitted else "policy default"
        reason = (
            f"{int(row[f'x_{k}'])} of {n} randomly sampled items were {name}: raw "
            f"{_f(row[f'raw_{k}_per_10k'])} per 10,000 (95% Wilson "
            f"{_f(row[f'wilson_lo_{k}_per_10k'])}"
            f"-{_f(row[f'wilson_hi_{k}_per_10k'])}), shrunk to {_f(row[f'eb_{k}_per_10k'])} per "
            "10,000 "
            f"toward the prior mean {_f(prior.mean * 1e4)} ({basis}; weight on prior "
            f"{_f(row[f'shrinkage_{k}'], 2)}); normalised "
            f"{_f(row['y' + str(1 + list(_CAT_NAMES).index(k))], 2)}"
        )
        hits.append(
            RuleHit(
                f"POST-RATE-{k.upper()}",
                w,
                reason,
                {"prior_alpha": prior.alpha, "prior_beta": prior.beta},
                p.status("goalposts.rates_per_10k"),
            )
        )
    return hits


def _share_hits(row: Mapping[str, Any], p: PostsPolicy) -> list[RuleHit]:
    hits = []
    for j, (k, (label, num, den, unit)) in enumerate(_SHARE_TEXT.items()):
        w = p.pillar_weights["cooperation"] * p.cooperation_weights[k]
        y = float(row[f"y{5 + j}"])
        if math.isnan(y):
            reason = (
                f"No {unit} this quarter: {label} is not applicable; its weight goes to the others."
            )
            hits.append(
                RuleHit(f"POST-{k.upper()}-NA", 0.0, reason, {}, p.status(f"goalposts.{k}"))
            )
            continue
        reason = (
            f"{int(row[num])} of {int(row[den])} {unit}: {label} "
            f"{_f(100 * float(row[f'raw_{k}']))}% "
            f"(shrunk {_f(100 * float(row[f'eb_{k}']))}%), normalised {_f(y, 2)} against goalposts "
            f"{p.share_goalposts[k].lower:.0%}-{p.share_goalposts[k].upper:.0%}"
        )
        hits.append(RuleHit(f"POST-{k.upper()}", w, reason, {}, p.status(f"goalposts.{k}")))
    return hits


def _trend_hit(row: Mapping[str, Any], p: PostsPolicy) -> RuleHit:
    w = p.pillar_weights["effectiveness"]
    if not bool(row["trend_applicable"]):
        reason = (
            f"Fewer than {p.min_baseline_quarters} previous scored quarters: the trend is taken as "
            "the reference profile's (flat), so it neither raises nor lowers the score against "
            "the threshold."
        )
        return RuleHit(
            "POST-TREND-NA", w, reason, {}, p.status("effectiveness.min_baseline_quarters")
        )
    reason = (
        f"Severity-weighted rate {_f(row['rho_per_10k'])} per 10,000 against "
        f"{_f(row['baseline_rho_per_10k'])} over the previous quarters (ratio "
        f"{_f(row['trend_ratio'], 2)}), normalised {_f(row['y4'], 2)}"
    )
    return RuleHit("POST-TREND", w, reason, {}, p.status("goalposts.trend_ratio"))


def _score_hits(row: Mapping[str, Any], p: PostsPolicy) -> list[RuleHit]:
    if not bool(row["scored"]):
        pooled = " even after pooling with the previous quarter" if bool(row["pooled"]) else ""
        reason = (
            f"Only {int(row['n_sampled'])} items in the random compliance sample{pooled} (minimum "
            f"{p.min_sample}): insufficient data, not scored; the post is not deemed non-compliant "
            "this quarter."
        )
        return [RuleHit("POST-INSUFFICIENT-DATA", 1.0, reason, {}, p.status("sample.min_items"))]
    cmp = "below" if float(row["score"]) < float(row["threshold"]) else "at or above"
    reason = (
        f"Score {_f(row['score'])} (posterior median; 90% band {_f(row['score_p05'])}-"
        f"{_f(row['score_p95'])}) is {cmp} the quarter's threshold {_f(row['threshold'])}; "
        f"P(score < threshold) = {_f(row['p_below'], 2)}. Pillars: trafficking "
        f"{_f(row['pillar_trafficking'], 2)}, effectiveness {_f(row['pillar_effectiveness'], 2)}, "
        f"cooperation {_f(row['pillar_cooperation'], 2)}."
    )
    hits = [RuleHit("POST-SCORE", 1.0, reason, {"score_point": row["score_point"]}, "law")]
    if bool(row["pooled"]):
        hits.append(
            RuleHit(
                "POST-POOLED",
                0.0,
                "The random sample was below the minimum and "
                "was pooled with the previous quarter's.",
                {},
                p.status("sample.pool_previous_quarter"),
            )
        )
    if bool(row["borderline"]):
        hits.append(
            RuleHit(
                "POST-BORDERLINE",
                0.0,
                "Borderline: the probability of being below "
                "the threshold is between the policy's bounds.",
                {},
                p.status("classification.borderline"),
            )
        )
    if bool(row["nx_cap_hit"]):
        reason = (
            f"Narcotics: the 90% lower credible bound {_f(row['nx_lower_per_10k'])} per 10,000 "
            f"exceeds the hard cap {_f(p.nx_cap_per_10k)}: non-compliant whatever the score."
        )
        hits.append(RuleHit("POST-NX-CAP", 1.0, reason, {}, p.status("nx_cap.per_10k")))
    return hits


def quarter_decision(
    row: Mapping[str, Any], priors: Priors, policy: PostsPolicy, decided_at: dt.datetime
) -> Decision:
    """The quarter's call on one post: COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA."""
    hits = _score_hits(row, policy)
    if bool(row["scored"]):
        hits += [*_rate_hits(row, priors, policy), _trend_hit(row, policy)]
        hits += _share_hits(row, policy)
    if not bool(row.get("known_post", True)):
        hits.append(
            RuleHit(
                "POST-UNKNOWN",
                0.0,
                f"Post {row['post_code']} is not in the posts table.",
                {},
                "assumption",
            )
        )
    counts = {c: int(row[c]) for c in COUNT_COLUMNS}
    score = float(row["score"]) if bool(row["scored"]) else None
    return Decision(
        subject=f"POST:{row['post_code']}",
        kind="post_quarter_status",
        outcome=str(row["outcome"]),
        score=score,
        hits=tuple(hits),
        provision="EO 13904 s.5(a)",
        policy_version=policy.version,
        inputs_digest=inputs_digest(
            {
                "quarter": row["quarter"],
                "counts": counts,
                "baseline": row["baseline_rho_per_10k"],
                "priors": priors,
            }
        ),
        decided_at=decided_at,
    )


def measures_decision(
    post: str,
    quarter: str,
    before: PostState,
    after: PostState,
    policy: PostsPolicy,
    decided_at: dt.datetime,
) -> Decision | None:
    """A change of measures in force (tier), or ``None`` when nothing changed."""
    if before.tier == after.tier:
        return None
    rising = after.tier > before.tier
    if rising:
        reason = (
            f"{after.counter} consecutive non-compliant quarters to {quarter}: measures rise from "
            f"{LEVEL_NAMES[before.tier]} to {LEVEL_NAMES[after.tier]}."
        )
        key = (
            "escalation.priority_targeting_quarters",
            "escalation.additional_info_quarters",
            "escalation.prevent_regardless_quarters",
        )[after.tier - 1]
    else:
        reason = (
            f"{policy.removal_quarters} consecutive quarters at or above the threshold plus "
            f"{policy.removal_margin:g} points to {quarter}: measures step down from "
            f"{LEVEL_NAMES[before.tier]} to {LEVEL_NAMES[after.tier]}."
        )
        key = "removal.quarters"
    hit = RuleHit(
        "POST-MEASURES", 1.0, reason, {"before": before, "after": after}, policy.status(key)
    )
    return Decision(
        subject=f"POST:{post}",
        kind="post_measures",
        outcome=LEVEL_NAMES[after.tier],
        score=float(after.tier),
        hits=(hit,),
        provision=LEVEL_PROVISIONS[max(after.tier, before.tier) if rising else 0],
        policy_version=policy.version,
        inputs_digest=inputs_digest(
            {"post": post, "quarter": quarter, "before": before, "after": after}
        ),
        decided_at=decided_at,
    )
