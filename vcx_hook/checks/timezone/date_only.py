"""A calendar date parsed as an instant and read back in local time: ``new Date(dateOfBirth)
.toLocaleDateString()``, ``new Date('2024-03-01').getDate()``. A date-only ISO string is parsed as
midnight UTC, so read in a zone west of UTC it is the day before: a birthday shows a day early.
The value is evidently a date without a time when it is named for a birth date (``dateOfBirth``,
``birthDate``, ``birthday``, ``dob``), named as a day's or a month's string (``dayStr``, ``monthStr``,
``task.dayStr``, ``dayString``; not ``dateStr``, as often an instant's text) or is a ``YYYY-MM-DD`` literal. Read back right away, or through the
``const`` it is kept in (``const date = new Date(dayStr); date.getMonth()``); compared there with
another date (``taskDate >= rangeStart``, a range whose bounds are local midnights) it is off by
the offset too. Asked in browser code too: the browser's zone is the one that differs from UTC.
Not when the reading names the zone (``{ timeZone: 'UTC' }``) or uses the UTC getters. A birth
date's ``Date`` handed on as it is (``values.birthdate = new Date(patient.birthDate)``, a date
picker's value) is asked too: whoever shows or edits it reads it in local time. A date's string
(``task.dateStr``) only when compared with another date, and not once set to its local midnight.
And date-fns ``format(new Date(date), 'yyyy-MM-dd')`` of a parameter typed ``Date | string``: a day's
string given back to it comes out as the day before."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import FORMATTERS
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import has_time_zone_option
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CANDIDATE = lazyre.compile(rb'new\s+Date\(')
_BIRTH = lazyre.compile(r'[bB]irth|(?<![A-Za-z])dob(?![a-z])|Dob(?![a-z])|DOB')
_DATE_ONLY = lazyre.compile(r'^\d{4}-\d{2}-\d{2}$')
# `dayStr`, `monthStr`, `todayStr`, `dayString`, `day_str`: a day's (or a month's) text. Not `dateStr`
# nor `dateString`: as often an instant's text (`formatDate(dateString)`, judged not worth asking 3 of 3).
_DAY_STRING = lazyre.compile(r'(?:^|[a-z_])(?:[dD]ay|[mM]onth)_?(?:[sS]tr|[sS]tring)$')
# `dateStr`, `task.dateStr`, `date_string`: asked only when compared with another date (a range's
# bounds), where it is the day and not an instant's text.
_DATE_STRING = lazyre.compile(r'(?:^|[a-z_])[dD]ate_?(?:[sS]tr|[sS]tring)$')
# date-fns pattern letters of a time of day (hours, minutes, seconds, AM/PM, zone, timestamps).
_TIME_TOKENS = lazyre.compile(r'[HhKkmsSaAbBxXOzTt]')
_QUOTED = lazyre.compile(r"'[^']*'")
_TYPE_WORDS = lazyre.compile(r'\b(?:Date|string)\b')
_COMPARISONS = frozenset(('<', '<=', '>', '>='))
_LOCAL_READS = FORMATTERS | frozenset(('getDate', 'getMonth', 'getFullYear', 'getDay'))


def possible(scope: Scope) -> bool:
    return _CANDIDATE.search(scope.text) is not None and (
        _BIRTH.search(scope.text.decode('utf-8', 'replace')) is not None or b"-" in scope.text
        or b'Str' in scope.text or b'_str' in scope.text)


def reads(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _CANDIDATE.finditer(source, start, end):
            new = s.descendant(scope.root, m.start(), m.start() + 3)
            while new is not None and new.type != 'new_expression':
                new = s.parent_of(new) if new.type in ('new',) else None
            if new is None:
                continue
            args = s.arguments(new)
            if len(args) != 1:
                continue
            strict = _calendar_date(args[0])
            day = None if strict else _day_format(scope, new, args[0])
            if day is not None:
                yield Asked(day, f'`{s.normalized(day, 50)}` also takes `{s.text(args[0])}` as a string: a day\'s '
                                 'string (this format\'s own output) is parsed as midnight UTC and formatted in local '
                                 'time, so west of UTC it comes back as the day before; parse strings as local dates '
                                 '(`parseISO`)', confidence=LOW)
                continue
            if not strict and not _date_string(args[0]):
                continue
            read = _local_read(scope, new)
            if not strict and (read is None or read.type != 'binary_expression' or _to_local_midnight(new)):
                continue  # a date's string read in local time is as often an instant's text
            if read is None and _handed_on(new) and _BIRTH.search(s.text(args[0]).rsplit('.', 1)[-1]):
                yield Asked(new, f'`{s.normalized(new, 50)}` parses a birth date as midnight UTC and hands the Date '
                                 'on: wherever it is shown or edited in local time (a date picker, a formatter) it is '
                                 'the day before west of UTC; parse it as a local date', confidence=LOW)
            elif read is not None and read.type == 'binary_expression':
                yield Asked(read, f'`{s.normalized(read, 50)}` compares a calendar date that '
                                  f'`new Date({s.normalized(args[0], 24)})` parsed as midnight UTC: west of UTC it '
                                  'is the day before; parse it as local midnight or compare the day strings',
                            confidence=LOW)
            elif read is not None:
                yield Asked(read, f'`{s.normalized(read, 50)}` reads a calendar date in local time, but '
                                  f'`new Date({s.normalized(args[0], 24)})` parsed it as midnight UTC: west of '
                                  "UTC it is the day before; read it with `timeZone: 'UTC'` or UTC getters",
                            confidence=LOW)


def _calendar_date(arg: Node) -> bool:
    arg = s.unwrap(arg)
    text = s.string_value(arg)
    if text is not None:
        return bool(_DATE_ONLY.match(text))
    if arg.type in ('identifier', 'member_expression'):
        last = s.text(arg).rsplit('.', 1)[-1]
        return _BIRTH.search(last) is not None or _DAY_STRING.search(last) is not None
    return False


def _day_format(scope: Scope, new: Node, arg: Node) -> Node | None:
    """date-fns ``format(new Date(date), 'yyyy-MM-dd')`` (a pattern with no time of day) in a
    function whose parameter ``date`` is typed as a ``Date`` or a string: a day string given back
    to it is parsed as UTC and formatted as local."""
    arg = s.unwrap(arg)
    fn = s.enclosing_function(new)
    holder = s.parent_of(s.outer_expression(new))
    call = s.parent_of(holder) if holder is not None and holder.type == 'arguments' else None
    if arg.type != 'identifier' or fn is None or call is None or s.callee_name(call) != 'format':
        return None
    args = s.arguments(call)
    pattern = s.string_value(args[1]) if len(args) > 1 and args[0] == s.outer_expression(new) else None
    if pattern is None or _TIME_TOKENS.search(_QUOTED.sub('', pattern)) is not None:
        return None
    callee = s.callee(call)
    bound = bindings.binding(scope.file, callee) if callee is not None else None
    if bound is None or bound.library != packages.DATE_FNS:
        return None
    for p in s.parameters(fn):
        name = p.child_by_field_name('pattern')
        annotation = p.child_by_field_name('type')
        if name is not None and s.text(name) == s.text(arg) and annotation is not None:
            words = set(_TYPE_WORDS.findall(s.text(annotation)))
            return call if {'Date', 'string'} <= words else None
    return None


def _date_string(arg: Node) -> bool:
    arg = s.unwrap(arg)
    return arg.type in ('identifier', 'member_expression') and \
        _DATE_STRING.search(s.text(arg).rsplit('.', 1)[-1]) is not None


def _to_local_midnight(new: Node) -> bool:
    """The ``const`` kept is set to its local midnight (``d.setHours(0, 0, 0, 0)``): an instant's
    text taken to its day in the user's zone, on purpose."""
    decl = s.parent_of(new)
    name = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    fn = s.enclosing_function(new)
    return name is not None and fn is not None and f'{s.text(name)}.setHours('.encode() in s.text(fn).encode()


