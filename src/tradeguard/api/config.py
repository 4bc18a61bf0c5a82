"""Settings of the service surfaces (API and dashboard): the ``api_*`` fields of the one
:class:`~tradeguard.settings.Settings` class, read from ``TRADEGUARD_*`` like every other
setting (``docs/settings.md`` lists them)."""

from __future__ import annotations

from tradeguard.settings import Settings

__all__ = ["ApiConfig"]

ApiConfig = Settings
