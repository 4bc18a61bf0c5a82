"""The importer risk model: the probability that an importer will not pay what it will owe.

A glass box: a logistic model that adds one shape per feature. Each shape is piecewise linear
between knots at training quantiles, and its slope may only have the feature's
:attr:`~tradeguard.revenue.features.Feature.direction` (more late bills may never lower risk), so
risk is monotone in bad evidence by construction. Each importer's log-odds is the intercept (an
importer at every feature's lowest knot) plus one contribution per feature, which is how the
decision explains itself. Fitted by penalised maximum likelihood (L-BFGS-B with sign bounds).

The fitted model is policy (``revenue.risk.model``), so a decision's policy version pins it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize, special

from tradeguard.errors import InvalidInput
from tradeguard.revenue.features import FEATURES, Feature

__all__ = ["RiskModel", "Shape", "fit_logistic", "fit_risk_model"]

Array = npt.NDArray[np.float64]
QUANTILES = (0.0, 0.5, 0.75, 0.9, 0.97, 1.0)


@dataclass(frozen=True, slots=True)
class Shape:
    """One feature's piecewise-linear shape: ``sum_j coefs[j] * ramp_j(x)`` where ``ramp_j``
    rises from 0 at ``knots[j]`` to 1 at ``knots[j+1]``."""

    knots: tuple[float, ...]
    coefs: tuple[float, ...]

    def basis(self, x: Array) -> Array:
        k = np.asarray(self.knots, dtype=float)
        width = np.diff(k)
        return np.asarray(np.clip((x[:, None] - k[:-1]) / width, 0.0, 1.0), dtype=float)

    def value(self, x: Array) -> Array:
        return np.asarray(self.basis(x) @ np.asarray(self.coefs, dtype=float), dtype=float)


def _knots(x: Array) -> tuple[float, ...]:
    qs = np.unique(np.round(np.quantile(x, QUANTILES), 9))
    if len(qs) == 1:
        return ()
    return tuple(float(q) for q in qs)


@dataclass(frozen=True, slots=True)
class RiskModel:
    """Intercept and one :class:`Shape` per feature; see the module docstring."""

    intercept: float
    shapes: Mapping[str, Shape]
    meta: Mapping[str, Any]

    def contributions(self, features: pd.DataFrame) -> pd.DataFrame:
        """Log-odds contribution of each feature for each importer (same index)."""
        out = {
            name: shape.value(features[name].to_numpy(dtype=float))
            for name, shape in self.shapes.items()
        }
        return pd.DataFrame(out, index=features.index)

    def predict(self, features: pd.DataFrame) -> pd.Series:
        """Probability of not paying, per importer."""
        logit = self.intercept + self.contributions(features).sum(axis=1)
        return pd.Series(special.expit(logit.to_numpy()), index=features.index)

    def to_policy(self) -> dict[str, Any]:
        """The mapping stored as ``revenue.risk.model``."""
        return {
            "intercept": round(self.intercept, 6),
            "shapes": {
                n: {"knots": [round(k, 6) for k in s.knots],
                    "coefs": [round(c, 6) for c in s.coefs]}
                for n, s in self.shapes.items()
            },
            "meta": dict(self.meta),
        }

    @classmethod
    def from_policy(cls, value: Mapping[str, Any]) -> RiskModel:
        if not value or "shapes" not in value:
            raise InvalidInput(
                "revenue.risk.model is empty: fit one with `tradeguard revenue evaluate`"
            )
        known = {f.name for f in FEATURES}
        shapes = {}
        for name, body in value["shapes"].items():
            if name not in known:
                raise InvalidInput(f"revenue.risk.model uses unknown feature {name!r}")
            shapes[str(name)] = Shape(tuple(body["knots"]), tuple(body["coefs"]))
        return cls(float(value["intercept"]), shapes, dict(value.get("meta", {})))


def _bounds(feature: Feature, n: int) -> list[tuple[float | None, float | None]]:
    if feature.direction > 0:
        return [(0.0, None)] * n
    if feature.direction < 0:
        return [(None, 0.0)] * n
    return [(None, None)] * n


def _fit(design: Array, y: Array, bounds: Sequence[tuple[float | None, float | None]],
         penalty: float) -> Array:
    """Penalised logistic regression; column 0 of ``design`` is the unpenalised intercept."""
    rate = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    start = np.zeros(design.shape[1])
    start[0] = np.log(rate / (1 - rate))
    mask = np.ones(design.shape[1])
    mask[0] = 0.0

    def loss(beta: Array) -> tuple[float, Array]:
        z = design @ beta
        nll = float(np.sum(np.logaddexp(0.0, z) - y * z))
        grad = design.T @ (special.expit(z) - y) + penalty * mask * beta
        return nll + 0.5 * penalty * float(np.sum(mask * beta**2)), grad

    result = optimize.minimize(loss, start, jac=True, method="L-BFGS-B",
                               bounds=[(None, None), *bounds], options={"maxiter": 2000})
    return np.asarray(result.x, dtype=float)


def fit_risk_model(features: pd.DataFrame, y: Sequence[int] | pd.Series, *,
                   penalty: float = 1.0, meta: Mapping[str, Any] | None = None) -> RiskModel:
    """Fit the monotone additive model on labelled rows (1: did not pay)."""
    target = np.asarray(y, dtype=float)
    blocks: list[Array] = [np.ones((len(target), 1))]
    bounds: list[tuple[float | None, float | None]] = []
    layout: list[tuple[str, tuple[float, ...]]] = []
    for feature in FEATURES:
        x = features[feature.name].to_numpy(dtype=float)
        knots = _knots(x)
        if not knots:
            continue
        blocks.append(Shape(knots, (0.0,) * (len(knots) - 1)).basis(x))
        bounds += _bounds(feature, len(knots) - 1)
        layout.append((feature.name, knots))
    beta = _fit(np.hstack(blocks), target, bounds, penalty)
    shapes: dict[str, Shape] = {}
    at = 1
    for name, knots in layout:
        n = len(knots) - 1
        shapes[name] = Shape(knots, tuple(float(c) for c in beta[at : at + n]))
        at += n
    info = {"rows": len(target), "positives": int(target.sum()), "penalty": penalty}
    return RiskModel(float(beta[0]), shapes, {**info, **dict(meta or {})})


def fit_logistic(features: pd.DataFrame, y: Sequence[int] | pd.Series,
                 penalty: float = 1.0) -> tuple[Array, Array, Array]:
    """Baseline: plain linear logistic regression on standardised features (no shapes, no
    sign constraints). Returns ``(beta, mean, scale)``; score with :func:`logistic_score`."""
    x = features.to_numpy(dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    design = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    beta = _fit(design, np.asarray(y, dtype=float), [(None, None)] * x.shape[1], penalty)
    return beta, mean, scale


def logistic_score(features: pd.DataFrame, fitted: tuple[Array, Array, Array]) -> Array:
    beta, mean, scale = fitted
    x = (features.to_numpy(dtype=float) - mean) / scale
    return np.asarray(special.expit(beta[0] + x @ beta[1:]), dtype=float)
