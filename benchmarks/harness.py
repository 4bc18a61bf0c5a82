"""The benchmark protocol: each ``benchmarks/bench_*.py`` exposes ``BENCHMARKS``, a list of
functions ``f(size: str) -> Comparison`` where ``size`` is ``"small"`` (seconds, for a smoke run)
or ``"full"`` (the sizes the targets name). ``python -m benchmarks`` runs them all and prints
each ratio of TradeGuard against a baseline measured in the same run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Comparison:
    """One benchmark: our throughput against a baseline's, same input, same run."""

    name: str
    rows: int
    ours_seconds: float
    baseline_name: str
    baseline_seconds: float
    target: str = ""

    @property
    def ours_rate(self) -> float:
        return self.rows / self.ours_seconds if self.ours_seconds else float("inf")

    @property
    def baseline_rate(self) -> float:
        return self.rows / self.baseline_seconds if self.baseline_seconds else float("inf")

    @property
    def speedup(self) -> float:
        """How many times faster than the baseline (below 1: slower)."""
        return self.baseline_seconds / self.ours_seconds if self.ours_seconds else float("inf")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run ``fn`` once and return its result and wall-clock seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start
