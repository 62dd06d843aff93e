"""timezone: calendar arithmetic or formatting in the server's local time zone.

Servers run in UTC in production and in the developer's zone on a laptop, so calendar maths in
local time gives different answers in the two places: "tomorrow at midnight" is a different instant,
a report's "today" starts at the wrong hour, and a daylight-saving change moves a recurring job by an
hour twice a year. The code passes every test on the laptop where it was written.

Asked in server code for:

- local-time getters and setters on a `Date` value: `getDate/setDate`, `getDay`, `getMonth/setMonth`,
  `getFullYear/setFullYear`, `getHours/setHours` (so `setHours(0, 0, 0, 0)` midnights too). A value
  counts as a `Date` when it was built with `new Date(...)`, is annotated `: Date`, or has a date-like
  name (`date`, `now`, `createdAt`, `startDate`...; the `date_names` list);
- the multi-argument local constructor `new Date(y, m, d)`;
- date-time strings parsed without an offset: `new Date('2025-03-01T09:00:00')`,
  `` new Date(`${day}T09:00`) ``, `Date.parse('2025/03/01')` (date-only ISO strings are UTC and fine);
- `toLocaleString`/`toLocaleDateString`/`toLocaleTimeString` and `new Intl.DateTimeFormat(...)` with no
  `timeZone` option;
- date libraries' local-time functions, in a function that names a zone (a `timezone` parameter, a
  `tz` variable, `user.timeZone`) and does not pass it (medium confidence): date-fns calendar
  functions (`startOfDay`, `endOfMonth`, `differenceInCalendarDays`, `isSameDay`, `setHours`...)
  with no `{ in: tz(zone) }` and not on a `TZDate`/`UTCDate`, in files that do not convert with
  date-fns-tz; Moment and Day.js chains (`moment().startOf('day')`, `dayjs().hour(9)`) with no
  `.utc()`/`.tz()`; and dateformat's local ISO masks (`'isoDateTime'`, `'isoTime'`) anywhere.

One question per line and per expression: `new Date(now.getFullYear() + 1, now.getMonth(), 1)` is
asked once. Every question of this family is medium confidence (listed; blocking with `block =
"medium"`): on held-out code calendar maths in the server's zone was worth asking 18% of 30 times,
formatting in it 75% of 18 (docs/confidence.md).

Not asked:

- a date moved by whole days, months or years from its own value (`d.setDate(d.getDate() + 7)`,
  `d.setMonth(d.getMonth() - 3)`): it keeps its wall-clock time, so in any zone it is that many days
  later (judged not worth asking on held-out code: "last 90 days" cut-offs); cutting it to a day
  afterwards (`d.setHours(0, 0, 0, 0)`) is asked;
- epoch-millisecond arithmetic (`Date.now()`, `getTime()`), `toISOString`, `getUTC*`/`setUTC*`,
  `Date.UTC(...)`;
- formatting with an explicit `timeZone`, or with options built elsewhere;
- `toLocaleString` on numbers, and getters on values that are not evidently dates (`cache.get('date')`);
- date-fns `format` and the like: a formatted timestamp in a log line or a file name shows its zone;
- browser and UI code (but a Next.js app-router page, layout or template with no `'use client'` and
  no client hook renders on the server, and is asked, at medium confidence): `.jsx`/`.tsx` files, files importing React, Vue, Svelte, Angular or Next.js
  client modules, `'use client'` files and files using DOM globals (`window.`, `document.`...). There
  local time is the user's time, which is what a display wants.

Bad:

```js
function nextRun() {
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return tomorrow;
}
```

Good:

```js
function nextRun() {
  const next = new Date();
  next.setUTCDate(next.getUTCDate() + 1);
  next.setUTCHours(9, 0, 0, 0); // or Temporal / date-fns-tz with the customer's zone
  return next;
}
```

Answer it in code when local time is what you mean:

```js
// vcx-ignore timezone -- this CLI runs on the operator's laptop and prints in their zone
const label = started.toLocaleString();
```

Names the configuration can extend (`[checks.timezone]`): `date_names`, identifiers treated as
`Date` values.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'timezone'
# Held-out precision far below 80% for every shape (bench/judged: calendar maths 18% of 30, formatting in
# the server's zone 75% of 18, Intl with no timeZone 0% of 6, a date-time with no offset 0% of 3): listed,
# not blocking, until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
QUESTION = 'Which time zone is this in on the server, and is that the one you mean?'
SUMMARY = 'calendar maths or formatting in the server-local time zone'
QUERY = load_query(__file__)
NAMES = {
    # Identifiers treated as Date values without a visible `new Date()` or `: Date` annotation.
    'date_names': frozenset((
        'date', 'd', 'dt', 'now', 'today', 'tomorrow', 'yesterday', 'start', 'end', 'deadline',
        'expiry', 'expires', 'midnight', 'day', 'due', 'timestamp',
    )),
}

_DATEISH = lazyre.compile(r'(?:^|[a-z])(Date|At|Time|Day|Deadline|Expiry|Expires|Midnight|On)$')
# Date-time strings without an offset are parsed as local time (date-only ISO strings are UTC).
_LOCAL_STRING = lazyre.compile(
    r'^(?:\d{4}-\d{2}-\d{2}|\$\{\})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$'
    r'|^\d{4}/\d{1,2}/\d{1,2}'
    r'|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d',
)
_HAS_OFFSET = lazyre.compile(r'(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*(?:\([^)]*\))?$', re.I)
_FORMATTERS = frozenset(('toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'))
# Reading the current year alone (`new Date().getFullYear()`, a copyright line) is off only for a
# few hours a year; asked only on named dates, where it feeds calendar maths.
_YEAR_READS = frozenset(('getFullYear', 'getYear'))


# Whitespace and comments between two tokens.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
# Arguments that can be two or more, or a string: a comma outside nested parentheses, a quote, a
# slash (a regex, a comment), or parentheses three deep.  `(ms)`, `(Date.now() + ms)` cannot.
_NESTED = rb'(?:[^()\'"`/]|\([^()\'"`/]*\))*\)'  # after its `(`
_ARGUMENTS = rb'\((?:[^()\'"`/,]|\(' + _NESTED + rb')*(?:[,\'"`/]|\((?!' + _NESTED + rb'))'
# The gate: every candidate's text matches one of these.  Each starts with a capital letter, rare
# in code, so that a search costs about half a substring test.
_CANDIDATES = (
    # getDate/setDate, getDay/setDay, Intl.DateTimeFormat, `Date.parse(`, `new Date(` with such arguments.
    lazyre.compile(
        rb'D(?:(?<=etD)ay|ate(?:(?<=etDate)|TimeFormat|(?<![\w$]Date)' + _WS
        + rb'(?:' + _ARGUMENTS + rb'|<|\??\.' + _WS + rb'parse(?![\w$]))))'),
    lazyre.compile(rb'Month(?<=etMonth)'),
    lazyre.compile(rb'Year(?<=etYear|llYear)'),
    lazyre.compile(rb'Hours(?<=etHours)'),
    lazyre.compile(rb'Locale(?<=toLocale)(?:Date|Time)?String'),
)


def relevant(scope: Scope, config: Config) -> bool:
    """Whether the text holds a local-time method, `Date.parse`, `Intl.DateTimeFormat` or a `new Date(`
    with arguments that can report, or the file names a date library and the scope one of its
    local-time functions, outside UI files (``run``'s own first test)."""
    text = scope.text
    for candidate in _CANDIDATES:
        if candidate.search(text):
            return not s.is_ui_file(scope.file) or runtime.is_server_component(scope.file)
    if _names_library(scope.file) and (scope.named(_LIBRARY_WORDS) or _masks(scope)):
        return not s.is_ui_file(scope.file)
    return False


# A word of a date library's name in the file (an import of `date-fns`, a `require('dayjs')`), or a
# dateformat mask: a set lookup, where the library's functions are then looked for in the scope.
_LIBRARY_NAMES = frozenset((b'fns', b'dayjs', b'moment', *(m.encode() for m in dates.LOCAL_MASKS)))
_LIBRARY_WORDS = frozenset(w.encode() for w in dates.DATE_FNS_LOCAL | dates.CHAINED_LOCAL)
_MASKS = frozenset(w.encode() for w in dates.LOCAL_MASKS)
_FRAGMENTS = frozenset(('string_fragment',))


def _names_library(file: File) -> bool:
    return not file.words.isdisjoint(_LIBRARY_NAMES)


def _masks(scope: Scope) -> list[Node]:
    return scope.file.named(_MASKS, scope.ranges, _FRAGMENTS)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    server_rendered = runtime.is_server_component(scope.file)
    if s.is_ui_file(scope.file) and not server_rendered:
        return
    found = list(_candidates(scope, config))
    if server_rendered:  # a new shape: server components' dates (medium until judged)
        found = [(node, f._replace(confidence=MEDIUM)) for node, f in found]
    if _names_library(scope.file):
        found += _library_calls(scope)
    # `new Date(now.getFullYear() + 1, now.getMonth(), 1)` is one question, not three; it is about
    # what the inner ones were about too (where `now` was built).
    for node, finding in found:
        inner = [f for n, f in found if _within(n, node)]
        if any(_within(node, n) for n, _ in found):
            continue
        if inner:
            lines = {line for f in inner for line in f.about} - {finding.line}
            finding = finding._replace(evidence=tuple(sorted(lines | set(finding.evidence))))
        yield finding


# `d.setDate(d.getDate() + 1)`: a date moved by whole days, months or years keeps its wall-clock
# time in any zone; on a UTC server it is exactly the days later, so the zone changes nothing a
# user sees (held-out judging: bench/judged, pattern tz:relative-cutoff).  Asked when the result is
# then cut to a local day (`setHours(0, 0, 0, 0)`, a separate question) or read as a local date.
_SHIFTS = {'setDate': 'getDate', 'setMonth': 'getMonth', 'setFullYear': 'getFullYear'}
_SHIFT_GETTERS = {get: set_ for set_, get in _SHIFTS.items()}


def _relative_shift(call: Node, method: str, obj: Node) -> bool:
    """``call`` is ``d.setDate(d.getDate() ± n)`` or the ``d.getDate()`` inside it."""
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
        and s.receiver(s.unwrap(o)) is not None and s.text(s.receiver(s.unwrap(o))) == s.text(obj)
        for o in operands)


