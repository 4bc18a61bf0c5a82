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
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.index import ScreeningIndex
from tradeguard.parties.normalize import NormName
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.score import PairScore, rarity, score_pair
from tradeguard.parties.screenlist import ScreeningList

__all__ = ["ScreenResult", "Screener", "corroborated", "screening_decisions"]


@dataclass(frozen=True)
class ScreenResult:
    """A party's outcome with its best match per listed person, best first."""

    party: Party
    outcome: str
    matches: tuple[PairScore, ...]

    @property
    def best(self) -> PairScore | None:
        return self.matches[0] if self.matches else None

    @property
    def probability(self) -> float:
        return self.matches[0].probability if self.matches else 0.0


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
        """Screen many parties at once (the batch mode for a day of shipments)."""
        queries, users = self._queries(parties)
        pairs = self.index.candidates(queries)
        if pairs:
            left = [queries[q].sorted_text for q, _ in pairs]
            right = [self.index.names[n].norm.sorted_text for _, n in pairs]
            quick = process.cpdist(left, right, scorer=fuzz.token_sort_ratio, workers=-1)
            floor = self.policy.prefilter_name * 100
            pairs = [p for p, s in zip(pairs, quick.tolist(), strict=True) if s >= floor]
        found: list[dict[str, PairScore]] = [{} for _ in parties]
        for q, nid in pairs:
            listed = self.index.names[nid]
            entry = self.list.entries[listed.sam_number]
            for i, is_officer in users[q]:
                if is_officer and entry.kind != "individual":
                    continue
                scored = score_pair(
                    parties[i], queries[q], entry, listed.norm, self.weight, self.policy
                )
                if is_officer:
                    scored = _as_officer(scored)
                best = found[i].get(entry.sam_number)
                if best is None or scored.weight_log2 > best.weight_log2:
                    found[i][entry.sam_number] = scored
        return [self._result(p, f) for p, f in zip(parties, found, strict=True)]

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
