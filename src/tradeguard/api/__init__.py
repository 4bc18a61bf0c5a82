"""TradeGuard as a service: the REST API (FastAPI) over the same service functions as the
command line, API keys with roles, and the scoped service layer every surface calls.

See ``docs/api.md`` for the endpoints, the roles and what each may see.
"""

from tradeguard.api.app import create_app

__all__ = ["create_app"]
