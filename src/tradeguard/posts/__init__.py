"""International mail non-compliance: EO 13904 s.4 and s.5.

* s.5(a): the International Mail Non-Compliance metric, a quarterly score per international post
  (:mod:`~tradeguard.posts.aggregate` inputs, :mod:`~tradeguard.posts.metric` score), a minimum
  threshold per quarter and the non-compliant call (strictly below);
* s.5(b)-(d): the consecutive-quarter counter and the measures at 2, 6 and 8 quarters, with
  removal only after compliant quarters with a margin (:mod:`~tradeguard.posts.status`), and the
  mail gate applying them to each arriving item (:mod:`~tradeguard.posts.gate`);
* s.5(e), s.4(a), s.5(d): guidance, quarterly list, circular and the 8+ report
  (:mod:`~tradeguard.posts.publish`);
* s.4(b): the report on shipments facilitated by persons who may not obtain an IOR number
  (:mod:`~tradeguard.posts.facilitation`, which needs the party screening engine).

Method: shared methods brief 5.A; every parameter in ``policy/data/posts.yaml``.
"""

from __future__ import annotations

from tradeguard.posts.aggregate import INPUT_COLUMNS, quarterly_inputs
from tradeguard.posts.facilitation import IorScreen, ior_facilitation_report
from tradeguard.posts.gate import ACTIONS, gate_items
from tradeguard.posts.metric import Priors, fit_priors, quarter_threshold, score_quarter
from tradeguard.posts.params import PostsPolicy, posts_policy
from tradeguard.posts.robustness import RobustnessResult, robustness
from tradeguard.posts.service import (
    HISTORY_COLUMNS,
    QuarterResult,
    empty_history,
    levels_from_history,
    run_quarter,
    score_inputs,
)
from tradeguard.posts.status import LEVEL_NAMES, PostState, QuarterOutcome, eo_level, step

__all__ = [
    "ACTIONS",
    "HISTORY_COLUMNS",
    "INPUT_COLUMNS",
    "LEVEL_NAMES",
    "IorScreen",
    "PostState",
    "PostsPolicy",
    "Priors",
    "QuarterOutcome",
    "QuarterResult",
    "RobustnessResult",
    "empty_history",
    "eo_level",
    "fit_priors",
    "gate_items",
    "ior_facilitation_report",
    "levels_from_history",
    "posts_policy",
    "quarter_threshold",
    "quarterly_inputs",
    "robustness",
    "run_quarter",
    "score_inputs",
    "score_quarter",
    "step",
]
