"""Cost per item, and the cost of a post's non-compliance (methods 5.C).

The expected cost of an item of stream c is::

    u_c = r_screen + h_c·(r_exam + ℓ_c·r_lab + σ_c·r_seize) + d_c·(w_c·r_duty + p·r_protest)

with h the hold (exam) rate, ℓ the lab share, σ seizures per exam, d the dutiable share, w the
duty weight and p protests per dutiable item. A post whose items are held and seized more often
than its stream's average costs more per item; the difference times its items is the cost of its
non-compliance. The hold and seizure rates per post come from the posts' own measurements (the
posts capability) or from mail item records (:func:`post_rates_from_mail_items`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from tradeguard.errors import InvalidInput
from tradeguard.fees.costs import ACTIVITIES, AbcResult, CostPolicy

__all__ = [
    "MAIL_CLASS_STREAMS",
    "PostCost",
    "PostRates",
    "noncompliance_costs",
    "post_rates_from_mail_items",
    "unit_cost_usd",
]

#: ``mail_items.mail_class`` -> cost stream (documents carry no goods and are not costed).
MAIL_CLASS_STREAMS = {
    "LETTER_GOODS": "mail.letter_goods",
    "PARCEL": "mail.parcel",
    "EMS": "mail.ems",
}


@dataclass(frozen=True, slots=True)
class PostRates:
    """Observed rates of one post's items in one stream."""

    post_code: str
    stream: str
    items: int
    hold_rate: float
    seizure_rate: float  # seizures per exam
    lab_share: float | None = None  # default: the stream's
    dutiable_share: float | None = None  # default: the stream's


@dataclass(frozen=True, slots=True)
class PostCost:
    post_code: str
    stream: str
    items: int
    cost_per_item_usd: float
    baseline_cost_per_item_usd: float
    marginal_excess_per_item_usd: float  # variable cost only: what the post's behaviour adds

    @property
    def excess_per_item_usd(self) -> float:
        return self.cost_per_item_usd - self.baseline_cost_per_item_usd

    @property
    def excess_usd(self) -> float:
        """Full cost of non-compliance (A-25 full cost rates) over the post's items."""
        return self.excess_per_item_usd * self.items

    @property
    def marginal_excess_usd(self) -> float:
        return self.marginal_excess_per_item_usd * self.items


def unit_cost_usd(
    rates: Mapping[str, float],
    hold: float,
    lab: float,
    seizure: float,
    dutiable_share: float,
    duty_weight: float,
    protest_rate: float,
) -> float:
    """The methods' u_c formula for one item, from activity rates r_a."""
    inspection = rates["exam"] + lab * rates["lab"] + seizure * rates["seizure"]
    duty = duty_weight * rates["duty"] + protest_rate * rates["protest"]
    return rates["screening"] + hold * inspection + dutiable_share * duty


def _stream_dutiable_share(abc: AbcResult, cost: CostPolicy, stream: str) -> float:
    items, weight = abc.items[stream], cost.duty_weight[stream]
    return abc.drivers[stream]["duty"] / (items * weight) if items and weight else 0.0


def noncompliance_costs(
    posts: Sequence[PostRates], abc: AbcResult, cost: CostPolicy
) -> list[PostCost]:
    """Cost per item of each post's items against its stream's average, full and marginal."""
    variable = {a: abc.rates_usd[a] - abc.fixed_rates_usd[a] for a in ACTIVITIES}
    out = []
    for p in posts:
        if p.stream not in abc.drivers:
            raise InvalidInput(f"post {p.post_code}: no FY{abc.fiscal_year} volumes for {p.stream}")
        if not (0 <= p.hold_rate <= 1 and p.seizure_rate >= 0):
            raise InvalidInput(f"post {p.post_code}: rates out of range")
        s = p.stream
        d = p.dutiable_share
        if d is None:
            d = _stream_dutiable_share(abc, cost, s)
        lab = p.lab_share if p.lab_share is not None else cost.lab_share[s]
        common = (d, cost.duty_weight[s], cost.protest_rate)
        base = (cost.hold_rate[s], lab, cost.seizure_rate[s], *common)
        post = (p.hold_rate, lab, p.seizure_rate, *common)
        marginal = unit_cost_usd(variable, *post) - unit_cost_usd(variable, *base)
        out.append(
            PostCost(
                p.post_code,
                s,
                p.items,
                unit_cost_usd(abc.rates_usd, *post),
                unit_cost_usd(abc.rates_usd, *base),
                marginal,
            )
        )
    return out


def post_rates_from_mail_items(frame: pd.DataFrame) -> list[PostRates]:
    """Hold and seizure rates per post and stream from ``mail_items`` rows.

    A held item is one with ``inspected`` true; a seizure is an inspected item whose ``finding``
    is anything but NONE. Letter-post documents are left out (no goods).
    """
    needed = {"post_code", "mail_class", "inspected"}
    if not needed <= set(frame.columns):
        raise InvalidInput(f"mail items need the columns {sorted(needed)}")
    df = frame[frame["mail_class"].isin(list(MAIL_CLASS_STREAMS))].copy()
    df["held"] = df["inspected"].astype(bool)
    finding = df["finding"] if "finding" in df.columns else pd.Series("NONE", index=df.index)
    df["seized"] = df["held"] & finding.fillna("NONE").ne("NONE")
    grouped = df.groupby(["post_code", "mail_class"], sort=True)
    agg = grouped.agg(items=("held", "size"), held=("held", "sum"), seized=("seized", "sum"))
    out = []
    for rec in agg.reset_index().to_dict(orient="records"):
        post, mail_class = str(rec["post_code"]), str(rec["mail_class"])
        items, held, seized = int(rec["items"]), int(rec["held"]), int(rec["seized"])
        out.append(
            PostRates(
                post_code=post,
                stream=MAIL_CLASS_STREAMS[mail_class],
                items=items,
                hold_rate=held / items,
                seizure_rate=seized / held if held else 0.0,
            )
        )
    return out
