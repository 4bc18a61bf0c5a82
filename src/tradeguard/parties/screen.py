"""Screening parties against the list: one party, or a day of shipments' parties in batch.

Candidates come from the key index (:mod:`tradeguard.parties.index`), a cheap token-sort
similarity drops the hopeless ones, and the rest are scored from all the evidence
(:mod:`tradeguard.parties.score`). A party's names and its officers are screened; an officer
is compared with listed individuals only. The outcome is ``clear``, ``alert`` (probability at
or above ``screen.alert_threshold``: a person to review) or ``match`` (at or above
``screen.confirm_threshold`` and corroborated by more than the name: a name alone only alerts).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.index import ScreeningIndex
from tradeguard.parties.normalize import NormAddress, NormName, norm_address, norm_uei
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.score import (
    PairScore,
    TokenTable,
    _same_street,
    name_similarities,
    name_weights,
    probability,
    rarity,
    score_pair,
)
from tradeguard.parties.screenlist import ScreeningList

__all__ = ["ScreenResult", "Screener", "corroborated", "screening_decisions"]


class ScreenResult:
    """A party's outcome with its best match per listed person, best first.

    A clear party keeps its best (non-alerting) candidate; in a batch its explanation is built
    only when ``matches`` is first read (most parties are clear and nobody reads them).
    """

    __slots__ = ("_matches", "_pending", "_probability", "outcome", "party")

    def __init__(
        self,
        party: Party,
        outcome: str,
        matches: tuple[PairScore, ...] = (),
        *,
        pending: Callable[[], PairScore] | None = None,
        probability: float | None = None,
    ) -> None:
        self.party = party
        self.outcome = outcome
        self._matches = matches
        self._pending = pending
        self._probability = probability

    @property
    def matches(self) -> tuple[PairScore, ...]:
        if self._pending is not None:
            self._matches, self._pending = (self._pending(),), None
        return self._matches

    @property
    def best(self) -> PairScore | None:
        return self.matches[0] if self.matches else None

    @property
    def probability(self) -> float:
        if self._probability is not None and self._pending is not None:
            return self._probability
        return self.matches[0].probability if self.matches else 0.0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScreenResult):
            return NotImplemented
        return (self.party, self.outcome, self.matches) == (
            other.party,
            other.outcome,
            other.matches,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ScreenResult(party={self.party!r}, outcome={self.outcome!r}, "
            f"matches={self.matches!r})"
        )


class Screener:
    """A screening list with its index and policy, ready to screen parties.

    >>> from tradeguard.parties.policy import parties_policy
    >>> from tradeguard.parties.screenlist import ListEntry
    >>> lst = ScreeningList({"S1": ListEntry("S1", "Firm", "GOLDEN PACIFIC TRADING LLC")})
    >>> s = Screener(lst, parties_policy())
    >>> s.screen_one(Party("P1", "Golden Pacifc Trading Corp.")).outcome
    'alert'
    """

    def __init__(self, screening_list: ScreeningList, policy: PartiesPolicy) -> None:
        self.list = screening_list
        self.policy = policy
        self.index = ScreeningIndex(screening_list, policy)
        self.weight = rarity(self.index.size, self.index.df.__getitem__, policy.generic_words)
        names = self.index.names
        entries = [screening_list.entries[n.sam_number] for n in names]
        self._entries = entries
        self._tokens = TokenTable.of([n.norm.tokens for n in names], self.weight)
        self._sorted = np.asarray([n.norm.sorted_text for n in names], dtype=object)
        self._form = np.asarray([n.norm.form for n in names], dtype=object)
        self._individual = np.asarray([e.kind == "individual" for e in entries], dtype=bool)
        self._kind = np.asarray([e.kind for e in entries], dtype=object)
        self._uei = np.asarray([norm_uei(e.uei) or "" for e in entries], dtype=object)
        self._address = _AddressColumns.of(
            [norm_address(e.street, e.city, e.postal, e.country) for e in entries]
        )
        order = sorted(range(len(entries)), key=lambda k: entries[k].sam_number)
        self._sam_rank = np.empty(len(entries), dtype=np.int64)
        self._sam_rank[order] = np.arange(len(entries), dtype=np.int64)

    def screen_one(self, party: Party) -> ScreenResult:
        return self.screen([party])[0]

    def _queries(
        self, parties: Sequence[Party]
    ) -> tuple[list[NormName], list[list[tuple[int, bool]]]]:
        norm = self.index.normalizer
        position: dict[str, int] = {}
        queries: list[NormName] = []
        users: list[list[tuple[int, bool]]] = []
        for i, party in enumerate(parties):
            named = [(n, False) for n in party.names] + [(o, True) for o in party.officers]
            for text, is_officer in named:
                q = norm(text)
                if not q.tokens:
                    continue
                at = position.get(q.sorted_text)
                if at is None:
                    at = position[q.sorted_text] = len(queries)
                    queries.append(q)
                    users.append([])
                users[at].append((i, is_officer))
        return queries, users

    def screen(self, parties: Sequence[Party]) -> list[ScreenResult]:
        """Screen many parties at once (the batch mode for a day of shipments).

        Every candidate pair is scored with arrays (the same arithmetic as
        :func:`~tradeguard.parties.score.score_pair`, so the same weights); the explained
        :class:`PairScore` is built only for pairs that reach the alert threshold, and for a
        clear party's best candidate when its ``matches`` are read.
        """
        queries, users = self._queries(parties)
        pairs = self._pairs(parties, queries, users)
        if pairs is None:
            return [ScreenResult(p, "clear") for p in parties]
        qid, nid, who, officer, weight = pairs
        hot = weight >= _alert_weight(self.policy.alert_threshold) - 1e-6
        results: list[ScreenResult | None] = [None] * len(parties)
        for i in np.unique(who[hot]).tolist():
            sel = np.flatnonzero(hot & (who == i))
            found: dict[str, PairScore] = {}
            for k in sel.tolist():
                scored = self._explain(parties[i], queries[qid[k]], int(nid[k]), bool(officer[k]))
                best = found.get(scored.sam_number)
                if best is None or scored.weight_log2 > best.weight_log2:
                    found[scored.sam_number] = scored
            ranked = sorted(found.values(), key=lambda s: (-s.weight_log2, s.sam_number))
            if ranked[0].probability >= self.policy.alert_threshold:
                results[i] = self._result(parties[i], found)
        # the best candidate of every other party (highest weight, then SAM Number)
        order = np.lexsort((self._sam_rank[nid], -weight, who))
        first = order[np.r_[True, who[order][1:] != who[order][:-1]]]
        for k in first.tolist():
            i = int(who[k])
            if results[i] is None:
                pending = functools.partial(
                    self._explain, parties[i], queries[qid[k]], int(nid[k]), bool(officer[k])
                )
                results[i] = ScreenResult(
                    parties[i], "clear", pending=pending, probability=probability(weight[k])
                )
        return [
            r if r is not None else ScreenResult(p, "clear")
            for p, r in zip(parties, results, strict=True)
        ]

    def _pairs(
        self,
        parties: Sequence[Party],
        queries: Sequence[NormName],
        users: Sequence[Sequence[tuple[int, bool]]],
    ) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_], FloatArray] | None:
        """Every candidate pair that passes the pre-filter, per party that uses the name:
        query, list name, party, whether as an officer, and the match weight."""
        if not queries:
            return None
        found = self.index.candidate_arrays(queries)
        qid, nid = found.qid, found.nid
        q_sorted = np.asarray([q.sorted_text for q in queries], dtype=object)
        quick = process.cpdist(
            list(q_sorted[qid]), list(self._sorted[nid]), scorer=fuzz.token_sort_ratio, workers=-1
        )
        keep = np.asarray(quick) >= self.policy.prefilter_name * 100
        qid, nid = qid[keep], nid[keep]
        if len(qid) == 0:
            return None
        table = TokenTable.of([q.tokens for q in queries], self.weight)
        name_score = name_similarities(table, qid, self._tokens, nid)
        # one row per party using the name (a party's name or an officer)
        u_count = np.fromiter(map(len, users), dtype=np.int64, count=len(users))
        u_who = np.fromiter((i for u in users for i, _o in u), dtype=np.int64)
        u_off = np.fromiter((o for u in users for _i, o in u), dtype=bool)
        u_start = np.concatenate([[0], np.cumsum(u_count)[:-1]]).astype(np.int64)
        sizes = u_count[qid]
        pair = np.repeat(np.arange(len(qid), dtype=np.int64), sizes)
        at = (
            u_start[qid[pair]]
            + np.arange(int(sizes.sum()), dtype=np.int64)
            - np.repeat(np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64), sizes)
        )
        who, officer = u_who[at], u_off[at]
        qid, nid, name_score = qid[pair], nid[pair], name_score[pair]
        ok = ~officer | self._individual[nid]
        qid, nid, name_score, who, officer = (
            qid[ok],
            nid[ok],
            name_score[ok],
            who[ok],
            officer[ok],
        )
        if len(qid) == 0:
            return None
        q_form = np.asarray([q.form for q in queries], dtype=object)[qid]
        weight = self._weights(parties, nid, who, name_score, q_form)
        return qid, nid, who, officer, weight

    def _weights(
        self,
        parties: Sequence[Party],
        nid: IntArray,
        who: IntArray,
        name_score: FloatArray,
        q_form: npt.NDArray[np.object_],
    ) -> FloatArray:
        """The match weight of each pair, feature by feature in the order of
        :func:`~tradeguard.parties.score.score_pair` (so the same sums)."""
        pol = self.policy
        w = name_weights(name_score, pol)
        e_form = self._form[nid]
        both = (q_form != "") & (e_form != "")
        same = np.asarray(q_form == e_form, dtype=bool)
        w = w + np.where(
            both, np.where(same, pol.weight("form.same"), pol.weight("form.differs")), 0.0
        )
        ids, inv = np.unique(who, return_inverse=True)
        chosen = [parties[i] for i in ids.tolist()]
        mine = _AddressColumns.of([p.address for p in chosen]).take(inv)
        w = w + _address_weights(mine, self._address.take(nid), pol)
        p_uei = np.asarray([(p.uei_norm or "") if p.uei else "" for p in chosen], dtype=object)[inv]
        e_uei = self._uei[nid]
        both = (p_uei != "") & (e_uei != "")
        same = np.asarray(p_uei == e_uei, dtype=bool)
        w = w + np.where(both, np.where(same, pol.weight("id.same"), pol.weight("id.differs")), 0.0)
        p_kind = np.asarray([p.kind for p in chosen], dtype=object)[inv]
        differs = (p_kind != "") & np.asarray(p_kind != self._kind[nid], dtype=bool)
        w = w + np.where(differs, pol.weight("kind.differs"), 0.0)
        return pol.prior_log2 + w

    def _explain(self, party: Party, query: NormName, nid: int, officer: bool) -> PairScore:
        listed = self.index.names[nid]
        scored = score_pair(party, query, self._entries[nid], listed.norm, self.weight, self.policy)
        return _as_officer(scored) if officer else scored

    def _result(self, party: Party, found: dict[str, PairScore]) -> ScreenResult:
        ranked = sorted(found.values(), key=lambda s: (-s.weight_log2, s.sam_number))
        kept = tuple(s for s in ranked if s.probability >= self.policy.alert_threshold)
        if not kept:
            return ScreenResult(party, "clear", tuple(ranked[:1]))
        sure = kept[0].probability >= self.policy.confirm_threshold and corroborated(kept[0])
        return ScreenResult(party, "match" if sure else "alert", kept)


def corroborated(score: PairScore) -> bool:
    """Whether anything besides the name (address, identifier) supports the match: a name
    alone never confirms, it only alerts."""
    return any(
        h.weight > 0 and not h.code.startswith(("SCREEN-NAME", "SCREEN-FORM", "SCREEN-COUNTRY"))
        for h in score.hits
    )


def _as_officer(score: PairScore) -> PairScore:
    first = score.hits[0]
    officer = RuleHit(
        first.code, first.weight, f"officer {first.reason}", first.evidence, first.status
    )
    return PairScore(
        score.sam_number,
        score.matched_name,
        score.party_name,
        score.name_score,
        score.weight_log2,
        score.probability,
        (officer, *score.hits[1:]),
    )


def screening_decisions(
    results: Sequence[ScreenResult], policy: PartiesPolicy, decided_at: dt.datetime
) -> list[Decision]:
    """One decision per alerted or matched party (clear parties are counted, not stored)."""
    out: list[Decision] = []
    for result in results:
        if result.outcome == "clear" or result.best is None:
            continue
        best = result.best
        head = RuleHit(
            "SCREEN-CANDIDATE",
            best.weight_log2,
            f"{result.party.name} resembles listed {best.matched_name} "
            f"({best.sam_number}), probability {best.probability:.3f}",
            {
                "sam_number": best.sam_number,
                "probability": round(best.probability, 4),
                "others": [m.sam_number for m in result.matches[1:]],
            },
            "assumption",
        )
        out.append(
            Decision(
                subject=f"PARTY:{result.party.party_id}",
                kind="party_screening",
                outcome=result.outcome,
                score=round(best.probability, 6),
                hits=(head, *best.hits),
                provision="EO 13904 s.1, s.3(a)",
                policy_version=policy.version,
                inputs_digest=inputs_digest(
                    [result.party.names, result.party.officers, best.sam_number, best.weight_log2]
                ),
                decided_at=decided_at,
            )
        )
    return out


FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjArray = npt.NDArray[np.object_]


def _alert_weight(threshold: float) -> float:
    """The match weight at which the probability reaches ``threshold``."""
    if threshold <= 0.0:
        return -math.inf
    if threshold >= 1.0:
        return math.inf
    return math.log2(threshold / (1.0 - threshold))


@dataclass(frozen=True, slots=True)
class _AddressColumns:
    """Normalised addresses as columns."""

    country: ObjArray
    street: ObjArray
    has_street: npt.NDArray[np.bool_]
    postal: ObjArray
    city: ObjArray

    @classmethod
    def of(cls, addresses: Sequence[NormAddress]) -> _AddressColumns:
        def col(values: Iterable[str]) -> ObjArray:
            return np.asarray(list(values), dtype=object)

        return cls(
            col(a.country for a in addresses),
            col(a.street for a in addresses),
            np.asarray([a.has_street for a in addresses], dtype=bool),
            col(a.postal for a in addresses),
            col(a.city for a in addresses),
        )

    def take(self, rows: IntArray) -> _AddressColumns:
        return _AddressColumns(
            self.country[rows],
            self.street[rows],
            self.has_street[rows],
            self.postal[rows],
            self.city[rows],
        )


def _address_weights(
    mine: _AddressColumns, theirs: _AddressColumns, pol: PartiesPolicy
) -> FloatArray:
    """Country, then the first of same street, same postcode, same or other city (as
    ``score._address_hits``)."""
    both = (mine.country != "") & (theirs.country != "")
    same = np.asarray(mine.country == theirs.country, dtype=bool)
    country = np.where(
        both, np.where(same, pol.weight("country.same"), pol.weight("country.differs")), 0.0
    )
    street = mine.has_street & theirs.has_street
    if street.any():
        at = np.flatnonzero(street)
        a, b = list(mine.street[at]), list(theirs.street[at])
        ratio = np.asarray(process.cpdist(a, b, scorer=fuzz.token_sort_ratio, workers=-1))
        near = ratio >= 92
        for k in np.flatnonzero(~near).tolist():
            near[k] = _same_street(a[k], b[k])
        street[at] = near
    postal = ~street & (mine.postal != "") & (theirs.postal != "")
    postal &= np.asarray(mine.postal == theirs.postal, dtype=bool)
    city = ~street & ~postal & (mine.city != "") & (theirs.city != "")
    same_city = np.asarray(mine.city == theirs.city, dtype=bool)
    place = np.select(
        [street, postal, city & same_city, city],
        [
            pol.weight("address.same_street"),
            pol.weight("address.same_postcode"),
            pol.weight("address.same_city"),
            pol.weight("address.differs"),
        ],
        default=0.0,
    )
    out: FloatArray = country + place
    return out
