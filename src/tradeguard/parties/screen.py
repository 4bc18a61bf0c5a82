"""Screening parties against the list: one party, or a day of shipments' parties in batch.

Candidates come from the key index (:mod:`tradeguard.parties.index`), a cheap token-sort
similarity drops the hopeless ones, and the rest are scored from all the evidence
(:mod:`tradeguard.parties.score`). A party's names and its officers are screened; an officer
is compared with listed individuals only. The outcome is ``clear``, ``alert`` (probability at
or above ``screen.alert_threshold``: a person to review) or ``match`` (at or above
``screen.confirm_threshold`` and corroborated by more than the name: a name alone only alerts).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import itertools
import math
import multiprocessing
import multiprocessing.pool
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.index import ScreeningIndex
from tradeguard.parties.kernels import (
    AddressTable,
    NameTable,
    address_weights,
    name_scores,
    warm_up,
)
from tradeguard.parties.normalize import NormName, norm_address, norm_addresses, norm_uei
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.score import (
    SAME_STREET_RATIO,
    PairScore,
    name_weights,
    probability,
    rarity,
    score_pair,
)
from tradeguard.parties.screenlist import ScreeningList

__all__ = ["ScreenResult", "Screener", "corroborated", "explain_alerts", "screening_decisions"]


class ScreenResult:
    """A party's outcome with its best match per listed person, best first.

    The outcome and probability are decided with arrays; the explained matches are built when
    ``matches`` is first read (an alerted party's every alerting candidate, a clear party's best
    one), from the same arithmetic, so they agree with the outcome to the last bit.
    """

    __slots__ = ("_matches", "_pending", "outcome", "party", "probability")

    def __init__(
        self,
        party: Party,
        outcome: str,
        matches: tuple[PairScore, ...] = (),
        *,
        pending: Callable[[], tuple[PairScore, ...]] | None = None,
        probability: float | None = None,
    ) -> None:
        self.party = party
        self.outcome = outcome
        self._matches = matches
        self._pending = pending
        if probability is None:
            probability = matches[0].probability if matches else 0.0
        self.probability = probability

    @property
    def matches(self) -> tuple[PairScore, ...]:
        if self._pending is not None:
            self._matches, self._pending = self._pending(), None
        return self._matches

    @property
    def best(self) -> PairScore | None:
        return self.matches[0] if self.matches else None

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


_OUTCOMES = ("clear", "alert", "match")
_PARALLEL_MIN = 5_000  # fewer parties than this are screened in the calling process
# at most this many parties in a part sent to a worker: a part's memory is allocated and
# freed as it is decided, and a small part reuses pages the worker already has (a large one
# takes fresh pages from the system, one page fault each)
_PART_MAX = 20_000
_MAX_PARTY_TOKENS = 2_000_000  # token weights of parties' tokens cached before forgetting them
_READY_WAIT = 120.0  # seconds to wait for a starting worker (then it is left to catch up)


@dataclass(frozen=True, slots=True)
class _Decided:
    """The array outcome of screening parties ``lo`` to ``hi``: the pairs kept (every alerting
    pair and each party's best, ordered by party), and per party its outcome code, probability
    and first kept pair."""

    lo: int
    who: IntArray
    slot: IntArray
    nid: IntArray
    weight: FloatArray
    hot: npt.NDArray[np.bool_]
    outcome: npt.NDArray[np.int8]
    probability: FloatArray
    start: IntArray


class Screener:
    """A screening list with its index and policy, ready to screen parties.

    ``workers`` above one screens a large batch in that many worker processes, forked once
    from this one so that they share its index; a batch's parties go to them as plain tuples
    and come back as array outcomes. :meth:`close` (or ``with``) stops them.

    >>> from tradeguard.parties.policy import parties_policy
    >>> from tradeguard.parties.screenlist import ListEntry
    >>> lst = ScreeningList({"S1": ListEntry("S1", "Firm", "GOLDEN PACIFIC TRADING LLC")})
    >>> s = Screener(lst, parties_policy())
    >>> s.screen_one(Party("P1", "Golden Pacifc Trading Corp.")).outcome
    'alert'
    """

    def __init__(
        self, screening_list: ScreeningList, policy: PartiesPolicy, *, workers: int = 1
    ) -> None:
        self.list = screening_list
        self.policy = policy
        self.workers = max(1, workers)
        self.index = ScreeningIndex(screening_list, policy)
        self.weight = rarity(self.index.size, self.index.df.__getitem__, policy.generic_words)
        names = self.index.names
        entries = [screening_list.entries[n.sam_number] for n in names]
        self._entries = entries
        self._token_weight: dict[str, float] = {}  # the list's tokens first, then parties'
        self._list_tokens = 0
        self._names = self._name_table([n.norm.tokens for n in names])
        self._list_tokens = len(self._token_weight)
        self._form = np.asarray([n.norm.form for n in names], dtype=object)
        self._individual = np.asarray([e.kind == "individual" for e in entries], dtype=bool)
        self._kind = np.asarray([e.kind for e in entries], dtype=object)
        self._uei = np.asarray([norm_uei(e.uei) or "" for e in entries], dtype=object)
        self._place_code: dict[str, int] = {"": 0}
        self._address = AddressTable.of(
            [norm_address(e.street, e.city, e.postal, e.country) for e in entries],
            self._place_code,
            grow=True,
        )
        self._place_weights = [
            policy.weight(code)
            for code in (
                "country.same", "country.differs", "address.same_street",
                "address.same_postcode", "address.same_city", "address.differs",
            )
        ]  # fmt: skip
        order = sorted(range(len(entries)), key=lambda k: entries[k].sam_number)
        self._sam_rank = np.empty(len(entries), dtype=np.int64)
        self._sam_rank[order] = np.arange(len(entries), dtype=np.int64)
        self._alert_weight = _alert_weight(policy.alert_threshold)
        self._processes: multiprocessing.pool.Pool | None = None
        self._finalizer: weakref.finalize[[], Screener] | None = None  # stops the workers
        warm_up()

    def _name_table(self, names: Sequence[tuple[str, ...]]) -> NameTable:
        """Names as token bytes with each token's rarity weight (cached per token; past
        ``_MAX_PARTY_TOKENS`` tokens met in parties, those are forgotten, the list's kept)."""
        known = self._token_weight
        if len(known) > self._list_tokens + _MAX_PARTY_TOKENS:
            known = dict(itertools.islice(known.items(), self._list_tokens))
            self._token_weight = known
        flat = list(itertools.chain.from_iterable(names))
        for token in set(flat).difference(known):
            known[token] = self.weight(token)
        return NameTable.of(names, flat, list(map(known.__getitem__, flat)))

    def screen_one(self, party: Party) -> ScreenResult:
        return self.screen([party])[0]

    def screen(self, parties: Sequence[Party], *, explain: bool = False) -> list[ScreenResult]:
        """Screen many parties at once (the batch mode for a day of shipments).

        Every candidate pair is scored with arrays (the same arithmetic as
        :func:`~tradeguard.parties.score.score_pair`, so the same weights); the outcome of
        each party follows from its pairs' weights, and its explained :class:`PairScore`
        objects are built when its ``matches`` are read. With ``explain``, those of every
        alerted party are built now, part by part as the parts are decided (with worker
        processes, while they decide the later parts): for a caller that stores or prints
        every alert.
        """
        if not parties:
            return []
        with _collector_paused():
            return self._screen(parties, explain)

    def _screen(self, parties: Sequence[Party], explain: bool) -> list[ScreenResult]:
        out: list[ScreenResult] = []
        explained = self._explain_party
        for part in self._decide_all(parties):
            outcome, prob = part.outcome.tolist(), part.probability.tolist()
            has_pairs = (part.start[1:] > part.start[:-1]).tolist()
            for i, party in enumerate(parties[part.lo : part.lo + len(outcome)]):
                if not has_pairs[i]:
                    out.append(ScreenResult(party, "clear"))
                elif explain and outcome[i]:
                    matches = explained(party, part, i)
                    out.append(
                        ScreenResult(
                            party, _OUTCOMES[outcome[i]], matches, probability=prob[i]
                        )
                    )
                else:
                    pending = functools.partial(explained, party, part, i)
                    out.append(
                        ScreenResult(
                            party, _OUTCOMES[outcome[i]], pending=pending, probability=prob[i]
                        )
                    )
        return out

    def _decide_all(self, parties: Sequence[Party]) -> Iterator[_Decided]:
        """The outcomes of the batch, part by part in order: in this process, or from the
        workers (each part is made and sent while the workers decide the earlier ones, and
        the caller builds the results of a part while they decide the later ones)."""
        workers = min(self.workers, len(parties) // _PARALLEL_MIN)
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            yield self._decide([_subject(p) for p in parties], 0)
            return
        pool = self._pool()
        count = max(self.workers * 4, -(-len(parties) // _PART_MAX))
        cuts = np.linspace(0, len(parties), count + 1).astype(int).tolist()
        jobs = ((lo, [_subject(p) for p in parties[lo:hi]]) for lo, hi in itertools.pairwise(cuts))
        yield from pool.imap(_decide_sent, jobs, chunksize=1)

    def start(self) -> None:
        """Start the worker processes now rather than at the first large batch (a service
        screening all day, or a timing that should leave set-up out, as it leaves out the
        index); returns when they are ready to screen."""
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._pool()

    def _pool(self) -> multiprocessing.pool.Pool:
        """The worker processes, forked once (they inherit the list's index and keep their
        caches from batch to batch); each batch's parties are sent as plain tuples."""
        if self._processes is None:
            global _ADOPTED
            context = multiprocessing.get_context("fork")
            ready = context.Semaphore(0)
            _ADOPTED = self
            try:
                pool = context.Pool(self.workers, _adopt, (ready,))
            finally:
                _ADOPTED = None
            self._processes = pool
            self._finalizer = weakref.finalize(self, pool.terminate)
            for _worker in range(self.workers):  # each has walked its tables
                ready.acquire(timeout=_READY_WAIT)
        return self._processes

    def _lookups(self) -> list[dict[str, Any]]:
        """The dictionaries screening reads for every party."""
        return [*self.index.tables(), self._token_weight, self._place_code]

    def close(self) -> None:
        """Stop the worker processes, if any were started (also done when the screener is
        garbage-collected, and at exit)."""
        if self._finalizer is not None:
            self._finalizer()
        self._processes = None
        self._finalizer = None

    def __enter__(self) -> Screener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _usages(
        self, subjects: Sequence[_Subject]
    ) -> tuple[list[NormName], IntArray, IntArray, IntArray, npt.NDArray[np.bool_], ObjArray]:
        """The distinct names to look up (by their core tokens), and for each use of one by a
        party (its name, an alias, an officer): the name, the party, the slot in
        ``names + officers``, whether an officer, and the legal form as that party wrote it."""
        norm = self.index.normalizer
        position: dict[tuple[str, ...], int] = {}
        queries: list[NormName] = []
        u_qid: list[int] = []
        u_who: list[int] = []
        u_slot: list[int] = []
        u_off: list[bool] = []
        u_form: list[str] = []
        for i, subject in enumerate(subjects):
            first_officer = subject[_FIRST_OFFICER]
            for slot, text in enumerate(subject[_TEXTS]):
                q = norm(text)  # cached per distinct text
                if not q.tokens:
                    continue
                at = position.get(q.tokens)
                if at is None:
                    at = position[q.tokens] = len(queries)
                    queries.append(q)
                u_qid.append(at)
                u_who.append(i)
                u_slot.append(slot)
                u_off.append(slot >= first_officer)
                u_form.append(q.form)
        return (
            queries,
            np.asarray(u_qid, dtype=np.int64),
            np.asarray(u_who, dtype=np.int64),
            np.asarray(u_slot, dtype=np.int64),
            np.asarray(u_off, dtype=bool),
            np.asarray(u_form, dtype=object),
        )

    def _decide(
        self, subjects: Sequence[_Subject], lo: int, *, keep_all: bool = False
    ) -> _Decided:
        """Outcomes of parties ``lo`` onwards of a batch (``keep_all`` keeps every scored
        pair); ``who`` counts from the batch's first party."""
        queries, u_qid, u_who, u_slot, u_off, u_form = self._usages(subjects)
        pairs = self._pairs(subjects, queries, u_qid, u_who, u_off, u_form)
        n = len(subjects)
        if pairs is None:
            empty = np.zeros(0, dtype=np.int64)
            return _Decided(
                lo, empty, empty, empty, np.zeros(0), np.zeros(0, dtype=bool),
                np.zeros(n, dtype=np.int8), np.zeros(n), np.zeros(n + 1, dtype=np.int64),
            )  # fmt: skip
        use, nid, weight, backed = pairs
        who = u_who[use]
        hot = weight >= self._alert_weight - 1e-6
        for k in np.flatnonzero(hot).tolist():
            hot[k] = probability(float(weight[k])) >= self.policy.alert_threshold
        # each party's best pair: highest weight, then lowest SAM Number
        order = np.lexsort((self._sam_rank[nid], -weight, who))
        first = order[np.r_[True, who[order][1:] != who[order][:-1]]]
        outcome = np.zeros(n, dtype=np.int8)
        prob = np.zeros(n, dtype=np.float64)
        top = first[hot[first]]
        outcome[who[top]] = 1
        for k in first.tolist():
            prob[who[k]] = probability(float(weight[k]))
        for k in top.tolist():
            if prob[who[k]] >= self.policy.confirm_threshold and backed[k]:
                outcome[who[k]] = 2
        keep = np.ones(len(who), dtype=bool) if keep_all else hot.copy()
        keep[first] = True
        rows = np.flatnonzero(keep)
        rows = rows[np.argsort(who[rows], kind="stable")]
        counts = np.bincount(who[rows], minlength=n)
        return _Decided(
            lo, who[rows] + lo, u_slot[use[rows]], nid[rows], weight[rows], hot[rows],
            outcome, prob, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        )  # fmt: skip

    def _pairs(
        self,
        subjects: Sequence[_Subject],
        queries: Sequence[NormName],
        u_qid: IntArray,
        u_who: IntArray,
        u_off: npt.NDArray[np.bool_],
        u_form: ObjArray,
    ) -> tuple[IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]] | None:
        """Every candidate pair that passes the pre-filter, once per use of the name: the use,
        the list name, the match weight, and whether more than the name supports it."""
        if not queries:
            return None
        found = self.index.candidate_arrays(queries)
        qid, nid = found.qid, found.nid
        table = self._name_table([q.tokens for q in queries])
        keep, name_score = name_scores(
            qid, nid, table, self._names, self.policy.prefilter_name * 100
        )
        qid, nid, name_score = qid[keep], nid[keep], name_score[keep]
        if len(qid) == 0:
            return None
        # one row per use of the query name (by a party's name, alias or officer)
        by_query = np.argsort(u_qid, kind="stable")
        u_count = np.bincount(u_qid, minlength=len(queries))
        u_start = np.concatenate([[0], np.cumsum(u_count)[:-1]]).astype(np.int64)
        sizes = u_count[qid]
        pair = np.repeat(np.arange(len(qid), dtype=np.int64), sizes)
        offset = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(sizes) - sizes, sizes
        )
        use = by_query[u_start[qid[pair]] + offset]
        nid, name_score = nid[pair], name_score[pair]
        ok = ~u_off[use] | self._individual[nid]
        use, nid, name_score = use[ok], nid[ok], name_score[ok]
        if len(use) == 0:
            return None
        weight, backed = self._weights(subjects, nid, u_who[use], name_score, u_form[use])
        return use, nid, weight, backed

    def _weights(
        self,
        subjects: Sequence[_Subject],
        nid: IntArray,
        who: IntArray,
        name_score: FloatArray,
        q_form: npt.NDArray[np.object_],
    ) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """The match weight of each pair, feature by feature in the order of
        :func:`~tradeguard.parties.score.score_pair` (so the same sums), and whether a
        feature besides the name, legal form and country supports it (:func:`corroborated`)."""
        pol = self.policy
        w = name_weights(name_score, pol)
        e_form = self._form[nid]
        both = (q_form != "") & (e_form != "")
        same = np.asarray(q_form == e_form, dtype=bool)
        w = w + np.where(
            both, np.where(same, pol.weight("form.same"), pol.weight("form.differs")), 0.0
        )
        ids, inv = np.unique(who, return_inverse=True)
        chosen = [subjects[i] for i in ids.tolist()]
        mine = AddressTable.of(
            norm_addresses([p[_STREET : _COUNTRY + 1] for p in chosen]), self._place_code
        )
        country, place = address_weights(
            inv, nid, mine, self._address, self._place_weights, SAME_STREET_RATIO
        )
        w = w + (country + place)
        uei = [(norm_uei(p[_UEI]) or "") if p[_UEI] else "" for p in chosen]
        p_uei = np.asarray(uei, dtype=object)[inv]
        e_uei = self._uei[nid]
        both = (p_uei != "") & (e_uei != "")
        same = np.asarray(p_uei == e_uei, dtype=bool)
        ident = np.where(both, np.where(same, pol.weight("id.same"), pol.weight("id.differs")), 0.0)
        w = w + ident
        p_kind = np.asarray([p[_KIND] for p in chosen], dtype=object)[inv]
        differs = (p_kind != "") & np.asarray(p_kind != self._kind[nid], dtype=bool)
        kind = np.where(differs, pol.weight("kind.differs"), 0.0)
        w = w + kind
        return pol.prior_log2 + w, (place > 0) | (ident > 0) | (kind > 0)

    def _explain(self, party: Party, query: NormName, nid: int, officer: bool) -> PairScore:
        listed = self.index.names[nid]
        scored = score_pair(party, query, self._entries[nid], listed.norm, self.weight, self.policy)
        return _as_officer(scored) if officer else scored

    def _explain_party(self, party: Party, decided: _Decided, i: int) -> tuple[PairScore, ...]:
        """The explained matches of party ``i``: its alerting pairs, best per listed person,
        best first; or a clear party's best pair."""
        texts = (party.name, *party.aliases, *party.officers)
        first_officer = 1 + len(party.aliases)
        lo, hi = int(decided.start[i]), int(decided.start[i + 1])
        rows = range(lo, hi)
        if decided.outcome[i] == 0:  # clear: its best pair (the one kept pair, or the first)
            best = max(rows, key=lambda k: (decided.weight[k], -self._sam_rank[decided.nid[k]]))
            rows = range(best, best + 1)
        found: dict[str, PairScore] = {}
        for k in rows:
            if decided.outcome[i] != 0 and not decided.hot[k]:
                continue
            slot = int(decided.slot[k])
            scored = self._explain(
                party,
                self.index.normalizer(texts[slot]),
                int(decided.nid[k]),
                slot >= first_officer,
            )
            known = found.get(scored.sam_number)
            if known is None or scored.weight_log2 > known.weight_log2:
                found[scored.sam_number] = scored
        ranked = sorted(found.values(), key=lambda s: (-s.weight_log2, s.sam_number))
        return tuple(ranked)


_ADOPTED: Screener | None = None  # the screener a forked worker serves

# What screening reads of a party, as a plain tuple (the cheapest to send to a worker): its
# names, aliases and officers, where the officers start, its address, UEI and kind.
_Subject = tuple[tuple[str, ...], int, str, str, str, str, str, str]
_TEXTS: Final = 0
_FIRST_OFFICER: Final = 1
_STREET: Final = 2
_CITY: Final = 3
_POSTAL: Final = 4
_COUNTRY: Final = 5
_UEI: Final = 6
_KIND: Final = 7


def _subject(party: Party) -> _Subject:
    return (
        (party.name, *party.aliases, *party.officers), 1 + len(party.aliases), party.street,
        party.city, party.postal_code, party.country, party.uei, party.kind,
    )  # fmt: skip


def _adopt(ready: Any) -> None:
    """A worker starts: it keeps the inherited screener. The inherited objects are frozen out
    of the collector's reach, and the look-up tables it reads are walked once now: reading a
    Python object writes its reference count, which copies the object's memory page from the
    parent, and a page copied now is not copied, one fault at a time, while screening. Then
    it says it is ready (releases ``ready``, a semaphore)."""
    gc.freeze()
    gc.enable()
    if _ADOPTED is not None:
        for table in _ADOPTED._lookups():
            for _item in table.items():
                pass
    ready.release()


def _decide_sent(job: tuple[int, list[_Subject]]) -> _Decided:
    lo, subjects = job
    assert _ADOPTED is not None
    with _collector_paused():
        return _ADOPTED._decide(subjects, lo)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one batch: screening makes millions of small
    acyclic objects, and each full collection would walk every object of the process (the
    list, its index, the parties); reference counting still frees everything."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


def explain_alerts(results: Sequence[ScreenResult]) -> int:
    """Build the explained matches of every alerted or matched result now (a clear one's
    stay unbuilt until read), with the cyclic collector paused as in screening: a batch's
    explanations are millions of small objects, and each full collection would walk every
    result of the batch. Returns the number of matches built."""
    with _collector_paused():
        return sum(len(r.matches) for r in results if r.outcome != "clear")


def screening_decisions(
    results: Sequence[ScreenResult], policy: PartiesPolicy, decided_at: dt.datetime
) -> list[Decision]:
    """One decision per alerted or matched party (clear parties are counted, not stored)."""
    explain_alerts(results)
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
