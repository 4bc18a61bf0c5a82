"""Repeat offenders and the repeat-weighted index (EO 13904 s.6(a); methods brief 5.B).

Offenders are resolved into entities by shared identifiers (IOR number, normalised shipper
name) and, when the parties capability supplies them, by its linkage groups: two seizures
belong to one entity when a chain of shared identifiers joins them. An event is a *repeat
offence* when its entity had an earlier offence within the window. Each event weighs
``severity x gamma`` in the index, where gamma is ``gamma_pti`` for a repeat offence on a
priority trade issue, ``gamma_other`` for another repeat offence, and 1 for a first offence.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tradeguard.seizures.params import SeizuresPolicy

__all__ = [
    "OFFENDER_BUCKETS",
    "event_weights",
    "mark_repeats",
    "normalise_name",
    "offender_buckets",
    "resolve_entities",
]

#: Offences per offender as published: 1, 2, 3-5, 6 or more.
OFFENDER_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("1", 1, 1), ("2", 2, 2), ("3-5", 3, 5), ("6+", 6, 1 << 30),
)  # fmt: skip
_SUFFIXES = re.compile(
    r"\b(CO|COMPANY|CORP|CORPORATION|INC|LLC|LTD|LIMITED|GMBH|SA|SRL|BV|KK|PLC|TRADING)\b"
)
_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")


def normalise_name(name: str) -> str:
    """Upper case, no punctuation, no legal form, single spaces.

    >>> normalise_name("Shenzhen  Bright-Star Trading Co., Ltd.")
    'SHENZHEN BRIGHTSTAR'
    """
    text = _NON_ALNUM.sub("", name.upper().replace("&", " AND "))
    return " ".join(_SUFFIXES.sub(" ", text).split())


def _identifiers(frame: pd.DataFrame) -> pd.DataFrame:
    parts = []
    if "ior_number" in frame:
        ior = frame["ior_number"].dropna().astype(str).str.strip()
        parts.append(pd.DataFrame({"row": ior.index, "ident": "IOR:" + ior.to_numpy()}))
    if "shipper_name" in frame:
        names = frame["shipper_name"].dropna().astype(str).map(normalise_name)
        names = names[names != ""]
        parts.append(pd.DataFrame({"row": names.index, "ident": "SHP:" + names.to_numpy()}))
    if not parts:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "ident": pd.Series(dtype=str)})
    out = pd.concat(parts, ignore_index=True)
    return out[out["ident"].str.len() > 4]


def resolve_entities(frame: pd.DataFrame, links: pd.DataFrame | None = None) -> pd.Series:
    """An entity id per row: rows joined by any chain of shared identifiers share an id.

    ``links`` (optional) has columns ``identifier`` (``IOR:...`` or ``SHP:<normalised name>``)
    and ``group`` (a party group from the linkage of the parties capability). Rows without any
    identifier are entities of their own. The id is the smallest identifier of the entity.
    """
    n = len(frame)
    idents = _identifiers(frame.reset_index(drop=True))
    extra = links[["identifier", "group"]] if links is not None else None
    names = pd.Index(idents["ident"].unique())
    if extra is not None:
        names = names.union(pd.Index(extra["group"].astype(str).map(lambda g: f"GRP:{g}")))
        names = names.union(pd.Index(extra["identifier"].astype(str)))
    codes = names.get_indexer(idents["ident"]) + n
    src = [idents["row"].to_numpy(dtype=np.int64)]
    dst = [codes.astype(np.int64)]
    if extra is not None:
        src.append(names.get_indexer(extra["identifier"].astype(str)) + n)
        dst.append(names.get_indexer(extra["group"].astype(str).map(lambda g: f"GRP:{g}")) + n)
    size = n + len(names)
    a, b = np.concatenate(src), np.concatenate(dst)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    node_names = np.concatenate([np.array([f"ROW:{i}" for i in range(n)], dtype=object),
                                 names.to_numpy(dtype=object)])
    ident_mask = np.arange(size) >= n
    name_of_label = (
        pd.Series(node_names[ident_mask], index=label[ident_mask]).groupby(level=0).min()
    )
    row_labels = pd.Series(label[:n])
    fallback = "CASE:" + frame["case_number"].astype(str).reset_index(drop=True)
    entity = row_labels.map(name_of_label).fillna(fallback)
    return pd.Series(entity.to_numpy(), index=frame.index, name="entity")


def mark_repeats(frame: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """Add ``repeat`` (an earlier offence by the entity within the window) and
    ``prior_offences`` (earlier offences by the entity, any time) to a frame with ``entity``,
    ``seized_on`` and ``case_number``. Order of equal dates is by case number."""
    order = frame.sort_values(["entity", "seized_on", "case_number"], kind="mergesort")
    same = order["entity"].eq(order["entity"].shift())
    gap = order["seized_on"] - order["seized_on"].shift()
    repeat = same & (gap <= pd.Timedelta(days=window_days))
    prior = order.groupby("entity", sort=False).cumcount()
    out = frame.copy()
    out["repeat"] = repeat.reindex(frame.index).astype(bool)
    out["prior_offences"] = prior.reindex(frame.index).astype("int64")
    return out


def event_weights(frame: pd.DataFrame, policy: SeizuresPolicy) -> pd.Series:
    """``severity x gamma`` per event (columns ``violation_group``, ``safety``, ``has_pti``,
    ``repeat``); events outside the published groups weigh 0."""
    key = frame["violation_group"].where(
        ~((frame["violation_group"] == "IPR") & frame["safety"]), "IPR_SAFETY"
    )
    severity = key.map(dict(policy.severity)).fillna(0.0).astype(float)
    gamma = np.where(
        frame["repeat"], np.where(frame["has_pti"], policy.gamma_pti, policy.gamma_other), 1.0
    )
    return (severity * gamma).rename("weight")


def offender_buckets(frame: pd.DataFrame) -> pd.Series:
    """The bucket label (1, 2, 3-5, 6+) of each entity's number of offences in ``frame``."""
    counts = frame.groupby("entity").size()
    labels = pd.Series("", index=counts.index, dtype=object)
    for label, low, high in OFFENDER_BUCKETS:
        labels[(counts >= low) & (counts <= high)] = label
    return labels
