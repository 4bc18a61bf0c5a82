"""The thin edge of revenue protection: load frames from the store, run the pure engines, save
decisions. The CLI (``tradeguard revenue ...``), the demo and the API call these functions.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from tradeguard.domain.decisions import Decision
from tradeguard.errors import InvalidInput, NotFound
from tradeguard.policy import PolicyBook
from tradeguard.revenue.assess import Assessment, assess_importers
from tradeguard.revenue.backtest import BacktestResult, quarter_starts, run_backtest
from tradeguard.revenue.evaluate import Comparison, compare_methods, labelled_rows
from tradeguard.revenue.frames import RevenueFrames
from tradeguard.revenue.params import RevenuePolicy
from tradeguard.revenue.risk import RiskModel
from tradeguard.revenue.security import Debarment

__all__ = [
    "REVENUE_KINDS",
    "assess_store",
    "backtest_store",
    "bonds_store",
    "demo_step",
    "evaluate_worlds",
    "frames_from_store",
    "last_activity_day",
    "read_debarred_csv",
    "read_truth",
    "world_frames",
]

REVENUE_KINDS = ("importers", "adcvd_orders", "adcvd_rates", "entries", "entry_lines",
                 "liquidations", "bills", "payments", "bonds")
_TABLE_OF = {"importers": "importers", "orders": "adcvd_orders", "rates": "adcvd_rates",
             "entries": "entries", "lines": "entry_lines", "liquidations": "liquidations",
             "bills": "bills", "payments": "payments", "bonds": "bonds"}


def frames_from_store(engine: Engine) -> RevenueFrames:
    """Every revenue table of the store as frames (SQLAlchemy Core, one SELECT per table)."""
    from tradeguard.revenue.frames import COLUMNS
    from tradeguard.store import schema

    tables: dict[str, pd.DataFrame] = {}
    with engine.connect() as conn:
        for name, table_name in _TABLE_OF.items():
            table = schema.metadata.tables[table_name]
            cols = [table.c[c] for c in COLUMNS[name] if c in table.c]
            rows = conn.execute(select(*cols)).all()
            tables[name] = pd.DataFrame(rows, columns=[c.name for c in cols])
    return RevenueFrames.build(**tables)


def last_activity_day(frames: RevenueFrames) -> dt.date:
    """The last day the data know about (entries, bills, payments)."""
    days = pd.concat([frames.entries["entry_date"], frames.bills["bill_date"],
                      frames.payments["paid_on"]]).dropna()
    if days.empty:
        raise NotFound("the store holds no entries, bills or payments")
    return pd.Timestamp(days.max()).date()


def _model(policy: RevenuePolicy) -> RiskModel:
    return RiskModel.from_policy(policy.model)


def assess_store(engine: Engine, on: dt.date, book: PolicyBook, *, save: bool = True,
                 debarred: Mapping[str, Debarment] | None = None,
                 frames: RevenueFrames | None = None) -> tuple[Assessment, list[Decision]]:
    """Assess every importer on ``on`` and store the decisions with their evidence."""
    from tradeguard.store.repository import DecisionStore

    policy = RevenuePolicy.from_book(book, on)
    notice = int(book.value("bond.debarred.continuous_notice_days", on))
    data = frames if frames is not None else frames_from_store(engine)
    result, decisions = assess_importers(data, on, policy, _model(policy), debarred=debarred,
                                         notice_days=notice)
    if save:
        DecisionStore(engine).save(decisions, run_id=f"revenue-{on}")
    return result, decisions


def backtest_store(engine: Engine, book: PolicyBook, *, first: dt.date | None = None,
                   last: dt.date | None = None,
                   frames: RevenueFrames | None = None) -> BacktestResult:
    """Quarterly replay of the security policy over the store's history.

    By default from a year after the first entry to 18 months before the last activity, so
    that the entries of every replayed quarter have had time to be liquidated and billed."""
    data = frames if frames is not None else frames_from_store(engine)
    end = last_activity_day(data)
    start = first or (data.entries["entry_date"].min().date() + dt.timedelta(days=365))
    stop = last or end - dt.timedelta(days=548)
    quarters = quarter_starts(start, stop)
    if not quarters:
        raise InvalidInput(f"no quarter to replay between {start} and {stop}")
    policy = RevenuePolicy.from_book(book, end)
    return run_backtest(data, quarters, end, policy, _model(policy))


def world_frames(world_dir: Path) -> RevenueFrames:
    """Load a synthetic world's revenue files through the real readers into a temporary
    SQLite store and read them back as frames."""
    from tradeguard.ingest.loader import load_file
    from tradeguard.store.db import make_engine, migrate

    data = Path(world_dir) / "data"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'world.sqlite'}")
        try:
            migrate(engine)
            for kind in REVENUE_KINDS:
                load_file(engine, data / f"{kind}.csv", kind)
            return frames_from_store(engine)
        finally:
            engine.dispose()


def read_truth(world_dir: Path) -> pd.DataFrame:
    path = Path(world_dir) / "truth" / "importers.csv"
    if not path.is_file():
        raise NotFound(f"no ground truth at {path}")
    return pd.read_csv(path, dtype={"ior_number": str})


def evaluate_worlds(train_dir: Path, test_dir: Path, book: PolicyBook, *,
                    train_dates: Sequence[dt.date], test_dates: Sequence[dt.date],
                    horizon_days: int = 365, penalty: float = 1.0) -> Comparison:
    """Fit the risk model on one world's earlier window, compare it with the baselines on
    another world's later window."""
    if max(train_dates) + dt.timedelta(days=horizon_days) > min(test_dates):
        raise InvalidInput("the training window (as-of dates plus horizon) must end before "
                           "the first test date")
    policy = RevenuePolicy.from_book(book, min(test_dates))
    train = labelled_rows(world_frames(train_dir), read_truth(train_dir), train_dates, policy,
                          horizon_days)
    test = labelled_rows(world_frames(test_dir), read_truth(test_dir), test_dates, policy,
                         horizon_days)
    return compare_methods(train, test, penalty=penalty)


