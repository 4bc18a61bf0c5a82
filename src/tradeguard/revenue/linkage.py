"""Importers linked by shared identifiers, so that a new IOR number behind a person with a bad
record is not taken as clean (domain brief 1, "What the software must do" 3(a)).

Until the party-screening engine links persons, a link is a shared identifier: the same IOR root
(an EIN with another suffix), phone number, e-mail address, street address or officer. A value
shared by more importers than ``revenue.linkage.max_group_size`` (a broker's office, a
registered agent, a free-mail inbox) links nobody.
"""

from __future__ import annotations

import re

import pandas as pd

from tradeguard.revenue.explain import is_missing

__all__ = ["LINK_LABELS", "identifier_keys", "link_importers"]

LINK_LABELS = {
    "ior_root": "the same IOR root (EIN)",
    "phone": "the same phone number",
    "email": "the same e-mail address",
    "email_domain": "the same company e-mail domain",
    "address": "the same street address",
    "officer": "a shared officer",
}
_NON_DIGIT = re.compile(r"\D")
_SUITE = re.compile(r"\s+(STE|SUITE|UNIT|RM|ROOM|#)\s*\S+$")


def _clean(value: object) -> str:
    return "" if is_missing(value) else " ".join(str(value).upper().split())


def _phone(value: object) -> str:
    digits = _NON_DIGIT.sub("", _clean(value))
    return digits[-10:] if len(digits) >= 7 else ""


def _street(value: object) -> str:
    return _SUITE.sub("", _clean(value))


def _domain(value: object, free: frozenset[str]) -> str:
    text = _clean(value).lower()
    domain = text.rpartition("@")[2] if "@" in text else ""
    return "" if domain in free else domain


def identifier_keys(
    importers: pd.DataFrame, kinds: tuple[str, ...], free_mail: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """One row per (importer, identifier kind, normalised value), empty values dropped.
    Street addresses drop a trailing suite number; e-mail domains of free-mail providers
    (``free_mail``) are not identifiers."""
    parts: list[pd.DataFrame] = []
    ior = importers["ior_number"]
    for kind in kinds:
        if kind == "ior_root":
            values = importers["ior_root"].map(_clean)
        elif kind == "phone":
            values = importers["phone"].map(_phone)
        elif kind == "email":
            values = importers["email"].map(lambda v: _clean(v).lower())
        elif kind == "email_domain":
            values = importers["email"].map(lambda v: _domain(v, free_mail))
        elif kind == "address":
            street = importers["street"].map(_street)
            postal = importers["postal_code"].map(_clean)
            values = (street + "|" + postal).where(street != "", "")
        elif kind == "officer":
            exploded = importers[["ior_number", "officers"]].assign(
                value=importers["officers"].map(lambda v: _clean(v).split(";"))
            ).explode("value")
            exploded["value"] = exploded["value"].map(_clean)
            parts.append(exploded.assign(kind=kind)[["ior_number", "kind", "value"]])
            continue
        else:
            raise ValueError(f"unknown linkage key {kind!r}")
        parts.append(pd.DataFrame({"ior_number": ior, "kind": kind, "value": values}))
    if not parts:
        return pd.DataFrame(columns=["ior_number", "kind", "value"])
    keys = pd.concat(parts, ignore_index=True)
    return keys[keys["value"].astype(str) != ""].drop_duplicates()


def link_importers(
    importers: pd.DataFrame,
    kinds: tuple[str, ...],
    max_group: int,
    free_mail: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Pairs of linked importers: ``ior_number``, ``other``, ``kind``, ``value`` (both ways).

    >>> imps = pd.DataFrame({"ior_number": ["A", "B", "C"], "ior_root": ["1", "2", "3"],
    ...     "phone": ["+1 212 555 0101", "(212) 555-0101", None], "email": [None] * 3,
    ...     "street": [None] * 3, "postal_code": [None] * 3, "officers": [None] * 3})
    >>> link_importers(imps, ("phone",), 4)[["ior_number", "other"]].values.tolist()
    [['A', 'B'], ['B', 'A']]
    """
    keys = identifier_keys(importers, kinds, free_mail)
    size = keys.groupby(["kind", "value"])["ior_number"].transform("nunique")
    keys = keys[(size >= 2) & (size <= max_group)]
    pairs = keys.merge(keys, on=["kind", "value"], suffixes=("", "_other"))
    pairs = pairs[pairs["ior_number"] != pairs["ior_number_other"]]
    pairs = pairs.rename(columns={"ior_number_other": "other"})
    ordered = pairs[["ior_number", "other", "kind", "value"]].sort_values(
        ["ior_number", "other", "kind"], kind="stable"
    )
    return ordered.drop_duplicates(["ior_number", "other", "kind"]).reset_index(drop=True)
