"""Revenue protection for AD/CVD (EO 13785 s.1-3; 19 U.S.C. 4321; 19 CFR Part 113).

* :mod:`~tradeguard.revenue.bonds`: continuous and single-transaction bond amounts, sufficiency;
  :mod:`~tradeguard.revenue.bond_status`: the bond status machine and letter of insufficiency.
* :mod:`~tradeguard.revenue.cases`, :mod:`~tradeguard.revenue.rates`,
  :mod:`~tradeguard.revenue.ledger`: case numbers and origin, effective-dated rate resolution,
  deposits, liquidation, bills, payments and the bill clock.
* :mod:`~tradeguard.revenue.covered`: covered importers (EO 13785 s.2(b)) with linked numbers.
* :mod:`~tradeguard.revenue.exposure`: open AD/CVD liability per importer.
* :mod:`~tradeguard.revenue.features`, :mod:`~tradeguard.revenue.risk`: the importer risk model
  (importer-specific evidence only), :mod:`~tradeguard.revenue.evaluate`: its evaluation.
* :mod:`~tradeguard.revenue.security`: supplemental security, live entry, debarred principals;
  :mod:`~tradeguard.revenue.backtest`: the policy replayed quarter by quarter.
* :mod:`~tradeguard.revenue.assess`: all of it on a day as decisions;
  :mod:`~tradeguard.revenue.service` and :mod:`~tradeguard.revenue.cli`: the thin edges.
"""

from tradeguard.revenue.assess import Assessment, assess_importers
from tradeguard.revenue.backtest import BacktestResult, run_backtest
from tradeguard.revenue.bond_status import BondStatus, review_bond
from tradeguard.revenue.cases import check_case_origin
from tradeguard.revenue.covered import build_records, covered_decisions
from tradeguard.revenue.frames import RevenueFrames
from tradeguard.revenue.ledger import bill_ledger, liquidate
from tradeguard.revenue.params import BillClock, RevenuePolicy, SecuritySetting
from tradeguard.revenue.rates import resolve_line_rates, resolve_rate
from tradeguard.revenue.risk import RiskModel, fit_risk_model
from tradeguard.revenue.security import Debarment

__all__ = [
    "Assessment",
    "BacktestResult",
    "BillClock",
    "BondStatus",
    "Debarment",
    "RevenueFrames",
    "RevenuePolicy",
    "RiskModel",
    "SecuritySetting",
    "assess_importers",
    "bill_ledger",
    "build_records",
    "check_case_origin",
    "covered_decisions",
    "fit_risk_model",
    "liquidate",
    "resolve_line_rates",
    "resolve_rate",
    "review_bond",
    "run_backtest",
]
