"""rrule's occurrences taken for instants: ``RRule.fromString(series.recurrenceRule).between(fromDate,
now)``, ``new RRule(event.recurrenceRule.origOptions).between(start, end)``. rrule computes in
"floating" time: the dates it takes and returns are wall-clock times written as UTC, and with a
rule's TZID they are that zone's wall clock (its README: returned "UTC" dates are meant to be read
as local times). Given real instants as bounds and used as real instants, every occurrence is off by
the zone's offset: recurring meetings start hours off (parabol), an iCal event with a TZID shows at
the wrong hour (homepage). Asked at the call, browser code too, where the rule can carry a zone: it
is parsed from a text (``RRule.fromString``, ``rrulestr``; not a text written in with a UTC
``DTSTART:...Z`` and no TZID) or made from options not written there (a parsed calendar's) or
written with a ``tzid``. Not in a file that builds rrule's floating dates (``datetime()`` of
rrule), nor in a function that reads a ``tzid`` besides the rule's own options (it converts)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_FROM_RRULE = rb'''(?:\bfrom|\brequire\()\s*['"]''' + dates.RRULE.encode() + rb'''['"]'''
_IMPORT = lazyre.compile(_FROM_RRULE)
_FLOATING_IMPORT = lazyre.compile(rb'\b' + dates.RRULE_FLOATING.encode() + rb'\b[^;]*?' + _FROM_RRULE)
_OCCURRENCE_WORDS = frozenset(m.encode() for m in dates.RRULE_OCCURRENCES)
_TZID = lazyre.compile(rb'tzid|TZID')


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return not words.isdisjoint(_OCCURRENCE_WORDS) and dates.RRULE.encode() in words and scope.file.fact(_imports_rrule)


def _imports_rrule(file: File) -> bool:
    return _IMPORT.search(file.source) is not None and _FLOATING_IMPORT.search(file.source) is None


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    for name in scope.named(_OCCURRENCE_WORDS):
        if name.type != 'property_identifier':
            continue
        call = s.called_by(name)
        rule = _rule(s.receiver(call)) if call is not None else None
        if call is None or rule is None or not _may_carry_zone(rule) or _converts(call, rule):
            continue
        yield Asked(call, f'`{short(call)}` reads rrule\'s occurrences, which are floating times (a wall-clock time '
                          'written as UTC; with the rule\'s TZID, that zone\'s wall clock): taken and used as real '
                          'instants, each is off by the zone\'s offset; convert the bounds and the results',
                    evidence=(rule,), confidence=LOW)


def _rule(receiver: Node | None) -> Node | None:
    """The call or ``new`` that made the rule the occurrences are read from, in place or through
    the ``const`` it is kept in."""
    if receiver is None:
        return None
    node = s.unwrap(receiver)
    if node.type == 'identifier':
        value = s.initializer(node)
        node = s.unwrap(value) if value is not None else node
    if node.type == 'new_expression':
        made = s.text(node.child_by_field_name('constructor'))
    elif node.type == 'call_expression':
        made = s.callee_name(node)
    else:
        return None
    return node if made in dates.RRULE_MAKERS else None


def _may_carry_zone(rule: Node) -> bool:
    args = s.arguments(rule)
    if not args:
        return False  # `new RRuleSet()`: its rules are added apart
    first = s.unwrap(args[0])
    if first.type == 'identifier':  # `const fullRrule = `DTSTART:${start}Z\nRRULE:${rule}``
        value = s.initializer(first)
        first = s.unwrap(value) if value is not None else first
    if first.type == 'object':
        return 'tzid' in s.object_keys(first)
    text = s.string_like_text(first)
    if text is not None:
        return 'TZID' in text or 'DTSTART' not in text or 'Z' not in text.split('DTSTART', 1)[1].split('\n', 1)[0]
    return True


def _converts(call: Node, rule: Node) -> bool:
    """The function reads a ``tzid`` outside the rule's making: it shifts by the rule's zone."""
    fn = s.enclosing_function(call)
    if fn is None:
        return False
    source = fn.text
    start = fn.start_byte
    for m in _TZID.finditer(source):
        if not rule.start_byte <= start + m.start() < rule.end_byte:
            return True
    return False
