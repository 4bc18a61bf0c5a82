from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.us import ein

from tradeguard.domain import identifiers as ids
from tradeguard.errors import InvalidInput

digits = st.text(alphabet="0123456789", min_size=8, max_size=8)
letters2 = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
countries = st.sampled_from(["BR", "CN", "US", "GB", "FR", "DE", "VN", "HK", "MX", "IN"])


def test_s10_known_examples() -> None:
    assert ids.s10_check_digit("12345678") == 5
    assert ids.parse_s10("ee123456785us") == "EE123456785US"
    with pytest.raises(InvalidInput, match="check digit is 4, expected 5"):
        ids.parse_s10("EE123456784US")


@given(service=letters2, serial=digits, country=countries)
def test_s10_with_its_check_digit_is_valid(service: str, serial: str, country: str) -> None:
    item = f"{service}{serial}{ids.s10_check_digit(serial)}{country}"
    assert ids.parse_s10(item) == item


@given(serial=digits, position=st.integers(0, 7), delta=st.integers(1, 9))
def test_s10_check_digit_catches_any_single_digit_change(
    serial: str, position: int, delta: int
) -> None:
    changed = list(serial)
    changed[position] = str((int(changed[position]) + delta) % 10)
    # weights are all non-zero mod 11 and differ from each other, so one changed digit always
    # changes the sum mod 11; the digit can only collide through the 10->0 / 11->5 folding.
    before, after = ids.s10_check_digit(serial), ids.s10_check_digit("".join(changed))
    weights = (8, 6, 4, 2, 3, 5, 9, 7)
    moved = (weights[position] * delta) % 11
    assert before != after or {before, after} <= {0, 5} or moved == 0


def test_ior_formats() -> None:
    assert ids.parse_ior("12-3456789AB").kind is ids.IorKind.EIN
    assert ids.parse_ior("123456789ab").value == "12-3456789AB"
    assert ids.parse_ior("123-45-6789").kind is ids.IorKind.SSN
    assert ids.parse_ior("260401-00042").kind is ids.IorKind.CBP
    assert ids.parse_ior("12-3456789AB").root == ids.parse_ior("12-3456789CD").root


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12-3456789OZ", "O, I or Z"),
        ("07-3456789AB", "not one the IRS assigns"),
        ("000-12-3456", "SSA"),
        ("12345", "expected an EIN"),
    ],
)
def test_ior_rejections_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as info:
        ids.parse_ior(text)
    assert info.value.errors[0].field == "ior_number"


@given(
    prefix=st.sampled_from(
        sorted(p for p in (f"{i:02d}" for i in range(100)) if ein.is_valid(p + "1234567"))
    ),
    serial=st.text(alphabet="0123456789", min_size=7, max_size=7),
    suffix=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXY0123456789", min_size=2, max_size=2),
)
def test_any_valid_ein_with_allowed_suffix_parses(prefix: str, serial: str, suffix: str) -> None:
    parsed = ids.parse_ior(f"{prefix}{serial}{suffix}")
    assert parsed.value == f"{prefix}-{serial}{suffix}"
    assert ids.parse_ior(parsed.value) == parsed


@given(
    kind=st.sampled_from("AC"),
    country=st.integers(100, 999),
    seq=st.integers(0, 999),
    suffix=st.integers(0, 999),
)
def test_case_number_forms_round_trip(kind: str, country: int, seq: int, suffix: int) -> None:
    ace = f"{kind}{country:03d}{seq:03d}{suffix:03d}"
    case = ids.parse_case_number(ace)
    assert case.ace == ace
    assert ids.parse_case_number(case.commerce).commerce == case.commerce


def test_case_number_rejects_other_shapes() -> None:
    for bad in ("A-57-983", "X-570-983", "A570983", "A-570-9830"):
        with pytest.raises(InvalidInput):
            ids.parse_case_number(bad)


@given(
    filer=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=3),
    serial=st.text(alphabet="0123456789", min_size=7, max_size=7),
    position=st.integers(0, 6),
    delta=st.integers(1, 9),
)
def test_entry_number_check_digit(filer: str, serial: str, position: int, delta: int) -> None:
    number = f"{filer}-{serial}-{ids.entry_check_digit(filer, serial)}"
    assert ids.parse_entry_number(number) == number
    changed = list(serial)
    changed[position] = str((int(changed[position]) + delta) % 10)
    # Luhn detects every single-digit error
    assert ids.entry_check_digit(filer, "".join(changed)) != ids.entry_check_digit(filer, serial)


def test_hts_and_country() -> None:
    assert ids.parse_hts("8471.30.0100") == "8471300100"
    assert ids.parse_hts("0306.17") == "030617"
    with pytest.raises(InvalidInput):
        ids.parse_hts("84713")
    assert ids.parse_country("CHN") == "CN"
    assert ids.parse_country("usa") == "US"
    with pytest.raises(InvalidInput, match="ISO 3166"):
        ids.parse_country("ZZZ")


def test_uei_and_filer() -> None:
    assert ids.parse_uei("hwekrj3f3n29") == "HWEKRJ3F3N29"
    with pytest.raises(InvalidInput):
        ids.parse_uei("0WEKRJ3F3N29")
    assert ids.parse_filer_code("a1b") == "A1B"
