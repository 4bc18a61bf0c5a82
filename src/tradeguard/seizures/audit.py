"""The linear-programming attacker (methods brief 3.2 and 5.B).

The attacker knows every published cell of every table of every release so far, that each
cell is the sum of its interior cells ("atoms": one per table, period and interior key), that
cells of different tables counting the same rows are equal, and that no atom is negative. For
each suppressed cell it solves ``min`` and ``max`` of the cell under those constraints (HiGHS
through ``highspy``). The cell is protected when ``max - min`` is at least its
protection level ``PL = max(k, protection_pct% of the value)`` (``k`` only for counts of
contributors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
from scipy import sparse

from tradeguard.errors import TradeGuardError
from tradeguard.seizures.params import SeizuresPolicy
from tradeguard.seizures.tables import COUNT_MEASURES, TOTAL, TableSpec, signatures

__all__ = ["AttackSystem", "Interval", "attack", "build_system", "protection_level"]


@dataclass(frozen=True, slots=True)
class Interval:
    """What the attacker can tell about one suppressed cell."""

    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True, slots=True)
class AttackSystem:
    """Every cell as a row of 0/1 over the atoms, and the pairs of cells known to be equal."""

    support: sparse.csr_matrix
    links: np.ndarray  # shape (m, 2): row indices of cells with the same signature


def _table_support(
    cells: pd.DataFrame, spec: TableSpec, start: int
) -> tuple[list[np.ndarray], list[np.ndarray], int]:
    interior = spec.interior()
    codes = {d: {v: i for i, v in enumerate(spec.levels[d])} for d in spec.dims}
    grid = np.array([[codes[d][k[j]] for j, d in enumerate(spec.dims)] for k in interior])
    grid = grid.reshape(len(interior), len(spec.dims))
    keys = np.array(
        [[-1 if v == TOTAL else codes[d][v] for d, v in zip(spec.dims, row, strict=True)]
         for row in cells[list(spec.dims)].itertuples(index=False)]
    ).reshape(len(cells), len(spec.dims))
    mask = ((keys[:, None, :] == -1) | (keys[:, None, :] == grid[None, :, :])).all(axis=2)
    tokens = sorted({t for ts in cells["tokens"] for t in ts})
    slot = {t: i for i, t in enumerate(tokens)}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    width = len(interior)
    for pos, (row_mask, ts) in enumerate(zip(mask, cells["tokens"], strict=True)):
        hits = np.flatnonzero(row_mask)
        for t in ts:
            cols.append(start + slot[t] * width + hits)
            rows.append(np.full(len(hits), pos))
    return rows, cols, start + len(tokens) * width


def build_system(cells: pd.DataFrame, specs: Mapping[str, TableSpec]) -> AttackSystem:
    """The attacker's view of ``cells`` (positional rows, any status)."""
    cells = cells.reset_index(drop=True)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    start = 0
    for name, part in cells.groupby("table", sort=True):
        r, c, start = _table_support(part, specs[str(name)], start)
        offsets = part.index.to_numpy()
        rows += [offsets[x] for x in r]
        cols += c
    data_rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    data_cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    support = sparse.csr_matrix(
        (np.ones(len(data_rows)), (data_rows, data_cols)), shape=(len(cells), start)
    )
    sig = signatures(cells)
    position = pd.Series(np.arange(len(cells)), index=cells.index)
    first = position.groupby(sig.to_numpy(), sort=False).transform("first").to_numpy()
    dup = first != position.to_numpy()
    links = np.column_stack([first[dup], position.to_numpy()[dup]])
    return AttackSystem(support, links.astype(np.int64).reshape(-1, 2))


def protection_level(measure: str, value: float, policy: SeizuresPolicy) -> float:
    """``max(k, pct% of value)`` for counts of contributors, ``pct% of value`` otherwise."""
    floor = float(policy.min_contributors) if measure in COUNT_MEASURES else 0.0
    return max(floor, policy.protection_pct / 100.0 * abs(value))


def _constraints(
    system: AttackSystem, published: np.ndarray, values: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray]:
    fixed = system.support[np.flatnonzero(published)]
    parts = [fixed]
    if len(system.links):
        a, b = system.links[:, 0], system.links[:, 1]
        need = ~(published[a] & published[b])
        if need.any():
            parts.append(system.support[a[need]] - system.support[b[need]])
    rhs = np.concatenate([values[published], np.zeros(sum(p.shape[0] for p in parts[1:]))])
    return sparse.vstack(parts, format="csr"), rhs


_SETTLED = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
)


class _Solver:
    """One HiGHS model of the published constraints; objectives change, the basis is reused."""

    def __init__(self, a_eq: sparse.csr_matrix, b_eq: np.ndarray) -> None:
        n = a_eq.shape[1]
        a = a_eq.tocsc()
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = a_eq.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.full(n, highspy.kHighsInf)
        lp.row_lower_ = b_eq
        lp.row_upper_ = b_eq
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")
        self.highs.setOptionValue("solver", "simplex")
        self.highs.setOptionValue("simplex_strategy", 4)
        self.highs.passModel(lp)
        self.cost_at = np.zeros(0, dtype=np.int32)

    def _objective(self, columns: np.ndarray) -> None:
        if len(self.cost_at):
            self.highs.changeColsCost(len(self.cost_at), self.cost_at, np.zeros(len(self.cost_at)))
        cols = columns.astype(np.int32)
        self.highs.changeColsCost(len(cols), cols, np.ones(len(cols)))
        self.cost_at = cols

    def _status(self) -> highspy.HighsModelStatus:
        self.highs.run()
        status = self.highs.getModelStatus()
        if status not in _SETTLED:  # warm start went astray: solve afresh with presolve
            self.highs.clearSolver()
            self.highs.setOptionValue("presolve", "on")
            self.highs.run()
            self.highs.setOptionValue("presolve", "off")
            status = self.highs.getModelStatus()
        return status

    def _run(self, sense: highspy.ObjSense) -> float:
        self.highs.changeObjectiveSense(sense)
        status = self._status()
        if status in (highspy.HighsModelStatus.kUnbounded,
                      highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return math.inf
        if status != highspy.HighsModelStatus.kOptimal:
            raise TradeGuardError(f"the disclosure audit LP failed: {status}")
        return float(self.highs.getInfo().objective_function_value)

    def interval(self, columns: np.ndarray) -> Interval:
        self._objective(columns)
        low = self._run(highspy.ObjSense.kMinimize)
        high = self._run(highspy.ObjSense.kMaximize)
        return Interval(max(low, 0.0), high)


def attack(
    system: AttackSystem, published: np.ndarray, values: np.ndarray, targets: np.ndarray
) -> list[Interval]:
    """The attacker's interval for each target row, given the published rows' ``values``.

    ``published`` is a boolean mask over the cells; ``values`` the true value of one measure
    for every cell (only the published ones are used as constraints).
    """
    if not len(targets):
        return []
    a_eq, b_eq = _constraints(system, published, values.astype(float))
    solver = _Solver(a_eq, b_eq)
    return [solver.interval(system.support[int(i)].indices) for i in targets]
