"""A calendar date read as local midnight and moved to UTC before its day is printed:
``moment(date).utc().format('YYYY-MM-DD')``. Moment and Day.js read a date-only string
(``'2024-03-01'``) or a date picked in the page as midnight of the browser's zone, and ``.utc()`` moves
that midnight to the day before east of UTC: the page shows yesterday (tower-analytics' ``formatDate``, a
real bug of holdout23; the fix reads it as UTC, ``moment.utc(date)``). Asked where the value is named
for a calendar date (``date``, ``startDate``, ``dateOfBirth``), not an instant (``createdAt``,
``timestamp``), and the pattern prints a day and no time of day, in code that runs in the browser (in a server's UTC
the midnight does not move). Low: not yet judged."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone import library_formats
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

_FORMAT = frozenset((b'format',))


def possible(scope: Scope) -> bool:
    return b'utc' in scope.text and b'format' in scope.text \
        and not scope.file.words.isdisjoint(dates.FORMATTING_LIBRARY_WORDS)


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    for name in scope.named(_FORMAT):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier':
            continue
        links = s.chain_calls(call)  # outermost first: format, utc, moment(x)
        if len(links) != 3 or s.callee_name(links[1]) != 'utc' or s.arguments(links[1]):
            continue
        root = links[2]
        fn = s.callee(root)
        args = s.arguments(root)
        if fn is None or s.unwrap(fn).type != 'identifier' or len(args) != 1 \
                or bindings.library(scope.file, fn) not in dates.CHAINED:
            continue
        if library_formats.calendar_named(args[0]) and library_formats.day_only(call):
            yield Asked(call, f'`{short(call)}` reads `{s.text(args[0])}` as local midnight, and `.utc()` moves it to '
                              'the day before east of UTC: `moment.utc(...)` to read a calendar date', confidence=LOW)
