"""Scoring a party against a listed person from all the evidence, with explanations.

The score is a Fellegi-Sunter match weight: each feature level (name similarity band, street,
postcode, city, country, identifiers, officers, kind, legal form) adds ``log2(m/u)`` from
policy to a prior, and the probability is ``2**w / (1 + 2**w)``. The weights were estimated on
labelled planted variants (``tradeguard parties calibrate``). Every feature that fired is a
:class:`~tradeguard.domain.decisions.RuleHit` whose reason says what was compared.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import token_sort_ratio

from tradeguard.domain.decisions import RuleHit
from tradeguard.parties.normalize import NormAddress, NormName, norm_address, norm_uei
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.screenlist import ListEntry

__all__ = [
    "PairScore",
    "TokenTable",
    "name_similarities",
    "name_similarity",
    "name_weights",
    "probabilities",
    "probability",
    "score_pair",
    "token_similarity",
]


def token_similarity(a: str, b: str) -> float:
    """1 for equal tokens, 0.9 for an initial, 1 - edits/length within 1 edit (2 from 8
    letters; a swap of neighbours is one edit), else 0.

    >>> token_similarity("J", "JOHN"), token_similarity("SMITH", "SMITH")
    (0.9, 1.0)
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    longest = max(len(a), len(b))
    if min(len(a), len(b)) < 4:
        return 0.0
    allowed = 1 if longest < 8 else 2
    edits = OSA.distance(a, b, score_cutoff=allowed)
    return 1.0 - edits / longest if edits <= allowed else 0.0


def _side(
    left: Sequence[str], right: Sequence[str], weight: Callable[[str], float]
) -> tuple[float, list[str]]:
    joined = {a + b for a, b in itertools.pairwise(right)}
    total = got = 0.0
    missed: list[str] = []
    for token in left:
        w = weight(token)
        best = (
            1.0 if token in joined else max((token_similarity(token, o) for o in right), default=0)
        )
        total += w
        got += w * best
        if best == 0.0:
            missed.append(token)
    return (got / total if total else 0.0), missed


def name_similarity(
    left: NormName, right: NormName, weight: Callable[[str], float]
) -> tuple[float, list[str]]:
    """Weighted token agreement in both directions (order-free), and the unmatched tokens.

    >>> from tradeguard.parties.normalize import NormName
    >>> one = lambda t: 1.0
    >>> round(name_similarity(NormName("", ("GOLDEN", "PACIFIC")),
    ...                       NormName("", ("PACIFIC", "GOLDEN")), one)[0], 3)
    1.0
    """
    a, missed_a = _side(left.tokens, right.tokens, weight)
    b, missed_b = _side(right.tokens, left.tokens, weight)
    return (a + b) / 2, missed_a + missed_b


def probability(weight_log2: float) -> float:
    """Match probability of a log2 match weight."""
    if weight_log2 > 60:
        return 1.0
    odds = float(2.0**weight_log2)
    return odds / (1.0 + odds)


@dataclass(frozen=True, slots=True)
class PairScore:
    """A party against one listed person: probability, match weight, and the evidence."""

    sam_number: str
    matched_name: str
    party_name: str
    name_score: float
    weight_log2: float
    probability: float
    hits: tuple[RuleHit, ...]


def _name_level(score: float, policy: PartiesPolicy) -> str:
    exact, very_high, high, medium = policy.name_levels
    if score >= exact:
        return "exact"
    if score >= very_high:
        return "very_high"
    if score >= high:
        return "high"
    return "medium" if score >= medium else "low"


def _hit(policy: PartiesPolicy, code: str, reason: str, **evidence: object) -> RuleHit:
    return RuleHit(
        f"SCREEN-{code.upper().replace('.', '-')}",
        policy.weight(code),
        reason,
        dict(evidence),
        "assumption",
    )


def _name_hits(
    party_name: NormName, listed: NormName, score: float, missed: list[str], policy: PartiesPolicy
) -> list[RuleHit]:
    level = _name_level(score, policy)
    after = " after removing the legal form" if party_name.form or listed.form else ""
    detail = f"; unmatched {', '.join(missed)}" if missed else ""
    hits = [
        _hit(
            policy,
            f"name.{level}",
            f"name {score:.2f}{after}: '{party_name.raw}' ~ '{listed.raw}'{detail}",
            party=party_name.text,
            listed=listed.text,
            similarity=round(score, 4),
        )
    ]
    if party_name.form and listed.form:
        same = party_name.form == listed.form
        code = "form.same" if same else "form.differs"
        verdict = "same legal form" if same else "legal form differs"
        hits.append(_hit(policy, code, f"{verdict} ({party_name.form} / {listed.form})"))
    return hits


