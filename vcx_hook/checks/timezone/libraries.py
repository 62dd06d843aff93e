"""Date libraries' local-time functions in a function that names a zone and does not pass it:
date-fns calendar functions with no ``{ in: tz() }``, Moment/Day.js chains with no ``.utc()``/``.tz()``,
and dateformat's local ISO masks (anywhere); and (low) a Day.js calendar chain with no zone in
a file that loads Day.js's ``utc`` or ``timezone`` plugin."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.gate import LIBRARY_WORDS
from vcx_hook.checks.timezone.gate import masks
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.checks.timezone.nodes import source
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# `timezone`, `timeZone`, `time_zone`, `tz`, `zone`, `userTimezone`, `tzOffset`: words naming a zone.
_ZONE_WORD = lazyre.compile(rb'(?<![\w$])(?:[\w$]*[tT]ime_?[zZ]one|tz|[zZ]one|[\w$]*Zone)(?![a-z])')
# `toZonedTime(now, zone)`, `utcToZonedTime(`: a call of date-fns-tz's conversion to a zone.
_CONVERTS_TO_ZONE = lazyre.compile(rb'(?<![\w$])(?:' + b'|'.join(w.encode() for w in dates.TO_ZONED) + rb')\s*\(')
_OPTION_NAMES = frozenset(('options', 'opts', 'dateOptions', 'tzOptions', 'zoneOptions'))
# How many date-fns calls deep a zoned date is followed (`startOfDay(parse(s, f, new TZDate(...)))`).
_ZONED_DEPTH = 3
# `import utc from 'dayjs/plugin/utc'`, `require('dayjs/plugin/timezone')`: the file set Day.js up
# to compute in UTC or a zone.
_ZONE_PLUGIN = lazyre.compile(rb"""['"]dayjs/plugin/(?:utc|timezone)(?:\.js)?['"]""")


def calls(scope: Scope) -> Iterator[Asked]:
    file = scope.file
    if runtime.in_users_zone(file):
        return
    for fragment in masks(scope):
        literal = s.parent_of(fragment)
        call = s.calling(literal) if literal is not None and literal.type == 'string' \
            and literal.named_child_count == 1 else None
        if call is not None:
            yield Asked(
                call, f'`{short(call)}` formats with dateformat\'s `{s.text(fragment)}` mask, in the '
                f'server\'s zone: `isoUtcDateTime` or a `UTC:` mask', confidence=MEDIUM)
    converts = any(b.library in dates.ZONE_CONVERTERS for b in bindings.imports(file).values())
    to_zone = _CONVERTS_TO_ZONE.search(file.source) is not None  # the file converts, not only imports
    for name in scope.named(LIBRARY_WORDS):
        word = s.text(name)
        call = s.called_by(name)
        if call is not None and converts and to_zone and word in dates.DATE_FNS_LOCAL and _now_unconverted(call) \
                and _library(file, s.callee(call), name) == dates.DATE_FNS:
            yield Asked(
                call, f'`{short(call)}` takes the current instant\'s calendar day in the server\'s zone, while '
                f'this file converts dates to the user\'s zone first (`toZonedTime`): convert `now` too',
                source(s.arguments(call)[0]), confidence=LOW)
            continue
        if call is None or not _knows_zone(file, call):
            continue
        if word in dates.DATE_FNS_LOCAL and not converts and _library(file, s.callee(call), name) == dates.DATE_FNS:
            if not _zone_option(call) and not any(_zoned_date(file, a) for a in s.arguments(call)):
                yield Asked(
                    call, f'`{short(call)}` is calendar maths in the server\'s zone (UTC in production, '
                    f'yours on a laptop): pass `{{ in: tz(zone) }}` or work in UTC',
                    source(s.arguments(call)[0]) if s.arguments(call) else (), confidence=MEDIUM)
        elif word in dates.CHAINED_LOCAL and name.type == 'property_identifier' and _local_chain(file, call, word):
            yield Asked(
                call, f'`{short(call)}` is calendar maths in the server\'s zone (UTC in production, '
                f'yours on a laptop): `.utc()` or `.tz(zone)` first', confidence=MEDIUM)
    if _ZONE_PLUGIN.search(file.source) is None:
        return
    for name in scope.named(frozenset(w.encode() for w in dates.CHAINED_LOCAL)):
        call = s.called_by(name)
        word = s.text(name)
        if call is None or name.type != 'property_identifier' or _knows_zone(file, call) \
                or not _local_chain(file, call, word) or _chain_library(file, call) != packages.DAYJS:
            continue
        yield Asked(
            call, f'`{short(call)}` is calendar maths in the server\'s zone, in a file that loads Day.js\'s UTC or '
            f'time-zone plugin to work in another: `.utc()` or `.tz(zone)` first', confidence=LOW)


