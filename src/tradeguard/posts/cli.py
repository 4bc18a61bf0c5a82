"""``tradeguard posts ...``: a thin Typer surface over :mod:`tradeguard.posts.service`.

Files in and out are CSV or Parquet (by extension). The history file is the programme's state:
each ``score`` run reads it and writes it back with the new quarter.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from tradeguard.domain.calendar import Quarter
from tradeguard.domain.decisions import canonical_json
from tradeguard.errors import InvalidInput
from tradeguard.policy import load_policy
from tradeguard.posts.aggregate import quarterly_inputs
from tradeguard.posts.gate import gate_items
from tradeguard.posts.params import posts_policy
from tradeguard.posts.publish import (
    circular_text,
    guidance_html,
    history_charts_html,
    measures_report_html,
    noncompliant_list,
    noncompliant_list_html,
)
from tradeguard.posts.robustness import robustness
from tradeguard.posts.service import empty_history, levels_from_history, run_quarter

app = typer.Typer(help="International mail non-compliance (EO 13904 s.4-5).", no_args_is_help=True)

_HISTORY_BOOLS = ("scored", "noncompliant", "attested")


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InvalidInput(f"no such file: {path}")
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype={"post_code": str, "quarter": str})


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".parquet", ".pq"):
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)


def _history(path: Path | None) -> pd.DataFrame:
    if path is None or not path.exists():
        return empty_history()
    frame = _read(path)
    for col in _HISTORY_BOOLS:
        frame[col] = frame[col].astype(str).str.lower().isin(["true", "1"])
    return frame


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


ItemsArg = Annotated[str, typer.Argument(help="mail_items CSV or Parquet file (globs allowed)")]
QuarterOpt = Annotated[str, typer.Option("--quarter", "-q", help="FY2026Q1 (fiscal) or 2026Q1")]
HistoryOpt = Annotated[Path | None, typer.Option(help="history file (CSV or Parquet)")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="output folder")]


@app.command()
def aggregate(
    items: ItemsArg,
    out: Annotated[Path, typer.Option("--out", "-o")],
    quarter: Annotated[str | None, typer.Option("--quarter", "-q")] = None,
) -> None:
    """Quarterly inputs per post from item-level mail records (DuckDB)."""
    q = _quarter(quarter) if quarter else None
    policy = posts_policy(load_policy(), q.start if q else dt.date.today())
    frame = quarterly_inputs(items, policy, between=(q.start, q.end) if q else None)
    _write(frame, out)
    typer.echo(f"{len(frame)} post-quarter rows -> {out}")


@app.command()
def score(
    items: ItemsArg,
    quarter: QuarterOpt,
    out: OutOpt,
    posts: Annotated[Path | None, typer.Option(help="posts.csv")] = None,
    history: HistoryOpt = None,
    attested: Annotated[
        str, typer.Option(help="comma-separated posts with a verified remediation")
    ] = "",
) -> None:
    """Score a quarter, step every post's measures, write scores, decisions and history."""
    q = _quarter(quarter)
    hist_path = history or out / "history.csv"
    result = run_quarter(
        items,
        _read(posts) if posts else None,
        _history(hist_path),
        load_policy(),
        q,
        attested=[a for a in attested.split(",") if a],
    )
    out.mkdir(parents=True, exist_ok=True)
    _write(result.scores, out / f"scores-{q}.csv")
    _write(result.history, hist_path)
    lines = [canonical_json(d.to_dict()) for d in result.decisions]
    (out / f"decisions-{q}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    typer.echo(f"{q}: threshold {result.threshold:.1f}, policy {result.policy.version}")
    view = result.scores[["post_code", "score", "p_below", "outcome", "counter", "level"]]
    typer.echo(view.to_string(index=False, float_format=lambda v: f"{v:.2f}"))


@app.command()
def gate(
    items: ItemsArg,
    history: Annotated[Path, typer.Option(help="history file with the measures in force")],
    out: Annotated[Path, typer.Option("--out", "-o", help="decisions file (.parquet or .csv)")],
    as_of: Annotated[str, typer.Option(help="decision time, ISO 8601 (default: now, UTC)")] = "",
) -> None:
    """Decide every arriving item: release, targeted inspection, hold for information, refuse."""
    when = (
        dt.datetime.fromisoformat(as_of.replace("Z", "+00:00"))
        if as_of
        else dt.datetime.now(dt.UTC)
    )
    policy = posts_policy(load_policy(), when.date())
    path = Path(items)
    if path.suffix.lower() == ".csv":  # every column as text: the gate parses what it needs
        source = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    else:
        source = _read(path)
    decided = gate_items(source, levels_from_history(_history(history)), policy, when).to_pandas()
    _write(decided, out)
    typer.echo(decided["action"].value_counts().sort_index().to_string())


@app.command(name="robustness")
def robustness_cmd(
    scores: Annotated[Path, typer.Argument(help="scores-<quarter>.csv written by 'score'")],
    quarter: QuarterOpt,
    out: OutOpt,
) -> None:
    """Monte Carlo over weights, goalposts and aggregation; Sobol' indices."""
    q = _quarter(quarter)
    frame = _read(scores)
    frame["scored"] = frame["scored"].astype(str).str.lower().isin(["true", "1"])
    result = robustness(frame, posts_policy(load_policy(), q.start))
    _write(result.summary, out / f"robustness-{q}.csv")
    _write(result.sobol, out / f"sobol-{q}.csv")
    typer.echo(result.summary.to_string(index=False, float_format=lambda v: f"{v:.2f}"))


@app.command()
def publish(
    quarter: QuarterOpt,
    history: Annotated[Path, typer.Option(help="history file")],
    out: OutOpt,
    posts: Annotated[Path | None, typer.Option(help="posts.csv (for names)")] = None,
) -> None:
    """Guidance, the quarter's list, the circular, the 8+ report and the history charts."""
    q = _quarter(quarter)
    policy = posts_policy(load_policy(), q.start)
    hist = _history(history)
    names = {}
    if posts:
        table = _read(posts)
        names = dict(zip(table["post_code"].astype(str), table["name"].astype(str), strict=True))
    current = hist[hist["quarter"] == str(q)]
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "guidance.html": guidance_html(policy),
        f"noncompliant-{q}.html": noncompliant_list_html(current, q, names),
        "circular.txt": circular_text(policy),
        f"measures-report-{q}.html": measures_report_html(hist, q, policy),
        "score-history.html": history_charts_html(hist, names),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    _write(noncompliant_list(current), out / f"noncompliant-{q}.csv")
    typer.echo(json.dumps(sorted([*files, f"noncompliant-{q}.csv"])))
