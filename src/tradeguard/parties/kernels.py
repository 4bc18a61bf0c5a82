"""The inner loops of screening, compiled with ``numba``.

* :func:`key_columns`: the keys of each party name (as
  :func:`tradeguard.parties.index.name_keys` defines them), looked up in the list's
  :class:`KeyTable` (open addressing) and deduplicated;
* :func:`token_keys`: for tokens the list never had, their id and the ids of their one-letter
  deletions among the list's strings (a :class:`StringTable`: open addressing on a hash of
  the bytes, the bytes compared on a hit), and their own ``T``/``D`` key codes;
* :func:`top_candidates`: for each party name, the summed key rarities of every list name it
  shares a key with, and the best ``k`` (the sparse product of :mod:`tradeguard.parties.index`
  in one pass, with a scratch accumulator instead of a product matrix);
* :func:`name_scores`: for each candidate pair, the token-sort pre-filter (the Indel ratio of
  the sorted names, as ``rapidfuzz.fuzz.token_sort_ratio``) and, for the pairs that pass, the
  weighted token similarity of :func:`tradeguard.parties.score.name_similarity`;
* :func:`address_weights`: for each pair, the country and place weights of
  :func:`tradeguard.parties.score.score_pair` (same street by token-sort ratio or one street
  written inside the other, else same postcode, else same or other city).

Each gives the numbers of its reference to the last bit (same operations in the same order);
``tests/parties/test_kernels.py`` holds them equal. Names are ASCII after normalisation, so
strings travel as bytes in flat arrays (:class:`Chars`). The functions are compiled on first
use and cached on disk (``__pycache__`` next to this file, else numba's user cache);
:func:`warm_up` compiles them before worker processes are forked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from numba import njit

if TYPE_CHECKING:
    from tradeguard.parties.normalize import NormAddress

__all__ = [
    "AddressTable",
    "Chars",
    "KeyTable",
    "NameTable",
    "StringTable",
    "address_weights",
    "key_columns",
    "name_scores",
    "token_keys",
    "top_candidates",
    "warm_up",
]

IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
ByteArray = npt.NDArray[np.uint8]

_MAX_TOKEN = 64  # longer tokens are compared with a freshly allocated table
_jit = njit(cache=True, nogil=True)


@dataclass(frozen=True, slots=True)
class Chars:
    """Strings as one byte array: string ``i`` is ``data[start[i]:start[i + 1]]``."""

    data: ByteArray
    start: IntArray

    @classmethod
    def of(cls, texts: Sequence[str]) -> Chars:
        """ASCII texts (normalised names are); any other character becomes ``?``."""
        joined = "".join(texts)
        if joined.isascii():
            data = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).copy()
            sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        else:
            encoded = [t.encode("ascii", "replace") for t in texts]
            data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
            sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        return cls(data, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))


@dataclass(frozen=True, slots=True)
class NameTable:
    """Names as token bytes: the tokens of name ``n`` are ``tokens`` strings
    ``first[n]`` to ``first[n + 1]``, each with its rarity weight; and each name's
    sorted text (core tokens sorted and joined by a space)."""

    tokens: Chars
    first: IntArray
    weight: FloatArray
    sorted_text: Chars

    @classmethod
    def of(
        cls, names: Sequence[Sequence[str]], flat: Sequence[str], weights: Sequence[float]
    ) -> NameTable:
        """``flat`` holds every name's tokens in order, ``weights`` one per token."""
        counts = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        return cls(
            Chars.of(flat),
            np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            np.asarray(weights, dtype=np.float64),
            Chars.of([" ".join(sorted(tokens)) for tokens in names]),
        )


# --- candidates ------------------------------------------------------------------------------


