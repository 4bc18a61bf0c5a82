"""A labelled screening set: a synthetic list, planted variants of listed names, and innocent
parties including hard look-alikes. Deterministic for a seed.

Variants apply one to three of: ``typo``, ``reorder``, ``legal_form_swap``,
``transliteration`` (a real romanisation variant, or the name written in Cyrillic or Chinese
script), ``abbreviation``; their address is kept, reduced to the city, or dropped. Innocent
parties are fresh names, or look-alikes: a listed firm's name with one distinctive word
changed (same line of business, same legal form), a person sharing a listed person's surname
or given name; always at another address. A party whose normalised name equals a listed name,
or holds all its tokens, or whose tokens it holds, is never counted as innocent (a screener
must look at it), nor is a firm that shares every distinctive word of a listed firm.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tradeguard.parties.records import Party
from tradeguard.parties.screenlist import ListEntry, ScreeningList

__all__ = ["EvalSet", "make_evalset"]

_SYL = (
    "BAL",
    "CEN",
    "DOV",
    "FEN",
    "GOR",
    "HEX",
    "KAL",
    "LOR",
    "MIR",
    "NEL",
    "OKA",
    "PIR",
    "RUN",
    "SEV",
    "TAL",
    "UMA",
    "VOR",
    "WIL",
    "YEN",
    "ZAR",
    "BEX",
    "COR",
    "DUN",
    "FIL",
    "GAN",
    "HOL",
    "KES",
    "LUM",
    "MEX",
    "NOR",
    "OPA",
    "PUL",
    "REK",
    "SIM",
    "TUN",
    "VAS",
    "KOR",
    "VAN",
    "TEL",
    "ISO",
    "MAR",
    "DEN",
    "LUX",
    "BRI",
    "TAN",
    "ORA",
    "VEL",
    "NOX",
    "QUI",
    "RAM",
    "ZEN",
    "POL",
    "SAV",
    "TRI",
    "MON",
    "ELA",
    "DRA",
    "KIN",
    "FAR",
    "GEL",
    "HAL",
    "JOR",
    "LEV",
    "NAR",
    "PEX",
    "ROS",
    "SUL",
    "TOR",
    "VIR",
    "WEN",
    "YAR",
    "ZOL",
)
_WORDS = (
    "GOLDEN",
    "PACIFIC",
    "OCEAN",
    "SUNRISE",
    "BRIGHT",
    "SILVER",
    "EAGLE",
    "SUMMIT",
    "PRIME",
    "UNITED",
    "ATLANTIC",
    "NORTHERN",
    "STAR",
    "CRYSTAL",
    "LIBERTY",
    "HARBOR",
    "DRAGON",
    "PHOENIX",
    "CORAL",
    "EVERGREEN",
    "MAPLE",
    "PIONEER",
    "VISTA",
    "ROYAL",
    "NOBLE",
    "APEX",
    "FORTUNE",
    "JADE",
    "LOTUS",
    "DIAMOND",
    "CEDAR",
    "RIVER",
    "KEYSTONE",
)
_INDUSTRY = (
    "TRADING",
    "IMPORT EXPORT",
    "INTERNATIONAL",
    "SUPPLY",
    "INDUSTRIES",
    "HOLDINGS",
    "LOGISTICS",
    "FOODS",
    "SEAFOOD",
    "METALS",
    "HOME GOODS",
    "HARDWARE",
    "DISTRIBUTION",
    "ENTERPRISES",
    "MERCHANDISE",
    "SOLAR",
    "APPAREL",
    "ELECTRONICS",
    "MANUFACTURING",
    "TEXTILES",
    "FURNITURE",
    "AUTO PARTS",
    "CHEMICALS",
    "TOYS",
)
_FORMS = ("LLC", "INC", "CORP", "CO", "LTD", "CO LTD", "LP", "CORPORATION", "LIMITED")
_SWAPS = (
    "LLC",
    "INC.",
    "CORP.",
    "CO., LTD.",
    "LIMITED",
    "GMBH",
    "S.A. DE C.V.",
    "L.L.C.",
    "INCORPORATED",
    "",
)
_FIRST = (
    "JAMES",
    "MARY",
    "ROBERT",
    "PATRICIA",
    "JOHN",
    "JENNIFER",
    "MICHAEL",
    "LINDA",
    "DAVID",
    "ELIZABETH",
    "WILLIAM",
    "SUSAN",
    "JOSEPH",
    "THOMAS",
    "SARAH",
    "CARLOS",
    "MARIA",
    "JOSE",
    "ANA",
    "LUIS",
    "ROSA",
    "JUAN",
    "WEI",
    "FANG",
    "MIN",
    "JUN",
    "YAN",
    "KEVIN",
    "GRACE",
    "DANIEL",
    "HELEN",
    "PETER",
    "AHMED",
    "FATIMA",
    "OMAR",
    "RAVI",
    "PRIYA",
    "SERGEI",
    "OLGA",
    "YURI",
    "IRINA",
    "DMITRY",
    "ALEKSANDR",
    "MOHAMMED",
)
_LAST = (
    "SMITH",
    "JOHNSON",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "GARCIA",
    "MILLER",
    "DAVIS",
    "RODRIGUEZ",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "WILSON",
    "ANDERSON",
    "TAYLOR",
    "MOORE",
    "NGUYEN",
    "ZHANG",
    "WANG",
    "LI",
    "LIU",
    "CHEN",
    "HUANG",
    "ZHOU",
    "XU",
    "WU",
    "PATEL",
    "KHAN",
    "HUSSEIN",
    "IVANOV",
    "PETROV",
    "SOKOLOV",
    "KOWALSKI",
    "MULLER",
)
_ABBREV = {
    "INTERNATIONAL": "INTL",
    "IMPORT": "IMP",
    "EXPORT": "EXP",
    "INDUSTRIES": "IND",
    "DISTRIBUTION": "DIST",
    "ENTERPRISES": "ENT",
    "MERCHANDISE": "MDSE",
    "MANUFACTURING": "MFG",
    "LOGISTICS": "LOGISTIC",
    "HOLDINGS": "HLDGS",
    "ELECTRONICS": "ELEC",
    "CORPORATION": "CORP",
}
_ROMAN = {
    "ZHANG": "CHANG",
    "ZHOU": "CHOU",
    "XU": "HSU",
    "CHEN": "CHAN",
    "HUANG": "WONG",
    "LI": "LEE",
    "LIU": "LAU",
    "WU": "NG",
    "MOHAMMED": "MUHAMMAD",
    "HUSSEIN": "HUSSAIN",
    "SERGEI": "SERGEY",
    "YURI": "IURII",
    "IVANOV": "IVANOFF",
    "PETROV": "PETROFF",
    "DMITRY": "DMITRI",
    "ALEKSANDR": "ALEXANDER",
    "AHMED": "AHMAD",
    "NGUYEN": "NGUEN",
}
_HANZI = {
    "ZHANG": "张",
    "WANG": "王",
    "LI": "李",
    "LIU": "刘",
    "CHEN": "陈",
    "HUANG": "黄",
    "ZHOU": "周",
    "XU": "徐",
    "WU": "吴",
    "WEI": "伟",
    "FANG": "芳",
    "MIN": "敏",
    "JUN": "军",
    "YAN": "燕",
}
_CYRILLIC = {
    "SERGEI": "Сергей",
    "OLGA": "Ольга",
    "YURI": "Юрий",
    "IRINA": "Ирина",
    "DMITRY": "Дмитрий",
    "ALEKSANDR": "Александр",
    "IVANOV": "Иванов",
    "PETROV": "Петров",
    "SOKOLOV": "Соколов",
    "MARIA": "Мария",
    "PETER": "Пётр",
}
_CITIES = (
    ("LOS ANGELES", "CA", "900"),
    ("NEW YORK", "NY", "100"),
    ("MIAMI", "FL", "331"),
    ("HOUSTON", "TX", "770"),
    ("CHICAGO", "IL", "606"),
    ("SEATTLE", "WA", "981"),
    ("NEWARK", "NJ", "071"),
    ("ATLANTA", "GA", "303"),
    ("DALLAS", "TX", "752"),
    ("BOSTON", "MA", "021"),
    ("PHOENIX", "AZ", "850"),
    ("DETROIT", "MI", "482"),
)
_STREETS = ("MAIN ST", "COMMERCE DR", "INDUSTRY WAY", "HARBOR BLVD", "AIRPORT RD", "OAK ST")
OPS = ("typo", "reorder", "legal_form_swap", "transliteration", "abbreviation")


@dataclass(frozen=True)
class EvalSet:
    """The list, the parties, and for each party the SAM Number it is a variant of (or None)."""

    screening_list: ScreeningList
    parties: tuple[Party, ...]
    truth: dict[str, str | None]
    ops: dict[str, tuple[str, ...]]
    hard: frozenset[str]


def _word(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(_WORDS)
    return "".join(rng.choice(_SYL) for _ in range(rng.choice((2, 2, 3))))


def _address(rng: random.Random) -> tuple[str, str, str, str]:
    city, state, zip3 = rng.choice(_CITIES)
    street = f"{rng.randint(10, 19999)} {rng.choice(_STREETS)}"
    return street, city, state, f"{zip3}{rng.randint(1, 99):02d}"


def _firm_name(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.choice((1, 2, 2)))]
    return " ".join((*words, rng.choice(_INDUSTRY), rng.choice(_FORMS)))


def _person_name(rng: random.Random) -> str:
    middle = [rng.choice(_FIRST)] if rng.random() < 0.25 else []
    last = rng.choice(_LAST) if rng.random() < 0.5 else _word(rng) + rng.choice(("SON", "EZ", "OV"))
    return " ".join((rng.choice(_FIRST), *middle, last))


def _entry(rng: random.Random, i: int) -> ListEntry:
    firm = rng.random() < 0.55
    name = _firm_name(rng) if firm else _person_name(rng)
    street, city, state, postal = _address(rng)
    return ListEntry(
        f"S{i:07d}", "Firm" if firm else "Individual", name, (), street, city, state, postal, "US"
    )


def _split_form(tokens: list[str]) -> tuple[list[str], str]:
    for size in (2, 1):
        tail = " ".join(tokens[-size:])
        if len(tokens) > size and tail in _FORMS:
            return tokens[:-size], tail
    return tokens, ""


def _typo(tokens: list[str], rng: random.Random) -> bool:
    spots = [i for i, t in enumerate(tokens) if len(t) >= 5 and t.isalpha()]
    if not spots:
        return False
    i = rng.choice(spots)
    word, pos = tokens[i], rng.randint(1, len(tokens[i]) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    elif kind == 1:
        word = word[:pos] + word[pos + 1 :]
    elif kind == 2:
        word = word[:pos] + word[pos] + word[pos:]
    else:
        word = word[:pos] + rng.choice("AEIOUNRST") + word[pos + 1 :]
    tokens[i] = word
    return True


def _transliterate(tokens: list[str], rng: random.Random) -> bool:
    if all(t in _HANZI for t in tokens) and rng.random() < 0.5:
        tokens[:] = ["".join(_HANZI[t] for t in tokens)]
        return True
    if all(t in _CYRILLIC for t in tokens) and rng.random() < 0.5:
        tokens[:] = [_CYRILLIC[t] for t in tokens]
        return True
    spots = [i for i, t in enumerate(tokens) if t in _ROMAN]
    if not spots:
        return False
    i = rng.choice(spots)
    tokens[i] = _ROMAN[tokens[i]]
    return True


def _variant(name: str, firm: bool, rng: random.Random) -> tuple[str, tuple[str, ...]]:
    tokens, form = _split_form(name.split()) if firm else (name.split(), "")
    applied: list[str] = []
    for op in rng.sample(OPS, rng.randint(1, 3)):
        if op == "typo" and _typo(tokens, rng):
            applied.append(op)
        elif op == "reorder" and len(tokens) >= 2:
            i = rng.randrange(len(tokens) - 1)
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
            applied.append(op)
        elif op == "legal_form_swap" and firm:
            form = rng.choice([f for f in _SWAPS if f != form])
            applied.append(op)
        elif op == "abbreviation" and any(t in _ABBREV for t in tokens):
            tokens = [_ABBREV.get(t, t) for t in tokens]
            applied.append(op)
        elif op == "transliteration" and _transliterate(tokens, rng):
            applied.append(op)
    if not applied and _typo(tokens, rng):
        applied.append("typo")
    return " ".join((*tokens, form)).strip(), tuple(applied)


def _lookalike(entry: ListEntry, rng: random.Random) -> str:
    tokens = entry.name.split()
    if entry.kind == "individual":
        if rng.random() < 0.5:
            return " ".join((rng.choice(_FIRST), tokens[-1]))
        return " ".join((tokens[0], rng.choice(_LAST)))
    core, form = _split_form(tokens)
    distinctive = [i for i, t in enumerate(core) if t not in " ".join(_INDUSTRY).split()]
    i = rng.choice(distinctive or [0])
    core[i] = _word(rng)
    return " ".join((*core, form))


def make_evalset(
    list_size: int,
    parties: int,
    *,
    seed: int = 7,
    variant_share: float = 0.1,
    hard_share: float = 0.4,
) -> EvalSet:
    """A labelled set of ``parties`` against a list of ``list_size`` names."""
    rng = random.Random(seed)
    entries: list[ListEntry] = []
    listed: set[str] = set()
    while len(entries) < list_size:
        entry = _entry(rng, len(entries))
        if entry.name not in listed:
            listed.add(entry.name)
            entries.append(entry)
    out: list[Party] = []
    truth: dict[str, str | None] = {}
    ops: dict[str, tuple[str, ...]] = {}
    hard: set[str] = set()
    for i in range(parties):
        pid = f"P{i:07d}"
        street, city, state, postal = _address(rng)
        if rng.random() < variant_share:
            entry = rng.choice(entries)
            name, applied = _variant(entry.name, entry.kind == "firm", rng)
            u = rng.random()
            if u < 0.5:
                street, city, state, postal = entry.street, entry.city, entry.state, entry.postal
            elif u < 0.7:
                street, city, state, postal = "", entry.city, entry.state, ""
            else:
                street = city = state = postal = ""
            truth[pid], ops[pid] = entry.sam_number, applied
        else:
            entry = rng.choice(entries)
            if rng.random() < hard_share:
                name = _lookalike(entry, rng)
                hard.add(pid)
            else:
                name = _firm_name(rng) if rng.random() < 0.55 else _person_name(rng)
            if name in listed:
                continue
            truth[pid] = None
        out.append(Party(pid, name, "", (), street, city, state, postal, "US"))
    return EvalSet(
        ScreeningList({e.sam_number: e for e in entries}), tuple(out), truth, ops, frozenset(hard)
    )