def _within(node: Node, outer: Node) -> bool:
    """Whether ``node`` lies inside ``outer`` and is not ``outer`` itself."""
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte \
        and (outer.start_byte, outer.end_byte) != (node.start_byte, node.end_byte)


def _candidates(scope: Scope, config: Config) -> Iterator[tuple[Node, Finding]]:
    names = config.names[ID]['date_names']
    for call in scope.captures('timezone.call'):
        method = s.callee_name(call)
        obj = s.receiver(call)
        if obj is None or not _is_date(obj, names, strict=method == 'toLocaleString'):
            continue
        if method in _YEAR_READS and s.unwrap(obj).type == 'new_expression' and not s.arguments(s.unwrap(obj)):
            continue
        if _relative_shift(call, method, obj):
            continue
        if method in _FORMATTERS:
            if _has_time_zone_option(call, 1):
                continue
            msg = f'`{_short(call)}` formats in the server\'s zone; pass `{{ timeZone }}` or format on the client'
        else:
            msg = (
                f'`{_short(call)}` is calendar maths in the server\'s zone (UTC in production, yours on a '
                f'laptop): `{method[:3]}UTC{method[3:]}` or an explicit zone'
            )
        yield call, scope.finding(call, ID, msg, QUESTION, evidence=_source(obj))
    for new in scope.captures('timezone.new'):
        args = s.arguments(new)
        if len(args) >= 2 and not any(a.type == 'spread_element' for a in args) and not _fixed_sample(args):
            yield new, scope.finding(
                new, ID,
                f'`{_short(new)}` builds a date in the server\'s zone: `new Date(Date.UTC(...))`',
                QUESTION,
            )
        elif len(args) == 1 and _is_local_string(args[0]):
            yield new, scope.finding(
                new, ID,
                f'`{_short(new)}` parses a date-time with no offset, in the server\'s zone: add `Z` or an offset',
                QUESTION,
            )
    for call in scope.captures('timezone.parse'):
        args = s.arguments(call)
        if args and _is_local_string(args[0]):
            yield call, scope.finding(
                call, ID,
                f'`{_short(call)}` parses a date-time with no offset, in the server\'s zone: add `Z` or an offset',
                QUESTION,
            )
    for new in scope.captures('timezone.intl'):
        if not _has_time_zone_option(new, 1):
            yield new, scope.finding(
                new, ID,
                f'`{_short(new)}` has no `timeZone`, so it formats in the server\'s zone',
                QUESTION,
            )


