"""Every answer a codebase gives (``vcx-ignore`` comments), in one place for review: ``vcx answers``."""
from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Iterable
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook import suppress
from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.engine import git
from vcx_hook.engine.collect import collect
from vcx_hook.engine.collect import Request
from vcx_hook.engine.files import read_optional
from vcx_hook.engine.parallel import Pending
from vcx_hook.engine.target import source_text
from vcx_hook.errors import VcxError
from vcx_hook.lang import scope as s
from vcx_hook.lang import syntax
from vcx_hook.lang.scope import File
from vcx_hook.report import path_fields
from vcx_hook.suppress import Directive

KIND_NAMES = {'line': 'line', 'next': 'next statement', 'file': 'whole file', 'file-late': 'misplaced file directive'}


class Answer(NamedTuple):
    directive: Directive
    function: str  # the function around the answered code ('<module>', '<file>')


def find(path: str, data: bytes) -> list[Answer]:
    """The ``vcx-ignore`` directives in one file's real comments."""
    grammar = syntax.grammar_for(path)
    if grammar is None:
        return []
    try:
        data = source_text(data)  # UTF-16, CR line endings: the lines the audit reports
    except UnicodeDecodeError:
        return []
    if b'vcx-ignore' not in data:
        return []
    file = File(path, syntax.parse(data, grammar))
    return [Answer(d, _function(file, d)) for d in suppress.directives(file)]


def _function(file: File, d: Directive) -> str:
    """The function the answered code is in, or defines (``notify: async () => ...`` is ``notify``)."""
    if d.kind in ('file', 'file-late'):
        return '<file>'
    row = d.first_row if d.first_row >= 0 else d.line - 1
    text = file.row_bytes(row)
    col = len(text) - len(text.lstrip())
    node = file.tree.root.descendant_for_point_range((row, col), (row, col))
    if node is None:
        return '<module>'
    while node.parent is not None and node.parent.type != 'program' and node.parent.start_byte == node.start_byte:
        node = node.parent
    queue = [node]
    for _ in range(200):
        if not queue:
            break
        current = queue.pop(0)
        if current.type in s.FUNCTION_TYPES:
            return s.display_name(current)
        queue.extend(current.named_children)
    return s.display_name(node)


def _status(d: Directive, today: datetime.date) -> list[str]:
    out = []
    if d.kind != 'line':
        out.append(KIND_NAMES[d.kind])
    if d.until is not None:
        out.append(f'until {d.until}, expired' if d.expired(today) else f'until {d.until}')
    if d.bad_until:
        out.append(f'until `{d.bad_until}`, not a date: answers nothing')
    if not d.reason:
        out.append('no reason: answers nothing')
    return out


def text(answers: Sequence[Answer], files: int, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    out = []
    for a in answers:
        d = a.directive
        status = _status(d, today)
        suffix = f' ({"; ".join(status)})' if status else ''
        head = f'{d.path}:{d.line}: {", ".join(d.check_ids) or "(no check id)"}'
        out.append(f'{head} -- {d.reason}{suffix}' if d.reason else f'{head}{suffix}')
    with_answers = len({a.directive.path for a in answers})
    expired = sum(1 for a in answers if a.directive.expired(today))
    tail = f'{_n(len(answers), "answer")} in {with_answers} of {_n(files, "file")} read'
    if expired:
        tail += f'; {expired} expired (their questions are open again)'
    if out:
        out.append('')
    out.append(tail)
    return '\n'.join(out) + '\n'


def as_json(answers: Iterable[Answer], today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    doc = {
        'answers': [
            {
                **path_fields(a.directive.path),
                'line': a.directive.line,
                'checks': list(a.directive.check_ids),
                'reason': a.directive.reason,
                'function': a.function,
                'covers': KIND_NAMES[a.directive.kind],
                'until': a.directive.until.isoformat() if a.directive.until else None,
                'expired': a.directive.expired(today),
            }
            for a in answers
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + '\n'


def _n(count: int, word: str) -> str:
    return f'{count} {word}{"" if count == 1 else "s"}'


def run(paths: Sequence[str] = (), output_format: str = 'text') -> int:
    """``vcx answers``: every answer in the given files or directories, or in every tracked file."""
    cwd = os.getcwd()
    if not paths and git.discover(cwd) is None:
        raise VcxError('answers: not in a git repository: give the files or directories to read')
    collected, _ = collect(Request(paths=tuple(paths), all_files=True), cwd)
    found = []
    files = 0
    for item in collected.items:
        if isinstance(item, Pending):
            data = read_optional(item.file)
            if data is not None:
                files += 1
                found += find(item.path, data)
    found.sort(key=lambda a: (a.directive.path, a.directive.line))
    sys.stdout.write(as_json(found) if output_format == 'json' else text(found, files))
    return EXIT_CLEAN
