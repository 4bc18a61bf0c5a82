"""Job ``screen-parties``: a day of express shipments' parties against the screening list
(EO 13904 s.3(a)).

The candidate generation of :mod:`tradeguard.parties.index`, expressed as SQL that both
engines run: every name (list side and party side) is cut into the same keys (core token
``T``, one-letter deletions ``D``, unordered token pairs ``P``, token x deletion pairs ``Q``
for short names), keys held by more than ``index.max_postings`` list names are dropped, and
candidates are ranked by the summed rarity ``ln(N / postings) + 0.1`` of the keys they share;
the best ``index.max_candidates`` per party go on. Two batch stages run the parties
capability's Python where SQL cannot: names normalised by
:class:`~tradeguard.parties.normalize.NameNormalizer` (one row per token), and a vectorised
name score (RapidFuzz ``token_sort_ratio`` over whole batches of pairs), which drops hopeless
candidates below ``screen.prefilter_name`` exactly as :meth:`Screener.screen` does. The output
is the candidate pairs that full scoring (:func:`tradeguard.parties.score.score_pair`) takes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from rapidfuzz import fuzz, process

from tradeguard.jobs.options import JobOptions
from tradeguard.jobs.plan import Batch, JobPlan, Sql, lit
from tradeguard.parties.normalize import NameNormalizer
from tradeguard.parties.policy import PartiesPolicy, parties_policy

__all__ = ["CANDIDATE_COLUMNS", "NormaliseBatch", "keys_sql", "screen_parties_plan"]

CANDIDATE_COLUMNS = ("day", "party_id", "role", "nid", "sam_number", "kscore", "name_ratio")

_TOKENS = pa.schema(
    [("qid", pa.string()), ("pos", pa.int64()), ("tok", pa.string()), ("sorted_text", pa.string())]
)
_SCORED = pa.schema(
    [
        ("qid", pa.string()),
        ("nid", pa.int64()),
        ("kscore", pa.float64()),
        ("name_ratio", pa.float64()),
    ]
)


@lru_cache(maxsize=4)
def _normalizer(on: dt.date) -> NameNormalizer:
    return NameNormalizer(parties_policy(on=on))


@dataclass(frozen=True)
class NormaliseBatch:
    """Batch function: ``(qid, name)`` rows to one row per core token (``pos`` from 1)."""

    on: dt.date

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        norm = _normalizer(self.on)
        rows: list[tuple[str, int, str, str]] = []
        for qid, name in zip(frame["qid"].tolist(), frame["name"].tolist(), strict=True):
            found = norm(str(name))
            text = found.sorted_text
            rows.extend((qid, pos, tok, text) for pos, tok in enumerate(found.tokens, start=1))
        return pd.DataFrame(rows, columns=_TOKENS.names)


def name_ratio_batch(frame: pd.DataFrame) -> pd.DataFrame:
    """Batch function: token-sort similarity (0-100) of each candidate pair, vectorised."""
    ratio = process.cpdist(
        frame["party_text"].tolist(),
        frame["list_text"].tolist(),
        scorer=fuzz.token_sort_ratio,
        workers=1,
    )
    out = frame[["qid", "nid", "kscore"]].copy()
    out["name_ratio"] = pd.Series(ratio, index=frame.index, dtype="float64")
    return out


def keys_sql(source: str, policy: PartiesPolicy) -> str:
    """The blocking keys ``(qid, k)`` of the names in view ``source`` (``qid, pos, tok``)."""
    generic = sorted(policy.generic_words)
    not_generic = f"tok NOT IN ({', '.join(lit(w) for w in generic)})" if generic else "TRUE"
    m = policy.min_deletion_length
    return f"""
