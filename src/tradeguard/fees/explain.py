"""The sentences behind a fee recommendation: one :class:`RuleHit` per step of the analysis."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from tradeguard.domain.decisions import RuleHit
from tradeguard.fees.breakeven import BreakEvenResult, Scenario, TrueUp
from tradeguard.fees.coverage import YearCoverage
from tradeguard.fees.montecarlo import LeverInputs, MonteCarloResult

__all__ = ["FEE_LABELS", "money", "recommendation_hits"]

FEE_LABELS = {
    "dutiable_mail": ("dutiable mail fee", "dutiable mail item"),
    "ems_inbound": ("inbound EMS fee", "EMS item"),
    "express_waybill": ("express consignment fee", "waybill"),
    "informal_automated": ("automated informal entry fee", "informal entry"),
}


def money(x: float) -> str:
    """``$1.2M`` for large amounts, ``$2.69`` for small ones."""
    if abs(x) >= 1e9:
        return f"${x / 1e9:,.2f}B"
    return f"${x / 1e6:,.1f}M" if abs(x) >= 1e6 else f"${x:,.2f}"


def _current(inputs: LeverInputs, cov: YearCoverage) -> RuleHit:
    label, unit = FEE_LABELS.get(inputs.fee, (inputs.fee, "unit"))
    line = cov.schedule.lines.get(inputs.fee)
    if line is not None:
        basis = f"{line.basis}; FY2014 base ${line.base_usd}, factor {line.factor}"
    else:
        share = cov.schedule.ems_cbp_share
        basis = f"STOP Act amount, not indexed here; CBP keeps {share:.0%}, USPS the rest"
    return RuleHit(
        "FEE-CURRENT",
        0.0,
        f"The FY{inputs.fiscal_year} {label} is ${inputs.fee0_usd:.2f} per {unit} ({basis})",
        {"fee0_usd": inputs.fee0_usd},
        "law",
    )


def _coverage(inputs: LeverInputs, cov: YearCoverage) -> RuleHit:
    revenue, cost = cov.total(inputs.streams)
    ratio = revenue / cost if cost else float("nan")
    return RuleHit(
        "FEE-COVERAGE",
        max(0.0, 1.0 - ratio),
        f"In FY{inputs.fiscal_year} fees on {', '.join(inputs.streams)} bring {money(revenue)} "
        f"against a modelled full cost of {money(cost)}: {ratio:.1%} covered",
        {"revenue_usd": revenue, "cost_usd": cost, "coverage_ratio": ratio},
        "assumption",
    )


def _true_up(tu: TrueUp, years: int) -> RuleHit:
    if not tu.years:
        text = "No earlier fiscal year has volumes, so there is nothing to true up"
    else:
        span = f"FY{tu.years[0]}" + (f"-FY{tu.years[-1]}" if len(tu.years) > 1 else "")
        kind = "under-recovered" if tu.gap_usd > 0 else "over-recovered"
        effect = "adds" if tu.gap_usd > 0 else "takes off"
        text = (
            f"{span} {kind} {money(abs(tu.gap_usd))}; amortised over {years} years this "
            f"{effect} {money(abs(tu.gap_usd) / years)} a year"
        )
    if tu.skipped:
        text += f" (left out: {'; '.join(tu.skipped)})"
    return RuleHit("FEE-TRUE-UP", 0.0, text, {"gap_usd": tu.gap_usd, "years": tu.years},
                   "assumption")


def _break_even(scenarios: Sequence[Scenario]) -> list[RuleHit]:
    hits = []
    for sc in scenarios:
        a, b = sc.without_true_up, sc.with_true_up
        if a.fee_usd is None or b.fee_usd is None:
            text = f"With elasticity {sc.elasticity:+.2f}: {(b if a.feasible else a).reason}"
        else:
            text = (
                f"With elasticity {sc.elasticity:+.2f} the break-even fee is ${a.fee_usd:.2f} "
                f"(with the true-up ${b.fee_usd:.2f}); volume would be "
                f"{b.volume_at_fee / 1e6:,.1f}M items"
            )
        hits.append(RuleHit("FEE-BREAK-EVEN", 0.0, text,
                            {"elasticity": sc.elasticity, "fee_usd": a.fee_usd,
                             "fee_with_true_up_usd": b.fee_usd}, "assumption"))
    return hits


def _monte_carlo(mc: MonteCarloResult) -> RuleHit:
    text = (
        f"Over {mc.draws:,} draws of the uncertain inputs, current fees cover this year's cost "
        f"in {mc.p_full_recovery_now:.0%} of cases"
    )
    if mc.recommended_fee_usd is not None:
        text += (
            f"; the median break-even fee is ${mc.recommended_fee_usd:.2f}"
            + (f" (P80 ${mc.prudent_fee_usd:.2f})" if mc.prudent_fee_usd is not None else "")
            + f", which recovers cost and true-up in {mc.p_full_recovery_at_recommended:.0%} "
            "of cases"
        )
    if mc.infeasible_share > 0:
        text += f"; {mc.infeasible_share:.0%} of draws have no break-even fee"
    return RuleHit("FEE-MONTE-CARLO", 0.0, text,
                   {"p_now": mc.p_full_recovery_now, "fee_p50": mc.recommended_fee_usd,
                    "fee_p80": mc.prudent_fee_usd, "seed": mc.seed}, "assumption")


def _footing(
    inputs: LeverInputs,
    outcome: str,
    main: BreakEvenResult,
    mc: MonteCarloResult,
    admin: tuple[Decimal, str] | None,
) -> RuleHit:
    rec = mc.recommended_fee_usd
    rec_text = f"${rec:.2f}" if rec is not None else "no fee"
    statute = "COBRA fee amounts are set by statute (19 U.S.C. 58c)"
    admin_text = (
        f"the FAST Act inflation adjustment would make it ${admin[0]} ({admin[1]})"
        if admin
        else "this fee has no inflation adjustment"
    )
    texts = {
        "sufficient": f"The current fee recovers cost and true-up; {admin_text}. A reduction "
        f"to the break-even fee would need legislation: {statute}",
        "administrative": f"The recommended {rec_text} is within reach administratively: "
        f"{admin_text} (19 CFR 24.22(k))",
        "requires_legislation": f"The recommended {rec_text} exceeds what is administrative "
        f"({admin_text}); {statute}, so the change requires legislation",
        "infeasible": f"{main.reason}. A higher fee alone cannot recover the cost; "
        "legislation would have to change the fee's base or the costs charged to it",
    }
    if inputs.fee == "express_waybill" and outcome != "sufficient":
        texts[outcome] += (
            "; the express fee is also bounded by the Appendix B limitation ($1.00 FY2014 base)"
        )
    status = "law" if outcome in ("administrative", "requires_legislation") else "assumption"
    return RuleHit(f"FEE-{outcome.upper().replace('_', '-')}", 1.0, texts[outcome],
                   {"recommended_fee_usd": rec, "admin_fee_usd": admin[0] if admin else None},
                   status)


def recommendation_hits(
    inputs: LeverInputs,
    tu: TrueUp,
    amortise_years: int,
    scenarios: Sequence[Scenario],
    main: BreakEvenResult,
    mc: MonteCarloResult,
    admin: tuple[Decimal, str] | None,
    outcome: str,
    cov: YearCoverage,
) -> list[RuleHit]:
    """Every step of one recommendation as a sentence, in the order of the analysis."""
    return [
        _current(inputs, cov),
        _coverage(inputs, cov),
        _true_up(tu, amortise_years),
        *_break_even(scenarios),
        _monte_carlo(mc),
        _footing(inputs, outcome, main, mc, admin),
    ]