def _chain_library(file: File, call: Node) -> str:
    """The package whose function starts the chain ``call`` ends (``dayjs(x).startOf('day')``)."""
    fn = s.callee(s.chain_calls(call)[-1])
    found = bindings.binding(file, s.unwrap(fn)) if fn is not None else None
    return found.library if found is not None else ''


def _knows_zone(file: File, call: Node) -> bool:
    """Whether the function around ``call`` names a time zone (a ``timezone`` parameter, a ``tz``
    variable, ``user.timeZone``): the code has the zone and this call does not use it.  A calendar
    boundary in code that never mentions a zone is the server's zone by design as often as not."""
    fn = s.enclosing_function(call)
    start, end = (fn.start_byte, fn.end_byte) if fn is not None else (0, len(file.source))
    return _ZONE_WORD.search(file.source, start, end) is not None


def _now_unconverted(call: Node) -> bool:
    """A date-fns calendar function given the current instant as it is (``endOfDay(now)`` with
    ``const now = new Date()``, ``startOfDay(new Date())``) and no options: in a file that converts
    dates to a zone with date-fns-tz, the one boundary taken in the server's zone."""
    args = s.arguments(call)
    if len(args) != 1:
        return False
    arg = s.unwrap(args[0])
    if arg.type == 'identifier':
        value = s.initializer(arg)
        if value is None or s.declaration(arg) is None:
            return False
        arg = s.unwrap(value)
    return arg.type == 'new_expression' and s.text(arg.child_by_field_name('constructor')) == 'Date' \
        and not s.arguments(arg)


def _zoned_date(file: File, arg: Node, depth: int = 0) -> bool:
    """``new TZDate(d, zone)``, ``new UTCDate(d)``: a date that carries its zone (date-fns computes in it);
    also what date-fns makes from one (``parse(day, 'yyyy-MM-dd', new TZDate(now, zone))``,
    ``addDays(zoned, 1)``): date-fns 4 builds its result from the date it is given, zone included."""
    arg = s.unwrap(arg)
    if arg.type == 'identifier':
        value = s.initializer(arg)
        arg = s.unwrap(value) if value is not None else arg
    if arg.type == 'call_expression' and depth < _ZONED_DEPTH:
        callee = s.callee(arg)
        return callee is not None and _library(file, callee, callee) == dates.DATE_FNS \
            and any(_zoned_date(file, a, depth + 1) for a in s.arguments(arg))
    if arg.type != 'new_expression':
        return False
    ctor = arg.child_by_field_name('constructor')
    return ctor is not None and s.text(ctor) in dates.ZONED_DATES


def _library(file: File, callee: Node | None, name: Node) -> str:
    """The package a called function comes from: ``startOfDay`` imported from date-fns, or
    ``df.startOfDay`` with ``df`` bound to it."""
    if callee is None:
        return ''
    callee = s.unwrap(callee)
    target = callee if callee.type == 'identifier' else callee.child_by_field_name('object')
    found = bindings.binding(file, target) if target is not None else None
    return found.library if found is not None else ''


def _zone_option(call: Node) -> bool:
    """An options argument naming the zone: ``{ in: tz(zone) }``, also as one side of a ternary
    (``zone ? { in: tz(zone) } : undefined``), or options built elsewhere (``opts``)."""
    for arg in s.arguments(call):
        arg = s.unwrap(arg)
        sides = [arg.child_by_field_name(f) for f in ('consequence', 'alternative')] \
            if arg.type == 'ternary_expression' else [arg]
        for side in sides:
            if side is None:
                continue
            side = s.unwrap(side)
            if side.type == 'object' and (dates.DATE_FNS_ZONE_OPTIONS & set(s.object_keys(side)) or s.has_spread(side)):
                return True
            if side.type == 'identifier' and s.text(side) in _OPTION_NAMES:
                return True
    return False


def _local_chain(file: File, call: Node, method: str) -> bool:
    """``moment(x).startOf('day')``, ``dayjs().hour(9)``: a chain the library's function starts, with
    no zone on the way (``moment.utc(x)``, ``.tz(zone)``, ``.utc()``)."""
    if method in ('startOf', 'endOf'):
        args = s.arguments(call)
        unit = s.string_like_text(args[0]) if args else None
        if unit not in dates.CALENDAR_UNITS:
            return False
    links = s.chain_calls(call)
    root = links[-1]
    fn = s.callee(root)
    if fn is None or s.unwrap(fn).type != 'identifier' or any(s.callee_name(c) in dates.CHAINED_ZONES for c in links):
        return False
    found = bindings.binding(file, fn)
    return found is not None and found.library in dates.CHAINED
