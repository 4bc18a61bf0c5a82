"""The synthetic world: every file of docs/file-shapes.md, and the ground truth beside it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tradeguard.synth import adcvd, express, mail, orders, parties, seizures
from tradeguard.synth._io import write_csv, write_quoted_csv
from tradeguard.synth._rand import stream
from tradeguard.synth.config import Frame, Sizes, date_of, days
from tradeguard.synth.truth import README as TRUTH_README

Progress = Callable[[str, int], None]

SAM_HEADER = (
    "Classification",
    "Name",
    "Prefix",
    "First",
    "Middle",
    "Last",
    "Suffix",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "City",
    "State / Province",
    "Country",
    "Zip Code",
    "Open Data Flag",
    "Blank (Deprecated)",
    "Unique Entity ID",
    "Exclusion Program",
    "Excluding Agency",
    "CT Code",
    "Exclusion Type",
    "Additional Comments",
    "Active Date",
    "Termination Date",
    "Record Status",
    "Cross-Reference",
    "SAM Number",
    "CAGE",
    "NPI",
    "Creation_Date",
)
CHUNK_ROWS = 200_000


@dataclass
class WorldSummary:
    """What :func:`generate_world` wrote: file paths and row counts per kind."""

    out_dir: Path
    seed: int
    scale: float
    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    truth: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def generate_world(
    out_dir: Path,
    *,
    seed: int = 7,
    scale: float = 1.0,
    start: dt.date = dt.date(2024, 10, 1),
    quarters: int = 8,
    progress: Progress | None = None,
) -> WorldSummary:
    """Write a synthetic world to ``out_dir/data`` and its ground truth to ``out_dir/truth``.

    The same seed and scale give byte-identical files.

    >>> summary = generate_world(Path("/tmp/world"), seed=7, scale=0.02)  # doctest: +SKIP
    >>> summary.rows["importers"]  # doctest: +SKIP
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if quarters < 1:
        raise ValueError("quarters must be at least 1")
    began = time.perf_counter()
    frame = Frame(start, quarters)
    sizes = Sizes.for_scale(scale)
    data, truth = Path(out_dir) / "data", Path(out_dir) / "truth"
    data.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    summary = WorldSummary(Path(out_dir), seed, scale)

    def put(kind: str, name: str, columns: dict[str, Any]) -> None:
        path = data / name
        summary.files[kind] = path
        summary.rows[kind] = write_csv(path, columns)
        if progress:
            progress(kind, summary.rows[kind])

    world = parties.build_parties(sizes, frame, stream(seed, "parties"))
    importers = world.importers
    put("facilitators", "facilitators.csv", _records(world.facilitators))

    sam_active = _sam_active(world)
    series = orders.build_rates(frame, stream(seed, "rates"))
    put("adcvd_orders", "adcvd_orders.csv", orders.order_rows())
    put("adcvd_rates", "adcvd_rates.csv", orders.rate_rows(series))
    ledger = adcvd.build_ledger(
        importers, series, world.brokers, sam_active, sizes, frame, stream(seed, "ledger")
    )
    put("importers", "importers.csv", _records([i.row() for i in importers]))
    put("entries", "entries.csv", ledger.entries)
    put("entry_lines", "entry_lines.csv", ledger.lines)
    put("liquidations", "liquidations.csv", ledger.liquidations)
    put("bills", "bills.csv", ledger.bills)
    put("payments", "payments.csv", ledger.payments)
    put("bonds", "bonds.csv", ledger.bonds)

    sam_name = (
        f"SAM_Exclusions_Public_V2_Extract_{frame.end:%y}{frame.end.timetuple().tm_yday:03d}.csv"
    )
    summary.files["sam_exclusions"] = data / sam_name
    summary.rows["sam_exclusions"] = write_quoted_csv(
        data / sam_name, SAM_HEADER, _sam_rows(world.sam)
    )
    if progress:
        progress("sam_exclusions", summary.rows["sam_exclusions"])

    posts = mail.build_posts(sizes, stream(seed, "posts"))
    paths = mail.latent_paths(posts, frame.quarters, stream(seed, "latent"))
    put("posts", "posts.csv", mail.post_rows(posts))
    _, escalated = mail.post_truth(posts, paths, np.zeros((len(posts), frame.quarters)), frame)
    iors = np.asarray([i.ior_number for i in importers], dtype=object)
    ior_p = np.asarray([i.weight for i in importers])
    ior_p = ior_p / ior_p.sum()
    summary.files["mail_items"] = data / "mail_items.csv"
    mail_rows, mail_hits, counts = mail.write_mail(
        data / "mail_items.csv",
        posts,
        paths,
        escalated,
        iors,
        sizes,
        frame,
        seed,
        CHUNK_ROWS,
        progress,
    )
    summary.rows["mail_items"] = mail_rows

    excluded = _excluded_for_express(world)
    summary.files["express_shipments"] = data / "express_shipments.csv"
    express_rows, express_hits, express_links = express.write_express(
        data / "express_shipments.csv",
        world.operators,
        world.platforms,
        world.brokers,
        iors,
        ior_p,
        excluded,
        sizes,
        frame,
        seed,
        CHUNK_ROWS,
        progress,
    )
    summary.rows["express_shipments"] = express_rows

    recs = seizures.build_recordations(sizes, stream(seed, "recordations"))
    put("recordations", "recordations.csv", recs)
    put(
        "seizures",
        "seizures.csv",
        seizures.build_seizures(
            mail_hits, express_hits, recs, importers, ior_p, sizes, frame, stream(seed, "seizures")
        ),
    )

    post_cols, _ = mail.post_truth(posts, paths, counts, frame)
    summary.truth = _write_truth(truth, world, ledger, post_cols, express_links, frame)
    summary.seconds = time.perf_counter() - began
    return summary


