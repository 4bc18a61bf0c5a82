"""Dispositions of a stopped item, including methods other than seizure (EO 13785 s.4(a)).

For each finding the policy lists the lawful options, default first (``disposition.options``):
release, release on payment of duties, release after marking, re-export under supervision,
voluntary abandonment (19 CFR 127.12, 12.126), destruction under supervision, seizure and
forfeiture, referral. Three rules then adjust the offer:

* a counterfeit item worth more than ``abandonment_max_value_usd`` goes to seizure and
  forfeiture by default (abandonment stays offered);
* a repeat offender (``repeat_offender_findings`` earlier findings) is not offered abandonment,
  goes to seizure and forfeiture where that is lawful, and is referred;
* revenue at stake at or above ``referral_value_usd`` adds a referral.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.targeting.params import TargetingPolicy

__all__ = ["OPTION_WORDS", "StoppedItem", "disposition_decision"]

PROVISION = "EO 13785 s.4(a)"
OPTION_WORDS = {
    "release": "release to the importer",
    "release_on_payment": "release once the duties owed are paid",
    "release_after_marking": "release once properly marked",
    "re_export": "re-export under customs supervision",
    "voluntary_abandonment": "voluntary abandonment to the Government (19 CFR 127.12)",
    "destruction": "destruction under customs supervision",
    "seizure_forfeiture": "seizure and forfeiture",
    "referral": "referral for penalty or prosecution",
}


@dataclass(frozen=True, slots=True)
class StoppedItem:
    """An item stopped at inspection, with what the officer found."""

    subject: str
    finding: str
    value_usd: float
    at_stake_usd: float = 0.0
    prior_findings: int = 0


def _offer(item: StoppedItem, policy: TargetingPolicy) -> tuple[list[str], list[RuleHit]]:
    options = list(policy.disposition_options[item.finding])
    words = "; ".join(OPTION_WORDS.get(o, o) for o in options)
    hits = [RuleHit("DISP-OPTIONS", 1.0, f"Finding {item.finding}: lawful options are {words}",
                    {"finding": item.finding, "options": options},
                    policy.statuses.get("disposition.options", "law"))]
    return options, hits


def _adjust(item: StoppedItem, policy: TargetingPolicy, options: list[str],
            hits: list[RuleHit]) -> list[str]:
    status = policy.statuses.get
    repeat = item.prior_findings >= policy.repeat_offender_findings and item.finding != "NONE"
    if item.finding == "IPR" and item.value_usd > policy.abandonment_max_value_usd \
            and "seizure_forfeiture" in options:
        options.remove("seizure_forfeiture")
        options.insert(0, "seizure_forfeiture")
        hits.append(RuleHit("DISP-ABANDON-LIMIT", 0.5, f"Value {item.value_usd:,.2f} USD is above"
                            f" the abandonment limit of {policy.abandonment_max_value_usd:,.0f}",
                            {"value_usd": item.value_usd},
                            status("disposition.abandonment_max_value_usd", "assumption")))
    if repeat:
        options = [o for o in options if o != "voluntary_abandonment"]
        if "seizure_forfeiture" in options:
            options.remove("seizure_forfeiture")
            options.insert(0, "seizure_forfeiture")
        hits.append(RuleHit("DISP-REPEAT", 0.5, f"{item.prior_findings} earlier finding(s)"
                            f" against the same party (repeat offender at"
                            f" {policy.repeat_offender_findings})",
                            {"prior_findings": item.prior_findings},
                            status("disposition.repeat_offender_findings", "assumption")))
    big = item.at_stake_usd >= policy.referral_value_usd and item.finding != "NONE"
    if (big or repeat) and "referral" not in options:
        options.append("referral")
    if big:
        hits.append(RuleHit("DISP-REFERRAL", 0.3, f"{item.at_stake_usd:,.2f} USD at stake, at or"
                            f" above {policy.referral_value_usd:,.0f}: referral added",
                            {"at_stake_usd": item.at_stake_usd},
                            status("disposition.referral_value_usd", "assumption")))
    return options


def disposition_decision(item: StoppedItem, policy: TargetingPolicy,
                         decided_at: dt.datetime) -> Decision:
    """The options offered for a stopped item and the default one, as a decision.

    An unknown finding is referred to an officer, with the reason.
    """
    if item.finding not in policy.disposition_options:
        known = ", ".join(sorted(policy.disposition_options))
        options = ["referral"]
        hits = [RuleHit("DISP-NA", 0.0, f"No disposition rule for finding {item.finding!r}"
                        f" (known: {known}); referred to an officer", {"finding": item.finding},
                        "assumption")]
    else:
        options, hits = _offer(item, policy)
        options = _adjust(item, policy, options, hits)
    outcome = options[0]
    hits.append(RuleHit("DISP-DEFAULT", 0.0, f"Default offer: {OPTION_WORDS.get(outcome, outcome)}"
                        f"; also offered: {', '.join(options[1:]) or 'nothing else'}",
                        {"offered": options}, "assumption"))
    digest = inputs_digest({"item": asdict(item), "offered": options})
    return Decision(item.subject, "disposition", outcome, None, tuple(hits), PROVISION,
                    policy.version, digest, decided_at)
