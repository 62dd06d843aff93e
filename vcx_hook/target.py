"""What to audit: records passed from the readers (git, --diff, --all) to the audit."""
from __future__ import annotations

from typing import NamedTuple


class Change(NamedTuple):
    """What a diff changed in the new file: 0-based rows.

    ``rows`` are half-open ``(start, end)`` ranges of added or modified rows; each deletion point
    ``r`` means lines were removed just before row ``r``.
    """

    rows: tuple[tuple[int, int], ...]
    deletions: tuple[int, ...] = ()


class Target(NamedTuple):
    """A file to audit: its display path, its bytes, and what changed (``None``: all of it)."""

    path: str
    data: bytes
    change: Change | None


class Skipped(NamedTuple):
    """A file the reader could not or would not hand to the audit, and why."""

    path: str
    reason: str


def change_from_hunks(hunks: list[tuple[int, int]]) -> Change:
    """``hunks`` are ``(new_start, new_lines)`` pairs, 1-based as diffs print them."""
    rows = []
    deletions = []
    for new_start, new_lines in hunks:
        if new_lines == 0:
            deletions.append(new_start)
        else:
            rows.append((new_start - 1, new_start - 1 + new_lines))
    return Change(tuple(rows), tuple(deletions))