def _address_hits(mine: NormAddress, theirs: NormAddress, policy: PartiesPolicy) -> list[RuleHit]:
    hits: list[RuleHit] = []
    if mine.country and theirs.country:
        same = mine.country == theirs.country
        code = "country.same" if same else "country.differs"
        hits.append(
            _hit(
                policy,
                code,
                f"country {'same' if same else 'differs'}: {mine.country} / {theirs.country}",
            )
        )
    if mine.has_street and theirs.has_street and _same_street(mine.street, theirs.street):
        return [
            *hits,
            _hit(policy, "address.same_street", f"same street address {theirs.street}"),
        ]
    if mine.postal and theirs.postal and mine.postal == theirs.postal:
        return [*hits, _hit(policy, "address.same_postcode", f"same postal code {theirs.postal}")]
    if mine.city and theirs.city:
        if mine.city == theirs.city:
            return [*hits, _hit(policy, "address.same_city", f"same city {theirs.city}")]
        return [
            *hits,
            _hit(policy, "address.differs", f"address differs ({mine.city} / {theirs.city})"),
        ]
    return hits


def _same_street(a: str, b: str) -> bool:
    """Near-equal streets, or one written inside the other (a one-line address with its city)."""
    short, long = sorted((a, b), key=len)
    return token_sort_ratio(a, b) >= 92 or f" {long} ".startswith(f" {short} ")


def _identity_hits(party: Party, entry: ListEntry, policy: PartiesPolicy) -> list[RuleHit]:
    hits: list[RuleHit] = []
    listed_uei = norm_uei(entry.uei)
    if party.uei_norm and listed_uei:
        same = party.uei_norm == listed_uei
        code = "id.same" if same else "id.differs"
        hits.append(_hit(policy, code, f"UEI {'same' if same else 'differs'}: {party.uei_norm}"))
    if party.kind and party.kind != entry.kind:
        hits.append(_hit(policy, "kind.differs", f"a {party.kind} against a listed {entry.kind}"))
    return hits


def score_pair(
    party: Party,
    party_name: NormName,
    entry: ListEntry,
    listed: NormName,
    weight: Callable[[str], float],
    policy: PartiesPolicy,
) -> PairScore:
    """Every piece of evidence between one party name and one listed name."""
    score, missed = name_similarity(party_name, listed, weight)
    hits = _name_hits(party_name, listed, score, missed, policy)
    theirs = norm_address(entry.street, entry.city, entry.postal, entry.country)
    hits += _address_hits(party.address, theirs, policy)
    hits += _identity_hits(party, entry, policy)
    total = policy.prior_log2 + sum(h.weight for h in hits)
    prob = probability(total)
    return PairScore(entry.sam_number, listed.raw, party_name.raw, score, total, prob, tuple(hits))


def rarity(size: int, df: Callable[[str], int], generic: frozenset[str]) -> Callable[[str], float]:
    """An inverse-document-frequency weight over a list of ``size`` names."""

    def weight(token: str) -> float:
        w = math.log((size + 1) / (df(token) + 1)) + 1.0
        return w * (0.25 if token in generic else 1.0)

    return weight


# --- the same scores for many pairs at once ------------------------------------------------

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TokenTable:
    """The tokens of many names laid flat: token ``k`` of name ``n`` is ``tokens[start[n] + k]``;
    with each token's length, first letter, rarity weight, and the adjacent joins."""

    tokens: npt.NDArray[np.object_]
    start: IntArray
    count: IntArray
    length: IntArray
    first: IntArray
    weight: FloatArray
    joins: npt.NDArray[np.object_]
    join_start: IntArray

    @classmethod
    def of(cls, names: Sequence[Sequence[str]], weight: Callable[[str], float]) -> TokenTable:
        flat: list[str] = []
        joins: list[str] = []
        count: list[int] = []
        join_count: list[int] = []
        for tokens in names:
            flat.extend(tokens)
            count.append(len(tokens))
            joins.extend(a + b for a, b in itertools.pairwise(tokens))
            join_count.append(max(0, len(tokens) - 1))
        cache: dict[str, float] = {}
        weights = [cache[t] if t in cache else cache.setdefault(t, weight(t)) for t in flat]
        counts = np.asarray(count, dtype=np.int64)
        jcounts = np.asarray(join_count, dtype=np.int64)
        return cls(
            np.asarray(flat, dtype=object),
            np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
            counts,
            np.fromiter(map(len, flat), dtype=np.int64, count=len(flat)),
            np.fromiter((ord(t[0]) for t in flat), dtype=np.int64, count=len(flat)),
            np.asarray(weights, dtype=np.float64),
            np.asarray(joins, dtype=object),
            np.concatenate([[0], np.cumsum(jcounts)[:-1]]).astype(np.int64),
        )


