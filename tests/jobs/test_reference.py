"""Each job gives what the capability's own code gives on the same world (DuckDB engine)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from tradeguard.domain.calendar import Quarter
from tradeguard.jobs import DuckDBEngine, JobOptions, plan_job
from tradeguard.jobs.relink import MAX_BLOCK
from tradeguard.jobs.seizures import CELL_COLUMNS
from tradeguard.parties.index import ScreeningIndex
from tradeguard.parties.linkage import Linker
from tradeguard.parties.policy import parties_policy
from tradeguard.parties.records import read_party_csv
from tradeguard.parties.screenlist import list_from_extract
from tradeguard.policy import load_policy
from tradeguard.posts.aggregate import quarterly_inputs
from tradeguard.posts.params import posts_policy
from tradeguard.seizures.microdata import prepare
from tradeguard.seizures.params import seizures_policy
from tradeguard.seizures.publish import table_specs
from tradeguard.seizures.tables import ALL_DIMS, cell_frame
from tradeguard.targeting.model import TargetingModel, score

from .conftest import POLICY_DAY, SCORE_FROM, SCREEN_DAY


def test_posts_inputs_equal_quarterly_inputs_on_the_csv(
    world: Path, parquet_root: Path, job_options: dict[str, JobOptions]
) -> None:
    ours = DuckDBEngine().collect(
        plan_job("posts-inputs", parquet_root, job_options["posts-inputs"])
    )
    theirs = quarterly_inputs(
        str(world / "data" / "mail_items.csv"), posts_policy(load_policy(), POLICY_DAY)
    )
    pd.testing.assert_frame_equal(ours[list(theirs.columns)], theirs, check_dtype=False)


def _release_cells(world: Path, quarter: Quarter) -> pd.DataFrame:
    policy = seizures_policy(load_policy(), POLICY_DAY)
    raw = pd.read_csv(world / "data" / "seizures.csv", dtype=str, keep_default_na=False)
    events = prepare(raw, policy)
    scope = events[
        events["environment"].isin(policy.environments) & events["violation_group"].notna()
    ].copy()
    scope["quarter"] = [str(Quarter.of(d)) for d in scope["seized_on"].dt.date]
    for col, src in (("seizures", None), ("repeat_seizures", "repeat"), ("repeat_index", "weight")):
        scope[col] = 1.0 if src is None else scope[src].astype(float)
    scope = scope.rename(columns={"carrier_id": "carrier"})
    specs = table_specs(events, quarter.year, policy)
    ytd = tuple(str(Quarter(quarter.year, n)) for n in range(1, quarter.number + 1))
    parts = []
    for name in ("T2", "T3", "T5M", "T5E"):
        spec = specs[name]
        rows = scope.copy()
        rows["origin"] = rows["origin_country"].where(
            rows["origin_country"].isin(spec.levels.get("origin", ())), "All other"
        )
        if "carrier" in spec.levels:
            rows["carrier"] = rows["carrier"].where(
                rows["carrier"].isin(spec.levels["carrier"]), "All other"
            )
        for label, tokens in (
            (str(quarter), (str(quarter),)),
            (f"FY{quarter.year} to Q{quarter.number}", ytd),
        ):
            mine = rows[rows["quarter"].isin(tokens)]
            parts.append(cell_frame(mine, spec, label, tokens, n_top=policy.dominance_n))
    cells = pd.concat(parts, ignore_index=True)
    return cells[cells["contributors"] > 0][list(CELL_COLUMNS)]


def test_seizure_cells_equal_the_publication_tables(
    world: Path, parquet_root: Path, job_options: dict[str, JobOptions]
) -> None:
    options = job_options["seizure-cells"]
    ours = DuckDBEngine().collect(plan_job("seizure-cells", parquet_root, options))
    theirs = _release_cells(world, Quarter.parse(str(options.quarter)))
    keys = ["table", "period", *ALL_DIMS]
    ours = ours.sort_values(keys).reset_index(drop=True)
    theirs = theirs.sort_values(keys).reset_index(drop=True)
    assert len(ours) > 20
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, rtol=1e-9)


def test_screening_candidates_equal_the_screener_prefilter(
    world: Path, parquet_root: Path, job_options: dict[str, JobOptions]
) -> None:
    ours = DuckDBEngine().collect(
        plan_job("screen-parties", parquet_root, job_options["screen-parties"])
    )
    policy = parties_policy(on=POLICY_DAY)
    index = ScreeningIndex(list_from_extract(next((world / "data").glob("SAM*.csv"))), policy)
    ship = pd.read_csv(world / "data" / "express_shipments.csv", dtype=str, keep_default_na=False)
    ship = ship[ship["arrival_date"] == SCREEN_DAY.isoformat()]
    ids, norms = [], []
    for row in ship.itertuples():
        for role in ("shipper", "consignee"):
            name = str(getattr(row, f"{role}_name"))
            if name.strip():
                ids.append(f"{row.operator_id}:{row.waybill}:{role}")
                norms.append(index.normalizer(name))
    pairs = index.candidates(norms)
    ratio = process.cpdist(
        [norms[q].sorted_text for q, _ in pairs],
        [index.names[n].norm.sorted_text for _, n in pairs],
        scorer=fuzz.token_sort_ratio,
    )
    theirs = {
        (ids[q], n)
        for (q, n), r in zip(pairs, ratio, strict=True)
        if r >= policy.prefilter_name * 100
    }
    assert theirs, "the screening day should give candidates"
    assert set(zip(ours["party_id"], ours["nid"], strict=True)) == theirs


def test_relink_pairs_equal_the_linker_blocks(
    world: Path, parquet_root: Path, job_options: dict[str, JobOptions]
) -> None:
    ours = DuckDBEngine().collect(
        plan_job("relink-registry", parquet_root, job_options["relink-registry"])
    )
    parties = read_party_csv(world / "data" / "importers.csv")
    linker = Linker(parties_policy(on=POLICY_DAY), max_block=MAX_BLOCK)
    theirs = {
        frozenset((parties[i].party_id, parties[j].party_id))
        for i, j in linker.candidate_pairs(parties)
    }
    assert {frozenset(p) for p in zip(ours["left_id"], ours["right_id"], strict=True)} == theirs
    assert (ours["key_weight"] > 0).all()


def test_scores_equal_the_model_score(
    declarations: pd.DataFrame,
    parquet_root: Path,
    model_path: Path,
    job_options: dict[str, JobOptions],
) -> None:
    ours = DuckDBEngine().collect(
        plan_job("score-declarations", parquet_root, job_options["score-declarations"])
    )
    cut = pd.Timestamp(SCORE_FROM)
    history = declarations[declarations["date"] < cut].reset_index(drop=True)
    new = declarations[declarations["date"] >= cut].reset_index(drop=True)
    p = score(TargetingModel.load(model_path), history, new)
    theirs = pd.DataFrame({"decl_id": new["decl_id"].astype(str), "p": p})
    theirs = theirs.sort_values("decl_id").reset_index(drop=True)
    assert list(ours["decl_id"]) == list(theirs["decl_id"])
    np.testing.assert_allclose(ours["p"].to_numpy(), theirs["p"].to_numpy(), rtol=1e-12)
