"""The report's charts, built by functions from frozen inputs so they regenerate byte for byte.

Each builder returns a matplotlib :class:`~matplotlib.figure.Figure` (no pyplot global state);
:func:`svg_text` and :func:`pdf_pages` write them with fixed metadata and a fixed SVG hash salt.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from matplotlib.figure import Figure

from tradeguard.fees.coverage import YearCoverage
from tradeguard.fees.explain import FEE_LABELS
from tradeguard.fees.recommend import FeeRecommendation
from tradeguard.fees.volumes import STREAMS
from tradeguard.reports.charts import COLOURS, chart_style, write_pdf
from tradeguard.reports.charts import svg_text as shared_svg_text

__all__ = [
    "coverage_figure",
    "fee_vs_break_even_figure",
    "pdf_pages",
    "svg_text",
    "text_figure",
    "tornado_figure",
]

SALT = "tradeguard-fees"


def _rc() -> AbstractContextManager[None]:
    return chart_style(SALT)


def coverage_figure(coverages: Mapping[int, YearCoverage]) -> Figure:
    """Fees over full cost per stream, one bar per fiscal year, with the 100% line."""
    with _rc():
        fig = Figure(figsize=(8, 4.2))
        ax = fig.add_subplot()
        years = sorted(coverages)
        width = 0.8 / max(len(years), 1)
        for i, fy in enumerate(years):
            xs, ys = [], []
            for j, stream in enumerate(STREAMS):
                rows = [r for r in coverages[fy].rows if r.stream == stream]
                if rows and rows[0].coverage_ratio is not None:
                    xs.append(j + (i - (len(years) - 1) / 2) * width)
                    ys.append(100 * rows[0].coverage_ratio)
            ax.bar(xs, ys, width, label=f"FY{fy}", color=COLOURS[i % len(COLOURS)])
        ax.axhline(100, color="black", linewidth=1, linestyle="--")
        ax.set_yscale("log")
        ax.set_ylabel("fee revenue / full cost (%, log scale)")
        ax.set_xticks(range(len(STREAMS)), [s.replace(".", "\n") for s in STREAMS])
        ax.set_title("Coverage of full cost by fees, per stream (dashed: 100%)")
        ax.legend(loc="upper left", fontsize=8)
        fig.tight_layout()
    return fig


def fee_vs_break_even_figure(recs: Sequence[FeeRecommendation]) -> Figure:
    """Per fee: current, next FAST Act adjustment, break-even by elasticity, MC P50 to P80."""
    shown = [r for r in recs if r.inputs is not None]
    with _rc():
        fig = Figure(figsize=(8, 2.8 * max(len(shown), 1)))
        for k, rec in enumerate(shown):
            ax = fig.add_subplot(max(len(shown), 1), 1, k + 1)
            labels, values = ["current"], [rec.inputs.fee0_usd if rec.inputs else math.nan]
            labels.append("FAST Act\nnext FY")
            values.append(float(rec.admin_fee_usd) if rec.admin_fee_usd is not None else math.nan)
            for sc in rec.scenarios:
                fee = sc.with_true_up.fee_usd
                labels.append(f"break-even\nε={sc.elasticity:+.1f}, true-up")
                values.append(float(fee) if fee is not None else math.nan)
            ax.bar(range(len(values)), values, color=COLOURS[: len(values)] * 2)
            mc = rec.monte_carlo
            if mc is not None and mc.recommended_fee_usd is not None:
                p50 = float(mc.recommended_fee_usd)
                p80 = float(mc.prudent_fee_usd) if mc.prudent_fee_usd is not None else p50
                ax.errorbar([len(values)], [p50], yerr=[[0.0], [p80 - p50]], fmt="o",
                            color="black", capsize=4)
                labels.append("Monte Carlo\nP50 (to P80)")
            for x, y in enumerate(values):
                if not math.isnan(y):
                    ax.annotate(f"${y:,.2f}", (x, y), ha="center", va="bottom", fontsize=8)
            ax.set_xticks(range(len(labels)), labels, fontsize=8)
            ax.set_ylabel("USD per unit")
            ax.set_title(f"{FEE_LABELS.get(rec.fee, (rec.fee,))[0]}: {rec.outcome}")
        fig.tight_layout()
    return fig


def tornado_figure(recs: Sequence[FeeRecommendation]) -> Figure:
    """Per fee: break-even fee with each uncertain input at its low and high value."""
    shown = [r for r in recs if r.tornado_base_usd is not None]
    with _rc():
        fig = Figure(figsize=(8, 2.4 * max(len(shown), 1)))
        for k, rec in enumerate(shown):
            ax = fig.add_subplot(max(len(shown), 1), 1, k + 1)
            base = rec.tornado_base_usd if rec.tornado_base_usd is not None else 0.0
            bars = list(reversed(rec.tornado))
            for y, bar in enumerate(bars):
                lo, hi = bar.fee_at_low_usd, bar.fee_at_high_usd
                ax.barh(y, lo - base, left=base, color=COLOURS[0], height=0.6)
                ax.barh(y, hi - base, left=base, color=COLOURS[1], height=0.6)
            ax.axvline(base, color="black", linewidth=1)
            ax.set_yticks(range(len(bars)), [b.input.replace("_", " ") for b in bars])
            ax.set_xlabel("break-even fee, USD (blue: input at P10, orange: at P90)")
            ax.set_title(f"{FEE_LABELS.get(rec.fee, (rec.fee,))[0]}: base ${base:,.2f}")
        fig.tight_layout()
    return fig


def text_figure(
    title: str, lines: Sequence[str], size: tuple[float, float] = (8.27, 11.69)
) -> Figure:
    """A page of monospaced text (for the PDF)."""
    with _rc():
        fig = Figure(figsize=size)
        fig.text(0.05, 0.97, title, fontsize=12, weight="bold", va="top", parse_math=False)
        wrapped = [
            part
            for line in lines
            for part in textwrap.wrap(line, 128, subsequent_indent="      ") or [""]
        ]
        fig.text(0.05, 0.94, "\n".join(wrapped), fontsize=6.5, family="DejaVu Sans Mono",
                 va="top", parse_math=False)  # "$7.39 ... $5.50" is money, not mathematics
    return fig


def svg_text(fig: Figure) -> str:
    """The figure as an inline SVG element (no XML prologue, no date)."""
    return shared_svg_text(fig, SALT)


def pdf_pages(path: Path, figures: Sequence[Figure]) -> None:
    """Write ``figures`` as the pages of one PDF without creation or modification dates."""
    write_pdf(figures, path, SALT)
