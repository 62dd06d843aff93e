"""A cron expression used without the zone that comes with it: the function reads both
``repeat.cron`` and ``repeat.cronTimezone`` (a field of the same object named for a zone: ``tz``,
``timezone``, ``timeZone``), and a call computes a time from the expression alone
(``runAt = cron(runAt ?? new Date(), repeat.cron)``, ``parseExpression(job.cron, { currentDate })``):
the next run is worked out in the server's zone (UTC in a container), not in the zone the job was
given, so the first run, or every run, fires hours off. Not when an argument of the call carries the
zone, nor a call that does not work out a time (one given no date, no options: a validation, a
log line)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CRON = lazyre.compile(r'^(?:cron|cronExpression|cronPattern|cronTime|cronSchedule)$', flags=0)
_ZONE = lazyre.compile(r'(?:^tz$|[tT]ime_?[zZ]one$|^zone$|Tz$|TZ$)', flags=0)
_CRON_WORDS = frozenset((b'cron', b'cronExpression', b'cronPattern', b'cronTime', b'cronSchedule'))
# An argument that is a point in time the computation starts from.
_INSTANT = lazyre.compile(r'\bnew Date\b|\bDate\.now\(|\bcurrentDate\b|\bstartDate\b|\bfrom(?:Date)?\b', flags=0)


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return not words.isdisjoint(_CRON_WORDS) and any(_ZONE.search(w.decode('ascii', 'replace')) for w in words)


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    for prop in scope.named(_CRON_WORDS):
        member = s.parent_of(prop)
        if member is None or member.type != 'member_expression' or member.child_by_field_name('property') != prop:
            continue
        holder = s.unwrap(member.child_by_field_name('object'))
        fn = s.enclosing_function(member)
        zone = _zone_field(scope, fn, s.text(holder)) if fn is not None else None
        call = _computing_call(member)
        if zone is None or call is None or zone.start_byte in range(call.start_byte, call.end_byte):
            continue
        yield Asked(call, (f'`{s.normalized(call, 50)}` works out a time from `{s.text(member)}` without '
                           f'`{s.text(zone)}`, read beside it: in the server\'s zone, not the job\'s'),
                    (zone,), LOW)


def _zone_field(scope: Scope, fn: Node, holder: str) -> Node | None:
    """``<holder>.<zone>`` somewhere in ``fn``: the zone the object carries with its expression."""
    zones = frozenset(w for w in scope.file.words if _ZONE.search(w.decode('ascii', 'replace')))
    for prop in scope.file.named(zones, ((fn.start_byte, fn.end_byte),)):
        member = s.parent_of(prop)
        obj = member.child_by_field_name('object') if member is not None and member.type == 'member_expression' else None
        if obj is not None and member.child_by_field_name('property') == prop and s.text(s.unwrap(obj)) == holder:
            return member
    return None


def _computing_call(member: Node) -> Node | None:
    """The call ``member`` is a direct argument of, when another argument is the instant it starts
    from (``new Date()``, ``currentDate``) or an options object that names no zone."""
    args = s.parent_of(s.outer_expression(member))
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type not in ('call_expression', 'new_expression'):
        return None
    others = [a for a in s.arguments(call) if a != s.outer_expression(member)]
    for other in others:
        other = s.unwrap(other)
        if other.type == 'object':
            if any(_ZONE.search(k) for k in s.object_keys(other)) or s.has_spread(other):
                return None
            if _INSTANT.search(s.text(other)):
                return call
        elif _INSTANT.search(s.text(other)):
            return call
    return None
