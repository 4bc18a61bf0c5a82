"""The API's test world: a tiny synthetic world (the demo's generator at a small scale), the
decisions the parties and posts engines make on it, and a few decisions made by hand so that
each role has something of its own to see (and something it must not see)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.ingest.loader import load_file
from tradeguard.store.repository import DecisionStore

KINDS = ("SAM", "facilitators", "importers", "posts", "recordations", "seizures")
BROKER = "BRK-0001"
POST = "CNA"


@dataclass(frozen=True)
class World:
    data: Path
    as_of: dt.date
    decisions: list[Decision]
    broker_client: str  # an importer whose broker is BROKER
    other_importer: str  # one whose broker is not
    rights_holder: str  # owner of at least one recordation with a seizure


def load(engine: Engine, world: World) -> None:
    for path in sorted(world.data.iterdir()):
        if path.name.startswith(KINDS):
            kind = None if path.name.startswith("SAM") else path.stem
            load_file(engine, path, kind)
    DecisionStore(engine).save(world.decisions, run_id="test-world")


def _decision(
    subject: str,
    kind: str,
    outcome: str,
    reason: str,
    on: dt.date,
    evidence: dict[str, object] | None = None,
    score: float | None = 1.0,
) -> Decision:
    return Decision(
        subject,
        kind,
        outcome,
        score,
        (RuleHit("TEST", 1.0, reason, evidence or {}),),
        "EO 13785 s.3",
        "test",
        inputs_digest([subject, kind, outcome, str(on)]),
        dt.datetime.combine(on, dt.time(12), dt.UTC),
    )


def build(out: Path) -> World:
    from tradeguard.domain.calendar import Quarter
    from tradeguard.parties.service import demo_step
    from tradeguard.policy import load_policy
    from tradeguard.posts.service import run_quarter
    from tradeguard.store.db import make_engine, migrate
    from tradeguard.synth import generate_world

    generate_world(out / "world", seed=11, scale=0.02)
    data = out / "world" / "data"
    as_of = pd.read_csv(data / "entries.csv", usecols=["entry_date"])["entry_date"].max()
    day = dt.date.fromisoformat(str(as_of))
    engine = make_engine(f"sqlite:///{out / 'build.sqlite'}")
    migrate(engine)
    world = World(data, day, [], "", "", "")
    load(engine, world)
    book = load_policy()
    _, decisions, _ = demo_step(engine, out / "world", out / "parties", book, day)
    posts = pd.read_csv(data / "posts.csv", dtype=str)
    history = None
    quarter = Quarter.of(day).previous().previous()
    for _ in range(3):
        result = run_quarter(data / "mail_items.csv", posts, history, book, quarter)
        history, decisions = result.history, [*decisions, *result.decisions]
        quarter = quarter.next()
    engine.dispose()
    importers = pd.read_csv(data / "importers.csv", dtype=str)
    facilitators = pd.read_csv(data / "facilitators.csv", dtype=str)
    filer = facilitators.set_index("facilitator_id").loc[BROKER, "filer_code"]
    client = importers[importers["broker_filer_code"] == filer]["ior_number"].iloc[0]
    other = importers[importers["broker_filer_code"] != filer]["ior_number"].iloc[0]
    seizures = pd.read_csv(data / "seizures.csv", dtype=str).dropna(subset=["recordation_number"])
    recordations = pd.read_csv(data / "recordations.csv", dtype=str)
    owner = recordations.set_index("recordation_number").loc[
        seizures["recordation_number"].iloc[0], "owner_name"
    ]
    decisions += [
        _decision(
            f"IOR:{client}",
            "adcvd_security",
            "supplemental_security",
            "Supplemental security of $20,000.00 demanded",
            day,
        ),
        _decision(f"IOR:{other}", "adcvd_security", "live_entry", "Live entry required", day),
        _decision(f"IOR:{client}", "revenue_risk", "risk", "High risk to the revenue", day),
        _decision(
            "PUBLICATION:FY2026Q3",
            "seizure_publication",
            "published",
            "Seizure statistics for FY2026 Q3",
            day,
            score=0.8,
        ),
        _decision("CELL:T1|FY2026Q3|MAIL", "publication_cell", "withheld", "fewer than 3", day),
        _decision(
            "CASE:2026-0001-000001-01",
            "prosecution_priority",
            "refer",
            "Revenue at stake",
            day,
            score=0.7,
        ),
        _decision(
            f"FAC:{BROKER}:S4MRXXXXX",
            "facilitator_notice",
            "open",
            "notice due",
            day,
            {"due_on": str(day + dt.timedelta(days=60))},
        ),
        _decision("FAC:ECO-09:S4MRXXXXX", "facilitator_notice", "missing", "missing", day),
        _decision("POST:CNA", "post_measures", "PRIORITY_TARGETING", "2 quarters", day, score=1),
    ]
    for n, (q_end, cna, hka) in enumerate(
        [("2025-12-31", 71.0, 80.0), ("2026-03-31", 64.0, 82.5), ("2026-06-30", 58.0, 79.0)]
    ):
        after = dt.date.fromisoformat(q_end) + dt.timedelta(days=1)
        for post, score in (("CNA", cna), ("HKA", hka)):
            outcome = "NONCOMPLIANT" if score < 65 else "COMPLIANT"
            decisions.append(
                _decision(
                    f"POST:{post}",
                    "post_quarter_status",
                    outcome,
                    f"score {score} (quarter {n})",
                    after,
                    score=score,
                )
            )
    return World(data, day, decisions, str(client), str(other), str(owner))
