"""Per-importer aggregates the rules and the risk model share: the AD/CVD payment record (from
the bill ledger) and the import history (from entries, lines and liquidations), as of a day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tradeguard.revenue.frames import RevenueFrames, day

__all__ = ["import_history", "payment_record"]


def _worst(rows: pd.DataFrame, by: str, prefix: str) -> pd.DataFrame:
    """Per importer, the bill with the largest ``by`` among ``rows``: number, days, amount."""
    if rows.empty:
        return pd.DataFrame(columns=[f"{prefix}_bill", f"{prefix}_days", f"{prefix}_amount"])
    top = rows.sort_values([by, "bill_number"], ascending=[False, True], kind="stable")
    first = top.groupby("ior_number").head(1).set_index("ior_number")
    return pd.DataFrame(
        {
            f"{prefix}_bill": first["bill_number"],
            f"{prefix}_days": first[by],
            f"{prefix}_amount": first["amount_usd"],
            f"{prefix}_date": first["bill_date"],
        }
    )


def payment_record(ledger: pd.DataFrame) -> pd.DataFrame:
    """Per importer (index ``ior_number``), over its AD/CVD supplemental bills in ``ledger``
    (:func:`tradeguard.revenue.ledger.bill_ledger`): counts and dollars billed, collected,
    open, unpaid past delinquency, paid late, paid by the surety, written off; and the worst
    bill of each kind as evidence."""
    supp = ledger[ledger["kind"] == "SUPPLEMENTAL"]
    g = supp.groupby("ior_number")
    out = pd.DataFrame(
        {
            "bills_n": g.size(),
            "billed_usd": g["amount_usd"].sum(),
            "collected_usd": g["collected_usd"].sum(),
            "importer_paid_usd": g["paid_importer_usd"].sum(),
            "balance_usd": g["balance_usd"].sum(),
            "interest_usd": g["interest_usd"].sum(),
        }
    )
    unpaid = supp[supp["delinquent"]]
    late = supp[supp["paid_late"].fillna(False).astype(bool)]
    surety = supp[supp["paid_surety_usd"] > 0]
    written = supp[supp["written_off_usd"] > 0]
    parts = [
        ("unpaid", unpaid, "balance_usd"),
        ("late", late, "amount_usd"),
        ("surety", surety, "paid_surety_usd"),
        ("writeoff", written, "written_off_usd"),
    ]
    for name, rows, money in parts:
        grouped = rows.groupby("ior_number")
        out[f"{name}_n"] = grouped.size().reindex(out.index).fillna(0).astype(int)
        out[f"{name}_usd"] = grouped[money].sum().reindex(out.index).fillna(0.0)
    out = out.join(_worst(unpaid, "days_late", "unpaid"))
    out = out.join(_worst(late, "days_late", "late"))
    out = out.join(_worst(surety, "paid_surety_usd", "surety"))
    out = out.join(_worst(written, "written_off_usd", "writeoff"))
    protested = unpaid[unpaid["protest_pending"]].groupby("ior_number").size()
    out["protested_n"] = protested.reindex(out.index).fillna(0).astype(int)
    out["max_days_late"] = supp.groupby("ior_number")["days_late"].max().reindex(out.index)
    return out


def import_history(frames: RevenueFrames, on: dt.date, active_days: int) -> pd.DataFrame:
    """Per importer (index ``ior_number``): first and last entry, entries and value in the
    ``active_days`` to ``on`` and in the last 90 days, AD/CVD value and lines in the window,
    AD/CVD entries liquidated by ``on``, and the broker that filed most entries."""
    cut = day(on)
    start = cut - pd.Timedelta(days=active_days)
    recent = cut - pd.Timedelta(days=90)
    entries = frames.entries[frames.entries["entry_date"] <= cut]
    g = entries.groupby("ior_number")
    out = pd.DataFrame(
        {
            "first_entry": g["entry_date"].min(),
            "last_entry": g["entry_date"].max(),
            "entries_total": g.size(),
        }
    )
    in_window = entries[entries["entry_date"] > start]
    out["entries_window"] = in_window.groupby("ior_number").size().reindex(out.index).fillna(0)
    lines = frames.lines.merge(
        entries[["entry_number", "ior_number", "entry_date"]], on="entry_number"
    )
    lines = lines[lines["entry_date"] > start]
    ad = lines["case_number"].notna()
    value = lines.assign(
        value_ad=np.where(ad, lines["value_usd"], 0.0),
        value_recent=np.where(lines["entry_date"] > recent, lines["value_usd"], 0.0),
        ad_line=ad.astype(int),
    ).groupby("ior_number")
    out["value_window_usd"] = value["value_usd"].sum().reindex(out.index).fillna(0.0)
    out["adcvd_value_window_usd"] = value["value_ad"].sum().reindex(out.index).fillna(0.0)
    out["value_90d_usd"] = value["value_recent"].sum().reindex(out.index).fillna(0.0)
    out["adcvd_lines_window"] = value["ad_line"].sum().reindex(out.index).fillna(0).astype(int)
    ad_entries = frames.lines.loc[frames.lines["case_number"].notna(), "entry_number"].unique()
    liq = frames.liquidations[
        (frames.liquidations["liquidated_on"] <= cut)
        & frames.liquidations["entry_number"].isin(ad_entries)
    ].merge(entries[["entry_number", "ior_number"]], on="entry_number")
    liquidated = liq.groupby("ior_number").size()
    out["adcvd_liquidated_n"] = liquidated.reindex(out.index).fillna(0).astype(int)
    brokers = entries.dropna(subset=["broker_filer_code"])
    top = brokers.groupby(["ior_number", "broker_filer_code"]).size().rename("n").reset_index()
    top = top.sort_values(["n", "broker_filer_code"], ascending=[False, True], kind="stable")
    out["broker"] = top.groupby("ior_number").head(1).set_index("ior_number")["broker_filer_code"]
    return out
