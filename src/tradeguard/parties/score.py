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
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import token_sort_ratio

from tradeguard.domain.decisions import RuleHit
from tradeguard.parties.normalize import NormAddress, NormName, norm_address, norm_uei
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.screenlist import ListEntry

__all__ = [
    "PairScore",
    "name_similarity",
    "name_weights",
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
    sure = set(right).union(a + b for a, b in itertools.pairwise(right))  # equal, or joined
    total = got = 0.0
    missed: list[str] = []
    for token in left:
        w = weight(token)
        best = 1.0 if token in sure else max((token_similarity(token, o) for o in right), default=0)
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


SAME_STREET_RATIO = 92  # token-sort ratio (0-100) at which two streets are the same


def _same_street(a: str, b: str) -> bool:
    """Near-equal streets, or one written inside the other (a one-line address with its city)."""
    short, long = sorted((a, b), key=len)
    return token_sort_ratio(a, b) >= SAME_STREET_RATIO or f" {long} ".startswith(f" {short} ")


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


# --- the same levels for many pairs at once -------------------------------------------------

FloatArray = npt.NDArray[np.float64]


def name_weights(score: FloatArray, policy: PartiesPolicy) -> FloatArray:
    """The name band's weight for each similarity (the bands of :func:`_name_level`)."""
    exact, very_high, high, medium = policy.name_levels
    levels = [policy.weight(f"name.{lv}") for lv in ("exact", "very_high", "high", "medium")]
    return np.select(
        [score >= exact, score >= very_high, score >= high, score >= medium],
        levels,
        default=policy.weight("name.low"),
    )
