"""Benchmarks of the posts capability against plain pandas, measured in the same run.

* quarterly aggregation: mail items on disk as Parquet under /tmp (small 1M, full 100M items),
  DuckDB SQL against pandas reading the same files one at a time and combining partial sums;
* mail gate: a day of items in memory (small 1M, full 10M), Arrow/numpy against a pandas
  implementation of the same rules (target: 1M items per second on 2 cores).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from benchmarks.harness import Comparison, timed
from tradeguard.policy import load_policy
from tradeguard.posts.aggregate import quarterly_inputs
from tradeguard.posts.gate import gate_items
from tradeguard.posts.params import PostsPolicy, posts_policy

ROOT = Path(os.environ.get("TRADEGUARD_BENCH_DIR", "/tmp/tradeguard-bench-posts"))
CHUNK = 5_000_000
POSTS = 200
START = dt.date(2024, 10, 1)  # FY2025 and FY2026: eight quarters


def _policy() -> PostsPolicy:
    return posts_policy(load_policy(), dt.date(2026, 1, 1))


def _chunk(rows: int, offset: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    post = rng.integers(0, POSTS, rows)
    ids = pc.binary_join_element_wise(
        "EE", pc.cast(pa.array(np.arange(offset, offset + rows)), pa.string()), ""
    )
    arrival = np.datetime64(START) + rng.integers(0, 730, rows).astype("timedelta64[D]")
    ts = arrival.astype("datetime64[s]")
    has_aed = rng.random(rows) < 0.85
    sampled = rng.random(rows) < 0.02
    u = rng.random(rows)
    finding = np.select(
        [u < 0.003, u < 0.004, u < 0.007], ["IPR", "DRUGS", "OTHER_CONTRABAND"], "NONE"
    )
    requested = rng.random(rows) < 0.01
    descr = np.array(["cotton t-shirt", "gift", "phone case", "parts", "book"])[
        rng.integers(0, 5, rows)
    ]
    classes = np.array(["PARCEL", "LETTER_GOODS", "EMS", "LETTER_DOCUMENTS"])[
        rng.integers(0, 4, rows)
    ]
    return pa.table(
        {
            "item_id": ids,
            "post_code": pa.array(np.char.add("P", post.astype(str))),
            "arrival_date": pa.array(arrival.astype("datetime64[D]")),
            "mail_class": pa.array(classes),
            "declared_value_usd": pa.array(np.round(rng.gamma(2, 20, rows), 2)),
            "weight_kg": pa.array(np.round(rng.gamma(2, 0.4, rows), 3)),
            "content_description": pa.array(descr),
            "sender_name": pa.array(np.where(rng.random(rows) < 0.98, "Sender", None)),
            "sender_address": pa.array(np.full(rows, "1 Road")),
            "recipient_name": pa.array(np.full(rows, "Recipient")),
            "recipient_address": pa.array(np.full(rows, "2 Street")),
            "aed_received_at": pa.array(
                np.where(has_aed, ts - np.timedelta64(30, "h"), np.datetime64("NaT")),
                pa.timestamp("s", tz="UTC"),
            ),
            "sampled": pa.array(sampled),
            "inspected": pa.array(sampled | (rng.random(rows) < 0.01)),
            "finding": pa.array(finding),
            "info_requested_at": pa.array(
                np.where(requested, ts, np.datetime64("NaT")), pa.timestamp("s", tz="UTC")
            ),
            "info_answered_at": pa.array(
                np.where(requested, ts + np.timedelta64(20, "h"), np.datetime64("NaT")),
                pa.timestamp("s", tz="UTC"),
            ),
        }
    )


def _dataset(rows: int) -> Path:
    folder = ROOT / f"items-{rows}"
    done = folder / "_done"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for i, offset in enumerate(range(0, rows, CHUNK)):
        pq.write_table(
            _chunk(min(CHUNK, rows - offset), offset, i), folder / f"part-{i:04d}.parquet"
        )
    done.write_text("ok")
    return folder


def _pandas_aggregate(folder: Path, p: PostsPolicy) -> pd.DataFrame:
    """Plain pandas: each file read and grouped, partial sums combined."""
    parts = []
    for path in sorted(folder.glob("*.parquet")):
        d = pd.read_parquet(path)
        arrival = pd.to_datetime(d["arrival_date"])
        fy = arrival.dt.year + (arrival.dt.month >= 10)
        d["quarter"] = (
            "FY" + fy.astype(str) + "Q" + (((arrival.dt.month + 2) % 12) // 3 + 1).astype(str)
        )
        goods = d["mail_class"].isin(p.aed_required_classes)
        aed = goods & d["aed_received_at"].notna()
        desc = d["content_description"].str.strip().str.lower()
        bad = (
            desc.isin(p.placeholder_descriptions)
            | (desc.str.len() < p.min_description_chars)
            | d["sender_name"].isna()
            | ~(d["declared_value_usd"] > p.min_value_usd)
            | ~(d["weight_kg"] > 0)
            | (d["weight_kg"] > p.max_weight_kg)
            | ((d["mail_class"] == "LETTER_GOODS") & (d["weight_kg"] > p.letter_goods_max_kg))
        )
        arrival_ts = arrival.dt.tz_localize("UTC")
        req = d["info_requested_at"].notna()
        flags = pd.DataFrame(
            {
                "post_code": d["post_code"],
                "quarter": d["quarter"],
                "n_items": 1,
                "n_aed_required": goods,
                "aed_present": aed,
                "aed_timely": aed & (d["aed_received_at"] < arrival_ts),
                "aed_valid": aed & ~bad,
                "n_sampled": d["sampled"],
                "x_cf": d["sampled"] & (d["finding"] == "IPR"),
                "x_nx": d["sampled"] & (d["finding"] == "DRUGS"),
                "x_cb": d["sampled"] & (d["finding"] == "OTHER_CONTRABAND"),
                "r_req": req,
                "r_ok": req
                & (
                    (d["info_answered_at"] - d["info_requested_at"])
                    <= pd.Timedelta(hours=p.request_sla_hours)
                ),
            }
        )
        parts.append(flags.groupby(["post_code", "quarter"]).sum())
    return pd.concat(parts).groupby(level=[0, 1]).sum().reset_index()


def bench_aggregation(size: str) -> Comparison:
    rows = 1_000_000 if size == "small" else 100_000_000
    folder, p = _dataset(rows), _policy()
    ours, ours_s = timed(lambda: quarterly_inputs(str(folder / "*.parquet"), p))
    base, base_s = timed(lambda: _pandas_aggregate(folder, p))
    merged = ours.merge(base, on=["post_code", "quarter"], suffixes=("", "_pd"))
    for col in ("n_items", "aed_timely", "aed_valid", "x_cf", "r_ok"):
        assert (merged[col] == merged[f"{col}_pd"]).all(), col
    return Comparison(
        "posts quarterly aggregation",
        rows,
        ours_s,
        "pandas (per file)",
        base_s,
        "hundreds of millions of items, out of core",
    )


def _pandas_gate(
    d: pd.DataFrame, levels: dict[str, int], p: PostsPolicy, now: pd.Timestamp
) -> np.ndarray:
    level = d["post_code"].map(levels).fillna(0).astype(int).to_numpy()
    goods = d["mail_class"].isin(p.aed_required_classes).to_numpy()
    desc = d["content_description"].str.strip().str.lower()
    flagged = (
        goods
        & (
            d["aed_received_at"].isna()
            | desc.isin(p.placeholder_descriptions)
            | (desc.str.len() < p.min_description_chars)
            | d["sender_name"].isna()
            | ~(d["declared_value_usd"] > p.min_value_usd)
            | ~(d["weight_kg"] > 0)
            | (d["weight_kg"] > p.max_weight_kg)
            | ((d["mail_class"] == "LETTER_GOODS") & (d["weight_kg"] > p.letter_goods_max_kg))
        ).to_numpy()
    )
    req = d["info_requested_at"]
    due = req.fillna(now) + pd.Timedelta(hours=p.promptly_hours)
    provided = (
        req.notna() & d["info_answered_at"].notna() & (d["info_answered_at"] <= due)
    ).to_numpy()
    lapsed = ~provided & (due < now).to_numpy()
    conds = [
        level == 0,
        (level == 1) & flagged,
        level == 1,
        (level == 2) & flagged & provided,
        (level == 2) & flagged & lapsed,
        (level == 2) & flagged,
        level == 2,
        goods,
    ]
    return np.select(conds, [0, 1, 0, 1, 3, 2, 0, 3], 1)


def bench_gate(size: str) -> Comparison:
    rows = 1_000_000 if size == "small" else 10_000_000
    table = pa.concat_tables(
        [_chunk(min(CHUNK, rows - o), o, 100 + i) for i, o in enumerate(range(0, rows, CHUNK))]
    )
    levels = {f"P{i}": (0 if i % 5 else (i // 5) % 4) for i in range(POSTS)}
    p, now = _policy(), dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    ours, ours_s = timed(lambda: gate_items(table, levels, p, now))
    frame = table.to_pandas()
    base, base_s = timed(lambda: _pandas_gate(frame, levels, p, pd.Timestamp(now)))
    codes = ours.column("action").combine_chunks().indices.to_numpy()
    assert (codes == base).all()
    return Comparison(
        "posts mail gate", rows, ours_s, "pandas (vectorised)", base_s, ">= 1M items/s on 2 cores"
    )


BENCHMARKS = [bench_aggregation, bench_gate]
