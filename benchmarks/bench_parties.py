"""Screening throughput: parties screened per second against the list, ours (name keys made,
candidates, name scores and address evidence in compiled loops, one forked worker process
per core) against a rapidfuzz token-blocking baseline on the same labelled parties; then the
same again with every alert explained as the parts come back (``explain=True``, as the CLI
and the API screen).

The list index is built once, outside the timing; before each timed run the worker
processes are started afresh (so both runs begin with cold caches) and
:meth:`~tradeguard.parties.screen.Screener.start` returns when they are ready. The labelled
set and the index are frozen out of the garbage collector's passes (``gc.freeze``: they are
the benchmark's fixtures, and a pass over a million fixture parties would be timed as
screening). The parties are screened as one batch, as ``tradeguard parties screen`` screens
a file (in batches of 50,000 the rate is lower: each batch fills and drains the workers'
pipeline). At ``full`` size (1,000,000 parties against 150,000 listed names) the labelled set
is cached under the system temporary folder (``tradeguard-bench-parties``), and the baseline
is timed on a 20,000-party sample and its rate applied to the whole run (it would take hours
otherwise)."""

from __future__ import annotations

import functools
import gc
import os
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


@functools.cache
def _run(size: str) -> tuple[int, int, float, float, float, int]:
    """Screen the labelled set twice, each time with freshly started workers: parties, list
    size, seconds to decide every party, seconds to decide every party and explain every
    alert, the baseline's seconds, and the number of alerts."""
    parties, list_size = SIZES[size]
    data = _evalset(parties, list_size)
    screener = Screener(data.screening_list, parties_policy(), workers=os.cpu_count() or 1)
    gc.freeze()  # the labelled set and the index are fixtures: no collector pass walks them
    seconds = []
    for explain in (False, True):
        screener.start()
        start = time.perf_counter()
        # one batch, as `tradeguard parties screen` screens a file
        results = screener.screen(data.parties, explain=explain)
        seconds.append(time.perf_counter() - start)
        alerts = sum(1 for r in results if r.outcome != "clear")
        del results
        screener.close()  # the next run starts workers with cold caches again
    base = BaselineScreener(data.screening_list)
    sample = [p.name for p in data.parties[:BASELINE_SAMPLE]]
    _, base_s = timed(lambda: base.screen(sample))
    base_total = base_s * len(data.parties) / len(sample)
    return len(data.parties), list_size, seconds[0], seconds[1], base_total, alerts


def bench_screen_parties(size: str) -> Comparison:
    """Every party decided (clear, alert or match, with its probability)."""
    parties, list_size, decided, _explained, base_total, _alerts = _run(size)
    return Comparison(f"screen parties vs {list_size:,} listed", parties, decided,
                      "rapidfuzz token blocking", base_total,
                      target=">= 50,000 parties/s on 2 cores (full)")  # fmt: skip


def bench_screen_and_explain(size: str) -> Comparison:
    """The same with every alert explained (``explain=True``, as the CLI and the API
    screen)."""
    parties, _list, _decided, explained, base_total, alerts = _run(size)
    return Comparison(f"  + explain all {alerts:,} alerts", parties, explained,
                      "rapidfuzz token blocking", base_total)  # fmt: skip


BENCHMARKS = [bench_screen_parties, bench_screen_and_explain]
