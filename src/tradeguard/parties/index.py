"""Candidate generation: an inverted index of name keys, never a scan of the list.

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
``index.max_candidates`` per party name go on to scoring.

The keys of a party name are laid out with array operations from each distinct token's
cached keys, looked up among the list's keys, and the summed rarities against every list name
sharing a key are accumulated, and the best kept, by the compiled loop of
:func:`tradeguard.parties.kernels.top_candidates` (the sums of the sparse product
``queries x keys`` times ``keys x list names``, made in the same order).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from tradeguard.parties.kernels import (
    KeyTable,
    StringTable,
    key_columns,
    token_keys,
    top_candidates,
)
from tradeguard.parties.normalize import NameNormalizer, NormName
from tradeguard.parties.policy import PartiesPolicy
from tradeguard.parties.screenlist import ListEntry, ScreeningList

__all__ = ["Candidates", "ListName", "ScreeningIndex", "name_keys"]

_MAX_DELETE_AT = 63  # deletions at character positions 1..63, as the key definition has it


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of a listed person as indexed: which entry, whether it is a cross-reference."""

    nid: int
    sam_number: str
    norm: NormName
    is_alias: bool


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate pairs as arrays: query position, list name id and key score, best first
    within each query, queries in order."""

    qid: npt.NDArray[np.int64]
    nid: npt.NDArray[np.int64]
    kscore: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.qid.shape[0])


def _deletions(token: str) -> tuple[str, ...]:
    """The token with each one letter deleted, then the token itself (distinct)."""
    out = dict.fromkeys(
        token[: i - 1] + token[i:] for i in range(1, min(len(token), _MAX_DELETE_AT) + 1)
    )
    out[token] = None
    return tuple(out)


def _pair(prefix: str, a: str, b: str) -> str:
    return f"{prefix}{a} {b}" if a <= b else f"{prefix}{b} {a}"


def name_keys(tokens: Sequence[str], generic: frozenset[str], min_deletion: int) -> set[str]:
    """Every key of one name, spelt out (the definition; the index uses integer codes of the
    same keys).

    >>> sorted(name_keys(("ACME", "LI"), frozenset(), 4))[:4]
    ['DACE', 'DACM', 'DACME', 'DAME']
    """
    n = len(tokens)
    toks = [(pos, t) for pos, t in enumerate(tokens, start=1) if len(t) >= 2]
    dels = {pos: _deletions(t) for pos, t in toks if len(t) >= min_deletion}
    keys: set[str] = set()
    for pos, tok in toks:
        if tok not in generic:
            keys.add("T" + tok)
            keys.update("D" + d for d in dels.get(pos, ()))
    for i, (pa, a) in enumerate(toks):
        for pb, b in toks[i + 1 :]:
            if pa <= 5 and pb <= 5:
                keys.add(_pair("P", a, b))
    if n <= 3:
        for pa, a in toks:
            for pb, ds in dels.items():
                if pb != pa:
                    keys.update(_pair("Q", a, d) for d in ds)
    return keys


# Integer key codes: the kind in the top bits, then one or two string ids (each < 2**30).
_T, _D, _P, _Q = (k << 60 for k in (1, 2, 3, 4))
_SHIFT = 30


@dataclass(frozen=True, slots=True)
class _TokenInfo:
    """A token's id, its own ``T``/``D`` key codes and the ids of its deletions."""

    tid: int
    own: tuple[int, ...]
    dels: tuple[int, ...]


