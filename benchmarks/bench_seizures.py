"""Quarterly seizure publication: from seizure-and-shipment rows to the protected release
(offender linkage, repeat flags, every table with its margins for the quarter and the year to
date, primary rules, secondary suppression with the LP audit across the year's releases),
against a plain pandas baseline that computes the same table sums with ``groupby`` and no
disclosure control, in the same run."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd

from benchmarks.harness import Comparison, timed
from tradeguard.domain.calendar import Quarter
from tradeguard.policy import load_policy
from tradeguard.seizures import build_release, prepare, seizures_policy

SIZES = {"small": 1_000_000, "full": 10_000_000}
ORIGINS = ("CN", "HK", "VN", "TR", "IN", "TH", "MY", "ID", "KR", "PK", "BD", "MX", "DE", "GB")
POSTS = tuple(f"P{i:02d}" for i in range(40))
OPERATORS = ("DHL", "FDX", "UPS", "TNT", "ARX", "SFX")
VIOLATIONS = ("IPR_TRADEMARK", "IPR_COPYRIGHT", "DRUGS", "OTHER_CONTRABAND", "ORIGIN",
              "UNDERVALUATION")
CATEGORIES = ("Wearing Apparel/Accessories", "Watches/Jewelry", "Handbags/Wallets",
              "Consumer Electronics/Parts", "Consumer Products", "Pharmaceuticals/Personal Care",
              "Footwear", "Toys")


def seizure_rows(rows: int, seed: int = 1) -> pd.DataFrame:
    """``rows`` seizures over 18 months (FY2025Q3 to FY2026Q4), offenders Zipf-distributed."""
    rng = np.random.default_rng(seed)
    env = rng.choice(np.array(["MAIL", "EXPRESS", "CARGO"]), size=rows, p=[0.55, 0.4, 0.05])
    violation = rng.choice(np.array(VIOLATIONS), size=rows, p=[0.5, 0.05, 0.15, 0.1, 0.1, 0.1])
    who = rng.zipf(1.4, size=rows) % max(rows // 5, 10)
    days = pd.Timestamp("2025-04-01") + pd.to_timedelta(rng.integers(0, 548, rows), unit="D")
    ipr = np.char.startswith(violation.astype(str), "IPR")
    category = np.where(ipr, rng.choice(np.array(CATEGORIES), size=rows), "Other")
    ior = pd.Series(who).map("{:09d}".format)
    return pd.DataFrame({
        "case_number": pd.RangeIndex(rows).map("C{:010d}".format),
        "seized_on": days,
        "port": "2704",
        "environment": env,
        "violation": violation,
        "origin_country": rng.choice(np.array(ORIGINS), size=rows),
        "category": category,
        "lines": 1 + rng.poisson(0.6, size=rows),
        "quantity": 1.0 + rng.poisson(20, size=rows),
        "msrp_usd": np.round(rng.lognormal(8, 1.2, size=rows), 2),
        "domestic_value_usd": np.round(rng.lognormal(6, 1.0, size=rows), 2),
        "pti_tags": np.where(ipr, "IPR", np.where(violation == "DRUGS", "IMPORT_SAFETY", "")),
        "ior_number": "IOR" + ior,
        "shipper_name": None,
        "post_code": np.where(env == "MAIL", rng.choice(np.array(POSTS), size=rows), None),
        "operator_id": np.where(env == "EXPRESS", rng.choice(np.array(OPERATORS), size=rows),
                                None),
    })  # fmt: skip


def _baseline(frame: pd.DataFrame, quarter: Quarter) -> int:
    """The same tables' sums with pandas, no linkage, no rules: what an unprotected build costs."""
    rows = frame[frame["environment"].isin(["MAIL", "EXPRESS"])].copy()
    rows["quarter"] = rows["seized_on"].map(lambda d: str(Quarter.of(d.date())))
    cells = 0
    for tokens in ([str(quarter)], [str(Quarter(quarter.year, n)) for n in (1, 2)]):
        part = rows[rows["quarter"].isin(tokens)]
        for dims in (("origin_country", "environment", "violation"), ("category", "environment"),
                     ("post_code", "violation"), ("operator_id", "violation")):
            for r in range(len(dims), -1, -1):
                for keep in itertools.combinations(dims, r):
                    if keep:
                        agg = part.groupby(list(keep))[["msrp_usd", "lines"]].sum()
                        cells += len(agg)
                    else:
                        cells += 1
    return cells


def bench_quarterly_publication(size: str) -> Comparison:
    rows = SIZES[size]
    frame = seizure_rows(rows)
    quarter = Quarter(2026, 2)
    policy = seizures_policy(load_policy(), dt.date(2026, 4, 15))

    def ours() -> int:
        release = build_release(prepare(frame, policy), quarter, policy)
        return len(release.current())

    _, base_s = timed(lambda: _baseline(frame, quarter))
    _, ours_s = timed(ours)
    return Comparison("seizures.quarterly_publication", rows, ours_s,
                      "pandas groupby tables (no linkage, no SDC)", base_s,
                      "10M rows on one machine")


BENCHMARKS = [bench_quarterly_publication]
