"""Which AD/CVD rate applies to an entry line, effective-dated by entry date (domain brief 2.2).

Precedence: the exporter + producer combination's own rate; else the exporter's own or separate
rate; else the all-others rate (market economy) or the country-wide entity rate (non-market
economy). Within a tier the rate in force is the latest whose ``effective_from`` is not after the
entry date. Ad valorem rates give ``rate x value``; specific rates ``per_unit x quantity``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeguard.revenue.frames import day

__all__ = [
    "GENERAL_KINDS",
    "ResolvedRate",
    "highest_rate_pct",
    "resolve_line_rates",
    "resolve_rate",
]

GENERAL_KINDS = ("ALL_OTHERS", "COUNTRY_WIDE")
TIERS = ("exporter+producer", "exporter", "general")


def _norm(name: object) -> str:
    if name is None or (isinstance(name, float) and math.isnan(name)):
        return ""
    return " ".join(str(name).upper().split())


@dataclass(frozen=True, slots=True)
class ResolvedRate:
    """The rate that applies to a line and why."""

    case_number: str
    rate_kind: str
    tier: str
    effective_from: dt.date
    rate_pct: float | None
    per_unit_usd: float | None
    unit: str | None = None

    def deposit_usd(self, value_usd: float, quantity: float | None = None) -> float:
        """Cash deposit for a line: ad valorem on value, or per unit on quantity.

        >>> ResolvedRate("A-570-831", "COUNTRY_WIDE", "general", dt.date(2020, 1, 1), 376.67,
        ...              None).deposit_usd(1000.0)
        3766.7
        """
        if self.per_unit_usd is not None and not math.isnan(self.per_unit_usd):
            return round(self.per_unit_usd * float(quantity or 0.0), 2)
        return round(value_usd * float(self.rate_pct or 0.0) / 100, 2)

    def reason(self) -> str:
        what = (
            f"{self.rate_pct:.2f}% ad valorem"
            if self.per_unit_usd is None or math.isnan(self.per_unit_usd)
            else f"${self.per_unit_usd:.4f} per {self.unit or 'unit'}"
        )
        return (
            f"Case {self.case_number}: {self.rate_kind.replace('_', '-').lower()} rate {what} in "
            f"force from {self.effective_from} (matched on {self.tier})"
        )


def _tier_rows(rates: pd.DataFrame, case: str, exporter: str, producer: str) -> list[pd.DataFrame]:
    of_case = rates[rates["case_number"] == case]
    exp = of_case["exporter"].map(_norm)
    prod = of_case["producer"].map(_norm)
    general = of_case["rate_kind"].isin(GENERAL_KINDS)
    pair = of_case[~general & (exp == exporter) & (prod == producer) & (producer != "")]
    alone = of_case[~general & (exp == exporter) & (prod == "") & (exporter != "")]
    return [pair, alone, of_case[general]]


def resolve_rate(
    rates: pd.DataFrame, case: str, exporter: object, producer: object, on: dt.date
) -> ResolvedRate | None:
    """The rate in force on ``on`` for this case, exporter and producer (``None``: no rate).

    >>> r = pd.DataFrame({"case_number": ["A-1", "A-1"], "rate_kind": ["COUNTRY_WIDE", "SEPARATE"],
    ...     "effective_from": pd.to_datetime(["2020-01-01", "2020-01-01"]),
    ...     "exporter": [None, "ACME"], "producer": [None, None], "rate_pct": [200.0, 5.0],
    ...     "per_unit_usd": [None, None], "unit": [None, None]})
    >>> resolve_rate(r, "A-1", "acme", "", dt.date(2021, 1, 1)).rate_pct
    5.0
    """
    cut = day(on)
    tiers = _tier_rows(rates, case, _norm(exporter), _norm(producer))
    for tier, rows in zip(TIERS, tiers, strict=True):
        live = rows[rows["effective_from"] <= cut]
        if live.empty:
            continue
        row = live.sort_values("effective_from", kind="stable").iloc[-1]
        per_unit = row["per_unit_usd"]
        return ResolvedRate(
            case,
            str(row["rate_kind"]),
            tier,
            row["effective_from"].date(),
            None if pd.isna(row["rate_pct"]) else float(row["rate_pct"]),
            None if pd.isna(per_unit) else float(per_unit),
            None if pd.isna(row["unit"]) else str(row["unit"]),
        )
    return None


def _asof(
    left: pd.DataFrame, right: pd.DataFrame, by: list[str]
) -> pd.DataFrame:
    """For each left row, the right row with the same ``by`` keys in force on ``entry_date``."""
    cols = ["rate_kind", "effective_from", "rate_pct", "per_unit_usd", "unit"]
    if right.empty or left.empty:
        return pd.DataFrame(index=left.index, columns=cols)
    l_sorted = left.reset_index().sort_values("entry_date", kind="stable")
    r_sorted = right.sort_values("effective_from", kind="stable")
    merged = pd.merge_asof(
        l_sorted,
        r_sorted[[*by, *cols]],
        left_on="entry_date",
        right_on="effective_from",
        by=by,
        direction="backward",
    )
    return merged.set_index("index")[cols].reindex(left.index)


def resolve_line_rates(lines: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """:func:`resolve_rate` for many lines at once.

    ``lines`` needs ``case_number``, ``exporter``, ``manufacturer`` and ``entry_date``; the
    result (same index) has ``tier``, ``rate_kind``, ``effective_from``, ``rate_pct``,
    ``per_unit_usd`` and ``unit`` (``tier`` is ``None`` where no rate is in force).
    """
    left = pd.DataFrame(
        {
            "case_number": lines["case_number"].astype(object),
            "exporter_n": lines["exporter"].map(_norm).astype(object),
            "producer_n": lines["manufacturer"].map(_norm).astype(object),
            "entry_date": pd.to_datetime(lines["entry_date"]).astype("datetime64[ns]"),
        },
        index=lines.index,
    )
    r = rates.assign(
        exporter_n=rates["exporter"].map(_norm).astype(object),
        producer_n=rates["producer"].map(_norm).astype(object),
    )
    general = r["rate_kind"].isin(GENERAL_KINDS)
    pair = r[~general & (r["producer_n"] != "")]
    alone = r[~general & (r["producer_n"] == "")]
    found = [
        _asof(left, pair, ["case_number", "exporter_n", "producer_n"]),
        _asof(left, alone, ["case_number", "exporter_n"]),
        _asof(left, r[general], ["case_number"]),
    ]
    out = pd.DataFrame(index=lines.index)
    out["tier"] = pd.Series(None, index=lines.index, dtype=object)
    for column in found[0].columns:
        out[column] = pd.Series(None, index=lines.index, dtype=object)
    for tier, frame in zip(TIERS, found, strict=True):
        take = out["tier"].isna() & frame["effective_from"].notna()
        out.loc[take, "tier"] = tier
        for column in frame.columns:
            out.loc[take, column] = frame.loc[take, column]
    out["rate_pct"] = pd.to_numeric(out["rate_pct"], errors="coerce").astype(float)
    out["per_unit_usd"] = pd.to_numeric(out["per_unit_usd"], errors="coerce").astype(float)
    out["effective_from"] = pd.to_datetime(out["effective_from"]).astype("datetime64[ns]")
    return out


def highest_rate_pct(rates: pd.DataFrame, cases: list[str], on: dt.date) -> float | None:
    """The highest ad valorem rate in force on ``on`` among the cases covering a commodity
    (the fallback of an AD/CVD single-transaction bond when the rate is unknown)."""
    live = rates[rates["case_number"].isin(cases) & (rates["effective_from"] <= day(on))]
    if live.empty:
        return None
    keys = ["case_number", "rate_kind", "exporter", "producer"]
    latest = live.sort_values("effective_from").groupby(keys, dropna=False).tail(1)
    values = latest["rate_pct"].to_numpy(dtype=float)
    return None if np.all(np.isnan(values)) else float(np.nanmax(values))
