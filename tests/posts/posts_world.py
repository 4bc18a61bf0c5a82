"""A tiny world of mail items, made by code: posts with chosen latent behaviour per quarter.

Used by the tests and the benchmarks (at a larger size). Columns follow the ``mail_items`` shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradeguard.domain.calendar import Quarter


@dataclass(frozen=True)
class PostBehaviour:
    """Latent rates of one post (per item) and its cooperation."""

    cf: float = 0.0005
    nx: float = 0.0001
    cb: float = 0.0005
    aed: float = 0.95  # share of goods items with AED, all in time
    quality: float = 0.95  # share of AED records that pass every check
    answer: float = 0.95  # share of requests answered within the SLA


GOOD = PostBehaviour()
BAD = PostBehaviour(cf=0.02, nx=0.004, cb=0.01, aed=0.5, quality=0.5, answer=0.3)


def items(
    behaviour: dict[str, PostBehaviour],
    quarter: Quarter,
    *,
    n_items: int = 2000,
    n_sampled: int = 500,
    n_requests: int = 20,
    seed: int = 0,
) -> pd.DataFrame:
    """Items of every post for one quarter (arrivals spread over the quarter)."""
    rng = np.random.default_rng(seed)
    frames = [
        _post_items(post, b, quarter, n_items, n_sampled, n_requests, rng)
        for post, b in sorted(behaviour.items())
    ]
    return pd.concat(frames, ignore_index=True)


def _post_items(
    post: str,
    b: PostBehaviour,
    quarter: Quarter,
    n: int,
    n_sampled: int,
    n_req: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    days = (quarter.end - quarter.start).days + 1
    arrival = pd.to_datetime(quarter.start) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    sampled = np.zeros(n, bool)
    sampled[:n_sampled] = True
    u = rng.random(n)
    finding = np.select(
        [u < b.cf, u < b.cf + b.nx, u < b.cf + b.nx + b.cb],
        ["IPR", "DRUGS", "OTHER_CONTRABAND"],
        "NONE",
    )
    has_aed = rng.random(n) < b.aed
    good = rng.random(n) < b.quality
    aed_at = arrival - pd.Timedelta(days=2)
    req = np.zeros(n, bool)
    req[n_sampled : n_sampled + n_req] = True
    ok = rng.random(n) < b.answer
    req_at = arrival + pd.Timedelta(hours=1)
    ans_at = req_at + pd.to_timedelta(np.where(ok, 10, 200), unit="h")
    return pd.DataFrame(
        {
            "item_id": [f"{post}{i:09d}" for i in range(n)],
            "post_code": post,
            "arrival_date": arrival.strftime("%Y-%m-%d"),
            "mail_class": "PARCEL",
            "declared_value_usd": np.where(good, 25.0, 0.0),
            "weight_kg": 0.8,
            "content_description": np.where(good, "cotton t-shirt", "gift"),
            "sender_name": "Sender",
            "sender_address": "1 Road",
            "recipient_name": "Recipient",
            "recipient_address": "2 Street",
            "dispatched_at": (arrival - pd.Timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "aed_received_at": np.where(has_aed, aed_at.strftime("%Y-%m-%dT%H:%M:%SZ"), None),
            "sampled": sampled,
            "inspected": sampled,
            "finding": np.where(sampled, finding, "NONE"),
            "info_requested_at": np.where(req, req_at.strftime("%Y-%m-%dT%H:%M:%SZ"), None),
            "info_answered_at": np.where(req, ans_at.strftime("%Y-%m-%dT%H:%M:%SZ"), None),
        }
    )


def posts_table(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "post_code": codes,
            "country": [c[:2] for c in codes],
            "name": [f"Post {c}" for c in codes],
            "upu_member": True,
        }
    )


def quarters(first: str, count: int) -> list[Quarter]:
    q = Quarter.parse(first)
    out = []
    for _ in range(count):
        out.append(q)
        q = q.next()
    return out


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
