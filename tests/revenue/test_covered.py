from __future__ import annotations

import pandas as pd
import pytest

from tradeguard.revenue.covered import build_records, covered_decisions
from tradeguard.revenue.linkage import link_importers

from .builders import ON, POLICY, small_world


@pytest.fixture(scope="module")
def decided() -> tuple[dict[str, str], dict[str, object]]:
    frames, iors = small_world()
    records = build_records(frames, ON, POLICY)
    by_subject = {d.subject: d for d in covered_decisions(records, POLICY)}
    return iors, {n: by_subject[f"IOR:{i}"] for n, i in iors.items()}


def codes(decision: object) -> set[str]:
    return {h.code for h in decision.hits}  # type: ignore[attr-defined]


def test_each_clause_of_s2b(decided: tuple[dict[str, str], dict[str, object]]) -> None:
    _, d = decided
    outcome = {n: x.outcome for n, x in d.items()}  # type: ignore[attr-defined]
    assert outcome == {"OLD": "not_covered", "NEW": "covered", "LATE": "covered",
                       "UNPAID": "covered", "SURETY": "covered", "TWIN": "covered",
                       "CTPAT": "exempt"}
    assert codes(d["NEW"]) == {"COVERED-NO-HISTORY"}
    assert codes(d["LATE"]) == {"ADCVD-LATE"}
    assert codes(d["UNPAID"]) == {"ADCVD-UNPAID"}
    assert codes(d["SURETY"]) == {"ADCVD-SURETY-PAID", "ADCVD-LATE"}
    assert codes(d["TWIN"]) == {"COVERED-LINKED-RECORD"}  # its link has history since 2020


def test_reasons_are_sentences_with_the_numbers(
    decided: tuple[dict[str, str], dict[str, object]]
) -> None:
    iors, d = decided
    late = d["LATE"].hits[0].reason  # type: ignore[attr-defined]
    assert late.startswith("Bill B-LATE dated 2025-06-01 for $3,000.00 was paid 47 days after")
    assert "(delinquent after 30)" in late
    unpaid = d["UNPAID"].hits[0].reason  # type: ignore[attr-defined]
    assert "$5,000.00 is unpaid 90 days after its date" in unpaid and "$4,000.00 in all" in unpaid
    twin = next(h for h in d["TWIN"].hits if h.code == "COVERED-LINKED-RECORD")  # type: ignore
    assert f"Linked to IOR {iors['UNPAID']} by the same phone number" in twin.reason
    assert twin.status == "assumption"
    new = d["NEW"].hits[0].reason  # type: ignore[attr-defined]
    assert "before 2025-03-02 (first entry 2026-01-10" in new and "no record of previous" in new


def test_ctpat_tier_2_is_excluded_but_its_record_shown(
    decided: tuple[dict[str, str], dict[str, object]]
) -> None:
    _, d = decided
    hits = d["CTPAT"].hits  # type: ignore[attr-defined]
    assert hits[0].code == "CTPAT-EXEMPT" and "4321(c)" in hits[0].reason
    assert all(h.weight == 0 for h in hits[1:]) and len(hits) == 2


def test_linked_history_means_not_new() -> None:
    frames, iors = small_world()
    imps = frames.importers.copy()
    imps.loc[imps["ior_number"] == iors["NEW"], "ior_root"] = imps.loc[
        imps["ior_number"] == iors["OLD"], "ior_root"].iloc[0]
    records = build_records(frames.__class__(**{**frames.__dict__, "importers": imps}), ON,
                            POLICY)
    assert not bool(records.table.at[iors["NEW"], "no_history"])


def test_decisions_are_reproducible_and_dated() -> None:
    frames, _ = small_world()
    one = covered_decisions(build_records(frames, ON, POLICY), POLICY)
    two = covered_decisions(build_records(frames, ON, POLICY), POLICY)
    assert [d.inputs_digest for d in one] == [d.inputs_digest for d in two]
    assert {d.policy_version for d in one} == {POLICY.version}


def test_shared_keys_used_by_too_many_importers_link_nobody() -> None:
    imps = pd.DataFrame({"ior_number": list("ABCDEF"), "ior_root": list("123456"),
                         "phone": ["2125550101"] * 5 + ["3125550101"],
                         "street": ["1 MAIN ST STE 200", "1 main st", None, None, None, None],
                         "postal_code": ["10001", "10001", None, None, None, None],
                         "email": [None] * 6, "officers": [None] * 6})
    links = link_importers(imps, ("phone", "address"), 4)
    assert set(map(tuple, links[["ior_number", "other", "kind"]].values)) == {
        ("A", "B", "address"), ("B", "A", "address")}
