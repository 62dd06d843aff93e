"""Dates built in the server's zone: the multi-argument ``new Date(y, m, d)`` and date-time strings
parsed without an offset (``new Date('2025-03-01T09:00:00')``, ``Date.parse('2025/03/01')``).
Listed: a time of day parsed from text (``new Date(y, m, d, parseInt(hh), parseInt(mm))``, an
iCalendar stamp read as local time) and strings built at run time (`` `${day}T09:00` ``); dates
built from other numbers and constant strings (sample and mock data) are low confidence, and so is
a calendar date parsed from text with no time of day (``new Date(parseInt(y), parseInt(m) - 1,
parseInt(d))``): its local midnight is read back as the same date in the same zone (held out, 0 of
5 listed worth asking: form and provider dates, month bounds; the two worth asking parsed an hour). A date pinned to local
midday (`` `${day}T12:00:00` ``) keeps its day in every zone within twelve hours: not asked. A
date-only value pinned to local midnight (`` `${day}T00:00:00` ``) is low: without the time it would
parse as UTC, so the author chose the local day's start (judged not worth asking 2 times of 2, bcgov
SIMS's date-only transformer and helper, documented round trips with local formatting; the template,
"parses a date-time with no offset", 0% of 4 on held-out code)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import read_back_locally
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Date-time strings without an offset are parsed as local time (date-only ISO strings are UTC).
_LOCAL_STRING = lazyre.compile(
    r'^(?:\d{4}-\d{2}-\d{2}|\$\{\})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$'
    r'|^\d{4}/\d{1,2}/\d{1,2}'
    r'|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d',
)
_HAS_OFFSET = lazyre.compile(r'(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*(?:\([^)]*\))?$', re.I)
# A date pinned to local midday (`${scanDate}T12:00:00`): the usual way to keep a date-only value's
# day in every zone within twelve hours of the server's (bench/judged handled:deliberate-midday-date-only).
_MIDDAY = lazyre.compile(r'[T ]12:00(?::00(?:\.0+)?)?$')
# A run-time date-only value given the local day's start (`${stringDate}T00:00:00`): the local day chosen.
_LOCAL_MIDNIGHT = lazyre.compile(r'^\$\{\}[T ]00:00(?::00(?:\.0+)?)?$')


def new_dates(scope: Scope) -> Iterator[Asked]:
    for new in scope.captures('timezone.new'):
        args = s.arguments(new)
        if len(args) >= 2 and not any(a.type == 'spread_element' for a in args) and not _fixed_sample(args) \
                and not read_back_locally(new):
            yield Asked(new, f'`{short(new)}` builds a date in the server\'s zone: `new Date(Date.UTC(...))`',
                        confidence='' if any(_parsed(a) for a in args[_HOUR:]) else LOW)
        elif len(args) == 1 and _is_local_string(args[0]):
            yield Asked(
                new, f'`{short(new)}` parses a date-time with no offset, in the server\'s zone: add `Z` or an offset',
                confidence=_string_confidence(args[0]))


def parses(scope: Scope) -> Iterator[Asked]:
    for call in scope.captures('timezone.parse'):
        args = s.arguments(call)
        if args and _is_local_string(args[0]):
            yield Asked(
                call, f'`{short(call)}` parses a date-time with no offset, in the server\'s zone: add `Z` or an offset',
                confidence=_string_confidence(args[0]))


def _is_local_string(node: Node) -> bool:
    value = s.string_like_text(node)
    if value is None:
        return False
    value = value.strip()
    return bool(_LOCAL_STRING.match(value)) and not _HAS_OFFSET.search(value) and not _MIDDAY.search(value)


# The first argument of `new Date(y, m, d, h, ...)` that holds a time of day.
_HOUR = 3
# Calls that turn text into a number: a date part read from a string.
_NUMBER_PARSERS = frozenset(('parseInt', 'parseFloat', 'Number'))


def _parsed(arg: Node) -> bool:
    """``Number.parseInt(yearEnd)``, ``parseInt(m, 10) - 1``, ``Number(parts[2])``: a part parsed from
    text, such as an iCalendar or a CSV timestamp, which carried its zone (or `Z`) beside it."""
    stack = [arg]
    while stack:
        node = stack.pop()
        if node.type == 'call_expression' and s.callee_name(node) in _NUMBER_PARSERS:
            return True
        if node.type not in s.FUNCTION_TYPES:
            stack.extend(node.named_children)
    return False


def _string_confidence(arg: Node) -> str:
    """A string built at run time (`` `${day}T09:00` ``) is listed; a constant one is mostly sample or
    mock data (judged not worth asking 3 times of 3), and a date-only value pinned to local midnight
    a deliberate local day (2 of 2), low confidence."""
    text = (s.string_like_text(arg) or '').strip()
    return '' if '${}' in text and not _LOCAL_MIDNIGHT.match(text) else LOW


def _fixed_sample(args: list[Node]) -> bool:
    """``new Date(2000, 11, 25)``: a constant sample date (e.g. to probe a locale's format)."""
    return all(a.type == 'number' for a in args)