class _Coder:
    """Turns names into integer key codes; strings get ids from the list side only (a string
    the list never has can share no key)."""

    def __init__(self, generic: frozenset[str], min_deletion: int) -> None:
        self.generic = generic
        self.min_deletion = min_deletion
        self.ids: dict[str, int] = {}
        self.frozen = False
        self._strings: StringTable | None = None  # the ids' strings, once frozen
        # every token met, by registry number, with its id and its keys' columns (CSR)
        self._rid: dict[str, int] = {}
        self._tid = _Column()
        self._own = _Column()
        self._own_at = _Column([0])
        self._dels = _Column()
        self._dels_at = _Column([0])
        self._base = 0  # tokens of the list itself, kept when the registry is trimmed

    def _id(self, text: str) -> int:
        found = self.ids.get(text)
        if found is None:
            if self.frozen:
                return -1
            found = self.ids[text] = len(self.ids)
        return found

    def _info(self, token: str) -> _TokenInfo:
        tid = self._id(token)
        dels: tuple[int, ...] = ()
        if len(token) >= self.min_deletion:
            if self.frozen:  # a string the list never has can share no key
                get = self.ids.get
                dels = tuple(i for d in _deletions(token) if (i := get(d, -1)) >= 0)
            else:
                dels = tuple(self._id(d) for d in _deletions(token))
        own: tuple[int, ...] = ()
        if token not in self.generic:
            own = ((_T | tid,) if tid >= 0 else ()) + tuple(_D | i for i in dels)
        return _TokenInfo(tid, own, dels)

    def layout(self, names: Sequence[Sequence[str]]) -> _Layout | None:
        """The tokens of many names laid flat, each new token registered once."""
        if len(self._rid) > _MAX_REGISTRY:
            self._trim()
        get = self._rid.get
        which: list[int] = []
        row_of: list[int] = []
        pos_of: list[int] = []
        n_tokens: list[int] = []
        fresh: list[str] = []
        for row, tokens in enumerate(names):
            n_tokens.append(len(tokens))
            for pos, tok in enumerate(tokens, start=1):
                if len(tok) >= 2:
                    rid = get(tok)
                    if rid is None:
                        rid = self._rid[tok] = self._tid.size + len(fresh)
                        fresh.append(tok)
                    which.append(rid)
                    row_of.append(row)
                    pos_of.append(pos)
        if fresh:
            self._register(fresh)
        if not which:
            return None
        rows = np.asarray(row_of, dtype=np.int64)
        counts = np.bincount(rows, minlength=len(names))
        return _Layout(
            np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            rows,
            np.asarray(which, dtype=np.int64),
            np.asarray(pos_of, dtype=np.int64),
            np.asarray(n_tokens, dtype=np.int64),
            self._tid.view(),
            (self._own.view(), self._own_at.view()),
            (self._dels.view(), self._dels_at.view()),
        )

    def _register(self, tokens: Sequence[str]) -> None:
        if self._strings is not None and "".join(tokens).isascii():
            # the list is coded: its strings are looked up by a compiled loop (as _info)
            generic = [t in self.generic for t in tokens]
            tid, own, own_at, dels, dels_at = token_keys(
                tokens, generic, self._strings, self.min_deletion, _MAX_DELETE_AT, _T, _D
            )
            self._extend(tid, (own, own_at[1:]), (dels, dels_at[1:]))
            return
        infos = [self._info(t) for t in tokens]
        own_values, own_ends = _ragged([i.own for i in infos])
        del_values, del_ends = _ragged([i.dels for i in infos])
        tids = np.fromiter((i.tid for i in infos), dtype=np.int64, count=len(infos))
        self._extend(tids, (own_values, own_ends[1:]), (del_values, del_ends[1:]))

    def _extend(
        self,
        tid: npt.NDArray[np.int64],
        own: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
        dels: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    ) -> None:
        """Register tokens: their ids, and their own codes and deletion ids (each as the
        values of all tokens and the offset where each token's values end)."""
        self._tid.extend(tid)
        for column, at, (values, ends) in (
            (self._own, self._own_at, own),
            (self._dels, self._dels_at, dels),
        ):
            at.extend(column.size + ends)
            column.extend(values)

    def tables(self) -> list[dict[str, int]]:
        """The dictionaries read for every name: the token registry (once the list is coded,
        string ids are read from the compiled string table, not from ``ids``)."""
        return [self._rid] if self.frozen else [self.ids, self._rid]

    def freeze(self) -> None:
        """The list is coded: from now on strings get no new ids."""
        self.frozen = True
        self._base = self._tid.size
        self._strings = StringTable.of(list(self.ids))  # string number = id

    def _trim(self) -> None:
        """Forget the tokens met in parties' names (not the list's), to bound memory."""
        base = self._base
        self._rid = {t: r for t, r in self._rid.items() if r < base}
        self._tid.size = base
        self._own_at.size = base + 1
        self._own.size = int(self._own_at.data[base])
        self._dels_at.size = base + 1
        self._dels.size = int(self._dels_at.data[base])

    def encode(self, names: Sequence[Sequence[str]]) -> tuple[npt.NDArray[np.int64], ...]:
        """``(row, code)`` arrays of every key of every name (duplicates possible).

        Each distinct token is registered once (:meth:`layout`); the keys of every name are then
        laid out with array operations: a token's own ``T``/``D`` codes, the ``P`` pairs of
        its first five positions, and the ``Q`` pairs of short names.
        """
        found = self.layout(names)
        if found is None:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        u_tid, (u_own, u_own_at), (u_dels, u_dels_at) = found.tid, found.own, found.dels
        n_tokens = found.n_tokens
        which, rows, place = found.which, found.rows, found.place
        tid = u_tid[which]
        # T and D: each token's own codes
        own_rows, own_codes = _gather(rows, which, u_own, u_own_at)
        # tokens of one name are consecutive: the pairs (i < j) within each name
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        sizes = np.diff(np.r_[starts, len(rows)])
        first, second = _within(starts, sizes)
        # P: unordered pairs of known tokens at positions 1..5
        ok = (place[first] <= 5) & (place[second] <= 5) & (tid[first] >= 0) & (tid[second] >= 0)
        lo = np.minimum(tid[first[ok]], tid[second[ok]])
        hi = np.maximum(tid[first[ok]], tid[second[ok]])
        p_rows, p_codes = rows[first[ok]], _P | lo << _SHIFT | hi
        # Q: in names of at most three tokens, a known token with each deletion of another
        short = n_tokens[rows] <= 3
        a = np.concatenate([first, second])
        b = np.concatenate([second, first])
        ok = short[a] & (tid[a] >= 0)
        a, b = a[ok], b[ok]
        q_rows, q_dels = _gather(rows[a], which[b], u_dels, u_dels_at)
        left = np.repeat(tid[a], u_dels_at[which[b] + 1] - u_dels_at[which[b]])
        q_codes = _Q | np.minimum(left, q_dels) << _SHIFT | np.maximum(left, q_dels)
        return (
            np.concatenate([own_rows, p_rows, q_rows]),
            np.concatenate([own_codes, p_codes, q_codes]),
        )


