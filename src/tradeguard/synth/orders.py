"""AD/CVD orders modelled on real ones, and their effective-dated rates.

Case numbers, products, countries and order dates follow the real orders; the rates are
synthetic but keep the real cases' character: non-market-economy (NME) orders with a high
country-wide rate and lower separate rates that often jump on review (shrimp, garlic, honey),
market-economy orders with small company rates that drift, and a third-country case number
(A-451-988, Lithuania) for Chinese solar cells processed there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from tradeguard.synth import names as nm
from tradeguard.synth.config import Frame, date_of, days


@dataclass(frozen=True)
class Order:
    case: str
    product: str
    country: str
    order_date: dt.date
    hts: tuple[str, ...]
    nme: bool
    country_wide_pct: float
    separate_pct: tuple[float, float]  # range of separate/company rates
    jump_p: float  # chance a review pushes a company rate up to (near) the country-wide rate
    popularity: float
    unit: str
    third_country_of: str = ""


ORDERS = (
    Order(
        "A-570-983",
        "Drawn stainless steel sinks",
        "CN",
        dt.date(2013, 4, 11),
        ("7324100010", "7324100050"),
        True,
        76.53,
        (1.8, 39.6),
        0.15,
        1.0,
        "NO",
    ),
    Order(
        "A-570-967",
        "Aluminum extrusions",
        "CN",
        dt.date(2011, 5, 26),
        ("7604210000", "7604291010", "7608200030"),
        True,
        86.01,
        (0.0, 33.3),
        0.2,
        1.6,
        "KG",
    ),
    Order(
        "C-570-968",
        "Aluminum extrusions",
        "CN",
        dt.date(2011, 5, 26),
        ("7604210000", "7604291010", "7608200030"),
        False,
        121.2,
        (1.0, 25.0),
        0.1,
        0.9,
        "KG",
    ),
    Order(
        "A-552-802",
        "Certain frozen warmwater shrimp",
        "VN",
        dt.date(2005, 2, 1),
        ("0306170040", "0306170020", "1605210030"),
        True,
        25.76,
        (0.0, 4.6),
        0.35,
        1.4,
        "KG",
    ),
    Order(
        "A-570-893",
        "Certain frozen warmwater shrimp",
        "CN",
        dt.date(2005, 2, 1),
        ("0306170040", "1605210030"),
        True,
        112.81,
        (0.0, 27.9),
        0.3,
        0.6,
        "KG",
    ),
    Order(
        "A-533-840",
        "Certain frozen warmwater shrimp",
        "IN",
        dt.date(2005, 2, 1),
        ("0306170040", "0306170020"),
        False,
        2.49,
        (0.0, 3.9),
        0.02,
        1.2,
        "KG",
    ),
    Order(
        "A-570-831",
        "Fresh garlic",
        "CN",
        dt.date(1994, 11, 16),
        ("0703200010", "0703200020"),
        True,
        376.67,
        (0.0, 30.0),
        0.45,
        0.7,
        "KG",
    ),
    Order(
        "A-570-863",
        "Honey",
        "CN",
        dt.date(2001, 12, 10),
        ("0409000035", "0409000056"),
        True,
        183.80,
        (25.9, 57.1),
        0.4,
        0.8,
        "KG",
    ),
    Order(
        "A-570-979",
        "Crystalline silicon photovoltaic cells",
        "CN",
        dt.date(2012, 12, 7),
        ("8541420010", "8541430010"),
        True,
        238.95,
        (13.9, 31.7),
        0.25,
        0.9,
        "NO",
    ),
    Order(
        "A-451-988",
        "Crystalline silicon photovoltaic cells, processed in Lithuania",
        "LT",
        dt.date(2012, 12, 7),
        ("8541420010", "8541430010"),
        True,
        238.95,
        (13.9, 31.7),
        0.25,
        0.2,
        "NO",
        third_country_of="CN",
    ),
    Order(
        "A-570-890",
        "Wooden bedroom furniture",
        "CN",
        dt.date(2005, 1, 4),
        ("9403500080", "9403500045"),
        True,
        216.01,
        (6.7, 41.8),
        0.2,
        1.0,
        "NO",
    ),
    Order(
        "A-580-809",
        "Circular welded non-alloy steel pipe",
        "KR",
        dt.date(1992, 11, 2),
        ("7306305025", "7306305040"),
        False,
        4.80,
        (0.0, 8.0),
        0.02,
        0.8,
        "KG",
    ),
    Order(
        "A-201-836",
        "Light-walled rectangular pipe and tube",
        "MX",
        dt.date(2008, 8, 5),
        ("7306610000",),
        False,
        3.76,
        (0.0, 6.0),
        0.03,
        0.6,
        "KG",
    ),
)


@dataclass
class RateSeries:
    """One rate line of an order: (kind, exporter, producer) and its effective-dated values."""

    order: int
    kind: str  # COMPANY, SEPARATE, ALL_OTHERS, COUNTRY_WIDE
    exporter: str
    producer: str
    starts: list[int]  # days since epoch
    rates: list[float]


def build_rates(frame: Frame, rng: np.random.Generator) -> list[RateSeries]:
    series: list[RateSeries] = []
    for k, order in enumerate(ORDERS):
        origin = order.third_country_of or order.country
        general = RateSeries(
            k,
            "COUNTRY_WIDE" if order.nme and order.case[0] == "A" else "ALL_OTHERS",
            "",
            "",
            [days(order.order_date)],
            [order.country_wide_pct],
        )
        series.append(general)
        n_company = int(rng.integers(1, 3))
        n_separate = int(rng.integers(3, 7)) if order.nme and order.case[0] == "A" else 0
        for i in range(n_company + n_separate):
            exporter = _exporter(rng, origin, order.country)
            producer = (
                _exporter(rng, origin, order.country)
                if i < n_company and rng.random() < 0.6
                else ""
            )
            kind = "COMPANY" if i < n_company else "SEPARATE"
            lo, hi = order.separate_pct
            first = round(float(rng.uniform(lo, hi)), 2)
            s = RateSeries(k, kind, exporter, producer, [days(order.order_date)], [first])
            _reviews(s, order, frame, rng)
            series.append(s)
    return series


def _exporter(rng: np.random.Generator, origin: str, country: str) -> str:
    if origin == "CN" or country == "CN":
        name = str(nm.firm(rng, chinese=True))
    else:
        form = nm.pick(rng, ("LTD", "PVT LTD", "CO", "SA DE CV", "JSC"))
        name = f"{nm.pick(rng, nm.WORDS)} {nm.pick(rng, nm.INDUSTRY)} {form}"
    if country == "LT":
        name = name.replace("CO LTD", "UAB")
    return name


def _reviews(s: RateSeries, order: Order, frame: Frame, rng: np.random.Generator) -> None:
    """Administrative reviews: one chance a year, results published some months after the
    anniversary month; a result is both the assessment rate for the period just reviewed and
    the new cash-deposit rate."""
    first_year = frame.history_start.year - 1
    for year in range(first_year, frame.end.year + 1):
        if rng.random() > 0.55:
            continue
        published = dt.date(year, order.order_date.month, 1) + dt.timedelta(
            days=int(rng.integers(200, 420))
        )
        if days(published) <= s.starts[-1] or published > frame.end:
            continue
        previous = s.rates[-1]
        if rng.random() < order.jump_p:
            new = order.country_wide_pct * float(rng.uniform(0.55, 1.0))
        elif rng.random() < 0.12:
            new = 0.0  # de minimis on review
        else:
            new = max(0.0, previous * float(rng.lognormal(0.0, 0.35)) + float(rng.normal(0, 0.8)))
        new = round(new if new >= 0.5 else 0.0, 2)
        s.starts.append(days(published))
        s.rates.append(new)


def rate_rows(series: list[RateSeries]) -> dict[str, list[object]]:
    cols: dict[str, list[object]] = {
        k: []
        for k in ("case_number", "rate_kind", "effective_from", "exporter", "producer", "rate_pct")
    }
    for s in series:
        for start, rate in zip(s.starts, s.rates, strict=True):
            cols["case_number"].append(ORDERS[s.order].case)
            cols["rate_kind"].append(s.kind)
            cols["effective_from"].append(date_of(start))
            cols["exporter"].append(s.exporter or None)
            cols["producer"].append(s.producer or None)
            cols["rate_pct"].append(rate)
    return cols


def order_rows() -> dict[str, list[object]]:
    return {
        "case_number": [o.case for o in ORDERS],
        "product": [o.product for o in ORDERS],
        "country": [o.country for o in ORDERS],
        "order_date": [o.order_date for o in ORDERS],
        "hts_prefixes": [";".join(sorted({h[:6] for h in o.hts})) for o in ORDERS],
        "nme": [o.nme for o in ORDERS],
        "third_country_of": [o.third_country_of or None for o in ORDERS],
    }
