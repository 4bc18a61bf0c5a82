"""Shared fixtures for the fee tests: the shipped policy and a small policy-edit helper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tradeguard.policy import PolicyBook, load_policy
from tradeguard.policy.book import DEFAULT_DIR, parse_policy_texts


@pytest.fixture(scope="session")
def policy() -> PolicyBook:
    return load_policy()


def _edited_policy(replacements: dict[str, tuple[str, str]]) -> PolicyBook:
    """The shipped fee policy files with text replaced: ``{file name: (old, new)}``.

    Only the two fee files are read, so other capabilities' policy edits cannot disturb these
    tests.
    """
    texts = []
    for path in (Path(DEFAULT_DIR) / "fees.yaml", Path(DEFAULT_DIR) / "fee_costs.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name in replacements:
            old, new = replacements[path.name]
            assert old in text, f"{old!r} not in {path.name}"
            text = text.replace(old, new)
        texts.append((path.name, text))
    return parse_policy_texts(texts)


EditPolicy = Callable[[dict[str, tuple[str, str]]], PolicyBook]


@pytest.fixture()
def edit_policy() -> EditPolicy:
    """A function giving the fee policy with some text replaced (see ``_edited_policy``)."""
    return _edited_policy
