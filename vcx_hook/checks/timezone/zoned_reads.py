"""A zone's wall-clock time read as an instant (low): date-fns-tz's ``toZonedTime(date, zone)`` (or
``utcToZonedTime``) returns a ``Date`` whose local fields show the zone's time, so its instant is
shifted by the zone's offset; read back with ``toISOString()`` (``.split('T')[0]`` for a day key),
``toJSON()`` or the UTC getters, directly, through date-fns functions of it
(``startOfDay(toZonedTime(d, tz)).toISOString()``) or through the ``const`` it is kept in, it gives
the day before east of UTC (or the day after west of it) and a time off by the offset. date-fns-tz's
``formatInTimeZone``, or date-fns ``format`` of the zoned value, read its wall-clock fields."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset(w.encode() for w in dates.TO_ZONED)
_IDENTIFIERS = frozenset(('identifier',))


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_WORDS) and not scope.file.words.isdisjoint(
        frozenset(w.encode() for w in dates.UTC_READS))


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    for name in scope.named(_WORDS):
        call = s.called_by(name)
        if call is None or not _converter(scope, call):
            continue
        read = _read_in_utc(scope, call, 3)
        if read is not None:
            yield Asked(
                read, f'`{short(read)}` reads the instant of a zoned wall-clock time (`{s.text(name)}` '
                f'shifts the instant by the zone\'s offset): the day or time it gives is off by that offset; '
                f'`format` it (date-fns) or use `formatInTimeZone`', (call,), confidence=LOW)


def _converter(scope: Scope, call: Node) -> bool:
    fn = s.callee(call)
    root = fn if fn is not None and fn.type == 'identifier' else (
        fn.child_by_field_name('object') if fn is not None and fn.type == 'member_expression' else None)
    found = bindings.binding(scope.file, root) if root is not None and root.type == 'identifier' else None
    return found is not None and found.library in dates.ZONE_CONVERTERS


def _read_in_utc(scope: Scope, value: Node, depth: int) -> Node | None:
    """The call reading ``value`` (or a date-fns function's result of it, or the local it is kept
    in) as an instant: ``.toISOString()``, ``.getUTCDate()``..."""
    outer = s.outer_expression(value)
    parent = s.parent_of(outer)
    if parent is None:
        return None
    if parent.type == 'member_expression' and parent.child_by_field_name('object') == outer:
        call = s.parent_of(parent)
        if s.text(parent.child_by_field_name('property')) in dates.UTC_READS and call is not None \
                and call.type == 'call_expression':
            return call
        return None
    if parent.type == 'arguments' and depth > 0:
        call = s.parent_of(parent)
        if call is not None and call.type == 'call_expression' and s.callee_name(call) in dates.DATE_FNS_LOCAL \
                and s.arguments(call)[:1] == [outer]:
            return _read_in_utc(scope, call, depth - 1)
        return None
    kept = s.declared_into(value)
    fn = s.enclosing_function(value)
    if kept is None or fn is None or depth <= 0:
        return None
    for use in scope.file.named(frozenset((s.text(kept).encode(),)), ((kept.end_byte, fn.end_byte),), _IDENTIFIERS):
        found = _read_in_utc(scope, use, depth - 1)
        if found is not None:
            return found
    return None
