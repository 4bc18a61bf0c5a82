"""``tradeguard targeting ...``: train, evaluate, score, select, simulate. Thin: parse, call the
service, render. Exit codes come from the error tree (2 invalid input, 6 unavailable, ...).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from rich.console import Console

from tradeguard.cli_support import handles_errors
from tradeguard.policy import PolicyBook, load_policy
from tradeguard.settings import Settings

app = typer.Typer(help="Entry targeting (EO 13785 s.4(a), EO 13904 s.5(b)).",
                  no_args_is_help=True)
console = Console()

Data = Annotated[list[Path], typer.Option("--data", help="Declarations CSV (repeatable).")]
History = Annotated[list[Path] | None, typer.Option(
    "--history", help="Earlier declarations CSV, labels as known (repeatable).")]
Mapping = Annotated[Path, typer.Option("--mapping", help="Column mapping file (YAML).")]
ModelPath = Annotated[Path, typer.Option("--model", help="Model file (from `train`).")]
Rate = Annotated[float | None, typer.Option(
    "--rate", min=0.0, max=1.0, help="Inspection rate (default: policy).")]


def _book() -> PolicyBook:
    return load_policy(Settings().policy_dir)


def _frame(paths: list[Path] | None, mapping: Path) -> pd.DataFrame:
    from tradeguard.targeting.service import read_declarations

    frames = read_declarations(paths or [], mapping)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True).sort_values("date", kind="stable")


@app.command()
@handles_errors
def train(data: Data, mapping: Mapping, out: Annotated[Path, typer.Option(
        "--out", help="Where to write the model file.")] = Path("targeting-model.json"),
          rounds: Annotated[int | None, typer.Option(help="Boosting rounds.")] = None) -> None:
    """Train the risk model on labelled declarations (each encoded from earlier days only)."""
    from tradeguard.targeting.model import train_model
    from tradeguard.targeting.params import targeting_policy

    frame = _frame(data, mapping)
    policy = targeting_policy(_book(), frame["date"].max().date())
    model = train_model(frame.reset_index(drop=True), policy, rounds=rounds)
    model.save(out)
    console.print(f"model on {model.rows:,} labelled rows (base rate {model.base_rate:.3f}),"
                  f" trained until {model.trained_until}: {out}")


@app.command()
@handles_errors
def evaluate(data: Data, mapping: Mapping,
             split: Annotated[str | None, typer.Option(help="First test day (YYYY-MM-DD).")] = None,
             rounds: Annotated[int | None, typer.Option(help="Boosting rounds.")] = None,
             as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """Time-ordered evaluation at fixed inspection rates against random and product baselines.

    With several files and no --split, the last file is the test period.
    """
    from tradeguard.targeting.service import evaluate_files

    day = dt.date.fromisoformat(split) if split else None
    result = evaluate_files(data, mapping, _book(), split=day, rounds=rounds)
    if as_json:
        print(json.dumps(result.to_dict(), indent=1))
        return
    print(f"train: {result.train_rows:,} labelled rows; test from {result.split_date}:"
          f" {result.test_rows:,} labelled rows, finding rate {result.base_rate:.3f}\n")
    print(result.table())


@app.command()
@handles_errors
def score(model: ModelPath, data: Data, mapping: Mapping, history: History = None,
          out: Annotated[Path, typer.Option("--out")] = Path("scores.csv")) -> None:
    """Probability of a finding for each declaration, from its history and itself."""
    from tradeguard.targeting.model import TargetingModel
    from tradeguard.targeting.model import score as score_rows

    trained = TargetingModel.load(model)
    new = _frame(data, mapping).reset_index(drop=True)
    past = _frame(history, mapping).reset_index(drop=True) if history else new.iloc[:0]
    p = score_rows(trained, past, new)
    new[["decl_id", "date"]].assign(p=np.round(p, 6)).to_csv(out, index=False)
    console.print(f"{len(new):,} declarations scored: {out}")


@app.command()
@handles_errors
def select(data: Data, mapping: Mapping, history: History = None,
           model: Annotated[Path | None, typer.Option(help="Model file; none = random.")] = None,
           rate: Rate = None, out: Annotated[Path, typer.Option("--out")] = Path("selection.csv"),
           db: Annotated[str | None, typer.Option(help="Save decisions to this store.")] = None,
           show: Annotated[int, typer.Option(help="Explanations to print.")] = 3) -> None:
    """Choose the period's inspections under the budget and explain each choice."""
    from tradeguard.targeting.model import TargetingModel
    from tradeguard.targeting.service import run_selection

    new = _frame(data, mapping).reset_index(drop=True)
    past = _frame(history, mapping).reset_index(drop=True) if history else new.iloc[:0]
    trained = TargetingModel.load(model) if model else None
    run = run_selection(trained, past, new, _book(), rate=rate)
    run.chosen.drop(columns=["label"]).to_csv(out, index=False)
    if db:
        from tradeguard.services import open_store
        from tradeguard.store.repository import DecisionStore

        DecisionStore(open_store(db)).save(run.decisions, run_id="targeting-select")
    console.print(f"{len(run.decisions):,} of {len(new):,} chosen: {out}")
    for decision in run.decisions[:show]:
        console.print(decision.explain(), highlight=False)


@app.command()
@handles_errors
def simulate(data: Data, mapping: Mapping, rate: Rate = None,
             block: Annotated[int, typer.Option(help="Weeks per line of the table.")] = 4,
             retrain_every: Annotated[int, typer.Option(help="Retrain every N weeks.")] = 4
             ) -> None:
    """Replay weeks, learn only from what was inspected: exploitation against the policy's mix."""
    from tradeguard.targeting.params import targeting_policy
    from tradeguard.targeting.simulate import simulate as run

    frame = _frame(data, mapping).reset_index(drop=True)
    policy = targeting_policy(_book(), frame["date"].min().date())
    results = [run(frame, policy, exploration_share=share, rate=rate, name=name,
                   retrain_every=retrain_every)
               for name, share in (("exploit only", 0.0), ("exploratory mix",
                                                            policy.exploration_share))]
    print("| strategy | from | inspected | found | precision | revenue | AUC (oracle) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        for first, n, found, revenue, auc in r.blocks(block):
            print(f"| {r.name} | {first} | {n:,} | {found:,} | {found / max(n, 1):.3f} |"
                  f" {revenue:,.0f} | {auc:.3f} |")
        print(f"| {r.name} | total | {r.inspected:,} | {r.found:,} |"
              f" {r.found / max(r.inspected, 1):.3f} | {r.revenue:,.0f} | |")
