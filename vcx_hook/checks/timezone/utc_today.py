"""Today taken as the UTC day (low): the current instant's ISO text cut to its date
(``new Date().toISOString().split('T')[0]``, ``.slice(0, 10)``, ``.substring(0, 10)``), or that of a
``const now = new Date()``, kept in a name for today (``todayStr``, ``today``). It is UTC's day: from
the user's evening (west of UTC) or morning (east of it) on, "today" is already tomorrow or still
yesterday, so what was done today reads as missing and a streak breaks. In server code only in a
file that names a zone (a user's ``timezone``, ``tz``): where the app knows its users have one."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'toISOString',))
_TODAY = re.compile(r'today', re.IGNORECASE)
# `timezone`, `timeZone`, `time_zone`, `tz`, `userTimezone`: a zone named anywhere in the file.
_ZONE_WORD = lazyre.compile(rb'(?<![\w$])(?:[\w$]*[tT]ime_?[zZ]one|tz)(?![a-z])')
_CUTS = frozenset(('split', 'slice', 'substring', 'substr'))


def possible(scope: Scope) -> bool:
    return b'toISOString' in scope.file.words and b'today' in scope.file.source.lower()


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    if not runtime.in_users_zone(scope.file) and _ZONE_WORD.search(scope.file.source) is None:
        return
    for name in scope.named(_WORDS):
        call = s.called_by(name)
        member = s.parent_of(name)
        if call is None or member is None or member.type != 'member_expression' or not _now(member.child_by_field_name('object')):
            continue
        cut = _date_cut(call)
        kept = s.declared_into(cut) if cut is not None else None
        if kept is None or not _TODAY.search(s.text(kept)):
            continue
        yield Asked(
            cut, f'`{short(cut)}` is today in UTC, not in the user\'s zone: around midnight there it is '
            f'already tomorrow or still yesterday', confidence=LOW)


def _now(obj: Node | None) -> bool:
    """``new Date()`` with no argument, or a local declared with one."""
    if obj is None:
        return False
    obj = s.unwrap(obj)
    if obj.type == 'identifier':
        value = s.initializer(obj)
        if value is None:
            return False
        obj = s.unwrap(value)
    return obj.type == 'new_expression' and s.text(obj.child_by_field_name('constructor')) == 'Date' \
        and not s.arguments(obj)


def _date_cut(call: Node) -> Node | None:
    """``x.toISOString().split('T')[0]``, ``.slice(0, 10)``, ``.substring(0, 10)``: the expression
    holding the date part of the ISO text."""
    member = s.parent_of(call)
    if member is None or member.type != 'member_expression' or member.child_by_field_name('object') != call:
        return None
    cut = s.parent_of(member)
    method = s.text(member.child_by_field_name('property'))
    if cut is None or cut.type != 'call_expression' or method not in _CUTS:
        return None
    args = [s.text(a) for a in s.arguments(cut)]
    if method == 'split':
        index = s.parent_of(cut)
        if args[:1] in (["'T'"], ['"T"']) and index is not None and index.type == 'subscript_expression' \
                and s.text(index.child_by_field_name('index')) == '0':
            return index
        return None
    return cut if args == ['0', '10'] else None
