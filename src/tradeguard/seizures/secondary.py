"""Secondary (complementary) suppression, audited by the LP attacker until it passes.

Heuristic of methods brief 3.3 (the fallback when no optimal solver is used):

1. A suppressed cell that is the only suppressed cell of a line of its table (same period, all
   categories of one dimension with their total) is recovered by subtraction; suppress the
   cheapest published cell of that line (interior before margins, small before large, ties
   by cell id). Repeat until no line has a lone suppression. This needs no solver.
2. Then ask the LP attacker (:mod:`tradeguard.seizures.audit`) about every suppressed cell not
   yet confirmed, on every measure; for each cell it can still pin down, suppress one more
   published cell of the current release next to it (same period and one dimension apart, or
   the same key in the other period of the release). Back to 1.

Cells that count the same rows in two tables share one status. Adding a suppression only
removes constraints, so a cell that passed stays passed and only failing cells are re-audited.
Cells of earlier releases never change: one published before is a constraint, one suppressed
before is audited again, so that differencing across releases cannot recover it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tradeguard.errors import Conflict
from tradeguard.seizures.audit import AttackSystem, attack, build_system, protection_level
from tradeguard.seizures.params import SeizuresPolicy
from tradeguard.seizures.tables import TOTAL, TableSpec, cell_ids, signatures

__all__ = ["PUBLISHED", "protect"]

PUBLISHED = "published"


class _State:
    """Arrays over the cells that the rounds read and update."""

    def __init__(
        self, cells: pd.DataFrame, specs: Mapping[str, TableSpec], current: np.ndarray
    ) -> None:
        self.cells = cells
        self.current = current
        self.ids = cell_ids(cells, specs).to_numpy(dtype=object)
        self.sig = pd.factorize(signatures(cells))[0]
        self.period = pd.factorize(cells["tokens"].map(lambda t: ",".join(t)))[0]
        self.table = pd.factorize(cells["table"])[0]
        self.suppressed = (cells["status"] != PUBLISHED).to_numpy().copy()
        self.reason = cells["reason"].to_numpy(dtype=object).copy()
        self.seizures = cells["seizures"].to_numpy(dtype=float)
        dims = {t: specs[t].dims for t in cells["table"].unique()}
        width = max(len(d) for d in dims.values())
        keys = np.full((len(cells), width), "", dtype=object)
        for t, names in dims.items():
            rows = (cells["table"] == t).to_numpy()
            keys[np.ix_(rows, np.arange(len(names)))] = cells.loc[rows, list(names)].to_numpy()
        self.keys = keys
        self.ndims = cells["table"].map(lambda t: len(dims[t])).to_numpy()
        self.totals = (keys == TOTAL).sum(axis=1)

    def suppress(self, j: int, reason: str) -> None:
        self.suppressed[j] = True
        self.reason[j] = reason

    def close_links(self) -> None:
        hit = np.zeros(self.sig.max() + 1, dtype=bool)
        hit[self.sig[self.suppressed]] = True
        for i in np.flatnonzero(hit[self.sig] & ~self.suppressed & self.current):
            partner = np.flatnonzero((self.sig == self.sig[i]) & self.suppressed)[0]
            self.suppress(int(i), f"same rows as {self.ids[partner]}")

    def line(self, i: int, axis: int) -> np.ndarray:
        """Mask of the cells in the line of ``i`` along ``axis`` (same table and period)."""
        others = [a for a in range(self.ndims[i]) if a != axis]
        mask = (self.table == self.table[i]) & (self.period == self.period[i])
        if others:
            mask &= (self.keys[:, others] == self.keys[i, others]).all(axis=1)
        return np.asarray(mask)

    def lone_lines(self) -> list[tuple[int, np.ndarray]]:
        """(cell, line) for every suppressed cell alone in one of its lines, by cell id."""
        out = []
        for i in sorted(np.flatnonzero(self.suppressed), key=lambda x: self.ids[x]):
            for axis in range(self.ndims[i]):
                mask = self.line(int(i), axis)
                if mask.sum() > 1 and (mask & self.suppressed).sum() == 1:
                    out.append((int(i), mask))
                    break
        return out

    def cheapest(self, mask: np.ndarray) -> int | None:
        pool = np.flatnonzero(mask & ~self.suppressed & self.current)
        if not len(pool):
            return None
        order = sorted(pool, key=lambda j: (self.seizures[j] == 0, self.totals[j],
                                            self.seizures[j], self.ids[j]))
        return int(order[0])

    def widened(self, i: int) -> np.ndarray:
        """Current cells of ``i``'s table sharing any key with it, else the whole table: the
        fallback when its neighbours are all withheld and it is still recoverable."""
        same_table = self.table == self.table[i]
        shares = (self.keys == self.keys[i]).any(axis=1) & same_table
        pool = shares & ~self.suppressed & self.current
        return np.asarray(shares if pool.any() else same_table)

    def neighbours(self, i: int) -> np.ndarray:
        """Current cells of ``i``'s table one dimension apart in its period, or with its key
        in another period."""
        same_table = self.table == self.table[i]
        diff = (self.keys != self.keys[i]).sum(axis=1)
        same_period = self.period == self.period[i]
        return np.asarray(same_table & ((same_period & (diff == 1)) | (~same_period & (diff == 0))))


def _lp_failing(state: _State, targets: list[int], measures: tuple[str, ...],
                policy: SeizuresPolicy, system: AttackSystem) -> set[int]:
    published = ~state.suppressed
    failing: set[int] = set()
    remaining = list(targets)
    for measure in measures:
        if not remaining:
            break
        values = state.cells[measure].to_numpy(dtype=float)
        intervals = attack(system, published, values, np.array(remaining, dtype=np.int64))
        for i, interval in zip(remaining, intervals, strict=True):
            need = protection_level(measure, values[i], policy)
            if interval.width < need - 1e-6 * max(1.0, abs(values[i])):
                failing.add(i)
        remaining = [i for i in remaining if i not in failing]
    return failing


def _fix_lone_lines(state: _State) -> None:
    for _ in range(len(state.suppressed) + 1):
        state.close_links()
        lone = state.lone_lines()
        added = 0
        for i, mask in lone:
            if (mask & state.suppressed).sum() > 1:
                continue  # fixed earlier in this pass
            j = state.cheapest(mask)
            if j is not None:
                state.suppress(j, f"protects {state.ids[i]}")
                added += 1
        if not added:
            return


def protect(
    cells: pd.DataFrame, specs: Mapping[str, TableSpec], current: np.ndarray,
    policy: SeizuresPolicy,
) -> pd.DataFrame:
    """``cells`` (columns ``status`` and ``reason``) with secondary suppressions added to the
    ``current`` rows until every suppressed cell passes the LP audit on every measure of its
    table. Raises :class:`~tradeguard.errors.Conflict` when it cannot."""
    cells = cells.reset_index(drop=True).copy()
    if cells.empty:
        return cells
    measures = specs[str(cells["table"].iat[0])].measures
    state = _State(cells, specs, np.asarray(current, dtype=bool))
    system = build_system(cells, specs)
    confirmed: set[int] = set()
    for _ in range(policy.max_rounds):
        _fix_lone_lines(state)
        targets = [int(i) for i in np.flatnonzero(state.suppressed) if int(i) not in confirmed]
        failing = _lp_failing(state, targets, measures, policy, system)
        confirmed |= set(targets) - failing
        if not failing:
            cells["status"] = np.where(
                state.suppressed, np.where(cells["status"] == "primary", "primary", "secondary"),
                PUBLISHED)
            cells["reason"] = state.reason
            return cells
        added = 0
        for i in sorted(failing, key=lambda x: state.ids[x]):
            j = state.cheapest(state.neighbours(i))
            if j is None:  # every near cell is withheld already: widen to the table
                j = state.cheapest(state.widened(i))
            if j is not None:
                state.suppress(j, f"protects {state.ids[i]}")
                added += 1
        if not added:
            raise Conflict(f"cell {state.ids[min(failing)]} cannot be protected by this release")
    raise Conflict(f"secondary suppression did not converge in {policy.max_rounds} rounds")
