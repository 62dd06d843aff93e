"""A recurring schedule built at run time with no zone: node-schedule's ``new RecurrenceRule(null,
null, null, dayOfWeek, hour, minute)`` or ``scheduleJob({ hour, minute }, fn)``, node-cron's
``cron.schedule(expr, fn)``, cron's ``new CronJob(expr, fn)``, croner's ``Cron(expr, fn)``, where
the time is not written in the code (a user's or a record's choice: ``schedule.data.hour``,
``task.cron``). The scheduler fires at that hour of the server's zone (UTC in a container), not the
zone of the person who chose it. A schedule written in the code, one read from the environment or
a config module (the operator's, for the server), one given a zone (``tz``, ``timezone``,
``timeZone``), and an interval whose only chosen part is the minutes or seconds
(`` `*/${minutes} * * * *` ``: every field after the minute is ``*``) are not asked.

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CALLEES = (b'RecurrenceRule', b'scheduleJob', b'schedule', b'CronJob', b'Cron')
_CALLS = lazyre.compile(rb'\b(?:' + b'|'.join(_CALLEES) + rb')\b')
_CALLEE_WORDS = frozenset(_CALLEES)  # `File.regex_words` holds one where `_CALLS` finds one
_PACKAGES = lazyre.compile(rb'''['"](?:node-schedule|node-cron|cron|croner)['"]''')
# Read from the environment or a config module: the operator's schedule for the server.
_OPERATORS = lazyre.compile(r'process\.env|\b[cC]onfig\b|\bsettings\b|\bSettings\b|\benv\.')
# The zone's position among each constructor's arguments.
_ZONE_ARGUMENT = {'RecurrenceRule': 7, 'CronJob': 4}
# node-schedule's RecurrenceRule(year, month, date, dayOfWeek, hour, minute, second, tz).
_RULE_TIME = range(0, 7)


def possible(scope: Scope) -> bool:
    return not _CALLEE_WORDS.isdisjoint(scope.file.regex_words) and _CALLS.search(scope.text) is not None \
        and scope.file.fact(_imports_scheduler)


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    seen: set[int] = set()
    for m in scope.matches(_CALLS):
        call = s.descendant(scope.root, m.start(), m.end())
        while call is not None and call.type not in ('call_expression', 'new_expression'):
            call = s.parent_of(call) if call.type in ('identifier', 'property_identifier', 'member_expression') else None
        if call is None or call.start_byte in seen:
            continue
        seen.add(call.start_byte)
        asked = _unzoned(scope, call)
        if asked is not None:
            yield asked


def _imports_scheduler(file: s.File) -> bool:
    return _PACKAGES.search(file.source) is not None


def _unzoned(scope: Scope, call: Node) -> Asked | None:
    if call.type == 'new_expression':
        callee = call.child_by_field_name('constructor')
    else:
        callee = call.child_by_field_name('function')
    if callee is None:
        return None
    name = s.text(callee).rsplit('.', 1)[-1]
    bound = bindings.binding(scope.file, callee)
    if bound is None or bound.library not in dates.SCHEDULERS:
        return None
    args = s.arguments(call)
    if not args or any(_does_nothing(a) for a in args):
        return None  # `new CronJob(cronTime, () => {})` to read its next dates: nothing fires
    if name in _ZONE_ARGUMENT:
        zone = _ZONE_ARGUMENT[name]
        if len(args) > zone and s.text(args[zone]) not in ('null', 'undefined'):
            return None
        times = [a for a in args[:zone]] if name == 'RecurrenceRule' else args[:1]
        if name == 'RecurrenceRule' and _zone_set_later(call):
            return None
    elif name in ('scheduleJob', 'schedule', 'Cron'):
        spec = args[1] if name == 'scheduleJob' and len(args) > 2 else args[0]
        if any(_zone_in(a) for a in args):
            return None
        times = _object_values(spec) if s.unwrap(spec).type == 'object' else [spec]
    else:
        return None
    chosen = [t for t in times if _chosen_at_run_time(t)]
    if not chosen:
        return None
    shown = ', '.join(f'`{s.normalized(t, 30)}`' for t in chosen[:3])
    return Asked(call, f'`{s.normalized(call, 40)}` fires at {shown} of the server\'s zone (UTC in a container), '
                       'not the zone of whoever chose it: pass the zone', confidence=LOW)


def _interval(template: Node) -> bool:
    """A cron expression that fires every few minutes or seconds (`*/${n} * * * *`): every field
    after the minute is `*`, so the server's zone does not move it."""
    fields = _SUBSTITUTION.sub(b'n', template.text or b'').strip(b'`').split()
    return len(fields) in (5, 6) and all(f == b'*' for f in fields[len(fields) - 4:])


_SUBSTITUTION = lazyre.compile(rb'\$\{[^}]*\}')


def _does_nothing(arg: Node) -> bool:
    arg = s.unwrap(arg)
    if arg.type not in ('arrow_function', 'function_expression', 'function'):
        return False
    body = arg.child_by_field_name('body')
    return body is not None and body.type == 'statement_block' and not body.named_children


def _zone_in(arg: Node) -> bool:
    """An options object (or the spec) that names a zone; an object built elsewhere may."""
    arg = s.unwrap(arg)
    if arg.type == 'identifier':
        return True
    return arg.type == 'object' and not dates.SCHEDULE_ZONE_KEYS.isdisjoint(s.object_keys(arg))


def _object_values(obj: Node) -> list[Node]:
    return [p.child_by_field_name('value') for p in s.unwrap(obj).named_children if p.type == 'pair']


def _zone_set_later(call: Node) -> bool:
    """``rule.tz = zone`` in the function that makes the rule."""
    fn = s.enclosing_function(call)
    body = fn if fn is not None else call
    return b'.tz =' in (body.text or b'') or b'.tz=' in (body.text or b'')


def _chosen_at_run_time(value: Node | None) -> bool:
    """Not written in the code, not the operator's (the environment, a config module), not a
    parameter's default."""
    if value is None:
        return False
    value = s.unwrap(value)
    if value.type in ('number', 'string', 'null', 'undefined', 'true', 'false', 'array', 'arrow_function',
                      'function_expression', 'object'):
        return False
    if value.type == 'template_string' and (s.string_value(value) is not None or _interval(value)):
        return False
    if value.type == 'identifier':
        init = s.initializer(value)
        if init is not None and not _chosen_at_run_time(init):
            return False
        if s.text(value).isupper() or s.text(value) in ('undefined',):
            return False
    if value.type == 'new_expression':
        return False  # a rule object: asked where it is built
    return _OPERATORS.search(s.text(value)) is None
