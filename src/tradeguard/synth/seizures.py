"""Seizures (from mail and express findings, plus cargo) and IPR recordations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from tradeguard.synth import names as nm
from tradeguard.synth.config import (
    CARGO_PORTS,
    EXPRESS_PORTS,
    MAIL_PORTS,
    Frame,
    Sizes,
    date_of,
    days,
)

CATEGORIES = (  # CBP/OHSS IPR product categories (domain brief 7.1), with MSRP medians
    ("Wearing Apparel/Accessories", 22, 2_500),
    ("Watches/Jewelry", 14, 40_000),
    ("Handbags/Wallets", 15, 18_000),
    ("Consumer Electronics/Parts", 12, 6_000),
    ("Consumer Products", 10, 2_000),
    ("Pharmaceuticals/Personal Care", 8, 3_000),
    ("Footwear", 8, 5_000),
    ("Transportation/Parts", 3, 4_000),
    ("Optical Media", 2, 800),
    ("Labels/Tags", 2, 500),
    ("Toys", 4, 1_500),
)
PTI_FOR_CATEGORY = {
    "Wearing Apparel/Accessories": "TEXTILES_APPAREL",
    "Footwear": "TEXTILES_APPAREL",
    "Pharmaceuticals/Personal Care": "IMPORT_SAFETY",
    "Toys": "IMPORT_SAFETY",
}


def build_recordations(sizes: Sizes, rng: np.random.Generator) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "recordation_number",
            "kind",
            "owner_name",
            "registration_number",
            "effective_from",
            "expires_on",
            "contact_email",
            "sample_bond_on_file",
        )
    }
    used: set[str] = set()
    for i in range(sizes.recordations):
        tm = rng.random() < 0.8
        start = date_of(int(rng.integers(days(dt.date(2006, 1, 1)), days(dt.date(2026, 6, 1)))))
        while True:
            number = (
                f"{'TMK' if tm else 'COP'} {start.year % 100:02d}-{int(rng.integers(1, 99999)):05d}"
            )
            if number not in used:
                used.add(number)
                break
        form = nm.pick(rng, ("INC", "LLC", "AG", "SA", "KK"))
        owner = f"{nm.pick(rng, nm.WORDS)} {nm.pick(rng, nm.WORDS)} BRANDS {form}"
        cols["recordation_number"].append(number)
        cols["kind"].append("TRADEMARK" if tm else "COPYRIGHT")
        cols["owner_name"].append(owner)
        cols["registration_number"].append(
            f"{int(rng.integers(2_000_000, 7_500_000))}"
            if tm
            else f"{nm.pick(rng, ('VA', 'TX', 'PA'))}{int(rng.integers(10**9, 2 * 10**9)):010d}"
        )
        cols["effective_from"].append(start)
        cols["expires_on"].append(start + dt.timedelta(days=3652 if tm else 7305))
        stem = "".join(c for c in owner.split(" BRANDS")[0].lower() if c.isalpha())
        cols["contact_email"].append(f"ipr@{stem}.com" if rng.random() < 0.9 else None)
        cols["sample_bond_on_file"].append(bool(rng.random() < 0.3))
        del i
    return cols


def build_seizures(
    mail_hits: list[dict[str, Any]],
    express_hits: list[dict[str, Any]],
    recordations: dict[str, list[Any]],
    importers: list[Any],
    ior_p: np.ndarray,
    sizes: Sizes,
    frame: Frame,
    rng: np.random.Generator,
) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "case_number",
            "seized_on",
            "port",
            "environment",
            "violation",
            "origin_country",
            "category",
            "lines",
            "quantity",
            "msrp_usd",
            "domestic_value_usd",
            "pti_tags",
            "disposition",
            "ior_number",
            "shipper_name",
            "manufacturer_name",
            "post_code",
            "operator_id",
            "item_id",
            "waybill",
            "recordation_number",
        )
    }
    tmk = [
        r
        for r, k in zip(recordations["recordation_number"], recordations["kind"], strict=True)
        if k == "TRADEMARK"
    ]
    cop = [
        r
        for r, k in zip(recordations["recordation_number"], recordations["kind"], strict=True)
        if k == "COPYRIGHT"
    ]
    popular_t = np.arange(1, len(tmk) + 1, dtype=float) ** -1.1
    popular_t /= popular_t.sum()
    cat_w = np.array([w for _, w, _ in CATEGORIES], dtype=float)
    cat_w /= cat_w.sum()
    serial: dict[tuple[int, str], int] = {}
    end = days(frame.end)

    def add(env: str, violation: str, country: str, day: int, port: str, **parties: Any) -> None:
        seized_on = min(day + int(rng.integers(1, 25)), end)
        fy = date_of(seized_on).year + (date_of(seized_on).month >= 10)
        serial[(fy, port)] = serial.get((fy, port), 0) + 1
        ci = int(rng.choice(len(CATEGORIES), p=cat_w))
        category, _w, msrp_median = CATEGORIES[ci]
        if violation == "DRUGS":
            category, msrp_median = "Pharmaceuticals/Personal Care", 1_000
        elif violation not in ("IPR_TRADEMARK", "IPR_COPYRIGHT", "EXCLUSION_ORDER"):
            category, msrp_median = "Other", 1_500
        elif violation == "IPR_COPYRIGHT":
            category = nm.pick(rng, ("Optical Media", "Toys", "Consumer Products"))
        lines = 1 + int(min(rng.poisson(0.6), 12))
        msrp = round(float(rng.lognormal(np.log(msrp_median), 1.2)) * (1 + 0.5 * (lines - 1)), 2)
        if env == "CARGO":
            msrp = round(msrp * float(rng.uniform(5, 40)), 2)
        tags = []
        if violation.startswith("IPR") or violation == "EXCLUSION_ORDER":
            tags.append("IPR")
        if category in PTI_FOR_CATEGORY:
            tags.append(PTI_FOR_CATEGORY[category])
        if violation == "DRUGS":
            tags.append("IMPORT_SAFETY")
        if violation == "UNDERVALUATION":
            tags.append("REVENUE")
        if violation == "ORIGIN":
            tags.append("TRADE_AGREEMENTS")
        tags = list(dict.fromkeys(tags))
        age = end - seized_on
        u = rng.random()
        disposition = (
            "ABANDONED"
            if u < (0.25 if env == "EXPRESS" else 0.1)
            else "RELEASED"
            if u < 0.3 and violation in ("ORIGIN", "UNDERVALUATION")
            else "FORFEITED"
            if age > 120 and u < 0.75
            else "SEIZED"
        )
        rec = None
        if violation == "IPR_TRADEMARK" and tmk:
            rec = tmk[int(rng.choice(len(tmk), p=popular_t))]
        elif violation == "IPR_COPYRIGHT" and cop:
            rec = cop[int(rng.integers(len(cop)))]
        values = {
            "case_number": f"{fy}-{port}-{serial[(fy, port)]:06d}-01",
            "seized_on": date_of(seized_on),
            "port": port,
            "environment": env,
            "violation": violation,
            "origin_country": country,
            "category": category,
            "lines": lines,
            "quantity": float(int(rng.lognormal(2.5, 1.3)) + 1),
            "msrp_usd": msrp,
            "domestic_value_usd": round(msrp * float(rng.uniform(0.05, 0.3)), 2),
            "pti_tags": ";".join(tags) or None,
            "disposition": disposition,
            "recordation_number": rec,
        }
        for key in cols:
            cols[key].append(values.get(key, parties.get(key)))

    def ipr_or(finding: str) -> str:
        if finding == "IPR":
            return "IPR_TRADEMARK" if rng.random() < 0.9 else "IPR_COPYRIGHT"
        return finding

    for hit in mail_hits:
        add(
            "MAIL",
            ipr_or(hit["finding"]),
            hit["country"],
            hit["day"],
            nm.pick(rng, MAIL_PORTS),
            shipper_name=hit["shipper"],
            post_code=hit["post_code"],
            item_id=hit["item_id"],
            ior_number=hit["ior"],
        )
    for hit in express_hits:
        add(
            "EXPRESS",
            ipr_or(hit["finding"]),
            hit["country"],
            hit["day"],
            nm.pick(rng, EXPRESS_PORTS),
            shipper_name=hit["shipper"],
            operator_id=hit["operator_id"],
            waybill=hit["waybill"],
            ior_number=hit["ior"],
        )
    lo = days(frame.start)
    makers = [str(nm.firm(rng, chinese=True)) for _ in range(max(5, sizes.cargo_seizures // 8))]
    for _ in range(sizes.cargo_seizures):
        u = rng.random()
        violation = (
            "IPR_TRADEMARK"
            if u < 0.6
            else "IPR_COPYRIGHT"
            if u < 0.65
            else "EXCLUSION_ORDER"
            if u < 0.72
            else "ORIGIN"
            if u < 0.82
            else "UNDERVALUATION"
            if u < 0.9
            else "OTHER_CONTRABAND"
        )
        importer = importers[int(rng.choice(len(importers), p=ior_p))]
        maker = makers[min(int(rng.zipf(1.5)) - 1, len(makers) - 1)]
        add(
            "CARGO",
            violation,
            nm.pick(rng, ("CN", "CN", "CN", "HK", "VN", "TR", "IN")),
            int(rng.integers(lo, end)),
            nm.pick(rng, CARGO_PORTS),
            ior_number=importer.ior_number,
            manufacturer_name=maker,
        )
    order = sorted(
        range(len(cols["case_number"])),
        key=lambda i: (cols["seized_on"][i], cols["case_number"][i]),
    )
    return {k: [v[i] for i in order] for k, v in cols.items()}
