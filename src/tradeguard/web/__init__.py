"""The analysts' dashboard: server-rendered pages (Jinja2) over the same scoped service
functions as the REST API: the case inbox, a case with its timeline and evidence, the decision
explorer, and post scores with their chart. Mounted under ``/ui`` by
:func:`tradeguard.api.create_app`."""

from tradeguard.web.pages import mount

__all__ = ["mount"]
