"""A small built-in volume table for the report when no volumes file is given.

ILLUSTRATIVE, NOT OFFICIAL: the rows are derived from the public orders of magnitude in the
domain brief (5.3, 5.4) and split by stream with our own assumptions, stated in each row's
``source``. They exist so that the report runs out of the box; real runs pass a volumes CSV.
"""

from __future__ import annotations

from tradeguard.fees.volumes import StreamVolume

__all__ = ["DEFAULT_VOLUMES_NOTE", "default_volumes"]

DEFAULT_VOLUMES_NOTE = (
    "Built-in illustrative volumes derived from domain brief 5.3-5.4 (FY2019: 463M mail and 144M "
    "express shipments; FY2024: about 1.36B de minimis shipments; de minimis suspended for all "
    "countries from Aug 29, 2025), split by stream with stated assumptions. Not official figures."
)

_MAIL = "assumption: inbound mail with goods near the FY2019 level of 463M (domain 5.4)"
_MAIL_26 = (
    "assumption: mail with goods halved after posts suspended US service in Aug 2025; every goods "
    "item dutiable once de minimis was suspended (domain 5.3); average duty $25 per item"
)
_DM = (
    "assumption: about 75% of the ~1.36B FY2024 de minimis shipments (domain 5.3) via express hubs"
)
_DM_25 = "assumption: de minimis for China/HK ended May 2, 2025 and for all on Aug 29, 2025"
_EXP_26 = (
    "assumption: former de minimis express shipments now informal entries (EO 14324), volume "
    "down 30%; average duty $12 per entry"
)
_FORMAL = "assumption: formal express entries, mean entered value $12,000, duty 8% of value"


def _row(
    stream: str, fy: int, items: float, dutiable: float, source: str, **kw: float
) -> StreamVolume:
    m = 1_000_000
    return StreamVolume(
        stream=stream,
        fiscal_year=fy,
        items=round(items * m),
        dutiable_items=round(dutiable * m),
        formal_entries=round(kw.get("formal", 0.0) * m),
        informal_entries=round(kw.get("informal", 0.0) * m),
        formal_value_usd=kw.get("formal_value", 0.0) * m,
        duties_usd=kw.get("duties", 0.0) * m,
        source=source,
    )


def default_volumes() -> list[StreamVolume]:
    """FY2024-FY2026 volumes per stream (millions converted to units); see the module note."""
    return [
        _row("mail.letter_goods", 2024, 330, 2, _MAIL, duties=60),
        _row("mail.parcel", 2024, 90, 3, _MAIL, duties=120, formal=0.05, formal_value=300),
        _row("mail.ems", 2024, 20, 1, _MAIL, duties=40),
        _row("express.low_value", 2024, 1000, 0, _DM),
        _row("express.informal", 2024, 25, 20, _FORMAL, informal=25, duties=300),
        _row("express.formal", 2024, 4, 4, _FORMAL, formal=4, formal_value=48000, duties=3840),
        _row("mail.letter_goods", 2025, 300, 30, _MAIL + "; " + _DM_25, duties=750),
        _row(
            "mail.parcel",
            2025,
            85,
            12,
            _MAIL + "; " + _DM_25,
            duties=400,
            formal=0.05,
            formal_value=300,
        ),
        _row("mail.ems", 2025, 18, 3, _MAIL + "; " + _DM_25, duties=90),
        _row("express.low_value", 2025, 850, 0, _DM + "; " + _DM_25),
        _row("express.informal", 2025, 90, 80, _DM_25, informal=90, duties=1000),
        _row("express.formal", 2025, 5, 5, _FORMAL, formal=5, formal_value=60000, duties=4800),
        _row("mail.letter_goods", 2026, 150, 150, _MAIL_26, duties=3750),
        _row("mail.parcel", 2026, 45, 45, _MAIL_26, duties=1125, formal=0.05, formal_value=300),
        _row("mail.ems", 2026, 10, 10, _MAIL_26, duties=250),
        _row("express.low_value", 2026, 0, 0, "de minimis suspended for all countries (EO 14324)"),
        _row("express.informal", 2026, 650, 650, _EXP_26, informal=650, duties=7800),
        _row("express.formal", 2026, 8, 8, _FORMAL, formal=8, formal_value=96000, duties=7680),
    ]
