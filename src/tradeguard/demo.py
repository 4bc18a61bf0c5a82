"""The main job, end to end on the embedded store: synthesise a world, load it through the real
readers, run every engine, store the decisions, print a summary and write a report.

Each capability contributes a step (``DemoStep``): it gets the context and returns what it did.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select

from tradeguard.domain.decisions import Decision
from tradeguard.ingest.loader import LoadReport
from tradeguard.policy import PolicyBook, load_policy
from tradeguard.services import assess_bonds, load_path, open_store, write_quarantine_report
from tradeguard.settings import Settings
from tradeguard.store import schema
from tradeguard.store.repository import DecisionStore

__all__ = ["DemoContext", "DemoResult", "StepResult", "run_demo"]


@dataclass
class DemoContext:
    engine: Engine
    world: Path
    out: Path
    book: PolicyBook
    as_of: dt.date
    seed: int
    console: Console


@dataclass
class StepResult:
    """What one engine did in the demo: headline figures, decisions, files it wrote."""

    title: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    artifacts: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class DemoResult:
    report_path: Path
    loads: list[LoadReport]
    steps: list[StepResult]


DemoStep = Callable[[DemoContext], StepResult]


def _bond_step(ctx: DemoContext) -> StepResult:
    decisions = assess_bonds(ctx.engine, ctx.as_of, ctx.book)
    counts = Counter(d.outcome for d in decisions)
    return StepResult(
        "Continuous bond sufficiency (19 CFR 113.13)",
        [(outcome, f"{n:,}") for outcome, n in sorted(counts.items())],
        decisions,
    )


_MAIL_STREAM = {"LETTER_GOODS": "mail.letter_goods", "PARCEL": "mail.parcel", "EMS": "mail.ems"}
_EXPRESS_STREAM = {
    "SECTION_321": "express.low_value",
    "TYPE_86": "express.low_value",
    "INFORMAL": "express.informal",
    "FORMAL": "express.formal",
}


def _world_stream_counts(ctx: DemoContext) -> dict[tuple[str, int], int]:
    """Items per fee stream and fiscal year in the loaded world."""
    from tradeguard.domain.calendar import fiscal_year

    mail, express = schema.mail_items, schema.express_shipments
    counts: dict[tuple[str, int], int] = {}
    with ctx.engine.connect() as conn:
        for table, column, streams in (
            (mail, mail.c.mail_class, _MAIL_STREAM),
            (express, express.c.entry_kind, _EXPRESS_STREAM),
        ):
            day = table.c.arrival_date
            query = select(column, day, func.count()).group_by(column, day)
            for kind, arrived, n in conn.execute(query):
                if kind in streams:
                    key = (streams[kind], fiscal_year(arrived))
                    counts[key] = counts.get(key, 0) + int(n)
    return counts


def _world_volumes(ctx: DemoContext) -> list[Any]:
    """The built-in national volumes, re-split between the streams of each family (mail,
    express) in the proportions the synthetic world carried that fiscal year. The world is far
    smaller than the national flows, so its totals are not used, only its mix."""
    from dataclasses import replace

    from tradeguard.fees.defaults import default_volumes

    counts = _world_stream_counts(ctx)
    rows = default_volumes()
    out = []
    for row in rows:
        family = [r for r in rows if r.fiscal_year == row.fiscal_year
                  and r.stream.split(".")[0] == row.stream.split(".")[0] and r.items > 0]
        seen = sum(counts.get((r.stream, r.fiscal_year), 0) for r in family)
        if row.items == 0 or seen == 0:
            out.append(row)
            continue
        share = counts.get((row.stream, row.fiscal_year), 0) / seen
        items = round(sum(r.items for r in family) * share)
        ratio = items / row.items
        out.append(replace(
            row, items=items, dutiable_items=round(row.dutiable_items * ratio),
            formal_entries=round(row.formal_entries * ratio),
            informal_entries=round(row.informal_entries * ratio),
            formal_value_usd=row.formal_value_usd * ratio, duties_usd=row.duties_usd * ratio,
            mpf_usd=None if row.mpf_usd is None else row.mpf_usd * ratio,
            source=f"{row.source}; stream mix of the synthetic world",
        ))
    return out


def _fees_step(ctx: DemoContext) -> StepResult:
    import pandas as pd

    from tradeguard.domain.calendar import fiscal_year
    from tradeguard.errors import NotFound
    from tradeguard.fees.noncompliance import post_rates_from_mail_items
    from tradeguard.fees.service import fee_report

    columns = [schema.mail_items.c[c] for c in ("post_code", "mail_class", "inspected", "finding")]
    with ctx.engine.connect() as conn:
        items = pd.read_sql(select(*columns), conn)
    rates = post_rates_from_mail_items(items) if len(items) else []
    volumes = _world_volumes(ctx)
    note = ("national totals of the built-in table, split between streams in the proportions "
            "of the synthetic world's mail and express items")
    try:
        result = fee_report(volumes, ctx.book, ctx.out / "fees", fiscal_year(ctx.as_of),
                            ctx.seed, post_rates=rates, volumes_note=note)
    except NotFound:  # the world runs past the last fiscal year the fee policy covers
        result = fee_report(volumes, ctx.book, ctx.out / "fees", 2026, ctx.seed,
                            post_rates=rates, volumes_note=note)
    DecisionStore(ctx.engine).save(result.decisions, run_id=f"fees-FY{result.fiscal_year}")
    figures = [(r.decision.subject, r.decision.outcome) for r in result.recommendations]
    return StepResult(
        f"Fee sufficiency, FY{result.fiscal_year} (EO 13904 s.7)",
        figures,
        result.decisions,
        {k: v for k, v in result.paths.items() if k in ("html", "pdf")},
    )


CapabilityStep = Callable[
    [Engine, Path, Path, PolicyBook, dt.date],
    tuple[list[tuple[str, str]], list[Decision], dict[str, Path]],
]


def _capability(title: str, load: Callable[[], CapabilityStep]) -> DemoStep:
    """A step from a capability's ``demo_step(engine, world, out, book, as_of)``."""

    def step(ctx: DemoContext) -> StepResult:
        figures, decisions, artifacts = load()(ctx.engine, ctx.world, ctx.out, ctx.book,
                                               ctx.as_of)
        return StepResult(title, figures, decisions, artifacts)

    return step


