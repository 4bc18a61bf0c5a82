"""Express consignments (written in chunks), some shipped by or to excluded persons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tradeguard.synth import names as nm
from tradeguard.synth._io import ChunkWriter
from tradeguard.synth._rand import stream
from tradeguard.synth.config import NA, Frame, Sizes, days

PIECE = 100_000
ORIGINS = (
    "CN",
    "HK",
    "GB",
    "DE",
    "CA",
    "JP",
    "KR",
    "VN",
    "IN",
    "MX",
    "TR",
    "TW",
    "FR",
    "IT",
    "TH",
    "MY",
)
ORIGIN_P = np.array([40, 14, 6, 6, 6, 4, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1], dtype=float)
ORIGIN_P /= ORIGIN_P.sum()
ITEMS = (
    ("WIRELESS EARBUDS", "8518300000"),
    ("MENS ATHLETIC SHOES", "6404110000"),
    ("WOMENS HANDBAG", "4202221500"),
    ("WRISTWATCH", "9102110000"),
    ("COTTON T-SHIRTS", "6109100012"),
    ("PHONE ACCESSORIES", "3926909985"),
    ("COSMETICS", "3304990000"),
    ("TOY BUILDING BLOCKS", "9503000073"),
    ("AUTO PARTS", "8708999900"),
    ("LAPTOP BATTERY", "8507600020"),
    ("SUNGLASSES", "9004100000"),
    ("JEWELRY SET", "7117190000"),
)
CN_HK_DM_END = dt.date(2025, 5, 2)  # EO 14256: no de minimis for China and Hong Kong
ALL_DM_END = dt.date(2025, 8, 29)  # EO 14324: de minimis suspended for all countries
COLUMNS = (
    "waybill",
    "operator_id",
    "arrival_date",
    "origin_country",
    "value_usd",
    "shipper_name",
    "shipper_address",
    "consignee_name",
    "consignee_address",
    "ior_number",
    "description",
    "hts",
    "entry_kind",
    "broker_filer_code",
    "platform_id",
    "inspected",
    "finding",
)


def write_express(
    path: Any,
    operators: list[str],
    platforms: list[str],
    brokers: list[str],
    iors: np.ndarray,
    ior_p: np.ndarray,
    excluded: list[dict[str, str]],
    sizes: Sizes,
    frame: Frame,
    seed: int,
    chunk_rows: int,
    progress: Any,
) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    """Returns rows written, seized shipments, and the truth links to excluded persons."""
    writer = ChunkWriter(path, COLUMNS)
    op_w = np.arange(1, len(operators) + 1, dtype=float) ** -1.2
    op_w /= op_w.sum()
    alloc = stream(seed, "express-alloc").multinomial(sizes.express, op_w)
    lo, hi = days(frame.history_start), days(frame.end) + 1
    lo = days(frame.start)
    bad_pool = [
        str(nm.firm(stream(seed, "express-bad", i), chinese=True))
        for i in range(max(10, int(40 * (sizes.express / 80_000) ** 0.5)))
    ]
    seized: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for k, op in enumerate(operators):
        remaining, piece = int(alloc[k]), 0
        while remaining > 0:
            n = min(PIECE, remaining)
            rng = stream(seed, "express", k, piece)
            table, hits, found = _shipments(
                n, k, op, piece, lo, hi, platforms, brokers, iors, ior_p, excluded, bad_pool, rng
            )
            seized.extend(hits)
            links.extend(found)
            remaining -= n
            piece += 1
            if writer.add(table, chunk_rows) and progress:
                progress("express_shipments", writer.rows)
    return writer.close(), seized, links


def _shipments(
    n: int,
    k: int,
    op: str,
    piece: int,
    lo: int,
    hi: int,
    platforms: list[str],
    brokers: list[str],
    iors: np.ndarray,
    ior_p: np.ndarray,
    excluded: list[dict[str, str]],
    bad_pool: list[str],
    rng: np.random.Generator,
) -> tuple[pa.Table, list[dict[str, Any]], list[dict[str, Any]]]:
    base = (k + 1) * 10**10 + piece * PIECE
    waybill = (base + np.arange(n)).astype(str)
    day = rng.integers(lo, hi, n)
    origin = np.asarray(ORIGINS, dtype=object)[rng.choice(len(ORIGINS), size=n, p=ORIGIN_P)]
    value = np.round(rng.lognormal(np.log(45), 1.3, n), 2)
    item = rng.integers(0, len(ITEMS), n)
    desc = np.asarray([d for d, _ in ITEMS], dtype=object)[item]
    hts = np.asarray([h for _, h in ITEMS], dtype=object)[item]
    dm_open = np.where(
        np.isin(origin, ("CN", "HK")), day < days(CN_HK_DM_END), day < days(ALL_DM_END)
    )
    low = value <= 800
    kind = np.where(
        dm_open & low,
        np.where(rng.random(n) < 0.8, "SECTION_321", "TYPE_86"),
        np.where(value <= 2500, "INFORMAL", "FORMAL"),
    )
    formalish = kind != "SECTION_321"
    broker = np.where(
        formalish, np.asarray(brokers, dtype=object)[rng.integers(0, len(brokers), n)], NA
    )
    ior = np.where(
        (kind == "INFORMAL") | (kind == "FORMAL") | (rng.random(n) < 0.05),
        iors[rng.choice(len(iors), size=n, p=ior_p)],
        NA,
    )
    plat = np.where(
        rng.random(n) < 0.55,
        np.asarray(platforms, dtype=object)[np.minimum(rng.zipf(1.6, n) - 1, len(platforms) - 1)],
        NA,
    )
    shipper = np.asarray(
        [str(nm.firm(rng, chinese=True)) for _ in range(min(n, 500))], dtype=object
    )[rng.integers(0, min(n, 500), n)]
    bad = rng.random(n) < 0.012
    shipper = np.where(bad & (rng.random(n) < 0.6), nm.choose(rng, bad_pool, n), shipper)
    s_addr = pc.binary_join_element_wise(
        pc.binary_join_element_wise(
            pa.array(rng.integers(1, 999, n).astype(str)),
            pa.array(nm.choose(rng, nm.FOREIGN_STREETS, n)),
            " ",
        ),
        pa.array(origin),
        ", ",
    )
    consignee = pc.binary_join_element_wise(
        pa.array(nm.choose(rng, nm.FIRST, n)), pa.array(nm.choose(rng, nm.LAST, n)), " "
    )
    consignee = np.asarray(consignee.to_pylist(), dtype=object)
    pi = rng.integers(0, len(nm.US_PLACES), n)
    c_addr = pc.binary_join_element_wise(
        pc.binary_join_element_wise(
            pa.array(rng.integers(10, 9999, n).astype(str)),
            pa.array(nm.choose(rng, nm.STREETS, n)),
            " ",
        ),
        pa.array(np.asarray([p[0] for p in nm.US_PLACES], dtype=object)[pi]),
        pa.array(np.asarray([p[1] for p in nm.US_PLACES], dtype=object)[pi]),
        ", ",
    )
    links: list[dict[str, Any]] = []
    if excluded:
        tagged = np.flatnonzero(rng.random(n) < 0.002)
        for i in tagged.tolist():
            person = excluded[int(rng.integers(len(excluded)))]
            how = person["how"]
            if how == "IOR":
                ior[i] = person["ior_number"]
            elif how == "CONSIGNEE":
                consignee[i] = person["name"]
            else:
                shipper[i] = person["name"]
            links.append(
                {
                    "operator_id": op,
                    "waybill": waybill[i],
                    "sam_number": person["sam"],
                    "ior_number": person.get("ior_number", ""),
                    "link": how,
                    "name": person["name"],
                }
            )
    inspected = (rng.random(n) < 0.03) | (bad & (rng.random(n) < 0.35))
    u = rng.random(n)
    fkind = np.where(
        u < 0.75,
        "IPR",
        np.where(u < 0.85, "DRUGS", np.where(u < 0.93, "OTHER_CONTRABAND", "UNDERVALUATION")),
    )
    finding = np.where(inspected, np.where(bad, fkind, "NONE"), NA)
    table = pa.table(
        {
            "waybill": pa.array(waybill),
            "operator_id": pa.array(np.full(n, op, dtype=object)),
            "arrival_date": pa.array(day.astype("datetime64[D]"), type=pa.date32()),
            "origin_country": pa.array(origin),
            "value_usd": pa.array(value),
            "shipper_name": pa.array(shipper),
            "shipper_address": s_addr,
            "consignee_name": pa.array(consignee),
            "consignee_address": c_addr,
            "ior_number": pa.array(ior, type=pa.string()),
            "description": pa.array(desc),
            "hts": pa.array(hts),
            "entry_kind": pa.array(kind),
            "broker_filer_code": pa.array(broker, type=pa.string()),
            "platform_id": pa.array(plat, type=pa.string()),
            "inspected": pa.array(inspected),
            "finding": pa.array(finding, type=pa.string()),
        }
    )
    hit = np.flatnonzero(inspected & bad & (fkind != "UNDERVALUATION"))
    hits = [
        {
            "operator_id": op,
            "waybill": str(waybill[i]),
            "country": str(origin[i]),
            "day": int(day[i]),
            "finding": str(fkind[i]),
            "shipper": str(shipper[i]),
            "value": float(value[i]),
            "ior": ior[i],
            "desc": str(desc[i]),
        }
        for i in hit.tolist()
    ]
    return table, hits, links
