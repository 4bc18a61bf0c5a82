"""Case work for every engine: alerts become cases with status, priority, assignee, due date,
comments and an event timeline; a more serious alert raises the open case instead of opening a
duplicate; a dismissed false match is remembered for its party; risk levels can be overridden
by hand with who and why; policy changes need a second person's approval (maker-checker).

* pure rules: :mod:`tradeguard.cases.rules` (alerts, deadlines, triage, moves, maker-checker)
  and :mod:`tradeguard.cases.access` (roles, permissions, what each caller may read);
* the repository: :mod:`tradeguard.cases.store`;
* service functions that every surface calls with the caller: :mod:`tradeguard.cases.service`.

See ``docs/cases.md``.
"""
