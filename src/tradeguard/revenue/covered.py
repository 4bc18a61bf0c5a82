"""Covered importers (EO 13785 s.2(b)), per importer, on a day.

An importer of AD/CVD articles is covered when any one is true: (i) CBP has no record of its
previous imports; (ii) a record of its failure to pay AD/CVD fully (a bill open past
delinquency, paid by the surety, or written off); (iii) a record of its failure to pay on time
(collected on or after the delinquent day, 31 days after the bill date). Records of importers
linked by shared identifiers count too, so a new IOR number behind a bad record is not clean.
Validated CTPAT Tier 2 and 3 importers are excluded (19 U.S.C. 4321(c)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from tradeguard.domain.decisions import Decision, RuleHit
from tradeguard.revenue.explain import as_date, make_decision, plural, usd
from tradeguard.revenue.frames import RevenueFrames, day
from tradeguard.revenue.ledger import bill_ledger
from tradeguard.revenue.linkage import LINK_LABELS, link_importers
from tradeguard.revenue.params import RevenuePolicy
from tradeguard.revenue.record import import_history, payment_record

__all__ = ["PROVISION", "RecordTables", "build_records", "covered_decisions", "covered_hits"]

PROVISION = "EO 13785 s.2(b); 19 U.S.C. 4321"


@dataclass(frozen=True)
class RecordTables:
    """Everything the rules read about importers on ``on``.

    ``table`` has one row per importer (index ``ior_number``) with its payment record, import
    history, linked numbers and the flags ``in_scope``, ``exempt``, ``no_history``,
    ``not_fully_paid``, ``not_timely``, ``linked_bad`` and ``covered``.
    """

    on: dt.date
    ledger: pd.DataFrame
    links: pd.DataFrame
    table: pd.DataFrame


def _linked_first_entry(table: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    firsts = links.assign(first=links["other"].map(table["first_entry"]))
    linked = firsts.groupby("ior_number")["first"].min()
    return linked.reindex(table.index).astype("datetime64[ns]")


def _linked_bad(table: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per importer, the linked importers whose own record is bad, with how they are linked."""
    bad = links[links["other"].map(table["own_bad"]).fillna(False).astype(bool)]
    return bad.groupby("ior_number").agg(
        linked_bad_n=("other", "nunique"),
        linked_bad_iors=("other", lambda s: sorted(set(s))),
        linked_bad_basis=("kind", lambda s: sorted(set(s))),
    )


