"""The publication as documents: report (HTML and PDF) with charts, and open data (CSV and
JSON) with a data dictionary. Everything here reads :meth:`Release.published` only, so no
withheld value, contributor count or entity key can reach a file.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from tradeguard.seizures import charts
from tradeguard.seizures.publish import Release
from tradeguard.seizures.tables import ALL_DIMS, TOTAL

__all__ = ["DICTIONARY", "repeat_view", "table_view", "write_publication"]

DICTIONARY: dict[str, tuple[str, str]] = {
    "table": ("text", "Release table: T2 origin x environment x violation (its margins are T1 "
              "and the repeat table T4a), T3 IPR category x environment, T5M/T5E foreign post or "
              "express operator x violation, T4M/T4E offenders by offences in the quarter"),
    "period": ("text", "FY2026Q2 = fiscal quarter; 'FY2026 to Q2' = fiscal year to date"),
    "environment": ("text", "MAIL (international mail) or EXPRESS (express consignment)"),
    "violation_group": ("text", "IPR, DRUGS, OTHER_CONTRABAND, ORIGIN (incorrect country of "
                        "origin), UNDERVALUATION"),
    "origin": ("text", "Origin economy (ISO 3166-1 alpha-2); the largest are named, the rest "
               "'All other'"),
    "category": ("text", "IPR product category (CBP taxonomy)"),
    "carrier": ("text", "Foreign post (UPU operator code) or express operator"),
    "offences": ("text", "Offences per offender in the quarter: 1, 2, 3-5, 6+"),
    "seizures": ("number", "Seizure events (shipments); T4: offences of the offenders"),
    "lines": ("number", "Seizure lines (one product type and brand per line)"),
    "msrp_usd": ("number", "Manufacturer's suggested retail price had the goods been genuine, USD"),
    "repeat_seizures": ("number", "Events whose offender had an earlier offence within 365 days"),
    "repeat_index": ("number", "Repeat-weighted index: sum of severity x gamma (gamma 2 for a "
                     "repeat offence on a priority trade issue, 1.5 for another repeat, 1 "
                     "otherwise)"),
    "offenders": ("number", "Distinct offenders (T4 tables)"),
    "flag": ("text", "D = withheld to avoid disclosing data of individual offenders"),
}


def table_view(published: pd.DataFrame, table: str, period: str) -> pd.DataFrame:
    """One table of one period as published, dimension columns first."""
    part = published[(published["table"] == table) & (published["period"] == period)]
    dims = [d for d in ALL_DIMS if (part[d] != "").any()]
    skip = (*ALL_DIMS, "table", "period", "flag")
    values = [c for c in part.columns
              if c == "seizures" or (c not in skip and part[c].notna().any())]
    return part[[*dims, *values, "flag"]].reset_index(drop=True)


def repeat_view(published: pd.DataFrame, period: str) -> pd.DataFrame:
    """T4a: repeat offences by environment and violation, highest repeat index first (the
    EO's "greatest consideration"); withheld cells last."""
    t2 = published[(published["table"] == "T2") & (published["period"] == period)
                   & (published["origin"] == TOTAL)]
    view = t2[["environment", "violation_group", "seizures", "repeat_seizures", "repeat_index",
               "flag"]].copy()
    view["repeat_share_pct"] = (100 * view["repeat_seizures"] / view["seizures"]).round(1)
    view = view.sort_values(["repeat_index", "environment", "violation_group"],
                            ascending=[False, True, True], na_position="last")
    return view.reset_index(drop=True)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = [("D" if np.isnan(v) else f"{v:,.0f}") for v in out[col]]
    return out


def _figures(release: Release) -> list[tuple[str, Figure]]:
    pub = release.published()
    q = str(release.quarter)
    t1 = pub[(pub["table"] == "T2") & (pub["period"] == q) & (pub["origin"] == TOTAL)
             & (pub["environment"] != TOTAL) & (pub["violation_group"] != TOTAL)]
    t3 = pub[(pub["table"] == "T3") & (pub["period"] == q) & (pub["environment"] != TOTAL)
             & (pub["category"] != TOTAL)]
    return [
        ("Repeat-weighted index", charts.bar_figure(
            t1, index="violation_group", columns="environment", value="repeat_index",
            title=f"Repeat-weighted index by violation, {q}", xlabel="index")),
        ("Seizures", charts.bar_figure(
            t1, index="violation_group", columns="environment", value="seizures",
            title=f"Seizures by violation and environment, {q}", xlabel="seizures")),
        ("IPR MSRP", charts.bar_figure(
            t3, index="category", columns="environment", value="msrp_usd",
            title=f"IPR seizures: MSRP by product category, {q}", xlabel="USD")),
    ]


def _html(release: Release, svgs: list[tuple[str, str]]) -> str:
    pub = release.published()
    q = str(release.quarter)
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Seizures {q}</title>"
             "<style>body{font-family:sans-serif;max-width:1000px;margin:auto}"
             "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;"
             "padding:2px 6px;text-align:right}</style></head><body>",
             f"<h1>Seizures in the mail and express environments, {html.escape(q)}</h1>",
             "<p>Published under EO 13904 s.6(a). Not official trade statistics. Cells marked D "
             "are withheld to protect individual offenders; margins include them. Policy "
             f"{html.escape(release.policy.version)}.</p>",
             "<h2>Repeat offences (greatest consideration)</h2>",
             _shown(repeat_view(pub, q)).to_html(index=False, escape=True)]
    for title, svg in svgs:
        parts.append(f"<h3>{html.escape(title)}</h3>{svg}")
    for name, spec in release.specs.items():
        for period in sorted(set(pub.loc[pub["table"] == name, "period"])):
            parts.append(f"<h2>{html.escape(name)}: {html.escape(spec.title)}, "
                         f"{html.escape(period)}</h2>")
            parts.append(_shown(table_view(pub, name, period)).to_html(index=False, escape=True))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_publication(release: Release, out: Path) -> dict[str, Path]:
    """Write report.html, report.pdf, seizures.csv, seizures.json and the data dictionary
    (CSV and JSON) into ``out``; returns the paths by role."""
    out.mkdir(parents=True, exist_ok=True)
    pub = release.published()
    q = str(release.quarter)
    figures = _figures(release)
    paths = {
        "html": out / "report.html", "pdf": out / "report.pdf", "csv": out / "seizures.csv",
        "json": out / "seizures.json", "dictionary_csv": out / "data_dictionary.csv",
        "dictionary_json": out / "data_dictionary.json",
    }
    svgs = [(title, charts.svg_text(fig)) for title, fig in figures]
    paths["html"].write_text(_html(release, svgs), encoding="utf-8")
    pages = [charts.text_figure(f"Seizures in the mail and express environments, {q}", [
        "Published under EO 13904 s.6(a); repeat offences on priority trade issues weigh most.",
        "Cells marked D are withheld (threshold, dominance and p% rules, with complementary",
        "suppression audited by a linear-programming attacker across the releases of the year).",
        f"Policy version {release.policy.version}.",
    ])]
    pages += [fig for _, fig in figures]
    pages.append(charts.table_figure(f"T4a repeat offences, {q}", _shown(repeat_view(pub, q))))
    charts.write_pdf(pages, paths["pdf"])
    pub.to_csv(paths["csv"], index=False)
    body = {"release": q, "policy_version": release.policy.version,
            "tables": {n: {"title": s.title, "dimensions": list(s.dims)}
                       for n, s in release.specs.items()},
            "cells": json.loads(pub.to_json(orient="records"))}
    paths["json"].write_text(json.dumps(body, indent=1, sort_keys=True), encoding="utf-8")
    dictionary = pd.DataFrame([(k, t, d) for k, (t, d) in DICTIONARY.items()],
                              columns=["column", "type", "description"])
    dictionary.to_csv(paths["dictionary_csv"], index=False)
    paths["dictionary_json"].write_text(
        dictionary.to_json(orient="records", indent=1), encoding="utf-8")
    return paths
