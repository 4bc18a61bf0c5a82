"""The quarterly seizure publication (EO 13904 s.6(a); methods brief 5.B).

A release for fiscal quarter ``r`` publishes the quarter and the fiscal year to date:

* **T2** seizures by origin economy (top N and "All other"), environment and violation; its
  margins are **T1** (environment x violation) and, with the repeat measures, **T4a** (repeat
  offences and the repeat-weighted index by environment and violation);
* **T3** IPR seizures by product category and environment (MSRP);
* **T5M / T5E** seizures by foreign post (mail) and by express operator, by violation;
* **T4M / T4E** offenders by number of offences in the quarter (1, 2, 3-5, 6+).

Every cell passes the primary rules or is suppressed; secondary suppression runs on the union of
this release and the earlier releases of the fiscal year, so that no suppressed cell of any of
them can be recovered (:mod:`tradeguard.seizures.secondary`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeguard.domain.calendar import Quarter, fiscal_year_start
from tradeguard.seizures.microdata import OTHER, group_top, quarter_labels, reference_window
from tradeguard.seizures.params import SeizuresPolicy
from tradeguard.seizures.primary import primary_reasons
from tradeguard.seizures.repeat import OFFENDER_BUCKETS
from tradeguard.seizures.secondary import PUBLISHED, protect
from tradeguard.seizures.tables import ALL_DIMS, TableSpec, cell_frame

__all__ = ["Release", "build_release", "release_quarter", "table_specs"]

INTERNAL_COLUMNS = ("contributors", "top1", "top2", "top_n", "tokens")


@dataclass(frozen=True)
class Release:
    """One release and the earlier releases of its fiscal year, with every cell's status.

    ``cells`` is internal (true values of suppressed cells, contributor counts); what may be
    shown is :meth:`published`.
    """

    quarter: Quarter
    policy: SeizuresPolicy
    specs: Mapping[str, TableSpec]
    cells: pd.DataFrame  # column "release": the quarter label of the release that made it

    def current(self) -> pd.DataFrame:
        return self.cells[self.cells["release"] == str(self.quarter)]

    def published(self) -> pd.DataFrame:
        """This release's cells as published: suppressed values blank, flag ``D``."""
        cells = self.current().copy()
        hidden = cells["status"] != PUBLISHED
        measures = sorted({m for s in self.specs.values() for m in s.measures})
        for m in measures:
            cells[m] = cells[m].astype(float).round(2).where(~hidden)
        cells["flag"] = np.where(hidden, "D", "")
        keep = ["table", "period", *ALL_DIMS, *measures, "flag"]
        return cells[keep].reset_index(drop=True)

    def suppression_log(self) -> pd.DataFrame:
        """Which cells were withheld and why, without their values."""
        cells = self.current()
        gone = cells[cells["status"] != PUBLISHED]
        return gone[["table", "period", *ALL_DIMS, "status", "reason"]].reset_index(drop=True)


def release_quarter(as_of: dt.date, policy: SeizuresPolicy) -> Quarter:
    """The quarter a release made on ``as_of`` covers (``lag_quarters`` before the current)."""
    quarter = Quarter.of(as_of)
    for _ in range(policy.lag_quarters):
        quarter = quarter.previous()
    return quarter


def _published_events(events: pd.DataFrame, policy: SeizuresPolicy) -> pd.DataFrame:
    scope = events["environment"].isin(policy.environments) & events["violation_group"].notna()
    out = events[scope].copy()
    out["quarter"] = quarter_labels(out["seized_on"])
    out["seizures"] = 1.0
    out["repeat_seizures"] = out["repeat"].astype(float)
    out["repeat_index"] = out["weight"].astype(float)
    return out


def table_specs(events: pd.DataFrame, fy: int, policy: SeizuresPolicy) -> dict[str, TableSpec]:
    """The tables of every release of fiscal year ``fy`` (named origins and carriers fixed by
    the four quarters before the year)."""
    ref = reference_window(events, fiscal_year_start(fy))
    origins = _named(ref["origin_country"], policy.top_origins)
    envs, groups = tuple(policy.environments), tuple(policy.violation_groups)
    cats = (*policy.ipr_categories, "Other") if policy.ipr_categories else tuple(
        sorted(events["category"].unique())
    )
    specs = [
        TableSpec("T2", "Seizures by origin economy, environment and violation",
                  ("origin", "environment", "violation_group"),
                  {"origin": origins, "environment": envs, "violation_group": groups}),
        TableSpec("T3", "IPR seizures by product category and environment",
                  ("category", "environment"), {"category": cats, "environment": envs},
                  {"violation_group": "IPR"}),
    ]
    for env, name in (("MAIL", "T5M"), ("EXPRESS", "T5E")):
        if env in envs:
            carriers = _named(ref.loc[ref["environment"] == env, "carrier_id"], policy.top_carriers)
            specs.append(TableSpec(
                name, f"Seizures by {'foreign post' if env == 'MAIL' else 'express operator'} "
                "and violation", ("carrier", "violation_group"),
                {"carrier": carriers, "violation_group": groups}, {"environment": env}))
            specs.append(TableSpec(
                name.replace("T5", "T4"), f"Offenders by offences in the quarter ({env.lower()})",
                ("offences",), {"offences": tuple(b[0] for b in OFFENDER_BUCKETS)},
                {"environment": env}, ("offenders", "seizures"), None, False))
    return {s.name: s for s in specs}


