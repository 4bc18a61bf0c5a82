"""Entry targeting: EO 13785 s.4(a) and EO 13904 s.5(b).

* s.4(a), "combating violations of United States trade and customs laws": a declaration risk
  model over any declarations table given a column mapping (:mod:`~tradeguard.targeting.mapping`,
  :mod:`~tradeguard.targeting.features`, :mod:`~tradeguard.targeting.model`), selection of
  inspections under a budget with exploration and a cold-start rule
  (:mod:`~tradeguard.targeting.selection`), the learning loop
  (:mod:`~tradeguard.targeting.simulate`), evaluation against baselines
  (:mod:`~tradeguard.targeting.evaluate`) and plain-word explanations
  (:mod:`~tradeguard.targeting.explain`);
* s.4(a), "interdiction and disposal, including through methods other than seizure": the
  options offered for a stopped item (:mod:`~tradeguard.targeting.dispositions`);
* EO 13904 s.5(b): items from a post non-compliant for two or more consecutive quarters get a
  higher priority (``priority_posts`` of :func:`select_inspections`).

Method and measured figures: ``docs/targeting.md``; parameters: ``policy/data/targeting.yaml``.
"""

from __future__ import annotations

from tradeguard.targeting.decide import selection_decisions
from tradeguard.targeting.dispositions import StoppedItem, disposition_decision
from tradeguard.targeting.evaluate import EvaluationResult, evaluate, split_by_date
from tradeguard.targeting.features import feature_frame
from tradeguard.targeting.frame import canonical_frame
from tradeguard.targeting.mapping import ColumnMapping, load_mapping, parse_mapping, shipped_mapping
from tradeguard.targeting.metrics import BudgetRow, auc, budget_rows
from tradeguard.targeting.model import TargetingModel, encode_new, score, train_model
from tradeguard.targeting.params import TargetingPolicy, targeting_policy
from tradeguard.targeting.selection import priority, select_inspections
from tradeguard.targeting.simulate import SimulationResult, WeekResult, simulate

__all__ = [
    "BudgetRow",
    "ColumnMapping",
    "EvaluationResult",
    "SimulationResult",
    "StoppedItem",
    "TargetingModel",
    "TargetingPolicy",
    "WeekResult",
    "auc",
    "budget_rows",
    "canonical_frame",
    "disposition_decision",
    "encode_new",
    "evaluate",
    "feature_frame",
    "load_mapping",
    "parse_mapping",
    "priority",
    "score",
    "select_inspections",
    "selection_decisions",
    "shipped_mapping",
    "simulate",
    "split_by_date",
    "targeting_policy",
    "train_model",
]
