"""Screening throughput: parties screened per second against the list, ours (key index on
DuckDB, vectorised pre-filter, scoring of the few survivors) against a rapidfuzz
token-blocking baseline on the same labelled parties. The list index is built once, outside
the timing. At ``full`` size the baseline is timed on a 20,000-party sample and its rate
applied to the whole run (it would take hours otherwise)."""

from __future__ import annotations

import time

from benchmarks.harness import Comparison, timed
from tradeguard.parties.baseline import BaselineScreener
from tradeguard.parties.evalset import make_evalset
from tradeguard.parties.policy import parties_policy
from tradeguard.parties.screen import Screener

SIZES = {"small": (20_000, 15_000), "full": (1_000_000, 150_000)}
BASELINE_SAMPLE = 20_000


def bench_screen_parties(size: str) -> Comparison:
    parties, list_size = SIZES[size]
    data = make_evalset(list_size, parties, seed=3)
    screener = Screener(data.screening_list, parties_policy())
    chunk = 50_000
    start = time.perf_counter()
    alerts = 0
    for at in range(0, len(data.parties), chunk):
        alerts += sum(r.outcome != "clear" for r in screener.screen(data.parties[at : at + chunk]))
    ours = time.perf_counter() - start
    base = BaselineScreener(data.screening_list)
    sample = [p.name for p in data.parties[:BASELINE_SAMPLE]]
    _, base_s = timed(lambda: base.screen(sample))
    base_total = base_s * len(data.parties) / len(sample)
    return Comparison(f"screen parties vs {list_size:,} listed", len(data.parties), ours,
                      "rapidfuzz token blocking", base_total,
                      target=">= 50,000 parties/s on 2 cores (full)")  # fmt: skip


BENCHMARKS = [bench_screen_parties]
