"""Calendar maths on a ``Date`` in the server's zone: its local getters and setters (``getDate``,
``setHours(0, 0, 0, 0)``, ``getMonth``...), but not a date moved by whole days or hours from its
own value.  Low confidence, every one: a date set to a calendar position (``setHours(0, 0, 0, 0)``,
``setDate(1)``), listed, was worth asking 23% of 51 times on code the tool was never tuned on, the
other calendar maths 15% of 31 (`bench/judged/shapes.py`, docs/confidence.md's 40% over five)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import FORMATTERS
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import built_locally
from vcx_hook.checks.timezone.nodes import read_back_locally
from vcx_hook.checks.timezone.nodes import is_date
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.checks.timezone.nodes import source
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Reading the current year alone (`new Date().getFullYear()`, a copyright line) is off only for a
# few hours a year; asked only on named dates, where it feeds calendar maths.
_YEAR_READS = frozenset(('getFullYear', 'getYear'))
# `d.setDate(d.getDate() + 1)`: a date moved by whole days, months or years keeps its wall-clock
# time in any zone; on a UTC server it is exactly the days later, so the zone changes nothing a
# user sees (held-out judging: bench/judged, pattern tz:relative-cutoff).  Moved by hours or
# minutes (`d.setHours(d.getHours() + 168)`, an invitation's expiry) it is that long later, give
# or take the hour of a daylight-saving change (bench/judged: papermark's resend.ts).  Asked when
# the result is then cut to a local day (`setHours(0, 0, 0, 0)`, a separate question) or read as a
# local date.
_SHIFTS = {
    'setDate': 'getDate', 'setMonth': 'getMonth', 'setFullYear': 'getFullYear', 'setHours': 'getHours',
    'setMinutes': 'getMinutes',
}
_SHIFT_GETTERS = {get: set_ for set_, get in _SHIFTS.items()}


def calls(scope: Scope, names: frozenset[str]) -> Iterator[Asked]:
    """Local-time getters and setters on an evident ``Date`` (``names``: the date-like identifiers)."""
    for call in scope.captures('timezone.call'):
        method = s.callee_name(call)
        obj = s.receiver(call)
        if method in FORMATTERS or obj is None or not is_date(obj, names):
            continue
        if method in _YEAR_READS and s.unwrap(obj).type == 'new_expression' and not s.arguments(s.unwrap(obj)):
            continue
        if _relative_shift(call, method, obj):
            continue
        built = built_locally(obj)
        if built is not None and read_back_locally(built):
            continue  # `date.getMonth() === m - 1` on a `new Date(y, m - 1, d)`: the zone cancels out
        yield Asked(call, (
            f'`{short(call)}` is calendar maths in the server\'s zone (UTC in production, yours on a '
            f'laptop): `{method[:3]}UTC{method[3:]}` or an explicit zone'
        ), source(obj), LOW)


def _relative_shift(call: Node, method: str, obj: Node) -> bool:
    """``call`` is ``d.setDate(d.getDate() ± n)`` (or ``setHours``...) or the getter inside it."""
    if method in _SHIFT_GETTERS:
        outer = s.parent_of(s.outer_expression(call))
        if outer is None or outer.type != 'binary_expression':
            return False
        args = s.parent_of(s.outer_expression(outer))
        setter = s.parent_of(args) if args is not None and args.type == 'arguments' else None
        return setter is not None and setter.type == 'call_expression' \
            and s.callee_name(setter) == _SHIFT_GETTERS[method] and _relative_shift(setter, s.callee_name(setter), s.receiver(setter))
    if method not in _SHIFTS or obj is None:
        return False
    args = s.arguments(call)
    shift = s.unwrap(args[0]) if len(args) == 1 else None
    if shift is None or shift.type != 'binary_expression' or s.text(shift.child_by_field_name('operator')) not in ('+', '-'):
        return False
    operands = (shift.child_by_field_name('left'), shift.child_by_field_name('right'))
    return any(
        o is not None and s.unwrap(o).type == 'call_expression' and s.callee_name(s.unwrap(o)) == _SHIFTS[method]
        and _same_instant(s.receiver(s.unwrap(o)), obj)
        for o in operands)


def _same_instant(read: Node | None, moved: Node) -> bool:
    """The date read is the one moved, or both are the current time (``const now = new Date(); const
    cutoff = new Date(); cutoff.setFullYear(now.getFullYear() - 16)``: an age limit of sixteen years,
    round 26's schulcloud-server, tz:relative-cutoff)."""
    return read is not None and (s.text(read) == s.text(moved) or (_now(read) and _now(moved)))


def _now(node: Node) -> bool:
    """``new Date()`` with no argument, itself or as a ``const``'s value."""
    node = s.unwrap(node)
    if node.type == 'identifier':
        decl = s.declaration(node)
        if decl is None or decl.type != 'variable_declarator' or s.text(s.parent_of(decl).children[0]) != 'const':
            return False
        value = decl.child_by_field_name('value')
        node = s.unwrap(value) if value is not None else node
    return node.type == 'new_expression' and s.text(node.child_by_field_name('constructor')) == 'Date' \
        and not s.arguments(node)
