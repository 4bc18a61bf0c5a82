"""Screening throughput: parties screened per second against the list, ours (integer name keys
and a sparse product for candidates, every candidate pair scored with arrays, explanations
built only for alerts) against a rapidfuzz token-blocking baseline on the same labelled
parties. The list index is built once, outside the timing. At ``full`` size (1,000,000
parties against 150,000 listed names) the labelled set is cached under the system temporary
folder (``tradeguard-bench-parties``), and the baseline is timed on a 20,000-party sample and
its rate applied to the whole run (it would take hours otherwise)."""

from __future__ import annotations

import pickle
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Comparison, timed
from tradeguard.parties.baseline import BaselineScreener
from tradeguard.parties.evalset import EvalSet, make_evalset
from tradeguard.parties.policy import parties_policy
from tradeguard.parties.screen import Screener

SIZES = {"small": (20_000, 15_000), "full": (1_000_000, 150_000)}
BASELINE_SAMPLE = 20_000
CHUNK = 50_000


def _evalset(parties: int, list_size: int) -> EvalSet:
    if parties < 100_000:
        return make_evalset(list_size, parties, seed=3)
    cache = Path(tempfile.gettempdir()) / "tradeguard-bench-parties"
    path = cache / f"evalset-{list_size}-{parties}-3-v2.pkl"
    if path.exists():
        with path.open("rb") as handle:
            data: EvalSet = pickle.load(handle)  # our own cache file
        return data
    # against a long list, a quarter of the drawn names are listed names and are skipped
    data = make_evalset(list_size, parties * 4 // 3, seed=3)
    data = EvalSet(data.screening_list, data.parties[:parties], data.truth, data.ops, data.hard)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return data


def bench_screen_parties(size: str) -> Comparison:
    parties, list_size = SIZES[size]
    data = _evalset(parties, list_size)
    screener = Screener(data.screening_list, parties_policy())
    start = time.perf_counter()
    alerts = 0
    for at in range(0, len(data.parties), CHUNK):
        alerts += sum(r.outcome != "clear" for r in screener.screen(data.parties[at : at + CHUNK]))
    ours = time.perf_counter() - start
    base = BaselineScreener(data.screening_list)
    sample = [p.name for p in data.parties[:BASELINE_SAMPLE]]
    _, base_s = timed(lambda: base.screen(sample))
    base_total = base_s * len(data.parties) / len(sample)
    return Comparison(f"screen parties vs {list_size:,} listed", len(data.parties), ours,
                      "rapidfuzz token blocking", base_total,
                      target=">= 50,000 parties/s on 2 cores (full)")  # fmt: skip


BENCHMARKS = [bench_screen_parties]
