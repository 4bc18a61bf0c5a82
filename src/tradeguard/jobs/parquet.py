"""The world's CSV files (``docs/file-shapes.md``) as Parquet datasets partitioned by day or
quarter, the inputs of the batch jobs.

CSV files are converted by DuckDB (streamed, so a file larger than memory converts), typed by
column name (dates, timestamps, amounts, flags) and written as hive partitions
(``mail_items/quarter=FY2026Q1/...``). Three datasets are derived with the capabilities'
own public functions, because they need their logic rather than a cast:

* ``seizure_events`` (by quarter): :func:`tradeguard.seizures.microdata.prepare` (offender
  entities by connected components of shared identifiers, repeat flags, index weights);
* ``list_names`` / ``list_tokens``: the screening list's names normalised by
  :class:`tradeguard.parties.normalize.NameNormalizer`, one row per token;
* ``declarations`` (by day): the canonical declarations frame of the targeting capability.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from tradeguard.errors import NotFound
from tradeguard.jobs.plan import lit
from tradeguard.parties.normalize import NameNormalizer
from tradeguard.parties.policy import parties_policy
from tradeguard.parties.screenlist import ScreeningList, list_from_extract
from tradeguard.policy import load_policy
from tradeguard.seizures.microdata import prepare
from tradeguard.seizures.params import seizures_policy
from tradeguard.targeting.mapping import MAPPINGS_DIR
from tradeguard.targeting.service import read_declarations

__all__ = ["DATASETS", "fiscal_quarter_sql", "list_frames", "world_to_parquet"]

#: Dataset name -> (source file, partition column or None).
DATASETS: dict[str, tuple[str, str | None]] = {
    "mail_items": ("mail_items.csv", "quarter"),
    "express_shipments": ("express_shipments.csv", "day"),
    "importers": ("importers.csv", None),
    "seizures": ("seizures.csv", "quarter"),
}
_DATE_COLUMNS = frozenset({"arrival_date", "seized_on", "created_on", "formed_on"})
_FLAG_COLUMNS = frozenset({"sampled", "inspected", "resident", "upu_member"})
_NUMBER_COLUMNS = frozenset({"weight_kg", "quantity", "lines"})
_TEXT_ONLY = frozenset({"importers"})  # registries stay text: identifiers keep their zeros
_DATE_OF = {
    "mail_items": "arrival_date",
    "express_shipments": "arrival_date",
    "seizures": "seized_on",
}


def fiscal_quarter_sql(day: str) -> str:
    """SQL for the fiscal quarter label (``FY2026Q1``) of a DATE expression."""
    year = f"(year({day}) + CASE WHEN month({day}) >= 10 THEN 1 ELSE 0 END)"
    number = f"(((month({day}) + 2) % 12) // 3 + 1)"
    return f"'FY' || CAST({year} AS VARCHAR) || 'Q' || CAST({number} AS VARCHAR)"


def _typed(col: str) -> str:
    raw = f"NULLIF(TRIM(\"{col}\"), '')"
    if col in _FLAG_COLUMNS:
        return f'TRY_CAST({raw} AS BOOLEAN) AS "{col}"'
    if col in _DATE_COLUMNS:
        return f'TRY_CAST({raw} AS DATE) AS "{col}"'
    if col.endswith("_at"):
        return f'TRY_CAST({raw} AS TIMESTAMPTZ) AS "{col}"'
    if col.endswith("_usd") or col in _NUMBER_COLUMNS:
        return f'TRY_CAST({raw} AS DOUBLE) AS "{col}"'
    return f'"{col}"'


def _convert_csv(con: duckdb.DuckDBPyConnection, kind: str, src: Path, out: Path) -> Path:
    reader = f"read_csv({lit(str(src))}, header = true, all_varchar = true)"
    cols = [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
    select = ", ".join(f'"{c}"' if kind in _TEXT_ONLY else _typed(c) for c in cols)
    part = DATASETS[kind][1]
    target = out / kind
    if part is None:
        target.mkdir(parents=True, exist_ok=True)
        query = f"SELECT {select} FROM {reader}"
        con.execute(f"COPY ({query}) TO {lit(str(target / 'part-0.parquet'))} (FORMAT PARQUET)")
        return target
    day = f"TRY_CAST(NULLIF(TRIM(\"{_DATE_OF[kind]}\"), '') AS DATE)"
    key = fiscal_quarter_sql(day) if part == "quarter" else f"CAST({day} AS VARCHAR)"
    query = f"SELECT {select}, COALESCE({key}, 'unknown') AS {part} FROM {reader}"
    con.execute(
        f"COPY ({query}) TO {lit(str(target))} "
        f"(FORMAT PARQUET, PARTITION_BY ({part}), OVERWRITE_OR_IGNORE true)"
    )
    return target


def list_frames(
    screening_list: ScreeningList, normalizer: NameNormalizer
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The list's names (``nid, sam_number, kind, is_alias, sorted_text``) and their tokens
    (``nid, pos, tok``, positions from 1), numbered as the screening index numbers them."""
    names: list[dict[str, object]] = []
    tokens: list[tuple[int, int, str]] = []
    for entry in screening_list.entries.values():
        for i, text in enumerate(entry.names):
            norm = normalizer(text)
            if not norm.tokens:
                continue
            nid = len(names)
            names.append(
                {
                    "nid": nid,
                    "sam_number": entry.sam_number,
                    "kind": entry.kind,
                    "is_alias": i > 0,
                    "sorted_text": norm.sorted_text,
                }
            )
            tokens.extend((nid, pos, tok) for pos, tok in enumerate(norm.tokens, start=1))
    name_frame = pd.DataFrame(
        names, columns=["nid", "sam_number", "kind", "is_alias", "sorted_text"]
    )
    token_frame = pd.DataFrame(tokens, columns=["nid", "pos", "tok"])
    return (
        name_frame.astype({"nid": "int64"}),
        token_frame.astype({"nid": "int64", "pos": "int64"}),
    )