def _ragged(
    lists: Sequence[tuple[int, ...]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Lists of integers laid flat, with the offsets (``len + 1`` of them)."""
    sizes = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = itertools.chain.from_iterable(lists)
    values = np.fromiter(flat, dtype=np.int64, count=int(sizes.sum()))
    return values, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


def _gather(
    rows: npt.NDArray[np.int64],
    which: npt.NDArray[np.int64],
    values: npt.NDArray[np.int64],
    at: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For each ``(rows[k], which[k])``, every value of ragged list ``which[k]`` with its row."""
    sizes = at[which + 1] - at[which]
    total = int(sizes.sum())
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(rows, sizes), values[np.repeat(at[which], sizes) + offset]


def _within(
    starts: npt.NDArray[np.int64], sizes: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every pair ``(i, j)``, ``i < j``, of positions inside each group of consecutive items."""
    square = sizes * sizes
    group = np.repeat(np.arange(len(sizes), dtype=np.int64), square)
    local = np.arange(int(square.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(square) - square, square
    )
    i, j = local // sizes[group], local % sizes[group]
    keep = i < j
    base = starts[group[keep]]
    return base + i[keep], base + j[keep]


@dataclass(frozen=True, slots=True)
class _Layout:
    """Tokens of many names laid flat (length 2 and more): name ``q``'s are
    ``start[q]..start[q + 1]``, each with its row, distinct-token index and 1-based position;
    each name's token count; and per distinct token its id (-1 when the list never has it),
    own key codes and deletion ids (CSR)."""

    start: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    which: npt.NDArray[np.int64]
    place: npt.NDArray[np.int64]
    n_tokens: npt.NDArray[np.int64]
    tid: npt.NDArray[np.int64]
    own: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
    dels: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]


_MAX_REGISTRY = 4_000_000  # tokens remembered before those met in parties are forgotten


class _Column:
    """A growing column of integers (capacity doubled as needed); ``view`` is its filled
    part, valid until the next growth."""

    def __init__(self, values: Sequence[int] = ()) -> None:
        self.data = np.zeros(max(1024, len(values)), dtype=np.int64)
        self.size = len(values)
        self.data[: self.size] = values

    def extend(self, values: Sequence[int] | npt.NDArray[np.int64]) -> None:
        n = len(values)
        if self.size + n > len(self.data):
            grown = np.zeros(max(2 * len(self.data), self.size + n), dtype=np.int64)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : self.size + n] = values
        self.size += n

    def view(self) -> npt.NDArray[np.int64]:
        return self.data[: self.size]


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
        self._coder = _Coder(policy.generic_words, policy.min_deletion_length)
        self._build_keys()

    def _add(self, entry: ListEntry) -> None:
        for i, text in enumerate(entry.names):
            norm = self.normalizer(text)
            if norm.tokens:
                self.names.append(ListName(len(self.names), entry.sam_number, norm, i > 0))

    def _build_keys(self) -> None:
        nids, codes = self._coder.encode([n.norm.tokens for n in self.names])
        self._coder.freeze()
        pairs = np.unique(np.stack([codes, nids]), axis=1)  # one key once per name
        keys, counts = np.unique(pairs[0], return_counts=True)
        kept = counts <= self.policy.max_postings
        self.key_codes = pd.Index(keys[kept])
        weights = np.log(self.size / counts[kept]) + 0.1
        cols = self.key_codes.get_indexer(pairs[0])
        mask = cols >= 0
        self.postings = sp.csr_matrix(
            (weights[cols[mask]], (cols[mask], pairs[1][mask])),
            shape=(len(self.key_codes), len(self.names)),
        )
        self.postings.sort_indices()
        self._table = KeyTable.of(np.asarray(self.key_codes, dtype=np.int64))
        # the compiled candidate loop's postings: CSR by key, 4-byte name ids, one weight a key
        self._postings = (
            self.postings.indptr.astype(np.int64),
            self.postings.indices.astype(np.int32),
            weights.astype(np.float64),
        )

    def tables(self) -> list[dict[str, Any]]:
        """The dictionaries read for every name screened (normaliser and key coder)."""
        return [*self._coder.tables(), *self.normalizer.tables()]

    def idf(self, token: str) -> float:
        """Rarity of a token among list names; generic trade words weigh a quarter."""
        weight = math.log((self.size + 1) / (self.df.get(token, 0) + 1)) + 1.0
        return weight * (0.25 if token in self.policy.generic_words else 1.0)

    def candidate_arrays(self, norms: Sequence[NormName]) -> Candidates:
        """Candidate pairs for many names at once, as arrays (best keys first per query)."""
        found = self._coder.layout([n.tokens for n in norms])
        if found is None:
            empty = np.zeros(0, dtype=np.int64)
            return Candidates(empty, empty, np.zeros(0))
        q_ptr, q_cols = key_columns(
            found.start, found.which, found.place, found.n_tokens, found.tid, found.own,
            found.dels, self._table, _P, _Q, _SHIFT,
        )  # fmt: skip
        indptr, indices, key_weight = self._postings
        qids, nids, scores = top_candidates(
            q_ptr, q_cols, indptr, indices, key_weight, len(self.names), self.policy.max_candidates
        )
        return Candidates(qids, nids, scores)

    def candidate_arrays_by_product(self, norms: Sequence[NormName]) -> Candidates:
        """The same candidates from the spelt-out keys (:meth:`_Coder.encode`) and a sparse
        matrix product: the reference the compiled path is tested against."""
        rows, codes = self._coder.encode([n.tokens for n in norms])
        cols = self.key_codes.get_indexer(codes)
        mask = cols >= 0
        query = sp.csr_matrix(
            (np.ones(int(mask.sum())), (rows[mask], cols[mask])),
            shape=(len(norms), len(self.key_codes)),
        )
        query.data[:] = 1.0  # duplicates were summed: a shared key counts once
        scores = (query @ self.postings).tocsr()
        scores.sort_indices()
        counts = np.diff(scores.indptr)
        qids = np.repeat(np.arange(len(norms), dtype=np.int64), counts)
        nids = scores.indices.astype(np.int64)
        data = scores.data.astype(np.float64)
        micro = np.minimum(np.rint(data * 1e6).astype(np.int64), (1 << 34) - 1)
        order = np.lexsort((nids, -micro, qids))
        qids, nids, data = qids[order], nids[order], data[order]
        starts = np.repeat(scores.indptr[:-1].astype(np.int64), counts)
        keep = np.arange(len(qids), dtype=np.int64) - starts < self.policy.max_candidates
        return Candidates(qids[keep], nids[keep], data[keep])

    def candidates(self, norms: Sequence[NormName]) -> list[tuple[int, int]]:
        """``(query position, list name id)`` pairs, best keys first, at most K per query."""
        if not norms:
            return []
        found = self.candidate_arrays(norms)
        return list(zip(found.qid.tolist(), found.nid.tolist(), strict=True))