def _library_calls(scope: Scope) -> Iterator[tuple[Node, Finding]]:
    """Date libraries' local-time functions: date-fns calendar functions with no ``{ in: tz() }``,
    Moment/Day.js chains with no ``.utc()``/``.tz()``, dateformat's local ISO masks."""
    file = scope.file
    if runtime.is_browser(file):
        return
    for fragment in _masks(scope):
        literal = s.parent_of(fragment)
        call = s.calling(literal) if literal is not None and literal.type == 'string' \
            and literal.named_child_count == 1 else None
        if call is not None:
            yield call, scope.finding(
                call, ID, f'`{_short(call)}` formats with dateformat\'s `{s.text(fragment)}` mask, in the '
                f'server\'s zone: `isoUtcDateTime` or a `UTC:` mask', QUESTION, confidence=MEDIUM)
    converts = any(b.library in dates.ZONE_CONVERTERS for b in bindings.imports(file).values())
    for name in scope.named(_LIBRARY_WORDS):
        word = s.text(name)
        call = s.called_by(name)
        if call is None or not _knows_zone(file, call):
            continue
        if word in dates.DATE_FNS_LOCAL and not converts and _library(file, s.callee(call), name) == dates.DATE_FNS:
            if not _zone_option(call) and not any(_zoned_date(a) for a in s.arguments(call)):
                yield call, scope.finding(
                    call, ID, f'`{_short(call)}` is calendar maths in the server\'s zone (UTC in production, '
                    f'yours on a laptop): pass `{{ in: tz(zone) }}` or work in UTC', QUESTION,
                    evidence=_source(s.arguments(call)[0]) if s.arguments(call) else (), confidence=MEDIUM)
        elif word in dates.CHAINED_LOCAL and name.type == 'property_identifier' and _local_chain(file, call, word):
            yield call, scope.finding(
                call, ID, f'`{_short(call)}` is calendar maths in the server\'s zone (UTC in production, '
                f'yours on a laptop): `.utc()` or `.tz(zone)` first', QUESTION, confidence=MEDIUM)