@_jit
def _top_candidates(
    q_ptr: IntArray,
    q_cols: IntArray,
    p_ptr: IntArray,
    p_nid: Int32Array,
    key_w: FloatArray,
    n_names: int,
    k: int,
) -> tuple[IntArray, IntArray, FloatArray]:
    n_q = len(q_ptr) - 1
    acc = np.zeros(n_names, dtype=np.float64)
    touched = np.empty(n_names, dtype=np.int64)
    out_q = np.empty(n_q * k, dtype=np.int64)
    out_n = np.empty(n_q * k, dtype=np.int64)
    out_s = np.empty(n_q * k, dtype=np.float64)
    best_n = np.empty(k, dtype=np.int64)
    best_m = np.empty(k, dtype=np.float64)
    best_s = np.empty(k, dtype=np.float64)
    lo = np.empty(256, dtype=np.int64)  # a query's keys: where their postings start, end
    hi = np.empty(256, dtype=np.int64)
    wk = np.empty(256, dtype=np.float64)  # and their weight
    cap = float((1 << 34) - 1)
    m = 0
    for q in range(n_q):
        t = 0
        a0, n_keys = q_ptr[q], q_ptr[q + 1] - q_ptr[q]
        if n_keys > len(lo):
            lo = np.empty(n_keys, dtype=np.int64)
            hi = np.empty(n_keys, dtype=np.int64)
            wk = np.empty(n_keys, dtype=np.float64)
        # read every key's range and weight first, in a loop of independent loads (the
        # processor overlaps their cache misses), then walk the postings
        for j in range(n_keys):
            col = q_cols[a0 + j]
            lo[j] = p_ptr[col]
            hi[j] = p_ptr[col + 1]
            wk[j] = key_w[col]  # every posting of a key has the key's weight
        for j in range(n_keys):
            w = wk[j]
            for b in range(lo[j], hi[j]):
                nid = p_nid[b]
                before = acc[nid]
                touched[t] = nid  # kept (t moves on) only when first met: no branch
                t += before == 0.0
                acc[nid] = before + w
        # keep the k best by (rounded score descending, list name ascending)
        size = 0
        for i in range(t):
            nid = touched[i]
            score = acc[nid]
            acc[nid] = 0.0
            micro = min(np.rint(score * 1e6), cap)
            pos = size
            while pos > 0 and (
                micro > best_m[pos - 1] or (micro == best_m[pos - 1] and nid < best_n[pos - 1])
            ):
                pos -= 1
            if pos >= k:
                continue
            last = size if size < k else k - 1
            for j in range(last, pos, -1):
                best_n[j] = best_n[j - 1]
                best_m[j] = best_m[j - 1]
                best_s[j] = best_s[j - 1]
            best_n[pos] = nid
            best_m[pos] = micro
            best_s[pos] = score
            if size < k:
                size += 1
        for j in range(size):
            out_q[m] = q
            out_n[m] = best_n[j]
            out_s[m] = best_s[j]
            m += 1
    return out_q[:m], out_n[:m], out_s[:m]



def top_candidates(
    q_ptr: IntArray,
    q_cols: IntArray,
    postings_ptr: IntArray,
    postings_nid: Int32Array,
    key_weight: FloatArray,
    n_names: int,
    k: int,
) -> tuple[IntArray, IntArray, FloatArray]:
    """For each query (its distinct key columns ``q_cols[q_ptr[q]:q_ptr[q + 1]]``, ascending),
    the ``k`` list names with the highest summed key weight (ties: lower name id first), as
    ``(query, name, score)`` arrays, best first within each query, queries in order.

    The postings are CSR by key (``postings_nid[postings_ptr[c]:postings_ptr[c + 1]]``, the
    names holding key ``c``) and every posting of key ``c`` weighs ``key_weight[c]``: a
    weight read once per key, and name ids of 4 bytes (a quarter of the bytes of an id and a
    weight per posting read from memory). The sums are made in the order of a CSR sparse product
    (key columns ascending), so they equal ``(query_matrix @ postings)`` exactly.
    """
    found: tuple[IntArray, IntArray, FloatArray] = _top_candidates(
        np.asarray(q_ptr, dtype=np.int64),
        np.asarray(q_cols, dtype=np.int64),
        np.asarray(postings_ptr, dtype=np.int64),
        np.asarray(postings_nid, dtype=np.int32),
        np.asarray(key_weight, dtype=np.float64),
        int(n_names),
        int(k),
    )
    return found


# --- keys of names ---------------------------------------------------------------------------

_HASH = np.uint64(0x9E3779B97F4A7C15)


@_jit
def _slot(code: int, mask: int) -> np.int64:
    return np.int64((np.uint64(code) * _HASH >> np.uint64(24)) & np.uint64(mask))


@_jit
def _build_table(codes: IntArray) -> IntArray:
    size = 2
    while size < 2 * len(codes):
        size *= 2
    slots = np.full((size, 2), -1, dtype=np.int64)  # key and column side by side: one line
    for c in range(len(codes)):
        h = _slot(codes[c], size - 1)
        while slots[h, 0] != -1:
            h = (h + 1) & (size - 1)
        slots[h, 0] = codes[c]
        slots[h, 1] = c
    return slots


@_jit
def _find(slots: IntArray, code: int) -> int:
    mask = len(slots) - 1
    h = _slot(code, mask)
    while True:
        key = slots[h, 0]
        if key == code:
            return int(slots[h, 1])
        if key == -1:
            return -1
        h = (h + 1) & mask


@dataclass(frozen=True, slots=True)
class KeyTable:
    """An open-addressing hash table from key codes (non-negative) to their column."""

    slots: IntArray

    @classmethod
    def of(cls, codes: IntArray) -> KeyTable:
        return cls(_build_table(np.asarray(codes, dtype=np.int64)))