def _write(frame: pd.DataFrame, target: Path, partition: str | None = None) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if partition is None:
        pq.write_table(table, target / "part-0.parquet")
    else:
        pq.write_to_dataset(
            table,
            target,
            partition_cols=[partition],
            basename_template="part-{i}.parquet",
            existing_data_behavior="delete_matching",
        )
    return target


def _seizure_events(data: Path, out: Path, on: dt.date) -> Path:
    frame = pd.read_csv(data / "seizures.csv", dtype=str, keep_default_na=False)
    events = prepare(frame, seizures_policy(load_policy(), on))
    events["seized_on"] = events["seized_on"].dt.date
    day = pd.to_datetime(events["seized_on"])
    fy = day.dt.year + (day.dt.month >= 10).astype(int)
    events["quarter"] = "FY" + fy.astype(str) + "Q" + ((day.dt.month + 2) % 12 // 3 + 1).astype(str)
    keep = events.drop(columns=["has_pti", "safety"]).astype(
        {c: "object" for c in events.columns if str(events[c].dtype) == "string"}
    )
    return _write(keep, out / "seizure_events", "quarter")


def _declarations(data: Path, out: Path) -> Path:
    frame = read_declarations(
        [data / "express_shipments.csv"], MAPPINGS_DIR / "express_shipments.yaml"
    )[0]
    frame = frame.rename(columns={c: c.replace("cat:", "cat_") for c in frame.columns})
    frame["day"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame["date"] = frame["date"].dt.date
    frame = frame.astype({c: "object" for c in frame.columns if str(frame[c].dtype) == "string"})
    return _write(frame, out / "declarations", "day")


def _sam_extract(data: Path) -> Path:
    found = sorted(data.glob("SAM_Exclusions_Public_V2_Extract_*.csv")) + sorted(
        data.glob("sam_exclusions*.csv")
    )
    if not found:
        raise NotFound(f"no SAM exclusions extract in {data}")
    return found[-1]


def world_to_parquet(world: Path, out: Path, *, on: dt.date | None = None) -> dict[str, Path]:
    """Convert a world (its folder or its ``data/`` folder) to the jobs' Parquet datasets.

    ``on`` is the day whose policy classifies seizures and normalises names (default: the
    extract's day, else today). Returns the dataset folders by name. Example::

        world_to_parquet(Path("var/world"), Path("var/parquet"))
    """
    data = world / "data" if (world / "data").is_dir() else world
    if not (data / "mail_items.csv").exists():
        raise NotFound(f"no world at {world} (mail_items.csv missing)")
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        for kind, (name, _part) in DATASETS.items():
            if (data / name).exists():
                written[kind] = _convert_csv(con, kind, data / name, out)
    finally:
        con.close()
    screening_list = list_from_extract(_sam_extract(data))
    day = on or screening_list.as_of or dt.date.today()
    names, tokens = list_frames(screening_list, NameNormalizer(parties_policy(on=day)))
    written["list_names"] = _write(names, out / "list_names")
    written["list_tokens"] = _write(tokens, out / "list_tokens")
    if (data / "seizures.csv").exists():
        written["seizure_events"] = _seizure_events(data, out, day)
    if (data / "express_shipments.csv").exists():
        written["declarations"] = _declarations(data, out)
    return written
