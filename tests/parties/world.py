"""A tiny world on disk in the file shapes the loader reads: one CBP-debarred firm and its
principal, the firm's own importer record, a re-established importer, and express traffic."""

from __future__ import annotations

import csv
from pathlib import Path

from tradeguard.ingest.sam import SAM_V2_COLUMNS

SAM_ROWS = [
    {"Classification": "Firm", "Name": "GOLDEN PACIFIC TRADING LLC",
     "Address 1": "1017 8TH ST", "City": "LAUREL", "State / Province": "MD", "Country": "USA",
     "Zip Code": "20707", "Exclusion Program": "Reciprocal", "Excluding Agency": "DHS-CBP",
     "Exclusion Type": "Ineligible (Proceedings Completed)",
     "Additional Comments": "Debarred by CBP: evasion of antidumping duties (19 U.S.C. 1517).",
     "Active Date": "01/10/2025", "Termination Date": "01/10/2028",
     "Cross-Reference": "(also DAVID KUMAR)", "SAM Number": "S4MRAAAA1",
     "Creation_Date": "2025-01-10"},
    {"Classification": "Individual", "First": "DAVID", "Last": "KUMAR", "City": "LAUREL",
     "State / Province": "MD", "Country": "USA", "Zip Code": "20707",
     "Exclusion Program": "Reciprocal", "Excluding Agency": "DHS-CBP",
     "Exclusion Type": "Ineligible (Proceedings Completed)",
     "Additional Comments": "Debarred by CBP: evasion of antidumping duties (19 U.S.C. 1517).",
     "Active Date": "01/10/2025", "Termination Date": "01/10/2028",
     "Cross-Reference": "(also GOLDEN PACIFIC TRADING LLC)", "SAM Number": "S4MRAAAA2",
     "Creation_Date": "2025-01-10"},
    {"Classification": "Individual", "First": "MARIA", "Last": "LOPEZ", "City": "MIAMI",
     "Country": "USA", "Exclusion Program": "Reciprocal", "Excluding Agency": "HHS",
     "Exclusion Type": "Prohibition/Restriction", "Active Date": "01/01/2010",
     "Termination Date": "Indefinite", "SAM Number": "S4MRAAAA3", "Creation_Date": "2010-01-01"},
]  # fmt: skip
IMPORTERS = [
    {"ior_number": "52-1111111AA", "name": "GOLDEN PACIFIC TRADING LLC", "company_type": "LLC",
     "resident": "true", "country": "US", "street": "1017 8TH ST", "city": "LAUREL",
     "state": "MD", "postal_code": "20707", "phone": "+14105550101",
     "email": "import@goldenpacific.com", "officers": "DAVID KUMAR", "created_on": "2015-01-01",
     "broker_filer_code": "ABC"},
    {"ior_number": "52-2222222AA", "name": "PACIFIK GOLDEN IMPORTS CORP",
     "company_type": "CORPORATION", "resident": "true", "country": "US", "street": "77 ELM ST",
     "city": "DOVER", "state": "DE", "postal_code": "19901", "phone": "+14105550101",
     "email": "sales@pgi.com", "officers": "DAVID KUMAR;ANNA LEE", "created_on": "2025-06-01",
     "broker_filer_code": "ABC"},
    {"ior_number": "52-3333333AA", "name": "BLUE RIVER FOODS INC", "company_type": "CORPORATION",
     "resident": "true", "country": "US", "street": "5 OAK ST", "city": "RENO", "state": "NV",
     "postal_code": "89501", "phone": "+17755550199", "email": "info@blueriver.com",
     "officers": "JOHN DOE", "created_on": "2020-07-01", "broker_filer_code": "ABC"},
]  # fmt: skip
FACILITATORS = [
    {"facilitator_id": "ECO-01", "kind": "EXPRESS_OPERATOR", "name": "SKYLINK EXPRESS INC",
     "filer_code": "SKY", "country": "US", "ctpat_tier": "1", "status": "ACTIVE"},
    {"facilitator_id": "BRK-0001", "kind": "BROKER", "name": "ABC CUSTOMS BROKERS",
     "broker_license": "12345", "filer_code": "ABC", "country": "US", "status": "ACTIVE"},
]  # fmt: skip
EXPRESS = [
    {"waybill": f"W{i}", "operator_id": "ECO-01", "arrival_date": day, "origin_country": "CN",
     "value_usd": "120.00", "shipper_name": "SHENZHEN BRIGHT CO LTD",
     "consignee_name": "GOLDEN PACIFIC TRADING LLC", "consignee_address": "1017 8TH ST LAUREL MD",
     "entry_kind": "SECTION_321"}
    for i, day in enumerate(["2025-02-01", "2025-02-05", "2025-05-01", "2025-05-02", "2025-05-03"])
]  # fmt: skip


def _write(path: Path, columns: tuple[str, ...] | list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def write_world(root: Path) -> Path:
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    _write(data / "SAM_Exclusions_Public_V2_Extract_26152.csv", SAM_V2_COLUMNS, SAM_ROWS)
    _write(data / "importers.csv", list(IMPORTERS[0]), IMPORTERS)
    _write(data / "facilitators.csv", ["facilitator_id", "kind", "name", "broker_license",
                                        "filer_code", "country", "ctpat_tier", "status"],
           FACILITATORS)  # fmt: skip
    _write(data / "express_shipments.csv", list(EXPRESS[0]), EXPRESS)
    return root