def build_records(frames: RevenueFrames, on: dt.date, policy: RevenuePolicy) -> RecordTables:
    """The bill ledger, links and the per-importer rule table on ``on``."""
    ledger = bill_ledger(
        frames.bills, frames.payments, on, policy.clock, policy.interest_rate_pct
    )
    links = link_importers(
        frames.importers, policy.linkage_keys, policy.linkage_max_group, policy.free_mail_domains
    )
    people = frames.importers.drop_duplicates("ior_number").set_index("ior_number")
    table = people[["ior_root", "ctpat_tier", "resident", "created_on", "broker_filer_code"]]
    table = table.join(payment_record(ledger)).join(import_history(frames, on, policy.active_days))
    for column in ("bills_n", "unpaid_n", "late_n", "surety_n", "writeoff_n", "protested_n"):
        table[column] = table[column].fillna(0).astype(int)
    for column in ("billed_usd", "collected_usd", "balance_usd", "unpaid_usd", "surety_usd",
                   "writeoff_usd", "interest_usd", "importer_paid_usd", "value_window_usd",
                   "adcvd_value_window_usd", "value_90d_usd"):
        table[column] = table[column].fillna(0.0)
    table["adcvd_lines_window"] = table["adcvd_lines_window"].fillna(0).astype(int)
    table["adcvd_liquidated_n"] = table["adcvd_liquidated_n"].fillna(0).astype(int)
    table["not_fully_paid"] = (table["unpaid_n"] + table["surety_n"] + table["writeoff_n"]) > 0
    table["not_timely"] = (table["late_n"] + table["unpaid_n"]) > 0
    table["own_bad"] = table["not_fully_paid"] | table["not_timely"]
    linked_first = _linked_first_entry(table, links)
    table["linked_first_entry"] = linked_first
    table["history_from"] = pd.concat([table["first_entry"], linked_first], axis=1).min(axis=1)
    table["days_since_history"] = (day(on) - table["history_from"]).dt.days
    table["days_since_created"] = (day(on) - table["created_on"]).dt.days
    horizon = day(on) - pd.Timedelta(days=policy.new_importer_days)
    table["no_history"] = table["history_from"].isna() | (table["history_from"] > horizon)
    table = table.join(_linked_bad(table, links))
    table["linked_bad_n"] = table["linked_bad_n"].fillna(0).astype(int)
    table["linked_bad"] = table["linked_bad_n"] > 0
    table["links_n"] = links.groupby("ior_number")["other"].nunique().reindex(table.index)
    table["links_n"] = table["links_n"].fillna(0).astype(int)
    table["in_scope"] = (table["adcvd_lines_window"] > 0) | (table["balance_usd"] > 0.005)
    tiers = table["ctpat_tier"].fillna(0).astype(int)
    table["exempt"] = tiers.isin(sorted(policy.ctpat_exempt_tiers))
    reasons = table["no_history"] | table["own_bad"] | table["linked_bad"]
    table["covered"] = table["in_scope"] & ~table["exempt"] & reasons
    return RecordTables(on, ledger, links, table)


def _days(value: object) -> int:
    return int(float(str(value)))


def _linked(n: int) -> str:
    return "" if n == 0 else f" or its {plural(n, 'linked number')}"


def _no_history_hit(row: pd.Series, on: dt.date, policy: RevenuePolicy) -> RuleHit:
    since = on - dt.timedelta(days=policy.new_importer_days)
    first = as_date(row["history_from"])
    seen = (
        f"first entry {first}" + (" (under a linked number)" if first != as_date(
            row["first_entry"]) else "")
        if first
        else "no entries at all"
    )
    return RuleHit(
        "COVERED-NO-HISTORY",
        1.0,
        f"No entries under IOR {row.name}{_linked(int(row['links_n']))} before {since} "
        f"({seen}; {plural(int(row['adcvd_liquidated_n']), 'AD/CVD liquidation')}"
        "): no record of previous imports",
        {"history_from": first, "window_days": policy.new_importer_days},
        policy.status("covered.new_importer_days"),
    )


def _unpaid_hits(row: pd.Series, clock_day: int) -> list[RuleHit]:
    hits: list[RuleHit] = []
    if row["unpaid_n"]:
        hits.append(RuleHit(
            "ADCVD-UNPAID",
            1.0,
            f"Bill {row['unpaid_bill']} dated {as_date(row['unpaid_date'])} for "
            f"{usd(row['unpaid_amount'])} is unpaid {_days(row['unpaid_days'])} days after its "
            f"date (delinquent after {clock_day - 1}); {plural(int(row['unpaid_n']), 'bill')} "
            f"open past delinquency, {usd(row['unpaid_usd'])} in all",
            {"bill": row["unpaid_bill"], "bills": int(row["unpaid_n"]),
             "unpaid_usd": round(float(row["unpaid_usd"]), 2)},
        ))
    if row["surety_n"]:
        hits.append(RuleHit(
            "ADCVD-SURETY-PAID",
            0.8,
            f"The surety paid {usd(row['surety_usd'])} on "
            f"{plural(int(row['surety_n']), 'bill')} (largest: bill {row['surety_bill']}, "
            f"{usd(row['surety_days'])})",
            {"bill": row["surety_bill"], "surety_usd": round(float(row["surety_usd"]), 2)},
        ))
    if row["writeoff_n"]:
        hits.append(RuleHit(
            "ADCVD-WRITTEN-OFF",
            1.0,
            f"{usd(row['writeoff_usd'])} written off on "
            f"{plural(int(row['writeoff_n']), 'bill')} (largest: bill {row['writeoff_bill']})",
            {"bill": row["writeoff_bill"], "writeoff_usd": round(float(row["writeoff_usd"]), 2)},
        ))
    return hits


