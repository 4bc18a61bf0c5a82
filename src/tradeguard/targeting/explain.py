"""Why a declaration was selected: the top factors of its score, in plain words (pure).

Per-feature contributions to the log-odds come from the trees themselves (TreeSHAP, LightGBM's
``pred_contrib``). The four history features of one key (seen, inspected, found, rate) are
added together, so that a factor is a thing an analyst knows: the importer, the product from
an origin, the declared value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tradeguard.domain.decisions import RuleHit
from tradeguard.targeting.features import KEYS

__all__ = ["Factor", "factor_hits", "top_factors"]

KEY_WORDS: Mapping[str, str] = {
    "importer": "Importer {importer}", "declarant": "Declarant {declarant}",
    "seller": "Seller {seller}", "courier": "Courier {courier}",
    "product": "Product code {product}", "heading": "Heading {heading}",
    "chapter": "Chapter {chapter}", "origin": "Origin {origin}",
    "departure": "Departure country {departure}", "office": "Office {office}",
    "post": "Post {post}", "product_origin": "Product {product} from {origin}",
    "importer_product": "Importer {importer} with product {product}",
    "declarant_product": "Declarant {declarant} with product {product}",
    "seller_product": "Seller {seller} with product {product}",
    "importer_declarant": "Importer {importer} through declarant {declarant}",
    "importer_seller": "Importer {importer} buying from seller {seller}",
}
NUMERIC_WORDS: Mapping[str, str] = {
    "value_log": "Declared value {value:,.2f}", "mass_log": "Net mass {mass:,.1f} kg",
    "unit_value_log": "Value per kg {unit_value:,.2f}",
    "duty_rate_pct": "Duty rate {duty_rate_pct}%",
    "at_stake_log": "Revenue at stake {at_stake:,.2f}",
    "origin_is_departure": "Shipped from {departure}, origin {origin}",
}


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor of one declaration's score: its name, log-odds weight and sentence."""

    name: str
    weight: float
    reason: str
    evidence: Mapping[str, Any]


def _factor_of(feature: str) -> str:
    if ":" in feature and not feature.startswith("cat:"):
        return feature.split(":", 1)[0]
    return feature


def _history_sentence(key: str, row: Mapping[str, Any]) -> str:
    subject = KEY_WORDS.get(key, key).format_map(_Safe(row))
    seen, inspected, found = (row.get(f"{key}:{s}") for s in ("seen", "inspected", "found"))
    if not seen:
        return f"{subject}: never declared before"
    rate = row.get(f"{key}:rate")
    text = f"{subject}: {int(seen)} earlier declaration(s), {int(inspected or 0)} inspected"
    if inspected:
        text += f", {int(found or 0)} with a finding"
    if rate is not None and not pd.isna(rate):
        text += f" (smoothed finding rate {rate:.0%})"
    return text


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _sentence(factor: str, row: Mapping[str, Any]) -> str:
    if factor in KEY_WORDS:
        return _history_sentence(factor, row)
    if factor in NUMERIC_WORDS:
        values = dict(row)
        if "value" in row and "mass" in row:
            values["unit_value"] = float(row["value"]) / max(float(row["mass"]), 1e-3)
        try:
            return NUMERIC_WORDS[factor].format_map(_Safe(values))
        except (TypeError, ValueError):
            return factor
    if factor.startswith("cat:"):
        return f"{factor[4:].replace('_', ' ').capitalize()} is {row.get(factor, '?')}"
    return factor


def top_factors(features: list[str], contrib: np.ndarray, row: Mapping[str, Any],
                k: int) -> list[Factor]:
    """The ``k`` factors that raised this row's score most (positive contributions only)."""
    totals: dict[str, float] = {}
    for name, value in zip(features, contrib[: len(features)], strict=True):
        factor = _factor_of(name)
        totals[factor] = totals.get(factor, 0.0) + float(value)
    ranked = sorted((f for f in totals.items() if f[1] > 0), key=lambda f: -f[1])[:k]
    keys = {name for name, _ in KEYS}
    return [Factor(name, round(weight, 4), _sentence(name, row),
                   {c: row.get(c) for c in features if _factor_of(c) == name} if name in keys
                   else {name: row.get(name)})
            for name, weight in ranked]


def factor_hits(factors: list[Factor]) -> list[RuleHit]:
    """Factors as decision evidence (model factors rest on our own assumption, not on law)."""
    return [RuleHit(f"TGT-FACTOR-{f.name.replace('cat:', '').upper()}", f.weight,
                    f.reason, _clean(f.evidence), "assumption") for f in factors]


def _clean(evidence: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in evidence.items():
        if isinstance(value, np.generic):
            value = value.item()
        out[key] = None if value is None or (isinstance(value, float) and np.isnan(value)) \
            else value
    return out
