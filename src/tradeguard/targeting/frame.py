"""Raw rows to the canonical declarations frame the engine works on (pure).

Canonical columns: ``decl_id``, ``date`` (day), the key roles present (strings, missing as
NA), ``value``, ``mass``, ``duty_rate_pct``, ``revenue`` (floats), ``at_stake`` (revenue at
stake if the declaration is found wrong), ``label`` (1 finding, 0 clean, NA not inspected), and
one ``cat:<name>`` column per extra categorical column of the mapping.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeguard.errors import FieldError, InvalidInput
from tradeguard.targeting.mapping import (
    KEY_ROLES,
    NUMERIC_ROLES,
    ColumnMapping,
    LabelSpec,
    resolve_columns,
)

__all__ = ["MAX_ERRORS", "canonical_frame", "labelled"]

MAX_ERRORS = 20
NA_TEXT = ("", "nan", "NaN", "None", "NULL", "null", "NA")


def _text(raw: pd.DataFrame, cols: tuple[str, ...]) -> pd.Series:
    out = raw[cols[0]].astype("string").str.strip()
    for col in cols[1:]:
        out = out + ":" + raw[col].astype("string").str.strip()
    return out.mask(out.isin(NA_TEXT))


def _bad_rows(bad: pd.Series, raw: pd.DataFrame, col: str, reason: str,
              source: str) -> list[FieldError]:
    rows = np.flatnonzero(bad.to_numpy())[:MAX_ERRORS]
    return [FieldError(col, reason, line=int(i) + 2, source=source,
                       value=str(raw[col].iloc[int(i)])) for i in rows]


def _dates(raw: pd.DataFrame, col: str, source: str, errors: list[FieldError]) -> pd.Series:
    text = raw[col].astype("string").str.strip()
    days = pd.to_datetime(text, errors="coerce", format="ISO8601")
    errors.extend(_bad_rows(days.isna(), raw, col, "not a date (YYYY-MM-DD)", source))
    return days.dt.tz_localize(None).dt.normalize() if days.dt.tz else days.dt.normalize()


def _number(raw: pd.DataFrame, col: str, source: str, errors: list[FieldError]) -> pd.Series:
    text = raw[col].astype("string").str.strip()
    values = pd.to_numeric(text.mask(text.isin(NA_TEXT)), errors="coerce")
    bad = values.isna() & ~text.isin(NA_TEXT) & text.notna()
    errors.extend(_bad_rows(bad, raw, col, "not a number", source))
    return values.astype("float64")


def _label(raw: pd.DataFrame, spec: LabelSpec) -> pd.Series:
    text = _text(raw, (spec.column,))
    if spec.positive:
        flag = text.isin(spec.positive).astype("float64")
        flag = flag.mask(~text.isin(spec.positive) & ~text.isin(spec.negative))
    else:
        flag = (~text.isin(spec.negative)).astype("float64")
    return flag.mask(text.isna()).astype("float64")


def _at_stake(frame: pd.DataFrame) -> pd.Series:
    if "revenue" in frame:
        return frame["revenue"].fillna(0.0)
    if "value" in frame and "duty_rate_pct" in frame:
        return (frame["value"] * frame["duty_rate_pct"].fillna(0.0) / 100.0).fillna(0.0)
    if "value" in frame:
        return frame["value"].fillna(0.0)
    return pd.Series(1.0, index=frame.index)


def canonical_frame(raw: pd.DataFrame, mapping: ColumnMapping,
                    source: str = "<data>") -> pd.DataFrame:
    """The canonical frame of one source table; bad dates or numbers raise with line and field.

    >>> from tradeguard.targeting.mapping import parse_mapping
    >>> m = parse_mapping({"columns": {"id": "n", "date": "d"}, "label": "y"})
    >>> canonical_frame(pd.DataFrame({"n": ["1"], "d": ["2021-01-04"], "y": ["1"]}), m).label[0]
    np.float64(1.0)
    """
    cols = resolve_columns(mapping, list(raw.columns))
    if mapping.label and mapping.label.column not in raw.columns:
        missing = FieldError(mapping.label.column, "not in the file", source=source)
        raise InvalidInput(f"{source}: the label column is missing", errors=[missing])
    errors: list[FieldError] = []
    out = pd.DataFrame(index=pd.RangeIndex(len(raw)))
    out["decl_id"] = _text(raw, cols["id"])
    out["date"] = _dates(raw, cols["date"][0], source, errors)
    for role in KEY_ROLES:
        if role in cols:
            out[role] = _text(raw, cols[role])
    for role in NUMERIC_ROLES:
        if role in cols:
            out[role] = _number(raw, cols[role][0], source, errors)
    if errors:
        raise InvalidInput(f"{source}: {len(errors)}+ bad value(s)", errors=errors[:MAX_ERRORS])
    out["at_stake"] = _at_stake(out)
    out["label"] = _label(raw, mapping.label) if mapping.label else np.nan
    for name in mapping.categorical:
        out[f"cat:{name}"] = _text(raw, (name,))
    if "product" in out:
        out["product"] = out["product"].str.replace(".", "", regex=False)
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Only the inspected rows (those with a label)."""
    return frame[frame["label"].notna()].reset_index(drop=True)
