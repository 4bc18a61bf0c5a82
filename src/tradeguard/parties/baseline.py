"""The comparison baseline: rapidfuzz with token blocking, as many screening scripts do it.

Names are lower-cased and stripped of punctuation (``rapidfuzz.utils.default_process``);
every list name sharing a token with the party name is a candidate (tokens shared by more than
``max_postings`` names are skipped, or the candidate sets explode); the best candidate by
``token_sort_ratio`` is alerted at or above ``threshold``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from tradeguard.parties.screenlist import ScreeningList

__all__ = ["BaselineScreener"]


class BaselineScreener:
    """Token-blocking + ``token_sort_ratio`` over the list's names and cross-references."""

    def __init__(self, screening_list: ScreeningList, max_postings: int = 2000) -> None:
        self.names: list[str] = []
        self.sam: list[str] = []
        for entry in screening_list.entries.values():
            for name in entry.names:
                self.names.append(default_process(name))
                self.sam.append(entry.sam_number)
        postings: dict[str, list[int]] = {}
        for i, name in enumerate(self.names):
            for token in set(name.split()):
                postings.setdefault(token, []).append(i)
        self.postings = {t: p for t, p in postings.items() if len(p) <= max_postings}

    def best(self, name: str) -> tuple[str | None, float]:
        """The best-scoring listed SAM Number for a name and its score (0-100)."""
        query = default_process(name)
        ids: set[int] = set()
        for token in set(query.split()):
            ids.update(self.postings.get(token, ()))
        if not ids:
            return None, 0.0
        order = sorted(ids)
        found = process.extractOne(
            query, [self.names[i] for i in order], scorer=fuzz.token_sort_ratio, processor=None
        )
        if found is None:
            return None, 0.0
        _choice, score, at = found
        return self.sam[order[at]], float(score)

    def screen(self, names: Sequence[str]) -> list[tuple[str | None, float]]:
        return [self.best(n) for n in names]
