"""Measured quality: screening on planted variants against the baseline, calibration of the
scores, and linkage precision / recall / F1 against ground truth.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tradeguard.parties.baseline import BaselineScreener
from tradeguard.parties.evalset import EvalSet
from tradeguard.parties.normalize import NameNormalizer
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.screen import Screener, ScreenResult

__all__ = [
    "LinkQuality",
    "ScreeningQuality",
    "calibrate",
    "evaluate_screening",
    "link_quality",
    "reliability",
]


@dataclass(frozen=True)
class ScreeningQuality:
    """Recall on planted variants, share of innocents alerted, and speed, ours and baseline."""

    list_size: int
    variants: int
    innocents: int
    hard_innocents: int
    recall: float
    innocent_alert_rate: float
    hard_alert_rate: float
    parties_per_second: float
    baseline_recall: Mapping[int, float]
    baseline_alert_rate: Mapping[int, float]
    baseline_parties_per_second: float
    recall_by_op: Mapping[str, float] = field(default_factory=dict)
    missed: tuple[str, ...] = ()
    false_alerts: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = [
            f"list {self.list_size} names; {self.variants} planted variants, "
            f"{self.innocents} innocent parties ({self.hard_innocents} look-alikes)",
            f"ours: recall {self.recall:.4f}, innocents alerted {self.innocent_alert_rate:.4%} "
            f"(look-alikes {self.hard_alert_rate:.4%}), {self.parties_per_second:,.0f} parties/s",
        ]
        for cut in sorted(self.baseline_recall):
            out.append(
                f"baseline (rapidfuzz token blocking, token_sort_ratio >= {cut}): recall "
                f"{self.baseline_recall[cut]:.4f}, innocents alerted "
                f"{self.baseline_alert_rate[cut]:.4%}"
            )
        out.append(f"baseline speed: {self.baseline_parties_per_second:,.0f} parties/s")
        out += [f"  recall with {op}: {r:.4f}" for op, r in sorted(self.recall_by_op.items())]
        return out


def _innocent_ids(data: EvalSet, norm: NameNormalizer, generic: frozenset[str]) -> list[str]:
    """Parties without a planted link whose name neither holds nor is held by a listed name."""
    by_token: dict[str, list[frozenset[str]]] = {}
    for entry in data.screening_list.entries.values():
        for name in entry.names:
            tokens = frozenset(norm(name).tokens)
            for token in tokens:
                by_token.setdefault(token, []).append(tokens)

    def ambiguous(name: str) -> bool:
        """Whether a listed name sharing a token holds every token of this name, or has all
        its own distinctive tokens in it (every sharing name is looked at, in token order, so
        the answer does not hang on which of equally rare tokens is met first)."""
        mine = frozenset(norm(name).tokens)
        for token in sorted(mine):
            for listed in by_token.get(token, ()):
                if mine <= listed or listed <= mine or (listed - generic) <= mine:
                    return True
        return False

    return [
        p.party_id for p in data.parties if data.truth[p.party_id] is None and not ambiguous(p.name)
    ]


def evaluate_screening(
    data: EvalSet, policy: PartiesPolicy, baseline_cuts: Sequence[int] = (85, 90, 95)
) -> tuple[ScreeningQuality, list[ScreenResult]]:
    """Screen every party with ours and with the baseline; same data, same run."""
    screener = Screener(data.screening_list, policy)
    start = time.perf_counter()
    results = screener.screen(data.parties)
    ours_s = time.perf_counter() - start
    base = BaselineScreener(data.screening_list)
    start = time.perf_counter()
    base_out = base.screen([p.name for p in data.parties])
    base_s = time.perf_counter() - start
    by_id = {r.party.party_id: r for r in results}
    base_by = {p.party_id: b for p, b in zip(data.parties, base_out, strict=True)}
    variants = [pid for pid, sam in data.truth.items() if sam is not None]
    innocents = _innocent_ids(data, screener.index.normalizer, policy.generic_words)
    hard = [pid for pid in innocents if pid in data.hard]

    def caught(pid: str) -> bool:
        r = by_id[pid]
        return r.outcome != "clear" and any(m.sam_number == data.truth[pid] for m in r.matches)

    def rate(ids: Sequence[str], hit: bool = True) -> float:
        return sum(1 for i in ids if by_id[i].outcome != "clear") / max(1, len(ids))

    per_op: Counter[str] = Counter()
    per_op_hit: Counter[str] = Counter()
    for pid in variants:
        for op in data.ops.get(pid, ()):
            per_op[op] += 1
            per_op_hit[op] += caught(pid)
    b_recall = {
        c: sum(1 for p in variants if base_by[p][0] == data.truth[p] and base_by[p][1] >= c)
        / max(1, len(variants))
        for c in baseline_cuts
    }
    b_alert = {
        c: sum(1 for p in innocents if base_by[p][1] >= c) / max(1, len(innocents))
        for c in baseline_cuts
    }
    quality = ScreeningQuality(
        list_size=len(data.screening_list),
        variants=len(variants),
        innocents=len(innocents),
        hard_innocents=len(hard),
        recall=sum(map(caught, variants)) / max(1, len(variants)),
        innocent_alert_rate=rate(innocents),
        hard_alert_rate=rate(hard),
        parties_per_second=len(data.parties) / ours_s,
        baseline_recall=b_recall,
        baseline_alert_rate=b_alert,
        baseline_parties_per_second=len(data.parties) / base_s,
        recall_by_op={op: per_op_hit[op] / per_op[op] for op in per_op},
        missed=tuple(
            f"{by_id[p].party.name} -> {data.truth[p]}" for p in variants if not caught(p)
        )[:20],
        false_alerts=tuple(
            f"{r.party.name} ~ {r.best.matched_name}"
            for r in (by_id[p] for p in innocents)
            if r.outcome != "clear" and r.best is not None
        )[:20],
    )
    return quality, results


def _labelled_hits(
    data: EvalSet, results: Iterable[ScreenResult], screener_policy: PartiesPolicy
) -> list[tuple[bool, list[str]]]:
    out: list[tuple[bool, list[str]]] = []
    for r in results:
        for m in r.matches:
            out.append((m.sam_number == data.truth.get(r.party.party_id), [h.code for h in m.hits]))
    return out


def calibrate(
    data: EvalSet, policy: PartiesPolicy
) -> tuple[dict[str, float], float, list[tuple[float, float, int]]]:
    """Estimate ``log2(m/u)`` per feature level from scored candidate pairs of a labelled set.

    Returns the weights (keyed like ``score.weights``), the log2 prior odds of a scored pair,
    and the reliability table of the current policy's probabilities.
    """
    screener = Screener(
        data.screening_list,
        policy.__class__(
            **{
                **{f: getattr(policy, f) for f in policy.__dataclass_fields__},
                "alert_threshold": 0.0,
            }
        ),
    )
    results = screener.screen(data.parties)
    pairs = _labelled_hits(data, results, policy)
    matches = [codes for ok, codes in pairs if ok]
    others = [codes for ok, codes in pairs if not ok]
    m_count = Counter(c for codes in matches for c in set(codes))
    u_count = Counter(c for codes in others for c in set(codes))
    weights: dict[str, float] = {}
    for code in sorted(set(m_count) | set(u_count)):
        m = (m_count[code] + 0.5) / (len(matches) + 1)
        u = (u_count[code] + 0.5) / (len(others) + 1)
        key = code.removeprefix("SCREEN-").lower().replace("-", ".", 1).replace("-", "_")
        weights[key] = round(math.log2(m / u), 2)
    prior = math.log2((len(matches) + 0.5) / (len(others) + 0.5))
    probs = [
        (m.probability, m.sam_number == data.truth.get(r.party.party_id))
        for r in results
        for m in r.matches
    ]
    return weights, prior, reliability(probs)


def reliability(
    scored: Sequence[tuple[float, bool]], bins: int = 10
) -> list[tuple[float, float, int]]:
    """(mean predicted, observed share, count) per probability bin."""
    table: list[tuple[float, float, int]] = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in scored if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            mean = sum(p for p, _ in inside) / len(inside)
            table.append((mean, sum(1 for _, y in inside if y) / len(inside), len(inside)))
    return table


@dataclass(frozen=True)
class LinkQuality:
    """Precision, recall and F1 of predicted pairs against true pairs."""

    predicted: int
    true: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label}: precision {self.precision:.3f}, recall {self.recall:.3f}, "
            f"F1 {self.f1:.3f} ({self.correct} of {self.predicted} predicted, "
            f"{self.true} true)"
        )


def link_quality(
    predicted: Iterable[tuple[str, str]], truth: Iterable[tuple[str, str]]
) -> LinkQuality:
    """Pairs are unordered: ``(a, b)`` and ``(b, a)`` are the same link."""
    pred = {tuple(sorted(p)) for p in predicted}
    true = {tuple(sorted(p)) for p in truth}
    return LinkQuality(len(pred), len(true), len(pred & true))