def _targeting() -> CapabilityStep:
    from tradeguard.targeting.service import demo_step

    return demo_step


def _posts_step(ctx: DemoContext) -> StepResult:
    """Score every post quarter by quarter over the world's mail, step the escalation counter,
    and publish the last quarter's guidance, list and charts."""
    import pandas as pd

    from tradeguard.domain.calendar import Quarter
    from tradeguard.posts.params import posts_policy
    from tradeguard.posts.publish import (
        circular_text,
        guidance_html,
        history_charts_html,
        noncompliant_list,
        noncompliant_list_html,
    )
    from tradeguard.posts.service import run_quarter

    items = ctx.world / "data" / "mail_items.csv"
    posts = pd.read_csv(ctx.world / "data" / "posts.csv", dtype=str)
    with ctx.engine.connect() as conn:
        first = conn.execute(select(func.min(schema.mail_items.c.arrival_date))).scalar()
    quarter, last = Quarter.of(first or ctx.as_of), Quarter.of(ctx.as_of)
    history: pd.DataFrame | None = None
    decisions: list[Decision] = []
    while quarter <= last:
        result = run_quarter(items, posts, history, ctx.book, quarter)
        history, decisions = result.history, [*decisions, *result.decisions]
        quarter = quarter.next()
    assert history is not None
    DecisionStore(ctx.engine).save(decisions, run_id=f"posts-{last}")
    out = ctx.out / "posts"
    out.mkdir(parents=True, exist_ok=True)
    names = dict(zip(posts["post_code"], posts["name"], strict=True))
    current = history[history["quarter"] == str(last)]
    policy = posts_policy(ctx.book, last.start)
    files = {
        "guidance": ("guidance.html", guidance_html(policy)),
        f"non-compliant posts {last}": (f"noncompliant-{last}.html",
                                        noncompliant_list_html(current, last, names)),
        "circular": ("circular.txt", circular_text(policy)),
        "score history": ("score-history.html", history_charts_html(history, names)),
    }
    for file_name, text in files.values():
        (out / file_name).write_text(text, encoding="utf-8")
    listed = noncompliant_list(current)
    scored = current[current["scored"].astype(bool)]
    figures = [
        ("quarters scored", f"{history['quarter'].nunique()}"),
        (f"posts scored in {last}", f"{len(scored)} of {len(current)}"),
        (f"non-compliant in {last}", f"{len(listed)}"),
        ("decisions", f"{len(decisions):,}"),
    ]
    artifacts = {label: out / name for label, (name, _) in files.items()}
    return StepResult("International mail non-compliance (EO 13904 s.4-5)", figures, decisions,
                      artifacts)


def _revenue() -> CapabilityStep:
    from tradeguard.revenue.service import demo_step

    return demo_step


def _parties() -> CapabilityStep:
    from tradeguard.parties.service import demo_step

    return demo_step


def _seizures() -> CapabilityStep:
    from tradeguard.seizures.service import demo_step

    return demo_step


def _steps() -> list[DemoStep]:
    """Every engine that exists, in the order the enforcement cycle runs them."""
    return [
        _capability("Debarred and suspended persons (EO 13904 s.2-3)", _parties),
        _bond_step,
        _capability("AD/CVD revenue protection (EO 13785 s.2-3)", _revenue),
        _capability("Entry targeting (EO 13785 s.4(a); EO 13904 s.5(b))", _targeting),
        _posts_step,
        _capability("Seizure statistics and prosecution priority (EO 13904 s.6; EO 13785 s.5)",
                    _seizures),
        _fees_step,
    ]


