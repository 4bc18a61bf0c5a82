"""Normalisation of names, addresses, phones, e-mails and identifiers before comparison.

Names: any script is transliterated to Latin (``anyascii``; Chinese, Japanese and Korean
syllables become separate tokens), upper-cased, stripped of punctuation; abbreviations are
expanded, romanisation variants folded to one form (``CHANG`` -> ``ZHANG``), legal forms and
honorifics set apart so that ``TERRA KLEAN SOLUTIONS INC.`` and ``Terra Klean Solutions,
L.L.C.`` share the same core tokens. Legal forms in other languages are recognised through
``rigour``'s organisation-type table. Phones become E.164 (``phonenumbers``); IOR numbers give
their EIN root (``tradeguard.domain.identifiers``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from anyascii import anyascii
from rigour.names import remove_org_types

from tradeguard.domain.identifiers import parse_ior, parse_uei
from tradeguard.errors import InvalidInput
from tradeguard.parties.policy import PartiesPolicy

__all__ = [
    "NameNormalizer",
    "NormAddress",
    "NormName",
    "email_domain",
    "ior_root",
    "norm_address",
    "norm_addresses",
    "norm_email",
    "norm_phone",
    "norm_uei",
    "transliterate",
]

_PUNCT = re.compile(r"[^A-Z0-9 ]+")
_DROP = str.maketrans({".": "", "'": "", "\u2019": ""})
# the same as _PUNCT.sub(" ", ...) for ASCII text, through str.translate's 1:1 ASCII fast path
_SPACE = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isascii() and (c.isalnum() or c == " "))}
    | {c: c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "}
    | {c: " " for c in "abcdefghijklmnopqrstuvwxyz"}
)
_FORM_CLASS = {
    **dict.fromkeys(
        (
            "LLC",
            "LC",
            "LTD",
            "LIMITED",
            "GMBH",
            "PTY",
            "PTE",
            "BHD",
            "SDN",
            "OOO",
            "SRL",
            "SARL",
            "BV",
            "OY",
            "AB",
            "AS",
            "RL",
        ),
        "LIMITED",
    ),
    **dict.fromkeys(
        (
            "INC",
            "INCORPORATED",
            "CORP",
            "CORPORATION",
            "AG",
            "SA",
            "SAS",
            "SPA",
            "NV",
            "JSC",
            "PLC",
            "KK",
            "OAO",
            "ZAO",
            "PAO",
            "CV",
        ),
        "CORPORATION",
    ),
    **dict.fromkeys(("CO", "COMPANY"), "COMPANY"),
    **dict.fromkeys(("LP", "LLP", "KG", "PLLC", "PC", "PA"), "PARTNERSHIP"),
}


def _is_syllabic(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF
    )


@lru_cache(maxsize=200_000)
def transliterate(text: str) -> str:
    """Latin letters for any script; one token per Chinese, Japanese or Korean syllable.

    >>> transliterate("张伟"), transliterate("Сергей Петров"), transliterate("Müller")
    ('Zhang Wei ', 'Sergey Petrov', 'Muller')
    """
    if text.isascii():
        return text
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        elif _is_syllabic(char):
            out.append(f" {anyascii(char)} ")
        else:
            out.append(anyascii(char))
    return re.sub(r"  +", " ", "".join(out)).lstrip()


@dataclass(frozen=True, slots=True)
class NormName:
    """A name ready for comparison: core tokens, its legal form's class, and the raw text."""

    raw: str
    tokens: tuple[str, ...]
    form: str = ""

    @property
    def text(self) -> str:
        """Core tokens in their order, e.g. ``TERRA KLEAN SOLUTIONS``."""
        return " ".join(self.tokens)

    @property
    def sorted_text(self) -> str:
        """Core tokens sorted, so that order does not matter."""
        return " ".join(sorted(self.tokens))