def _knows_zone(file: File, call: Node) -> bool:
    """Whether the function around ``call`` names a time zone (a ``timezone`` parameter, a ``tz``
    variable, ``user.timeZone``): the code has the zone and this call does not use it.  A calendar
    boundary in code that never mentions a zone is the server's zone by design as often as not."""
    fn = s.enclosing_function(call)
    start, end = (fn.start_byte, fn.end_byte) if fn is not None else (0, len(file.source))
    return _ZONE_WORD.search(file.source, start, end) is not None


# `timezone`, `timeZone`, `time_zone`, `tz`, `zone`, `userTimezone`, `tzOffset`: words naming a zone.
_ZONE_WORD = lazyre.compile(rb'(?<![\w$])(?:[\w$]*[tT]ime_?[zZ]one|tz|[zZ]one|[\w$]*Zone)(?![a-z])')


def _zoned_date(arg: Node) -> bool:
    """``new TZDate(d, zone)``, ``new UTCDate(d)``: a date that carries its zone (date-fns computes in it)."""
    arg = s.unwrap(arg)
    if arg.type == 'identifier':
        value = s.initializer(arg)
        arg = s.unwrap(value) if value is not None else arg
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


_OPTION_NAMES = frozenset(('options', 'opts', 'dateOptions', 'tzOptions', 'zoneOptions'))


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


def _source(obj: Node) -> tuple[Node, ...]:
    """Where the date a method is called on comes from: its declaration (``const d = new Date()``,
    a parameter ``d: Date``), when the receiver is a name declared in sight."""
    obj = s.unwrap(obj)
    decl = s.declaration(obj) if obj.type == 'identifier' else None
    return (decl,) if decl is not None else ()


def _short(node: Node) -> str:
    text = s.normalized(node, 48)
    return text if len(text) < 48 else text[:45] + '...'


def _is_local_string(node: Node) -> bool:
    value = s.string_like_text(node)
    if value is None:
        return False
    value = value.strip()
    return bool(_LOCAL_STRING.match(value)) and not _HAS_OFFSET.search(value)


def _fixed_sample(args: list[Node]) -> bool:
    """``new Date(2000, 11, 25)``: a constant sample date (e.g. to probe a locale's format)."""
    return all(a.type == 'number' for a in args)


def _has_time_zone_option(call: Node, index: int) -> bool:
    args = s.arguments(call)
    if len(args) <= index:
        return False
    opts = args[index]
    if opts.type != 'object':
        return True  # options built elsewhere: assume the caller chose a zone
    return 'timeZone' in s.object_keys(opts) or s.has_spread(opts)


def _is_date(node: Node, names: frozenset[str], strict: bool = False) -> bool:
    """Whether ``node`` is evidently a Date value (constructed, annotated, or date-named)."""
    node = s.unwrap(node)
    if node.type == 'new_expression':
        ctor = node.child_by_field_name('constructor')
        return s.text(ctor) == 'Date'
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is not None:
            return _is_date(value, frozenset(), strict=True)
        if s.type_annotation(node) in ('Date', 'Date | null', 'Date | undefined'):
            return True
        if strict:
            return False
        name = s.text(node)
        return name in names or bool(_DATEISH.search(name))
    if node.type == 'member_expression' and not strict:
        prop = s.text(node.child_by_field_name('property'))
        return prop in names or bool(_DATEISH.search(prop))
    return False
