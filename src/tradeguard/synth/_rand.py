"""Seeded random streams: one independent numpy Generator per part of the world.

Each part draws from its own stream, derived from the world seed and the part's name, so that
adding draws to one part never changes another part's output, and chunk ``k`` of a big table is
the same whatever the chunk size of the tables around it.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *names: str | int) -> np.random.Generator:
    """A Generator for ``names`` under ``seed`` (stable across processes and platforms)."""
    keys = [int(seed) & 0xFFFFFFFF]
    for name in names:
        keys.append(name if isinstance(name, int) else zlib.crc32(name.encode()))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(keys)))


def zipf_weights(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Weights ``rank ** -exponent`` over ``n`` items in random order, summing to 1."""
    ranks = rng.permutation(n) + 1
    weights = ranks.astype(float) ** -exponent
    out: np.ndarray = weights / weights.sum()
    return out