class NameNormalizer:
    """Turns names into :class:`NormName` with the word tables of one policy (cached).

    >>> from tradeguard.parties.policy import parties_policy
    >>> norm = NameNormalizer(parties_policy())
    >>> norm("Terra Klean Solutions, L.L.C.").tokens, norm("TERRA KLEAN SOLUTIONS INC.").form
    (('TERRA', 'KLEAN', 'SOLUTIONS'), 'CORPORATION')
    >>> norm("Chang Wei Intl Trading Co., Ltd.").text
    'ZHANG WEI INTERNATIONAL TRADING'
    """

    def __init__(self, policy: PartiesPolicy) -> None:
        self._token: dict[str, str] = dict(policy.abbreviations)
        for group in policy.romanisations:
            for variant in group[1:]:
                self._token[variant] = group[0]
        self._fold_suffix = policy.cyrillic_suffix_fold
        self._forms = policy.legal_forms
        self._titles = policy.person_titles
        self._cache: dict[str, NormName] = {}
        self._canonical: dict[str, str] = {}

    def token(self, token: str) -> str:
        """The canonical form of one upper-case token."""
        found = self._canonical.get(token)
        if found is None:
            found = self._token_form(token)
            if len(self._canonical) < 1_000_000:
                self._canonical[token] = found
        return found

    def _token_form(self, token: str) -> str:
        out = self._token.get(token, token)
        if self._fold_suffix and len(out) > 4:
            if out.endswith("OFF"):
                out = out[:-3] + "OV"
            elif out.endswith("EFF"):
                out = out[:-3] + "EV"
        return out

    def clean(self, text: str) -> list[str]:
        """Upper-case tokens without punctuation (``&`` becomes ``AND``)."""
        return _clean(text)

    def tables(self) -> list[dict[str, str]]:
        """The token tables read for every name (canonical forms, variants)."""
        return [self._canonical, self._token]

    def __call__(self, text: str) -> NormName:
        found = self._cache.get(text)
        if found is None:
            found = self._normalise(text)
            if len(self._cache) < 2_000_000:
                self._cache[text] = found
        return found

    def _normalise(self, text: str) -> NormName:
        raw = _clean(text)
        core: list[str] = []
        form = ""
        known = self._canonical
        for i, token in enumerate(raw):
            canonical = known.get(token) or self.token(token)
            if canonical in self._forms and (i > 0 or canonical in {"OOO", "PT", "CV"}):
                form = form or _FORM_CLASS.get(canonical, canonical)
            elif (canonical in self._titles and len(raw) > 2) or (
                canonical == "DE" and form and i + 1 < len(raw)  # SA DE CV, S DE RL
            ):
                continue
            else:
                core.append(canonical)
        if not form and len(core) > 1 and _has_foreign_form(" ".join(raw)):
            form = "FOREIGN"
            core = [self.token(t) for t in self.clean(remove_org_types(" ".join(raw).lower()))]
        if not core:
            core = [self.token(t) for t in raw]
        return NormName(text, tuple(core), form)


def _words(
    text: str, spaced: tuple[str, str], table: dict[int, str], punct: re.Pattern[str]
) -> list[str]:
    """Upper-case words of any script: ``spaced[0]`` becomes ``spaced[1]``, dots and
    apostrophes go, other punctuation separates words (``table`` for ASCII text, through
    ``str.translate``'s fast path; ``punct`` otherwise)."""
    upper = (text if text.isascii() else transliterate(text)).upper()
    if spaced[0] in upper:
        upper = upper.replace(*spaced)
    if "." in upper or "'" in upper:
        upper = upper.replace(".", "").replace("'", "")
    if upper.isascii():
        return upper.translate(table).split()
    return punct.sub(" ", upper.translate(_DROP)).split()


def _clean(text: str) -> list[str]:
    return _words(text, ("&", " AND "), _SPACE, _PUNCT)


def _has_foreign_form(text: str) -> bool:
    lowered = text.lower()
    return remove_org_types(lowered).strip() != lowered.strip()


# --- addresses ----------------------------------------------------------------------------

_STREET_WORDS = {
    "STREET": "ST",
    "AVENUE": "AVE",
    "AV": "AVE",
    "ROAD": "RD",
    "BOULEVARD": "BLVD",
    "DRIVE": "DR",
    "LANE": "LN",
    "COURT": "CT",
    "PLACE": "PL",
    "PARKWAY": "PKWY",
    "HIGHWAY": "HWY",
    "SQUARE": "SQ",
    "TERRACE": "TER",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "SUITE": "STE",
    "UNIT": "STE",
    "ROOM": "STE",
    "RM": "STE",
    "APT": "STE",
    "APARTMENT": "STE",
    "FLOOR": "FL",
    "NUMBER": "NO",
    "BUILDING": "BLDG",
}
_UNIT = re.compile(r"\b(?:STE|FL)\s+(\w+)$|#\s*(\w+)$")


