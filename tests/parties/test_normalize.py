from __future__ import annotations

from tests.parties.helpers import policy
from tradeguard.parties.normalize import (
    NameNormalizer,
    email_domain,
    ior_root,
    norm_address,
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
