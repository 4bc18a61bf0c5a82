"""The data the revenue engines read: one pandas frame per store table, columns as in
``docs/file-shapes.md``.

The engines never touch a database: :mod:`tradeguard.revenue.service` fills these frames from the
store, tests build them from a few dicts with :meth:`RevenueFrames.build`. Dates become
``datetime64``, money ``float``; a missing optional column is added empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

__all__ = ["COLUMNS", "RevenueFrames", "day"]

COLUMNS: dict[str, dict[str, str]] = {
    "importers": {
        "ior_number": "str", "ior_root": "str", "name": "str", "ctpat_tier": "float",
        "resident": "bool", "country": "str", "street": "str", "city": "str",
        "postal_code": "str", "phone": "str", "email": "str", "officers": "str",
        "created_on": "date", "broker_filer_code": "str",
    },
    "orders": {
        "case_number": "str", "kind": "str", "product": "str", "country": "str",
        "order_date": "date", "hts_prefixes": "str", "nme": "bool", "third_country_of": "str",
    },
    "rates": {
        "case_number": "str", "rate_kind": "str", "effective_from": "date", "exporter": "str",
        "producer": "str", "rate_pct": "float", "per_unit_usd": "float", "unit": "str",
    },
    "entries": {
        "entry_number": "str", "entry_type": "str", "ior_number": "str", "entry_date": "date",
        "broker_filer_code": "str", "nonreimbursement_filed": "bool",
    },
    "lines": {
        "entry_number": "str", "line_no": "int", "hts": "str", "country_of_origin": "str",
        "value_usd": "float", "exporter": "str", "manufacturer": "str", "case_number": "str",
        "quantity": "float", "unit": "str", "duty_usd": "float", "adcvd_rate_pct": "float",
        "adcvd_deposit_usd": "float",
    },
    "liquidations": {
        "entry_number": "str", "liquidated_on": "date", "assessed_adcvd_usd": "float",
        "assessment_rate_pct": "float", "reviewed": "bool",
    },
    "bills": {
        "bill_number": "str", "ior_number": "str", "bill_date": "date", "amount_usd": "float",
        "kind": "str", "entry_number": "str", "case_number": "str", "liquidated_on": "date",
        "protest_filed_on": "date",
    },
    "payments": {
        "payment_id": "str", "bill_number": "str", "paid_on": "date", "amount_usd": "float",
        "payer": "str",
    },
    "bonds": {
        "bond_number": "str", "ior_number": "str", "kind": "str", "amount_usd": "float",
        "effective_from": "date", "surety_code": "str", "entry_number": "str",
        "status": "str", "terminated_on": "date",
    },
}


def day(value: dt.date) -> pd.Timestamp:
    """A date as the timestamp the frames hold."""
    return pd.Timestamp(value)


_TRUE = {"true", "1", "yes", "t", "y"}
_FALSE = {"false", "0", "no", "f", "n"}


def _truth(value: object) -> bool | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _coerce(frame: pd.DataFrame, spec: Mapping[str, str]) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {}
    for column, kind in spec.items():
        raw = frame[column] if column in frame.columns else pd.Series(None, index=frame.index)
        if kind == "date":
            columns[column] = pd.to_datetime(raw, errors="coerce").astype("datetime64[ns]")
        elif kind in ("float", "int"):
            columns[column] = pd.to_numeric(raw, errors="coerce").astype(float)
        elif kind == "bool":
            columns[column] = raw.map(_truth).astype("boolean")
        else:
            columns[column] = raw.astype(object).where(raw.notna(), None)
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)


_DTYPES = {"date": "datetime64[ns]", "float": "float64", "int": "float64", "bool": "boolean",
           "str": "object"}


def _empty(spec: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES[k]) for c, k in spec.items()})


@dataclass(frozen=True)
class RevenueFrames:
    """Importers, orders and rates, entries and lines, liquidations, bills, payments, bonds."""

    importers: pd.DataFrame
    orders: pd.DataFrame
    rates: pd.DataFrame
    entries: pd.DataFrame
    lines: pd.DataFrame
    liquidations: pd.DataFrame
    bills: pd.DataFrame
    payments: pd.DataFrame
    bonds: pd.DataFrame

    @classmethod
    def build(cls, **tables: Iterable[Mapping[str, Any]] | pd.DataFrame) -> RevenueFrames:
        """Frames from lists of dicts (or frames); tables not given are empty.

        >>> f = RevenueFrames.build(importers=[{"ior_number": "12-3456789AB"}])
        >>> len(f.importers), len(f.bills)
        (1, 0)
        """
        unknown = set(tables) - set(COLUMNS)
        if unknown:
            raise ValueError(f"unknown tables: {sorted(unknown)}")
        made: dict[str, pd.DataFrame] = {}
        for name, spec in COLUMNS.items():
            if name not in tables:
                made[name] = _empty(spec)
                continue
            raw = tables[name]
            frame = raw if isinstance(raw, pd.DataFrame) else pd.DataFrame(list(raw))
            made[name] = _coerce(frame, spec)
        if len(made["importers"]) and made["importers"]["ior_root"].isna().any():
            made["importers"] = _fill_roots(made["importers"])
        return cls(**made)

    def until(self, on: dt.date) -> RevenueFrames:
        """What was known on ``on``: rows dated after it are dropped (for replays)."""
        cut = day(on)
        lines = self.lines
        entries = self.entries[self.entries["entry_date"] <= cut]
        return replace(
            self,
            rates=self.rates[self.rates["effective_from"] <= cut],
            entries=entries,
            lines=lines[lines["entry_number"].isin(entries["entry_number"])],
            liquidations=self.liquidations[self.liquidations["liquidated_on"] <= cut],
            bills=self.bills[self.bills["bill_date"] <= cut],
            payments=self.payments[self.payments["paid_on"] <= cut],
            bonds=self.bonds[self.bonds["effective_from"] <= cut],
        )

    def sizes(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


def _fill_roots(importers: pd.DataFrame) -> pd.DataFrame:
    from tradeguard.domain.identifiers import parse_ior

    out = importers.copy()
    missing = out["ior_root"].isna()
    out.loc[missing, "ior_root"] = [parse_ior(str(n)).root for n in out.loc[missing, "ior_number"]]
    return out