def _blocks(sizes: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """For blocks of the given sizes laid end to end: each element's block, its offset in the
    block, and each block's start."""
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    block = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    return block, np.arange(int(sizes.sum()), dtype=np.int64) - starts[block], starts


def _joined(
    left: TokenTable, lq: IntArray, right: TokenTable, rq: IntArray, owner: IntArray
) -> npt.NDArray[np.bool_]:
    """For each (pair, left token), whether the token equals two adjacent right tokens joined."""
    n_left = left.count[lq]
    n_join = right.count[rq] - 1
    sizes = n_left * n_join
    hit = np.zeros(int(n_left.sum()), dtype=bool)
    if int(sizes.sum()) == 0:
        return hit
    pair, local, _ = _blocks(sizes)
    i = local // n_join[pair]
    k = local % n_join[pair]
    a = left.tokens[left.start[lq[pair]] + i]
    b = right.joins[right.join_start[rq[pair]] + k]
    equal = a == b
    hit[(owner[pair] + i)[equal]] = True
    return hit


def name_similarities(
    left: TokenTable, lq: IntArray, right: TokenTable, rq: IntArray
) -> FloatArray:
    """:func:`name_similarity` of the pairs ``(left name lq[p], right name rq[p])``, all at once
    (the same arithmetic, in the same order: the same numbers)."""
    n_pairs = len(lq)
    if n_pairs == 0:
        return np.zeros(0, dtype=np.float64)
    n_l, n_r = left.count[lq], right.count[rq]
    pair, local, _ = _blocks(n_l * n_r)
    i, j = local // n_r[pair], local % n_r[pair]
    li = left.start[lq[pair]] + i
    rj = right.start[rq[pair]] + j
    a, b = left.tokens[li], right.tokens[rj]
    la, lb = left.length[li], right.length[rj]
    equal = np.asarray(a == b, dtype=bool)
    single = (la == 1) | (lb == 1)
    longest, shortest = np.maximum(la, lb), np.minimum(la, lb)
    need = ~equal & ~single & (shortest >= 4)
    sim = np.where(single & (left.first[li] == right.first[rj]), 0.9, 0.0)
    if need.any():
        edits = cdist_pairs(a[need], b[need])
        allowed = np.where(longest[need] < 8, 1, 2)
        sim[need] = np.where(edits <= allowed, 1.0 - edits / longest[need], 0.0)
    sim[equal] = 1.0
    # left -> right: best over j for each (pair, i); elements are ordered (pair, i, j)
    left_owner = np.concatenate([[0], np.cumsum(n_l)[:-1]]).astype(np.int64)
    row_best = np.maximum.reduceat(sim, np.flatnonzero(j == 0)) if len(sim) else sim
    row_best[_joined(left, lq, right, rq, left_owner)] = 1.0
    # right -> left: best over i for each (pair, j): visit the elements in (pair, j, i) order
    pair2, local2, block_start = _blocks(n_l * n_r)
    j2, i2 = local2 // n_l[pair2], local2 % n_l[pair2]
    col_sim = sim[block_start[pair2] + i2 * n_r[pair2] + j2]
    col_best = np.maximum.reduceat(col_sim, np.flatnonzero(i2 == 0))
    right_owner = np.concatenate([[0], np.cumsum(n_r)[:-1]]).astype(np.int64)
    col_best[_joined(right, rq, left, lq, right_owner)] = 1.0
    sides = []
    for table, names, counts, best in ((left, lq, n_l, row_best), (right, rq, n_r, col_best)):
        owner, offset, _ = _blocks(counts)
        w = table.weight[table.start[names[owner]] + offset]
        total = np.bincount(owner, weights=w, minlength=n_pairs)
        got = np.bincount(owner, weights=w * best, minlength=n_pairs)
        sides.append(np.divide(got, total, out=np.zeros(n_pairs), where=total != 0))
    return (sides[0] + sides[1]) / 2


def cdist_pairs(a: npt.NDArray[np.object_], b: npt.NDArray[np.object_]) -> IntArray:
    """OSA edit distance of each pair, capped at 3 (all we need is whether it is 1 or 2)."""
    out = process.cpdist(list(a), list(b), scorer=OSA.distance, score_cutoff=2, workers=-1)
    return np.asarray(out, dtype=np.int64)


def name_weights(score: FloatArray, policy: PartiesPolicy) -> FloatArray:
    """The name band's weight for each similarity (the bands of :func:`_name_level`)."""
    exact, very_high, high, medium = policy.name_levels
    levels = [policy.weight(f"name.{lv}") for lv in ("exact", "very_high", "high", "medium")]
    return np.select(
        [score >= exact, score >= very_high, score >= high, score >= medium],
        levels,
        default=policy.weight("name.low"),
    )


def probabilities(weight_log2: FloatArray) -> FloatArray:
    """:func:`probability` for many match weights."""
    odds = np.exp2(np.minimum(weight_log2, 60.0))
    return np.where(weight_log2 > 60, 1.0, odds / (1.0 + odds))
