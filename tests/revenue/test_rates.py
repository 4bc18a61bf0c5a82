from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.revenue.cases import check_case_origin
from tradeguard.revenue.frames import RevenueFrames
from tradeguard.revenue.ledger import line_deposits
from tradeguard.revenue.rates import highest_rate_pct, resolve_line_rates, resolve_rate

from .builders import POLICY

CASE = "A-570-890"


def rates(rows: list[dict[str, object]]) -> pd.DataFrame:
    return RevenueFrames.build(rates=rows).rates


TABLE = rates([
    {"case_number": CASE, "rate_kind": "COUNTRY_WIDE", "effective_from": "2005-01-04",
     "rate_pct": 216.01},
    {"case_number": CASE, "rate_kind": "SEPARATE", "effective_from": "2005-01-04",
     "exporter": "Dongguan Lee Sheng", "rate_pct": 6.7},
    {"case_number": CASE, "rate_kind": "COMPANY", "effective_from": "2005-01-04",
     "exporter": "DONGGUAN LEE SHENG", "producer": "LEE SHENG FACTORY", "rate_pct": 2.0},
    {"case_number": CASE, "rate_kind": "COMPANY", "effective_from": "2024-03-01",
     "exporter": "DONGGUAN LEE SHENG", "producer": "LEE SHENG FACTORY", "rate_pct": 41.8},
    {"case_number": "A-570-831", "rate_kind": "COUNTRY_WIDE", "effective_from": "2000-01-01",
     "per_unit_usd": 1.5, "unit": "KG"},
])


def test_precedence_pair_then_exporter_then_general() -> None:
    day = dt.date(2025, 1, 1)
    pair = resolve_rate(TABLE, CASE, "dongguan  lee sheng", "Lee Sheng Factory", day)
    alone = resolve_rate(TABLE, CASE, "DONGGUAN LEE SHENG", "OTHER FACTORY", day)
    general = resolve_rate(TABLE, CASE, "UNKNOWN CO", None, day)
    assert pair and (pair.tier, pair.rate_pct) == ("exporter+producer", 41.8)
    assert alone and (alone.tier, alone.rate_pct) == ("exporter", 6.7)
    assert general and (general.rate_kind, general.rate_pct) == ("COUNTRY_WIDE", 216.01)
    assert "country-wide rate 216.01% ad valorem in force from 2005-01-04" in general.reason()


def test_effective_dating_by_entry_date() -> None:
    before = resolve_rate(TABLE, CASE, "DONGGUAN LEE SHENG", "LEE SHENG FACTORY",
                          dt.date(2024, 2, 29))
    assert before and before.rate_pct == 2.0
    assert resolve_rate(TABLE, CASE, "X", None, dt.date(2004, 1, 1)) is None


def test_specific_rates_and_deposits() -> None:
    rate = resolve_rate(TABLE, "A-570-831", "ANY", None, dt.date(2025, 1, 1))
    assert rate and rate.deposit_usd(10_000, quantity=2_000) == 3000.0
    frames = RevenueFrames.build(
        rates=TABLE,
        entries=[{"entry_number": "E1", "ior_number": "I", "entry_date": "2025-01-01"}],
        lines=[{"entry_number": "E1", "line_no": 1, "case_number": "A-570-831",
                "value_usd": 10_000, "quantity": 2_000, "adcvd_deposit_usd": 1000.0},
               {"entry_number": "E1", "line_no": 2, "case_number": CASE, "value_usd": 1_000,
                "exporter": "NOBODY", "adcvd_deposit_usd": 2160.1}],
    )
    deposits = line_deposits(frames)
    assert deposits["required_deposit_usd"].tolist() == [3000.0, 2160.1]
    assert deposits["short_usd"].tolist() == [2000.0, 0.0]


def test_highest_rate_for_the_commodity() -> None:
    assert highest_rate_pct(TABLE, [CASE], dt.date(2025, 1, 1)) == 216.01
    assert highest_rate_pct(TABLE, ["C-000-000"], dt.date(2025, 1, 1)) is None


names = st.sampled_from(["A", "B", "C"])
row = st.fixed_dictionaries({
    "kind": st.sampled_from(["COMPANY", "SEPARATE", "ALL_OTHERS"]),
    "exporter": names, "producer": st.sampled_from(["", "P", "Q"]),
    "day": st.integers(0, 30), "rate": st.floats(0, 300, allow_nan=False),
})


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=8), names, st.sampled_from(["", "P", "Q"]),
       st.integers(0, 40))
def test_bulk_resolution_matches_the_rule(
    rows: list[dict[str, object]], exporter: str, producer: str, offset: int
) -> None:
    base = dt.date(2024, 1, 1)
    table = rates([
        {"case_number": CASE, "rate_kind": r["kind"],
         "effective_from": base + dt.timedelta(days=int(str(r["day"]))),
         "exporter": "" if r["kind"] == "ALL_OTHERS" else r["exporter"],
         "producer": "" if r["kind"] != "COMPANY" else r["producer"], "rate_pct": r["rate"]}
        for r in rows
    ]).drop_duplicates(["rate_kind", "exporter", "producer", "effective_from"])
    day = base + dt.timedelta(days=offset)
    one = resolve_rate(table, CASE, exporter, producer, day)
    bulk = resolve_line_rates(pd.DataFrame({"case_number": [CASE], "exporter": [exporter],
                                            "manufacturer": [producer],
                                            "entry_date": [pd.Timestamp(day)]}), table).iloc[0]
    if one is None:
        assert pd.isna(bulk["tier"])
        return
    assert (bulk["tier"], bulk["rate_pct"]) == (one.tier, one.rate_pct)
    live = table[table["effective_from"] <= pd.Timestamp(day)]
    own = live[(live["exporter"] == exporter) & (live["rate_kind"] != "ALL_OTHERS")]
    if producer and (own["producer"] == producer).any():
        assert one.tier == "exporter+producer"
    elif (own["producer"].fillna("") == "").any():
        assert one.tier in ("exporter+producer", "exporter")


@pytest.mark.parametrize(
    ("case", "origin", "ok", "code"),
    [
        ("A-570-983", "CN", True, "CASE-ORIGIN-OK"),
        ("A570983001", "CN", True, "CASE-ORIGIN-OK"),
        ("A-570-983", "VN", False, "CASE-ORIGIN-MISMATCH"),
        ("A-451-988", "LT", True, "CASE-THIRD-COUNTRY"),
        ("A451988000", "CN", False, "CASE-ORIGIN-MISMATCH"),
        ("A-999-001", "CN", False, "CASE-COUNTRY-UNKNOWN"),
        ("X-570-983", "CN", False, "CASE-FORMAT"),
    ],
)
def test_case_number_and_origin(case: str, origin: str, ok: bool, code: str) -> None:
    check = check_case_origin(case, origin, POLICY)
    assert (check.ok, check.code) == (ok, code)


def test_unverified_country_codes_are_labelled_assumption() -> None:
    assert check_case_origin("A-552-802", "VN", POLICY).status == "assumption"
    assert check_case_origin("A-580-809", "KR", POLICY).status == "law"