def _as_of(engine: Engine) -> dt.date:
    with engine.connect() as conn:
        last = conn.execute(select(func.max(schema.entries.c.entry_date))).scalar()
    return last or dt.date.today()


def run_demo(
    out: Path,
    *,
    seed: int = 7,
    scale: float = 1.0,
    db_url: str | None = None,
    console: Console | None = None,
) -> DemoResult:
    """Run the whole cycle into ``out`` (recreated): world/, tradeguard.sqlite, report.html."""
    from tradeguard.synth import generate_world

    console = console or Console()
    settings = Settings()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    started = time.perf_counter()
    with console.status("Synthesising the world"):
        world = generate_world(out / "world", seed=seed, scale=scale)
    console.print(
        f"World (seed {seed}, scale {scale}) in {time.perf_counter() - started:.1f}s:"
        f" {sum(world.rows.values()):,} rows"
    )
    engine = open_store(db_url or f"sqlite:///{out / 'tradeguard.sqlite'}", settings=settings)
    started = time.perf_counter()
    with console.status("Loading through the file readers") as status:
        loads = load_path(
            engine,
            out / "world" / "data",
            actor="demo",
            progress=lambda kind, n: status.update(f"Loading {kind}: {n:,} rows"),
        )
    console.print(
        f"Loaded {sum(r.rows_loaded for r in loads):,} rows in {time.perf_counter() - started:.1f}s"
    )
    if any(r.rejected for r in loads):
        write_quarantine_report(loads, out / "quarantine.csv")
    ctx = DemoContext(
        engine, out / "world", out, load_policy(settings.policy_dir), _as_of(engine), seed, console
    )
    steps = []
    for step in _steps():
        began = time.perf_counter()
        result = step(ctx)
        result.seconds = time.perf_counter() - began
        steps.append(result)
    _print_summary(console, loads, steps)
    report = out / "report.html"
    report.write_text(_report_html(ctx, loads, steps), encoding="utf-8")
    _print_dashboard_access(console, db_url or f"sqlite:///{out / 'tradeguard.sqlite'}")
    return DemoResult(report, loads, steps)


def _print_dashboard_access(console: Console, url: str) -> None:
    """How to open the analysts' dashboard on the demo store (the key is kept beside it)."""
    from tradeguard.api.cli import demo_access

    key, command = demo_access(url)
    console.print(f"\nDashboard: run [bold]{command}[/], open http://127.0.0.1:8000/ui and "
                  f"sign in with the key {key}", highlight=False)


def _print_summary(console: Console, loads: list[LoadReport], steps: list[StepResult]) -> None:
    table = Table(title="Loaded")
    for column in ("kind", "rows loaded", "rejected"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for r in loads:
        table.add_row(r.kind, f"{r.rows_loaded:,}", f"{r.rows_rejected:,}")
    console.print(table)
    for step in steps:
        table = Table(title=f"{step.title} ({step.seconds:.1f}s)")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for name, value in step.figures:
            table.add_row(name, value)
        console.print(table)
        for decision in _examples(step.decisions):
            console.print(decision.explain(), highlight=False)


def _examples(decisions: list[Decision], n: int = 2) -> list[Decision]:
    """The first decisions of the rarest outcomes: what an analyst would look at first."""
    by_outcome: dict[str, list[Decision]] = {}
    for d in decisions:
        by_outcome.setdefault(d.outcome, []).append(d)
    rare = sorted(by_outcome.values(), key=len)
    return [d for group in rare for d in group[:1]][:n]


def _report_html(ctx: DemoContext, loads: list[LoadReport], steps: list[StepResult]) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(r.kind)}</td><td>{esc(r.source)}</td><td>{r.rows_read:,}</td>"
        f"<td>{r.rows_loaded:,}</td><td>{r.rows_rejected:,}</td></tr>"
        for r in loads
    )
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>TradeGuard demo report</title><style>body{font-family:sans-serif;margin:2em;"
        "max-width:70em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid "
        "#ccc;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}"
        "pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap}</style></head><body>",
        "<h1>TradeGuard demo report</h1>",
        f"<p>Synthetic world, seed {ctx.seed}; decisions as of {ctx.as_of}; policy "
        f"{esc(ctx.book.version)}.</p>",
        "<h2>Loads</h2><table><tr><th>kind</th><th>file</th><th>read</th><th>loaded</th>"
        f"<th>rejected</th></tr>{rows}</table>",
    ]
    for step in steps:
        figures = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in step.figures)
        links = "".join(
            f"<li><a href='{esc(str(p.relative_to(ctx.out)))}'>{esc(name)}</a></li>"
            for name, p in step.artifacts.items()
        )
        examples = "".join(f"<pre>{esc(d.explain())}</pre>" for d in _examples(step.decisions))
        parts.append(f"<h2>{esc(step.title)}</h2><table>{figures}</table>")
        if links:
            parts.append(f"<ul>{links}</ul>")
        parts.append(examples)
    parts.append("</body></html>")
    return "\n".join(parts)