@_jit
def _key_columns(
    start: IntArray, which: IntArray, place: IntArray, n_tokens: IntArray,
    u_tid: IntArray, u_own: IntArray, u_own_at: IntArray, u_dels: IntArray, u_dels_at: IntArray,
    slots: IntArray, pair_kind: int, short_kind: int, shift: int,
) -> tuple[IntArray, IntArray]:  # fmt: skip
    n_q = len(start) - 1
    out = np.empty(max(64, 48 * len(which)), dtype=np.int64)
    ptr = np.zeros(n_q + 1, dtype=np.int64)
    codes = np.empty(256, dtype=np.int64)  # one name's key codes
    mask = len(slots) - 1
    m = 0
    for q in range(n_q):
        t0, t1 = start[q], start[q + 1]
        n = 0
        for a in range(t0, t1):
            ua = which[a]
            need = n + (u_own_at[ua + 1] - u_own_at[ua]) + (t1 - t0) * (
                1 + (u_dels_at[ua + 1] - u_dels_at[ua]) + 64
            )
            if need > len(codes):
                grown = np.empty(2 * need, dtype=np.int64)
                grown[:n] = codes[:n]
                codes = grown
            for c in range(u_own_at[ua], u_own_at[ua + 1]):
                codes[n] = u_own[c]
                n += 1
            ta = u_tid[ua]
            if ta < 0:
                continue
            if place[a] <= 5:  # P: unordered pairs of known tokens at positions 1..5
                for b in range(a + 1, t1):
                    tb = u_tid[which[b]]
                    if place[b] <= 5 and tb >= 0:
                        lo, hi = (ta, tb) if ta <= tb else (tb, ta)
                        codes[n] = pair_kind | lo << shift | hi
                        n += 1
            if n_tokens[q] <= 3:  # Q: a known token with each deletion of another
                for b in range(t0, t1):
                    if b == a:
                        continue
                    ub = which[b]
                    for c in range(u_dels_at[ub], u_dels_at[ub + 1]):
                        d = u_dels[c]
                        lo, hi = (ta, d) if ta <= d else (d, ta)
                        codes[n] = short_kind | lo << shift | hi
                        n += 1
        if m + n > len(out):
            grown = np.empty(2 * len(out) + n, dtype=np.int64)
            grown[:m] = out[:m]
            out = grown
        # the table is far larger than the processor's cache: read every code's first slot
        # in a loop of independent loads (the processor overlaps their misses), then probe
        touched = 0
        for i in range(n):
            touched += slots[_slot(codes[i], mask), 0]
        first = m
        for i in range(n):
            col = _find(slots, codes[i])
            if col >= 0:
                out[m] = col
                m += 1
        if touched == -1:  # ptr[0] is 0 either way: the test keeps the reads from going away
            ptr[0] = 0
        # each key once, columns ascending
        if m > first:
            out[first:m].sort()
            k = first + 1
            for i in range(first + 1, m):
                if out[i] != out[k - 1]:
                    out[k] = out[i]
                    k += 1
            m = k
        ptr[q + 1] = m
    return ptr, out[:m]


def key_columns(
    start: IntArray, which: IntArray, place: IntArray, n_tokens: IntArray,
    u_tid: IntArray, own: tuple[IntArray, IntArray], dels: tuple[IntArray, IntArray],
    table: KeyTable, pair_kind: int, short_kind: int, shift: int,
) -> tuple[IntArray, IntArray]:  # fmt: skip
    """The distinct key columns of each name, ascending, as CSR ``(ptr, cols)``.

    Name ``q``'s tokens are ``start[q]..start[q + 1]`` of ``which`` (distinct-token index)
    and ``place`` (1-based position); ``n_tokens`` counts every token of the name. A token's
    own ``T``/``D`` codes and deletion ids come from ``own`` and ``dels`` (CSR by distinct
    token); ``P`` and ``Q`` pair codes are made as in :func:`tradeguard.parties.index.name_keys`.
    """
    result: tuple[IntArray, IntArray] = _key_columns(
        start, which, place, n_tokens, u_tid, own[0], own[1], dels[0], dels[1],
        table.slots, pair_kind, short_kind, shift,
    )  # fmt: skip
    return result



# --- strings to ids --------------------------------------------------------------------------

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


@_jit
def _hash(data: ByteArray, lo: int, hi: int, skip: int) -> np.uint64:
    """FNV-1a of ``data[lo:hi]`` without the byte at ``skip`` (-1: none)."""
    h = _FNV_OFFSET
    for i in range(lo, hi):
        if i != skip:
            h = (h ^ np.uint64(data[i])) * _FNV_PRIME
    return h


