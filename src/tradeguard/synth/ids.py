"""Builders of valid identifiers (each passes its ``tradeguard.domain.identifiers`` parser)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from stdnum.us import ein as stdnum_ein

from tradeguard.domain.identifiers import entry_check_digit

_SUFFIX_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXY"  # no O, I or Z (CBP Form 5106 suffix rule)
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UEI_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"  # no O or I
_S10_WEIGHTS = np.array([8, 6, 4, 2, 3, 5, 9, 7])


@lru_cache(maxsize=1)
def ein_prefixes() -> tuple[str, ...]:
    """The two-digit EIN prefixes the IRS assigns (python-stdnum's campus table)."""
    return tuple(f"{p:02d}" for p in range(100) if stdnum_ein.is_valid(f"{p:02d}0000001"))


class Registry:
    """Hands out unique identifiers of each kind (deterministic for a given stream)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._used: dict[str, set[str]] = {}

    def _unique(self, kind: str, make: object) -> str:
        used = self._used.setdefault(kind, set())
        while True:
            value = make()  # type: ignore[operator]
            if value not in used:
                used.add(value)
                return str(value)

    def ein_ior(self) -> str:
        rng = self.rng
        prefixes = ein_prefixes()

        def make() -> str:
            prefix = prefixes[int(rng.integers(len(prefixes)))]
            suffix = (
                "00"
                if rng.random() < 0.8
                else "".join(_SUFFIX_CHARS[int(i)] for i in rng.integers(0, len(_SUFFIX_CHARS), 2))
            )
            return f"{prefix}-{int(rng.integers(0, 10**7)):07d}{suffix}"

        return self._unique("ior", make)

    def ssn(self) -> str:
        rng = self.rng

        def make() -> str:
            area = int(rng.integers(1, 666))
            return f"{area:03d}-{int(rng.integers(1, 100)):02d}-{int(rng.integers(1, 10000)):04d}"

        return self._unique("ior", make)

    def cbp_number(self, year: int, port: str) -> str:
        rng = self.rng
        return self._unique(
            "ior", lambda: f"{year % 100:02d}{port}-{int(rng.integers(0, 10**5)):05d}"
        )

    def filer_code(self) -> str:
        rng = self.rng
        return self._unique(
            "filer", lambda: "".join(_ALNUM[int(i)] for i in rng.integers(10, 36, 3))
        )

    def uei(self) -> str:
        rng = self.rng

        def make() -> str:
            chars = [_UEI_CHARS[int(i)] for i in rng.integers(0, len(_UEI_CHARS), 12)]
            if chars[0] == "0":
                chars[0] = "D"
            return "".join(chars)

        return self._unique("uei", make)

    def sam_number(self) -> str:
        rng = self.rng
        return self._unique(
            "sam", lambda: "S4MR" + "".join(_ALNUM[int(i)] for i in rng.integers(0, 36, 5))
        )

    def cage(self) -> str:
        rng = self.rng
        return self._unique("cage", lambda: "".join(_ALNUM[int(i)] for i in rng.integers(0, 36, 5)))


def entry_number(filer_code: str, serial: int) -> str:
    text = f"{serial:07d}"
    return f"{filer_code}-{text}-{entry_check_digit(filer_code, text)}"


def s10_ids(service: np.ndarray, serial: np.ndarray, country: str) -> pa.Array:
    """Vectorised S10 ids: service indicators (2 letters), serials (< 10**8), one country."""
    digits = (serial[:, None] // (10 ** np.arange(7, -1, -1))) % 10
    check = 11 - (digits @ _S10_WEIGHTS) % 11
    check = np.where(check == 10, 0, np.where(check == 11, 5, check))
    body = pc.utf8_lpad(pa.array(serial.astype(str)), width=8, padding="0")
    return pc.binary_join_element_wise(
        pa.array(service), body, pa.array(check.astype(str)), pa.scalar(country), ""
    )
