"""Re-establishment detection (EO 13904 s.3(a); 2 CFR 180.905(e)).

A *case* is a listed person with the persons its cross-references name (a firm and its
principals). For each CBP trade-related case, the importers that are the excluded person's own
records (*originals*: a confirmed screening match formed before the exclusion) are found
first; their officers, phones, e-mails, addresses, EIN roots and brokers join the case's
profile. Every other importer that shares a blocking key with the profile is compared on the
indicia; the strongest evidence per indicium is summed, and an importer formed after the
exclusion at or above ``link.affiliate_threshold`` is reported as a probable
re-establishment, with the attributes that tie it. A shared officer weighs less the more
records carry that name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.parties.linkage import Linker, clusters
from tradeguard.parties.records import Party
from tradeguard.parties.screen import Screener, ScreenResult
from tradeguard.parties.screenlist import ListEntry

__all__ = ["Case", "Reestablishment", "cases_of", "find_reestablished", "reestablishment_decisions"]


@dataclass(frozen=True)
class Case:
    """Listed persons tied by cross-references, the day they were excluded, their profile."""

    sam_numbers: tuple[str, ...]
    excluded_on: dt.date
    profile: tuple[Party, ...]
    originals: tuple[str, ...]


@dataclass(frozen=True)
class Reestablishment:
    """An importer that probably carries on an excluded person's business."""

    importer: Party
    case: Case
    weight: float
    hits: tuple[RuleHit, ...]


def _entry_party(entry: ListEntry, officers: tuple[str, ...]) -> Party:
    return Party(
        f"SAM:{entry.sam_number}",
        entry.name,
        entry.kind,
        entry.aliases,
        entry.street,
        entry.city,
        entry.state,
        entry.postal,
        entry.country,
        officers=officers,
    )


def _groups(screener: Screener) -> list[set[str]]:
    norm = screener.index.normalizer
    by_name: dict[str, list[str]] = {}
    for entry in screener.list.entries.values():
        by_name.setdefault(norm(entry.name).sorted_text, []).append(entry.sam_number)
    edges = [(e.sam_number, e.sam_number) for e in screener.list.entries.values()]
    for entry in screener.list.entries.values():
        for alias in entry.aliases:
            edges += [(entry.sam_number, s) for s in by_name.get(norm(alias).sorted_text, [])]
    return clusters(edges)


def cases_of(
    screener: Screener, importers: Sequence[Party], results: Sequence[ScreenResult]
) -> list[Case]:
    """CBP trade-related cases with their profiles (the listed records and the originals)."""
    policy = screener.policy
    originals: dict[str, list[Party]] = {}
    for party, result in zip(importers, results, strict=True):
        for match in result.matches:
            if match.probability >= policy.confirm_threshold and not match.hits[
                0
            ].reason.startswith("officer"):
                originals.setdefault(match.sam_number, []).append(party)
    out: list[Case] = []
    for group in _groups(screener):
        entries = [screener.list.entries[s] for s in sorted(group)]
        trade = [e for entry in entries for e in entry.exclusions if e.is_trade(policy)]
        if not trade:
            continue
        excluded_on = min(e.active for e in trade)
        people = tuple(e.name for e in entries if e.kind == "individual")
        profile = [_entry_party(e, people) for e in entries]
        own = [
            p
            for e in entries
            for p in originals.get(e.sam_number, [])
            if p.formed_on is None or p.formed_on <= excluded_on
        ]
        profile += own
        out.append(
            Case(
                tuple(sorted(group)),
                excluded_on,
                tuple(profile),
                tuple(sorted({p.party_id for p in own})),
            )
        )
    return out


def _combine(hits: Sequence[RuleHit]) -> tuple[RuleHit, ...]:
    best: dict[str, RuleHit] = {}
    for hit in hits:
        if hit.code not in best or abs(hit.weight) > abs(best[hit.code].weight):
            best[hit.code] = hit
    return tuple(sorted(best.values(), key=lambda h: -h.weight))


def find_reestablished(
    importers: Sequence[Party], screener: Screener, linker: Linker
) -> tuple[list[Reestablishment], list[Case]]:
    """Probable re-establishments among ``importers``, and the cases they were sought for."""
    results = screener.screen(importers)
    linker.learn(importers)
    cases = cases_of(screener, importers, results)
    profiles = [(c, p) for c in cases for p in c.profile]
    pairs = linker.candidate_pairs([p for _, p in profiles], importers)
    evidence: dict[tuple[int, int], list[RuleHit]] = {}
    case_at = {id(c): k for k, c in enumerate(cases)}
    for i, j in pairs:
        case, profile = profiles[i]
        importer = importers[j]
        if importer.party_id in case.originals or importer.party_id == profile.party_id:
            continue
        hits = linker.indicia(profile, importer, case.excluded_on)
        evidence.setdefault((case_at[id(case)], j), []).extend(hits)
    found: list[Reestablishment] = []
    for (k, j), hits in sorted(evidence.items()):
        combined = _combine(hits)
        weight = sum(h.weight for h in combined)
        formed_after = any(h.code == "LINK-NEW_ENTITY_AFTER_EXCLUSION" for h in combined)
        if weight >= linker.policy.affiliate_threshold and formed_after:
            found.append(Reestablishment(importers[j], cases[k], weight, combined))
    return found, cases


def reestablishment_decisions(
    found: Sequence[Reestablishment], version: str, decided_at: dt.datetime
) -> list[Decision]:
    """One ``reestablishment`` decision per importer and case, outcome ``probable_affiliate``."""
    return [
        Decision(
            subject=f"IOR:{r.importer.ior_number or r.importer.party_id}",
            kind="reestablishment",
            outcome="probable_affiliate",
            score=round(r.weight, 3),
            hits=(
                RuleHit(
                    "LINK-CASE",
                    0.0,
                    f"linked to excluded {', '.join(r.case.sam_numbers)}"
                    f" (excluded {r.case.excluded_on})",
                    {"sam_numbers": list(r.case.sam_numbers)},
                    "proposed",
                ),
                *r.hits,
            ),
            provision="EO 13904 s.3(a); 2 CFR 180.905",
            policy_version=version,
            inputs_digest=inputs_digest(
                [r.importer.party_id, r.case.sam_numbers, [h.to_dict() for h in r.hits]]
            ),
            decided_at=decided_at,
        )
        for r in found
    ]