@_jit
def _build_strings(data: ByteArray, start: IntArray) -> IntArray:
    n = len(start) - 1
    size = 2
    while size < 2 * n:
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    mask = np.uint64(size - 1)
    for i in range(n):
        h = np.int64(_hash(data, start[i], start[i + 1], -1) & mask)
        while slots[h] != -1:
            h = (h + 1) & (size - 1)
        slots[h] = i
    return slots


@_jit
def _find_string(
    slots: IntArray, data: ByteArray, start: IntArray, q: ByteArray, lo: int, hi: int, skip: int
) -> int:
    """The number of ``q[lo:hi]`` without byte ``skip`` among the table's strings, or -1."""
    size = len(slots)
    length = hi - lo - (1 if skip >= 0 else 0)
    h = np.int64(_hash(q, lo, hi, skip) & np.uint64(size - 1))
    while True:
        i = slots[h]
        if i == -1:
            return -1
        if start[i + 1] - start[i] == length:
            at = start[i]
            same = True
            for j in range(lo, hi):
                if j != skip:
                    if data[at] != q[j]:
                        same = False
                        break
                    at += 1
            if same:
                return int(i)
        h = (h + 1) & (size - 1)


@dataclass(frozen=True, slots=True)
class StringTable:
    """ASCII strings numbered ``0..n-1`` (their order), found by their bytes."""

    strings: Chars
    slots: IntArray

    @classmethod
    def of(cls, texts: Sequence[str]) -> StringTable:
        strings = Chars.of(texts)
        return cls(strings, _build_strings(strings.data, strings.start))


