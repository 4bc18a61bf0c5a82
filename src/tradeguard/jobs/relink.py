"""Job ``relink-registry``: candidate pairs of registry records that may be one person
(2 CFR 180.905; EO 13904 s.3(a) re-established persons).

Each importer record gets the blocking keys of :meth:`tradeguard.parties.linkage.Linker.keys`
(shared officer ``O:``, phone ``T:``, e-mail domain ``E:``, street and postcode ``A:``, EIN
root ``R:``, pair of distinctive name tokens ``N:``) in a batch stage that runs the parties
capability's own normalisation. The pairs are then one SQL self-join on the key: keys held by
more than ``max_block`` records are dropped (they block nothing), each pair is reported once
with the kinds of keys it shares and a vectorised prior score, the summed log2 weights of
those kinds from policy ``link.indicia_weights``. The full comparison
(:meth:`Linker.compare`) and the re-establishment rule then run on these pairs only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from tradeguard.jobs.options import JobOptions
from tradeguard.jobs.plan import Batch, JobPlan, Sql
from tradeguard.parties.linkage import Linker
from tradeguard.parties.policy import parties_policy
from tradeguard.parties.records import party_from_row

__all__ = ["KEY_KINDS", "MAX_BLOCK", "RegistryKeysBatch", "relink_plan"]

#: Key prefix -> (output flag column, indicium whose weight it carries).
KEY_KINDS: dict[str, tuple[str, str]] = {
    "O": ("shared_officer", "shared_officer"),
    "T": ("shared_phone", "shared_phone"),
    "E": ("shared_domain", "shared_email_domain"),
    "A": ("shared_address", "shared_address"),
    "R": ("shared_ein_root", "shared_ein_root"),
    "N": ("shared_name_pair", "similar_name"),
}
#: The block size above which a key is too common to block on (as ``Linker``'s default).
MAX_BLOCK = 50

_KEYS = pa.schema([("record_id", pa.string()), ("key", pa.string())])


@lru_cache(maxsize=4)
def _linker(on: dt.date) -> Linker:
    return Linker(parties_policy(on=on), max_block=MAX_BLOCK)


@dataclass(frozen=True)
class RegistryKeysBatch:
    """Batch function: importer rows (``importers.csv`` columns) to ``(record_id, key)``."""

    on: dt.date

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        linker = _linker(self.on)
        rows: list[tuple[str, str]] = []
        for record in frame.to_dict("records"):
            row = {str(k): v for k, v in record.items()}
            party = party_from_row({**row, "party_id": row.get("ior_number")})
            rows.extend((party.party_id, key) for key in sorted(linker.keys(party)))
        return pd.DataFrame(rows, columns=_KEYS.names)


def _pairs_sql(weights: dict[str, float], max_block: int) -> str:
    flags = ", ".join(
        f"MAX(CASE WHEN a.kind = '{k}' THEN 1 ELSE 0 END) AS {col}"
        for k, (col, _) in KEY_KINDS.items()
    )
    score = " + ".join(
        f"{col} * CAST({weights.get(ind, 0.0)!r} AS DOUBLE)" for col, ind in KEY_KINDS.values()
    )
    return f"""
WITH keys AS (SELECT DISTINCT record_id, key, substring(key, 1, 1) AS kind FROM record_keys),
blocks AS (SELECT key FROM keys GROUP BY key HAVING COUNT(*) BETWEEN 2 AND {max_block}),
pairs AS (
  SELECT a.record_id AS left_id, b.record_id AS right_id, COUNT(*) AS shared_keys, {flags}
  FROM keys AS a JOIN blocks AS k ON a.key = k.key
  JOIN keys AS b ON a.key = b.key AND a.record_id < b.record_id
  GROUP BY a.record_id, b.record_id
)
SELECT *, {score} AS key_weight FROM pairs"""


def relink_plan(root: Path, options: JobOptions) -> JobPlan:
    """The plan over ``root/importers`` (the registry)."""
    day = options.policy_day
    policy = parties_policy(on=day)
    stages = (
        Batch("record_keys", "importers", RegistryKeysBatch(day), _KEYS),
        Sql("pairs", _pairs_sql(dict(policy.indicia_weights), MAX_BLOCK)),
    )
    return JobPlan(
        "relink-registry",
        {"importers": root / "importers"},
        stages,
        "pairs",
        ("left_id", "right_id"),
        "candidate pairs of registry records sharing a blocking key, with the kinds shared",
    )
