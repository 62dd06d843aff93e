"""A local time labelled UTC: a Moment or Day.js date formatted with a literal ``Z`` in its pattern
(``moment().tz('Europe/London').format('YYYY-MM-DDTHH:mm:ss[Z]')``, ``dayjs(d).format('...[Z]')``),
or date-fns ``format(d, "yyyy-MM-dd'T'HH:mm:ss'Z'")``. The digits are the wall-clock time of the
server's zone (or of the zone the chain moved to), the ``Z`` says they are UTC: whoever reads the
string is off by the zone's offset, an hour in summer even in London. Not when the chain is in UTC
(``moment.utc()``, ``.utc()``, ``.utcOffset(0)``, ``.tz('UTC')``) nor date-fns given a ``UTCDate`` or
``{ in: utc }``. Asked in browser code too: there the zone is the user's."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.timezone import gate
from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# A literal `Z` (or a zero offset) in a format pattern: `[Z]` for Moment and Day.js, `'Z'` for date-fns.
_LABEL = lazyre.compile(rb"\[(?:Z|\+00:?00)\]|'(?:Z|\+00:?00)'")
_LABEL_TEXT = lazyre.compile(r"\[(?:Z|\+00:?00)\]|'(?:Z|\+00:?00)'", flags=0)
_FORMAT = frozenset((b'format',))
_CHAINS = dates.CHAINED | dates.ZONED_CHAINS
# Chain methods that put the date in UTC (`tz` only with a UTC zone).
_TO_UTC = frozenset(('utc', 'utcOffset', 'toUTC'))
_UTC_ZONES = frozenset(('utc', 'etc/utc', 'gmt', 'etc/gmt', 'z'))


def possible(scope: Scope) -> bool:
    return b'format' in scope.file.words and gate.names_library(scope.file) \
        and _LABEL.search(scope.file.source) is not None


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    for name in scope.named(_FORMAT):
        call = s.called_by(name)
        if call is None:
            continue
        if name.type == 'property_identifier':
            asked = _chained(scope, call)
        else:
            asked = _date_fns(scope, call)
        if asked is not None:
            yield asked


def _chained(scope: Scope, call: Node) -> Asked | None:
    """``moment(...)...format('...[Z]')`` on a chain (or a name it was kept in) not in UTC."""
    args = s.arguments(call)
    if not args or not _labelled(args[0]):
        return None
    links = s.chain_calls(call)
    recv = s.receiver(links[-1]) if links else None
    start = s.unwrap(recv) if recv is not None else None
    if start is not None and start.type == 'identifier':  # `const now = moment().tz(zone)`, then `now.format(...)`
        value = s.initializer(start)
        if value is not None and s.unwrap(value).type == 'call_expression':
            links = links + s.chain_calls(s.unwrap(value))
    root = links[-1]
    fn = s.callee(root)
    if fn is None:
        return None
    found = bindings.binding(scope.file, fn)
    if found is None or found.library not in _CHAINS or any(_in_utc(c) for c in links):
        return None
    return Asked(call, f'`{short(call)}` writes a UTC `Z` after a time of the '
                       f'{"zone it moved to" if any(s.callee_name(c) == "tz" for c in links) else "local zone"}: '
                       'the string is off by the offset; `.utc()` first, or `toISOString()`', confidence=LOW)


def _date_fns(scope: Scope, call: Node) -> Asked | None:
    """date-fns ``format(d, "...'Z'")``: date-fns formats in the local zone."""
    args = s.arguments(call)
    fn = s.callee(call)
    if len(args) < 2 or fn is None or not _labelled(args[1]):
        return None
    if not _date_fns_function(scope, fn):
        return None
    first = s.unwrap(args[0])
    if first.type == 'new_expression' and s.text(first.child_by_field_name('constructor')) in dates.ZONED_DATES:
        return None
    if len(args) > 2 and s.unwrap(args[2]).type == 'object' and 'in' in s.object_keys(s.unwrap(args[2])):
        return None
    return Asked(call, f'`{short(call)}` writes a UTC `Z` after a time date-fns formats in the '
                       'local zone: the string is off by the offset; `formatISO`/`toISOString()` or `{ in: utc }`',
                 confidence=LOW)


def _date_fns_function(scope: Scope, fn: Node) -> bool:
    """``format`` imported from date-fns, or taken out of its require (``const { format } =
    require('date-fns')``)."""
    return bindings.library(scope.file, fn) == dates.DATE_FNS


def _labelled(pattern: Node) -> bool:
    """A pattern (or the ``const`` holding it) with a literal ``Z`` in it."""
    pattern = s.unwrap(pattern)
    if pattern.type == 'identifier':
        value = s.initializer(pattern)
        pattern = s.unwrap(value) if value is not None else pattern
    text = s.string_value(pattern)
    return text is not None and _LABEL_TEXT.search(text) is not None


def _in_utc(call: Node) -> bool:
    name = s.callee_name(call)
    if name in _TO_UTC:
        return True
    if name == 'tz':  # `.tz('UTC')`, `moment.tz(x, 'Etc/UTC')`
        return any((s.string_value(a) or '').lower() in _UTC_ZONES for a in s.arguments(call))
    return False
