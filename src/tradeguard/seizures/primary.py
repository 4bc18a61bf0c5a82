"""Primary sensitivity rules (methods brief 3.1 and 5.B).

* Threshold (FREQ): fewer than ``k`` distinct contributors (entities, not events); a zero cell
  is sensitive only when ``zeros_sensitive`` is set.
* Dominance (NK): the ``n`` largest contributions exceed ``k%`` of the cell value.
* p% (P): the cell value less the two largest contributions is below ``p%`` of the largest,
  so the second contributor could estimate the first to within ``p%``.

Each flagged cell gets the codes of every rule it fails, e.g. ``"FREQ;P"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeguard.seizures.params import SeizuresPolicy

__all__ = ["primary_reasons", "rule_text"]


def primary_reasons(
    cells: pd.DataFrame, policy: SeizuresPolicy, *, value_col: str | None
) -> pd.Series:
    """The failed rule codes per cell (empty string: the cell is safe).

    ``value_col`` names the value measure (with columns ``top1``, ``top2`` and ``top_n`` of
    its largest contributions) to which NK and p% apply; ``None`` for count-only tables.
    """
    n = cells["contributors"].to_numpy()
    k = policy.min_contributors
    freq = (n < k) & ((n > 0) | policy.zeros_sensitive)
    codes = [np.where(freq, "FREQ", "")]
    if value_col is not None:
        total = cells[value_col].to_numpy(dtype=float)
        top1 = cells["top1"].to_numpy(dtype=float)
        top2 = cells["top2"].to_numpy(dtype=float)
        top_n = cells["top_n"].to_numpy(dtype=float)
        positive = total > 0
        nk = positive & (top_n > policy.dominance_k_pct / 100.0 * total + 1e-9)
        p_rule = positive & (total - top1 - top2 < policy.p_pct / 100.0 * top1 - 1e-9)
        codes += [np.where(nk, "NK", ""), np.where(p_rule, "P", "")]
    joined = [";".join(c for c in parts if c) for parts in zip(*codes, strict=True)]
    return pd.Series(joined, index=cells.index, dtype=object)


def rule_text(code: str, policy: SeizuresPolicy) -> str:
    """A readable sentence for a rule code."""
    texts = {
        "FREQ": f"fewer than {policy.min_contributors} distinct offenders contribute",
        "NK": (
            f"the {policy.dominance_n} largest offenders hold more than "
            f"{policy.dominance_k_pct:g}% of the value"
        ),
        "P": (
            f"the second-largest offender could estimate the largest within {policy.p_pct:g}%"
        ),
    }
    return "; ".join(texts.get(c, c) for c in code.split(";") if c)
