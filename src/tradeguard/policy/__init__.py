"""Versioned, effective-dated policy: every number that law or management can change.

Policy lives in YAML files (``policy/data/*.yaml``, or a directory named by
``TRADEGUARD_POLICY_DIR``). Each file names a ``namespace`` and its ``rules``; each rule has a
``status`` (``law``, ``proposed`` or ``assumption``), a ``source`` and dated ``values``::

    namespace: bond
    rules:
      continuous.minimum_usd:
        status: law
        source: CBP Directive 099 3510-004 (1991); domain brief 1.2
        unit: usd
        values:
          - {from: 1991-07-23, value: 50000}

A decision records :attr:`PolicyBook.version`, which folds a digest of every file's text into
the declared version, so that any edit yields a new version and an old result stays
reproducible.
"""

from __future__ import annotations

from tradeguard.policy.book import (
    POLICY_STATUSES,
    PolicyBook,
    PolicyRule,
    PolicyValue,
    load_policy,
)

__all__ = ["POLICY_STATUSES", "PolicyBook", "PolicyRule", "PolicyValue", "load_policy"]
