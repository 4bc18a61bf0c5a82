"""The system of record: one SQLAlchemy Core schema for SQLite (default) and PostgreSQL.

Tables mirror the file shapes in ``docs/file-shapes.md``; every loaded row carries the
``batch_id`` of the load that brought it, so a load can be traced and audited. Money is
``NUMERIC(14, 2)`` (exact on PostgreSQL), returned as float.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["TABLES_BY_KIND", "metadata"]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def money(name: str, nullable: bool = True) -> Column[float]:
    return Column(name, Numeric(14, 2, asdecimal=False), nullable=nullable)


def batch_ref() -> Column[int]:
    return Column("batch_id", Integer, ForeignKey("load_batches.id"), nullable=False, index=True)


load_batches = Table(
    "load_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("source_name", String(400), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_loaded", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("rows_already_present", Integer, nullable=False, default=0),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("loaded_by", String(200), nullable=False),
    UniqueConstraint("kind", "sha256", name="uq_load_batches_kind_sha256"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    batch_ref(),
    Column("source_name", String(400), nullable=False),
    Column("line", Integer, nullable=False),
    Column("field", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=True),
)

importers = Table(
    "importers",
    metadata,
    Column("ior_number", String(16), primary_key=True),
    Column("ior_kind", String(3), nullable=False),
    Column("ior_root", String(16), nullable=False, index=True),
    Column("name", String(300), nullable=False),
    Column("dba", String(300)),
    Column("company_type", String(40)),
    Column("ctpat_tier", Integer),
    Column("resident", Boolean),
    Column("country", String(2)),
    Column("street", String(200)),
    Column("city", String(100)),
    Column("state", String(50)),
    Column("postal_code", String(20)),
    Column("phone", String(20)),
    Column("email", String(200)),
    Column("officers", Text),
    Column("created_on", Date),
    Column("broker_filer_code", String(3)),
    batch_ref(),
)

facilitators = Table(
    "facilitators",
    metadata,
    Column("facilitator_id", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(300), nullable=False),
    Column("broker_license", String(20)),
    Column("filer_code", String(3), index=True),
    Column("country", String(2)),
    Column("ctpat_tier", Integer),
    Column("status", String(30)),
    batch_ref(),
)

adcvd_orders = Table(
    "adcvd_orders",
    metadata,
    Column("case_number", String(9), primary_key=True),
    Column("kind", String(1), nullable=False),
    Column("product", String(300), nullable=False),
    Column("country", String(2), nullable=False),
    Column("order_date", Date, nullable=False),
    Column("hts_prefixes", Text),
    Column("nme", Boolean),
    Column("third_country_of", String(2)),
    batch_ref(),
)

adcvd_rates = Table(
    "adcvd_rates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_number", String(9), ForeignKey("adcvd_orders.case_number"), nullable=False),
    Column("rate_kind", String(20), nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("exporter", String(300), nullable=False, default=""),
    Column("producer", String(300), nullable=False, default=""),
    Column("rate_pct", Float),
    Column("per_unit_usd", Float),
    Column("unit", String(20)),
    batch_ref(),
    UniqueConstraint(
        "case_number",
        "rate_kind",
        "exporter",
        "producer",
        "effective_from",
        name="uq_adcvd_rates_key",
    ),
)

entries = Table(
    "entries",
    metadata,
    Column("entry_number", String(13), primary_key=True),
    Column("entry_type", String(2), nullable=False),
    Column("ior_number", String(16), nullable=False, index=True),
    Column("entry_date", Date, nullable=False, index=True),
    Column("port", String(4), nullable=False),
    Column("broker_filer_code", String(3)),
    Column("bond_number", String(40)),
    Column("nonreimbursement_filed", Boolean),
    batch_ref(),
)

entry_lines = Table(
    "entry_lines",
    metadata,
    Column("entry_number", String(13), ForeignKey("entries.entry_number"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("hts", String(10), nullable=False),
    Column("country_of_origin", String(2), nullable=False),
    money("value_usd", nullable=False),
    Column("exporter", String(300)),
    Column("manufacturer", String(300)),
    Column("case_number", String(9), index=True),
    Column("quantity", Float),
    Column("unit", String(10)),
    money("duty_usd"),
    Column("adcvd_rate_pct", Float),
    money("adcvd_deposit_usd"),
    batch_ref(),
)

liquidations = Table(
    "liquidations",
    metadata,
    Column("entry_number", String(13), ForeignKey("entries.entry_number"), primary_key=True),
    Column("liquidated_on", Date, nullable=False),
    money("assessed_adcvd_usd", nullable=False),
    Column("assessment_rate_pct", Float),
    Column("reviewed", Boolean),
    batch_ref(),
)

bills = Table(
    "bills",
    metadata,
    Column("bill_number", String(40), primary_key=True),
    Column("ior_number", String(16), nullable=False, index=True),
    Column("bill_date", Date, nullable=False),
    money("amount_usd", nullable=False),
    Column("kind", String(20), nullable=False),
    Column("entry_number", String(13)),
    Column("case_number", String(9)),
    Column("liquidated_on", Date),
    Column("protest_filed_on", Date),
    batch_ref(),
)

payments = Table(
    "payments",
    metadata,
    Column("payment_id", String(40), primary_key=True),
    Column("bill_number", String(40), ForeignKey("bills.bill_number"), nullable=False, index=True),
    Column("paid_on", Date, nullable=False),
    money("amount_usd", nullable=False),
    Column("payer", String(20), nullable=False),
    batch_ref(),
)

bonds = Table(
    "bonds",
    metadata,
    Column("bond_number", String(40), primary_key=True),
    Column("ior_number", String(16), nullable=False, index=True),
    Column("kind", String(12), nullable=False),
    money("amount_usd", nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("surety_code", String(10)),
    Column("entry_number", String(13)),
    Column("status", String(30)),
    Column("terminated_on", Date),
    batch_ref(),
)

sam_persons = Table(
    "sam_persons",
    metadata,
    Column("sam_number", String(20), primary_key=True),
    Column("classification", String(40), nullable=False),
    Column("name", String(400), nullable=False),
    Column("prefix", String(20)),
    Column("first", String(100)),
    Column("middle", String(100)),
    Column("last", String(200)),
    Column("suffix", String(20)),
    Column("address_1", String(200)),
    Column("address_2", String(200)),
    Column("address_3", String(200)),
    Column("address_4", String(200)),
    Column("city", String(100)),
    Column("state", String(50)),
    Column("country", String(2)),
    Column("zip_code", String(20)),
    Column("uei", String(12), index=True),
    Column("duns", String(13)),
    Column("cage", String(10)),
    Column("npi", String(10)),
    batch_ref(),
)

sam_exclusions = Table(
    "sam_exclusions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action_key", String(64), nullable=False, unique=True),
    Column(
        "sam_number", String(20), ForeignKey("sam_persons.sam_number"), nullable=False, index=True
    ),
    Column("exclusion_program", String(40)),
    Column("excluding_agency", String(40)),
    Column("ct_code", String(10)),
    Column("exclusion_type", String(60), nullable=False),
    Column("additional_comments", Text),
    Column("active_date", Date, nullable=False),
    Column("termination_date", Date),
    Column("indefinite", Boolean, nullable=False),
    Column("record_status", String(20)),
    Column("cross_reference", Text),
    Column("open_data_flag", String(10)),
    Column("creation_date", Date),
    Column("source_line", Integer, nullable=False),
    batch_ref(),
)

sam_aliases = Table(
    "sam_aliases",
    metadata,
    Column("sam_number", String(20), ForeignKey("sam_persons.sam_number"), primary_key=True),
    Column("alias", String(400), primary_key=True),
    batch_ref(),
)

posts = Table(
    "posts",
    metadata,
    Column("post_code", String(10), primary_key=True),
    Column("country", String(2), nullable=False),
    Column("name", String(200), nullable=False),
    Column("upu_member", Boolean),
    batch_ref(),
)

mail_items = Table(
    "mail_items",
    metadata,
    Column("item_id", String(13), primary_key=True),
    Column("post_code", String(10), nullable=False, index=True),
    Column("arrival_date", Date, nullable=False, index=True),
    Column("mail_class", String(20), nullable=False),
    money("declared_value_usd"),
    Column("weight_kg", Float),
    Column("content_description", String(300)),
    Column("hs_code", String(10)),
    Column("sender_name", String(200)),
    Column("sender_address", String(300)),
    Column("recipient_name", String(200)),
    Column("recipient_address", String(300)),
    Column("dispatched_at", DateTime(timezone=True)),
    Column("aed_received_at", DateTime(timezone=True)),
    Column("sampled", Boolean),
    Column("inspected", Boolean),
    Column("finding", String(20)),
    Column("info_requested_at", DateTime(timezone=True)),
    Column("info_answered_at", DateTime(timezone=True)),
    Column("ior_number", String(16)),
    batch_ref(),
)

express_shipments = Table(
    "express_shipments",
    metadata,
    Column("operator_id", String(40), primary_key=True),
    Column("waybill", String(40), primary_key=True),
    Column("arrival_date", Date, nullable=False, index=True),
    Column("origin_country", String(2), nullable=False),
    money("value_usd", nullable=False),
    Column("shipper_name", String(200)),
    Column("shipper_address", String(300)),
    Column("consignee_name", String(200)),
    Column("consignee_address", String(300)),
    Column("ior_number", String(16), index=True),
    Column("description", String(300)),
    Column("hts", String(10)),
    Column("entry_kind", String(20)),
    Column("broker_filer_code", String(3)),
    Column("platform_id", String(40)),
    Column("inspected", Boolean),
    Column("finding", String(20)),
    batch_ref(),
)

seizures = Table(
    "seizures",
    metadata,
    Column("case_number", String(24), primary_key=True),
    Column("seized_on", Date, nullable=False, index=True),
    Column("port", String(4), nullable=False),
    Column("environment", String(10), nullable=False),
    Column("violation", String(20), nullable=False),
    Column("origin_country", String(2), nullable=False),
    Column("category", String(60)),
    Column("lines", Integer),
    Column("quantity", Float),
    money("msrp_usd"),
    money("domestic_value_usd"),
    Column("pti_tags", String(200)),
    Column("disposition", String(12)),
    Column("ior_number", String(16)),
    Column("shipper_name", String(200)),
    Column("manufacturer_name", String(200)),
    Column("post_code", String(10)),
    Column("operator_id", String(40)),
    Column("item_id", String(13)),
    Column("waybill", String(40)),
    Column("recordation_number", String(20)),
    batch_ref(),
)

recordations = Table(
    "recordations",
    metadata,
    Column("recordation_number", String(20), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("owner_name", String(300), nullable=False),
    Column("registration_number", String(40), nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("expires_on", Date),
    Column("contact_email", String(200)),
    Column("sample_bond_on_file", Boolean),
    batch_ref(),
)

decisions = Table(
    "decisions",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("subject", String(200), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("outcome", String(60), nullable=False),
    Column("score", Float),
    Column("hits", JSON, nullable=False),
    Column("provision", String(120), nullable=False),
    Column("policy_version", String(60), nullable=False),
    Column("inputs_digest", String(64), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("run_id", String(64)),
    Index("ix_decisions_subject_kind", "subject", "kind"),
    UniqueConstraint(
        "subject", "kind", "inputs_digest", "policy_version", name="uq_decisions_reproducible"
    ),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("object_kind", String(60), nullable=False),
    Column("object_id", String(200), nullable=False),
    Column("detail", JSON, nullable=False),
)

TABLES_BY_KIND: dict[str, Table] = {
    "importers": importers,
    "facilitators": facilitators,
    "adcvd_orders": adcvd_orders,
    "adcvd_rates": adcvd_rates,
    "entries": entries,
    "entry_lines": entry_lines,
    "liquidations": liquidations,
    "bills": bills,
    "payments": payments,
    "bonds": bonds,
    "posts": posts,
    "mail_items": mail_items,
    "express_shipments": express_shipments,
    "seizures": seizures,
    "recordations": recordations,
}

# The service tables (API keys, cases) live in their own module on the same metadata.
import tradeguard.store.service_schema  # noqa: E402, F401
