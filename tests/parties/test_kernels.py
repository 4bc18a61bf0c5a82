"""The compiled loops give the numbers of their references, to the last bit."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

import tradeguard.parties.index as index_module
from tests.parties.helpers import policy
from tradeguard.parties.index import ScreeningIndex
from tradeguard.parties.kernels import (
    AddressTable,
    NameTable,
    address_weights,
    name_scores,
    token_keys,
    top_candidates,
)
from tradeguard.parties.normalize import NormAddress, NormName
from tradeguard.parties.score import SAME_STREET_RATIO, _address_hits, name_similarity

# short alphabets make equal, near-equal, joined and single-letter tokens common
token = st.text(alphabet="ABCDE", min_size=1, max_size=9) | st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=70
)
name = st.lists(token, min_size=1, max_size=6).map(tuple)


def _weight(t: str) -> float:
    return 1.0 + (len(t) % 3) * 0.75 + (0.5 if t[0] in "AE" else 0.0)


def _table(names: list[tuple[str, ...]]) -> NameTable:
    flat = [t for n in names for t in n]
    return NameTable.of(names, flat, [_weight(t) for t in flat])


@settings(max_examples=300, deadline=None)
@given(left=st.lists(name, min_size=1, max_size=4), right=st.lists(name, min_size=1, max_size=4))
def test_name_scores_equal_rapidfuzz_and_the_scalar_similarity(
    left: list[tuple[str, ...]], right: list[tuple[str, ...]]
) -> None:
    qid = np.repeat(np.arange(len(left)), len(right))
    nid = np.tile(np.arange(len(right)), len(left))
    for cutoff in (0.0, 70.0):
        keep, score = name_scores(qid, nid, _table(left), _table(right), cutoff)
        for p in range(len(qid)):
            a, b = left[int(qid[p])], right[int(nid[p])]
            ratio = fuzz.token_sort_ratio(" ".join(sorted(a)), " ".join(sorted(b)))
            assert bool(keep[p]) == (ratio >= cutoff), (a, b, ratio)
            if keep[p]:
                expected, _missed = name_similarity(NormName("", a), NormName("", b), _weight)
                assert score[p] == expected, (a, b)


def _reference(
    q_rows: list[list[int]], postings: sp.csr_matrix, k: int
) -> list[list[tuple[int, float]]]:
    out = []
    for cols in q_rows:
        row = np.zeros(postings.shape[0])
        row[cols] = 1.0
        scores = (sp.csr_matrix(row) @ postings).toarray()[0]
        found = [(int(n), float(scores[n])) for n in np.flatnonzero(scores)]
        found.sort(key=lambda x: (-min(np.rint(x[1] * 1e6), (1 << 34) - 1), x[0]))
        out.append(found[:k])
    return out


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    n_keys=st.integers(1, 12),
    n_names=st.integers(1, 15),
    k=st.integers(1, 5),
)
def test_top_candidates_equal_the_sparse_product(
    data: st.DataObject, n_keys: int, n_names: int, k: int
) -> None:
    cells = data.draw(
        st.lists(
            st.tuples(st.integers(0, n_keys - 1), st.integers(0, n_names - 1)),
            unique=True,
            max_size=40,
        )
    )
    key_weight = data.draw(  # every posting of a key has the key's weight, as in the index
        st.lists(
            st.sampled_from([0.1, 0.35, 1.2, 2.5, 0.1 + 1e-7]), min_size=n_keys, max_size=n_keys
        )
    )
    postings = sp.csr_matrix(
        ([key_weight[c[0]] for c in cells], ([c[0] for c in cells], [c[1] for c in cells])),
        shape=(n_keys, n_names),
    )
    postings.sort_indices()
    queries = data.draw(
        st.lists(st.lists(st.integers(0, n_keys - 1), unique=True).map(sorted), max_size=6)
    )
    q_ptr = np.concatenate([[0], np.cumsum([len(q) for q in queries])]).astype(np.int64)
    q_cols = np.asarray([c for q in queries for c in q], dtype=np.int64)
    qid, nid, score = top_candidates(
        q_ptr, q_cols, postings.indptr, postings.indices, np.asarray(key_weight), n_names, k
    )
    got: list[list[tuple[int, float]]] = [[] for _ in queries]
    for q, n, s in zip(qid.tolist(), nid.tolist(), score.tolist(), strict=True):
        got[q].append((n, s))
    assert got == _reference(queries, postings, k)


def _listed(names: list[str]) -> ScreeningIndex:
    from tradeguard.parties.screenlist import ListEntry, ScreeningList

    entries = {
        f"S{i}": ListEntry(f"S{i}", "Individual" if len(n.split()) < 3 else "Firm", n)
        for i, n in enumerate(names)
    }
    return ScreeningIndex(ScreeningList(entries), policy())


LISTED = _listed(
    ["GOLDEN PACIFIC TRADING LLC", "DAVID KUMAR", "MARIA LOPEZ GARCIA", "PACIFIC GOLDEN CORP",
     "GOLDEN HARBOR TRADING", "KUMAR DAVID ENTERPRISES", "WEI ZHANG", "ZHANG WEI INTERNATIONAL",
     "LOPEZ MARIA", "HARBOR PACIFIC LOGISTICS INC", "AB CD EF GH IJ KL", "X Y Z"]
)  # fmt: skip
word = st.sampled_from(
    ["GOLDEN", "GOLDN", "PACIFIC", "PACIFC", "TRADING", "DAVID", "DAVD", "KUMAR", "KUMRA",
     "MARIA", "LOPEZ", "GARCIA", "WEI", "ZHANG", "HARBOR", "AB", "CD", "X", "Y", "NEW", "LLC"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(names=st.lists(st.lists(word, min_size=1, max_size=7), min_size=1, max_size=8))
def test_compiled_keys_give_the_candidates_of_the_spelt_out_keys(
    names: list[list[str]],
) -> None:
    norms = [LISTED.normalizer(" ".join(n)) for n in names]
    norms = [n for n in norms if n.tokens]
    fast = LISTED.candidate_arrays(norms)
    slow = LISTED.candidate_arrays_by_product(norms)
    assert fast.qid.tolist() == slow.qid.tolist()
    assert fast.nid.tolist() == slow.nid.tolist()
    assert fast.kscore.tolist() == slow.kscore.tolist()


def test_the_token_registry_forgets_party_tokens_but_not_the_list() -> None:
    coder = LISTED._coder
    before = LISTED.candidate_arrays([LISTED.normalizer("GOLDN PACIFC TRADNG")])
    base = coder._base
    LISTED.candidate_arrays([LISTED.normalizer(f"ZZQ{i} PACIFC") for i in range(50)])
    assert coder._tid.size > base
    limit = index_module._MAX_REGISTRY
    index_module._MAX_REGISTRY = base
    try:
        after = LISTED.candidate_arrays([LISTED.normalizer("GOLDN PACIFC TRADNG")])
    finally:
        index_module._MAX_REGISTRY = limit
    assert coder._tid.size <= base + 3  # trimmed, then the three tokens registered again
    assert after.nid.tolist() == before.nid.tolist()
    assert after.kscore.tolist() == before.kscore.tolist()


listed_word = st.sampled_from(
    ["GOLDEN", "PACIFIC", "TRADING", "HARBOR", "ZHANG", "LOPEZ", "KUMAR", "AB", "X"]
)


@settings(max_examples=200, deadline=None)
@given(
    tokens=st.lists(
        listed_word
        | st.text(alphabet="GOLDENPACIF", min_size=1, max_size=9)
        | st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=60, max_size=70)
        | listed_word.filter(lambda w: len(w) > 2).map(lambda w: w[:2] + w[1:]),  # a doubled letter
        min_size=1,
        max_size=12,
    )
)
def test_compiled_token_keys_equal_the_spelt_out_ones(tokens: list[str]) -> None:
    coder = LISTED._coder
    assert coder._strings is not None
    generic = [t in coder.generic for t in tokens]
    tid, own, own_at, dels, dels_at = token_keys(
        tokens, generic, coder._strings, coder.min_deletion, index_module._MAX_DELETE_AT,
        index_module._T, index_module._D,
    )  # fmt: skip
    for k, token in enumerate(tokens):
        info = coder._info(token)
        assert int(tid[k]) == info.tid, token
        assert tuple(own[own_at[k] : own_at[k + 1]].tolist()) == info.own, token
        assert tuple(dels[dels_at[k] : dels_at[k + 1]].tolist()) == info.dels, token


street = st.lists(
    st.sampled_from(["12", "12A", "MAIN", "MAINE", "ST", "AVE", "N", "HARBOR", "BLVD", "STE"]),
    max_size=6,
).map(" ".join)
address = st.builds(
    NormAddress,
    street,
    st.just(""),
    st.sampled_from(["", "NEWARK", "NEW YORK", "SEATTLE"]),
    st.sampled_from(["", "07132", "98125"]),
    st.sampled_from(["", "US", "CN"]),
)


@settings(max_examples=200, deadline=None)
@given(
    mine=st.lists(address, min_size=1, max_size=5), theirs=st.lists(address, min_size=1, max_size=5)
)
@example(  # a street inside a longer one, and one that only begins like it
    mine=[NormAddress("12 MAIN"), NormAddress("12 MAIN ST HARBOR")],
    theirs=[NormAddress("12 MAIN ST HARBOR N AVE"), NormAddress("12 MAINE HARBOR BLVD")],
)
def test_address_weights_equal_the_scored_address_hits(
    mine: list[NormAddress], theirs: list[NormAddress]
) -> None:
    pol = policy()
    codes = {"": 0}
    listed = AddressTable.of(theirs, codes, grow=True)
    ours = AddressTable.of(mine, codes)
    p_of = np.repeat(np.arange(len(mine)), len(theirs))
    nid = np.tile(np.arange(len(theirs)), len(mine))
    weights = [
        pol.weight(c)
        for c in (
            "country.same", "country.differs", "address.same_street", "address.same_postcode",
            "address.same_city", "address.differs",
        )
    ]  # fmt: skip
    country, place = address_weights(p_of, nid, ours, listed, weights, SAME_STREET_RATIO)
    assert ours.has_street.tolist() == [a.has_street for a in mine]
    for k in range(len(p_of)):
        a, b = mine[int(p_of[k])], theirs[int(nid[k])]
        hits = _address_hits(a, b, pol)
        expected = sum(h.weight for h in hits if h.code.startswith("SCREEN-COUNTRY"))
        assert country[k] == expected, (a, b)
        expected = sum(h.weight for h in hits if h.code.startswith("SCREEN-ADDRESS"))
        assert place[k] == expected, (a, b, hits)
