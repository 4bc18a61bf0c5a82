"""Column mapping files: point the targeting engine at any declarations table.

A mapping file (YAML) says which column of the user's table plays which role::

    name: KCS customs import declarations
    columns:
      id: Declaration ID
      date: Date
      importer: Importer ID
      product: [HS6 Code, HS10 Code]   # alternatives: the first column present is used
      value: Item Price
    label: {column: Fraud, negative: ["0"]}
    categorical: [Process Type, Tax Type]
    never_features: [Critical Fraud]

A role may name one column, a list of alternatives, or ``{join: [a, b]}`` (values joined with
``:``, e.g. operator and waybill). Labels: empty means *not inspected* (unlabelled); a value in
``negative`` means inspected and clean; anything else (or a value in ``positive``, if given)
means a finding. Shipped mappings are in ``targeting/mappings/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tradeguard.errors import FieldError, InvalidInput

__all__ = [
    "KEY_ROLES",
    "NUMERIC_ROLES",
    "ROLES",
    "ColumnMapping",
    "LabelSpec",
    "load_mapping",
    "parse_mapping",
    "shipped_mapping",
]

#: Parties, goods and places: history is kept per value of these roles.
KEY_ROLES = ("importer", "declarant", "seller", "courier", "product", "origin", "departure",
             "office", "post")
NUMERIC_ROLES = ("value", "mass", "duty_rate_pct", "revenue")
ROLES = ("id", "date", *KEY_ROLES, *NUMERIC_ROLES)
REQUIRED_ROLES = ("id", "date")
MAPPINGS_DIR = Path(__file__).parent / "mappings"


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """How the label column reads: empty = not inspected, ``negative`` = clean, else a finding."""

    column: str
    negative: tuple[str, ...] = ("0",)
    positive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which source column (or columns) plays each role; see the module docstring."""

    name: str
    columns: Mapping[str, tuple[str, ...]]
    joined: frozenset[str]
    label: LabelSpec | None
    categorical: tuple[str, ...]
    never_features: tuple[str, ...]
    source: str = "<mapping>"

    def has(self, role: str) -> bool:
        return role in self.columns


def _error(source: str, field: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{source}: bad mapping file ({field}: {reason})",
                        errors=[FieldError(field, reason, source=source)])


def _role(source: str, role: str, raw: Any) -> tuple[tuple[str, ...], bool]:
    if isinstance(raw, str) and raw:
        return (raw,), False
    if isinstance(raw, list) and raw and all(isinstance(c, str | int) for c in raw):
        return tuple(str(c) for c in raw), False
    if isinstance(raw, dict) and isinstance(raw.get("join"), list) and raw["join"]:
        return tuple(str(c) for c in raw["join"]), True
    raise _error(source, f"columns.{role}",
                 "must be a column name, a list of them or {join: [...]}")


def _label(source: str, raw: Any) -> LabelSpec | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return LabelSpec(raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("column"), str):
        raise _error(source, "label", "must be a column name or {column: NAME, negative: [...]}")
    negative = tuple(str(v) for v in raw.get("negative", ["0"]))
    positive = tuple(str(v) for v in raw.get("positive", []))
    return LabelSpec(raw["column"], negative, positive)


def _names(source: str, doc: Mapping[str, Any], key: str) -> tuple[str, ...]:
    raw = doc.get(key) or []
    if not isinstance(raw, list):
        raise _error(source, key, "must be a list of column names")
    return tuple(str(c) for c in raw)


def parse_mapping(doc: Any, source: str = "<mapping>") -> ColumnMapping:
    """Check a parsed mapping document and return it typed; every problem names its field."""
    if not isinstance(doc, dict) or not isinstance(doc.get("columns"), dict):
        raise _error(source, "columns", "a mapping file needs a 'columns' mapping")
    columns: dict[str, tuple[str, ...]] = {}
    joined: set[str] = set()
    for role, raw in doc["columns"].items():
        if role not in ROLES:
            known = ", ".join(ROLES)
            raise _error(source, f"columns.{role}", f"unknown role; known roles: {known}")
        columns[role], is_join = _role(source, role, raw)
        if is_join:
            joined.add(role)
    for role in REQUIRED_ROLES:
        if role not in columns:
            raise _error(source, f"columns.{role}", "this role is required")
    label = _label(source, doc.get("label"))
    never = _names(source, doc, "never_features")
    categorical = _names(source, doc, "categorical")
    used = {c for cols in columns.values() for c in cols} | set(categorical)
    forbidden = used & (set(never) | ({label.column} if label else set()))
    if forbidden:
        raise _error(source, "columns", f"{sorted(forbidden)} is a label, never a feature")
    return ColumnMapping(str(doc.get("name", source)), columns, frozenset(joined), label,
                         categorical, never, source)


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read a mapping file (YAML); a bad file raises :class:`InvalidInput` with the field."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read mapping file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise _error(str(path), "yaml", str(exc).splitlines()[0]) from None
    return parse_mapping(doc, str(path))


def shipped_mapping(name: str) -> ColumnMapping:
    """A mapping shipped with TradeGuard: ``kcs`` or ``express_shipments``."""
    return load_mapping(MAPPINGS_DIR / f"{name}.yaml")


def resolve_columns(mapping: ColumnMapping, header: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The source columns each role reads from this header (alternatives resolved)."""
    present = set(header)
    out: dict[str, tuple[str, ...]] = {}
    errors: list[FieldError] = []
    for role, cols in mapping.columns.items():
        if role in mapping.joined:
            missing = [c for c in cols if c not in present]
            if missing:
                errors.append(FieldError(role, f"columns {missing} are not in the file"))
            out[role] = cols
            continue
        found = next((c for c in cols if c in present), None)
        if found is None:
            errors.append(FieldError(role, f"none of {list(cols)} is in the file"))
        else:
            out[role] = (found,)
    extra = [c for c in mapping.categorical if c not in present]
    errors.extend(FieldError(c, "categorical column is not in the file") for c in extra)
    if errors:
        raise InvalidInput(f"the file does not match mapping {mapping.name!r}", errors=errors)
    return out