@_jit
def _token_keys(
    data: ByteArray, start: IntArray, generic: npt.NDArray[np.bool_],
    s_slots: IntArray, s_data: ByteArray, s_start: IntArray,
    min_deletion: int, max_delete_at: int, t_kind: int, d_kind: int,
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:  # fmt: skip
    n = len(start) - 1
    tid = np.empty(n, dtype=np.int64)
    own_at = np.zeros(n + 1, dtype=np.int64)
    dels_at = np.zeros(n + 1, dtype=np.int64)
    cap = 16 * n + 64
    own = np.empty(cap, dtype=np.int64)
    dels = np.empty(cap, dtype=np.int64)
    m_own = 0
    m_dels = 0
    for t in range(n):
        lo, hi = start[t], start[t + 1]
        need = min(hi - lo, max_delete_at) + 2
        if m_own + need > len(own):
            grown = np.empty(2 * len(own) + need, dtype=np.int64)
            grown[:m_own] = own[:m_own]
            own = grown
            grown = np.empty(2 * len(dels) + need, dtype=np.int64)
            grown[:m_dels] = dels[:m_dels]
            dels = grown
        found = _find_string(s_slots, s_data, s_start, data, lo, hi, -1)
        tid[t] = found
        first_del = m_dels
        if hi - lo >= min_deletion:
            # each distinct deletion in order (of a run of one letter, the first), then itself
            for i in range(lo, lo + min(hi - lo, max_delete_at) + 1):
                if i < lo + min(hi - lo, max_delete_at):
                    if i > lo and data[i] == data[i - 1]:
                        continue
                    found = _find_string(s_slots, s_data, s_start, data, lo, hi, i)
                else:
                    found = _find_string(s_slots, s_data, s_start, data, lo, hi, -1)
                if found >= 0:
                    dels[m_dels] = found
                    m_dels += 1
        if not generic[t]:
            if tid[t] >= 0:
                own[m_own] = t_kind | tid[t]
                m_own += 1
            for c in range(first_del, m_dels):
                own[m_own] = d_kind | dels[c]
                m_own += 1
        own_at[t + 1] = m_own
        dels_at[t + 1] = m_dels
    return tid, own[:m_own], own_at, dels[:m_dels], dels_at


def token_keys(
    tokens: Sequence[str], generic: Sequence[bool], strings: StringTable,
    min_deletion: int, max_delete_at: int, t_kind: int, d_kind: int,
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:  # fmt: skip
    """For each token: its id (its number in ``strings``, -1 if absent), its own
    key codes (``t_kind | id``, then ``d_kind | d`` for each deletion id ``d``; none for a
    ``generic`` token) and the ids of its deletions found (tokens of ``min_deletion`` letters
    or more: the token without its letter ``1..max_delete_at``, each distinct text once,
    then the token itself), both CSR: ``(tid, own, own_at, dels, dels_at)``."""
    chars = Chars.of(tokens)
    result: tuple[IntArray, IntArray, IntArray, IntArray, IntArray] = _token_keys(
        chars.data, chars.start, np.asarray(generic, dtype=np.bool_),
        strings.slots, strings.strings.data, strings.strings.start,
        min_deletion, max_delete_at, t_kind, d_kind,
    )  # fmt: skip
    return result


# --- name scores -----------------------------------------------------------------------------


@_jit
def _same(a: ByteArray, a0: int, a1: int, b: ByteArray, b0: int, b1: int) -> bool:
    if a1 - a0 != b1 - b0:
        return False
    for i in range(a1 - a0):  # noqa: SIM110 (numba compiles loops, not generators)
        if a[a0 + i] != b[b0 + i]:
            return False
    return True


@_jit
def _joined(a: ByteArray, a0: int, a1: int, b: ByteArray, bs: IntArray, j: int) -> bool:
    """Whether ``a[a0:a1]`` equals tokens ``j`` and ``j + 1`` of ``b`` written together."""
    s0, s1, s2 = bs[j], bs[j + 1], bs[j + 2]
    if a1 - a0 != s2 - s0:
        return False
    for i in range(s1 - s0):
        if a[a0 + i] != b[s0 + i]:
            return False
    for i in range(s2 - s1):  # noqa: SIM110 (numba compiles loops, not generators)
        if a[a0 + (s1 - s0) + i] != b[s1 + i]:
            return False
    return True


@_jit
def _osa(
    a: ByteArray, a0: int, la: int, b: ByteArray, b0: int, lb: int, rows: npt.NDArray[np.int64]
) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit)."""
    if la + 1 > rows.shape[1]:
        rows = np.empty((3, max(la, lb) + 1), dtype=np.int64)
    prev2, prev, cur = 0, 1, 2
    for j in range(la + 1):
        rows[prev, j] = j
    for i in range(1, lb + 1):
        rows[cur, 0] = i
        cb = b[b0 + i - 1]
        for j in range(1, la + 1):
            ca = a[a0 + j - 1]
            cost = 0 if ca == cb else 1
            best = min(rows[prev, j] + 1, rows[cur, j - 1] + 1, rows[prev, j - 1] + cost)
            if i > 1 and j > 1 and ca == b[b0 + i - 2] and a[a0 + j - 2] == cb:
                best = min(best, rows[prev2, j - 2] + 1)
            rows[cur, j] = best
        prev2, prev, cur = prev, cur, prev2
    return int(rows[prev, la])


@_jit
def _letters(a: ByteArray, a0: int, a1: int) -> np.uint64:
    """The set of bytes of ``a[a0:a1]``, a bit each by their low six bits (no two of
    ``A-Z0-9`` share one)."""
    bits = np.uint64(0)
    for i in range(a0, a1):
        bits |= np.uint64(1) << np.uint64(a[i] & 63)
    return bits


@_jit
def _count(bits: np.uint64) -> int:
    n = 0
    while bits != 0:
        bits &= bits - np.uint64(1)
        n += 1
    return n


@_jit
def _missing_letters(a: ByteArray, a0: int, a1: int, b: ByteArray, b0: int, b1: int) -> int:
    """A lower bound of the edits between the two texts: the letters of one that the other
    lacks (each such letter needs an edit of its own; a swap changes no letter)."""
    one, two = _letters(a, a0, a1), _letters(b, b0, b1)
    return max(_count(one & ~two), _count(two & ~one))


@_jit
def _token_sim(
    a: ByteArray, a0: int, a1: int, b: ByteArray, b0: int, b1: int, rows: npt.NDArray[np.int64]
) -> float:
    """:func:`tradeguard.parties.score.token_similarity` on bytes."""
    la, lb = a1 - a0, b1 - b0
    if _same(a, a0, a1, b, b0, b1):
        return 1.0
    if la == 1 or lb == 1:
        return 0.9 if a[a0] == b[b0] else 0.0
    longest = max(la, lb)
    if min(la, lb) < 4:
        return 0.0
    allowed = 1 if longest < 8 else 2
    if abs(la - lb) > allowed:
        return 0.0
    if _missing_letters(a, a0, a1, b, b0, b1) > allowed:
        return 0.0
    edits = _osa(a, a0, la, b, b0, lb, rows)
    return 1.0 - edits / longest if edits <= allowed else 0.0


@_jit
def _similarities(
    a: ByteArray, a_s: IntArray, a_lo: int, a_hi: int,
    b: ByteArray, b_s: IntArray, b_lo: int, b_hi: int,
    rows: npt.NDArray[np.int64], sims: FloatArray,
) -> FloatArray:  # fmt: skip
    """Token similarity of every token ``a_lo..a_hi`` with every token ``b_lo..b_hi`` (it is
    symmetric: both sides of a pair read the one table), in ``sims`` (grown as needed)."""
    m, n = a_hi - a_lo, b_hi - b_lo
    if m > sims.shape[0] or n > sims.shape[1]:
        sims = np.empty((max(m, sims.shape[0]), max(n, sims.shape[1])), dtype=np.float64)
    for i in range(m):
        for j in range(n):
            sims[i, j] = _token_sim(
                a, a_s[a_lo + i], a_s[a_lo + i + 1], b, b_s[b_lo + j], b_s[b_lo + j + 1], rows
            )
    return sims


@_jit
def _side(
    a: ByteArray, a_s: IntArray, a_w: FloatArray, a_lo: int, a_hi: int,
    b: ByteArray, b_s: IntArray, b_lo: int, b_hi: int, sims: FloatArray, flip: bool,
) -> float:  # fmt: skip
    """Weighted share of the tokens ``a_lo..a_hi`` found among ``b_lo..b_hi``; the token
    similarities are ``sims[i, j]`` (``sims[j, i]`` when ``flip``)."""
    total = 0.0
    got = 0.0
    for i in range(a_lo, a_hi):
        w = a_w[i]
        best = 0.0
        for j in range(b_lo, b_hi):
            sim = sims[j - b_lo, i - a_lo] if flip else sims[i - a_lo, j - b_lo]
            if sim > best:
                best = sim
        if best < 1.0:
            for j in range(b_lo, b_hi - 1):
                if _joined(a, a_s[i], a_s[i + 1], b, b_s, j):
                    best = 1.0
                    break
        total += w
        got += w * best
    return got / total if total != 0 else 0.0


@_jit
def _indel_ratio(
    a: ByteArray, a0: int, la: int, b: ByteArray, b0: int, lb: int, masks: npt.NDArray[np.uint64]
) -> float:
    """``rapidfuzz.fuzz.ratio`` of two byte strings; ``masks`` holds the bit positions of each
    byte of ``a`` when ``la <= 64`` (bit-parallel LCS), else a plain table is used."""
    total = la + lb
    if total == 0:
        return 100.0
    if la <= 64:
        state = ~np.uint64(0)
        for j in range(lb):
            match = masks[b[b0 + j]]
            u = state & match
            state = (state + u) | (state - u)
        lcs = 0
        rest = ~state
        if la < 64:
            rest &= (np.uint64(1) << np.uint64(la)) - np.uint64(1)
        while rest != 0:
            rest &= rest - np.uint64(1)
            lcs += 1
    else:
        row = np.zeros(lb + 1, dtype=np.int64)
        for i in range(la):
            diag = 0
            for j in range(1, lb + 1):
                keep = row[j]
                if a[a0 + i] == b[b0 + j - 1]:
                    row[j] = diag + 1
                elif row[j - 1] > row[j]:
                    row[j] = row[j - 1]
                diag = keep
        lcs = int(row[lb])
    dist = total - 2 * lcs
    return (1.0 - dist / total) * 100.0


@_jit
def _touch(
    qid: IntArray, nid: IntArray, p: int,
    l_chars: ByteArray, l_tok: IntArray, l_first: IntArray, l_w: FloatArray,
    l_sorted: ByteArray, l_sorted_at: IntArray,
) -> float:  # fmt: skip
    """Read what scoring reads first of the list names paired with query ``qid[p]`` (pairs
    ``p`` onwards while the query is the same), in loops of independent loads: the list's
    tables do not stay in the processor's cache, and the misses of one query's candidates
    then overlap instead of coming one after another."""
    end = p
    while end < len(qid) and qid[end] == qid[p]:
        end += 1
    total = 0.0
    for r in range(p, end):
        total += l_sorted_at[nid[r]] + l_first[nid[r]]
    for r in range(p, end):
        e = nid[r]
        if l_sorted_at[e] < l_sorted_at[e + 1]:
            total += l_sorted[l_sorted_at[e]]
        first = l_first[e]
        if first < l_first[e + 1]:
            total += l_tok[first] + l_w[first]
            if l_tok[first] < l_tok[first + 1]:
                total += l_chars[l_tok[first]]
    return total


@_jit
def _name_scores(
    qid: IntArray, nid: IntArray,
    q_chars: ByteArray, q_tok: IntArray, q_first: IntArray, q_w: FloatArray,
    q_sorted: ByteArray, q_sorted_at: IntArray,
    l_chars: ByteArray, l_tok: IntArray, l_first: IntArray, l_w: FloatArray,
    l_sorted: ByteArray, l_sorted_at: IntArray,
    cutoff: float,
) -> tuple[npt.NDArray[np.bool_], FloatArray]:  # fmt: skip
    n = len(qid)
    keep = np.zeros(n, dtype=np.bool_)
    score = np.zeros(n, dtype=np.float64)
    masks = np.zeros(256, dtype=np.uint64)
    rows = np.empty((3, _MAX_TOKEN + 1), dtype=np.int64)
    sims = np.empty((16, 16), dtype=np.float64)
    current = -1
    for p in range(n):
        q, e = qid[p], nid[p]
        a0, a1 = q_sorted_at[q], q_sorted_at[q + 1]
        if q != current:
            if _touch(qid, nid, p, l_chars, l_tok, l_first, l_w, l_sorted, l_sorted_at) == -1.5:
                score[p] = 0.0  # (never: the test keeps the reads from being optimised away)
            masks[:] = 0
            if a1 - a0 <= 64:
                for i in range(a1 - a0):
                    masks[q_sorted[a0 + i]] |= np.uint64(1) << np.uint64(i)
            current = q
        b0, b1 = l_sorted_at[e], l_sorted_at[e + 1]
        ratio = _indel_ratio(q_sorted, a0, a1 - a0, l_sorted, b0, b1 - b0, masks)
        if ratio < cutoff:
            continue
        keep[p] = True
        ql, qh = q_first[q], q_first[q + 1]
        ll, lh = l_first[e], l_first[e + 1]
        sims = _similarities(q_chars, q_tok, ql, qh, l_chars, l_tok, ll, lh, rows, sims)
        left = _side(q_chars, q_tok, q_w, ql, qh, l_chars, l_tok, ll, lh, sims, False)
        right = _side(l_chars, l_tok, l_w, ll, lh, q_chars, q_tok, ql, qh, sims, True)
        score[p] = (left + right) / 2
    return keep, score




def name_scores(
    qid: IntArray, nid: IntArray, queries: NameTable, listed: NameTable, cutoff: float
) -> tuple[npt.NDArray[np.bool_], FloatArray]:
    """For each pair ``(queries[qid[p]], listed[nid[p]])``: whether the token-sort ratio of
    the two sorted names reaches ``cutoff`` (0-100), and if so the name similarity."""
    result: tuple[npt.NDArray[np.bool_], FloatArray] = _name_scores(
        np.asarray(qid, dtype=np.int64), np.asarray(nid, dtype=np.int64),
        queries.tokens.data, queries.tokens.start, queries.first, queries.weight,
        queries.sorted_text.data, queries.sorted_text.start,
        listed.tokens.data, listed.tokens.start, listed.first, listed.weight,
        listed.sorted_text.data, listed.sorted_text.start,
        float(cutoff),
    )  # fmt: skip
    return result


# --- addresses -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddressTable:
    """Normalised addresses as columns: country, postal code and city as codes (equal codes
    for equal texts, 0 when missing), whether the street is one (:attr:`NormAddress.has_street
    <tradeguard.parties.normalize.NormAddress.has_street>`), the street and its sorted tokens."""

    country: IntArray
    postal: IntArray
    city: IntArray
    has_street: npt.NDArray[np.bool_]
    street: Chars
    sorted_street: Chars

    @classmethod
    def of(
        cls, addresses: Sequence[NormAddress], codes: dict[str, int], *, grow: bool = False
    ) -> AddressTable:
        """The columns of ``addresses``; ``codes`` numbers the texts (``""`` is 0); with
        ``grow`` a new text gets a new code, else -1 (equal to no numbered text)."""
        if grow:
            def code(text: str) -> int:
                return codes.setdefault(text, len(codes))
        else:
            def code(text: str) -> int:
                return codes.get(text, -1)

        def col(values: Iterable[str]) -> IntArray:
            return np.fromiter(map(code, values), dtype=np.int64, count=len(addresses))

        streets = [a.street for a in addresses]
        street = Chars.of(streets)  # normalised streets are ASCII
        return cls(
            col(a.country for a in addresses),
            col(a.postal for a in addresses),
            col(a.city for a in addresses),
            _has_street(street.data, street.start),
            street,
            Chars.of([" ".join(sorted(s.split())) for s in streets]),
        )


@_jit
def _has_street(data: ByteArray, start: IntArray) -> npt.NDArray[np.bool_]:
    """:attr:`NormAddress.has_street` of each ASCII street: 5 characters or more, a digit
    among them."""
    n = len(start) - 1
    out = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        if start[i + 1] - start[i] >= 5:
            for j in range(start[i], start[i + 1]):
                if 48 <= data[j] <= 57:
                    out[i] = True
                    break
    return out


@_jit
def _starts_with(a: ByteArray, a0: int, a1: int, b: ByteArray, b0: int, b1: int) -> bool:
    """Whether the shorter of the two texts, then a space, begins the longer one then a
    space (a street written inside a longer one-line address)."""
    if a1 - a0 > b1 - b0:
        a, a0, a1, b, b0, b1 = b, b0, b1, a, a0, a1
    la, lb = a1 - a0, b1 - b0
    for i in range(la):
        if a[a0 + i] != b[b0 + i]:
            return False
    return la == lb or b[b0 + la] == 32


@_jit
def _address_weights(
    p_of: IntArray, nid: IntArray,
    p_country: IntArray, p_postal: IntArray, p_city: IntArray, p_has: npt.NDArray[np.bool_],
    p_street: ByteArray, p_street_at: IntArray, p_sorted: ByteArray, p_sorted_at: IntArray,
    e_country: IntArray, e_postal: IntArray, e_city: IntArray, e_has: npt.NDArray[np.bool_],
    e_street: ByteArray, e_street_at: IntArray, e_sorted: ByteArray, e_sorted_at: IntArray,
    weights: FloatArray, near: float,
) -> tuple[FloatArray, FloatArray]:  # fmt: skip
    n = len(p_of)
    country = np.zeros(n, dtype=np.float64)
    place = np.zeros(n, dtype=np.float64)
    masks = np.zeros(256, dtype=np.uint64)
    current = -1
    for k in range(n):
        p, e = p_of[k], nid[k]
        if p_country[p] != 0 and e_country[e] != 0:
            country[k] = weights[0] if p_country[p] == e_country[e] else weights[1]
        street = False
        if p_has[p] and e_has[e]:
            a0, a1 = p_sorted_at[p], p_sorted_at[p + 1]
            if p != current:
                masks[:] = 0
                if a1 - a0 <= 64:
                    for i in range(a1 - a0):
                        masks[p_sorted[a0 + i]] |= np.uint64(1) << np.uint64(i)
                current = p
            b0, b1 = e_sorted_at[e], e_sorted_at[e + 1]
            street = _indel_ratio(p_sorted, a0, a1 - a0, e_sorted, b0, b1 - b0, masks) >= near
            if not street:
                street = _starts_with(
                    p_street, p_street_at[p], p_street_at[p + 1],
                    e_street, e_street_at[e], e_street_at[e + 1],
                )  # fmt: skip
        if street:
            place[k] = weights[2]
        elif p_postal[p] != 0 and p_postal[p] == e_postal[e]:
            place[k] = weights[3]
        elif p_city[p] != 0 and e_city[e] != 0:
            place[k] = weights[4] if p_city[p] == e_city[e] else weights[5]
    return country, place


def address_weights(
    p_of: IntArray, nid: IntArray, mine: AddressTable, theirs: AddressTable,
    weights: Sequence[float], near: float,
) -> tuple[FloatArray, FloatArray]:  # fmt: skip
    """For each pair ``(mine[p_of[k]], theirs[nid[k]])``: the country weight (``weights[0]``
    same, ``[1]`` differs, 0 when either is missing) and the place weight: ``[2]`` same street
    (token-sort ratio of the streets at least ``near``, or one written inside the other),
    else ``[3]`` same postal code, else ``[4]`` same city or ``[5]`` another city, else 0."""
    result: tuple[FloatArray, FloatArray] = _address_weights(
        np.asarray(p_of, dtype=np.int64), np.asarray(nid, dtype=np.int64),
        mine.country, mine.postal, mine.city, mine.has_street,
        mine.street.data, mine.street.start, mine.sorted_street.data, mine.sorted_street.start,
        theirs.country, theirs.postal, theirs.city, theirs.has_street,
        theirs.street.data, theirs.street.start,
        theirs.sorted_street.data, theirs.sorted_street.start,
        np.asarray(weights, dtype=np.float64), float(near),
    )  # fmt: skip
    return result


def warm_up() -> None:
    """Compile (or load from the disk cache) the loops now, so that forked workers inherit
    them instead of each compiling its own."""
    table = NameTable.of([("AB", "CDEF")], ["AB", "CDEF"], [1.0, 1.0])
    one = np.zeros(1, dtype=np.int64)
    name_scores(one, one, table, table, 0.0)
    top_candidates(
        np.asarray([0, 1]), one, np.asarray([0, 1]), np.zeros(1, dtype=np.int32), np.ones(1), 1, 1
    )
    chars = Chars.of(["1 A ST"])
    places = AddressTable(one + 1, one + 1, one + 1, np.ones(1, dtype=bool), chars, chars)
    address_weights(one, one, places, places, [0.0] * 6, 92.0)
    strings = StringTable.of(["ABCD", "ABC"])
    token_keys(["ABCD"], [False], strings, 4, 63, 1 << 60, 2 << 60)
    key_columns(
        np.asarray([0, 1]), one, np.ones(1, dtype=np.int64), np.ones(1, dtype=np.int64), one,
        (one, np.asarray([0, 1])), (one, np.asarray([0, 1])), KeyTable.of(one), 1 << 60,
        1 << 61, 30,
    )  # fmt: skip
