"""What to audit: records passed from the readers (git, --diff, --all) to the audit."""
from __future__ import annotations

from typing import NamedTuple
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vcx_hook.finding import Finding
    from vcx_hook.finding import Problem
    from vcx_hook.suppress import Directive
    from vcx_hook.suppress import Suppressed


class Change(NamedTuple):
    """What a diff changed in the new file: 0-based rows.

    ``rows`` are half-open ``(start, end)`` ranges of added or modified rows; each deletion point
    ``r`` means lines were removed just before row ``r``.
    """

    rows: tuple[tuple[int, int], ...]
    deletions: tuple[int, ...] = ()


class Base(NamedTuple):
    """The version a changed file had before the change (HEAD's for a commit, the merge base's for
    a range): its path there, its bytes, and the rows of it the change replaced or removed
    (``Change`` of the old side: an insertion point is a deletion point there)."""

    path: str
    data: bytes
    change: Change


class Target(NamedTuple):
    """A file to audit: its display path, its bytes, what changed (``None``: all of it), and the
    version before the change when there was one."""

    path: str
    data: bytes
    change: Change | None
    base: Base | None = None


class Skipped(NamedTuple):
    """A file the reader could not or would not hand to the audit, and why."""

    path: str
    reason: str


def change_from_hunks(hunks: list[tuple[int, int]]) -> Change:
    """``hunks`` are ``(new_start, new_lines)`` pairs, 1-based as diffs print them (the old
    side's ``(old_start, old_lines)`` give the old file's ``Change``)."""
    rows = []
    deletions = []
    for new_start, new_lines in hunks:
        if new_lines == 0:
            deletions.append(new_start)
        else:
            rows.append((new_start - 1, new_start - 1 + new_lines))
    return Change(tuple(rows), tuple(deletions))


class FileResult(NamedTuple):
    """What auditing one file gave (``findings`` are the new questions when ``older`` was asked
    for: see ``audit.split_older``).  It lives here, with the other records, because the hook's
    main process unpickles it from its helper: ``vcx_hook.engine.audit`` would import every check."""

    path: str
    findings: list[Finding]
    suppressed: list[Suppressed]
    problems: list[Problem]
    directives: list[Directive]
    scopes: int
    audited: bool
    older: tuple[Finding, ...] = ()  # open questions the version before the change asked too
