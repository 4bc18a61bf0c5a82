"""International posts, their latent behaviour per quarter, and mail items (written in chunks).

Each post has, per quarter, latent trafficking rates (counterfeit, narcotics, other contraband,
per item), AED coverage, timeliness and quality, and a response rate to information requests.
Items are drawn from those; a fixed share is in the random compliance sample, whose findings are
unbiased draws of the latent rates; targeted inspections pick bad items far more often.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from tradeguard.ingest.shapes import KINDS
from tradeguard.synth import names as nm
from tradeguard.synth._io import ChunkWriter, timestamps
from tradeguard.synth._rand import stream
from tradeguard.synth.config import NA, Frame, Sizes, days
from tradeguard.synth.ids import s10_ids

SAMPLE_RATE = 0.05
# The random compliance sample is a plan per post and quarter: a fixed share of every post's
# mail, raised for the high-volume posts to SAMPLE_TARGET items (all their items when they have
# fewer), so that those posts reach the minimum sample the quarterly score needs even though
# the world carries far less mail than the real flows.
SAMPLE_TARGET = 900
PIECE = 100_000  # items per random stream: output does not depend on the write chunk size
BIG_POSTS = (
    "CN",
    "HK",
    "GB",
    "DE",
    "CA",
    "JP",
    "KR",
    "FR",
    "AU",
    "SG",
    "IT",
    "NL",
    "IN",
    "TW",
    "ES",
    "TH",
    "VN",
    "MX",
    "BR",
    "IL",
    "TR",
    "PL",
    "MY",
    "CH",
    "SE",
)
_NOT_POSTS = {"US", "AQ", "BV", "HM", "UM", "TF", "IO", "GS", "PN", "SJ", "CC", "CX", "NF"}
CLASSES = ("LETTER_DOCUMENTS", "LETTER_GOODS", "PARCEL", "EMS")
CLASS_P = (0.10, 0.55, 0.27, 0.08)
SERVICES = (
    ("RR", "RA"),
    ("LA", "LB", "LC", "UA", "UB"),
    ("CP", "CA", "CB", "CX"),
    ("EA", "EB", "EE", "EM"),
)
GOODS = (
    ("MOBILE PHONE CASE", "392690"),
    ("WOMENS COTTON T-SHIRT", "610910"),
    ("BLUETOOTH EARPHONES", "851830"),
    ("LED STRIP LIGHTS", "940540"),
    ("PLASTIC TOY FIGURE", "950300"),
    ("STAINLESS WATCH", "910211"),
    ("LEATHER WALLET", "420231"),
    ("RUNNING SHOES", "640411"),
    ("COSMETIC BRUSH SET", "960329"),
    ("PHONE CHARGER CABLE", "854442"),
    ("SUNGLASSES", "900410"),
    ("HANDBAG POLYESTER", "420222"),
    ("VITAMIN SUPPLEMENTS", "210690"),
    ("PRINTED BOOK", "490199"),
    ("HAIR ACCESSORIES", "961511"),
    ("BICYCLE PARTS", "871499"),
)
PLACEHOLDERS = ("GIFT", "GOODS", "SAMPLE", "PARTS", "CLOTHES", "MERCHANDISE", "ITEMS")
FINDINGS_OTHER = ("UNDERVALUATION", "ORIGIN", "AED_MISMATCH")


@dataclass
class Post:
    code: str
    country: str
    name: str
    upu_member: bool
    weight: float
    kind: str  # GOOD, MIDDLING, IMPROVING, BAD


@dataclass
class Latent:
    """One post in one quarter."""

    cf: float
    nx: float
    cb: float
    coverage: float
    timeliness: float
    quality: float
    response: float

    @property
    def trafficking(self) -> float:
        return self.cf + self.nx + self.cb


def build_posts(sizes: Sizes, rng: np.random.Generator) -> list[Post]:
    countries = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in _NOT_POSTS]
    rest = [c for c in sorted(countries) if c not in BIG_POSTS]
    rest = [rest[int(i)] for i in rng.permutation(len(rest))]
    chosen = [*BIG_POSTS, *rest][: sizes.posts]
    weights = (np.arange(1, len(chosen) + 1, dtype=float)) ** -1.3
    weights /= weights.sum()
    kinds = rng.choice(
        ("GOOD", "MIDDLING", "IMPROVING", "BAD"), size=len(chosen), p=(0.6, 0.2, 0.08, 0.12)
    )
    if len(chosen) > 2 and "BAD" not in kinds:
        kinds[2] = "BAD"
    if len(chosen) > 3 and "MIDDLING" not in kinds:
        kinds[3] = "MIDDLING"
    posts = []
    for code, w, kind in zip(chosen, weights, kinds, strict=True):
        country = pycountry.countries.get(alpha_2=code)
        assert country is not None
        label = getattr(country, "common_name", None) or country.name
        posts.append(
            Post(f"{code}A", code, f"{label} Post".upper(), code != "TW", float(w), str(kind))
        )
    return posts


def latent_paths(posts: list[Post], quarters: int, rng: np.random.Generator) -> list[list[Latent]]:
    paths = []
    for post in posts:
        base = {
            "GOOD": (10, 1, 8, 0.96, 0.95, 0.92, 0.92),
            "MIDDLING": (35, 4, 25, 0.85, 0.82, 0.8, 0.75),
            "IMPROVING": (120, 12, 60, 0.65, 0.7, 0.65, 0.6),
            "BAD": (160, 15, 80, 0.6, 0.6, 0.6, 0.5),
        }[post.kind]
        scale = float(rng.lognormal(0, 0.4))
        path = []
        for q in range(quarters):
            gain = (q / max(1, quarters - 1)) if post.kind == "IMPROVING" else 0.0

            def r(v: float, g: float = gain, scale: float = scale) -> float:
                return v * scale * math.exp(-2.2 * g) * float(rng.lognormal(0, 0.25)) / 10_000

            def s(v: float, g: float = gain) -> float:
                return float(np.clip(v + 0.3 * g + rng.normal(0, 0.03), 0.05, 0.999))

            path.append(
                Latent(
                    r(base[0]),
                    r(base[1]),
                    r(base[2]),
                    s(base[3]),
                    s(base[4]),
                    s(base[5]),
                    s(base[6]),
                )
            )
        paths.append(path)
    return paths


def latent_score(x: Latent) -> float:
    """The truth files' score: methods brief 5.A with default goalposts on the latent values
    (trafficking and cooperation pillars; effectiveness left out, weights renormalised)."""

    def rate(v: float) -> float:
        per10k = max(v * 10_000, 1e-6)
        return float(np.clip((math.log(100) - math.log(per10k)) / math.log(100), 0, 1))

    def share(v: float, lo: float, hi: float) -> float:
        return float(np.clip((v - lo) / (hi - lo), 0, 1))

    t = rate(x.cf) ** 0.3 * rate(x.nx) ** 0.5 * rate(x.cb) ** 0.2
    c = (
        share(x.coverage * x.timeliness, 0.5, 0.98)
        + share(x.quality, 0.5, 0.95)
        + share(x.response, 0.5, 0.95)
    ) / 3
    return float(100 * max(t, 0.01) ** (0.5 / 0.8) * max(c, 0.01) ** (0.3 / 0.8))


TRUTH_THRESHOLD = 50.0

MAIL_COLUMNS = KINDS["mail_items"].columns


def write_mail(
    path: Any,
    posts: list[Post],
    paths: list[list[Latent]],
    escalated: np.ndarray,
    iors: np.ndarray,
    sizes: Sizes,
    frame: Frame,
    seed: int,
    chunk_rows: int,
    progress: Any,
) -> tuple[int, list[dict[str, Any]], np.ndarray]:
    """Write mail_items.csv; returns rows, the items seized (for seizures.csv) and per
    post-quarter item counts."""
    writer = ChunkWriter(path, MAIL_COLUMNS)
    qstarts = [days(d) for d in frame.quarter_starts()]
    growth = np.linspace(1.0, 1.4, frame.quarters)
    per_q = np.round(sizes.mail_items * growth / growth.sum()).astype(int)
    weights = np.array([p.weight for p in posts])
    counts = np.zeros((len(posts), frame.quarters), dtype=int)
    seized: list[dict[str, Any]] = []
    serial_next = [
        int(stream(seed, "mail-serial", p.code).integers(1_000_000, 40_000_000)) for p in posts
    ]
    bad_pools = [
        [f"{nm.pick(r, nm.FIRST)} {nm.pick(r, nm.LAST)}" for _ in range(6)]
        for r in (stream(seed, "mail-bad", p.code) for p in posts)
    ]
    for q in range(frame.quarters):
        alloc = stream(seed, "mail-alloc", q).multinomial(per_q[q], weights)
        counts[:, q] = alloc
        for k, post in enumerate(posts):
            remaining, piece = int(alloc[k]), 0
            while remaining > 0:
                n = min(PIECE, remaining)
                rng = stream(seed, "mail", q, k, piece)
                rate = _sample_rate(post, int(alloc[k]))
                table, hits = _items(
                    n,
                    rate,
                    post,
                    paths[k][q],
                    bool(escalated[k, q]),
                    serial_next[k],
                    qstarts[q],
                    qstarts[q + 1],
                    bad_pools[k],
                    iors,
                    rng,
                )
                serial_next[k] += n
                seized.extend(hits)
                remaining -= n
                piece += 1
                if writer.add(table, chunk_rows) and progress:
                    progress("mail_items", writer.rows)
    return writer.close(), seized, counts


def _sample_rate(post: Post, quarter_items: int) -> float:
    if post.country not in BIG_POSTS or quarter_items == 0:
        return SAMPLE_RATE
    return min(1.0, max(SAMPLE_RATE, SAMPLE_TARGET / quarter_items))


def _items(
    n: int,
    sample_rate: float,
    post: Post,
    x: Latent,
    escalated: bool,
    serial0: int,
    q0: int,
    q1: int,
    bad_pool: list[str],
    iors: np.ndarray,
    rng: np.random.Generator,
) -> tuple[pa.Table, list[dict[str, Any]]]:
    cls = rng.choice(4, size=n, p=CLASS_P)
    svc = np.empty(n, dtype=object)
    for c in range(4):
        sel = cls == c
        svc[sel] = np.asarray(SERVICES[c], dtype=object)[
            rng.integers(0, len(SERVICES[c]), sel.sum())
        ]
    item_id = s10_ids(svc, serial0 + np.arange(n), post.country)
    arrival = rng.integers(q0, q1, n)
    dispatched = (arrival - rng.integers(2, 12, n)) * 86_400 + rng.integers(0, 86_400, n)
    goods = cls != 0
    has_aed = goods & (rng.random(n) < x.coverage)
    timely = rng.random(n) < x.timeliness
    aed_at = np.where(
        timely,
        dispatched - rng.integers(600, 2 * 86_400, n),
        arrival * 86_400 + rng.integers(3_600, 5 * 86_400, n),
    )
    valid = rng.random(n) < x.quality
    gi = rng.integers(0, len(GOODS), n)
    desc = np.asarray([g for g, _ in GOODS], dtype=object)[gi]
    hs = np.asarray([h for _, h in GOODS], dtype=object)[gi]
    flaw = rng.integers(0, 3, n)
    desc = np.where(~valid & (flaw == 0), nm.choose(rng, PLACEHOLDERS, n), desc)
    hs = np.where(~valid & (flaw == 0), NA, hs)
    value = np.round(rng.lognormal(np.log(np.array([5, 25, 60, 120]))[cls], 1.0), 2)
    value = np.where(cls == 0, 0.0, value)
    value = np.where(~valid & (flaw == 1), np.where(rng.random(n) < 0.5, 0.0, 1.0), value)
    weight = np.where(
        cls == 1,
        rng.uniform(0.02, 2.0, n),
        np.where(cls == 0, rng.uniform(0.01, 0.3, n), np.minimum(rng.lognormal(0.3, 0.8, n), 30.0)),
    )
    weight = np.round(weight, 2)
    cities = nm.FOREIGN_PLACES.get(post.country, (post.name.replace(" POST", ""),))
    sender = pc.binary_join_element_wise(
        pa.array(nm.choose(rng, nm.FIRST, n)), pa.array(nm.choose(rng, nm.LAST, n)), " "
    )
    bad = rng.random(n) < x.trafficking
    from_pool = bad & (rng.random(n) < 0.6)
    sender = pa.array(
        np.where(
            from_pool, nm.choose(rng, bad_pool, n), np.asarray(sender.to_pylist(), dtype=object)
        ),
        type=pa.string(),
    )
    s_addr = pc.binary_join_element_wise(
        pc.binary_join_element_wise(
            pa.array(rng.integers(1, 999, n).astype(str)),
            pa.array(nm.choose(rng, nm.FOREIGN_STREETS, n)),
            " ",
        ),
        pa.array(nm.choose(rng, cities, n)),
        pa.scalar(post.country),
        ", ",
    )
    s_addr = pa.array(
        np.where(~valid & (flaw == 2), NA, np.asarray(s_addr.to_pylist(), dtype=object))
    )
    places = nm.US_PLACES
    pi = rng.integers(0, len(places), n)
    r_addr = pc.binary_join_element_wise(
        pc.binary_join_element_wise(
            pa.array(rng.integers(10, 9999, n).astype(str)),
            pa.array(nm.choose(rng, nm.STREETS, n)),
            " ",
        ),
        pa.array(np.asarray([p[0] for p in places], dtype=object)[pi]),
        pa.array(
            np.asarray([f"{p[1]} {p[2]}{z:02d}" for p in places for z in (10,)], dtype=object)[pi]
        ),
        ", ",
    )
    recipient = pc.binary_join_element_wise(
        pa.array(nm.choose(rng, nm.FIRST, n)), pa.array(nm.choose(rng, nm.LAST, n)), " "
    )
    sampled = rng.random(n) < sample_rate
    lift = 3.0 if escalated else 1.0
    targeted = np.where(bad, rng.random(n) < 0.3 * lift, rng.random(n) < 0.003 * lift)
    inspected = sampled | targeted
    u = rng.random(n) * x.trafficking
    kind = np.where(u < x.cf, "IPR", np.where(u < x.cf + x.nx, "DRUGS", "OTHER_CONTRABAND"))
    other = rng.random(n) < 0.01
    finding = np.where(
        inspected,
        np.where(bad, kind, np.where(other, nm.choose(rng, FINDINGS_OTHER, n), "NONE")),
        NA,
    )
    finding = np.where((finding == "AED_MISMATCH") & ~has_aed, "NONE", finding)
    asked = goods & (rng.random(n) < (0.25 if escalated else 0.002)) & (cls >= 2)
    req_at = arrival * 86_400 - rng.integers(3_600, 86_400, n)
    answered = rng.random(n) < x.response
    ans_at = req_at + np.where(
        answered, rng.integers(1_800, 72 * 3_600, n), rng.integers(73 * 3_600, 20 * 86_400, n)
    )
    missing = ~answered & (rng.random(n) < 0.5)
    ior = np.where(
        (cls >= 2) & (rng.random(n) < 0.01),
        iors[rng.integers(0, len(iors), n)] if len(iors) else NA,
        NA,
    )
    table = pa.table(
        {
            "item_id": item_id,
            "post_code": pa.array(np.full(n, post.code, dtype=object)),
            "arrival_date": pa.array(arrival.astype("datetime64[D]"), type=pa.date32()),
            "mail_class": pa.array(np.asarray(CLASSES, dtype=object)[cls]),
            "declared_value_usd": pa.array(
                np.where(has_aed | (cls == 0), value, np.nan), from_pandas=True
            ),
            "weight_kg": pa.array(weight),
            "content_description": pa.array(np.where(has_aed, desc, NA), type=pa.string()),
            "hs_code": pa.array(np.where(has_aed, hs, NA), type=pa.string()),
            "sender_name": sender,
            "sender_address": pa.array(
                np.where(has_aed, np.asarray(s_addr.to_pylist(), dtype=object), NA),
                type=pa.string(),
            ),
            "recipient_name": recipient,
            "recipient_address": r_addr,
            "dispatched_at": timestamps(dispatched),
            "aed_received_at": timestamps(aed_at, mask=~has_aed),
            "sampled": pa.array(sampled),
            "inspected": pa.array(inspected),
            "finding": pa.array(finding, type=pa.string()),
            "info_requested_at": timestamps(req_at, mask=~asked),
            "info_answered_at": timestamps(ans_at, mask=~asked | missing),
            "ior_number": pa.array(ior, type=pa.string()),
        }
    )
    hit = np.flatnonzero(inspected & bad)
    ids = item_id.to_pylist() if len(hit) else []
    senders = sender.to_pylist() if len(hit) else []
    hits = [
        {
            "item_id": ids[i],
            "post_code": post.code,
            "country": post.country,
            "day": int(arrival[i]),
            "finding": str(kind[i]),
            "shipper": senders[i],
            "value": float(value[i]),
            "ior": ior[i],
        }
        for i in hit.tolist()
    ]
    return table, hits


def post_rows(posts: list[Post]) -> dict[str, list[Any]]:
    return {
        "post_code": [p.code for p in posts],
        "country": [p.country for p in posts],
        "name": [p.name for p in posts],
        "upu_member": [p.upu_member for p in posts],
    }


def post_truth(
    posts: list[Post], paths: list[list[Latent]], counts: np.ndarray, frame: Frame
) -> tuple[dict[str, list[Any]], np.ndarray]:
    from tradeguard.domain.calendar import Quarter

    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "post_code",
            "quarter",
            "kind",
            "items",
            "cf_rate",
            "nx_rate",
            "cb_rate",
            "aed_coverage",
            "aed_timeliness",
            "aed_quality",
            "response_rate",
            "latent_score",
            "threshold",
            "non_compliant",
            "consecutive_non_compliant",
        )
    }
    escalated = np.zeros((len(posts), frame.quarters), dtype=bool)
    starts = frame.quarter_starts()
    for k, post in enumerate(posts):
        run = 0
        for q in range(frame.quarters):
            x = paths[k][q]
            score = latent_score(x)
            nc = score < TRUTH_THRESHOLD
            escalated[k, q] = run >= 2  # measures this quarter follow the quarters before
            run = run + 1 if nc else 0
            cols["post_code"].append(post.code)
            cols["quarter"].append(str(Quarter.of(starts[q] + dt.timedelta(days=1))))
            cols["kind"].append(post.kind)
            cols["items"].append(int(counts[k, q]))
            for name, v in (
                ("cf_rate", x.cf),
                ("nx_rate", x.nx),
                ("cb_rate", x.cb),
                ("aed_coverage", x.coverage),
                ("aed_timeliness", x.timeliness),
                ("aed_quality", x.quality),
                ("response_rate", x.response),
            ):
                cols[name].append(round(v, 6))
            cols["latent_score"].append(round(score, 2))
            cols["threshold"].append(TRUTH_THRESHOLD)
            cols["non_compliant"].append(nc)
            cols["consecutive_non_compliant"].append(run)
    return cols, escalated