@dataclass(frozen=True, slots=True)
class NormAddress:
    """A street without its suite or unit, the unit, the city, a postal key and a country."""

    street: str = ""
    unit: str = ""
    city: str = ""
    postal: str = ""
    country: str = ""

    @property
    def has_street(self) -> bool:
        return any(ch.isdigit() for ch in self.street) and len(self.street) >= 5


_SPACE_KEEP_HASH = str.maketrans({**{chr(k): v for k, v in _SPACE.items()}, "#": "#"})
_STREET_PUNCT = re.compile(r"[^A-Z0-9# ]+")


def _street(text: str) -> tuple[str, str]:
    if not text:
        return "", ""
    split = _words(text, ("#", " # "), _SPACE_KEEP_HASH, _STREET_PUNCT)
    get = _STREET_WORDS.get
    joined = " ".join([get(w, w) for w in split])
    if "#" not in joined and "STE" not in joined and "FL" not in joined:
        return joined, ""
    match = _UNIT.search(joined)
    if not match:
        return joined, ""
    unit = match.group(1) or match.group(2) or ""
    return joined[: match.start()].strip(), unit


@lru_cache(maxsize=200_000)
def norm_address(
    street: str | None = None,
    city: str | None = None,
    postal: str | None = None,
    country: str | None = None,
) -> NormAddress:
    """US and foreign addresses to comparable parts (US ZIP codes to their first 5 digits).

    >>> a = norm_address("16987 Trade Center Drive, Suite 985", "Savannah", "31430-1234", "US")
    >>> a.street, a.unit, a.city, a.postal
    ('16987 TRADE CENTER DR', '985', 'SAVANNAH', '31430')
    """
    return _norm_address(street, city, postal, country)


def norm_addresses(
    rows: Iterable[tuple[str | None, str | None, str | None, str | None]],
) -> list[NormAddress]:
    """:func:`norm_address` of many ``(street, city, postal, country)`` rows, each distinct
    row normalised once, without the shared cache: a batch of mostly new addresses would
    only churn it (and in a forked worker, evicting the entries it inherited writes to the
    parent's memory pages, which copies them one page fault at a time).

    >>> [a.postal for a in norm_addresses([("1 Main St", "Reno", "89501-1", "US")] * 2)]
    ['89501', '89501']
    """
    seen: dict[tuple[str | None, str | None, str | None, str | None], NormAddress] = {}
    out: list[NormAddress] = []
    for row in rows:
        found = seen.get(row)
        if found is None:
            found = seen[row] = _norm_address(*row)
        out.append(found)
    return out


def _norm_address(
    street: str | None = None,
    city: str | None = None,
    postal: str | None = None,
    country: str | None = None,
) -> NormAddress:
    base, unit = _street(street or "")
    upper = (city or "").upper()
    if upper.isascii():
        place = " ".join(upper.translate(_SPACE).split())
    else:
        place = " ".join(_PUNCT.sub(" ", transliterate(city or "").upper()).split())
    code = (postal or "").upper()
    if not (code.isascii() and code.isalnum()):
        code = re.sub(r"[^A-Z0-9]", "", code)
    ctry = (country or "").strip().upper()[:2]
    if ctry in ("US", "") and code.isdigit() and len(code) >= 5:
        code = code[:5]
    return NormAddress(base, unit, place, code, ctry)


# --- phones, e-mails, identifiers ---------------------------------------------------------


@lru_cache(maxsize=200_000)
def norm_phone(text: str | None, country: str | None = "US") -> str | None:
    """E.164 (``+12135550123``) or ``None`` when the text is not a possible number.

    >>> norm_phone("(213) 555-0123"), norm_phone("+86 755 8888 1234", "US")
    ('+12135550123', '+8675588881234')
    """
    if not text or not text.strip():
        return None
    try:
        number = phonenumbers.parse(text, (country or "US").upper()[:2] or "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def norm_email(text: str | None) -> str | None:
    """Lower-case address with the ``+tag`` removed, or ``None`` when it is not one."""
    if not text or "@" not in text:
        return None
    local, _, domain = text.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if not local or "." not in domain:
        return None
    return f"{local}@{domain}"


def email_domain(email: str | None) -> str | None:
    return email.rpartition("@")[2] if email else None


def ior_root(text: str | None) -> str | None:
    """The EIN root (or SSN, or CBP number) of an IOR number; ``None`` if it is not valid."""
    if not text:
        return None
    try:
        return parse_ior(text).root
    except InvalidInput:
        return None


def norm_uei(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return parse_uei(text)
    except InvalidInput:
        return None