def read_debarred_csv(path: Path) -> dict[str, Debarment]:
    """``ior_number, active_date[, termination_date, ftz_only, notice_on]`` rows."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "ior_number" not in frame or "active_date" not in frame:
        raise InvalidInput(f"{path}: needs columns ior_number and active_date")

    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    out: dict[str, Debarment] = {}
    for row in frame.to_dict("records"):
        active = day(row["active_date"])
        if active is None:
            raise InvalidInput(f"{path}: {row['ior_number']} has no active_date")
        out[row["ior_number"]] = Debarment(
            active, day(row.get("termination_date") or None),
            str(row.get("ftz_only", "")).lower() in ("true", "1", "yes"),
            day(row.get("notice_on") or None))
    return out


def demo_step(engine: Engine, world_dir: Path, out_dir: Path, book: PolicyBook,
              as_of: dt.date) -> tuple[list[tuple[str, str]], list[Decision], dict[str, Path]]:
    """The demo's revenue step: assess on ``as_of``, replay the policy, write the report
    section with its chart; returns headline figures, decisions and files."""
    from tradeguard.revenue.report import write_report

    frames = frames_from_store(engine)
    assessment, decisions = assess_store(engine, as_of, book, frames=frames)
    backtest = backtest_store(engine, book, frames=frames)
    artifacts = write_report(assessment, decisions, backtest, Path(out_dir) / "revenue")
    f = assessment.frame
    demanded = f[f["security_usd"] > 0]
    outcomes = pd.Series([d.outcome for d in decisions if d.kind == "adcvd_security"])
    figures = [
        ("AD/CVD importers assessed", f"{int(f['in_scope'].sum()):,}"),
        ("covered importers (EO 13785 s.2(b))", f"{int(f['covered'].sum()):,}"),
        ("open AD/CVD exposure", f"${f.loc[f['in_scope'], 'exposure_usd'].sum():,.0f}"),
        ("supplemental security demands",
         f"{len(demanded):,} (${demanded['security_usd'].sum():,.0f})"),
        ("live entry recommended", f"{int((outcomes == 'live_entry').sum()):,}"),
        ("backtest default", backtest.reason),
    ]
    return figures, decisions, artifacts


def bonds_store(engine: Engine, on: dt.date, book: PolicyBook, *, save: bool = True,
                debarred: Mapping[str, Debarment] | None = None) -> list[Decision]:
    """Continuous-bond sufficiency on ``on`` (``tradeguard.services.assess_bonds``), the
    letter-of-insufficiency step for each short bond, and the continuous-bond block for
    suspended or debarred principals; stored with evidence."""
    from decimal import Decimal

    from tradeguard.revenue.bond_status import BondReview, BondStatus, review_bond
    from tradeguard.revenue.bonds import BondPolicy, assess_continuous_bonds
    from tradeguard.revenue.security import continuous_bond_eligibility
    from tradeguard.services import bond_activity
    from tradeguard.store import schema
    from tradeguard.store.repository import DecisionStore

    activity = bond_activity(engine, on)
    decisions = assess_continuous_bonds(activity, BondPolicy.from_book(book, on), on)
    with engine.connect() as conn:
        status = {r.bond_number: r.status for r in conn.execute(
            select(schema.bonds.c.bond_number, schema.bonds.c.status))}
    letter_days = int(book.value("bond.insufficiency.letter_days", on))
    for item, decision in zip(activity, list(decisions), strict=True):
        if decision.outcome != "insufficient" or item.continuous_bond_number is None:
            continue
        required = Decimal(str(decision.hits[0].evidence["required_usd"]))
        current = BondStatus(status.get(item.continuous_bond_number) or "ACTIVE")
        review = BondReview(item.ior_number, item.continuous_bond_number, current,
                            item.continuous_bond_usd or Decimal(0), required)
        decisions.append(review_bond(review, on, letter_days=letter_days, version=book.version))
    if debarred:
        notice = int(book.value("bond.debarred.continuous_notice_days", on))
        decisions += continuous_bond_eligibility(debarred, on, notice, book.version)
    if save:
        DecisionStore(engine).save(decisions, run_id=f"revenue-bonds-{on}")
    return decisions
