"""Open AD/CVD liability per importer: what is billed and unpaid, and what its unliquidated
entries may still cost when their rates are reviewed (domain brief 2.3).

The chance and size of a rate increase come from each order's own history of review outcomes in
the last ``revenue.exposure.review_lookback_years``: how often a rate line was reviewed, how
often a review raised the rate, and by how many points on average. An order with fewer than
``revenue.exposure.min_reviews`` outcomes borrows the pooled history of all orders. This sizes
liability only; whether the importer will pay it is the risk model's question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.revenue.explain import make_decision, num, plural, usd
from tradeguard.revenue.frames import RevenueFrames, day
from tradeguard.revenue.params import RevenuePolicy
from tradeguard.revenue.rates import resolve_line_rates

__all__ = [
    "POOLED",
    "exposure_decisions",
    "exposure_hits",
    "importer_exposure",
    "open_lines",
    "review_history",
]

PROVISION = "EO 13785 s.3; 19 CFR 113.62 (duties later found due)"
POOLED = "ALL ORDERS"
ENTRY, ENTRIES = "unliquidated AD/CVD entry", "unliquidated AD/CVD entries"
SERIES = ["case_number", "rate_kind", "exporter", "producer"]


def _stats(pairs: pd.DataFrame, years: float, max_rate: float) -> dict[str, float]:
    n = len(pairs)
    up = pairs[pairs["rate_pct"] > pairs["previous_pct"]]
    return {
        "reviews_n": float(n),
        "up_n": float(len(up)),
        "p_up": len(up) / n if n else 0.0,
        "mean_up_pp": float((up["rate_pct"] - up["previous_pct"]).mean()) if len(up) else 0.0,
        "mean_up_share": float(up["up_share"].mean()) if len(up) else 0.0,
        "series_years": years,
        "review_rate": min(1.0, n / years) if years > 0 else 0.0,
        "max_rate_pct": max_rate,
    }


def review_history(rates: pd.DataFrame, on: dt.date, lookback_years: int,
                   min_reviews: int) -> pd.DataFrame:
    """Per order (index ``case_number``, plus the pooled row ``ALL ORDERS``): review outcomes
    in the lookback window, the share that raised the rate, the mean rise in points, the
    reviews per rate-line-year, the highest rate seen, and ``pooled`` (too few outcomes of its
    own, so the pooled figures are used)."""
    cut = day(on)
    start = cut - pd.Timedelta(days=round(365.25 * lookback_years))
    live = rates[rates["effective_from"] <= cut].sort_values([*SERIES, "effective_from"])
    keyed = live.fillna({"exporter": "", "producer": ""})
    keyed["previous_pct"] = keyed.groupby(SERIES)["rate_pct"].shift(1)
    case_max = keyed.groupby("case_number")["rate_pct"].transform("max")
    rise = (keyed["rate_pct"] - keyed["previous_pct"]) / case_max.where(case_max > 0)
    keyed["up_share"] = rise.fillna(0.0)
    pairs = keyed[keyed["previous_pct"].notna() & (keyed["effective_from"] > start)]
    first = cast(Any, keyed.groupby(SERIES)["effective_from"].min()).clip(lower=start)
    years_by_case = ((cut - first).dt.days / 365.25).groupby(level=0).sum()
    rows: dict[str, dict[str, float]] = {}
    for case, group in keyed.groupby("case_number"):
        case_pairs = pairs[pairs["case_number"] == case]
        rows[str(case)] = _stats(case_pairs, float(years_by_case.get(case, 0.0)),
                                 float(group["rate_pct"].max()))
    rows[POOLED] = _stats(pairs, float(years_by_case.sum()), float(keyed["rate_pct"].max()))
    out = pd.DataFrame.from_dict(rows, orient="index")
    out["pooled"] = out["reviews_n"] < min_reviews
    out.loc[POOLED, "pooled"] = False
    for column in ("p_up", "mean_up_share", "review_rate"):
        out[column] = out[column].where(~out["pooled"], num(out.at[POOLED, column]))
    # a pooled rise is carried over as a share of the order's own highest rate, so that a
    # 3% market-economy order does not inherit the points of a 300% non-market one
    scaled = out["mean_up_share"] * out["max_rate_pct"]
    out["mean_up_pp"] = out["mean_up_pp"].where(~out["pooled"], scaled)
    out["p_increase"] = out["review_rate"] * out["p_up"]
    return out


def open_lines(frames: RevenueFrames, on: dt.date) -> pd.DataFrame:
    """AD/CVD lines entered by ``on`` whose entries were not liquidated by ``on``, with the
    deposit rate (as recorded, else as resolved) and ``antidumping``/``certificate`` flags."""
    cut = day(on)
    entries = frames.entries[frames.entries["entry_date"] <= cut]
    liquidated = frames.liquidations.loc[
        frames.liquidations["liquidated_on"] <= cut, "entry_number"
    ]
    entries = entries[~entries["entry_number"].isin(liquidated)]
    lines = frames.lines[frames.lines["case_number"].notna()].merge(
        entries[["entry_number", "ior_number", "entry_date", "nonreimbursement_filed"]],
        on="entry_number",
    )
    missing = lines["adcvd_rate_pct"].isna()
    if missing.any():
        resolved = resolve_line_rates(lines[missing], frames.rates)
        lines.loc[missing, "adcvd_rate_pct"] = resolved["rate_pct"]
    lines["adcvd_rate_pct"] = lines["adcvd_rate_pct"].fillna(0.0)
    lines["antidumping"] = lines["case_number"].astype(str).str.startswith("A")
    lines["certificate"] = lines["nonreimbursement_filed"].fillna(True).astype(bool)
    return lines


def importer_exposure(
    frames: RevenueFrames, ledger: pd.DataFrame, on: dt.date, policy: RevenuePolicy
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Per importer (index ``ior_number``): open bills and interest, unliquidated AD/CVD
    entries, expected rate increases, worst case and ``exposure_usd`` (open bills + interest
    + expected increase). Also returns the per (importer, order) breakdown and the review
    history that sized it."""
    history = review_history(frames.rates, on, policy.review_lookback_years, policy.min_reviews)
    lines = open_lines(frames, on)
    stats = history.reindex(lines["case_number"]).reset_index(drop=True)
    stats = stats.fillna(history.loc[POOLED]).set_index(lines.index)
    value = lines["value_usd"]
    double = np.where(lines["antidumping"] & ~lines["certificate"], 2.0, 1.0)
    gap = np.maximum(stats["max_rate_pct"] * double - lines["adcvd_rate_pct"], 0.0)
    lines["worst_increase_usd"] = value * gap / 100
    expected = value * stats["p_increase"] * stats["mean_up_pp"] / 100
    lines["expected_increase_usd"] = np.minimum(expected, lines["worst_increase_usd"])
    lines["deposit_usd"] = lines["adcvd_deposit_usd"].fillna(value * lines["adcvd_rate_pct"] / 100)
    lines["no_certificate"] = (lines["antidumping"] & ~lines["certificate"]).astype(int)
    by_case = lines.groupby(["ior_number", "case_number"]).agg(
        entries_n=("entry_number", "nunique"),
        value_usd=("value_usd", "sum"),
        deposit_usd=("deposit_usd", "sum"),
        expected_increase_usd=("expected_increase_usd", "sum"),
        worst_increase_usd=("worst_increase_usd", "sum"),
    )
    g = lines.groupby("ior_number")
    out = pd.DataFrame(
        {
            "unliquidated_entries_n": g["entry_number"].nunique(),
            "unliquidated_value_usd": g["value_usd"].sum(),
            "deposits_usd": g["deposit_usd"].sum(),
            "expected_increase_usd": g["expected_increase_usd"].sum(),
            "worst_increase_usd": g["worst_increase_usd"].sum(),
            "no_certificate_n": g["no_certificate"].sum(),
        }
    )
    supp = ledger[(ledger["kind"] == "SUPPLEMENTAL") & (ledger["balance_usd"] > 0.005)]
    bills = supp.groupby("ior_number").agg(
        open_bills_n=("bill_number", "size"),
        open_bills_usd=("balance_usd", "sum"),
        delinquent_usd=("balance_usd", lambda s: float(s[supp.loc[s.index, "delinquent"]].sum())),
        interest_usd=("interest_usd", "sum"),
    )
    out = out.join(bills, how="outer").fillna(0.0)
    out["exposure_usd"] = np.round(
        out["open_bills_usd"] + out["interest_usd"] + out["expected_increase_usd"], 2
    )
    out["worst_case_usd"] = np.round(
        out["open_bills_usd"] + out["interest_usd"] + out["worst_increase_usd"], 2
    )
    return out, by_case, history


