from __future__ import annotations

import datetime as dt

import pytest

from tradeguard.errors import InvalidInput, NotFound
from tradeguard.policy import POLICY_STATUSES, load_policy
from tradeguard.policy.book import parse_policy_texts

RULE = """
namespace: demo
rules:
  limit_usd:
    status: assumption
    source: test
    values:
      - {from: 2020-01-01, value: 10}
      - {from: 2025-10-01, value: 12}
"""


def test_every_shipped_rule_has_a_footing_and_a_source() -> None:
    book = load_policy()
    assert book.rules
    for rule in book.rules.values():
        assert rule.status in POLICY_STATUSES
        assert rule.source.strip()


def test_values_are_effective_dated() -> None:
    book = parse_policy_texts([("a.yaml", RULE)])
    assert book.value("demo.limit_usd", dt.date(2025, 9, 30)) == 10
    assert book.value("demo.limit_usd", dt.date(2025, 10, 1)) == 12
    with pytest.raises(NotFound, match="no value before"):
        book.value("demo.limit_usd", dt.date(2019, 12, 31))
    assert book.namespace("demo", dt.date(2026, 1, 1)) == {"limit_usd": 12}


def test_version_changes_with_any_edit() -> None:
    one = parse_policy_texts([("a.yaml", RULE)])
    two = parse_policy_texts([("a.yaml", RULE.replace("value: 12", "value: 13"))])
    assert one.version != two.version
    assert one.version == parse_policy_texts([("a.yaml", RULE)]).version


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (RULE.replace("assumption", "guess"), "status must be one of"),
        (RULE.replace("source: test", "source: ''"), "needs a source"),
        (RULE.replace("2025-10-01", "2020-01-01"), "two values from the same day"),
        (RULE.replace("2025-10-01", "october"), "ISO date"),
    ],
)
def test_bad_policy_files_are_refused_with_the_reason(broken: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        parse_policy_texts([("a.yaml", broken)])


def test_duplicate_rule_across_files_is_refused() -> None:
    with pytest.raises(InvalidInput, match="defined twice"):
        parse_policy_texts([("a.yaml", RULE), ("b.yaml", RULE)])
