"""Answers written in code: ``// vcx-ignore <check-id>[, <check-id>...] -- <reason>``.

Only real comment nodes count.  A trailing directive covers its own line; a directive alone on
its line covers the whole statement or declaration starting on the very next line; a
``vcx-ignore-file`` directive among the file's leading comments covers the file.  A directive with
no reason suppresses nothing, and unknown ids or directives that answer nothing are reported.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook.finding import Finding
from vcx_hook.finding import Problem
from vcx_hook.lang import lazyre
from vcx_hook.lang import syntax
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope

COMMENT_QUERY = '(comment) @comment'
_DIRECTIVE = lazyre.compile(r'vcx-ignore(?P<file>-file)?(?![\w-])(?P<rest>.*)', re.DOTALL)
_UNTIL = lazyre.compile(r'\(\s*until\s+([^()]*?)\s*\)\s*$', re.IGNORECASE)
_ISO_DATE = lazyre.compile(r'\d{4}-\d{2}-\d{2}')
# What makes ``(until ...)`` an attempt at a date (``01/02/2020``, ``March 2027``), not prose
# (``(until the migration lands)``): a year, or digits with a date separator.
_DATE_LIKE = lazyre.compile(r'\b(?:19|20)\d\d\b|\d\s*[-/.]\s*\d')


class Directive(NamedTuple):
    """One ``vcx-ignore``.  ``first_row``/``last_row`` are the 0-based rows it covers."""

    path: str
    line: int  # 1-based line of the comment
    check_ids: tuple[str, ...]
    reason: str
    kind: str  # 'line' | 'next' | 'file'
    first_row: int
    last_row: int
    until: datetime.date | None
    start_byte: int
    bad_until: str = ''  # the text of an ``(until ...)`` that is not a date: the directive answers nothing

    def covers(self, finding: Finding) -> bool:
        return finding.check_id in self.check_ids and self.first_row <= finding.line - 1 <= self.last_row

    def expired(self, today: datetime.date) -> bool:
        return self.until is not None and self.until < today


class Suppressed(NamedTuple):
    finding: Finding
    reason: str
    directive_line: int


class Outcome(NamedTuple):
    open: list[Finding]
    suppressed: list[Suppressed]
    problems: list[Problem]
    directives: list[Directive]


def directives(file: File) -> list[Directive]:
    """Every ``vcx-ignore`` directive in real comments of ``file``, in source order."""
    if b'vcx' not in file.word_text or b'vcx-ignore' not in file.source:
        return []
    root = file.tree.root
    found = syntax.captures(file.tree.grammar, COMMENT_QUERY, root).get('comment', [])
    first_code = next(
        (c.start_byte for c in root.named_children if c.type not in ('comment', 'hash_bang_line')),
        len(file.source),
    )
    out = []
    for comment in sorted(found, key=lambda n: n.start_byte):
        body = _comment_body(comment.text.decode('utf-8', 'replace'))
        m = _DIRECTIVE.search(body)
        if m is None or (m.start() > 0 and not body[:m.start()].isspace()):
            continue
        ids, reason, until, bad_until = _split(m.group('rest'))
        row = comment.start_point.row
        if m.group('file'):
            kind, first, last = 'file', 0, 1 << 30
            if comment.start_byte > first_code:
                kind = 'file-late'
        elif _alone_on_line(file, comment):
            kind = 'next'
            first, last = _next_statement_rows(file, comment.end_point.row + 1)
        else:
            kind, first, last = 'line', row, row
        out.append(Directive(file.path, row + 1, ids, reason, kind, first, last, until, comment.start_byte, bad_until))
    return out


def apply(
        file: File,
        findings: Sequence[Finding],
        scopes: Sequence[Scope],
        known_ids: Iterable[str],
        enabled_ids: Iterable[str],
        today: datetime.date | None = None,
) -> Outcome:
    found = directives(file)
    if not found:
        return Outcome(list(findings), [], [], [])
    today = today or datetime.date.today()
    known = frozenset(known_ids)
    enabled = frozenset(enabled_ids)
    problems: list[Problem] = []
    usable: list[Directive] = []
    for d in found:
        if d.kind == 'file-late':
            problems.append(Problem(d.path, d.line, 'vcx-ignore-file must be among the leading comments of the file; it suppresses nothing here'))
            continue
        unknown = [i for i in d.check_ids if i not in known]
        if not d.check_ids:
            problems.append(Problem(d.path, d.line, 'vcx-ignore names no check id (use `vcx-ignore <check-id> -- <reason>`)'))
        for i in unknown:
            problems.append(Problem(d.path, d.line, f'vcx-ignore names unknown check `{i}`'))
        if not d.reason:
            problems.append(Problem(d.path, d.line, 'vcx-ignore has no reason after `--`; it suppresses nothing'))
            continue
        if d.bad_until:
            problems.append(Problem(d.path, d.line, f'vcx-ignore expiry `(until {d.bad_until})` is not a date: write `(until YYYY-MM-DD)`; it suppresses nothing'))
            continue
        if d.expired(today):
            problems.append(Problem(d.path, d.line, f'vcx-ignore expired on {d.until}; its question is open again'))
            continue
        usable.append(d)

    open_: list[Finding] = []
    suppressed: list[Suppressed] = []
    used: set[int] = set()
    for f in findings:
        match = next((d for d in usable if d.covers(f)), None)
        if match is None:
            open_.append(f)
        else:
            used.add(match.start_byte)
            suppressed.append(Suppressed(f, match.reason, match.line))

    for d in usable:
        if d.start_byte in used or not any(i in enabled for i in d.check_ids if i in known):
            continue
        if d.kind == 'file' or _in_scopes(d, file, scopes):
            problems.append(Problem(d.path, d.line, f'vcx-ignore {", ".join(d.check_ids)} answers no open question here; remove it'))
    return Outcome(open_, suppressed, problems, found)


def answering(found: Sequence[Directive], suppressed: Sequence[Suppressed]) -> list[Directive]:
    """The directives that answer an open question, each naming only the checks it answers: not
    one without a reason, expired, misplaced or naming only unknown checks or unasked questions."""
    answered: dict[int, set[str]] = {}
    for s_ in suppressed:
        answered.setdefault(s_.directive_line, set()).add(s_.finding.check_id)
    return [
        d._replace(check_ids=tuple(i for i in d.check_ids if i in answered[d.line]))
        for d in found if d.line in answered
    ]


def _in_scopes(d: Directive, file: File, scopes: Sequence[Scope]) -> bool:
    starts = file.line_starts
    lo = starts[min(d.first_row, len(starts) - 1)]
    hi_row = min(d.last_row + 1, len(starts))
    hi = starts[hi_row] if hi_row < len(starts) else len(file.source)
    lo = min(lo, d.start_byte)
    return any(s_ < hi and lo < e for sc in scopes for s_, e in sc.ranges)


def _comment_body(raw: str) -> str:
    if raw.startswith('//'):
        return raw[2:].strip()
    if raw.startswith('/*'):
        raw = raw[2:]
        if raw.endswith('*/'):
            raw = raw[:-2]
        lines = [ln.strip().lstrip('*').strip() for ln in raw.splitlines()]
        return ' '.join(ln for ln in lines if ln)
    return raw.strip()


def _split(rest: str) -> tuple[tuple[str, ...], str, datetime.date | None, str]:
    """Check ids, reason, expiry date, and the text of an expiry that is not a date."""
    ids_part, sep, reason = rest.partition('--')
    ids = tuple(i for i in re.split(r'[\s,]+', ids_part.strip()) if i)
    reason = reason.strip() if sep else ''
    m = _UNTIL.search(reason)
    if m is None:
        return ids, reason, None, ''
    when = m.group(1)
    until = None
    if _ISO_DATE.fullmatch(when):
        try:
            until = datetime.date.fromisoformat(when)
        except ValueError:  # 2025-13-45
            pass
    elif not _DATE_LIKE.search(when):
        return ids, reason, None, ''
    return ids, reason[:m.start()].strip(), until, '' if until else when


def _alone_on_line(file: File, comment: object) -> bool:
    row, col = comment.start_point  # type: ignore[attr-defined]
    before = file.row_bytes(row)[:col].strip()
    return before in (b'', b'{')


def _next_statement_rows(file: File, row: int) -> tuple[int, int]:
    """Rows of the statement/declaration starting on ``row`` (0-based); empty if none starts there."""
    text = file.row_bytes(row)
    if not text.strip():
        return (-1, -2)
    col = len(text) - len(text.lstrip())
    node = file.tree.root.descendant_for_point_range((row, col), (row, col))
    if node is None or node.start_point.row != row:
        return (-1, -2)
    while (
            node.parent is not None and node.parent.type != 'program'
            and node.parent.start_byte == node.start_byte
    ):
        node = node.parent
    if node.type == 'comment':
        return (-1, -2)
    return node.start_point.row, node.end_point.row
