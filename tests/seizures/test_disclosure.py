"""Rights-holder disclosures: phases, business-day clocks, allowed fields, bonds, access."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.domain.calendar import business_days_between, is_business_day
from tradeguard.errors import Forbidden
from tradeguard.seizures import (
    IprCase,
    Phase,
    Recordation,
    RightsHolder,
    SeizuresPolicy,
    allowed_fields,
    build_package,
    check_access,
    deadlines,
    phase_on,
    release_sample,
    visible_packages,
)
from tradeguard.seizures.disclosure import AFTER_WINDOW, EIGHT, FIELDS, LIMITED

POLICY = SeizuresPolicy()
REC = Recordation("TMK 23-00123", "TRADEMARK", "ACME BRANDS INC", "1234567",
                  dt.date(2020, 1, 1), dt.date(2030, 1, 1), "ipr@acme.com", False)
ALL_FACTS = {name: f"value of {name}" for name in FIELDS}


def _case(**milestones: dt.date | None) -> IprCase:
    return IprCase("2026-2704-000001-01", REC.recordation_number, dt.date(2025, 12, 1),
                   facts=ALL_FACTS, **milestones)


def test_christmas_and_new_year_are_skipped_by_the_clocks() -> None:
    case = _case(detained_on=dt.date(2025, 12, 22), detention_notice_on=dt.date(2025, 12, 24),
                 seizure_notice_on=dt.date(2025, 12, 31))
    due = deadlines(case, POLICY)
    # 5 business days after Mon 22 Dec: 23, 24, 26, 29, 30 (25 Dec is a holiday)
    assert due.detention_notice_due == dt.date(2025, 12, 30)
    # 7 after Wed 24 Dec: 26, 29, 30, 31, 2 Jan (1 Jan holiday), 5, 6
    assert due.importer_window_ends == dt.date(2026, 1, 6)
    assert due.seizure_disclosure_due is not None
    assert business_days_between(dt.date(2025, 12, 31), due.seizure_disclosure_due) == 30


@given(start=st.dates(dt.date(2016, 1, 1), dt.date(2030, 12, 31)))
def test_deadlines_fall_on_business_days_the_stated_number_away(start: dt.date) -> None:
    case = _case(detained_on=start, detention_notice_on=start, seizure_notice_on=start,
                 abandoned_on=start)
    due = deadlines(case, POLICY)
    for day, n in ((due.detention_notice_due, 5), (due.importer_window_ends, 7),
                   (due.seizure_disclosure_due, 30), (due.abandonment_disclosure_due, 30)):
        assert day is not None and is_business_day(day)
        assert business_days_between(start, day) == n


def test_phases_follow_the_milestones() -> None:
    notice = dt.date(2026, 3, 2)  # Monday
    case = _case(detained_on=notice, detention_notice_on=notice)
    assert phase_on(case, dt.date(2026, 11, 30), POLICY) is Phase.WINDOW_CLOSED
    assert phase_on(case, dt.date(2026, 3, 11), POLICY) is Phase.DETAINED  # 7th business day
    assert phase_on(case, dt.date(2026, 3, 12), POLICY) is Phase.WINDOW_CLOSED
    shown = _case(detained_on=notice, detention_notice_on=notice,
                  importer_showing_on=dt.date(2026, 3, 5))
    assert phase_on(shown, dt.date(2026, 4, 1), POLICY) is Phase.DETAINED
    assert phase_on(_case(), dt.date(2026, 4, 1), POLICY) is Phase.PRESENTED


def test_each_phase_allows_its_fields() -> None:
    day = dt.date(2026, 3, 2)
    later = dt.date(2026, 6, 1)
    assert set(allowed_fields(_case(), later, POLICY)) == {"redacted_images"}
    detained = _case(detention_notice_on=day, importer_showing_on=day)
    assert set(allowed_fields(detained, later, POLICY)) == {"redacted_images", *LIMITED}
    closed = _case(detention_notice_on=day)
    assert set(allowed_fields(closed, later, POLICY)) == {"redacted_images", *LIMITED,
                                                          *AFTER_WINDOW}
    seized = _case(detention_notice_on=day, importer_showing_on=day, seizure_notice_on=day)
    assert set(allowed_fields(seized, later, POLICY)) == {"redacted_images", *EIGHT}
    assert allowed_fields(_case(detention_notice_on=day, released_on=later), later, POLICY) == {}


def test_abandoned_goods_disclose_the_eight_elements_marked_proposed() -> None:
    case = _case(detention_notice_on=dt.date(2026, 3, 2), importer_showing_on=dt.date(2026, 3, 3),
                 abandoned_on=dt.date(2026, 3, 20))
    package = build_package(case, REC, dt.date(2026, 3, 23), POLICY)
    assert set(package.fields) == {"redacted_images", *EIGHT}
    assert package.statuses["manufacturer_name_address"] == "proposed"
    assert package.statuses["port_of_entry"] == "law"  # already law at the detention notice
    off = POLICY.with_(abandonment_enabled=False)
    assert "importer_name_address" not in build_package(case, REC, dt.date(2026, 3, 23), off).fields


_dates = st.one_of(st.none(), st.dates(dt.date(2025, 12, 1), dt.date(2026, 3, 1)))


@settings(max_examples=200)
@given(detained=_dates, notice=_dates, showing=_dates, seized=_dates, abandoned=_dates,
       released=_dates, on=st.dates(dt.date(2025, 12, 1), dt.date(2026, 4, 1)),
       facts=st.sets(st.sampled_from([*FIELDS, "ior_internal_note"])),
       bond=st.booleans(), abandonment=st.booleans())
def test_a_package_never_holds_a_field_its_phase_does_not_allow(
    detained: dt.date | None, notice: dt.date | None, showing: dt.date | None,
    seized: dt.date | None, abandoned: dt.date | None, released: dt.date | None, on: dt.date,
    facts: set[str], bond: bool, abandonment: bool,
) -> None:
    case = IprCase("C", REC.recordation_number, dt.date(2025, 12, 1), detained, notice, showing,
                   seized, abandoned, released, {f: "x" for f in facts})
    policy = POLICY.with_(abandonment_enabled=abandonment)
    rec = Recordation(REC.recordation_number, "TRADEMARK", "A", "1", dt.date(2020, 1, 1),
                      sample_bond_on_file=bond)
    package = build_package(case, rec, on, policy)
    allowed = set(allowed_fields(case, on, policy))
    if bond and allowed:
        allowed.add("sample")
    assert set(package.fields) == allowed & facts  # exactly the allowed fields CBP has
    assert "ior_internal_note" not in package.fields
    if not bond:
        assert "sample" not in package.fields


def test_samples_need_a_bond() -> None:
    case = _case(detention_notice_on=dt.date(2026, 3, 2))
    with pytest.raises(Forbidden, match="bond"):
        release_sample(case, REC, dt.date(2026, 3, 3), POLICY)
    bonded = dataclasses.replace(REC, sample_bond_on_file=True)
    assert "against its bond" in release_sample(case, bonded, dt.date(2026, 3, 3), POLICY)
    package = build_package(case, REC, dt.date(2026, 3, 3), POLICY)
    assert "sample" not in package.fields and "bond" in package.withheld["sample"]


def test_a_rights_holder_sees_only_its_own_recordations() -> None:
    case = _case(detention_notice_on=dt.date(2026, 3, 2))
    mine = build_package(case, REC, dt.date(2026, 3, 3), POLICY)
    other_rec = Recordation("TMK 24-00999", "TRADEMARK", "OTHER SA", "7654321", dt.date(2020, 1, 1))
    other_case = IprCase("C2", other_rec.recordation_number, dt.date(2026, 3, 1),
                         detention_notice_on=dt.date(2026, 3, 2), facts=ALL_FACTS)
    theirs = build_package(other_case, other_rec, dt.date(2026, 3, 3), POLICY)
    acme = RightsHolder("ACME BRANDS INC", frozenset({REC.recordation_number}))
    assert visible_packages(acme, [mine, theirs]) == [mine]
    with pytest.raises(Forbidden):
        check_access(acme, theirs)
    with pytest.raises(Forbidden):  # a recordation that is not the case's
        build_package(case, other_rec, dt.date(2026, 3, 3), POLICY)
    expired = Recordation(REC.recordation_number, "TRADEMARK", "A", "1", dt.date(2010, 1, 1),
                          dt.date(2020, 1, 1))
    with pytest.raises(Forbidden, match="not in force"):
        build_package(case, expired, dt.date(2026, 3, 3), POLICY)
