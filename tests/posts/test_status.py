"""The escalation state machine (methods 5.A property 7, EO 13904 s.5(b)-(d))."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeguard.posts.params import PostsPolicy
from tradeguard.posts.status import PostState, QuarterOutcome, eo_level, run_sequence

T = 50.0
NC = QuarterOutcome(True, True, 30.0, T)
C_LOW = QuarterOutcome(True, False, T + 1, T)  # compliant, inside the margin
C_HIGH = QuarterOutcome(True, False, T + 20, T)  # compliant with margin
C_HIGH_ATTESTED = dataclasses.replace(C_HIGH, attested=True)
UNSCORED = QuarterOutcome(False, False)


def last(outcomes: list[QuarterOutcome], policy: PostsPolicy) -> PostState:
    return run_sequence(outcomes, policy)[-1]


@pytest.mark.parametrize(
    ("quarters", "tier"), [(1, 0), (2, 1), (5, 1), (6, 2), (7, 2), (8, 3), (12, 3)]
)
def test_levels_at_2_6_8(policy: PostsPolicy, quarters: int, tier: int) -> None:
    state = last([NC] * quarters, policy)
    assert state.counter == quarters
    assert state.tier == tier


def test_one_compliant_quarter_resets_counter(policy: PostsPolicy) -> None:
    assert last([NC] * 5 + [C_LOW, NC], policy).counter == 1


def test_tier_stays_after_one_compliant_quarter_below_margin(policy: PostsPolicy) -> None:
    states = run_sequence([NC] * 6 + [C_LOW] * 5, policy)
    assert [s.tier for s in states[6:]] == [2] * 5
    assert states[-1].counter == 0


def test_tier_steps_down_one_level_per_block_of_r(policy: PostsPolicy) -> None:
    r = policy.removal_quarters
    states = run_sequence([NC] * 6 + [C_HIGH] * (3 * r), policy)
    tiers = [s.tier for s in states[6:]]
    expected = [2] * (r - 1) + [1] + [1] * (r - 1) + [0] + [0] * r
    assert tiers == expected


def test_lowered_only_after_r_consecutive_qualifying(policy: PostsPolicy) -> None:
    r = policy.removal_quarters
    seq = [NC] * 2 + ([C_HIGH] * (r - 1) + [C_LOW]) * 3
    assert all(s.tier == 1 for s in run_sequence(seq, policy)[1:])


def test_tier3_needs_attestation(policy: PostsPolicy) -> None:
    r = policy.removal_quarters
    held = run_sequence([NC] * 8 + [C_HIGH] * (3 * r), policy)
    assert all(s.tier == 3 for s in held[8:])
    freed = run_sequence([NC] * 8 + [C_HIGH] * (r - 1) + [C_HIGH_ATTESTED], policy)
    assert freed[-1].tier == 2


def test_unscored_quarter_follows_policy(policy: PostsPolicy) -> None:
    assert last([NC] * 3 + [UNSCORED], policy).counter == 0
    hold = dataclasses.replace(policy, unscored_counter="hold")
    assert last([NC] * 3 + [UNSCORED, NC], hold).counter == 4


outcomes = st.lists(st.sampled_from([NC, C_LOW, C_HIGH, C_HIGH_ATTESTED, UNSCORED]), max_size=40)


@given(seq=outcomes)
def test_state_machine_invariants(policy: PostsPolicy, seq: list[QuarterOutcome]) -> None:
    before = PostState()
    for i, (outcome, after) in enumerate(zip(seq, run_sequence(seq, policy), strict=True)):
        trailing = 0
        for o in reversed(seq[: i + 1]):
            if not o.noncompliant:
                break
            trailing += 1
        assert after.counter == trailing  # EO-literal: consecutive non-compliant quarters
        assert after.tier >= eo_level(after.counter, policy)
        assert after.tier <= 3
        if after.tier < before.tier:  # a step down: one level, after R qualifying quarters
            assert after.tier == before.tier - 1
            window = seq[i + 1 - policy.removal_quarters : i + 1]
            assert len(window) == policy.removal_quarters
            assert all(o.scored and not o.noncompliant and o.score == T + 20 for o in window)
            assert before.tier != 3 or outcome.attested
        if after.tier > before.tier:
            assert after.tier == eo_level(after.counter, policy)
        before = after
