"""The one service function behind the CLI (and later the API): compute and write the report."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradeguard.domain.decisions import Decision
from tradeguard.errors import NotFound
from tradeguard.fees.coverage import YearCoverage, coverage_decisions, year_coverage
from tradeguard.fees.defaults import DEFAULT_VOLUMES_NOTE, default_volumes
from tradeguard.fees.noncompliance import PostCost, PostRates, noncompliance_costs
from tradeguard.fees.recommend import FeeRecommendation, recommend_fees
from tradeguard.fees.report import ReportInputs, write_report
from tradeguard.fees.volumes import StreamVolume, volumes_from_frame
from tradeguard.policy import PolicyBook

__all__ = ["FeeReportResult", "analyse", "fee_report"]


@dataclass(frozen=True, slots=True)
class FeeReportResult:
    """What :func:`fee_report` computed and where it wrote it."""

    fiscal_year: int
    coverages: dict[int, YearCoverage]
    recommendations: list[FeeRecommendation]
    decisions: list[Decision]
    post_costs: list[PostCost]
    paths: dict[str, Path] = field(default_factory=dict)


def _as_rows(volumes: Sequence[StreamVolume] | pd.DataFrame | None) -> list[StreamVolume]:
    if volumes is None:
        return default_volumes()
    if isinstance(volumes, pd.DataFrame):
        return volumes_from_frame(volumes)
    return list(volumes)


def analyse(
    volumes: Sequence[StreamVolume] | pd.DataFrame | None,
    policy: PolicyBook,
    fiscal_year: int,
    seed: int,
    *,
    post_rates: Sequence[PostRates] = (),
    decided_at: dt.datetime | None = None,
) -> FeeReportResult:
    """Coverage for every year with volumes up to ``fiscal_year``, then the recommendations.

    Earlier years whose policy does not reach back that far are left out (and say so in the
    true-up); the report year itself must be fully covered by policy and volumes.
    """
    rows = _as_rows(volumes)
    when = decided_at or dt.datetime.now(dt.UTC)
    coverages: dict[int, YearCoverage] = {}
    for fy in sorted({v.fiscal_year for v in rows if v.fiscal_year <= fiscal_year}):
        try:
            coverages[fy] = year_coverage(rows, policy, fy)
        except NotFound:
            if fy == fiscal_year:
                raise
    if fiscal_year not in coverages:
        raise NotFound(f"no volumes for FY{fiscal_year}")
    recs = recommend_fees(coverages, policy, fiscal_year, seed, when)
    decisions = coverage_decisions(coverages[fiscal_year], when) + [r.decision for r in recs]
    cov = coverages[fiscal_year]
    posts = noncompliance_costs(post_rates, cov.abc, cov.cost) if post_rates else []
    return FeeReportResult(fiscal_year, coverages, recs, decisions, posts)


def fee_report(
    volumes: Sequence[StreamVolume] | pd.DataFrame | None,
    policy: PolicyBook,
    out_dir: Path | str,
    fiscal_year: int,
    seed: int,
    *,
    post_rates: Sequence[PostRates] = (),
    volumes_note: str | None = None,
    decided_at: dt.datetime | None = None,
) -> FeeReportResult:
    """Analyse and write ``fees-FY<fy>.html``, ``.pdf``, CSVs and ``-decisions.jsonl``.

    ``volumes`` None uses the built-in illustrative table (:mod:`tradeguard.fees.defaults`).
    The HTML, PDF and CSV files depend only on the inputs, so they regenerate byte for byte;
    the decisions file also records ``decided_at``.
    """
    result = analyse(volumes, policy, fiscal_year, seed, post_rates=post_rates,
                     decided_at=decided_at)
    note = volumes_note or (DEFAULT_VOLUMES_NOTE if volumes is None else "as supplied")
    inputs = ReportInputs(fiscal_year, policy, result.coverages, result.recommendations, note,
                          seed, result.post_costs)
    out = Path(out_dir)
    paths = write_report(inputs, out)
    decisions_path = out / f"fees-FY{fiscal_year}-decisions.jsonl"
    decisions_path.write_text(
        "".join(json.dumps(d.to_dict(), sort_keys=True) + "\n" for d in result.decisions),
        encoding="utf-8",
    )
    paths["decisions"] = decisions_path
    result.paths.update(paths)
    return result
