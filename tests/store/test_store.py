"""The store over a real connection: migrations match the schema, the audit log refuses edits,
decisions keep their evidence, and a killed load leaves the store as it was."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tests.ingest.test_loader import ENTRIES_HEADER, good_entries
from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.ingest.loader import load_file
from tradeguard.store import schema
from tradeguard.store.db import current_revision, head_revision
from tradeguard.store.repository import AuditStore, DecisionStore, table_counts


def test_migrations_build_exactly_the_declared_schema(store: Engine) -> None:
    assert current_revision(store) == head_revision()
    with store.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diff == []


def test_audit_log_is_append_only(store: Engine) -> None:
    audit = AuditStore(store)
    audit.append("analyst-1", "override", "importer", "12-3456789AB", {"why": "test"})
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), store.begin() as conn:
            conn.execute(text(statement))
    [event] = audit.events()
    assert (event.actor, event.detail) == ("analyst-1", {"why": "test"})


def _decision(outcome: str = "covered") -> Decision:
    inputs = {"ior": "12-3456789AB", "entries_before": 0}
    return Decision(
        subject="IOR:12-3456789AB",
        kind="covered_importer",
        outcome=outcome,
        score=1.0,
        hits=(
            RuleHit(
                "NO-HISTORY",
                1.0,
                "No entries under this IOR number before 2026-03-02",
                {"entries_before": 0},
            ),
        ),
        provision="EO 13785 s.2(b)(i)",
        policy_version="2026.11.1+abc",
        inputs_digest=inputs_digest(inputs),
        decided_at=dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC),
    )


def test_decisions_keep_evidence_provision_and_policy_version(store: Engine) -> None:
    decisions = DecisionStore(store)
    assert decisions.save([_decision()], actor="engine", run_id="run-1") == 1
    assert decisions.save([_decision()], run_id="run-2") == 0  # the same decision again
    [stored] = decisions.list(subject="IOR:12-3456789AB")
    assert stored.decision.hits[0].evidence == {"entries_before": 0}
    assert stored.decision.provision == "EO 13785 s.2(b)(i)"
    assert stored.decision.policy_version == "2026.11.1+abc"
    assert stored.decision.inputs_digest == _decision().inputs_digest
    assert [e.action for e in AuditStore(store).events(object_kind="decisions")] == ["decide"] * 2


def test_a_killed_load_leaves_the_store_as_it_was(
    store_url: str, store: Engine, tmp_path: Path
) -> None:
    big = tmp_path / "entries.csv"
    big.write_text(ENTRIES_HEADER + good_entries(60_000), encoding="utf-8")
    load_file(store, _small_file(tmp_path))  # something committed before the crash
    before = table_counts(store)
    env = {**os.environ, "TRADEGUARD_LOAD_CHUNK_ROWS": "2000"}
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tradeguard",
            "load",
            str(big),
            "--db",
            store_url,
            "--plain-progress",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as child:
        assert child.stdout is not None
        first = child.stdout.readline()  # the first chunk is inserted, the transaction is open
        assert first.startswith("progress entries"), first
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert table_counts(store) == before
    # and the store still works: the same file loads in full afterwards
    report = load_file(store, big)
    assert report.rows_loaded == 60_000


def _small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small" / "entries.csv"
    path.parent.mkdir()
    path.write_text(ENTRIES_HEADER + good_entries(3, start=900_000), encoding="utf-8")
    return path
