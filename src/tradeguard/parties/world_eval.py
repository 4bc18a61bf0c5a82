"""Re-establishment detection scored against a synthetic world's ground truth, and the same
linkage done by Splink (Fellegi-Sunter on DuckDB, trained by EM) in the same run.

Truth: ``truth/exclusion_links.csv`` rows with relation ``REESTABLISHED`` (every SAM Number of
the case against the importer that carries the business on). Both methods see the same
profiles (listed records plus the excluded firms' own importer records) and the same
importers, and both are held to 2 CFR 180.905(e): only importers formed after the exclusion
count as re-establishments.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from tradeguard.parties.evaluate import link_quality
from tradeguard.parties.linkage import Linker
from tradeguard.parties.policy import PartiesPolicy, parties_policy
from tradeguard.parties.records import Party, read_party_csv
from tradeguard.parties.reestablish import Case, find_reestablished
from tradeguard.parties.screen import Screener
from tradeguard.parties.screenlist import list_from_extract

__all__ = ["evaluate_world", "splink_reestablished"]


def _truth(world: Path) -> set[tuple[str, str]]:
    with (world / "truth" / "exclusion_links.csv").open(newline="") as handle:
        return {
            (r["sam_number"], r["ior_number"])
            for r in csv.DictReader(handle)
            if r["relation"] == "REESTABLISHED"
        }


def evaluate_world(world: Path, *, with_splink: bool = True) -> list[str]:
    """Lines reporting precision, recall and F1 of ours (and Splink's) on a world."""
    policy = parties_policy()
    extract = next((world / "data").glob("SAM_Exclusions_Public_*.csv"))
    importers = read_party_csv(world / "data" / "importers.csv")
    start = time.perf_counter()
    screener = Screener(list_from_extract(extract), policy)
    found, cases = find_reestablished(importers, screener, Linker(policy))
    ours_s = time.perf_counter() - start
    truth = _truth(world)
    pred = {(s, r.importer.party_id) for r in found for s in r.case.sam_numbers}
    lines = [
        f"world {world}: {len(importers)} importers, {len(cases)} CBP trade cases, "
        f"{len({i for _, i in truth})} planted re-established importers"
    ]
    lines.append(link_quality(pred, truth).line(f"ours (case, importer) pairs [{ours_s:.1f}s]"))
    lines.append(
        link_quality({(i, i) for _, i in pred}, {(i, i) for _, i in truth}).line("ours importers")
    )
    if with_splink:
        start = time.perf_counter()
        spl = splink_reestablished(cases, importers, policy)
        took = time.perf_counter() - start
        lines.append(link_quality(spl, truth).line(f"Splink (case, importer) pairs [{took:.1f}s]"))
        lines.append(
            link_quality({(i, i) for _, i in spl}, {(i, i) for _, i in truth}).line(
                "Splink importers"
            )
        )
    return lines


def _frame(parties: Sequence[Party], linker: Linker) -> list[dict[str, str | None]]:
    rows = []
    for p in parties:
        norm = linker.norm(p.name)
        officer = (
            linker._person(p.officers[0])
            if p.officers
            else (linker._person(p.name) if p.kind == "individual" else None)
        )
        domain = p.domain if p.domain not in linker.policy.free_mail_domains else None
        rows.append(
            {
                "unique_id": p.party_id,
                "name": norm.sorted_text or None,
                "name_first": norm.tokens[0] if norm.tokens else None,
                "officer": officer or None,
                "phone": p.phone_e164,
                "email_domain": domain,
                "street": p.address.street or None,
                "postal": p.address.postal or None,
            }
        )
    return rows


def splink_reestablished(
    cases: Sequence[Case], importers: Sequence[Party], policy: PartiesPolicy, threshold: float = 0.9
) -> set[tuple[str, str]]:
    """(SAM Number, IOR number) pairs that Splink links, under the same formed-after rule."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, SettingsCreator, block_on
    from splink import Linker as SplinkLinker

    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = Linker(policy)
    profiles = {p.party_id: c for c in cases for p in c.profile}
    left = pd.DataFrame(_frame([p for c in cases for p in c.profile], linker)).drop_duplicates(
        "unique_id"
    )
    right = pd.DataFrame(_frame(importers, linker))
    db = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]),
            cl.ExactMatch("officer"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("email_domain"),
            cl.ExactMatch("street"),
            cl.ExactMatch("postal"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("officer"),
            block_on("phone"),
            block_on("email_domain"),
            block_on("street"),
            block_on("name_first"),
        ],
    )
    model = SplinkLinker([db.register(left), db.register(right)], settings, log_level=None)
    model.training.estimate_u_using_random_sampling(max_pairs=200_000)
    for rule in ("name_first", "officer", "phone"):
        try:
            model.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
        except ValueError:  # too few pairs in a tiny world for EM on this block
            continue
    predicted = model.inference.predict(threshold_match_probability=threshold)
    scored = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    formed = {p.party_id: p.formed_on for p in importers}
    out: set[tuple[str, str]] = set()
    for a, b in zip(scored["unique_id_l"], scored["unique_id_r"], strict=True):
        pid, iid = (a, b) if a in profiles else (b, a)
        case = profiles.get(pid)
        day = formed.get(iid)
        if case is None or iid in case.originals or day is None or day <= case.excluded_on:
            continue
        out.update((s, iid) for s in case.sam_numbers)
    return out