def _basis(case: str, history: pd.DataFrame, years: int) -> str:
    h = history.loc[case] if case in history.index else history.loc[POOLED]
    own = history.loc[case] if case in history.index else h
    text = (
        f"order {case}: {int(num(own['reviews_n']))} review outcomes in {years} years, "
        f"{int(num(own['up_n']))} raised the rate"
    )
    if bool(h["pooled"]):
        pooled = history.loc[POOLED]
        text += (
            f" (too few; the pooled history of all orders is used: {pooled['p_up']:.0%} raised,"
            f" by {pooled['mean_up_share']:.0%} of the order's highest rate, here "
            f"{h['mean_up_pp']:.1f} points)"
        )
    else:
        text += f" ({h['p_up']:.0%}, by {h['mean_up_pp']:.1f} points on average)"
    return text + f", a review in {min(1.0, h['review_rate']):.0%} of rate-line-years"


def _case_order(by_case: pd.DataFrame) -> dict[str, list[str]]:
    """Per importer, its orders by expected increase, largest first."""
    ranked = by_case["expected_increase_usd"].reset_index().sort_values(
        ["ior_number", "expected_increase_usd"], ascending=[True, False], kind="stable")
    return {str(k): [str(c) for c in g] for k, g in ranked.groupby("ior_number")["case_number"]}


