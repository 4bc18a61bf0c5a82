"""Loading and querying the policy files (see the package docstring for the format)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tradeguard.errors import InvalidInput, NotFound

__all__ = ["POLICY_STATUSES", "PolicyBook", "PolicyRule", "PolicyValue", "load_policy"]

POLICY_STATUSES = ("law", "proposed", "assumption")
DEFAULT_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class PolicyValue:
    """One value of a rule and the day it takes effect."""

    effective_from: dt.date
    value: Any


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """A named parameter with its legal footing and its history of values."""

    key: str
    status: str
    source: str
    unit: str | None
    values: tuple[PolicyValue, ...]
    note: str | None = None

    def value_on(self, day: dt.date) -> Any:
        """The value in force on ``day`` (the latest one whose ``from`` is not after it)."""
        current: PolicyValue | None = None
        for item in self.values:
            if item.effective_from <= day:
                current = item
        if current is None:
            first = self.values[0].effective_from
            raise NotFound(f"policy {self.key!r} has no value before {first} (asked for {day})")
        return current.value


@dataclass(frozen=True, slots=True)
class PolicyBook:
    """Every rule from one set of policy files, with the version that identifies them."""

    version: str
    rules: Mapping[str, PolicyRule]

    def rule(self, key: str) -> PolicyRule:
        try:
            return self.rules[key]
        except KeyError:
            raise NotFound(f"no policy rule named {key!r}") from None

    def value(self, key: str, on: dt.date) -> Any:
        """``policy.value("bond.continuous.minimum_usd", on=date(2026, 1, 5))`` -> 50000."""
        return self.rule(key).value_on(on)

    def status(self, key: str) -> str:
        return self.rule(key).status

    def namespace(self, prefix: str, on: dt.date) -> dict[str, Any]:
        """All values under ``prefix.`` in force on ``on``, keyed without the prefix."""
        start = prefix + "."
        return {
            key[len(start) :]: rule.value_on(on)
            for key, rule in self.rules.items()
            if key.startswith(start)
        }

    def snapshot(self, on: dt.date) -> dict[str, Any]:
        """Every value in force on ``on``: what a decision made that day could have used."""
        out: dict[str, Any] = {}
        for key, rule in sorted(self.rules.items()):
            try:
                out[key] = rule.value_on(on)
            except NotFound:
                continue
        return out


def _parse_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise InvalidInput(f"{where}: 'from' must be an ISO date, got {raw!r}") from None


def _parse_rule(key: str, body: Any, where: str) -> PolicyRule:
    if not isinstance(body, dict):
        raise InvalidInput(f"{where}: rule {key!r} must be a mapping")
    status = body.get("status")
    if status not in POLICY_STATUSES:
        raise InvalidInput(f"{where}: rule {key!r} status must be one of {POLICY_STATUSES}")
    source = body.get("source")
    if not source:
        raise InvalidInput(f"{where}: rule {key!r} needs a source")
    raw_values = body.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise InvalidInput(f"{where}: rule {key!r} needs a non-empty list of values")
    values = []
    for item in raw_values:
        if not isinstance(item, dict) or "from" not in item or "value" not in item:
            raise InvalidInput(f"{where}: each value of {key!r} needs 'from' and 'value'")
        values.append(PolicyValue(_parse_date(item["from"], where), item["value"]))
    values.sort(key=lambda v: v.effective_from)
    dates = [v.effective_from for v in values]
    if len(set(dates)) != len(dates):
        raise InvalidInput(f"{where}: rule {key!r} has two values from the same day")
    return PolicyRule(key, status, str(source), body.get("unit"), tuple(values), body.get("note"))


def parse_policy_texts(texts: Iterable[tuple[str, str]]) -> PolicyBook:
    """Build a book from ``(name, yaml_text)`` pairs; pure, for tests and for loading."""
    rules: dict[str, PolicyRule] = {}
    digest = hashlib.sha256()
    declared = "0"
    for name, text in sorted(texts):
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        doc = yaml.safe_load(text) or {}
        if not isinstance(doc, dict):
            raise InvalidInput(f"{name}: a policy file must be a mapping")
        if "version" in doc:
            declared = str(doc["version"])
        namespace = doc.get("namespace")
        for key, body in (doc.get("rules") or {}).items():
            full = f"{namespace}.{key}" if namespace else str(key)
            if full in rules:
                raise InvalidInput(f"{name}: rule {full!r} is defined twice")
            rules[full] = _parse_rule(full, body, name)
    return PolicyBook(f"{declared}+{digest.hexdigest()[:10]}", rules)


@lru_cache(maxsize=8)
def _load_dir(directory: str) -> PolicyBook:
    paths = sorted(Path(directory).glob("*.yaml"))
    if not paths:
        raise NotFound(f"no policy files (*.yaml) in {directory}")
    return parse_policy_texts((p.name, p.read_text(encoding="utf-8")) for p in paths)


def load_policy(directory: str | Path | None = None) -> PolicyBook:
    """Load the policy book from ``directory`` (default: the files shipped with TradeGuard)."""
    return _load_dir(str(directory or DEFAULT_DIR))
