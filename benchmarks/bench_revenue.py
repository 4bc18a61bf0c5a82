"""Revenue assessment throughput: every importer's covered status, exposure, risk and security
demand as decisions (``assess_importers``) on synthetic frames of 10k importers / 1M entry
lines (small) or 100k / 10M (full), against a simple baseline on the same frames in the same
run: the covered-importer flags alone by plain pandas group-bys (bills open or paid after day
30, first entry), with no exposure, no model and no decisions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from benchmarks.harness import Comparison, timed
from tradeguard.policy import load_policy
from tradeguard.revenue.assess import assess_importers
from tradeguard.revenue.frames import RevenueFrames
from tradeguard.revenue.params import RevenuePolicy
from tradeguard.revenue.risk import RiskModel

SIZES = {"small": (10_000, 1_000_000), "full": (100_000, 10_000_000)}
ON = dt.date(2026, 3, 31)
CASES = ["A-570-831", "A-570-890", "A-552-802", "A-580-809"]


def make_frames(importers: int, lines: int, seed: int = 1) -> RevenueFrames:
    rng = np.random.default_rng(seed)
    iors = np.array([f"12-{i:07d}AB" for i in range(importers)], dtype=object)
    n_entries = lines * 4 // 7
    who = rng.zipf(1.3, n_entries) % importers
    day0 = pd.Timestamp("2021-10-01")
    entry_day = day0 + pd.to_timedelta(rng.integers(0, 1642, n_entries), unit="D")
    numbers = np.array([f"E{i:010d}" for i in range(n_entries)], dtype=object)
    adcvd = rng.random(n_entries) < 0.3
    line_entry = np.sort(rng.integers(0, n_entries, lines))
    case = np.where(adcvd[line_entry], np.array(CASES, dtype=object)[line_entry % 4], None)
    value = np.round(rng.lognormal(9, 1, lines), 2)
    rate = np.where(case != None, rng.choice([2.0, 10.0, 45.0, 216.0], lines), np.nan)  # noqa: E711
    frames_lines = pd.DataFrame({
        "entry_number": numbers[line_entry], "line_no": np.arange(lines) % 5 + 1,
        "hts": "0703200010", "country_of_origin": "CN", "value_usd": value,
        "exporter": "EXPORTER " + pd.Series(line_entry % 50).astype(str), "case_number": case,
        "adcvd_rate_pct": rate, "adcvd_deposit_usd": np.round(value * rate / 100, 2),
    })
    billed = np.flatnonzero(adcvd & (entry_day < pd.Timestamp("2025-06-01")))
    billed = billed[rng.random(len(billed)) < 0.3]
    bill_day = entry_day[billed] + pd.to_timedelta(rng.integers(300, 500, len(billed)), "D")
    amount = np.round(rng.lognormal(7, 1.5, len(billed)), 2)
    bills = pd.DataFrame({
        "bill_number": [f"B{i:09d}" for i in range(len(billed))], "ior_number": iors[who[billed]],
        "bill_date": bill_day, "amount_usd": amount, "kind": "SUPPLEMENTAL",
        "entry_number": numbers[billed], "case_number": "A-570-831", "liquidated_on": bill_day,
    })
    paid = rng.random(len(billed)) < 0.85
    delay = rng.choice([10, 25, 45, 120], len(billed), p=[0.6, 0.25, 0.1, 0.05])
    payments = pd.DataFrame({
        "payment_id": [f"P{i:09d}" for i in np.flatnonzero(paid)],
        "bill_number": bills["bill_number"][paid].to_numpy(),
        "paid_on": bill_day[paid] + pd.to_timedelta(delay[paid], "D"),
        "amount_usd": amount[paid], "payer": "IMPORTER",
    })
    rates = pd.DataFrame([
        {"case_number": c, "rate_kind": "COUNTRY_WIDE", "effective_from": f"{2010 + k}-01-01",
         "rate_pct": r} for c in CASES for k, r in enumerate((100.0, 150.0, 120.0, 216.0))])
    return RevenueFrames.build(
        importers=pd.DataFrame({"ior_number": iors, "ior_root": [i[:10] for i in iors],
                                "name": "FIRM", "ctpat_tier": 0,
                                "resident": rng.random(importers) > 0.1,
                                "created_on": "2015-01-01", "broker_filer_code": "ABC",
                                "phone": [f"212{i:07d}" for i in range(importers)]}),
        rates=rates,
        entries=pd.DataFrame({"entry_number": numbers, "entry_type": "01",
                              "ior_number": iors[who], "entry_date": entry_day,
                              "broker_filer_code": "ABC", "nonreimbursement_filed": True}),
        lines=frames_lines, bills=bills, payments=payments,
    )


def baseline_flags(frames: RevenueFrames, on: dt.date) -> pd.DataFrame:
    """Covered-importer flags only: plain group-bys, no ledger, exposure, model or decisions."""
    cut = pd.Timestamp(on)
    bills = frames.bills[frames.bills["bill_date"] <= cut]
    pays = frames.payments[frames.payments["paid_on"] <= cut]
    last = pays.groupby("bill_number")["paid_on"].max()
    days = (bills["bill_number"].map(last).fillna(cut) - bills["bill_date"]).dt.days
    late = bills.assign(late=days >= 31).groupby("ior_number")["late"].any()
    first = frames.entries.groupby("ior_number")["entry_date"].min()
    return pd.DataFrame({"late": late, "new": first > cut - pd.Timedelta(days=365)})


def bench_assess_importers(size: str) -> Comparison:
    importers, lines = SIZES[size]
    frames = make_frames(importers, lines)
    policy = RevenuePolicy.from_book(load_policy(), ON)
    model = RiskModel.from_policy(policy.model)
    (_, decisions), ours = timed(lambda: assess_importers(frames, ON, policy, model))
    assert decisions
    _, base = timed(lambda: baseline_flags(frames, ON))
    return Comparison(f"revenue assess ({importers:,} importers, {lines:,} lines)", lines, ours,
                      "pandas covered flags only", base)


BENCHMARKS = [bench_assess_importers]
