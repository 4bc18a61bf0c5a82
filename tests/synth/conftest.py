from __future__ import annotations

from pathlib import Path

import pytest

from tradeguard.synth import WorldSummary, generate_world

TINY = 0.02


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> WorldSummary:
    return generate_world(tmp_path_factory.mktemp("tiny") / "w", seed=7, scale=TINY)


def read_header(path: Path) -> list[str]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))