def exposure_hits(row: Mapping[Any, Any], cases: list[str], basis: Mapping[str, str],
                  policy: RevenuePolicy) -> list[RuleHit]:
    """The exposure's parts as sentences with their basis (``basis``: text per order)."""
    hits: list[RuleHit] = []
    if row["open_bills_n"]:
        hits.append(RuleHit(
            "EXPOSURE-BILLS", 1.0,
            f"{plural(int(row['open_bills_n']), 'open AD/CVD bill')}: "
            f"{usd(row['open_bills_usd'])} unpaid ({usd(row['delinquent_usd'])} past "
            f"delinquency), plus {usd(row['interest_usd'])} interest from liquidation at "
            f"{policy.interest_rate_pct:g}% a year",
            {"open_bills_usd": round(float(row["open_bills_usd"]), 2),
             "interest_usd": round(float(row["interest_usd"]), 2)},
        ))
    if row["unliquidated_entries_n"]:
        why = "; ".join(basis[c] for c in cases[:2])
        hits.append(RuleHit(
            "EXPOSURE-UNLIQUIDATED", 1.0,
            f"{plural(int(row['unliquidated_entries_n']), ENTRY, ENTRIES)} worth "
            f"{usd(row['unliquidated_value_usd'])} with {usd(row['deposits_usd'])} "
            f"deposited; expected rate increases {usd(row['expected_increase_usd'])} ({why})",
            {"cases": cases, "expected_increase_usd": round(float(row["expected_increase_usd"]),
                                                            2)},
            policy.status("exposure.review_lookback_years"),
        ))
        hits.append(RuleHit(
            "EXPOSURE-WORST", 0.0,
            f"If every open entry were assessed at the highest rate seen in its order, "
            f"{usd(row['worst_increase_usd'])} more would be due",
            {"worst_increase_usd": round(float(row["worst_increase_usd"]), 2)},
        ))
    if row["no_certificate_n"]:
        hits.append(RuleHit(
            "EXPOSURE-NO-CERTIFICATE", 0.3,
            f"{plural(int(row['no_certificate_n']), 'unliquidated antidumping line')} without "
            "the non-reimbursement certificate: double duties may be assessed "
            "(19 CFR 351.402(f))",
            {"lines": int(row["no_certificate_n"])},
        ))
    return hits


def exposure_decisions(exposure: pd.DataFrame, by_case: pd.DataFrame, history: pd.DataFrame,
                       on: dt.date, policy: RevenuePolicy,
                       subjects: pd.Index | None = None) -> list[Decision]:
    """One ``adcvd_exposure`` decision per importer with open liability (score: dollars)."""
    rows = exposure if subjects is None else exposure.reindex(subjects).dropna(how="all")
    order = _case_order(by_case)
    cases = {str(c) for c in by_case.index.get_level_values(1)}
    basis = {c: _basis(c, history, policy.review_lookback_years) for c in cases}
    out: list[Decision] = []
    for ior, row in zip(rows.index, rows.to_dict("records"), strict=True):
        hits = exposure_hits(row, order.get(str(ior), []), basis, policy)
        if not hits:
            continue
        out.append(make_decision(
            str(ior), "adcvd_exposure", "open_liability", round(float(row["exposure_usd"]), 2),
            hits, PROVISION, policy.version, on,
            {str(k): round(num(v), 2) for k, v in row.items()},
        ))
    return out
