"""Break-even fee with volume elasticity, true-up and reserve (methods 5.C).

Cost C(V) = F + v·V. The fee f is charged on b units per item and the streams also earn o per
item from their other fees, plus fixed offsets. Volume answers the fees paid per item,
p(f) = f·b + o, with constant elasticity: V(f) = V0·(p(f)/p(f0))^ε, which is methods'
V0·(f/f0)^ε when the fee is the only one (b = 1, o = 0) and stays finite as f falls to zero when
it is not. The break-even fee solves::

    (f·b + o)·V(f) + offsets = F + v·V(f) + TU/K + reserve

by bracketing on a log grid and bisection (vectorised over Monte Carlo draws), then is rounded
**up** to the cent. With ε = 0 it is the closed form f = ((F + TU/K + reserve - offsets)/V0 +
v - o)/b. When no fee up to ``max_fee_usd`` breaks even (as when ε ≤ -1 makes revenue fall with the
fee) the result is infeasible and says why; it is never clipped.

>>> r = solve_break_even(BreakEvenProblem(150e6, 1.20, 100e6, 1.34, elasticity=-0.2))
>>> str(r.fee_usd), round(r.coverage_at_fee, 4), round(r.problem.volume(r.fee_exact_usd) / 1e6, 1)
('2.96', 1.0008, 85.4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from tradeguard.errors import InvalidInput

__all__ = [
    "BreakEvenProblem",
    "BreakEvenResult",
    "Scenario",
    "TrueUp",
    "break_even_fees",
    "round_up_cent",
    "solve_break_even",
]

Array = npt.NDArray[np.float64]
_GRID_POINTS = 800
_FEE_FLOOR = 1e-6
_BISECTIONS = 90


@dataclass(frozen=True, slots=True)
class BreakEvenProblem:
    """The inputs of one break-even calculation (money in USD, volume in items per year)."""

    fixed_usd: float
    variable_usd_per_item: float
    volume0: float
    fee0_usd: float
    elasticity: float = -0.2
    fee_units_per_item: float = 1.0
    other_revenue_per_item_usd: float = 0.0
    offsets_usd: float = 0.0
    true_up_usd: float = 0.0  # past under-recovery (+) or over-recovery (-)
    amortise_years: int = 3
    reserve_usd: float = 0.0
    max_fee_usd: float = 100_000.0

    def __post_init__(self) -> None:
        if self.volume0 <= 0 or self.fee0_usd <= 0 or self.per_item_usd(self.fee0_usd) <= 0:
            raise InvalidInput("break-even needs a positive volume and positive current fees")
        if self.amortise_years < 1:
            raise InvalidInput("the true-up must be amortised over at least one year")

    @property
    def extra_usd(self) -> float:
        """Yearly true-up instalment plus reserve."""
        return self.true_up_usd / self.amortise_years + self.reserve_usd

    def per_item_usd(self, fee: float) -> float:
        """Fees paid per item when the fee is ``fee``: p(f) = f·b + o."""
        return fee * self.fee_units_per_item + self.other_revenue_per_item_usd

    def volume(self, fee: float) -> float:
        ratio = self.per_item_usd(fee) / self.per_item_usd(self.fee0_usd)
        return self.volume0 * ratio**self.elasticity if ratio > 0 else self.volume0

    def cost(self, fee: float) -> float:
        return self.fixed_usd + self.variable_usd_per_item * self.volume(fee)

    def requirement(self, fee: float) -> float:
        return self.cost(fee) + self.extra_usd

    def revenue(self, fee: float) -> float:
        return self.per_item_usd(fee) * self.volume(fee) + self.offsets_usd

    def coverage(self, fee: float) -> float:
        """Revenue over requirement (cost plus true-up instalment and reserve) at ``fee``.

        Infinite when a past over-recovery leaves nothing to recover this year.
        """
        need = self.requirement(fee)
        return self.revenue(fee) / need if need > 0 else math.inf


@dataclass(frozen=True, slots=True)
class BreakEvenResult:
    problem: BreakEvenProblem
    feasible: bool
    fee_exact_usd: float | None
    fee_usd: Decimal | None  # rounded up to the cent
    reason: str

    @property
    def volume_at_fee(self) -> float:
        return self.problem.volume(float(self.fee_usd)) if self.fee_usd is not None else math.nan

    @property
    def coverage_at_fee(self) -> float:
        return self.problem.coverage(float(self.fee_usd)) if self.fee_usd is not None else math.nan


def round_up_cent(fee: float) -> Decimal:
    """Round up to the cent, ignoring float noise below a millionth of a cent."""
    return Decimal(math.ceil(round(fee * 100, 6))) / 100


def _as(x: npt.ArrayLike) -> Array:
    return np.atleast_1d(np.asarray(x, dtype=np.float64))


def break_even_fees(
    fixed: npt.ArrayLike,
    variable: npt.ArrayLike,
    volume0: npt.ArrayLike,
    fee0: npt.ArrayLike,
    elasticity: float,
    units_per_item: npt.ArrayLike = 1.0,
    other_per_item: npt.ArrayLike = 0.0,
    net_extra: npt.ArrayLike = 0.0,
    max_fee: float = 100_000.0,
) -> Array:
    """Exact (unrounded) break-even fees, one per row; NaN where infeasible.

    ``net_extra`` is TU/K + reserve - offsets, added to the fixed cost.
    """
    given = (fixed, variable, volume0, fee0, units_per_item, other_per_item, net_extra)
    f_, v_, V0, f0, b, o, x = np.broadcast_arrays(*(_as(a) for a in given))
    need = f_ + x
    if elasticity == 0:
        with np.errstate(divide="ignore", invalid="ignore"):
            closed = (need / V0 + v_ - o) / b
        return np.where(b > 0, np.maximum(closed, 0.0), np.where(closed <= 0, 0.0, np.nan))
    grid = np.geomspace(_FEE_FLOOR, max_fee, _GRID_POINTS)

    def g(fee: Array, idx: npt.NDArray[np.intp]) -> Array:
        """Revenue minus requirement; ``fee`` has one row per index in ``idx``."""

        def col(a: Array) -> Array:
            return a[idx][:, None]

        per_item = fee * col(b) + col(o)
        volume = col(V0) * (per_item / (col(f0) * col(b) + col(o))) ** elasticity
        out: Array = (per_item - col(v_)) * volume - col(need)
        return out

    everyone = np.arange(f_.shape[0])
    ok = g(grid[None, :], everyone) >= 0
    found = ok.any(axis=1)
    first = np.argmax(ok, axis=1)
    # At a zero fee the volume stays finite only when other fees are paid (o > 0).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        at_zero = (o - v_) * V0 * (o / (f0 * b + o)) ** elasticity - need
    free = found & (first == 0) & (o > 0) & (at_zero >= 0)
    out = np.full(f_.shape, np.nan)
    out[free] = 0.0
    rows = np.flatnonzero(found & ~free)
    lo = np.where(first[rows] > 0, grid[np.maximum(first[rows] - 1, 0)], 0.0)
    hi = grid[first[rows]]
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        up = g(mid[:, None], rows)[:, 0] >= 0
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    out[rows] = hi
    return out


def _infeasible_reason(p: BreakEvenProblem) -> str:
    grid = np.geomspace(0.01, p.max_fee_usd, 400)
    cover = np.array([p.coverage(float(f)) for f in grid])
    best = int(np.argmax(cover))
    why = (
        f"with elasticity {p.elasticity:+.2f} revenue falls as the fee rises"
        if p.elasticity <= -1
        else "volume is too small to carry the cost"
    )
    return (
        f"No fee up to ${p.max_fee_usd:,.2f} per unit recovers the cost: {why}; the best "
        f"coverage is {cover[best]:.1%} at ${grid[best]:,.2f}"
    )


def solve_break_even(problem: BreakEvenProblem) -> BreakEvenResult:
    """The break-even fee of ``problem``, rounded up to the cent, or why there is none."""
    p = problem
    exact = float(
        break_even_fees(
            p.fixed_usd,
            p.variable_usd_per_item,
            p.volume0,
            p.fee0_usd,
            p.elasticity,
            p.fee_units_per_item,
            p.other_revenue_per_item_usd,
            p.extra_usd - p.offsets_usd,
            p.max_fee_usd,
        )[0]
    )
    if math.isnan(exact):
        return BreakEvenResult(p, False, None, None, _infeasible_reason(p))
    fee = round_up_cent(exact)
    if fee > 0 and p.coverage(float(fee)) < 1 - 1e-12:
        return BreakEvenResult(
            p, False, exact, None, f"The root ${exact:.4f} does not survive rounding to the cent"
        )
    reason = (
        f"Break-even at ${exact:.4f}, rounded up to ${fee} (elasticity {p.elasticity:+.2f})"
        if fee > 0
        else "Other fees and offsets already recover the cost: no fee is needed"
    )
    return BreakEvenResult(p, True, exact, fee, reason)


@dataclass(frozen=True, slots=True)
class TrueUp:
    """Past under-recovery (+) or over-recovery (-) of one fee's streams."""

    years: tuple[int, ...]
    gap_usd: float
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    """The break-even fee under one elasticity, without and with the true-up."""

    elasticity: float
    without_true_up: BreakEvenResult
    with_true_up: BreakEvenResult
