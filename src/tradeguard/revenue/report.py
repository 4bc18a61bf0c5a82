"""The revenue section of the report: tables and the backtest trade-off chart, built from frozen
inputs (matplotlib :class:`~matplotlib.figure.Figure`, fixed SVG salt) so they regenerate byte
for byte."""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from tradeguard.domain.decisions import Decision
from tradeguard.revenue.assess import Assessment
from tradeguard.revenue.backtest import BacktestResult

__all__ = [
    "backtest_table_text",
    "metrics_text",
    "open_bills_by",
    "tradeoff_figure",
    "write_backtest",
    "write_report",
]

RC: dict[str, Any] = {"svg.hashsalt": "tradeguard-revenue", "svg.fonttype": "none",
                      "font.family": "DejaVu Sans", "font.size": 9}


@contextmanager
def _rc() -> Iterator[None]:
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]  # keys are valid rc names
        yield


def metrics_text(metrics: pd.DataFrame) -> str:
    """The evaluation table as fixed-width text."""
    return metrics.to_string(float_format=lambda v: f"{v:.3f}")


def backtest_table_text(result: BacktestResult) -> str:
    cols = ["threshold", "multiplier", "secured_share", "secured_usd", "demands_per_quarter",
            "payer_share_asked", "payers_ever_asked", "payer_security_usd_per_quarter"]
    return result.table[cols].to_string(index=False, float_format=lambda v: f"{v:,.3f}")


def tradeoff_figure(result: BacktestResult) -> Figure:
    """Secured share of unpaid AD/CVD against the share of paying importers asked, one line
    per multiplier through the thresholds, the default ringed."""
    with _rc():
        fig = Figure(figsize=(7.5, 4.2))
        ax = fig.add_subplot()
        for mult, group in result.table.groupby("multiplier"):
            g = group.sort_values("threshold")
            ax.plot(100 * g["payer_share_asked"], 100 * g["secured_share"].fillna(0), "o-",
                    label=f"multiplier {mult:g}", markersize=4)
        d = result.table[(result.table["threshold"] == result.default.threshold_probability)
                         & (result.table["multiplier"] == result.default.multiplier)].iloc[0]
        ax.scatter([100 * d["payer_share_asked"]], [100 * (d["secured_share"] or 0)], s=160,
                   facecolors="none", edgecolors="black", label="default")
        ax.set_xlabel("paying importers asked for security, % per quarter")
        ax.set_ylabel("unpaid AD/CVD secured, %")
        ax.set_title("Security policy backtest: revenue secured against burden on payers")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        return fig


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with _rc():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def write_backtest(result: BacktestResult, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    chart, table = out / "backtest_tradeoff.svg", out / "backtest.csv"
    chart.write_text(_svg(tradeoff_figure(result)), encoding="utf-8")
    result.table.to_csv(table, index=False, float_format="%.6g")
    return {"backtest_chart": chart, "backtest_table": table}


def open_bills_by(a: Assessment, by: str) -> pd.DataFrame:
    """Open AD/CVD bills (count, dollars) by ``case_number``, ``ior_number`` or new-importer
    status (``new_importer``)."""
    ledger = a.records.ledger
    open_ = ledger[(ledger["kind"] == "SUPPLEMENTAL") & (ledger["balance_usd"] > 0.005)]
    if by == "new_importer":
        new = a.records.table["no_history"]
        open_ = open_.assign(new_importer=open_["ior_number"].map(new).fillna(False))
    g = open_.groupby(by)["balance_usd"]
    return pd.DataFrame({"bills": g.size(), "open_usd": g.sum().round(2)}).sort_values(
        "open_usd", ascending=False)


def _table_html(frame: pd.DataFrame) -> str:
    return frame.to_html(float_format=lambda v: f"{v:,.2f}", border=0)


def write_report(a: Assessment, decisions: Sequence[Decision], backtest: BacktestResult,
                 out: Path) -> dict[str, Path]:
    """``revenue.html`` (the section) beside the backtest chart and table."""
    files = write_backtest(backtest, out)
    counts = Counter((d.kind, d.outcome) for d in decisions)
    demands = sorted((d for d in decisions if d.kind == "adcvd_security" and d.score),
                     key=lambda d: -(d.score or 0.0))[:5]
    parts = [
        f"<h2>AD/CVD revenue protection (EO 13785 s.1-3), as of {a.on}</h2>",
        "<h3>Decisions</h3><ul>" + "".join(
            f"<li>{html.escape(k)}: {html.escape(o)} &mdash; {n:,}</li>"
            for (k, o), n in sorted(counts.items())) + "</ul>",
        "<h3>Open AD/CVD bills by order</h3>" + _table_html(open_bills_by(a, "case_number")),
        "<h3>Open AD/CVD bills by new-importer status</h3>"
        + _table_html(open_bills_by(a, "new_importer")),
        "<h3>Largest security demands</h3>" + "".join(
            f"<pre>{html.escape(d.explain())}</pre>" for d in demands),
        "<h3>Backtest of the security policy</h3>",
        f'<img src="{files["backtest_chart"].name}" alt="trade-off chart">',
        _table_html(backtest.table.drop(columns=["at_risk_usd"])),
        f"<p>Default setting: {html.escape(backtest.reason)}.</p>",
    ]
    page = out / "revenue.html"
    page.write_text("\n".join(parts), encoding="utf-8")
    return {"revenue_report": page, **files}