WITH toks AS (
  SELECT qid, tok, pos, n FROM (
    SELECT qid, tok, pos, COUNT(*) OVER (PARTITION BY qid) AS n FROM {source}) AS t
  WHERE length(tok) >= 2
),
idx AS (SELECT i FROM (VALUES {", ".join(f"({i})" for i in range(1, 64))}) AS r(i)),
dels AS (
  SELECT qid, pos, n, substring(tok, 1, i - 1) || substring(tok, i + 1) AS d, tok
  FROM toks CROSS JOIN idx WHERE length(tok) >= {m} AND i <= length(tok)
  UNION ALL SELECT qid, pos, n, tok AS d, tok FROM toks WHERE length(tok) >= {m}
),
keys AS (
  SELECT qid, 'T' || tok AS k FROM toks WHERE {not_generic}
  UNION ALL SELECT qid, 'D' || d AS k FROM dels WHERE {not_generic}
  UNION ALL
  SELECT a.qid, 'P' || least(a.tok, b.tok) || ' ' || greatest(a.tok, b.tok) AS k
  FROM toks AS a JOIN toks AS b ON a.qid = b.qid AND a.pos < b.pos
  WHERE a.pos <= 5 AND b.pos <= 5
  UNION ALL
  SELECT a.qid, 'Q' || least(a.tok, b.d) || ' ' || greatest(a.tok, b.d) AS k
  FROM toks AS a JOIN dels AS b ON a.qid = b.qid AND a.pos <> b.pos
  WHERE a.n <= 3 AND length(a.tok) >= 2
)
SELECT DISTINCT qid, k FROM keys"""


def _parties_sql(day: dt.date | None) -> str:
    when = f" AND day = {lit(day.isoformat())}" if day else ""
    parts = []
    for role, col in (("shipper", "shipper_name"), ("consignee", "consignee_name")):
        parts.append(
            f"SELECT operator_id || ':' || waybill || ':{role}' AS qid, day, '{role}' AS role, "
            f"{col} AS name FROM shipments WHERE {col} IS NOT NULL AND TRIM({col}) <> ''{when}"
        )
    return "\nUNION ALL\n".join(parts)


def screen_parties_plan(root: Path, options: JobOptions) -> JobPlan:
    """The plan over ``root/express_shipments`` (one day when ``options.day`` is given) and the
    list in ``root/list_names`` and ``root/list_tokens``."""
    day = options.policy_day
    policy = parties_policy(on=day)
    list_tokens = "SELECT CAST(nid AS VARCHAR) AS qid, pos, tok FROM list_tokens"
    stages = (
        Sql("parties", _parties_sql(options.day)),
        Batch("party_tokens", "parties", NormaliseBatch(day), _TOKENS),
        Sql("list_keys_raw", keys_sql(f"({list_tokens})", policy), materialize=True),
        Sql(
            "list_keys",
            f"""
SELECT k.k, CAST(k.qid AS BIGINT) AS nid, ln(s.size / df.c) + 0.1 AS w
FROM list_keys_raw AS k
JOIN (SELECT k, COUNT(*) AS c FROM list_keys_raw GROUP BY k) AS df ON k.k = df.k
CROSS JOIN (SELECT CAST(GREATEST(COUNT(*), 1) AS DOUBLE) AS size FROM list_names) AS s
WHERE df.c <= {policy.max_postings}""",
            materialize=True,
        ),
        Sql("party_keys", keys_sql("party_tokens", policy), materialize=True),
        Sql(
            "hits",
            f"""
SELECT qid, nid, kscore FROM (
  SELECT qid, nid, kscore, ROW_NUMBER() OVER (PARTITION BY qid ORDER BY kscore DESC, nid) AS rk
  FROM (SELECT pk.qid, lk.nid, ROUND(SUM(lk.w), 9) AS kscore
        FROM party_keys AS pk JOIN list_keys AS lk ON pk.k = lk.k
        GROUP BY pk.qid, lk.nid) AS h) AS ranked
WHERE rk <= {policy.max_candidates}""",
        ),
        Sql(
            "pairs",
            """
SELECT h.qid, h.nid, h.kscore, p.sorted_text AS party_text, l.sorted_text AS list_text
FROM hits AS h
JOIN (SELECT DISTINCT qid, sorted_text FROM party_tokens) AS p ON h.qid = p.qid
JOIN list_names AS l ON h.nid = l.nid""",
        ),
        Batch("scored", "pairs", name_ratio_batch, _SCORED),
        Sql(
            "candidates",
            f"""
SELECT p.day, s.qid AS party_id, p.role, s.nid, l.sam_number, s.kscore, s.name_ratio
FROM scored AS s JOIN parties AS p ON s.qid = p.qid JOIN list_names AS l ON s.nid = l.nid
WHERE s.name_ratio >= {policy.prefilter_name * 100}""",
        ),
    )
    return JobPlan(
        "screen-parties",
        {
            "shipments": root / "express_shipments",
            "list_names": root / "list_names",
            "list_tokens": root / "list_tokens",
        },
        stages,
        "candidates",
        ("party_id", "nid"),
        "candidate (party, listed name) pairs with key score and name similarity",
        {"day": options.day.isoformat() if options.day else "all"},
    )
