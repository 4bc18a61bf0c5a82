"""Names, addresses and the ways a re-established firm disguises its name.

Vocabularies are small, hand-made and fictional: company names are built from generic words,
so no generated firm is meant to be a real one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIRST = [
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
    "BARBARA",
    "RICHARD",
    "SUSAN",
    "JOSEPH",
    "JESSICA",
    "THOMAS",
    "SARAH",
    "CARLOS",
    "MARIA",
    "JOSE",
    "ANA",
    "LUIS",
    "ROSA",
    "JUAN",
    "CARMEN",
    "WEI",
    "LING",
    "MIN",
    "HUI",
    "JUN",
    "YAN",
    "KEVIN",
    "AMY",
    "ERIC",
    "GRACE",
    "DANIEL",
    "HELEN",
    "PETER",
    "ANNA",
    "SAMUEL",
    "LAURA",
    "AHMED",
    "FATIMA",
    "OMAR",
    "LEILA",
    "RAVI",
    "PRIYA",
    "ANIL",
    "SUNITA",
    "MINH",
    "LAN",
    "TUAN",
    "HOA",
    "SERGEI",
    "OLGA",
    "YURI",
    "IRINA",
    "VICTOR",
    "ELENA",
    "FRANK",
    "NANCY",
    "GEORGE",
    "KAREN",
    "EDWARD",
    "LISA",
    "BRIAN",
    "DONNA",
]
LAST = [
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
    "GONZALEZ",
    "WILSON",
    "ANDERSON",
    "THOMAS",
    "TAYLOR",
    "MOORE",
    "JACKSON",
    "MARTIN",
    "LEE",
    "PEREZ",
    "THOMPSON",
    "WHITE",
    "HARRIS",
    "SANCHEZ",
    "CLARK",
    "RAMIREZ",
    "LEWIS",
    "ROBINSON",
    "WALKER",
    "YOUNG",
    "ALLEN",
    "KING",
    "WRIGHT",
    "SCOTT",
    "TORRES",
    "NGUYEN",
    "TRAN",
    "PHAM",
    "HILL",
    "FLORES",
    "GREEN",
    "ADAMS",
    "NELSON",
    "BAKER",
    "HALL",
    "RIVERA",
    "CAMPBELL",
    "MITCHELL",
    "CARTER",
    "ZHANG",
    "WANG",
    "LI",
    "LIU",
    "CHEN",
    "YANG",
    "HUANG",
    "ZHAO",
    "WU",
    "ZHOU",
    "XU",
    "SUN",
    "MA",
    "ZHU",
    "HU",
    "GUO",
    "LIN",
    "KIM",
    "PARK",
    "CHOI",
    "PATEL",
    "SHAH",
    "KUMAR",
    "SINGH",
    "KHAN",
    "HUSSEIN",
    "MOHAMMED",
    "IVANOV",
    "PETROV",
    "SOKOLOV",
    "KOWALSKI",
    "MULLER",
    "SCHMIDT",
]
PINYIN = [
    "HUA",
    "XIN",
    "DA",
    "FENG",
    "SHENG",
    "TAI",
    "KANG",
    "YUAN",
    "HONG",
    "JIN",
    "LONG",
    "XING",
    "MING",
    "HAI",
    "TIAN",
    "RUI",
    "FU",
    "HENG",
    "QING",
    "GUANG",
    "JIANG",
    "YANG",
    "ZHONG",
    "DE",
    "LI",
    "AN",
    "BAO",
    "CHANG",
    "HE",
    "SHUN",
]
WORDS = [
    "GOLDEN",
    "PACIFIC",
    "OCEAN",
    "GLOBAL",
    "EASTERN",
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
    "ORCHID",
]
INDUSTRY = [
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
    "KITCHEN SUPPLY",
    "BUILDING MATERIALS",
    "APPAREL",
    "ELECTRONICS",
    "GARDEN PRODUCTS",
    "AQUATIC PRODUCTS",
]
LEGAL_FORMS = ("LLC", "INC", "CORP", "CO LTD", "LTD", "GMBH", "CO", "LP")
US_FORMS = ("LLC", "INC", "CORP", "CO", "LP")
ABBREVIATIONS = {
    "INTERNATIONAL": "INTL",
    "IMPORT EXPORT": "IMP EXP",
    "INDUSTRIES": "IND",
    "DISTRIBUTION": "DIST",
    "ENTERPRISES": "ENT",
    "MERCHANDISE": "MDSE",
    "LOGISTICS": "LOGISTIC",
}
TRANSLITERATIONS = {
    "ZHANG": "CHANG",
    "ZHOU": "CHOU",
    "XU": "HSU",
    "CHEN": "CHERN",
    "HUANG": "WONG",
    "LI": "LEE",
    "LIU": "LAU",
    "ZHAO": "CHAO",
    "WU": "WOO",
    "XIN": "HSIN",
    "QING": "CHING",
    "GUANG": "KWONG",
    "JIANG": "CHIANG",
    "YANG": "YEUNG",
    "HUA": "HWA",
    "ZHONG": "CHUNG",
    "XING": "HSING",
    "FENG": "FUNG",
    "SHENG": "SHING",
    "JIN": "KAM",
    "HONG": "HUNG",
    "MOHAMMED": "MUHAMMAD",
    "HUSSEIN": "HUSAIN",
    "SERGEI": "SERGEY",
    "YURI": "IURII",
    "IVANOV": "IVANOFF",
    "NGUYEN": "NGUYENN",
    "OLGA": "OLHA",
    "PETROV": "PETROFF",
}
US_PLACES = (
    ("LOS ANGELES", "CA", "900", "213"),
    ("CITY OF INDUSTRY", "CA", "917", "626"),
    ("ONTARIO", "CA", "917", "909"),
    ("LONG BEACH", "CA", "908", "562"),
    ("EL MONTE", "CA", "917", "626"),
    ("SAN DIEGO", "CA", "921", "619"),
    ("NEW YORK", "NY", "100", "212"),
    ("BROOKLYN", "NY", "112", "718"),
    ("FLUSHING", "NY", "113", "718"),
    ("EDISON", "NJ", "088", "732"),
    ("JERSEY CITY", "NJ", "073", "201"),
    ("NEWARK", "NJ", "071", "973"),
    ("MIAMI", "FL", "331", "305"),
    ("DORAL", "FL", "331", "305"),
    ("HOUSTON", "TX", "770", "713"),
    ("DALLAS", "TX", "752", "214"),
    ("LAREDO", "TX", "780", "956"),
    ("CHICAGO", "IL", "606", "312"),
    ("SEATTLE", "WA", "981", "206"),
    ("ATLANTA", "GA", "303", "404"),
    ("SAVANNAH", "GA", "314", "912"),
    ("BALTIMORE", "MD", "212", "410"),
    ("CHARLOTTE", "NC", "282", "704"),
    ("PORTLAND", "OR", "972", "503"),
    ("PHOENIX", "AZ", "850", "602"),
    ("DETROIT", "MI", "482", "313"),
    ("COLUMBUS", "OH", "432", "614"),
    ("BOSTON", "MA", "021", "617"),
)
STREETS = (
    "MAIN ST",
    "COMMERCE DR",
    "INDUSTRY WAY",
    "HARBOR BLVD",
    "AIRPORT RD",
    "VALLEY BLVD",
    "CENTRAL AVE",
    "PARK AVE",
    "MARKET ST",
    "LOGISTICS PKWY",
    "TRADE CENTER DR",
    "OAK ST",
    "WAREHOUSE RD",
    "GATEWAY BLVD",
    "FREEPORT DR",
    "PACIFIC AVE",
    "CANAL ST",
    "ELM ST",
    "EXPORT WAY",
    "DISTRIBUTION CT",
    "TECHNOLOGY DR",
    "MILL RD",
    "BAY ST",
    "RIVERSIDE DR",
)
FOREIGN_PLACES = {
    "CN": (
        "SHENZHEN",
        "GUANGZHOU",
        "NINGBO",
        "YIWU",
        "XIAMEN",
        "QINGDAO",
        "SHANGHAI",
        "DONGGUAN",
        "HANGZHOU",
        "TIANJIN",
    ),
    "HK": ("KOWLOON", "HONG KONG", "TSUEN WAN"),
    "VN": ("HO CHI MINH CITY", "HAI PHONG", "CAN THO"),
    "IN": ("MUMBAI", "CHENNAI", "KOLKATA"),
    "TH": ("BANGKOK", "SAMUT SAKHON"),
    "KR": ("SEOUL", "BUSAN", "INCHEON"),
    "TW": ("TAIPEI", "KAOHSIUNG"),
    "MX": ("MONTERREY", "TIJUANA", "GUADALAJARA"),
    "CA": ("TORONTO", "VANCOUVER", "MONTREAL"),
    "DE": ("HAMBURG", "FRANKFURT"),
    "GB": ("LONDON", "MANCHESTER"),
    "TR": ("ISTANBUL", "IZMIR"),
    "LT": ("VILNIUS", "KLAIPEDA"),
    "MY": ("KUALA LUMPUR", "PENANG"),
    "AE": ("DUBAI", "SHARJAH"),
}
FOREIGN_STREETS = (
    "INDUSTRIAL ZONE",
    "HI-TECH ROAD",
    "PORT AREA",
    "TRADE PARK",
    "NO. 8 ROAD",
    "EXPORT PROCESSING ZONE",
    "BUSINESS CENTER",
    "LOGISTICS PARK",
)
EMAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "163.com", "qq.com", "hotmail.com")


def pick(rng: np.random.Generator, seq: tuple[str, ...] | list[str]) -> str:
    return seq[int(rng.integers(len(seq)))]


def person(rng: np.random.Generator) -> tuple[str, str, str]:
    """(first, middle, last); the middle name is blank or an initial-like name half the time."""
    middle = pick(rng, FIRST) if rng.random() < 0.35 else ""
    return pick(rng, FIRST), middle, pick(rng, LAST)


def full_name(first: str, middle: str, last: str) -> str:
    return " ".join(p for p in (first, middle, last) if p)


@dataclass(frozen=True)
class FirmName:
    """A firm name as tokens plus a legal form, so transformations can work on parts."""

    tokens: tuple[str, ...]
    form: str

    def __str__(self) -> str:
        return " ".join((*self.tokens, self.form)) if self.form else " ".join(self.tokens)


def firm(
    rng: np.random.Generator, *, chinese: bool = False, forms: tuple[str, ...] = US_FORMS
) -> FirmName:
    tokens: tuple[str, ...]
    if chinese:
        city = pick(rng, FOREIGN_PLACES["CN"])
        tokens = (city, pick(rng, PINYIN) + pick(rng, PINYIN), pick(rng, INDUSTRY))
        return FirmName(tokens, "CO LTD")
    if rng.random() < 0.25:
        tokens = (pick(rng, LAST), pick(rng, INDUSTRY))
    else:
        tokens = (pick(rng, WORDS), pick(rng, WORDS), pick(rng, INDUSTRY))
    if tokens[0] == tokens[1]:
        tokens = tokens[1:]
    return FirmName(tokens, pick(rng, forms))


def us_address(rng: np.random.Generator) -> tuple[str, str, str, str, str]:
    """(street, city, state, postal_code, phone)."""
    city, state, zip3, area = US_PLACES[int(rng.integers(len(US_PLACES)))]
    street = f"{int(rng.integers(10, 20000))} {pick(rng, STREETS)}"
    if rng.random() < 0.2:
        street += f" STE {int(rng.integers(100, 999))}"
    postal = f"{zip3}{int(rng.integers(1, 99)):02d}"
    phone = f"+1{area}{int(rng.integers(200, 999))}{int(rng.integers(0, 9999)):04d}"
    return street, city, state, postal, phone


def foreign_address(rng: np.random.Generator, country: str) -> tuple[str, str, str, str]:
    """(street, city, postal_code, phone) abroad."""
    cities = FOREIGN_PLACES.get(country, FOREIGN_PLACES["CN"])
    street = f"NO. {int(rng.integers(1, 999))} {pick(rng, FOREIGN_STREETS)}"
    postal = f"{int(rng.integers(100000, 999999))}"
    phone = f"+{int(rng.integers(20, 99))}{int(rng.integers(10**8, 10**9))}"
    return street, pick(rng, cities), postal, phone


def email_for(name: str, domain: str) -> str:
    local = "".join(c for c in name.lower() if c.isalnum())[:12] or "info"
    return f"{local}@{domain}"


def company_domain(name: FirmName) -> str:
    stem = "".join(c for c in "".join(name.tokens[:2]).lower() if c.isalnum())[:18]
    return f"{stem}.com"


# --- disguises --------------------------------------------------------------------------


def swap_form(name: FirmName, rng: np.random.Generator) -> FirmName:
    options = [f for f in LEGAL_FORMS if f != name.form]
    return FirmName(name.tokens, pick(rng, options))


def transliterate(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """Replace the first token that has a known romanisation variant."""
    out = list(tokens)
    for i, token in enumerate(out):
        for part_index, part in enumerate(token.split(" ")):
            if part in TRANSLITERATIONS:
                parts = token.split(" ")
                parts[part_index] = TRANSLITERATIONS[part]
                out[i] = " ".join(parts)
                return tuple(out), True
        # pinyin compounds such as HUAXIN
        for syllable, variant in TRANSLITERATIONS.items():
            if len(syllable) >= 3 and token.startswith(syllable) and token != syllable:
                out[i] = variant + token[len(syllable) :]
                return tuple(out), True
    return tokens, False


def typo(text: str, rng: np.random.Generator) -> str:
    """One keyboard slip in a word of 4+ letters: swap, drop or double a letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return text
    i = candidates[int(rng.integers(len(candidates)))]
    word = words[i]
    pos = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(3))
    if kind == 0:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    elif kind == 1:
        word = word[:pos] + word[pos + 1 :]
    else:
        word = word[:pos] + word[pos] + word[pos:]
    words[i] = word
    return " ".join(words)


def reorder(tokens: tuple[str, ...]) -> tuple[str, ...]:
    if len(tokens) < 2:
        return tokens
    return (tokens[1], tokens[0], *tokens[2:])


def abbreviate(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    out = tuple(ABBREVIATIONS.get(t, t) for t in tokens)
    return out, out != tokens


# --- vectorised pieces for the big tables ------------------------------------------------


def choose(rng: np.random.Generator, vocab: tuple[str, ...] | list[str], n: int) -> np.ndarray:
    return np.asarray(vocab, dtype=object)[rng.integers(0, len(vocab), n)]


def officer(rng: np.random.Generator) -> str:
    """An officer's name as firms list them: first and last."""
    return f"{pick(rng, FIRST)} {pick(rng, LAST)}"
