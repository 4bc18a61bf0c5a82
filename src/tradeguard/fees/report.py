"""The fee-sufficiency report (EO 13904 s.7(a) analysis, s.7(b) recommendations) as HTML, PDF
and CSV. Every chart sits beside the assumptions that drive it; nothing in the files depends on
the clock, so the same inputs regenerate the same bytes.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from tradeguard.fees import charts
from tradeguard.fees import tables as t
from tradeguard.fees.coverage import YearCoverage
from tradeguard.fees.noncompliance import PostCost
from tradeguard.fees.recommend import FeeRecommendation
from tradeguard.policy import PolicyBook

__all__ = ["SECTIONS", "ReportInputs", "write_report"]

#: Section -> the policy prefixes whose rules drive its figures.
SECTIONS: Mapping[str, tuple[str, ...]] = {
    "coverage": ("fee.", "fee_cost.labour", "fee_cost.activity", "fee_cost.pool",
                 "fee_cost.driver", "fee_cost.revenue"),
    "break_even": ("fee_cost.breakeven", "fee.projection"),
    "sensitivity": ("fee_cost.uncertainty",),
}
CSS = """body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em;color:#222}
table{border-collapse:collapse;font-size:12px;margin:.5em 0}td,th{border:1px solid #ccc;
padding:2px 6px;text-align:left;vertical-align:top}.pair{display:grid;grid-template-columns:
minmax(0,3fr) minmax(0,2fr);gap:1em}.assumptions{font-size:11px;max-height:520px;overflow:auto}
.note{background:#fff6dd;padding:.5em;border-left:4px solid #e0a800}
svg{max-width:100%;height:auto}"""


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """Everything the report shows, already computed."""

    fiscal_year: int
    policy: PolicyBook
    coverages: Mapping[int, YearCoverage]
    recommendations: Sequence[FeeRecommendation]
    volumes_note: str
    seed: int
    post_costs: Sequence[PostCost] = ()


def _fmt(x: object) -> str:
    if isinstance(x, float):
        if x != x:  # NaN
            return ""
        return f"{x:,.2f}" if abs(x) >= 1 or x == 0 else f"{x:.4f}"
    return str(x)


def _html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _frames(r: ReportInputs) -> dict[str, pd.DataFrame]:
    cov = r.coverages[r.fiscal_year]
    frames = {
        "recommendations": t.recommendations_table(r.recommendations),
        "coverage": t.coverage_table(r.coverages),
        "abc": t.abc_table(cov),
        "fee_schedule": t.schedule_table(cov.schedule),
        "break_even": t.break_even_table(r.recommendations),
        "monte_carlo": t.monte_carlo_table(r.recommendations),
        "tornado": t.tornado_table(r.recommendations),
        "assumptions": t.assumptions_table(r.policy, r.fiscal_year, ("fee.", "fee_cost.")),
    }
    if r.post_costs:
        frames["post_costs"] = t.post_cost_table(r.post_costs)
    return frames


def _assumptions(r: ReportInputs, section: str) -> pd.DataFrame:
    return t.assumptions_table(r.policy, r.fiscal_year, SECTIONS[section])


def _html(r: ReportInputs, frames: Mapping[str, pd.DataFrame], figs: Mapping[str, Figure]) -> str:
    fy = r.fiscal_year

    def pair(fig: str, section: str) -> str:
        return (f'<div class="pair"><div>{charts.svg_text(figs[fig])}</div>'
                f'<div class="assumptions"><b>Assumptions and rules behind this figure</b>'
                f"{_html_table(_assumptions(r, section))}</div></div>")

    rec_items = "".join(
        f"<li>{html.escape(rec.decision.explain()).replace(chr(10), '<br>')}</li>"
        for rec in r.recommendations
    )
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>Fee sufficiency FY{fy}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>Sufficiency of CBP fees for parcels, FY{fy}</h1>",
        "<p>Report under EO 13904 s.7: (a) whether fees cover the cost of processing, inspecting "
        "and collecting duties, taxes and fees for parcels; (b) recommended adjustments. Policy "
        f"version {html.escape(r.policy.version)}; Monte Carlo seed {r.seed}.</p>",
        "<p class='note'>The cost side is a model: every cost number is an assumption, printed "
        "beside the figure it drives. Duties are reported apart and never counted as fee "
        f"revenue. Volumes: {html.escape(r.volumes_note)}</p>",
        "<h2>Recommendations (s.7(b))</h2>", _html_table(frames["recommendations"].drop(
            columns=["reasons", "policy_version", "provision"])),
        f"<ul>{rec_items}</ul>",
        "<h2>Coverage by stream (s.7(a))</h2>", pair("coverage", "coverage"),
        _html_table(frames["coverage"]),
        f"<h3>Fee schedule FY{fy}</h3>", _html_table(frames["fee_schedule"]),
        f"<h3>Activity-based costing FY{fy}: pools by activity, drivers and rates</h3>",
        _html_table(frames["abc"]),
        "<h2>Fee against break-even</h2>", pair("break_even", "break_even"),
        _html_table(frames["break_even"]),
        "<h2>Sensitivity and uncertainty</h2>", pair("tornado", "sensitivity"),
        _html_table(frames["monte_carlo"]), _html_table(frames["tornado"]),
    ]
    if "post_costs" in frames:
        parts += ["<h2>Cost of non-compliance per post</h2>", _html_table(frames["post_costs"])]
    parts += ["<h2>All rules and assumptions used</h2>", _html_table(frames["assumptions"]),
              "</body></html>\n"]
    return "\n".join(parts)


def _lines(frame: pd.DataFrame, width: int = 150) -> list[str]:
    out = []
    for row in frame.itertuples(index=False):
        text = " | ".join(f"{c}={_fmt(v)}" for c, v in zip(frame.columns, row, strict=True))
        out += textwrap.wrap(text, width, subsequent_indent="    ") or [""]
    return out


def _text_pages(title: str, lines: list[str], per_page: int = 110) -> list[Figure]:
    chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    return [charts.text_figure(title if i == 0 else f"{title} (cont.)", c)
            for i, c in enumerate(chunks)]


def _pdf(r: ReportInputs, frames: Mapping[str, pd.DataFrame], figs: Mapping[str, Figure],
         path: Path) -> None:
    summary = [f"Policy version {r.policy.version}; seed {r.seed}", *textwrap.wrap(
        "Volumes: " + r.volumes_note, 150), ""]
    for rec in r.recommendations:
        for line in rec.decision.explain().splitlines():
            summary += textwrap.wrap(line, 150, subsequent_indent="      ")
        summary.append("")
    pages = _text_pages(f"Sufficiency of CBP fees for parcels, FY{r.fiscal_year} (EO 13904 s.7)",
                        summary)
    for fig, section in (("coverage", "coverage"), ("break_even", "break_even"),
                         ("tornado", "sensitivity")):
        pages.append(figs[fig])
        pages += _text_pages(f"Assumptions behind the {fig.replace('_', '-')} figure",
                             _lines(_assumptions(r, section)))
    for name in ("coverage", "break_even", "monte_carlo", "tornado", "fee_schedule"):
        pages += _text_pages(f"Data: {name}", _lines(frames[name]))
    charts.pdf_pages(path, pages)


def write_report(r: ReportInputs, out_dir: Path) -> dict[str, Path]:
    """Write ``fees-FY<fy>.html``, ``.pdf`` and one CSV per table; return their paths by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = _frames(r)
    figs = {
        "coverage": charts.coverage_figure(r.coverages),
        "break_even": charts.fee_vs_break_even_figure(r.recommendations),
        "tornado": charts.tornado_figure(r.recommendations),
    }
    stem = f"fees-FY{r.fiscal_year}"
    paths = {"html": out_dir / f"{stem}.html", "pdf": out_dir / f"{stem}.pdf"}
    paths["html"].write_text(_html(r, frames, figs), encoding="utf-8")
    _pdf(r, frames, figs, paths["pdf"])
    for name, frame in frames.items():
        path = out_dir / f"{stem}-{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        paths[f"csv:{name}"] = path
    return paths
