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
    # Open questions (and older ones) in an exported function the file spells only where it is
    # declared, with its name: low confidence once no other file names it (ecosystem/exports.py).
    lone_exports: tuple[tuple[Finding, str], ...] = ()


# Longest first: UTF-32LE's mark starts with UTF-16LE's.
_BOMS = (
    (b'\xff\xfe\x00\x00', 'utf-32'), (b'\x00\x00\xfe\xff', 'utf-32'),
    (b'\xef\xbb\xbf', 'utf-8'), (b'\xff\xfe', 'utf-16'), (b'\xfe\xff', 'utf-16'),
)


def source_text(data: bytes) -> bytes:
    """What the audit parses: UTF-8 without a byte-order mark (UTF-16 and UTF-32 with one are
    decoded), each lone CR (a line break to JavaScript and editors, not to git) read as LF and each
    NUL byte as a space (tree-sitter stops a token at one).  Lines and code-point columns stay
    those of the file.  Raises ``UnicodeDecodeError`` for UTF-16 or UTF-32 that does not decode."""
    if data[:1] in (b'\xef', b'\xff', b'\xfe', b'\x00'):
        for bom, codec in _BOMS:
            if data.startswith(bom):
                data = data[len(bom):] if codec == 'utf-8' else data.decode(codec).encode('utf-8')
                break
    if b'\r' in data and data.count(b'\r') != data.count(b'\r\n'):
        import re

        data = re.sub(rb'\r(?!\n)', b'\n', data)
    if b'\0' in data:
        data = data.replace(b'\0', b' ')
    return data


def lines_differ_from_git(data: bytes) -> bool:
    """Whether git's lines (split at LF, in the bytes as stored) are not the file's own: UTF-16
    or UTF-32 with a byte-order mark, or a lone CR."""
    return data.startswith((b'\xff\xfe', b'\xfe\xff', b'\x00\x00\xfe\xff')) or (
        b'\r' in data and data.count(b'\r') != data.count(b'\r\n')
    )


def text_change(data: bytes, change: Change) -> Change | None:
    """``change``, in rows of git's lines (split at LF) of ``data`` as stored, in the file's own
    lines (``source_text``): the rows of each changed git line.  ``None`` (all of it) for UTF-16
    or UTF-32, which a diff shows no lines of.  For a diff read from outside (``--diff``): staged
    changes and ranges diff the decoded lines themselves."""
    if data.startswith((b'\xff\xfe', b'\xfe\xff', b'\x00\x00\xfe\xff')):
        return None
    own = data.replace(b'\r\n', b'\n\0').replace(b'\r', b'\n')  # same length: offset -> own row
    starts = [0]
    pos = data.find(b'\n')
    while pos != -1:
        starts.append(pos + 1)
        pos = data.find(b'\n', pos + 1)

    def first(git_row: int) -> int:
        return own.count(b'\n', 0, starts[git_row]) if git_row < len(starts) else own.count(b'\n') + 1

    def last(git_row: int) -> int:
        """The own row of the last character of git row ``git_row``, line breaks left out."""
        start = starts[git_row]
        end = starts[git_row + 1] - 1 if git_row + 1 < len(starts) else len(data)
        text = data[start:end].rstrip(b'\r')
        return own.count(b'\n', 0, start + max(len(text) - 1, 0))

    rows = tuple((first(s_), last(e - 1) + 1) for s_, e in change.rows if s_ < len(starts))
    return Change(rows, tuple(first(r) for r in change.deletions))
