"""The mail gate: one decision per arriving item from its post's level and its own data.

Vectorised over a day of items with Arrow compute kernels and numpy (no Python loop per item).
Actions, by the measures in force for the item's post (EO 13904 s.5(b)-(d)):

=====  ==============================================================================
level  action
=====  ==============================================================================
0      RELEASE
1      TARGETED_INSPECTION (priority) if the item's own data fail a check, else RELEASE
2      goods items in scope: HOLD_PENDING_INFO until ``promptly_hours`` after the request;
       REFUSE when the information is not provided by then; TARGETED_INSPECTION once provided
3      REFUSE every goods item regardless of information (when the policy enables it);
       documents are inspected
=====  ==============================================================================

The item checks are the AED checks of the quarterly metric: no AED for a goods item, a missing
or placeholder description, a missing name or address, an implausible value or weight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from tradeguard.domain.decisions import Decision, RuleHit, inputs_digest
from tradeguard.errors import InvalidInput
from tradeguard.posts.params import PostsPolicy
from tradeguard.posts.status import LEVEL_NAMES, LEVEL_PROVISIONS

__all__ = ["ACTIONS", "FLAGS", "REASONS", "gate_decision", "gate_items"]

ACTIONS: tuple[str, ...] = ("RELEASE", "TARGETED_INSPECTION", "HOLD_PENDING_INFO", "REFUSE")
REASONS: tuple[str, ...] = (
    "NO_MEASURES",  # post at level 0
    "DATA_OK",  # own data pass every check, or item not in scope
    "PRIORITY_TARGETING",  # level 1+: own data fail a check
    "INFO_REQUESTED",  # level 2: hold until the deadline
    "INFO_PROVIDED",  # level 2: information came in time, inspect
    "INFO_NOT_PROMPT",  # level 2: deadline passed without the information
    "PREVENT_REGARDLESS",  # level 3: refused whatever information is provided
    "DOCUMENTS_INSPECTED",  # level 3: documents are inspected, not refused
)
#: Bits of the ``flags`` column: which of the item's own checks failed.
FLAGS: dict[str, int] = {"NO_AED": 1, "DESCRIPTION": 2, "ADDRESS": 4, "VALUE": 8, "WEIGHT": 16}

Bools = NDArray[np.bool_]


def _table(items: pa.Table | pd.DataFrame) -> pa.Table:
    table = (
        items if isinstance(items, pa.Table) else pa.Table.from_pandas(items, preserve_index=False)
    )
    missing = {"item_id", "post_code", "mail_class"} - set(table.column_names)
    if missing:
        raise InvalidInput(f"items lack required columns: {', '.join(sorted(missing))}")
    return table


def _col(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name in table.column_names:
        return table.column(name)
    return pa.chunked_array([pa.nulls(table.num_rows)])


def _blank(arr: pa.ChunkedArray) -> Bools:
    if pa.types.is_null(arr.type):
        return np.ones(len(arr), bool)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return np.asarray(pc.is_null(arr))
    text = pc.utf8_trim_whitespace(arr)
    return np.asarray(pc.fill_null(pc.equal(text, ""), True))


def _num(arr: pa.ChunkedArray) -> NDArray[np.float64]:
    if pa.types.is_null(arr.type):
        return np.full(len(arr), np.nan)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        arr = pc.cast(pc.if_else(pc.equal(arr, ""), None, arr), pa.float64())
    return np.asarray(pc.fill_null(pc.cast(arr, pa.float64()), np.nan))


def _ts_us(arr: pa.ChunkedArray) -> NDArray[np.int64]:
    """Microseconds since the epoch (UTC); missing or unreadable -> int64 min."""
    nat = np.iinfo(np.int64).min
    if pa.types.is_null(arr.type) or arr.null_count == len(arr):
        return np.full(len(arr), nat, np.int64)
    if not (
        pa.types.is_string(arr.type)
        or pa.types.is_large_string(arr.type)
        or pa.types.is_timestamp(arr.type)
        or pa.types.is_date(arr.type)
    ):
        raise InvalidInput(f"timestamps must be ISO 8601 text or timestamps, got {arr.type}")
    if pa.types.is_timestamp(arr.type) or pa.types.is_date(arr.type):
        ts = (
            pc.cast(arr, pa.timestamp("us", tz="UTC"))
            if arr.type.tz is None or not pa.types.is_timestamp(arr.type)
            else arr
        )
    else:
        try:
            ts = pc.cast(arr, pa.timestamp("us", tz="UTC"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            zoned = pc.strptime(arr, format="%Y-%m-%dT%H:%M:%S%z", unit="us", error_is_null=True)
            naive = pc.strptime(arr, format="%Y-%m-%dT%H:%M:%S", unit="us", error_is_null=True)
            ts = pc.coalesce(zoned, pc.assume_timezone(naive, "UTC"))
    return np.asarray(
        pc.fill_null(pc.cast(pc.cast(ts, pa.timestamp("us", tz="UTC")), pa.int64()), nat)
    )


def item_flags(table: pa.Table, policy: PostsPolicy) -> tuple[NDArray[np.int8], Bools]:
    """``(flags, goods)``: the failed own-data checks per item (bits of :data:`FLAGS`)."""
    mail_class = pc.utf8_upper(pc.cast(_col(table, "mail_class"), pa.string()))
    goods = np.asarray(
        pc.fill_null(pc.is_in(mail_class, pa.array(policy.aed_required_classes)), False)
    )
    no_aed = goods & _blank(_col(table, "aed_received_at"))
    desc = _col(table, "content_description")
    if pa.types.is_null(desc.type):
        bad_desc = np.ones(table.num_rows, bool)
    else:
        text = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(desc, pa.string())))
        short = pc.less(pc.utf8_length(text), policy.min_description_chars)
        holder = pc.is_in(text, pa.array(policy.placeholder_descriptions))
        bad_desc = np.asarray(pc.fill_null(pc.or_(short, holder), True))
    bad_addr = np.zeros(table.num_rows, bool)
    for name in ("sender_name", "sender_address", "recipient_name", "recipient_address"):
        bad_addr |= _blank(_col(table, name))
    value = _num(_col(table, "declared_value_usd"))
    weight = _num(_col(table, "weight_kg"))
    letter = np.asarray(pc.fill_null(pc.equal(mail_class, "LETTER_GOODS"), False))
    with np.errstate(invalid="ignore"):
        bad_value = ~(value > policy.min_value_usd)
        heavy = (weight > policy.max_weight_kg) | (letter & (weight > policy.letter_goods_max_kg))
        bad_weight = ~(weight > 0) | heavy
    flags = (
        no_aed * FLAGS["NO_AED"]
        + bad_desc * FLAGS["DESCRIPTION"]
        + bad_addr * FLAGS["ADDRESS"]
        + bad_value * FLAGS["VALUE"]
        + bad_weight * FLAGS["WEIGHT"]
    )
    return np.where(goods, flags, 0).astype(np.int8), goods


def _levels(table: pa.Table, levels: Mapping[str, int]) -> NDArray[np.int8]:
    encoded = pc.dictionary_encode(pc.cast(_col(table, "post_code"), pa.string())).combine_chunks()
    lookup = np.array(
        [int(levels.get(str(p), 0)) for p in encoded.dictionary.to_pylist()] + [0], np.int8
    )
    idx = np.asarray(pc.fill_null(encoded.indices, len(lookup) - 1))
    return np.asarray(lookup[idx], dtype=np.int8)


def gate_items(
    items: pa.Table | pd.DataFrame,
    levels: Mapping[str, int],
    policy: PostsPolicy,
    as_of: dt.datetime,
) -> pa.Table:
    """Decide every item; ``levels`` maps post codes to the measures in force (0-3).

    Returns an Arrow table: ``item_id, post_code, level, action, reason, flags, deadline``
    (``deadline`` is set for holds: the time by which the additional information is due).
    """
    table = _table(items)
    level = _levels(table, levels)
    flags, goods = item_flags(table, policy)
    flagged = flags != 0
    if not policy.prevent_regardless_enabled:
        level = np.minimum(level, 2).astype(np.int8)
    now_us = int(
        pd.Timestamp(as_of if as_of.tzinfo else as_of.replace(tzinfo=dt.UTC)).value // 1000
    )
    promptly_us = int(policy.promptly_hours * 3_600_000_000)
    nat = np.iinfo(np.int64).min
    req = _ts_us(_col(table, "info_requested_at"))
    ans = _ts_us(_col(table, "info_answered_at"))
    requested = req != nat
    due = np.where(requested, req, now_us) + promptly_us
    provided = requested & (ans != nat) & (ans <= due)
    lapsed = ~provided & (due < now_us)
    in_scope = goods & (flagged if policy.gate_info_scope == "flagged" else np.ones_like(goods))
    conds = [
        level == 0,
        (level == 1) & flagged,
        level == 1,
        (level == 2) & in_scope & provided,
        (level == 2) & in_scope & lapsed,
        (level == 2) & in_scope,
        level == 2,
        goods,
        np.full(len(level), policy.refuse_documents_at_level3),
    ]
    action = np.select(conds, [0, 1, 0, 1, 3, 2, 0, 3, 3], 1).astype(np.int8)
    reason = np.select(conds, [0, 2, 1, 4, 5, 3, 1, 6, 6], 7).astype(np.int8)
    deadline = pa.array(np.where(action == 2, due, nat), pa.int64()).cast(
        pa.timestamp("us", tz="UTC")
    )
    deadline = pc.if_else(pa.array(action == 2), deadline, pa.scalar(None, deadline.type))
    return pa.table(
        {
            "item_id": _col(table, "item_id"),
            "post_code": _col(table, "post_code"),
            "level": pa.array(level),
            "action": pa.DictionaryArray.from_arrays(pa.array(action), pa.array(ACTIONS)),
            "reason": pa.DictionaryArray.from_arrays(pa.array(reason), pa.array(REASONS)),
            "flags": pa.array(flags),
            "deadline": deadline,
        }
    )


def _flag_text(flags: int) -> str:
    names = [k.replace("_", " ").lower() for k, bit in FLAGS.items() if flags & bit]
    return ", ".join(names) if names else "none"


def gate_decision(row: Mapping[str, Any], policy: PostsPolicy, decided_at: dt.datetime) -> Decision:
    """One gate row (from :func:`gate_items`) as a Decision with its reason, on demand."""
    level = int(row["level"])
    deadline = row.get("deadline")
    due = (
        f" by {pd.Timestamp(deadline).isoformat()}"
        if deadline is not None and not pd.isna(deadline)
        else ""
    )
    reason = (
        f"Post {row['post_code']} is at {LEVEL_NAMES[level]}; failed item checks: "
        f"{_flag_text(int(row['flags']))}; action {row['action']} ({row['reason']}){due}."
    )
    status = policy.status("escalation.promptly_hours") if level == 2 else "law"
    return Decision(
        subject=f"ITEM:{row['item_id']}",
        kind="mail_gate",
        outcome=str(row["action"]),
        score=float(level),
        hits=(RuleHit(f"GATE-{row['reason']}", 1.0, reason, {"flags": int(row["flags"])}, status),),
        provision=LEVEL_PROVISIONS[level] if level else "EO 13904 s.5",
        policy_version=policy.version,
        inputs_digest=inputs_digest(dict(row)),
        decided_at=decided_at,
    )
