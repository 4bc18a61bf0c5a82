from __future__ import annotations

import datetime as dt

import pytest

from tradeguard.policy import PolicyBook, load_policy
from tradeguard.posts.params import PostsPolicy, posts_policy


@pytest.fixture(scope="session")
def book() -> PolicyBook:
    return load_policy()


@pytest.fixture(scope="session")
def policy(book: PolicyBook) -> PostsPolicy:
    return posts_policy(book, dt.date(2026, 1, 1))
