"""World sizes per scale, the time frame, and fixed reference data (ports, sureties)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

NA: Any = None  # a blank cell (typed Any so numpy's stubs accept it in np.where)

# CBP port codes (4 digits): LA/Long Beach, NY/Newark, Savannah, Houston, Seattle, Chicago,
# Miami, Baltimore, Laredo, San Francisco, JFK air cargo, Cincinnati express hub (CVG),
# Memphis and Louisville express hubs.
CARGO_PORTS = (
    "2704",
    "2709",
    "4601",
    "1703",
    "5301",
    "3001",
    "3901",
    "5201",
    "1303",
    "2304",
    "2809",
)
MAIL_PORTS = ("4701", "2720", "5206", "2809", "3029")  # JFK, LAX, Miami, SF, Seattle/Chicago
EXPRESS_PORTS = ("4196", "2095", "4197", "4771", "2720", "4701")
SURETY_CODES = (
    "036",
    "101",
    "143",
    "158",
    "161",
    "187",
    "231",
    "345",
    "457",
    "551",
    "604",
    "731",
    "812",
    "888",
    "941",
)


@dataclass(frozen=True)
class Sizes:
    """Row-count drivers of one world."""

    importers: int
    brokers: int
    entries: int
    sam_cases: int
    cbp_cases: int
    reestablished: int
    lookalikes: int
    posts: int
    mail_items: int
    express: int
    cargo_seizures: int
    recordations: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        def n(base: float, floor: int) -> int:
            return max(floor, round(base * scale))

        return cls(
            importers=n(2900, 30),
            brokers=n(90, 4),
            entries=n(40_000, 400),
            sam_cases=n(2000, 40),
            cbp_cases=n(120, 8),
            reestablished=n(30, 3),
            lookalikes=n(60, 5),
            posts=min(200, n(200, 6)),
            mail_items=n(150_000, 3000),
            express=n(80_000, 1500),
            cargo_seizures=n(500, 20),
            recordations=n(500, 20),
        )


@dataclass(frozen=True)
class Frame:
    """The world's calendar: entries from ``history_start``; quarters from ``start`` to ``end``."""

    start: dt.date
    quarters: int

    @property
    def end(self) -> dt.date:
        months = self.start.month - 1 + 3 * self.quarters
        first_after = dt.date(self.start.year + months // 12, months % 12 + 1, 1)
        return first_after - dt.timedelta(days=1)

    @property
    def history_start(self) -> dt.date:
        return dt.date(self.start.year - 3, self.start.month, 1)

    def quarter_starts(self) -> list[dt.date]:
        out = []
        for q in range(self.quarters + 1):
            months = self.start.month - 1 + 3 * q
            out.append(dt.date(self.start.year + months // 12, months % 12 + 1, 1))
        return out


def days(day: dt.date) -> int:
    """Days since 1970-01-01 (the numpy ``datetime64[D]`` integer)."""
    return (day - dt.date(1970, 1, 1)).days


def date_of(n: Any) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(n))