def _local_read(scope: Scope, new: Node) -> Node | None:
    """``new Date(x).toLocaleDateString(...)`` (or a local getter) read right away, with no zone, or
    through the ``const`` it is kept in, or that ``const`` compared with another date."""
    direct = _read_of(new)
    if direct is not None:
        return direct
    decl = s.parent_of(new)
    name = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    if name is None or name.type != 'identifier' or not s.text(s.parent_of(decl)).startswith('const'):
        return None
    fl = flow.of(scope.file, name)
    for b in fl.bindings_of(name):
        for ref in fl.references(b):
            read = _read_of(ref)
            if read is not None:
                return read
            up = s.parent_of(ref)
            if up is not None and up.type == 'binary_expression' and s.text(up.child_by_field_name('operator')) in _COMPARISONS:
                return up
    return None


def _handed_on(new: Node) -> bool:
    """The Date is assigned, returned, passed or rendered as it is: not read (a method of it
    called) nor kept in a name, whose uses ``_local_read`` follows."""
    node, up = new, s.parent_of(new)
    while up is not None and (up.type in ('parenthesized_expression', 'as_expression', 'non_null_expression')
                              or up.type == 'ternary_expression' and node != up.child_by_field_name('condition')):
        node, up = up, s.parent_of(up)
    return up is not None and up.type in ('assignment_expression', 'return_statement', 'arguments', 'pair',
                                          'jsx_expression', 'array', 'arrow_function')


def _read_of(new: Node) -> Node | None:
    """``x.toLocaleDateString(...)`` or a local getter called on ``new``, with no zone."""
    node = new
    parent = s.parent_of(node)
    while parent is not None and parent.type == 'parenthesized_expression':
        node, parent = parent, s.parent_of(parent)
    if parent is None or parent.type != 'member_expression':
        return None
    call = s.parent_of(parent)
    if call is None or call.type != 'call_expression':
        return None
    method = s.text(parent.child_by_field_name('property'))
    if method not in _LOCAL_READS or (method in FORMATTERS and has_time_zone_option(call, 1)):
        return None
    return call
