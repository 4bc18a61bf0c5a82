"""EO 13904 s.4(b): shipments through the postal network facilitated by persons who may not
obtain an importer of record (IOR) number.

The report needs to know which IOR numbers are ineligible (suspended or debarred, s.2). That is
the party screening engine's job (``tradeguard.parties``), which this module does not
re-implement: it takes any object with an ``ineligible_iors(iors, on)`` method
(:class:`IorScreen`) and counts, per post and quarter, the items that name such an IOR. Until
the screening engine exists, calling the report without a screen raises ``Unavailable``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Protocol

import pandas as pd
import pyarrow as pa

from tradeguard.errors import Unavailable
from tradeguard.posts.aggregate import ItemsSource, _quarter_expr, connect, register_items
from tradeguard.posts.params import PostsPolicy

__all__ = ["IorScreen", "ior_facilitation_report"]


class IorScreen(Protocol):
    """What the report needs from party screening: the ineligible IOR numbers among ``iors``."""

    def ineligible_iors(self, iors: Collection[str], on: dt.date) -> Collection[str]: ...


def ior_facilitation_report(
    source: ItemsSource, screen: IorScreen | None, policy: PostsPolicy, on: dt.date
) -> pd.DataFrame:
    """Per post and quarter: items naming an IOR, and those naming an ineligible IOR."""
    if screen is None:
        raise Unavailable(
            "the s.4(b) report needs the party screening engine (tradeguard.parties), "
            "which is not available; pass an IorScreen"
        )
    con = connect()
    try:
        types = register_items(con, source)
        if "ior_number" not in types:
            return pd.DataFrame(
                columns=["post_code", "quarter", "items_with_ior", "items_ineligible_ior"]
            )
        iors = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT TRIM(CAST(ior_number AS VARCHAR)) FROM items WHERE "
                "NULLIF(TRIM(CAST(ior_number AS VARCHAR)), '') IS NOT NULL"
            ).fetchall()
        ]
        bad = sorted(set(screen.ineligible_iors(iors, on)))
        con.register("ineligible", pa.table({"ior": pa.array(bad, pa.string())}))
        quarter = _quarter_expr(policy.fiscal_quarters)
        return con.execute(f"""
            SELECT post_code, {quarter} AS quarter,
                   COUNT(*) AS items_with_ior,
                   COUNT_IF(ior IN (SELECT ior FROM ineligible)) AS items_ineligible_ior
            FROM (SELECT CAST(post_code AS VARCHAR) AS post_code,
                         TRY_CAST(arrival_date AS DATE) AS arrival,
                         TRIM(CAST(ior_number AS VARCHAR)) AS ior FROM items)
            WHERE NULLIF(ior, '') IS NOT NULL AND arrival IS NOT NULL
            GROUP BY ALL ORDER BY post_code, quarter""").df()
    finally:
        con.close()