def _named(values: pd.Series, top: int) -> tuple[str, ...]:
    grouped = group_top(values.astype(str), values.astype(str), top)
    return (*sorted(set(grouped) - {OTHER}), OTHER)


def _rows(events: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    rows = events.rename(columns={"carrier_id": "carrier"})
    if "origin" in spec.dims:
        rows["origin"] = rows["origin_country"].where(
            rows["origin_country"].isin(spec.levels["origin"]), OTHER)
    if "carrier" in spec.dims:
        rows["carrier"] = rows["carrier"].where(rows["carrier"].isin(spec.levels["carrier"]), OTHER)
    if "offences" in spec.dims:
        env = spec.fixed["environment"]
        mine = rows[rows["environment"] == env]
        per = mine.groupby("entity").size().rename("seizures").reset_index()
        per["offenders"] = 1.0
        per["seizures"] = per["seizures"].astype(float)
        per["environment"] = env
        bucket = pd.Series("", index=per.index, dtype=object)
        for label, low, high in OFFENDER_BUCKETS:
            bucket[(per["seizures"] >= low) & (per["seizures"] <= high)] = label
        per["offences"] = bucket
        return per
    return rows


def _release_cells(events: pd.DataFrame, specs: Mapping[str, TableSpec], quarter: Quarter,
                   policy: SeizuresPolicy) -> pd.DataFrame:
    first = Quarter(quarter.year, 1, quarter.fiscal)
    ytd = tuple(str(Quarter(quarter.year, n, quarter.fiscal)) for n in range(1, quarter.number + 1))
    periods: list[tuple[str, tuple[str, ...]]] = [(str(quarter), (str(quarter),))]
    if quarter != first:
        periods.append((f"FY{quarter.year} to Q{quarter.number}", ytd))
    parts = []
    for spec in specs.values():
        for label, tokens in periods if spec.additive_over_periods else periods[:1]:
            rows = _rows(events[events["quarter"].isin(tokens)], spec)
            cells = cell_frame(rows, spec, label, tokens, n_top=policy.dominance_n)
            if not spec.additive_over_periods:
                cells["tokens"] = [(f"{label}:{spec.name}",)] * len(cells)
            cells["reason"] = primary_reasons(cells, policy, value_col=spec.value_measure)
            parts.append(cells)
    cells = pd.concat(parts, ignore_index=True)
    cells["status"] = np.where(cells["reason"] != "", "primary", PUBLISHED)
    cells["release"] = str(quarter)
    return cells


def build_release(
    events: pd.DataFrame, quarter: Quarter, policy: SeizuresPolicy,
    previous: Release | None = None,
) -> Release:
    """The release of ``quarter`` from events made by :func:`~.microdata.prepare`.

    ``previous`` is the release of the quarter before in the same fiscal year; when it is not
    given it is rebuilt from the same events, so that the releases of a year chain.
    """
    scope = _published_events(events, policy)
    if previous is None and quarter.number > 1:
        previous = build_release(events, quarter.previous(), policy)
    specs = previous.specs if previous is not None else table_specs(events, quarter.year, policy)
    new = _release_cells(scope, specs, quarter, policy)
    history = previous.cells if previous is not None else new.iloc[0:0]
    cells = pd.concat([history, new], ignore_index=True)
    additive = cells["table"].map(lambda t: specs[t].additive_over_periods).to_numpy(dtype=bool)
    current = (cells["release"] == str(quarter)).to_numpy()
    main = protect(cells[additive], specs, current[additive], policy)
    parts = [main]
    for name, spec in specs.items():
        if not spec.additive_over_periods:
            mine = (cells["table"] == name).to_numpy() & current
            parts.append(protect(cells[mine], specs, np.ones(mine.sum(), dtype=bool), policy))
            old = (cells["table"] == name).to_numpy() & ~current
            parts.append(cells[old])
    merged = pd.concat(parts, ignore_index=True)
    merged = merged.sort_values(["release", "table", "period"], kind="mergesort")
    return Release(quarter, policy, specs, merged.reset_index(drop=True))