def _records(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {key: [r[key] for r in rows] for key in rows[0]} if rows else {}


def _sam_active(world: parties.Parties) -> dict[str, int]:
    """Active day of the exclusion behind each excluded firm's original IOR number."""
    active = {p.sam_number: days(p.active) for p in world.sam}
    return {
        link["ior_number"]: active[link["sam_number"]]
        for link in world.links
        if link["relation"] == "ORIGINAL"
    }


def _us_date(day: dt.date | None) -> str:
    return "Indefinite" if day is None else f"{day:%m/%d/%Y}"


def _sam_rows(people: list[parties.SamPerson]) -> list[list[str]]:
    rows: list[list[str]] = []
    ordered = sorted(people, key=lambda p: (p.name or f"{p.last} {p.first}", p.sam_number))
    for p in ordered:
        cross = f"(also {', '.join(p.cross_refs)})" if p.cross_refs else ""
        created = p.active + dt.timedelta(days=int(p.sam_number.encode()[-1] % 3))
        base = [
            p.classification,
            p.name,
            p.prefix,
            p.first,
            p.middle,
            p.last,
            p.suffix,
            p.street,
            "",
            "",
            "",
            p.city,
            p.state,
            p.country3,
            p.zip_code,
            "",
            "",
            p.uei,
            p.program,
            p.agency,
            p.ct_code,
            p.exclusion_type,
            p.comments,
            _us_date(p.active),
            _us_date(p.termination),
            "",
            cross,
            p.sam_number,
            p.cage,
            p.npi,
            created.isoformat(),
        ]
        rows.extend([base] * p.rows)
        if p.extra_agency:
            extra = list(base)
            extra[19], extra[22] = p.extra_agency, ""
            rows.append(extra)
    return rows


def _excluded_for_express(world: parties.Parties) -> list[dict[str, str]]:
    by_sam = {p.sam_number: p for p in world.sam}
    out: list[dict[str, str]] = []
    for link in world.links:
        if link["relation"] == "REESTABLISHED":
            out.append(
                {
                    "how": "IOR",
                    "ior_number": link["ior_number"],
                    "sam": link["sam_number"],
                    "name": by_sam[link["sam_number"]].display,
                }
            )
    for p in world.sam:
        if p.agency == "DHS-CBP":
            out.append(
                {
                    "how": "SHIPPER" if p.classification != "Individual" else "CONSIGNEE",
                    "sam": p.sam_number,
                    "name": p.display,
                }
            )
    return out


def _write_truth(
    folder: Path,
    world: parties.Parties,
    ledger: adcvd.Ledger,
    post_cols: dict[str, list[Any]],
    express_links: list[dict[str, Any]],
    frame: Frame,
) -> dict[str, Path]:
    imps = world.importers
    total_w = sum(i.weight for i in imps)

    def day_or_none(v: int) -> dt.date | None:
        return date_of(v) if v >= 0 else None

    importer_cols = {
        "ior_number": [i.ior_number for i in imps],
        "role": [i.role for i in imps],
        "behaviour": [adcvd.BEHAVIOURS[int(b)] for b in ledger.behaviour],
        "is_new": [i.is_new for i in imps],
        "resident": [i.resident for i in imps],
        "ctpat_tier": [i.ctpat_tier for i in imps],
        "adcvd_importer": [i.adcvd for i in imps],
        "default_on": [day_or_none(int(v)) for v in ledger.default_on],
        "vanished_on": [day_or_none(int(v)) for v in ledger.vanished_on],
        "uncollected_usd": np.round(ledger.uncollected, 2),
        "volume_share": [round(i.weight / total_w, 8) for i in imps],
    }
    owed = np.sort(ledger.uncollected)[::-1]
    total = float(owed.sum())
    open_bills = _open_bill_amounts(ledger)
    summary = {
        "metric": [
            "uncollected_usd",
            "debtors",
            "top20_share",
            "open_bills",
            "open_bill_median_usd",
            "open_bill_mean_usd",
            "as_of",
        ],
        "value": [
            f"{total:.2f}",
            str(int((owed > 0.005).sum())),
            f"{(owed[:20].sum() / total if total else 0):.4f}",
            str(len(open_bills)),
            f"{np.median(open_bills) if len(open_bills) else 0:.2f}",
            f"{open_bills.mean() if len(open_bills) else 0:.2f}",
            frame.end.isoformat(),
        ],
    }
    files: dict[str, tuple[str, Any]] = {
        "importers": ("importers.csv", importer_cols),
        "exclusion_links": ("exclusion_links.csv", _records(world.links)),
        "post_quarters": ("post_quarters.csv", post_cols),
        "express_links": (
            "express_links.csv",
            _records(express_links)
            or {
                k: []
                for k in ("operator_id", "waybill", "sam_number", "ior_number", "link", "name")
            },
        ),
        "debt_summary": ("debt_summary.csv", summary),
    }
    out: dict[str, Path] = {}
    for kind, (name, cols) in files.items():
        write_csv(folder / name, cols)
        out[kind] = folder / name
    (folder / "README.md").write_text(TRUTH_README, encoding="utf-8")
    out["readme"] = folder / "README.md"
    return out


def _open_bill_amounts(ledger: adcvd.Ledger) -> np.ndarray:
    bills, pays = ledger.bills, ledger.payments
    index = {b: k for k, b in enumerate(bills["bill_number"].tolist())}
    collected = np.zeros(len(index))
    for bill, amount, payer in zip(
        pays["bill_number"].tolist(),
        pays["amount_usd"].tolist(),
        pays["payer"].tolist(),
        strict=True,
    ):
        if payer != "WRITE_OFF":
            collected[index[bill]] += amount
    balance = np.asarray(bills["amount_usd"], dtype=float) - collected
    supp = np.asarray(bills["kind"]) == "SUPPLEMENTAL"
    open_balances: np.ndarray = balance[supp & (balance > 0.005)]
    return open_balances
