"""``python -m tradeguard.targeting ...``: the same commands as ``tradeguard targeting ...``."""

from tradeguard.targeting.cli import app

app(prog_name="tradeguard targeting")
