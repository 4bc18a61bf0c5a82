"""Candidate generation: an inverted index of name keys on DuckDB, never a scan of the list.

Each list name (primary names and cross-reference names) is cut into keys, the same way on
both sides:

* ``T`` a core token (generic trade words such as TRADING never block on their own);
* ``D`` a token of 4+ letters with one letter deleted, and the token itself (a typo on either
  side, a swap of two letters, a missing or doubled letter still shares a key);
* ``P`` an unordered pair of tokens (reordering does not matter; common words in a pair are
  rare enough to block on);
* ``Q`` for short names (people), a token paired with a one-letter deletion of another.

A key shared by more than ``index.max_postings`` list names is dropped. Candidates are ranked
by the summed rarity (``ln(N / postings)``) of the keys they share, and the best
``index.max_candidates`` per party name go on to scoring. The join runs on DuckDB (all cores).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from tradeguard.parties.normalize import NameNormalizer, NormName
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.screenlist import ListEntry, ScreeningList

__all__ = ["ListName", "ScreeningIndex"]

_KEYS_SQL = """
WITH toks AS (
    SELECT qid, tok, pos, n FROM (
        SELECT qid, unnest(tokens) AS tok, generate_subscripts(tokens, 1) AS pos,
               len(tokens) AS n
        FROM {src})
    WHERE length(tok) >= 2
),
dels AS (
    SELECT qid, pos, n, tok[1:i - 1] || tok[i + 1:] AS d, tok
    FROM toks, range(1, 64) r(i)
    WHERE length(tok) >= {min_del} AND i <= length(tok)
    UNION ALL SELECT qid, pos, n, tok, tok FROM toks WHERE length(tok) >= {min_del}
),
keys AS (
    SELECT qid, 'T' || tok AS k FROM toks WHERE tok NOT IN (SELECT w FROM generic)
    UNION ALL SELECT qid, 'D' || d FROM dels WHERE tok NOT IN (SELECT w FROM generic)
    UNION ALL
    SELECT a.qid, 'P' || least(a.tok, b.tok) || ' ' || greatest(a.tok, b.tok)
    FROM toks a JOIN toks b ON a.qid = b.qid AND a.pos < b.pos
    WHERE a.pos <= 5 AND b.pos <= 5
    UNION ALL
    SELECT a.qid, 'Q' || least(a.tok, b.d) || ' ' || greatest(a.tok, b.d)
    FROM toks a JOIN dels b ON a.qid = b.qid AND a.pos <> b.pos
    WHERE a.n <= 3 AND length(a.tok) >= 2
)
SELECT DISTINCT qid, k FROM keys
"""

_CANDIDATES_SQL = """
WITH qk AS ({keys}),
hits AS (
    SELECT qk.qid, lk.nid, sum(lk.w) AS kscore, count(*) AS nkeys
    FROM qk JOIN list_keys lk ON qk.k = lk.k
    GROUP BY qk.qid, lk.nid
)
SELECT qid, nid, kscore FROM hits
QUALIFY row_number() OVER (PARTITION BY qid ORDER BY kscore DESC, nid) <= {top}
"""


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of a listed person as indexed: which entry, whether it is a cross-reference."""

    nid: int
    sam_number: str
    norm: NormName
    is_alias: bool


class ScreeningIndex:
    """The list's names, token rarities and key postings, ready to give candidates.

    >>> from tradeguard.parties.policy import parties_policy
    >>> lst = ScreeningList({"S1": ListEntry("S1", "Firm", "GOLDEN PACIFIC TRADING LLC")})
    >>> idx = ScreeningIndex(lst, parties_policy())
    >>> found = idx.candidates([idx.normalizer("GOLDEN PACIFC CORP")])
    >>> [idx.names[n].sam_number for _q, n in found]
    ['S1']
    """

    def __init__(self, screening_list: ScreeningList, policy: PartiesPolicy) -> None:
        self.list = screening_list
        self.policy = policy
        self.normalizer = NameNormalizer(policy)
        self.names: list[ListName] = []
        for entry in screening_list.entries.values():
            self._add(entry)
        self.size = max(1, len(self.names))
        self.df: Counter[str] = Counter()
        for item in self.names:
            self.df.update(set(item.norm.tokens))
        self.by_sam: dict[str, list[ListName]] = {}
        for item in self.names:
            self.by_sam.setdefault(item.sam_number, []).append(item)
        self.db = duckdb.connect(":memory:")
        self.db.execute("SET preserve_insertion_order = false")
        self._build_keys()

    def _add(self, entry: ListEntry) -> None:
        for i, text in enumerate(entry.names):
            norm = self.normalizer(text)
            if norm.tokens:
                self.names.append(ListName(len(self.names), entry.sam_number, norm, i > 0))

    def _tokens_table(self, norms: Sequence[NormName]) -> pa.Table:
        return pa.table(
            {
                "qid": pa.array(range(len(norms)), pa.int64()),
                "tokens": pa.array([list(n.tokens) for n in norms], pa.list_(pa.string())),
            }
        )

    def _build_keys(self) -> None:
        generic = pa.table({"w": pa.array(sorted(self.policy.generic_words), pa.string())})
        self.db.register("generic", generic)
        self.db.register("list_names", self._tokens_table([n.norm for n in self.names]))
        keys = self._keys_sql("list_names")
        self.db.execute(
            f"""CREATE TABLE list_keys AS
            WITH k AS ({keys}), df AS (SELECT k, count(*) AS c FROM k GROUP BY k)
            SELECT k.k, k.qid AS nid, ln({self.size} / df.c) + 0.1 AS w
            FROM k JOIN df USING (k) WHERE df.c <= {self.policy.max_postings}"""
        )
        self.db.unregister("list_names")

    def _keys_sql(self, source: str) -> str:
        return _KEYS_SQL.format(src=source, min_del=self.policy.min_deletion_length)

    def idf(self, token: str) -> float:
        """Rarity of a token among list names; generic trade words weigh a quarter."""
        weight = math.log((self.size + 1) / (self.df.get(token, 0) + 1)) + 1.0
        return weight * (0.25 if token in self.policy.generic_words else 1.0)

    def candidates(self, norms: Sequence[NormName]) -> list[tuple[int, int]]:
        """``(query position, list name id)`` pairs, best keys first, at most K per query."""
        if not norms:
            return []
        self.db.register("q_names", self._tokens_table(norms))
        sql = _CANDIDATES_SQL.format(keys=self._keys_sql("q_names"), top=self.policy.max_candidates)
        try:
            frame: pd.DataFrame = self.db.execute(sql).df()
        finally:
            self.db.unregister("q_names")
        frame = frame.sort_values(["qid", "kscore"], ascending=[True, False], kind="stable")
        return list(zip(frame["qid"].tolist(), frame["nid"].tolist(), strict=True))
