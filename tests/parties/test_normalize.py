from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parties.helpers import policy
from tradeguard.parties.normalize import (
    NameNormalizer,
    email_domain,
    ior_root,
    norm_address,
    norm_addresses,
    norm_email,
    norm_phone,
)


def test_legal_forms_are_set_apart_across_spellings_and_languages() -> None:
    norm = NameNormalizer(policy())
    names = [
        "Terra Klean Solutions, L.L.C.",
        "TERRA KLEAN SOLUTIONS INC.",
        "terra klean solutions gmbh",
        "Terra Klean Solutions S.A. de C.V.",
    ]
    assert {norm(n).text for n in names} == {"TERRA KLEAN SOLUTIONS"}
    assert norm("OOO Gazprom").tokens == ("GAZPROM",)


def test_scripts_romanisations_abbreviations_and_order() -> None:
    norm = NameNormalizer(policy())
    assert norm("张伟").text == "ZHANG WEI"
    assert norm("Сергей Петров").sorted_text == norm("Petrov, Sergei").sorted_text
    assert norm("Chang Wei Intl Trading").text == "ZHANG WEI INTERNATIONAL TRADING"
    assert norm("IVANOFF").text == norm("Ivanov").text
    assert norm("MR. JOHN SMITH JR").tokens == ("JOHN", "SMITH")


def test_addresses_phones_emails_identifiers() -> None:
    a = norm_address("1017 8th Street, Suite 200", "Laurel", "20707-1234", "US")
    b = norm_address("1017 8TH ST STE 200", "LAUREL", "20707", "US")
    assert a == b and a.unit == "200"
    assert norm_phone("(213) 555-0123") == "+12135550123"
    assert norm_phone("not a phone") is None
    assert norm_email("Sales+x@Acme.COM") == "sales@acme.com"
    assert email_domain("sales@acme.com") == "acme.com"
    assert ior_root("12-3456789AB") == ior_root("12-3456789CD") == "12-3456789"
    assert ior_root("garbage") is None



_TEXT = st.text(alphabet="abcXYZ09 .,'&-/#()\t\n’éü张Сд!@$%^*_+=[]{};:\"<>?\\|`~", max_size=20)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_fast_word_splitting_equals_the_regular_expressions(text: str) -> None:
    """Names and streets are split through str.translate for speed; the result is the one
    of the plain regular expressions."""
    from tradeguard.parties.normalize import (
        _DROP,
        _SPACE_KEEP_HASH,
        _STREET_PUNCT,
        _clean,
        _words,
        transliterate,
    )

    upper = transliterate(text).upper()
    name = re.sub(r"[^A-Z0-9 ]+", " ", upper.replace("&", " AND ").translate(_DROP))
    assert _clean(text) == name.split()
    street = re.sub(r"[^A-Z0-9# ]+", " ", upper.replace("#", " # ").translate(_DROP))
    assert _words(text, ("#", " # "), _SPACE_KEEP_HASH, _STREET_PUNCT) == street.split()


_PART = st.sampled_from(
    ["", "1017 8th Street, Suite 200", "1017 8TH ST #200", "Laurel", "20707-1234", "us", "DE",
     "Unter den Linden 5", "München", None]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(_PART, _PART, _PART, _PART), max_size=8))
def test_batch_addresses_equal_one_by_one(
    rows: list[tuple[str | None, str | None, str | None, str | None]],
) -> None:
    """A batch's addresses are normalised without the shared cache, each distinct row once,
    with the result of the cached one-by-one function, in the batch's order."""
    assert norm_addresses(rows) == [norm_address(*row) for row in rows]
