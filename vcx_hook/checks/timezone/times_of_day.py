"""A time of day parsed in the server's zone: Moment's or Day.js's own function given a format with
hours and minutes but no date (``moment_tz(slot.start, 'HH:mm')``, ``dayjs(t, 'h:mm A')``) puts
that wall-clock time on today in the process's zone. Opening hours, quiet hours and schedules are
times in a place's zone: on a UTC server a European shop opens an hour or two late. Asked when the
function compares such a time with a moment it did not parse that way (``now.isBetween(start,
end)`` with ``now`` a parameter, ``moment.tz(zone)``...): the two sides are in different zones.
Not asked when every side of the comparison was parsed the same way (wall-clock times compared
with each other agree in any zone), when the chain names a zone (``moment.tz(t, 'HH:mm', zone)``,
``.tz(zone)``, ``.utc()``), or in browser code (the user's own zone)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# A quoted format of hour and minute tokens only: 'HH:mm', 'H:mm:ss', 'hh:mm A', 'HHmm'.
_FORMAT = lazyre.compile(rb'[\'"`](?:[Hhk]{1,2}[:.]?mm(?:[:.]ss)?(?:\s*[aA])?)[\'"`]')
_TIME_ONLY = lazyre.compile(r'^[Hhk]{1,2}[:.]?mm(?:[:.]ss)?(?:\s*[aA])?$')


def possible(scope: Scope) -> bool:
    return _FORMAT.search(scope.text) is not None


def calls(scope: Scope) -> Iterator[Asked]:
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _FORMAT.finditer(source, start, end):
            literal = s.descendant(scope.file.tree.root, m.start(), m.end())
            while literal is not None and literal.type not in ('string', 'template_string') and literal.start_byte == m.start():
                literal = s.parent_of(literal)
            call = _parsing_call(scope, literal)
            if call is not None and _compared_across_zones(scope, call):
                yield Asked(call, f'`{short(call)}` puts a time of day on today in the server\'s zone (UTC in '
                                  'production, yours on a laptop): parse it in the zone it belongs to '
                                  '(`.tz(value, format, zone)`)')


def _parsing_call(scope: Scope, literal: Node | None) -> Node | None:
    """``moment(value, 'HH:mm')`` with the literal as the format, the library's own function, and no
    zone on the chain after it."""
    if literal is None or literal.type not in ('string', 'template_string'):
        return None
    value = s.string_value(literal)
    if value is None or not _TIME_ONLY.match(value):
        return None
    args = s.parent_of(literal)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or len(s.arguments(call)) != 2 or s.arguments(call)[1] != literal:
        return None
    fn = s.callee(call)
    if fn is None or s.unwrap(fn).type != 'identifier':
        return None
    found = bindings.binding(scope.file, fn)
    if found is None or not (found.library in dates.CHAINED or found.library in dates.ZONED_CHAINS):
        return None
    node = call
    for a in s.ancestors(call):
        if a.type == 'member_expression' and a.child_by_field_name('object') == node:
            if s.text(a.child_by_field_name('property')) in dates.CHAINED_ZONES:
                return None
            node = a
        elif a.type == 'call_expression' and a.child_by_field_name('function') == node:
            node = a
        else:
            break
    return call


def _compared_across_zones(scope: Scope, call: Node) -> bool:
    """The function compares the time parsed by ``call`` (through the name it is assigned to) with
    a value no time-of-day parse of the function made."""
    fn = s.enclosing_function(call)
    name = _assigned_name(call)
    if fn is None or name is None:
        return False
    parsed = {n for n in (_assigned_name(c) for c in _parses(scope, fn)) if n is not None}
    for node in scope.file.named(_COMPARISONS, ((fn.start_byte, fn.end_byte),)):
        member = s.parent_of(node)
        compare = s.parent_of(member) if member is not None else None
        if member is None or member.type != 'member_expression' or compare is None or compare.type != 'call_expression':
            continue
        sides = [member.child_by_field_name('object'), *s.arguments(compare)[:2]]
        texts = [s.text(x) for x in sides if x is not None and s.unwrap(x).type not in ('null', 'string', 'undefined')]
        if name in texts and any(t not in parsed for t in texts):
            return True
    return False


_COMPARISONS = frozenset((b'isBetween', b'isBefore', b'isAfter', b'isSameOrBefore', b'isSameOrAfter', b'diff'))


def _parses(scope: Scope, fn: Node) -> list[Node]:
    out = []
    for m in _FORMAT.finditer(scope.file.source, fn.start_byte, fn.end_byte):
        literal = s.descendant(scope.file.tree.root, m.start(), m.end())
        while literal is not None and literal.type not in ('string', 'template_string') and literal.start_byte == m.start():
            literal = s.parent_of(literal)
        call = _parsing_call(scope, literal)
        if call is not None:
            out.append(call)
    return out


def _assigned_name(call: Node) -> str | None:
    parent = s.parent_of(call)
    if parent is not None and parent.type == 'variable_declarator' and parent.child_by_field_name('value') == call:
        name = parent.child_by_field_name('name')
        return s.text(name) if name is not None and name.type == 'identifier' else None
    if parent is not None and parent.type == 'assignment_expression' and parent.child_by_field_name('right') == call:
        return s.text(parent.child_by_field_name('left'))
    return None
