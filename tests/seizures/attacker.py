"""An attacker written separately from the engine's audit, for the tests: dense matrices built
by plain loops from the table definitions, solved with scipy's ``linprog``."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from tradeguard.seizures.publish import Release
from tradeguard.seizures.tables import ALL_DIMS, TOTAL


def _atoms(release: Release, cells: pd.DataFrame) -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for name, spec in release.specs.items():
        tokens = sorted({t for ts in cells.loc[cells["table"] == name, "tokens"] for t in ts})
        for token in tokens:
            for key in itertools.product(*(spec.levels[d] for d in spec.dims)):
                out.append((name, token, key))
    return out


def _support(release: Release, cell: pd.Series, atoms: tuple[np.ndarray, ...]) -> np.ndarray:
    dims = release.specs[cell["table"]].dims
    tables, tokens, keys = atoms
    mask = (tables == cell["table"]) & np.isin(tokens, list(cell["tokens"]))
    for j, d in enumerate(dims):
        if cell[d] != TOTAL:
            mask &= keys[:, j] == cell[d]
    return mask.astype(float)


def _signature(cell: pd.Series) -> tuple[object, ...]:
    return (tuple(cell["tokens"]), *("" if cell[d] == TOTAL else cell[d] for d in ALL_DIMS))


def intervals(release: Release, measure: str) -> dict[int, tuple[float, float, float]]:
    """For every withheld cell (any release of the year): (true value, min, max)."""
    cells = release.cells[release.cells["table"].map(
        lambda t: measure in release.specs[t].measures)].reset_index(drop=True)
    listed = _atoms(release, cells)
    atoms = (np.array([a[0] for a in listed], dtype=object),
             np.array([a[1] for a in listed], dtype=object),
             np.array([(*a[2], "", "", "")[:3] for a in listed], dtype=object))
    rows = np.array([_support(release, cells.iloc[i], atoms) for i in range(len(cells))])
    published = (cells["status"] == "published").to_numpy()
    a_eq = [rows[published]]
    b_eq = [cells.loc[published, measure].to_numpy(dtype=float)]
    groups: dict[tuple[object, ...], list[int]] = {}
    for i in range(len(cells)):
        groups.setdefault(_signature(cells.iloc[i]), []).append(i)
    for members in groups.values():
        for a, b in itertools.pairwise(members):
            a_eq.append((rows[a] - rows[b])[None, :])
            b_eq.append(np.zeros(1))
    a_mat, b_vec = np.vstack(a_eq), np.concatenate(b_eq)
    out = {}
    for i in np.flatnonzero(~published):
        c = rows[i]
        low = linprog(c, A_eq=a_mat, b_eq=b_vec, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a_mat, b_eq=b_vec, bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        top = np.inf if high.status == 3 else -high.fun
        out[int(i)] = (float(cells[measure].iat[i]), float(low.fun), float(top))
    return out
