"""Hierarchical tables with every margin, and the contributor facts the primary rules need.

A :class:`TableSpec` names the free dimensions of one release table (each with its fixed list
of categories), the filters that restrict it (``violation_group = IPR``) and the measures it
publishes. :func:`cell_frame` turns rows into one line per cell, interior and margins
(``Total``), with the sums, the number of distinct contributors and the largest contributions
of the value measure. Every table shares the columns of :data:`ALL_DIMS`, so that two cells of
different tables that count the same rows have the same *signature* and can be linked.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "ALL_DIMS",
    "COUNT_MEASURES",
    "TOTAL",
    "TableSpec",
    "cell_frame",
    "cell_ids",
    "signatures",
]

TOTAL = "Total"
ALL_DIMS: tuple[str, ...] = (
    "environment", "violation_group", "origin", "category", "carrier", "offences",
)  # fmt: skip
#: Measures counted in units of contributors (protection level at least k).
COUNT_MEASURES: frozenset[str] = frozenset({"seizures", "offenders"})


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One release table: free dimensions with their categories, filters and measures."""

    name: str
    title: str
    dims: tuple[str, ...]
    levels: Mapping[str, tuple[str, ...]]
    fixed: Mapping[str, str] = field(default_factory=dict)
    measures: tuple[str, ...] = ("seizures", "lines", "msrp_usd", "repeat_seizures", "repeat_index")
    value_measure: str | None = "msrp_usd"
    additive_over_periods: bool = True

    def interior(self) -> list[tuple[str, ...]]:
        """Every interior key (one category per free dimension), in a fixed order."""
        return list(itertools.product(*(self.levels[d] for d in self.dims)))


def _grouped(base: pd.DataFrame, keep: Sequence[str], spec: TableSpec, n_top: int) -> pd.DataFrame:
    by_entity = base.groupby([*keep, "entity"], sort=False, observed=True)[
        list(spec.measures)
    ].sum()
    by_entity = by_entity.reset_index()
    keys = list(keep) if keep else None
    if keys:
        agg = by_entity.groupby(keys, sort=False, observed=True)
        sums = agg[list(spec.measures)].sum()
        sums["contributors"] = agg.size()
    else:
        sums = by_entity[list(spec.measures)].sum().to_frame().T
        sums["contributors"] = len(by_entity)
    vm = spec.value_measure
    if vm is not None:
        ranked = by_entity.sort_values([*keep, vm], ascending=[True] * len(keep) + [False])
        rank = ranked.groupby(keys, sort=False).cumcount() if keys else np.arange(len(ranked))
        ranked = ranked.assign(_rank=np.asarray(rank))
        for i, col in ((0, "top1"), (1, "top2")):
            picked = ranked[ranked["_rank"] == i]
            sums[col] = picked.set_index(keys)[vm] if keys else picked[vm].sum()
        top_n = ranked[ranked["_rank"] < n_top]
        sums["top_n"] = top_n.groupby(keys)[vm].sum() if keys else top_n[vm].sum()
    return sums


def _full_index(spec: TableSpec, keep: Sequence[str]) -> pd.Index | None:
    if not keep:
        return None
    if len(keep) == 1:
        return pd.Index(spec.levels[keep[0]], name=keep[0])
    return pd.MultiIndex.from_product([spec.levels[d] for d in keep], names=list(keep))


def cell_frame(
    rows: pd.DataFrame, spec: TableSpec, period: str, tokens: tuple[str, ...], *, n_top: int = 2
) -> pd.DataFrame:
    """One line per cell of ``spec`` over ``rows`` (already restricted to the period).

    ``rows`` has the free dimension columns, ``entity`` and the measures; rows outside the
    filters or the categories are dropped. Empty cells are present with zeros.
    """
    base = rows
    for dim, value in spec.fixed.items():
        base = base[base[dim] == value]
    for dim in spec.dims:
        base = base[base[dim].isin(spec.levels[dim])]
    parts = []
    for r in range(len(spec.dims), -1, -1):
        for keep in itertools.combinations(spec.dims, r):
            sums = _grouped(base, keep, spec, n_top)
            index = _full_index(spec, keep)
            if index is not None:
                sums = sums.reindex(index)
            sums = sums.reset_index(drop=index is None)
            for dim in spec.dims:
                if dim not in keep:
                    sums[dim] = TOTAL
            parts.append(sums)
    cells = pd.concat(parts, ignore_index=True)
    tops = ("top1", "top2", "top_n") if spec.value_measure else ()
    fill = [*spec.measures, "contributors", *tops]
    cells[fill] = cells[fill].fillna(0.0)
    for dim in ALL_DIMS:
        if dim not in spec.dims:
            cells[dim] = spec.fixed.get(dim, "")
    cells["table"] = spec.name
    cells["period"] = period
    cells["tokens"] = [tokens] * len(cells)
    cells["contributors"] = cells["contributors"].astype("int64")
    return cells


def signatures(cells: pd.DataFrame) -> pd.Series:
    """What rows a cell counts, independent of the table: period tokens and dimension values
    (``Total`` and not-applicable alike mean "all")."""
    parts = [cells[d].where(cells[d] != TOTAL, "").astype(str) for d in ALL_DIMS]
    text = cells["tokens"].map(lambda t: ",".join(t)).astype(str)
    for part in parts:
        text = text + "|" + part
    return text


def cell_ids(cells: pd.DataFrame, specs: Mapping[str, TableSpec]) -> pd.Series:
    """A readable unique id per cell: ``T2|FY2026Q2|CN/MAIL/IPR``."""
    out = []
    for table, period, *values in cells[["table", "period", *ALL_DIMS]].itertuples(index=False):
        dims = specs[table].dims
        key = "/".join(str(values[ALL_DIMS.index(d)]) for d in dims)
        out.append(f"{table}|{period}|{key}")
    return pd.Series(out, index=cells.index, dtype=object)
