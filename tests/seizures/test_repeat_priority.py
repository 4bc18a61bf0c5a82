"""Repeat offenders, the repeat-weighted index, and prosecution priority."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.seizures.world import seizure_frame
from tradeguard.referrals.priority import priority_decisions
from tradeguard.referrals.queue import build_queue, queue_frame
from tradeguard.seizures import SeizuresPolicy, prepare
from tradeguard.seizures.repeat import normalise_name, resolve_entities

POLICY = SeizuresPolicy()
AT = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)


def _row(case: str, day: str, ior: str | None, shipper: str | None, violation: str = "DRUGS",
         tags: str | None = "IMPORT_SAFETY", msrp: float = 1000.0) -> dict[str, object]:
    return {"case_number": case, "seized_on": dt.date.fromisoformat(day), "port": "2704",
            "environment": "MAIL", "violation": violation, "origin_country": "CN",
            "category": "Other", "lines": 1, "quantity": 1.0, "msrp_usd": msrp,
            "domestic_value_usd": msrp / 10, "pti_tags": tags, "ior_number": ior,
            "shipper_name": shipper}


def test_shared_identifiers_chain_rows_into_one_entity() -> None:
    frame = pd.DataFrame([
        _row("A", "2026-01-05", "IOR1", "Bright Star Trading Co., Ltd."),
        _row("B", "2026-02-05", "IOR2", "BRIGHT STAR"),
        _row("C", "2026-03-05", "IOR2", None),
        _row("D", "2026-03-06", None, None),
    ])
    entity = resolve_entities(frame)
    assert entity.iat[0] == entity.iat[1] == entity.iat[2] != entity.iat[3]
    assert entity.iat[3] == "CASE:D"
    assert normalise_name("Bright Star Trading Co., Ltd.") == "BRIGHT STAR"
    linked = resolve_entities(frame, pd.DataFrame({"identifier": ["IOR:IOR1"], "group": ["G"]}))
    assert linked.iat[0] == linked.iat[2]


def test_repeat_flags_and_weights() -> None:
    frame = pd.DataFrame([
        _row("A", "2025-01-05", "IOR1", None),
        _row("B", "2026-01-04", "IOR1", None),  # 364 days later: repeat on a PTI
        _row("C", "2026-06-05", "IOR1", None, "ORIGIN", None),  # repeat, no PTI tag
        _row("D", "2027-09-05", "IOR1", None),  # more than a year later: not a repeat
    ])
    events = prepare(frame, POLICY)
    assert events["repeat"].tolist() == [False, True, True, False]
    assert events["weight"].tolist() == [5.0, 10.0, 1.5, 5.0]
    assert events["prior_offences"].tolist() == [0, 1, 2, 3]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 1000), extra_day=st.integers(0, 170))
def test_an_earlier_offence_never_lowers_an_entitys_index(seed: int, extra_day: int) -> None:
    frame = seizure_frame(80, seed=seed, offenders=30)
    before = prepare(frame, POLICY)
    first = frame.iloc[[0]].copy()
    first["case_number"] = "0000-EXTRA"
    first["seized_on"] = dt.date(2025, 10, 1) + dt.timedelta(days=extra_day)
    after = prepare(pd.concat([frame, first], ignore_index=True), POLICY)
    old = before.groupby("entity")["weight"].sum()
    new = after[after["case_number"] != "0000-EXTRA"].groupby("entity")["weight"].sum()
    assert (new.reindex(old.index).fillna(0) >= old - 1e-9).all()


def test_gamma_one_gives_the_severity_weighted_count() -> None:
    frame = seizure_frame(200, seed=3)
    flat = prepare(frame, POLICY.with_(gamma_pti=1.0, gamma_other=1.0))
    severity = flat["violation_group"].where(
        ~((flat["violation_group"] == "IPR") & flat["safety"]), "IPR_SAFETY").map(POLICY.severity)
    assert flat["weight"].tolist() == severity.fillna(0).tolist()


def test_priority_scores_explain_themselves_and_order_the_queue() -> None:
    frame = pd.DataFrame([
        _row("SMALL", "2026-01-05", "IOR9", "Quiet Ltd", "ORIGIN", None, msrp=150.0),
        _row("BIG1", "2026-01-05", "IOR1", "Bad Actor Co", msrp=900_000.0),
        _row("BIG2", "2026-02-05", "IOR1", "Bad Actor Co", msrp=900_000.0),
    ])
    events = prepare(frame, POLICY)
    decisions = priority_decisions(events, POLICY, AT, excluded={"SHP:BAD ACTOR"})
    by_case = {d.subject: d for d in decisions}
    big = by_case["CASE:BIG2"]
    assert big.outcome == "refer" and big.score is not None and big.score > 0.7
    codes = {h.code for h in big.hits}
    assert {"PRIORITY-REVENUE", "PRIORITY-REPEAT", "PRIORITY-PTI", "PRIORITY-HEALTH-SAFETY",
            "PRIORITY-FACILITATION"} <= codes
    assert by_case["CASE:SMALL"].outcome == "queue"
    assert "earlier offence" in big.explain()
    queue = build_queue(events, decisions)
    assert [p.case_number for p in queue] == ["BIG2", "BIG1", "SMALL"]
    assert queue[0].related_cases == ("BIG1",) and queue[0].evidence
    assert queue_frame(queue)["rank"].tolist() == [1, 2, 3]