def _late_hit(row: pd.Series, clock_day: int) -> RuleHit:
    return RuleHit(
        "ADCVD-LATE",
        0.6,
        f"Bill {row['late_bill']} dated {as_date(row['late_date'])} for "
        f"{usd(row['late_amount'])} was paid {_days(row['late_days'])} days after its date "
        f"(delinquent after {clock_day - 1}); {plural(int(row['late_n']), 'bill')} paid late",
        {"bill": row["late_bill"], "days_late": _days(row["late_days"]),
         "bills": int(row["late_n"])},
    )


def _linked_hit(row: pd.Series, table: pd.DataFrame, policy: RevenuePolicy) -> RuleHit:
    others = list(row["linked_bad_iors"])
    basis = ", ".join(LINK_LABELS.get(k, k) for k in row["linked_bad_basis"])
    first = table.loc[others[0]]
    detail = (
        f"{plural(int(first['unpaid_n']), 'bill')} unpaid past delinquency, "
        f"{plural(int(first['late_n']), 'bill')} paid late, "
        f"{plural(int(first['surety_n'] + first['writeoff_n']), 'bill')} paid by the surety "
        "or written off"
    )
    return RuleHit(
        "COVERED-LINKED-RECORD",
        0.8,
        f"Linked to IOR {', '.join(others)} by {basis}; IOR {others[0]} has {detail}",
        {"linked": others, "basis": list(row["linked_bad_basis"])},
        policy.status("linkage.keys"),
    )


def covered_hits(row: pd.Series, table: pd.DataFrame, on: dt.date,
                 policy: RevenuePolicy) -> list[RuleHit]:
    """The reasons an importer is (or, if exempt, would be) covered, strongest first."""
    delinquent_day = policy.clock.delinquent_day
    hits = _unpaid_hits(row, delinquent_day)
    if row["late_n"]:
        hits.append(_late_hit(row, delinquent_day))
    if row["linked_bad"]:
        hits.append(_linked_hit(row, table, policy))
    if row["no_history"]:
        hits.append(_no_history_hit(row, on, policy))
    if row["exempt"]:
        hits = [RuleHit(h.code, 0.0, h.reason, h.evidence, h.status) for h in hits]
        hits.insert(0, RuleHit(
            "CTPAT-EXEMPT", 1.0,
            f"Validated CTPAT Tier {int(row['ctpat_tier'])} importer: excluded from risk-based "
            "bonding (19 U.S.C. 4321(c))", {"ctpat_tier": int(row["ctpat_tier"])},
        ))
    return hits


def covered_decisions(records: RecordTables, policy: RevenuePolicy) -> list[Decision]:
    """One ``covered_importer`` decision per importer in scope: covered, not_covered, exempt."""
    table = records.table
    out: list[Decision] = []
    for ior, row in table[table["in_scope"]].iterrows():
        hits = covered_hits(row, table, records.on, policy)
        outcome = "exempt" if row["exempt"] else "covered" if row["covered"] else "not_covered"
        if outcome == "not_covered":
            hits = [RuleHit(
                "COVERED-NONE", 0.0,
                f"Entries since {as_date(row['history_from'])}, "
                f"{plural(int(row['bills_n']), 'AD/CVD bill')} all paid on time and in full, no "
                "linked importer with a bad record",
                {"bills": int(row["bills_n"])},
            )]
        inputs = {"hits": [h.evidence for h in hits], "bills": int(row["bills_n"])}
        out.append(make_decision(str(ior), "covered_importer", outcome,
                                 1.0 if outcome == "covered" else 0.0, hits, PROVISION,
                                 policy.version, records.on, inputs))
    return out
