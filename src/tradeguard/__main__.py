"""``python -m tradeguard``: the same as the ``tradeguard`` command."""

from tradeguard.cli import main

main()
