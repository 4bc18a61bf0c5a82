from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.parties.helpers import cbp, policy
from tradeguard.parties.screenlist import (
    Exclusion,
    ListEntry,
    ScreeningList,
    diff_lists,
    extract_date,
    list_from_extract,
)

days = st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1))


@given(active=days, length=st.integers(0, 4000), day=days)
def test_active_window_is_active_le_day_lt_termination(active, length, day) -> None:
    end = active + dt.timedelta(days=length)
    e = Exclusion("DHS-CBP", "Ineligible (Proceedings Completed)", active, end, False)
    assert e.active_on(day) == (active <= day < end)


@given(active=days, day=days)
def test_indefinite_is_active_from_its_active_date_on(active, day) -> None:
    e = Exclusion("GSA", "Ineligible (Proceedings Pending)", active, None, True)
    assert e.active_on(day) == (day >= active)


def test_sample_extract_cross_references_keep_commas(sam_dir: Path) -> None:
    lst = list_from_extract(sam_dir / "sam_exclusions_public_v2_sample_2023-11.csv")
    torres = lst.entries["S4MRRFPZD"]
    assert "VMC CONSTRUCTION, LLC" in torres.aliases
    assert "VICTOR TORRES CONSTRUCTION" in torres.aliases  # the DBA name split out
    assert lst.entries["S4MRRFN2R"].name == "PEANUT BUTTER, LLC"
    assert lst.entries["S4MRRFN2R"].aliases == ("CASSIE COLLINS",)
    terra = lst.entries["S4MR1Y9QG"]
    assert len(terra.exclusions) == 1  # two identical rows are one action
    assert terra.exclusions[0].indefinite and terra.exclusions[0].ends == "Indefinite"


def test_one_person_across_rows_gathers_every_action(sam_dir: Path) -> None:
    lst = list_from_extract(sam_dir / "sam_exclusions_public_v1_legacy_sample.csv")
    fink = lst.entries["S4MR3MT0K"]
    assert sorted(e.agency for e in fink.exclusions) == ["HHS", "OPM"]


def test_only_cbp_trade_exclusions_bar_an_ior_number() -> None:
    p = policy()
    trade = cbp(dt.date(2025, 1, 1), None)
    other = Exclusion("HHS", "Prohibition/Restriction", dt.date(2025, 1, 1), None, True)
    unrelated = cbp(dt.date(2025, 1, 1), None, cause="Debarred by CBP for a grant fraud.")
    assert trade.is_trade(p) and not other.is_trade(p) and not unrelated.is_trade(p)
    blank = cbp(dt.date(2025, 1, 1), None, cause="")
    assert blank.is_trade(p)  # policy: a CBP exclusion with no stated cause counts
    entry = ListEntry("S", "Firm", "X", exclusions=(trade,))
    assert entry.bars_ior(dt.date(2025, 6, 1), p) and not entry.bars_ior(dt.date(2024, 6, 1), p)


def test_daily_diff_records_added_removed_modified() -> None:
    a = ListEntry("S1", "Firm", "ACME LLC")
    old = ScreeningList({"S1": a, "S2": ListEntry("S2", "Firm", "B CO")})
    new = ScreeningList(
        {
            "S1": ListEntry("S1", "Firm", "ACME LLC", city="MIAMI"),
            "S3": ListEntry("S3", "Firm", "C INC"),
        }
    )
    diff = diff_lists(old, new)
    assert diff.added == ("S3",) and diff.removed == ("S2",)
    assert dict(diff.modified) == {"S1": ("city",)}
    assert diff_lists(new, new).empty


def test_extract_date_from_julian_name() -> None:
    assert extract_date(Path("SAM_Exclusions_Public_V2_Extract_26273.csv")) == dt.date(2026, 9, 30)
    assert extract_date(Path("other.csv")) is None
