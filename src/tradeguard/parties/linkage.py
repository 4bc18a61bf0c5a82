"""Linking party records, and finding excluded persons who come back under a new name.

Two records are compared on the 2 CFR 180.905 indicia and the EO 13904 s.3(a) pattern: shared
officers or owners (a), family names (b), shared addresses or facilities (c), shared phones,
e-mails and e-mail domains, the same EIN root, the same broker, similar names, and a new
entity formed after the exclusion (e). Each indicium adds a log2 weight from policy; a pair at
or above ``link.affiliate_threshold`` is linked, and links are clustered (union-find). Pairs
are only formed inside blocks (records that share an officer, phone, e-mail, domain, street,
EIN root or a pair of name tokens), never by comparing every pair.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tradeguard.domain.decisions import RuleHit
from tradeguard.parties.normalize import NameNormalizer
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.records import Party
from tradeguard.parties.score import name_similarity

__all__ = ["Link", "Linker", "clusters"]


@dataclass(frozen=True, slots=True)
class Link:
    """Two records tied by the indicia in ``hits``; ``weight`` is their summed log2 weight."""

    left: str
    right: str
    weight: float
    hits: tuple[RuleHit, ...]

    @property
    def reasons(self) -> str:
        return "; ".join(h.reason for h in self.hits if h.weight > 0)


class Linker:
    """Blocks, compares and scores party records with the indicia weights of a policy."""

    def __init__(self, policy: PartiesPolicy, max_block: int = 50) -> None:
        self.policy = policy
        self.norm = NameNormalizer(policy)
        self.max_block = max_block
        self.people: Counter[str] = Counter()

    def learn(self, parties: Iterable[Party]) -> None:
        """Count how often each person's name appears, so common names weigh less."""
        for party in parties:
            self.people.update({self._person(o) for o in party.officers})

    def _person(self, name: str) -> str:
        """Given and family name, sorted (middle names and initials left out)."""
        tokens = self.norm(name).tokens
        return " ".join(sorted({tokens[0], tokens[-1]})) if tokens else ""

    def keys(self, party: Party) -> set[str]:
        """Blocking keys of a record."""
        out = {f"O:{self._person(o)}" for o in party.officers}
        if party.kind == "individual":
            out.add(f"O:{self._person(party.name)}")
        if party.phone_e164:
            out.add(f"T:{party.phone_e164}")
        if party.domain and party.domain not in self.policy.free_mail_domains:
            out.add(f"E:{party.domain}")
        if party.address.has_street:
            out.add(f"A:{party.address.street}|{party.address.postal}")
        if party.root:
            out.add(f"R:{party.root}")
        tokens = sorted(set(self.norm(party.name).tokens) - self.policy.generic_words)
        out |= {f"N:{a} {b}" for i, a in enumerate(tokens) for b in tokens[i + 1 :]}
        return out

    def candidate_pairs(
        self, left: Sequence[Party], right: Sequence[Party] | None = None
    ) -> set[tuple[int, int]]:
        """Index pairs sharing a blocking key (``right=None``: deduplicate ``left``)."""
        other = left if right is None else right
        postings: dict[str, list[int]] = {}
        for j, party in enumerate(other):
            for key in self.keys(party):
                postings.setdefault(key, []).append(j)
        pairs: set[tuple[int, int]] = set()
        for i, party in enumerate(left):
            for key in self.keys(party):
                block = postings.get(key, [])
                if len(block) > self.max_block:
                    continue
                pairs.update((i, j) for j in block if right is not None or j > i)
        return pairs

    def _w(self, code: str) -> float:
        return float(self.policy.indicia_weights.get(code, 0.0))

    def _hit(self, code: str, reason: str, **evidence: object) -> RuleHit:
        return RuleHit(f"LINK-{code.upper()}", self._w(code), reason, dict(evidence), "proposed")

    def indicia(self, a: Party, b: Party, excluded_on: dt.date | None = None) -> list[RuleHit]:
        """Every indicium that ties ``a`` to ``b``; ``excluded_on`` dates ``a``'s exclusion."""
        hits = self._people(a, b) + self._contacts(a, b) + [self._name(a, b)]
        if a.root and a.root == b.root:
            hits.append(self._hit("shared_ein_root", f"same EIN root {a.root}"))
        if a.broker and a.broker == b.broker:
            hits.append(self._hit("shared_broker", f"same broker filer code {a.broker}"))
        if excluded_on is not None and b.formed_on is not None:
            if b.formed_on > excluded_on:
                hits.append(
                    self._hit(
                        "new_entity_after_exclusion",
                        f"{b.name} formed {b.formed_on}, after the exclusion of {excluded_on}",
                    )
                )
            else:
                hits.append(
                    self._hit(
                        "created_before_exclusion",
                        f"{b.name} existed on {b.formed_on}, before the exclusion",
                    )
                )
        return [h for h in hits if h.code != "LINK-NONE"]

    def _people(self, a: Party, b: Party) -> list[RuleHit]:
        mine = {self._person(o): o for o in a.officers}
        if a.kind == "individual":
            mine[self._person(a.name)] = a.name
        theirs = {self._person(o): o for o in b.officers}
        if b.kind == "individual":
            theirs[self._person(b.name)] = b.name
        shared = sorted(set(mine) & set(theirs))
        if shared:
            seen = min(self.people.get(p, 1) for p in shared)
            hit = self._hit(
                "shared_officer",
                f"shared officer or owner {mine[shared[0]]}"
                + (f" (a name {seen} records carry)" if seen > 1 else ""),
                officers=[mine[s] for s in shared],
                records_with_name=seen,
            )
            rarity = math.log2(max(1, seen))
            return [RuleHit(hit.code, hit.weight - rarity, hit.reason, hit.evidence, hit.status)]
        families = {self.norm(o).tokens[-1] for o in mine.values() if self.norm(o).tokens}
        other = {self.norm(o).tokens[-1] for o in theirs.values() if self.norm(o).tokens}
        common = sorted(families & other)
        if common:
            return [self._hit("family_name", f"officers share the family name {common[0]}")]
        return []

    def _contacts(self, a: Party, b: Party) -> list[RuleHit]:
        hits: list[RuleHit] = []
        same_postal = a.address.postal == b.address.postal or not (
            a.address.postal and b.address.postal
        )
        if a.address.has_street and a.address.street == b.address.street and same_postal:
            same_unit = a.address.unit == b.address.unit
            code = "shared_address" if same_unit else "shared_street_other_suite"
            where = f"{a.address.street} {a.address.postal}"
            hits.append(
                self._hit(
                    code, f"same street address {where}" + ("" if same_unit else " (another suite)")
                )
            )
        if a.phone_e164 and a.phone_e164 == b.phone_e164:
            hits.append(self._hit("shared_phone", f"same phone {a.phone_e164}"))
        if a.email_norm and a.email_norm == b.email_norm:
            hits.append(self._hit("shared_email", f"same e-mail {a.email_norm}"))
        elif a.domain and a.domain == b.domain and a.domain not in self.policy.free_mail_domains:
            hits.append(self._hit("shared_email_domain", f"same e-mail domain {a.domain}"))
        return hits

    def _name(self, a: Party, b: Party) -> RuleHit:
        score, _ = name_similarity(self.norm(a.name), self.norm(b.name), self._token_weight)
        if score >= self.policy.name_levels[1]:
            return self._hit("very_similar_name", f"name {score:.2f}: {a.name} ~ {b.name}")
        if score >= self.policy.name_levels[2]:
            return self._hit("similar_name", f"name {score:.2f}: {a.name} ~ {b.name}")
        return RuleHit("LINK-NONE", 0.0, "")

    def _token_weight(self, token: str) -> float:
        return 0.25 if token in self.policy.generic_words else 1.0

    def compare(self, a: Party, b: Party, excluded_on: dt.date | None = None) -> Link:
        hits = tuple(self.indicia(a, b, excluded_on))
        return Link(a.party_id, b.party_id, sum(h.weight for h in hits), hits)

    def link(self, left: Sequence[Party], right: Sequence[Party] | None = None) -> list[Link]:
        """Links at or above the affiliate threshold between two files (or within one)."""
        other = left if right is None else right
        out = []
        for i, j in sorted(self.candidate_pairs(left, right)):
            found = self.compare(left[i], other[j])
            if found.weight >= self.policy.affiliate_threshold:
                out.append(found)
        return out


def clusters(links: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Connected components of linked ids (union-find), largest first.

    >>> sorted(map(sorted, clusters([("a", "b"), ("b", "c"), ("x", "y")])))
    [['a', 'b', 'c'], ['x', 'y']]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for x in parent:
        groups.setdefault(find(x), set()).add(x)
    return sorted(groups.values(), key=lambda g: (-len(g), sorted(g)))
