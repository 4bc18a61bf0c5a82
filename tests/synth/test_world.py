"""Determinism, valid identifiers, planted cases and truth consistency."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tradeguard.domain.identifiers import (
    parse_case_number,
    parse_country,
    parse_entry_number,
    parse_filer_code,
    parse_hts,
    parse_ior,
    parse_s10,
    parse_uei,
)
from tradeguard.synth import WorldSummary, generate_world
from tradeguard.synth.cli import app

TINY = 0.02


def frame(summary: WorldSummary, kind: str) -> pd.DataFrame:
    return pd.read_csv(summary.files[kind], dtype=str, keep_default_na=False)


def truth(summary: WorldSummary, kind: str) -> pd.DataFrame:
    return pd.read_csv(summary.truth[kind], dtype=str, keep_default_na=False)


def test_same_seed_same_bytes(tiny_world: WorldSummary, tmp_path: Path) -> None:
    again = generate_world(tmp_path / "again", seed=7, scale=TINY)
    for folder in ("data", "truth"):
        ours = sorted((tiny_world.out_dir / folder).iterdir())
        theirs = sorted((again.out_dir / folder).iterdir())
        assert [p.name for p in ours] == [p.name for p in theirs]
        for a, b in zip(ours, theirs, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_other_seed_other_world(tiny_world: WorldSummary, tmp_path: Path) -> None:
    other = generate_world(tmp_path / "other", seed=8, scale=TINY)
    for kind in ("importers", "entries", "mail_items", "express_shipments"):
        assert other.files[kind].read_bytes() != tiny_world.files[kind].read_bytes()


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_identifiers_valid_for_any_seed(seed: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        world = generate_world(Path(folder), seed=seed, scale=0.01)
        check_identifiers(world)


def check_identifiers(world: WorldSummary) -> None:
    importers = frame(world, "importers")
    for ior in importers.ior_number:
        assert parse_ior(ior).value == ior
    assert importers.ior_number.is_unique
    for kind in ("entries", "bills", "bonds"):
        assert set(frame(world, kind).ior_number) <= set(importers.ior_number)
    entries = frame(world, "entries")
    assert entries.entry_number.is_unique
    for number in entries.entry_number:
        assert parse_entry_number(number) == number
    lines = frame(world, "entry_lines")
    assert set(lines.entry_number) <= set(entries.entry_number)
    for code in lines.hts:
        parse_hts(code)
    for case in lines.case_number[lines.case_number != ""]:
        parse_case_number(case)
    for country in lines.country_of_origin:
        parse_country(country)
    for code in frame(world, "facilitators").filer_code:
        if code:
            parse_filer_code(code)
    mail = frame(world, "mail_items")
    posts = frame(world, "posts").set_index("post_code").country
    assert mail.item_id.is_unique
    for item, post in zip(mail.item_id, mail.post_code, strict=True):
        assert parse_s10(item) == item and item[-2:] == posts[post]
    with world.files["sam_exclusions"].open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Unique Entity ID"]:
                parse_uei(row["Unique Entity ID"])
            parse_country(row["Country"])
    bills = frame(world, "bills")
    assert set(frame(world, "payments").bill_number) <= set(bills.bill_number)


def test_tiny_world_identifiers(tiny_world: WorldSummary) -> None:
    check_identifiers(tiny_world)


def test_tiny_world_has_the_planted_cases(tiny_world: WorldSummary) -> None:
    importers = frame(tiny_world, "importers")
    assert 30 <= len(importers) <= 120
    links = truth(tiny_world, "exclusion_links")
    back = links[links.relation == "REESTABLISHED"]
    assert back.ior_number.nunique() >= 3
    assert (links[links.relation == "LOOKALIKE"].is_match == "false").all()
    ops = ";".join(back.transformations)
    for op in ("new_entity_after_exclusion", "shared_officer"):
        assert op in ops
    created = importers.set_index("ior_number").created_on
    with tiny_world.files["sam_exclusions"].open(encoding="utf-8", newline="") as handle:
        active = {
            r["SAM Number"]: dt.datetime.strptime(r["Active Date"], "%m/%d/%Y").date()
            for r in csv.DictReader(handle)
        }
    for sam, ior in zip(back.sam_number, back.ior_number, strict=True):
        assert dt.date.fromisoformat(created[ior]) > active[sam]
    posts = truth(tiny_world, "post_quarters")
    assert posts.post_code.nunique() >= 4 and posts.quarter.nunique() >= 4
    assert (posts.non_compliant == "true").any() and (posts.non_compliant == "false").any()
    behaviour = truth(tiny_world, "importers").behaviour
    assert {"GOOD", "VANISHER"} <= set(behaviour)


def test_truth_ids_exist_in_the_data(tiny_world: WorldSummary) -> None:
    iors = set(frame(tiny_world, "importers").ior_number)
    assert set(truth(tiny_world, "importers").ior_number) == iors
    links = truth(tiny_world, "exclusion_links")
    assert set(links.ior_number) <= iors
    with tiny_world.files["sam_exclusions"].open(encoding="utf-8", newline="") as handle:
        sams = {r["SAM Number"] for r in csv.DictReader(handle)}
    assert set(links.sam_number) <= sams
    posts = truth(tiny_world, "post_quarters")
    assert set(posts.post_code) == set(frame(tiny_world, "posts").post_code)
    express = frame(tiny_world, "express_shipments")
    pairs = set(zip(express.operator_id, express.waybill, strict=True))
    found = truth(tiny_world, "express_links")
    assert set(zip(found.operator_id, found.waybill, strict=True)) <= pairs
    items = set(frame(tiny_world, "mail_items").item_id)
    seizures = frame(tiny_world, "seizures")
    assert set(seizures.item_id[seizures.item_id != ""]) <= items
    assert set(seizures.waybill[seizures.waybill != ""]) <= set(express.waybill)
    assert seizures.case_number.is_unique
    recs = set(frame(tiny_world, "recordations").recordation_number)
    assert set(seizures.recordation_number[seizures.recordation_number != ""]) <= recs


def test_vanishers_stop_before_their_first_bill(tiny_world: WorldSummary) -> None:
    t = truth(tiny_world, "importers")
    gone = t[(t.behaviour == "VANISHER") & (t.vanished_on != "")]
    entries = frame(tiny_world, "entries")
    bills = frame(tiny_world, "bills")
    for ior, day in zip(gone.ior_number, gone.vanished_on, strict=True):
        assert (entries.entry_date[entries.ior_number == ior] <= day).all()
        assert (bills.bill_date[bills.ior_number == ior] > day).all()


def test_cli_writes_a_world(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--out", str(tmp_path / "w"), "--seed", "3", "--scale", "0.01"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w" / "data" / "importers.csv").exists()
    assert (tmp_path / "w" / "truth" / "README.md").exists()
